"""Red team: a launcher's own settings that start Claude Code with a flag the pack forbids passed as compliant
(exit 0) where the same line in a `.bashrc` alias gave exit 1: tmux's default-command, kitty's `shell`,
Alacritty's `[terminal.shell]`, WezTerm's `default_prog`, the VS Code terminal's profiles, a systemd user unit, a
macOS launch agent, Windows Terminal's profiles. Each is now a startup line, through the real CLI on a synthetic
home that is otherwise compliant; the harmless twin stays clean, and a file that cannot be read or parsed
cannot confirm the condition (never a crash, never a clean bill). The detail names the file and line, never the
line's text; every file read is in the audit."""

from __future__ import annotations

import json
import plistlib

import pytest

from support.launchers import F, check_json, claude_machine


def _check(tmp_path, monkeypatch, capsys, m) -> tuple[int, dict[str, dict], str]:
    """(exit code of `aicheck check --json`, Claude Code's conditions by id, everything printed)."""
    code, data, out = check_json(tmp_path, monkeypatch, capsys, m)
    tool = next(t for t in data["tools"] if t["id"] == "claude-code")
    return code, {c["id"]: c for c in tool["conditions"]}, out


def _plist(args: list[str], binary: bool = False) -> bytes:
    data = {"Label": "ai.example", "ProgramArguments": args, "RunAtLoad": True}
    return plistlib.dumps(data, fmt=plistlib.FMT_BINARY if binary else plistlib.FMT_XML)


WT = "AppData/Local/Packages/Microsoft.WindowsTerminal_8wekyb3d8bbwe/LocalState/settings.json"
VSCODE_LINUX = ".config/Code/User/settings.json"

# (platform, file under the home, content, the line the detail names)
BROKEN = {
    "tmux default-command": ("linux", ".tmux.conf", f'set -g mouse on\nset -g default-command "claude {F}"\n', 2),
    "tmux xdg binding": (
        "macos",
        ".config/tmux/tmux.conf",
        "# work\nbind-key C new-window 'claude --permission-mode bypassPermissions'\n",
        2,
    ),
    "kitty shell": ("linux", ".config/kitty/kitty.conf", f"font_size 12\nshell /usr/local/bin/claude {F}\n", 2),
    "kitty launch": ("macos", ".config/kitty/kitty.conf", f"map ctrl+shift+a launch --type=tab claude {F}\n", 1),
    "ghostty command": ("linux", ".config/ghostty/config", f"theme = dark\ncommand = claude {F}\n", 2),
    "alacritty terminal.shell": (
        "linux",
        ".config/alacritty/alacritty.toml",
        f'[font]\nsize = 11\n\n[terminal.shell]\nprogram = "claude"\nargs = ["{F}"]\n',
        5,
    ),
    "alacritty legacy shell": (
        "macos",
        ".alacritty.toml",
        f'[shell]\nprogram = "/bin/zsh"\nargs = ["-l", "-c", "claude {F}"]\n',
        2,
    ),
    "alacritty key binding": (
        "windows",
        "AppData/Roaming/alacritty/alacritty.toml",
        f'[[keyboard.bindings]]\nkey = "A"\nmods = "Control"\ncommand = {{ program = "claude.exe", args = ["{F}"] }}\n',
        4,
    ),
    "wezterm default_prog": (
        "linux",
        ".wezterm.lua",
        f"local wezterm = require 'wezterm'\nlocal config = wezterm.config_builder()\n"
        f"-- claude is started for every tab\nconfig.default_prog = {{ 'claude', \"{F}\" }}\nreturn config\n",
        4,
    ),
    "wezterm launch_menu": (
        "macos",
        ".config/wezterm/wezterm.lua",
        "return {\n  launch_menu = {\n    { label = 'AI', args = { '/opt/homebrew/bin/claude',\n"
        f"      [[{F}]] }} }},\n  }},\n}}\n",
        3,
    ),
    "vscode profile": (
        "linux",
        VSCODE_LINUX,
        '{\n  // my profiles\n  "terminal.integrated.profiles.linux": {\n    "bash": { "path": "bash" },\n'
        f'    "AI": {{ "path": "claude", "args": ["{F}"] }},\n  }},\n}}\n',
        5,
    ),
    "vscode shellArgs": (
        "macos",
        "Library/Application Support/Code/User/settings.json",
        json.dumps({"terminal.integrated.shellArgs.osx": ["-l", "-c", f"claude {F}"]}, indent=2),
        3,  # (the line of its first word)
    ),
    "systemd ExecStart": (
        "linux",
        ".config/systemd/user/ai.service",
        f"[Unit]\nDescription=AI\n\n[Service]\nExecStart=/usr/local/bin/claude {F} -p 'tidy'\n",
        5,
    ),
    "systemd ExecStartPre env": (
        "linux",
        ".local/share/systemd/user/ai.service",
        f'[Service]\nEnvironment="FLAGS={F}"\nExecStartPre=-claude $FLAGS -p x\nExecStart=/bin/true\n',
        3,
    ),
    "launch agent": ("macos", "Library/LaunchAgents/ai.example.plist", _plist(["/usr/local/bin/claude", F]), None),
    "launch agent binary": (
        "macos",
        "Library/LaunchAgents/ai.example.plist",
        _plist(["sh", "-c", f"claude {F} -p x"], binary=True),
        1,
    ),
    "windows terminal": (
        "windows",
        WT,
        json.dumps({"profiles": {"defaults": {}, "list": [{"name": "AI", "commandline": f"cmd.exe /k claude {F}"}]}}),
        1,
    ),
    "windows terminal action": (
        "windows",
        WT,
        '{\n  "actions": [\n    { "command": { "action": "newTab", "commandline":\n'
        f'      "C:\\\\Users\\\\ada\\\\AppData\\\\Roaming\\\\npm\\\\claude.cmd {F}" }}, "keys": "ctrl+k" }}\n  ]\n}}\n',
        4,
    ),
    # the editors' profiles: every VS Code-family editor keeps a profile's settings under User/profiles/<id>
    "cursor profile": (
        "linux",
        ".config/Cursor/User/profiles/1a2b3c/settings.json",
        json.dumps({"terminal.integrated.profiles.linux": {"ai": {"path": "claude", "args": [F]}}}),
        1,
    ),
    "vscodium profile": (
        "macos",
        "Library/Application Support/VSCodium/User/profiles/-4d5e/settings.json",
        json.dumps({"terminal.integrated.profiles.osx": {"ai": {"path": "claude", "args": [F]}}}),
        1,
    ),
    "windsurf profile": (
        "windows",
        "AppData/Roaming/Windsurf/User/profiles/77aa/settings.json",
        json.dumps({"terminal.integrated.profiles.windows": {"ai": {"path": "claude.exe", "args": [F]}}}),
        1,
    ),
    # Ghostty's command prefixes (1.2): direct: runs the words, shell: hands them to /bin/sh -c
    "ghostty direct:": ("linux", ".config/ghostty/config", f"font-size = 12\ncommand = direct:claude {F}\n", 2),
    "ghostty shell:": ("macos", ".config/ghostty/config", f"initial-command = shell:claude {F} -p tidy\n", 1),
    # foot's pipe bindings: the command in [...], then the keys
    "foot pipe binding": (
        "linux",
        ".config/foot/foot.ini",
        f"[main]\nfont=mono:size=11\n[key-bindings]\npipe-visible=[claude {F}] Control+Print\n",
        4,
    ),
    # Windows Terminal: startupActions (wt's command line, subcommands split on ;), a wt action's commandline,
    # a sendInput action's text (typed into the shell, run by its Enter)
    "windows terminal startupActions": (
        "windows",
        WT,
        '{\n  "profiles": {"list": []},\n'
        f'  "startupActions": "new-tab -p \\"PowerShell\\" ; new-tab cmd /k claude {F}"\n}}\n',
        3,
    ),
    "windows terminal wt action": (
        "windows",
        WT,
        json.dumps(
            {"actions": [{"command": {"action": "wt", "commandline": f"new-tab pwsh ; split-pane cmd /k claude {F}"}}]}
        ),
        1,
    ),
    "windows terminal sendInput": (
        "windows",
        WT,
        json.dumps({"actions": [{"command": {"action": "sendInput", "input": f"claude {F}\r"}, "keys": "ctrl+k"}]}),
        1,
    ),
    "wezterm indexed list": (
        "linux",
        ".wezterm.lua",
        f"return {{\n  default_prog = {{ [2] = '{F}', [1] = 'claude' }},\n}}\n",
        2,
    ),
    "alacritty mouse binding": (
        "linux",
        ".config/alacritty/alacritty.toml",
        f'[[mouse.bindings]]\nmouse = "Right"\nmods = "Control"\ncommand = {{ program = "claude", args = ["{F}"] }}\n',
        4,
    ),
    "alacritty bell command": (
        "linux",
        ".config/alacritty/alacritty.toml",
        f'[bell]\nduration = 0\ncommand = {{ program = "claude", args = ["{F}", "-p", "tidy"] }}\n',
        3,
    ),
    "alacritty yml": (
        "linux",
        ".config/alacritty/alacritty.yml",
        f"font:\n  size: 11\nshell:\n  program: claude\n  args:\n    - {F}\n",
        4,
    ),
    "alacritty yml key binding": (
        "macos",
        ".alacritty.yml",
        f"key_bindings:\n  - {{ key: K, mods: Command, command: {{ program: claude, args: ['{F}'] }} }}\n",
        2,
    ),
    "kitty continuation": (
        "linux",
        ".config/kitty/kitty.conf",
        f"font_size 11\nshell /usr/local/bin/claude\n    \\ {F}\n",
        2,
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_launcher_setting_that_starts_claude_unattended_breaks_the_condition(
    tmp_path, monkeypatch, capsys, machine_factory, case
):
    platform, rel, content, line = BROKEN[case]
    m = claude_machine(machine_factory, platform)
    m.write(m.h(rel), content)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1, out
    assert state["state"] == "unmet" and "starts claude with" in state["detail"], state
    shown = m.h(rel).replace("/", "\\") if platform == "windows" else m.h(rel)
    if line is None:  # an XML property list: the line of its ProgramArguments key
        line = content.decode().splitlines().index("\t<key>ProgramArguments</key>") + 1
    assert f"{shown} line {line} starts claude with" in state["detail"], state["detail"]
    assert "tidy" not in state["detail"] and "/usr/local/bin/claude --" not in state["detail"]  # never the text


def test_the_machine_is_compliant_as_it_stands(tmp_path, monkeypatch, capsys, machine_factory):
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, claude_machine(machine_factory))
    assert code == 0 and conditions["not-started-unattended"]["state"] == "met", out


HARMLESS = {
    "tmux": ("linux", ".tmux.conf", 'set -g default-command "${SHELL}"\nbind C new-window "claude --model opus"\n'),
    "kitty": ("linux", ".config/kitty/kitty.conf", "shell /bin/zsh --login\nmap f1 launch claude\n"),
    "alacritty": (
        "linux",
        ".config/alacritty/alacritty.toml",
        '[terminal.shell]\nprogram = "/bin/bash"\nargs = ["-l"]\n',
    ),
    "wezterm": (
        "linux",
        ".wezterm.lua",
        f"local c = {{}}\nc.default_prog = {{ '/bin/zsh', '-l' }}\n-- claude {F}\nc.font_size = 12\nreturn c\n",
    ),
    "wezterm computed shell": ("linux", ".wezterm.lua", "return { default_prog = { os.getenv('SHELL'), '-l' } }\n"),
    "vscode": ("linux", VSCODE_LINUX, json.dumps({"terminal.integrated.profiles.linux": {"zsh": {"path": "zsh"}}})),
    "vscode other platform": (
        "linux",
        VSCODE_LINUX,
        json.dumps({"terminal.integrated.profiles.windows": {"AI": {"path": "claude", "args": [F]}}}),
    ),
    "systemd": (
        "linux",
        ".config/systemd/user/sync.service",
        f"[Service]\nExecStart=/usr/bin/rclone sync a b\n# claude {F}\n",
    ),
    "systemd unit not a service": ("linux", ".config/systemd/user/ai.timer", f"[Timer]\nExecStart=claude {F}\n"),
    "launch agent": ("macos", "Library/LaunchAgents/ai.plist", _plist(["/usr/local/bin/claude", "--model", "opus"])),
    "windows terminal": ("windows", WT, json.dumps({"profiles": {"list": [{"commandline": "pwsh.exe -NoLogo"}]}})),
    "windows terminal startupActions": (
        "windows",
        WT,
        json.dumps({"startupActions": f"new-tab cmd /k claude --model opus ; new-tab pwsh -c echo {F}"}),
    ),
    "windows terminal sendInput": (
        "windows",
        WT,
        json.dumps({"actions": [{"command": {"action": "sendInput", "input": "claude --model opus\r"}}]}),
    ),
    "ghostty direct:": ("linux", ".config/ghostty/config", "command = direct:/bin/zsh -l\n"),
    "foot pipe binding": (
        "linux",
        ".config/foot/foot.ini",
        '[key-bindings]\npipe-visible=[sh -c "xurls | fuzzel"] Control+Print\n',
    ),
    "kitty startup_session none": ("linux", ".config/kitty/kitty.conf", "startup_session none\n"),
    "alacritty yml": ("linux", ".config/alacritty/alacritty.yml", "shell:\n  program: /bin/zsh\n  args: [-l]\n"),
    "cursor profile": (
        "linux",
        ".config/Cursor/User/profiles/1a2b3c/settings.json",
        json.dumps({"terminal.integrated.profiles.linux": {"zsh": {"path": "zsh"}}}),
    ),
}


@pytest.mark.parametrize("case", list(HARMLESS), ids=list(HARMLESS))
def test_a_harmless_launcher_setting_stays_clean(tmp_path, monkeypatch, capsys, machine_factory, case):
    platform, rel, content = HARMLESS[case]
    m = claude_machine(machine_factory, platform)
    m.write(m.h(rel), content)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and conditions["not-started-unattended"]["state"] == "met", out


def test_other_conditions_read_the_launchers_too(tmp_path, monkeypatch, capsys, machine_factory):
    """A launcher that loads a plugin folder, or skips the user's settings, breaks those conditions."""
    m = claude_machine(machine_factory)
    m.write(m.h(".tmux.conf"), 'set -g default-command "claude --plugin-dir /home/ada/p"\n')
    m.write(m.h(".config/kitty/kitty.conf"), "shell claude --setting-sources project\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and conditions["settings-aicheck-can-see"]["state"] == "unmet", out
    assert ".tmux.conf line 1" in conditions["settings-aicheck-can-see"]["detail"]
    assert conditions["gateway"]["state"] == "unmet" and "kitty.conf line 1" in conditions["gateway"]["detail"], out


# -- what cannot be known: computed in Lua, a unit's variable from elsewhere ------------------------------------


@pytest.mark.parametrize(
    "rel, content, line",
    [
        (
            ".wezterm.lua",
            "local extra = dofile('/home/ada/x.lua')\nreturn { default_prog = { 'claude', table.unpack(extra) } }\n",
            2,
        ),
        (
            ".wezterm.lua",
            "local f = os.getenv('F')\nreturn {\n  default_prog = { 'sh', '-c', 'claude ' .. f },\n}\n",
            3,
        ),
        (
            ".config/systemd/user/ai.service",
            "[Service]\nEnvironmentFile=%h/.ai.env\nExecStart=/usr/local/bin/claude $FLAGS\n",
            3,
        ),
    ],
    ids=["lua unpack", "lua concatenation", "unit environment file"],
)
def test_a_launcher_that_starts_claude_with_what_cannot_be_known_cannot_confirm_it(
    tmp_path, monkeypatch, capsys, machine_factory, rel, content, line
):
    m = claude_machine(machine_factory)
    m.write(m.h(rel), content)
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet" and state["detail"].startswith("cannot confirm"), state
    assert f"{m.h(rel)} line {line} starts claude with" in state["detail"], state["detail"]


# -- hostile files: never a crash, never a clean bill -------------------------------------------------------


HOSTILE = {
    "huge tmux.conf": ("linux", ".tmux.conf", "# " + "x" * (2 * 1024 * 1024) + "\n"),
    "lua nested past the bound": ("linux", ".wezterm.lua", "return " + "{" * 200_000 + "}" * 200_000),
    "lua strings past the bound": ("linux", ".wezterm.lua", "return {" + "'a', x, " * 60_000 + "}"),
    "tmux lines past the bound": ("linux", ".tmux.conf", "set -g mouse on\n" * 60_000),
    "malformed toml": ("linux", ".config/alacritty/alacritty.toml", '[terminal.shell\nprogram = "claude'),
    "malformed json": ("linux", VSCODE_LINUX, '{"terminal.integrated.profiles.linux": {"AI": {"path": "claude",'),
    "malformed windows terminal": ("windows", WT, "{ profiles: [ nope"),
    "malformed alacritty yml": ("linux", ".config/alacritty/alacritty.yml", "shell:\n  program: [claude\n"),
    "alacritty yml alias bomb": (
        "linux",
        ".alacritty.yml",
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
        ),
    ),
    "binary junk plist": ("macos", "Library/LaunchAgents/ai.plist", b"bplist00" + bytes(range(256)) * 4),
    "xml entity plist": (
        "macos",
        "Library/LaunchAgents/ai.plist",
        '<?xml version="1.0"?>\n<!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa">]>\n<plist><dict><key>Program</key>'
        "<string>&a;</string></dict></plist>\n",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_launcher_setting_that_cannot_be_read_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory, case):
    platform, rel, content = HOSTILE[case]
    m = claude_machine(machine_factory, platform)
    m.write(m.h(rel), content)
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet" and state["detail"].startswith("cannot confirm"), state
    shown = m.h(rel).replace("/", "\\") if platform == "windows" else m.h(rel)
    assert f"{shown} cannot be read" in state["detail"] or shown in state["detail"], state["detail"]


def test_a_link_loop_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    m.symlink(m.h(".config/kitty/kitty.conf"), m.h(".config/kitty/other.conf"))
    m.symlink(m.h(".config/kitty/other.conf"), m.h(".config/kitty/kitty.conf"))
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm") and "kitty.conf" in state["detail"], state


def test_too_many_units_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    """Past the units read, what the rest start is not known: the folder is named, never a clean bill."""
    from tui.core.launcher_settings import MAX_FOLDER_FILES

    m = claude_machine(machine_factory)
    for i in range(MAX_FOLDER_FILES + 1):
        m.write(m.h(f".config/systemd/user/u{i:04}.service"), "[Service]\nExecStart=/bin/true\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm"), state
    assert m.h(".config/systemd/user") in state["detail"]


def test_every_launcher_file_read_is_in_the_audit_and_none_is_written_out(
    tmp_path, monkeypatch, capsys, machine_factory
):
    """`scan --json`: each launcher file is in the audit's files read (a unit's drop-in too); the finding
    names file and line, and no text of a line (the prompt a unit passes) reaches the report."""
    m = claude_machine(machine_factory)
    files = {
        ".tmux.conf": "set -g status off\n",
        ".config/kitty/kitty.conf": "font_size 11\nstartup_session ai.session\n",
        ".config/kitty/ai.session": "launch zsh\n",  # (the session kitty.conf names)
        ".config/alacritty/alacritty.toml": "[font]\nsize = 11\n",
        ".config/alacritty/alacritty.yml": "font:\n  size: 11\n",
        ".config/Cursor/User/profiles/1a2b3c/settings.json": "{}",
        ".wezterm.lua": "return {}\n",
        VSCODE_LINUX: "{}",
        ".config/systemd/user/ai.service": "[Service]\nExecStart=/bin/true\n",
        ".config/systemd/user/ai.service.d/override.conf": f"[Service]\nExecStart=\nExecStart=claude {F} -p SECRET-PROMPT\n",
    }
    for rel, text in files.items():
        m.write(m.h(rel), text)
    _code, data, out = check_json(tmp_path, monkeypatch, capsys, m, "scan")
    read = data["audit"]["paths_read"]
    for rel in files:
        assert any(p.endswith("/home/ada/" + rel) for p in read), (rel, read)
    assert "SECRET-PROMPT" not in out
    tool = next(t for t in data["tools"] if t["id"] == "claude-code")
    state = next(c for c in tool["conditions"] if c["id"] == "not-started-unattended")
    assert "override.conf line 3 starts claude with" in state["detail"], state


# -- the files a launcher's settings include ---------------------------------------------------------------


INCLUDED = {
    "tmux source-file": (
        "linux",
        {".tmux.conf": "set -g mouse on\nsource-file -q ~/.config/tmux/ai.conf\n"},
        ".config/tmux/ai.conf",
        f"# ai\nset -g default-command 'claude {F}'\n",
        2,
    ),
    "tmux glob": (
        "macos",
        {".tmux.conf": "source-file ~/.tmux.d/*.conf\n"},
        ".tmux.d/b.conf",
        f"bind a new-window 'claude {F}'\n",
        1,
    ),
    "oh-my-tmux local": ("linux", {}, ".tmux.conf.local", f"set -g default-command 'claude {F}'\n", 1),
    "kitty include": (
        "linux",
        {".config/kitty/kitty.conf": "include ai.conf\n"},
        ".config/kitty/ai.conf",
        f"shell claude {F}\n",
        1,
    ),
    "ghostty config-file": (
        "linux",
        {".config/ghostty/config": "config-file = ?/home/ada/.config/ghostty/ai\n"},
        ".config/ghostty/ai",
        f"command = claude {F}\n",
        1,
    ),
    "alacritty import": (
        "linux",
        {".config/alacritty/alacritty.toml": '[general]\nimport = ["~/.config/alacritty/ai.toml"]\n'},
        ".config/alacritty/ai.toml",
        f'[terminal.shell]\nprogram = "claude"\nargs = ["{F}"]\n',
        2,
    ),
    "wezterm require": (
        "linux",
        {".wezterm.lua": "local ai = require 'ai'\nreturn ai\n"},
        ".config/wezterm/ai.lua",
        f"return {{ default_prog = {{ 'claude', '{F}' }} }}\n",
        1,
    ),
    "kitty startup_session": (
        "linux",
        {".config/kitty/kitty.conf": "font_size 11\nstartup_session ~/.config/kitty/ai.session\n"},
        ".config/kitty/ai.session",
        f"layout tall\ncd ~/src\nlaunch --title AI claude {F}\n",
        3,
    ),
    "kitty startup_session relative": (
        "macos",
        {".config/kitty/kitty.conf": "startup_session sessions/ai.kitty-session\n"},
        ".config/kitty/sessions/ai.kitty-session",
        f"new_tab ai\nlaunch claude {F}\n",
        2,
    ),
    "alacritty root import beside [general]": (
        "linux",
        {
            ".config/alacritty/alacritty.toml": 'import = ["~/.config/alacritty/ai.toml"]\n[general]\nlive_config_reload = true\n'
        },
        ".config/alacritty/ai.toml",
        f'[terminal.shell]\nprogram = "claude"\nargs = ["{F}"]\n',
        2,
    ),
    "alacritty yml import": (
        "linux",
        {".config/alacritty/alacritty.yml": "import:\n  - ~/.config/alacritty/ai.yml\n"},
        ".config/alacritty/ai.yml",
        f"shell:\n  program: /bin/sh\n  args: [-c, 'claude {F}']\n",
        2,
    ),
}


@pytest.mark.parametrize("case", list(INCLUDED), ids=list(INCLUDED))
def test_a_file_a_launcher_includes_is_read_as_the_launcher(tmp_path, monkeypatch, capsys, machine_factory, case):
    platform, files, rel, content, line = INCLUDED[case]
    m = claude_machine(machine_factory, platform)
    for name, text in files.items():
        m.write(m.h(name), text)
    m.write(m.h(".tmux.d/a.conf"), "set -g mouse on\n")
    m.write(m.h(rel), content)
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and f"{m.h(rel)} line {line} starts claude with" in state["detail"], state


def test_an_include_loop_ends(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    m.write(m.h(".tmux.conf"), "source-file ~/.tmux.b\n")
    m.write(m.h(".tmux.b"), "source-file ~/.tmux.conf\nsource-file ~/.tmux.b\n")
    m.write(m.h(".config/kitty/kitty.conf"), "include kitty.conf\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and conditions["not-started-unattended"]["state"] == "met", out


@pytest.mark.parametrize(
    "rel, text",
    [
        (".tmux.conf", "set -g mouse on\nsource-file -F '#{HOME}/ai.conf'\n"),
        (".tmux.conf", "set -g mouse on\nsource-file ai.conf\n"),  # relative to the tmux client's folder
        (".config/kitty/kitty.conf", "font_size 11\ninclude ${AI_CONF}\n"),
        (".config/kitty/kitty.conf", "font_size 11\nenvinclude KITTY_CONF_*\n"),
    ],
    ids=["tmux format", "tmux relative", "kitty variable", "kitty envinclude"],
)
def test_an_include_named_at_run_time_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory, rel, text):
    m = claude_machine(machine_factory)
    m.write(m.h(rel), text)
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm"), state
    assert f"{m.h(rel)} line 2 runs a file named at run time" in state["detail"], state


def test_more_includes_than_followed_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    from tui.core.launcher_settings import MAX_INCLUDED

    m = claude_machine(machine_factory)
    m.write(m.h(".tmux.conf"), "source-file ~/.tmux.d/*.conf\n")
    for i in range(MAX_INCLUDED + 1):
        m.write(m.h(f".tmux.d/{i:03}.conf"), "set -g mouse on\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm") and m.h(".tmux.conf") in state["detail"], state


def test_a_wezterm_field_named_like_the_tool_is_no_line(tmp_path, monkeypatch, capsys, machine_factory):
    """A launch menu entry labelled 'claude' whose args start a shell, and a window title: nothing started."""
    m = claude_machine(machine_factory)
    m.write(
        m.h(".wezterm.lua"),
        "local w = require 'wezterm'\nreturn {\n  launch_menu = { { label = 'claude', args = { 'zsh', '-l' } } },\n"
        "  window_frame = { font = w.font('claude'), active_titlebar_bg = 'claude' },\n}\n",
    )
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and conditions["not-started-unattended"]["state"] == "met", out


def _cyclic_plist(strings: list[str]) -> bytes:
    """A binary property list whose ProgramArguments array holds ``strings`` and itself (plistlib gives a list
    that contains itself)."""
    import struct

    def ascii_string(s: str) -> bytes:
        return bytes([0x50 | len(s)]) + s.encode() if len(s) < 15 else bytes([0x5F, 0x10, len(s)]) + s.encode()

    # objects: 0 the dict, 1 its key, 2 the array, then the strings
    refs = [3 + i for i in range(len(strings))] + [2]
    objects = [bytes([0xD1, 1, 2]), ascii_string("ProgramArguments"), bytes([0xA0 | len(refs), *refs])]
    objects += [ascii_string(s) for s in strings]
    body, offsets = b"bplist00", []
    for o in objects:
        offsets.append(len(body))
        body += o
    table = len(body)
    body += bytes(offsets)  # (every offset under 256: one byte each)
    return body + struct.pack(">6xBBQQQ", 1, 1, len(objects), 0, table)


@pytest.mark.parametrize(
    "strings, broken", [(["claude", F], True), (["claude", "--model"], False)], ids=["flag", "no flag"]
)
def test_a_launch_agent_that_contains_itself_is_read_without_a_hang(
    tmp_path, monkeypatch, capsys, machine_factory, strings, broken
):
    m = claude_machine(machine_factory, "macos")
    m.write(m.h("Library/LaunchAgents/loop.plist"), _cyclic_plist(strings))
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert (code, state["state"]) == ((1, "unmet") if broken else (0, "met")), out
    assert not broken or "loop.plist line 1 starts claude with" in state["detail"]


def test_a_fifo_where_a_launcher_setting_is_cannot_confirm_it_and_does_not_hang(
    tmp_path, monkeypatch, capsys, machine_factory
):
    import os

    m = claude_machine(machine_factory)
    m.host(m.h(".config/kitty")).mkdir(parents=True)
    os.mkfifo(m.host(m.h(".config/kitty/kitty.conf")))
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm") and "kitty.conf" in state["detail"], state


def test_why_a_launcher_setting_is_unread_is_in_the_audit(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    m.write(m.h(".config/alacritty/alacritty.toml"), '[terminal.shell\nprogram = "claude"\n')
    _code, data, _out = check_json(tmp_path, monkeypatch, capsys, m, "scan")
    skipped = [s for s in data["audit"]["skipped"] if s["path"].endswith("alacritty.toml")]
    assert skipped and "launcher settings unreadable" in skipped[0]["reason"], data["audit"]["skipped"]
    assert '"claude"' not in json.dumps(skipped)


# -- the red team's second round: hangs, bends, false alarms ------------------------------------------------


@pytest.mark.parametrize("line", ["--[[\n", "x = [[\n", "..[=[\n"], ids=["long comment", "long string", "level 1"])
def test_an_unclosed_lua_long_bracket_does_not_hang(tmp_path, monkeypatch, capsys, machine_factory, line):
    """A WezTerm config of a MiB of long brackets that never close (each one's end was looked for again from
    every place after it: hours). An unclosed one runs to the file's end, as Lua reads it: nothing after it."""
    m = claude_machine(machine_factory)
    m.write(m.h(".wezterm.lua"), line * (1024 * 1024 // len(line) - 1))
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and conditions["not-started-unattended"]["state"] == "met", out


def test_what_follows_an_unclosed_lua_long_comment_is_comment(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    m.write(m.h(".wezterm.lua"), f"--[[ old settings\nreturn {{ default_prog = {{ 'claude', '{F}' }} }}\n")
    m.write(
        m.h(".config/wezterm/wezterm.lua"), f"--[==[ ]] ]=] ]==]\nreturn {{ default_prog = {{ 'claude', '{F}' }} }}\n"
    )
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].count("starts claude with") == 1, state
    assert f"{m.h('.config/wezterm/wezterm.lua')} line 2 starts claude with" in state["detail"], state


def test_a_unit_whose_variables_make_too_many_words_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    """Environment= of 2,000 words put in 5,000 times: bounded (the words a unit makes), unread, never a hang
    or gigabytes."""
    m = claude_machine(machine_factory)
    rel = ".config/systemd/user/a.service"
    unit = '[Service]\nEnvironment="A=' + " ".join(["x"] * 2000) + '"\nExecStart=/usr/bin/true ' + "$A " * 5000
    m.write(m.h(rel), unit + "\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm") and m.h(rel) in state["detail"], state
    from tui.core.launcher_settings import MAX_UNIT_WORDS

    _code, data, _out = check_json(tmp_path, monkeypatch, capsys, m, "scan")
    assert any(f"{MAX_UNIT_WORDS:,} words" in s["reason"] for s in data["audit"]["skipped"]), data["audit"]["skipped"]


def test_a_unit_of_a_few_variables_is_read(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    unit = '[Service]\nEnvironment="A=-p" "B=x y"\nExecStart=/usr/bin/claude $A ${B} $B\n'
    m.write(m.h(".config/systemd/user/a.service"), unit)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and conditions["not-started-unattended"]["state"] == "met", out


SYSTEMD_UNSEEN = {
    # a drop-in of a unit the system installs (no ~/.config/systemd/user/pipewire.service)
    "drop-in of a system unit": ".config/systemd/user/pipewire.service.d/ai.conf",
    "drop-in of a system unit in data": ".local/share/systemd/user/pipewire.service.d/ai.conf",
    "every service's drop-in": ".config/systemd/user/service.d/ai.conf",
}


@pytest.mark.parametrize("case", list(SYSTEMD_UNSEEN), ids=list(SYSTEMD_UNSEEN))
def test_a_drop_in_for_a_unit_installed_elsewhere_is_read(tmp_path, monkeypatch, capsys, machine_factory, case):
    m = claude_machine(machine_factory)
    m.write("/usr/lib/systemd/user/pipewire.service", "[Service]\nExecStart=/usr/bin/pipewire\n")
    m.write(m.h(".config/systemd/user/other.service"), "[Service]\nExecStart=/bin/true\n")
    rel = SYSTEMD_UNSEEN[case]
    m.write(m.h(rel), f"[Service]\nNice=1\nExecStartPost=/usr/local/bin/claude {F} -p tidy\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and f"{m.h(rel)} line 3 starts claude with" in state["detail"], state


def test_drop_ins_past_the_bound_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    from tui.core.launcher_settings import MAX_DROP_INS

    m = claude_machine(machine_factory)
    m.write(m.h(".config/systemd/user/ai.service"), "[Service]\nExecStart=/bin/true\n")
    for i in range(MAX_DROP_INS + 1):
        m.write(m.h(f".config/systemd/user/ai.service.d/{i:02d}.conf"), "[Service]\nNice=1\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm"), state
    assert m.h(".config/systemd/user/ai.service.d") in state["detail"], state
    _code, data, _out = check_json(tmp_path, monkeypatch, capsys, m, "scan")
    assert any(s["path"].endswith("ai.service.d") for s in data["audit"]["skipped"]), data["audit"]["skipped"]


def test_an_include_glob_over_a_folder_too_big_to_list_cannot_confirm_it(
    tmp_path, monkeypatch, capsys, machine_factory
):
    from tui.core.launcher_settings import MAX_FOLDER_NAMES

    m = claude_machine(machine_factory)
    m.write(m.h(".tmux.conf"), "set -g mouse on\nsource-file ~/big/*.conf\n")
    big = m.host(m.h("big"))
    big.mkdir(parents=True)
    for i in range(MAX_FOLDER_NAMES + 1):
        (big / f"f{i:05d}.txt").touch()
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["detail"].startswith("cannot confirm") and m.h(".tmux.conf") in state["detail"], state
    _code, data, _out = check_json(tmp_path, monkeypatch, capsys, m, "scan")
    assert any(s["path"] == m.h("big") for s in data["audit"]["skipped"]), data["audit"]["skipped"]


ESCAPED = {
    "tmux set-hook": (".tmux.conf", f"set-hook -g session-created 'new-window \"claude {F}\"'\n", 1),
    "tmux if-shell": (".tmux.conf", f"set -g mouse on\nif-shell 'true' 'new-window \"claude {F}\"'\n", 2),
    "tmux bind quoted": (".tmux.conf", f"bind C 'new-window \"claude {F}\"'\n", 1),
    "tmux nested twice": (".tmux.conf", f"""bind C 'if-shell true "new-window \\\\"claude {F}\\\\""'\n""", 1),
    "tmux octal": (".tmux.conf", 'set -g default-command "claude \\055-dangerously-skip-permissions"\n', 1),
    "tmux octal unquoted": (".tmux.conf", "set -g default-command claude\\ \\055-dangerously-skip-permissions\n", 1),
    "systemd hex": (
        ".config/systemd/user/ai.service",
        "[Service]\nExecStart=/usr/local/bin/claude \\x2d-dangerously-skip-permissions -p x\n",
        2,
    ),
    "systemd octal quoted": (
        ".config/systemd/user/ai.service",
        "[Service]\nEnvironment='A=\\055-dangerously-skip-permissions'\nExecStart=claude $A\n",
        3,
    ),
    "wezterm hex": (
        ".wezterm.lua",
        "return { default_prog = { 'claude', '\\x2d-dangerously-skip-permissions' } }\n",
        1,
    ),
    "wezterm decimal": (
        ".wezterm.lua",
        "return { default_prog = { 'claude', \"\\45-dangerously-skip-permissions\" } }\n",
        1,
    ),
    "wezterm z": (
        ".wezterm.lua",
        "return { default_prog = { 'claude', '--dangerously-\\z\n   skip-permissions' } }\n",
        1,
    ),
}


@pytest.mark.parametrize("case", list(ESCAPED), ids=list(ESCAPED))
def test_a_flag_in_a_command_tmux_reads_again_or_spelled_with_escapes_breaks_it(
    tmp_path, monkeypatch, capsys, machine_factory, case
):
    rel, content, line = ESCAPED[case]
    m = claude_machine(machine_factory)
    m.write(m.h(rel), content)
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet" and f"{m.h(rel)} line {line} starts claude with" in state["detail"]
    assert not state["detail"].startswith("cannot confirm"), state


TMUX_INCLUDES = {
    "xdg variable": 'source-file "$XDG_CONFIG_HOME/tmux/theme.conf"\n',
    "xdg variable braced": "source-file -q ${XDG_CONFIG_HOME}/tmux/theme.conf\n",
    "current file": 'source-file -F "#{d:current_file}/theme.conf"\n',
}


@pytest.mark.parametrize("case", list(TMUX_INCLUDES), ids=list(TMUX_INCLUDES))
def test_a_tmux_include_of_xdg_or_the_current_files_folder_is_followed(
    tmp_path, monkeypatch, capsys, machine_factory, case
):
    """The common idioms name a file the scan can place: no false alarm where it starts nothing, a finding
    where it starts the tool with the flag."""
    m = claude_machine(machine_factory)
    m.write(m.h(".config/tmux/tmux.conf"), TMUX_INCLUDES[case])
    m.write(m.h(".config/tmux/theme.conf"), "set -g status-style bg=blue\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and not [c for c in conditions.values() if c["state"] == "unmet"], out
    m.write(m.h(".config/tmux/theme.conf"), f"set -g status-style bg=blue\nset -g default-command 'claude {F}'\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and f"{m.h('.config/tmux/theme.conf')} line 2 starts claude with" in state["detail"], state


def test_a_tmux_include_in_a_command_tmux_reads_again_is_followed(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    m.write(m.h(".tmux.conf"), "if-shell '[ -f ~/.tmux.ai ]' 'source-file ~/.tmux.ai'\n")
    m.write(m.h(".tmux.ai"), f"set -g default-command 'claude {F}'\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and f"{m.h('.tmux.ai')} line 1 starts claude with" in state["detail"], state


def test_a_tmux_include_of_another_format_is_still_named_at_run_time(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    m.write(m.h(".tmux.conf"), "set -g mouse on\nsource-file -F '#{d:current_file}/#{host}.conf'\n")
    code, conditions, _out = _check(tmp_path, monkeypatch, capsys, m)
    state = conditions["not-started-unattended"]
    assert code == 1 and f"{m.h('.tmux.conf')} line 2 runs a file named at run time" in state["detail"], state
