"""End to end through `aicheck check`: the shells aicheck did not read, and the system's startup files, were a
clean bill. `alias claude 'claude --dangerously-skip-permissions'` in ~/.tcshrc (or nushell's config.nu,
xonsh's ~/.xonshrc, elvish's rc.elv, ksh's ~/.kshrc or the file its $ENV names, /etc/profile.d/*.sh,
/etc/zsh/zshrc ...) started Claude Code unattended unseen, and `setenv CLAUDE_CONFIG_DIR …` (nushell's
`$env.NAME = …`, xonsh's `$NAME = …`, elvish's `set-env`, /etc/environment's `NAME=value`) moved its folder
where the scan never looked. Each file is now read, each syntax's variables followed; a folder that cannot be
known is a scan error, and no value read there is shown."""

from __future__ import annotations

import json

import pytest

from support.packs import (
    assert_only_the_moved_server_is_prohibited,
    check_json,
    isolate_cli,
    moved_folder_with_a_remote_server,
    run_cli,
)

MARKER = "SECRET-MARKER-3d9b"
GATEWAY = "https://ai-gateway.example.com"
DIRECT = f"https://api.example-direct.test/{MARKER}"

# (id, platform, the file (under the home, or a system path), the line that starts Claude Code unattended)
UNATTENDED = [
    ("ksh", "linux", "~/.kshrc", "alias claude='claude --dangerously-skip-permissions'"),
    ("mksh", "linux", "~/.mkshrc", "alias claude='claude --dangerously-skip-permissions'"),
    ("tcsh", "linux", "~/.tcshrc", "alias claude 'claude --dangerously-skip-permissions'"),
    ("csh", "macos", "~/.cshrc", "alias claude 'claude --dangerously-skip-permissions'"),
    ("csh login", "linux", "~/.login", "alias claude 'claude --dangerously-skip-permissions'"),
    ("nushell", "linux", "~/.config/nushell/config.nu", "alias claude = claude --dangerously-skip-permissions"),
    ("nushell env", "linux", "~/.config/nushell/env.nu", "alias claude = claude --dangerously-skip-permissions"),
    (
        "nushell macos",
        "macos",
        "~/Library/Application Support/nushell/config.nu",
        "alias claude = claude --dangerously-skip-permissions",
    ),
    ("xonsh", "linux", "~/.xonshrc", "aliases['claude'] = 'claude --dangerously-skip-permissions'"),
    ("xonsh rc.xsh", "macos", "~/.config/xonsh/rc.xsh", "aliases['claude'] = 'claude --dangerously-skip-permissions'"),
    (
        "xonsh rc.d",
        "linux",
        "~/.config/xonsh/rc.d/work.xsh",
        "aliases['claude'] = 'claude --dangerously-skip-permissions'",
    ),
    ("elvish", "linux", "~/.config/elvish/rc.elv", "fn claude {|@a| e:claude --dangerously-skip-permissions $@a }"),
    ("elvish legacy", "macos", "~/.elvish/rc.elv", "fn claude {|@a| e:claude --dangerously-skip-permissions $@a }"),
    (
        "elvish windows",
        "windows",
        "~/AppData/Roaming/elvish/rc.elv",
        "fn claude {|@a| e:claude.exe --dangerously-skip-permissions $@a }",
    ),
    ("/etc/profile", "linux", "/etc/profile", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/profile.d", "linux", "/etc/profile.d/zz-ai.sh", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/bash.bashrc", "linux", "/etc/bash.bashrc", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/bashrc", "macos", "/etc/bashrc", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/zsh/zshrc", "linux", "/etc/zsh/zshrc", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/zsh/zshenv", "linux", "/etc/zsh/zshenv", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/zshrc", "macos", "/etc/zshrc", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/zshenv", "macos", "/etc/zshenv", "alias claude='claude --dangerously-skip-permissions'"),
    ("/etc/fish", "linux", "/etc/fish/config.fish", "alias claude 'claude --dangerously-skip-permissions'"),
    ("/etc/csh.cshrc", "linux", "/etc/csh.cshrc", "alias claude 'claude --dangerously-skip-permissions'"),
    ("/etc/csh.login", "macos", "/etc/csh.login", "alias claude 'claude --dangerously-skip-permissions'"),
    (
        "/etc/xonsh/rc.d",
        "linux",
        "/etc/xonsh/rc.d/ai.xsh",
        "aliases['claude'] = 'claude --dangerously-skip-permissions'",
    ),
    (
        "nushell autoload",
        "linux",
        "~/.config/nushell/autoload/ai.nu",
        "alias claude = claude --dangerously-skip-permissions",
    ),
]


def _claude(machine_factory, platform: str):
    """Claude Code installed, the gateway exported for every session: compliant, until a file says otherwise."""
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    if platform == "windows":
        m.write(m.h("Documents/PowerShell/profile.ps1"), f"$env:ANTHROPIC_BASE_URL = '{GATEWAY}'\n")
    else:
        m.write(m.h(".profile"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    return m


def _place(m, where: str) -> str:
    return m.h(where[2:]) if where.startswith("~/") else where


def _conditions(m, monkeypatch, tmp_path, capsys) -> tuple[int, dict, str]:
    """`aicheck check` of the machine's disk, as JSON and as text: (exit code, Claude Code's conditions by id,
    the text). No secret the startup files hold is in either."""
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", m.platform, "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--json")
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    _code, text, err2 = run_cli(capsys, *args)
    assert MARKER not in out + text + err + err2
    return code, {c["id"]: c for c in finding["conditions"]}, text


@pytest.mark.parametrize("case, platform, where, line", UNATTENDED, ids=[u[0] for u in UNATTENDED])
def test_another_shells_alias_starts_the_agent_unattended(
    tmp_path, machine_factory, monkeypatch, capsys, pack, case, platform, where, line
):
    """Exit 1, the condition unmet at the file's line, and the file in the audit's files read (it was exit 0:
    the file never read). A token exported beside it is never shown."""
    from tui.core.scanner import scan

    m = _claude(machine_factory, platform)
    path = m.write(_place(m, where), f"# my shell\nsetenv ANTHROPIC_AUTH_TOKEN {MARKER}\n{line}\n")
    shown = m.machine().display(path)
    code, states, text = _conditions(m, monkeypatch, tmp_path, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    assert f"{shown} line 3 starts claude with '--dangerously-skip-permissions'" in state["detail"]
    assert f"{shown} line 3" in text
    assert str(m.host(path)) in scan(m.machine(), pack).audit.paths_read


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_without_such_a_line_every_file_is_read_and_the_machine_is_compliant(
    tmp_path, machine_factory, monkeypatch, capsys, pack, platform
):
    """The other half: the machines above, with each shell's file there but no alias in it, pass (exit 0),
    and the audit lists every one of those files as read."""
    from tui.core.scanner import scan

    m = _claude(machine_factory, platform)
    files = [
        m.write(_place(m, where), f"# my shell\nsetenv ANTHROPIC_AUTH_TOKEN {MARKER}\n")
        for _case, plat, where, _line in UNATTENDED
        if plat == platform
    ]
    code, states, text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]
    assert code == 0, text
    read = set(scan(m.machine(), pack).audit.paths_read)
    assert {str(m.host(path)) for path in files} <= read


def test_the_file_kshs_env_names_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    """`export ENV=$HOME/.config/ksh/kshrc` in ~/.profile: every interactive ksh (and sh) runs that file."""
    m = _claude(machine_factory, "linux")
    m.write(m.h(".profile"), f'export ANTHROPIC_BASE_URL={GATEWAY}\nexport ENV="$HOME/.config/ksh/kshrc"\n')
    rc = m.write(m.h(".config/ksh/kshrc"), "alias claude='claude --dangerously-skip-permissions'\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert f"{m.machine().display(rc)} line 1" in states["not-started-unattended"]["detail"]


def test_a_zdotdir_the_system_zshenv_sets_moves_the_users_zsh_files(tmp_path, machine_factory, monkeypatch, capsys):
    """`export ZDOTDIR="$HOME/.config/zsh"` in /etc/zsh/zshenv (as many a distribution's guide suggests): zsh
    reads ~/.config/zsh/.zshrc, where the alias is."""
    m = _claude(machine_factory, "linux")
    m.write("/etc/zsh/zshenv", 'export ZDOTDIR="$HOME/.config/zsh"\n')
    rc = m.write(m.h(".config/zsh/.zshrc"), "alias claude='claude --dangerously-skip-permissions'\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert f"{m.machine().display(rc)} line 1" in states["not-started-unattended"]["detail"]


# (id, platform, file, its text: each sets CLAUDE_CONFIG_DIR to ~/.claude-work or CODEX_HOME to ~/.codex-work,
# the way that shell or file writes it; {home} is the home)
MOVED = [
    ("tcsh", "linux", "~/.tcshrc", "setenv CLAUDE_CONFIG_DIR $HOME/.claude-work\n"),
    ("csh login", "macos", "~/.login", "setenv CODEX_HOME ~/.codex-work\n"),
    ("ksh", "linux", "~/.kshrc", "export CODEX_HOME=$HOME/.codex-work\n"),
    ("nushell", "linux", "~/.config/nushell/env.nu", '$env.CLAUDE_CONFIG_DIR = "{home}/.claude-work"\n'),
    ("nushell load-env", "linux", "~/.config/nushell/config.nu", "load-env {\n  CODEX_HOME: '{home}/.codex-work'\n}\n"),
    (
        "nushell macos",
        "macos",
        "~/Library/Application Support/nushell/env.nu",
        "$env.CODEX_HOME = '{home}/.codex-work'\n",
    ),
    ("xonsh", "linux", "~/.xonshrc", "$CLAUDE_CONFIG_DIR = '{home}/.claude-work'\n"),
    (
        "xonsh environ",
        "linux",
        "~/.config/xonsh/rc.xsh",
        "import os\nos.environ['CODEX_HOME'] = '{home}/.codex-work'\n",
    ),
    ("elvish", "linux", "~/.config/elvish/rc.elv", "set-env CLAUDE_CONFIG_DIR $E:HOME/.claude-work\n"),
    ("elvish E:", "macos", "~/.config/elvish/rc.elv", "set E:CODEX_HOME = ~/.codex-work\n"),
    ("/etc/environment", "linux", "/etc/environment", 'LANG=C.UTF-8\nCLAUDE_CONFIG_DIR="{home}/.claude-work"\n'),
    ("/etc/profile.d", "linux", "/etc/profile.d/ai.sh", "export CODEX_HOME=$HOME/.codex-work\n"),
    ("/etc/zsh/zshenv", "linux", "/etc/zsh/zshenv", "export CLAUDE_CONFIG_DIR=$HOME/.claude-work\n"),
    ("/etc/zshenv", "macos", "/etc/zshenv", "export CODEX_HOME=$HOME/.codex-work\n"),
    ("/etc/fish", "linux", "/etc/fish/config.fish", "set -gx CLAUDE_CONFIG_DIR $HOME/.claude-work\n"),
    ("/etc/csh.cshrc", "macos", "/etc/csh.cshrc", "setenv CODEX_HOME $HOME/.codex-work\n"),
    ("/etc/xonsh/xonshrc", "linux", "/etc/xonsh/xonshrc", "$CLAUDE_CONFIG_DIR = '{home}/.claude-work'\n"),
]


_check = check_json


@pytest.mark.parametrize("case, platform, where, text", MOVED, ids=[m[0] for m in MOVED])
def test_a_folder_another_shell_moves_is_read(
    tmp_path, machine_factory, monkeypatch, capsys, case, platform, where, text
):
    """Nothing installed, only the moved folder's config with a prohibited remote MCP server: exit 1 and the
    server judged in the moved file (it was exit 0, the moved folder never read)."""
    m = machine_factory(platform)
    m.write(_place(m, where), text.replace("{home}", m.home))
    moved = moved_folder_with_a_remote_server(m, "CODEX_HOME" in text, MARKER)
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    assert_only_the_moved_server_is_prohibited(m, moved, code, report, out, MARKER)


UNKNOWN = [
    ("tcsh", "~/.tcshrc", "setenv CLAUDE_CONFIG_DIR `mktemp -d`\n", ".tcshrc line 1"),
    ("nushell", "~/.config/nushell/env.nu", "\n$env.CLAUDE_CONFIG_DIR = (mktemp -d)\n", "env.nu line 2"),
    ("xonsh", "~/.xonshrc", "$CODEX_HOME = $HOME + '/codex'\n", ".xonshrc line 1"),
    ("elvish", "~/.config/elvish/rc.elv", "set-env CODEX_HOME (mktemp -d)\n", "rc.elv line 1"),
    ("/etc/environment", "/etc/environment", "CLAUDE_CONFIG_DIR=$WORK/claude\n", "/etc/environment line 1"),
    # sh's commands that set a variable to what they take in when the shell runs them
    ("read", "~/.bashrc", "read -r CLAUDE_CONFIG_DIR < ~/.dir\nexport CLAUDE_CONFIG_DIR\n", ".bashrc line 1"),
    ("printf -v", "~/.profile", "export CODEX_HOME\nprintf -v CODEX_HOME '%s/x' ~\n", ".profile line 2"),
]


@pytest.mark.parametrize("case, where, text, place", UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_a_folder_another_shell_sets_to_what_cannot_be_known_is_a_scan_error(
    tmp_path, machine_factory, monkeypatch, capsys, case, where, text, place
):
    m = machine_factory("linux")
    m.write(_place(m, where), text)
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    variable = "CODEX_HOME" if "CODEX_HOME" in text else "CLAUDE_CONFIG_DIR"
    assert code != 0, out
    assert any(e.startswith(f"${variable} is set") and place in e for e in report["errors"]), report["errors"]


# (id, file, a line that sends Claude Code past the gateway the ~/.profile export gives every session)
PAST_THE_GATEWAY = [
    ("tcsh", "~/.tcshrc", f"setenv ANTHROPIC_BASE_URL {DIRECT}"),
    ("nushell", "~/.config/nushell/config.nu", f"$env.ANTHROPIC_BASE_URL = '{DIRECT}'"),
    ("xonsh", "~/.xonshrc", f"if True:\n    $ANTHROPIC_BASE_URL = '{DIRECT}'"),
    ("elvish", "~/.config/elvish/rc.elv", f"set E:ANTHROPIC_BASE_URL = {DIRECT}"),
    ("/etc/profile.d", "/etc/profile.d/proxy.sh", f"export ANTHROPIC_BASE_URL={DIRECT}"),
]


@pytest.mark.parametrize("case, where, line", PAST_THE_GATEWAY, ids=[p[0] for p in PAST_THE_GATEWAY])
def test_another_shells_value_breaks_the_gateway_condition(
    tmp_path, machine_factory, monkeypatch, capsys, case, where, line
):
    """The gateway exported for every session in ~/.profile, another value in another shell's file: those
    sessions go past the gateway, so the condition is unmet at that file's line (it was met)."""
    m = _claude(machine_factory, "linux")
    path = m.write(_place(m, where), f"{line}\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert states["gateway"]["state"] == "unmet", states["gateway"]
    assert m.machine().display(path) in states["gateway"]["detail"]


def test_a_fleets_confined_scan_reads_the_system_startup_files(capsys, tmp_path):
    """`aicheck check --all-users` confines each user's scan to their home and the system folders it reads:
    the system's startup files are among them, so the alias in /etc/profile.d is found for each user, and a
    plain /etc/profile is read, never refused (a refused file would leave every user unconfirmed)."""
    from tui.cli import main
    from tui.demo.synthetic import SyntheticMachine

    m = SyntheticMachine(tmp_path / "disk", "linux", home="/home/ada")
    m.write("/etc/passwd", "ada:x:1000:1000:Ada:/home/ada:/bin/bash\n")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write("/etc/profile", f"export ANTHROPIC_BASE_URL={GATEWAY}\nfor i in /etc/profile.d/*.sh; do . $i; done\n")
    alias = m.write("/etc/profile.d/zz-ai.sh", "alias claude='claude --dangerously-skip-permissions'\n")
    code = main(["check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux"])
    report = json.loads(capsys.readouterr().out)["users"][0]["report"]
    claude = next(t for t in report["tools"] if t["id"] == "claude-code")
    state = next(c for c in claude["conditions"] if c["id"] == "not-started-unattended")
    assert code == 1 and state["state"] == "unmet", state
    assert f"{alias} line 1 starts claude" in state["detail"]
    assert not [s for s in report["audit"]["skipped"] if s["path"].startswith("/etc/profile")], report["audit"]


def test_a_packaged_file_a_system_file_sources_is_noted_not_read(machine_factory, pack):
    """Debian's /etc/bash.bashrc sources /usr/share/bash-completion/bash_completion (a hundred kilobytes of a
    package's completion functions): not read, and the audit says so; /etc/bash.bashrc itself is read, and a
    file it sources in /etc is followed."""
    from tui.core.scanner import scan

    m = _claude(machine_factory, "linux")
    bashrc = m.write(
        "/etc/bash.bashrc",
        "if ! shopt -oq posix; then\n  if [ -f /usr/share/bash-completion/bash_completion ]; then\n"
        "    . /usr/share/bash-completion/bash_completion\n  fi\nfi\n. /etc/bash.aliases\n",
    )
    packaged = m.write("/usr/share/bash-completion/bash_completion", "_comp() { :; }\n")
    aliases = m.write("/etc/bash.aliases", "alias ll='ls -l'\n")
    report = scan(m.machine(), pack)
    read = set(report.audit.paths_read)
    assert str(m.host(bashrc)) in read and str(m.host(aliases)) in read
    assert str(m.host(packaged)) not in read
    notes = {s.reason for s in report.audit.skipped if s.path == bashrc}
    assert f"line 3 sources {packaged}, a packaged file: not read" in notes


# (id, a system startup file, its line that sources a file in the user's home, that file's name under the home)
SYSTEM_SOURCES_HOME = [
    ("bash.bashrc", "/etc/bash.bashrc", "[ -f ~/.bash_local ] && . ~/.bash_local", ".bash_local"),
    ("profile.d", "/etc/profile.d/x.sh", '[ -r "$HOME/.shellrc" ] && . "$HOME/.shellrc"', ".shellrc"),
    ("zsh", "/etc/zsh/zshrc", "source ~/.zsh_local", ".zsh_local"),
]


@pytest.mark.parametrize("case, system, line, rel", SYSTEM_SOURCES_HOME, ids=[s[0] for s in SYSTEM_SOURCES_HOME])
def test_a_file_in_the_home_a_system_file_sources_is_read(
    tmp_path, machine_factory, monkeypatch, capsys, case, system, line, rel
):
    """A system startup file that sources a file in the user's home hid it: what /etc sources outside /etc was
    "a packaged file: not read" (and --explain called the user's own file packaged), so a forbidden alias there
    was a clean bill. The home is the user's to write: the file is read as any sourced startup file is."""
    m = _claude(machine_factory, "linux")
    m.write(system, f"{line}\n")
    own = m.write(m.h(rel), "alias claude='claude --dangerously-skip-permissions'\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    assert f"{own} line 1 starts claude" in state["detail"]
    _code, out, _err = run_cli(capsys, "scan", "--explain", *m.cli_args())  # the files read, the notes
    assert own in out and "packaged" not in out


# (id, a wrapper under the tool's name, first on the search path, in another shell's language; the line that
# sends it past the gateway)
WRAPPERS = [
    (
        "tcsh",
        f"#!/bin/tcsh -f\nsetenv ANTHROPIC_BASE_URL {DIRECT}\nexec /usr/local/bin/claude --dangerously-skip-permissions $argv:q\n",
        2,
    ),
    (
        "nushell",
        f"#!/usr/bin/env nu\n$env.ANTHROPIC_BASE_URL = '{DIRECT}'\n"
        "def --wrapped main [...rest] { ^/usr/local/bin/claude --dangerously-skip-permissions ...$rest }\n",
        2,
    ),
]


@pytest.mark.parametrize("case, text, line", WRAPPERS, ids=[w[0] for w in WRAPPERS])
def test_a_wrapper_script_in_another_shell_is_read_in_its_language(
    tmp_path, machine_factory, monkeypatch, capsys, case, text, line
):
    """~/.local/bin/claude, a tcsh or nushell script, first on the search path: it starts every session of
    the tool unattended and past the gateway. It was not taken for a script (its first line named neither
    sh nor fish), so the check passed; now both conditions are unmet at its lines."""
    import os

    m = _claude(machine_factory, "linux")
    wrapper = m.write(m.h("bin/claude"), text)
    os.chmod(m.host(wrapper), 0o755)
    m.search_path.insert(0, m.h("bin"))
    isolate_cli(monkeypatch, tmp_path)
    code, out, err = run_cli(capsys, "check", *m.cli_args(), "--json")
    states = {c["id"]: c for c in next(t for t in json.loads(out)["tools"] if t["id"] == "claude-code")["conditions"]}
    shown = m.machine().display(wrapper)
    assert code == 1, out + err
    assert states["gateway"]["state"] == "unmet" and states["gateway"]["detail"].endswith(f"in {shown} line {line}")
    assert states["not-started-unattended"]["detail"].startswith(f"{shown} line ")
    assert MARKER not in out + err


@pytest.mark.parametrize(
    "where, line",
    [
        ("~/.tcshrc", "set path = ( ~/tools/bin $path )"),
        ("~/.cshrc", "setenv PATH $HOME/tools/bin:$PATH"),
        ("~/.config/elvish/rc.elv", "set paths = [~/tools/bin $@paths]"),
        ("~/.config/nushell/env.nu", "$env.PATH = ($env.PATH | split row (char esep) | prepend '~/tools/bin')"),
        ("~/.config/nushell/config.nu", "use std/util 'path add'\npath add ~/tools/bin"),
        ("~/.xonshrc", "$PATH.insert(0, '~/tools/bin')"),
        ("/etc/profile.d/tools.sh", 'export PATH="/home/ada/tools/bin:$PATH"'),
    ],
)
def test_a_folder_another_shell_puts_on_the_search_path_is_looked_in(machine_factory, pack, where, line):
    """Claude Code installed with `npm i -g --prefix ~/tools`, on the search path only through another shell's
    startup file: a check run with a narrow PATH did not look there (no install found). Now it does."""
    from tui.core.scanner import scan

    m = machine_factory("linux")
    pkg = m.h("tools/lib/node_modules/@anthropic-ai/claude-code")
    m.write_json(f"{pkg}/package.json", {"name": "@anthropic-ai/claude-code", "version": "2.1.150"})
    m.write(f"{pkg}/cli.js", "#!/usr/bin/env node\n")
    m.symlink(m.h("tools/bin/claude"), f"{pkg}/cli.js")
    m.write(_place(m, where), line + "\n")
    f = scan(m.machine(), pack).finding("claude-code")
    assert f is not None and f.versions == ["2.1.150"]
    command = next(i for i in f.installs if i.channel == "path")
    assert "a shell startup file puts" in command.detail
