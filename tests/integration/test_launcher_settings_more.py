"""Red team, continued: the places a launch command is kept that the launchers' settings reader left unread
(the VS Code family's tasks that run when a folder opens, Konsole's profiles, GNOME Terminal's and Ptyxis's
profiles in dconf's database, iTerm2's and Terminal.app's profiles, Windows Terminal's fragments, a key that
types a command into the shell, kitty's goto_session). Each starts Claude Code with a flag the pack forbids: now
`aicheck check` exits 1 as for the same line in a `.bashrc` alias; the harmless twin stays clean; a file that
cannot be read or parsed cannot confirm the condition (never a crash, a hang or a clean bill). Through the real
CLI on synthetic homes that are otherwise compliant."""

from __future__ import annotations

import json
import plistlib
import struct

import pytest

from support.launchers import F, check_json, claude_machine


def _state(tmp_path, monkeypatch, capsys, m) -> tuple[int, dict, str]:
    code, data, out = check_json(tmp_path, monkeypatch, capsys, m)
    tool = next(t for t in data["tools"] if t["id"] == "claude-code")
    return code, next(c for c in tool["conditions"] if c["id"] == "not-started-unattended"), out


def _shown(m, platform: str, rel: str) -> str:
    return m.h(rel).replace("/", "\\") if platform == "windows" else m.h(rel)


# -- dconf's database: a GVDB file as dconf writes it ------------------------------------------------------


def gvdb(entries: dict[str, object], *, byteswapped: bool = False) -> bytes:
    """A GVDB file (glib's format: dconf's databases) holding ``entries`` (full key -> a string or a boolean),
    each key an item whose parent is its folder's item, as dconf writes them (``/``, ``/org/``, … as lists)."""
    order = ">" if byteswapped else "<"
    parents: dict[str, str] = {"/": ""}
    for key in entries:
        parts = key.strip("/").split("/")
        folder = "/"
        for i, part in enumerate(parts):
            full = folder + part + ("/" if i < len(parts) - 1 else "")
            parents.setdefault(full, folder)
            folder = full
    names = list(parents)
    items, keys_blob, values_blob = [], b"", b""
    index = {n: i for i, n in enumerate(names)}
    head = 24 + 8 + 4  # header, table header, one bucket
    items_at = head
    keys_at = items_at + 24 * len(names)
    key_offsets = []
    for n in names:
        own = n if n == "/" else n[len(parents[n]) :]
        key_offsets.append((keys_at + len(keys_blob), len(own.encode())))
        keys_blob += own.encode()
    values_at = keys_at + len(keys_blob)
    for i, n in enumerate(names):
        parent = 0xFFFFFFFF if n == "/" else index[parents[n]]
        if n in entries:
            value = entries[n]
            body = (value.encode() + b"\0" + b"\0s") if isinstance(value, str) else (bytes([value]) + b"\0b")
            start = values_at + len(values_blob)
            values_blob += body
            kind, pointer = b"v", (start, start + len(body))
        else:
            kind, pointer = b"L", (0, 0)
        ks, kl = key_offsets[i]
        items.append(struct.pack(order + "IIIHccII", 0, parent, ks, kl, kind, b"\0", *pointer))
    table = struct.pack(order + "II", 0, 1) + struct.pack(order + "I", 0) + b"".join(items)
    signature = b"raVGtnai" if byteswapped else b"GVariant"
    header = signature + struct.pack(order + "IIII", 0, 0, 24, 24 + len(table))
    return header + table + keys_blob + values_blob


GT = "/org/gnome/terminal/legacy/profiles:/:b1dcc9dd-5262-4d8d-a863-c897e6d979b9/"
PTYXIS = "/org/gnome/Ptyxis/Profiles/3f1a9c/"
DCONF = ".config/dconf/user"


def test_the_gvdb_reader_reads_what_dconf_writes():
    from tui.core.launcher_settings import gvdb_values

    values = gvdb_values(gvdb({GT + "custom-command": "claude", GT + "use-custom-command": True}))
    assert values is not None
    assert values[GT + "custom-command"] == "claude" and values[GT + "use-custom-command"] is True
    assert gvdb_values(gvdb({"/a/b": False}, byteswapped=True)) == {"/a/b": False}


# -- what now breaks the condition -----------------------------------------------------------------------

TASKS_LINUX = ".config/Code/User/tasks.json"

# (platform, {file under the home: content}, the file and line the detail names)
BROKEN = {
    "vscode user task on folder open": (
        "linux",
        {
            TASKS_LINUX: '{\n  // mine\n  "version": "2.0.0",\n  "tasks": [\n    {\n      "label": "ai",\n'
            f'      "type": "shell",\n      "command": "claude {F}",\n'
            '      "runOptions": { "runOn": "folderOpen" },\n    },\n  ],\n}\n'
        },
        (TASKS_LINUX, 8),
    ),
    "vscode task process args": (
        "macos",
        {
            "Library/Application Support/Cursor/User/tasks.json": json.dumps(
                {
                    "tasks": [
                        {"label": "x", "command": "make"},
                        {
                            "label": "ai",
                            "type": "process",
                            "command": "/opt/homebrew/bin/claude",
                            "args": [{"value": F, "quoting": "escape"}, "-p", "tidy"],
                            "runOptions": {"runOn": "folderOpen"},
                        },
                    ]
                },
                indent=1,
            )
        },
        ("Library/Application Support/Cursor/User/tasks.json", 10),
    ),
    "vscode task platform override": (
        "windows",
        {
            "AppData/Roaming/Code/User/tasks.json": json.dumps(
                {
                    "tasks": [
                        {
                            "label": "ai",
                            "command": "echo hello",
                            "windows": {"command": "claude.cmd", "args": [F]},
                            "runOptions": {"runOn": "folderOpen"},
                        }
                    ]
                }
            )
        },
        ("AppData/Roaming/Code/User/tasks.json", 1),
    ),
    "vscode task dependsOn": (
        "linux",
        {
            TASKS_LINUX: json.dumps(
                {
                    "tasks": [
                        {"label": "open", "dependsOn": ["ai"], "runOptions": {"runOn": "folderOpen"}},
                        {"label": "ai", "type": "shell", "command": "claude", "args": [F]},
                    ]
                }
            )
        },
        (TASKS_LINUX, 1),
    ),
    "vscode profile tasks": (
        "linux",
        {
            ".config/Code/User/profiles/5e6f/tasks.json": json.dumps(
                {"tasks": [{"label": "ai", "command": f"claude {F}", "runOptions": {"runOn": "folderOpen"}}]}
            )
        },
        (".config/Code/User/profiles/5e6f/tasks.json", 1),
    ),
    "konsole profile": (
        "linux",
        {
            ".local/share/konsole/AI.profile": f"[Appearance]\nColorScheme=Breeze\n\n[General]\nCommand=/usr/local/bin/claude {F}\nName=AI\n",
            ".config/konsolerc": "[Desktop Entry]\nDefaultProfile=AI.profile\n",
        },
        (".local/share/konsole/AI.profile", 5),
    ),
    "konsole flatpak profile": (
        "linux",
        {".var/app/org.kde.konsole/data/konsole/AI.profile": f"[General]\nCommand=claude {F}\n"},
        (".var/app/org.kde.konsole/data/konsole/AI.profile", 2),
    ),
    "konsolerc default profile by path": (
        "linux",
        {
            ".config/konsolerc": "[Desktop Entry]\nDefaultProfile=/home/ada/dotfiles/ai.profile\n",
            "dotfiles/ai.profile": f"[General]\nName=AI\nCommand=claude {F}\n",
        },
        ("dotfiles/ai.profile", 3),
    ),
    "ptyxis flatpak keyfile": (
        "linux",
        {
            ".var/app/app.devsuite.Ptyxis/config/glib-2.0/settings/keyfile": "[org/gnome/Ptyxis]\n"
            "default-profile-uuid='ai'\n\n[org/gnome/Ptyxis/Profiles/ai]\nlabel='AI'\n"
            f"use-custom-command=true\ncustom-command='claude {F}'\n"
        },
        (".var/app/app.devsuite.Ptyxis/config/glib-2.0/settings/keyfile", 7),
    ),
    "gnome terminal custom command": (
        "linux",
        {
            DCONF: gvdb(
                {GT + "visible-name": "AI", GT + "use-custom-command": True, GT + "custom-command": f"claude {F}"}
            )
        },
        (DCONF, 1),
    ),
    "ptyxis custom command": (
        "linux",
        {DCONF: gvdb({PTYXIS + "custom-command": f"sh -c 'claude {F}'", PTYXIS + "use-custom-command": True})},
        (DCONF, 1),
    ),
    "iterm2 profile command": (
        "macos",
        {
            "Library/Preferences/com.googlecode.iterm2.plist": plistlib.dumps(
                {
                    "Default Bookmark Guid": "A",
                    "New Bookmarks": [
                        {"Name": "Default", "Guid": "B", "Custom Command": "No", "Command": ""},
                        {
                            "Name": "AI",
                            "Guid": "A",
                            "Custom Command": "Yes",
                            "Command": f"/opt/homebrew/bin/claude {F}",
                        },
                    ],
                },
                fmt=plistlib.FMT_BINARY,
            )
        },
        ("Library/Preferences/com.googlecode.iterm2.plist", 1),
    ),
    "iterm2 initial text": (
        "macos",
        {
            "Library/Preferences/com.googlecode.iterm2.plist": plistlib.dumps(
                {"New Bookmarks": [{"Name": "AI", "Custom Command": "No", "Initial Text": f"cd ~/src\nclaude {F}"}]}
            )
        },
        ("Library/Preferences/com.googlecode.iterm2.plist", 1),
    ),
    "iterm2 dynamic profile json": (
        "macos",
        {
            "Library/Application Support/iTerm2/DynamicProfiles/ai": json.dumps(
                {"Profiles": [{"Name": "AI", "Guid": "ai-1", "Custom Command": "Yes", "Command": f"claude {F}"}]}
            )
        },
        ("Library/Application Support/iTerm2/DynamicProfiles/ai", 1),
    ),
    "iterm2 dynamic profile plist": (
        "macos",
        {
            "Library/Application Support/iTerm2/DynamicProfiles/ai.plist": plistlib.dumps(
                {"Profiles": [{"Name": "AI", "Guid": "ai-2", "Custom Command": "Yes", "Command": f"claude {F}"}]}
            )
        },
        ("Library/Application Support/iTerm2/DynamicProfiles/ai.plist", 1),
    ),
    "terminal.app command": (
        "macos",
        {
            "Library/Preferences/com.apple.Terminal.plist": plistlib.dumps(
                {
                    "Default Window Settings": "AI",
                    "Startup Window Settings": "AI",
                    "Window Settings": {
                        "Basic": {"name": "Basic"},
                        "AI": {"name": "AI", "CommandString": f"claude {F}", "RunCommandAsShell": False},
                    },
                },
                fmt=plistlib.FMT_BINARY,
            )
        },
        ("Library/Preferences/com.apple.Terminal.plist", 1),
    ),
    "windows terminal fragment": (
        "windows",
        {
            "AppData/Local/Microsoft/Windows Terminal/Fragments/AI Tools/ai.json": json.dumps(
                {"profiles": [{"name": "AI", "commandline": f"cmd.exe /k claude {F}"}]}
            )
        },
        ("AppData/Local/Microsoft/Windows Terminal/Fragments/AI Tools/ai.json", 1),
    ),
    "ghostty keybind text": (
        "linux",
        {".config/ghostty/config": f"theme = dark\nkeybind = ctrl+shift+a=text:claude {F}\\r\n"},
        (".config/ghostty/config", 2),
    ),
    "ghostty keybind text escaped": (
        "macos",
        # \x2d is '-': the flag spelled with escapes, as Ghostty decodes it
        {".config/ghostty/config": "keybind = global:super+a=text:claude \\x2d\\x2ddangerously-skip-permissions\\n\n"},
        (".config/ghostty/config", 1),
    ),
    "kitty send_text": (
        "linux",
        {".config/kitty/kitty.conf": f"map ctrl+alt+a send_text all claude {F}\\r\n"},
        (".config/kitty/kitty.conf", 1),
    ),
    "kitty goto_session folder": (
        "macos",
        {
            ".config/kitty/kitty.conf": "map f7 goto_session ~/sessions/\n",
            "sessions/a.kitty-session": "launch zsh\n",
            "sessions/b.kitty-session": f"launch --title AI claude {F}\n",
        },
        ("sessions/b.kitty-session", 1),
    ),
    "kitty goto_session": (
        "linux",
        {
            ".config/kitty/kitty.conf": "map f7 goto_session sessions/ai.kitty-session\n",
            ".config/kitty/sessions/ai.kitty-session": f"new_tab ai\nlaunch claude {F}\n",
        },
        (".config/kitty/sessions/ai.kitty-session", 2),
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_launcher_that_starts_claude_unattended_breaks_the_condition(
    tmp_path, monkeypatch, capsys, machine_factory, case
):
    platform, files, (rel, line) = BROKEN[case]
    m = claude_machine(machine_factory, platform)
    for name, content in files.items():
        m.write(m.h(name), content)
    code, state, out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1, out
    assert state["state"] == "unmet" and not state["detail"].startswith("cannot confirm"), state
    assert f"{_shown(m, platform, rel)} line {line} starts claude with" in state["detail"], state["detail"]
    assert "tidy" not in state["detail"]  # never the line's text


def _workspace(m, editor: str, folder: str) -> None:
    uri = "file://" + (m.h(folder) if m.platform != "windows" else "/" + m.h(folder).replace("\\", "/"))
    m.write_json(f"{m.ud}/{editor}/User/workspaceStorage/0a1b/workspace.json", {"folder": uri})


@pytest.mark.parametrize("editor", ["Code", "Cursor", "Kiro"])
def test_a_task_of_a_folder_the_editor_opened_breaks_it(tmp_path, monkeypatch, capsys, machine_factory, editor):
    """The folders the editor's own state lists as opened (the list the project MCP files are read from): their
    .vscode/tasks.json is read; a task there that runs when the folder opens starts claude with the flag."""
    m = claude_machine(machine_factory)
    _workspace(m, editor, "src/app")
    task = {"label": "ai", "type": "shell", "command": f"npx claude {F}", "runOptions": {"runOn": "folderOpen"}}
    m.write(m.h("src/app/.vscode/tasks.json"), "// tasks\n" + json.dumps({"version": "2.0.0", "tasks": [task]}))
    code, state, out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and f"{m.h('src/app/.vscode/tasks.json')} line 2 starts claude with" in state["detail"], out


def test_a_folder_no_editor_lists_is_not_looked_in(tmp_path, monkeypatch, capsys, machine_factory):
    """Never a walk: a project's tasks.json is read only where an editor's list names its folder."""
    m = claude_machine(machine_factory)
    task = {"label": "ai", "command": f"claude {F}", "runOptions": {"runOn": "folderOpen"}}
    m.write_json(m.h("src/other/.vscode/tasks.json"), {"tasks": [task]})
    code, data, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 0, out
    assert not any("src/other" in p for p in data["audit"]["paths_read"])


HARMLESS = {
    "vscode task not on open": (
        "linux",
        {TASKS_LINUX: json.dumps({"tasks": [{"label": "ai", "command": f"claude {F}"}]})},
    ),
    "vscode task on open harmless": (
        "linux",
        {
            TASKS_LINUX: json.dumps(
                {"tasks": [{"label": "w", "command": "npm run watch", "runOptions": {"runOn": "folderOpen"}}]}
            )
        },
    ),
    "vscode task other platform": (
        "linux",
        {
            TASKS_LINUX: json.dumps(
                {
                    "tasks": [
                        {
                            "label": "ai",
                            "command": "npm run watch",
                            "windows": {"command": f"claude {F}"},
                            "runOptions": {"runOn": "folderOpen"},
                        }
                    ]
                }
            )
        },
    ),
    "konsole other section": (
        "linux",
        {".local/share/konsole/AI.profile": f"[General]\nCommand=/bin/zsh\n[Notes]\nCommand=claude {F}\n"},
    ),
    "gnome terminal custom command off": (
        "linux",
        {DCONF: gvdb({GT + "use-custom-command": False, GT + "custom-command": f"claude {F}"})},
    ),
    "ptyxis flatpak keyfile custom command off": (
        "linux",
        {
            ".var/app/app.devsuite.Ptyxis/config/glib-2.0/settings/keyfile": "[org/gnome/Ptyxis/Profiles/ai]\n"
            f"use-custom-command=false\ncustom-command='claude {F}'\n"
        },
    ),
    "konsolerc default profile by name": (
        "linux",
        {".config/konsolerc": "[Desktop Entry]\nDefaultProfile=AI.profile\n"},
    ),
    "dconf flag in another key": ("linux", {DCONF: gvdb({"/org/gnome/gedit/search": f"claude {F}"})}),
    "iterm2 command not used": (
        "macos",
        {
            "Library/Preferences/com.googlecode.iterm2.plist": plistlib.dumps(
                {"New Bookmarks": [{"Name": "AI", "Custom Command": "No", "Command": f"claude {F}"}]}
            )
        },
    ),
    "terminal.app harmless": (
        "macos",
        {
            "Library/Preferences/com.apple.Terminal.plist": plistlib.dumps(
                {"Window Settings": {"AI": {"CommandString": "claude --model opus", "Shell": "/bin/zsh"}}}
            )
        },
    ),
    "ghostty keybind other text": (
        "linux",
        {".config/ghostty/config": "keybind = ctrl+a=text:claude --model opus\\r\nkeybind = ctrl+b=new_tab\n"},
    ),
    "windows terminal fragment harmless": (
        "windows",
        {
            "AppData/Local/Microsoft/Windows Terminal/Fragments/x/a.json": json.dumps(
                {"profiles": [{"name": "x", "commandline": "pwsh.exe"}]}
            )
        },
    ),
}


@pytest.mark.parametrize("case", list(HARMLESS), ids=list(HARMLESS))
def test_a_harmless_launcher_stays_clean(tmp_path, monkeypatch, capsys, machine_factory, case):
    platform, files = HARMLESS[case]
    m = claude_machine(machine_factory, platform)
    for name, content in files.items():
        m.write(m.h(name), content)
    code, state, out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and state["state"] == "met", out


# -- hostile files: never a crash, a hang or a clean bill ---------------------------------------------------


def _bad_gvdb_parents() -> bytes:
    """Two items, each the other's parent: a loop."""
    items = struct.pack("<IIIHccII", 0, 1, 0, 0, b"v", b"\0", 0, 0) + struct.pack(
        "<IIIHccII", 0, 0, 0, 0, b"v", b"\0", 0, 0
    )
    table = struct.pack("<III", 0, 1, 0) + items
    return b"GVariant" + struct.pack("<IIII", 0, 0, 24, 24 + len(table)) + table


def _gvdb_long_chain() -> bytes:
    """Items whose 60 KB keys are each other's parents, one after another: every name the size of the file
    before it (about 190 million characters of names made)."""
    count, key = 80, b"k" * 60_000
    keys_at = 24 + 12 + 24 * count
    items = b"".join(
        struct.pack("<IIIHccII", 0, 0xFFFFFFFF if i == 0 else i - 1, keys_at, len(key), b"L", b"\0", 0, 0)
        for i in range(count)
    )
    table = struct.pack("<III", 0, 1, 0) + items
    return b"GVariant" + struct.pack("<IIII", 0, 0, 24, 24 + len(table)) + table + key


HOSTILE = {
    "dconf names past the bound": ("linux", DCONF, _gvdb_long_chain()),
    "tasks malformed": ("linux", TASKS_LINUX, '{"tasks": [{"command": "claude'),
    "tasks deep": ("linux", TASKS_LINUX, "[" * 100_000 + "]" * 100_000),
    "tasks huge": ("linux", TASKS_LINUX, '{"x": "' + "a" * (5 * 1024 * 1024) + '"}'),
    "dconf not gvdb": ("linux", DCONF, b"\x00\x01junk" * 100),
    "dconf table outside the file": (
        "linux",
        DCONF,
        b"GVariant" + struct.pack("<IIII", 0, 0, 24, 1 << 30) + b"\0" * 64,
    ),
    "dconf parents loop": ("linux", DCONF, _bad_gvdb_parents()),
    "dconf huge": ("linux", DCONF, b"GVariant" + b"\0" * (5 * 1024 * 1024)),
    "iterm2 binary junk": (
        "macos",
        "Library/Preferences/com.googlecode.iterm2.plist",
        b"bplist00" + bytes(range(256)) * 4,
    ),
    "iterm2 dynamic deep json": (
        "macos",
        "Library/Application Support/iTerm2/DynamicProfiles/a.json",
        '{"Profiles": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ),
    "iterm2 dynamic malformed json": ("macos", "Library/Application Support/iTerm2/DynamicProfiles/a.json", "{ nope"),
    "terminal.app malformed": ("macos", "Library/Preferences/com.apple.Terminal.plist", "<plist><dict><key>"),
    "konsole binary": ("linux", ".local/share/konsole/a.profile", b"\xff\xfe\x00" * 500_000),
    "fragment malformed": (
        "windows",
        "AppData/Local/Microsoft/Windows Terminal/Fragments/x/a.json",
        '{"profiles": [ {"commandline": ',
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_launcher_file_that_cannot_be_read_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory, case):
    platform, rel, content = HOSTILE[case]
    m = claude_machine(machine_factory, platform)
    m.write(m.h(rel), content)
    code, state, _out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and state["state"] == "unmet" and state["detail"].startswith("cannot confirm"), state
    assert _shown(m, platform, rel) in state["detail"], state["detail"]


def test_too_many_fragment_folders_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    from tui.core.launcher_settings import MAX_FOLDER_FILES

    m = claude_machine(machine_factory, "windows")
    base = "AppData/Local/Microsoft/Windows Terminal/Fragments"
    for i in range(MAX_FOLDER_FILES + 1):
        m.mkdir(m.h(f"{base}/app{i:04}"))
    code, state, _out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and state["detail"].startswith("cannot confirm") and _shown(m, "windows", base) in state["detail"]


def test_every_new_launcher_file_read_is_in_the_audit(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory)
    files = {
        TASKS_LINUX: "{}",
        ".local/share/konsole/a.profile": "[General]\nName=a\n",
        DCONF: gvdb({"/org/gnome/desktop/interface/gtk-theme": "Adwaita"}),
        ".config/ghostty/config": "keybind = ctrl+a=text:ls\\r\n",
    }
    for rel, text in files.items():
        m.write(m.h(rel), text)
    _workspace(m, "Code", "src/app")
    m.write(m.h("src/app/.vscode/tasks.json"), "{}")
    _code, data, _out = check_json(tmp_path, monkeypatch, capsys, m, "scan")
    read = data["audit"]["paths_read"]
    for rel in [*files, "src/app/.vscode/tasks.json"]:
        assert any(p.endswith("/home/ada/" + rel) for p in read), (rel, read)


def test_iterm2_preferences_from_a_custom_folder_are_read_there(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory, "macos")
    prefs = {"LoadPrefsFromCustomFolder": True, "PrefsCustomFolder": m.h("dotfiles/iterm")}
    m.write(m.h("Library/Preferences/com.googlecode.iterm2.plist"), plistlib.dumps(prefs))
    profile = {"Name": "AI", "Custom Command": "Yes", "Command": f"claude {F}"}
    m.write(m.h("dotfiles/iterm/com.googlecode.iterm2.plist"), plistlib.dumps({"New Bookmarks": [profile]}))
    code, state, _out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and f"{m.h('dotfiles/iterm/com.googlecode.iterm2.plist')} line 1 starts claude" in state["detail"]


def test_iterm2_preferences_from_a_url_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory, "macos")
    prefs = {"LoadPrefsFromCustomFolder": True, "PrefsCustomFolder": "https://example.com/iterm/"}
    m.write(m.h("Library/Preferences/com.googlecode.iterm2.plist"), plistlib.dumps(prefs))
    code, state, _out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and state["detail"].startswith("cannot confirm"), state


# -- more of the VS Code family: their terminal profiles and tasks ------------------------------------------

FORKS = {
    "VSCodium - Insiders": ("macos", "Library/Application Support/VSCodium - Insiders/User"),
    "Trae": ("linux", ".config/Trae/User"),
    "Trae CN": ("macos", "Library/Application Support/Trae CN/User"),
    "Kiro": ("windows", "AppData/Roaming/Kiro/User"),
    "Antigravity": ("linux", ".config/Antigravity/User"),
    "Positron": ("macos", "Library/Application Support/Positron/User"),
}
_PLAT = {"linux": "linux", "macos": "osx", "windows": "windows"}


@pytest.mark.parametrize("fork", list(FORKS), ids=list(FORKS))
def test_a_vscode_forks_terminal_profile_breaks_it(tmp_path, monkeypatch, capsys, machine_factory, fork):
    platform, user = FORKS[fork]
    m = claude_machine(machine_factory, platform)
    profiles = {f"terminal.integrated.profiles.{_PLAT[platform]}": {"ai": {"path": "claude", "args": [F]}}}
    m.write(m.h(f"{user}/settings.json"), json.dumps(profiles))
    code, state, out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and f"{_shown(m, platform, user + '/settings.json')} line 1 starts claude" in state["detail"], out


@pytest.mark.parametrize("fork", ["Trae", "Positron"])
def test_a_vscode_forks_task_on_folder_open_breaks_it(tmp_path, monkeypatch, capsys, machine_factory, fork):
    platform, user = FORKS[fork]
    m = claude_machine(machine_factory, platform)
    task = {"label": "ai", "command": f"claude {F}", "runOptions": {"runOn": "folderOpen"}}
    m.write(m.h(f"{user}/profiles/9z/tasks.json"), json.dumps({"tasks": [task]}))
    code, state, out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and f"{m.h(user + '/profiles/9z/tasks.json')} line 1 starts claude" in state["detail"], out


def test_a_fragment_of_the_machines_windows_terminal_breaks_it(tmp_path, monkeypatch, capsys, machine_factory):
    m = claude_machine(machine_factory, "windows")
    fragment = m.write(
        "/ProgramData/Microsoft/Windows Terminal/Fragments/Acme/ai.json",
        json.dumps({"profiles": [{"updates": "{574e775e-4f2a-5b96-ac1e-a2962a402336}", "commandline": f"claude {F}"}]}),
    )
    code, state, out = _state(tmp_path, monkeypatch, capsys, m)
    shown = m.machine().display(fragment)
    assert code == 1 and f"{shown} line 1 starts claude with" in state["detail"], out


def test_too_many_fragments_in_all_cannot_confirm_it(tmp_path, monkeypatch, capsys, machine_factory):
    """200 files in all are read of the apps' fragment folders (each app's 200 would be 40,000)."""
    from tui.core.launcher_settings import MAX_FOLDER_FILES

    m = claude_machine(machine_factory, "windows")
    base = "AppData/Local/Microsoft/Windows Terminal/Fragments"
    for i in range(MAX_FOLDER_FILES + 1):
        m.write(m.h(f"{base}/app{i % 3}/f{i:04}.json"), "{}")
    code, state, _out = _state(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and state["detail"].startswith("cannot confirm") and _shown(m, "windows", base) in state["detail"]
