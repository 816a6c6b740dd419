"""Startup code a shell really runs that aicheck did not read (red team F10), and a startup file built to
make following its source lines quadratic (F1). Each place defines `c` or `claude` to start Claude Code with
`--dangerously-skip-permissions`; `check` passed where the same line in `~/.config/fish/functions/` did not:
fish's vendor folders in the user's data folder, a zsh function autoloaded from a folder `.zshrc` puts on
`fpath`, a zsh global alias that holds the flag, the user's own `~/.bash_completion`."""

from __future__ import annotations

import json

import pytest

from support.packs import isolate_cli, run_cli
from tui.core.sourced_files import MAX_SOURCED_FILES

FLAG = "--dangerously-skip-permissions"
GATEWAY = "https://ai-gateway.example.com"


def _claude(machine_factory, platform: str = "linux"):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    return m


def _check(m, tmp_path, monkeypatch, capsys, *extra: str) -> tuple[int, dict, str]:
    """(check's exit code, Claude Code's conditions by id, check's text) through the real CLI."""
    isolate_cli(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")  # the scanned disk's, whatever runs the tests
    args = ("check", "--root", str(m.root), "--platform", m.platform, "--home", m.home, *extra)
    code, out, err = run_cli(capsys, *args, "--json")
    assert "Traceback" not in err
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    return code, {c["id"]: c for c in tool["conditions"]}, run_cli(capsys, *args)[1]


def _read(m, pack) -> tuple[set[str], list[tuple[str, str]]]:
    """(the files the scan read, as machine paths; the audit's notes) of a scan of ``m``."""
    from tui.core.scanner import scan

    report = scan(m.machine(), pack)
    root = str(m.root)
    return {p[len(root) :] for p in report.audit.paths_read}, [(s.path, s.reason) for s in report.audit.skipped]


# -- F1: a line past the bound of what is followed is noted once, and one file sourced again is no new file --


def test_one_file_sourced_ten_thousand_times_is_read_once(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """A `.bashrc` of 10,000 `. ~/x` lines: the same file each time, read once. Every line past the 128th was
    counted as a new file past the bound and noted one by one (quadratic: 45 s), and the check could not confirm."""
    m = _claude(machine_factory)
    m.write(m.h("x"), "true\n")
    bashrc = m.write(m.h(".bashrc"), ". ~/x\n" * 10_000)
    read, notes = _read(m, pack)
    assert m.h("x") in read
    assert [n for n in notes if n[0] == m.machine().display(bashrc)] == []
    _code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]


def test_ten_thousand_files_past_the_bound_are_noted_once(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """10,000 lines each sourcing another file: 128 are followed, the first line past the bound is noted and
    cannot confirm the condition, the other lines are counted in one note (not 9,872 notes, each a scan of
    the ones before)."""
    m = _claude(machine_factory)
    bashrc = m.write(m.h(".bashrc"), "".join(f". ~/.x{i}\n" for i in range(10_000)))
    shown = m.machine().display(bashrc)
    _read_files, notes = _read(m, pack)
    mine = [reason for path, reason in notes if path == shown]
    first = MAX_SOURCED_FILES + 1
    assert mine == [
        f"line {first} sources more files than are followed: not read",
        f"lines {first + 1} to 10000 (9871 lines) source more files than are followed: not read",
    ]
    code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    assert state["detail"].count("sources more files than aicheck follows") == 1, state["detail"]


# -- F10: the places a shell runs at start that were not read ------------------------------------------------

# (id, {file: text}, the file and line the finding names)
PLACES = [
    (  # fish 3.5+ runs $__fish_user_data_dir/vendor_conf.d/*.fish ($XDG_DATA_HOME/fish) with conf.d's
        "fish-vendor-conf-d",
        {".local/share/fish/vendor_conf.d/c.fish": f"alias c 'claude {FLAG}'\n"},
        (".local/share/fish/vendor_conf.d/c.fish", 1),
    ),
    (  # and autoloads a function from its vendor_functions.d, after ~/.config/fish/functions
        "fish-vendor-functions-d",
        {".local/share/fish/vendor_functions.d/claude.fish": f"function claude\n  command claude {FLAG} $argv\nend\n"},
        (".local/share/fish/vendor_functions.d/claude.fish", 2),
    ),
    (
        "zsh-autoload-fpath",
        {".zshrc": "fpath=(~/.zfunc $fpath)\nautoload -Uz c\n", ".zfunc/c": f'claude {FLAG} "$@"\n'},
        (".zfunc/c", 1),
    ),
    (
        "zsh-autoload-fpath-appended",
        {
            ".zshenv": "fpath+=~/.zfunc\n",
            ".zshrc": "autoload -U compinit c && compinit\n",
            ".zfunc/c": f"claude {FLAG}\n",
        },
        (".zfunc/c", 1),
    ),
    (
        "zsh-autoload-fpath-array-lines",
        {
            ".zshrc": 'fpath=(\n  "$HOME/.zsh/functions"\n  $fpath\n)\nautoload -Uz -- yolo\n',
            ".zsh/functions/yolo": f'yolo() {{\n  claude {FLAG} "$@"\n}}\n',
        },
        (".zsh/functions/yolo", 2),
    ),
    (
        "zsh-autoload-FPATH",
        {".zshrc": "export FPATH=$HOME/.zfunc:$FPATH\nautoload c\n", ".zfunc/c": f"claude {FLAG}\n"},
        (".zfunc/c", 1),
    ),
    (  # quoted, with or without export: the closing quote was taken with $FPATH, the value not read at all
        "zsh-autoload-FPATH-quoted",
        {".zshrc": 'FPATH="$HOME/.myfuncs:$FPATH"\nautoload -Uz c\n', ".myfuncs/c": f'claude {FLAG} "$@"\n'},
        (".myfuncs/c", 1),
    ),
    (
        "zsh-autoload-export-FPATH-quoted",
        {".zshrc": 'export FPATH="$HOME/.zfunc:$FPATH"\nautoload -Uz c\n', ".zfunc/c": f"claude {FLAG}\n"},
        (".zfunc/c", 1),
    ),
    (
        "zsh-autoload-FPATH-quoted-appended",
        {".zshrc": 'FPATH="${FPATH}:$HOME/.zfunc"\nautoload -Uz c\n', ".zfunc/c": f"claude {FLAG}\n"},
        (".zfunc/c", 1),
    ),
    (  # zsh 5.4+: a path loads that file, the function named after it
        "zsh-autoload-path",
        {".zshrc": "autoload -Uz ~/.zfunc/c\n", ".zfunc/c": f"claude {FLAG}\n"},
        (".zfunc/c", 1),
    ),
    (  # each file of the folder, by a glob of its names
        "zsh-autoload-glob",
        {".zshrc": "fpath=(~/.zfunc $fpath)\nautoload -Uz ~/.zfunc/*(.:t)\n", ".zfunc/c": f"claude {FLAG}\n"},
        (".zfunc/c", 1),
    ),
    (  # a name the autoloaded function defines, given the flag where it is called
        "zsh-autoload-leading-name",
        {
            ".zshrc": f"fpath=(~/.zfunc $fpath)\nautoload -Uz c\nalias yolo='c {FLAG}'\n",
            ".zfunc/c": 'command claude "$@"\n',
        },
        (".zshrc", 3),
    ),
    (  # a global alias expands anywhere on a line: the alias that starts claude with it starts it with the flag
        "zsh-global-alias",
        {".zshrc": f"alias -g YOLO='{FLAG}'\nalias c='claude YOLO'\n"},
        (".zshrc", 2),
    ),
    ("zsh-global-alias-galiases", {".zshrc": f"galiases[Y]={FLAG}\nc() {{ claude Y }}\n"}, (".zshrc", 2)),
    (  # bash-completion's loader runs the user's file at every interactive start, where it is installed
        "bash-completion-user-file",
        {".bash_completion": f"alias claude='claude {FLAG}'\n"},
        (".bash_completion", 1),
    ),
    (  # and its profile.d hook the user's XDG file, before it
        "bash-completion-xdg-file",
        {".config/bash_completion": f"alias claude='claude {FLAG}'\n"},
        (".config/bash_completion", 1),
    ),
]


@pytest.mark.parametrize("files, where", [p[1:] for p in PLACES], ids=[p[0] for p in PLACES])
def test_a_flag_in_a_place_the_shell_runs_is_found(tmp_path, machine_factory, monkeypatch, capsys, pack, files, where):
    m = _claude(machine_factory)
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    for rel, text in files.items():
        m.write(m.h(rel), text)
    code, states, text = _check(m, tmp_path, monkeypatch, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    shown = m.machine().display(m.h(where[0]))
    assert f"{shown} line {where[1]} starts " in state["detail"], state["detail"]
    assert f"'{FLAG}'" in state["detail"]
    if "alias -g" in str(files) or "galiases" in str(files):
        assert f"'{FLAG}' from " in state["detail"], state["detail"]  # named by the global alias
    read, _notes = _read(m, pack)
    assert {m.h(rel) for rel in files} <= read  # the audit lists each file read


# the same places, harmless: read where they run and met, and a file no line names is not read
HARMLESS = [
    (
        "fish-vendor-harmless",
        {
            ".local/share/fish/vendor_conf.d/c.fish": "alias c 'claude --model opus'\n",
            ".local/share/fish/vendor_functions.d/claude.fish": "function claude\n  command claude $argv\nend\n",
        },
        (),
    ),
    (  # ~/.zfunc/other is on fpath but no line autoloads it: never read (a folder is not walked)
        "zsh-autoload-named-only",
        {
            ".zshrc": "fpath=(~/.zfunc $fpath)\nautoload -Uz c compinit\n",
            ".zfunc/c": "claude --model opus\n",
            ".zfunc/other": f"claude {FLAG}\n",
        },
        (".zfunc/other",),
    ),
    ("zsh-global-alias-harmless", {".zshrc": "alias -g G='| grep -i'\nalias c='claude G'\nalias -g Y=yes\n"}, ()),
]


@pytest.mark.parametrize("files, unread", [p[1:] for p in HARMLESS], ids=[p[0] for p in HARMLESS])
def test_the_same_places_harmless_are_met(tmp_path, machine_factory, monkeypatch, capsys, pack, files, unread):
    m = _claude(machine_factory)
    for rel, text in files.items():
        m.write(m.h(rel), text)
    _code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]
    read, _notes = _read(m, pack)
    assert {m.h(rel) for rel in files if rel not in unread} <= read
    assert not {m.h(rel) for rel in unread} & read


def test_an_autoload_name_the_shell_computes_cannot_confirm(tmp_path, machine_factory, monkeypatch, capsys, pack):
    m = _claude(machine_factory)
    zshrc = m.write(m.h(".zshrc"), "fpath=(~/.zfunc $fpath)\nname=$(cat ~/.name)\nautoload -Uz $name\n")
    m.write(m.h(".zfunc/c"), f"claude {FLAG}\n")
    _code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    state = states["not-started-unattended"]
    assert state["state"] == "unmet" and state["detail"].startswith("cannot confirm"), state
    _read_files, notes = _read(m, pack)
    assert (m.machine().display(zshrc), "line 3 autoloads a function named at run time: not read") in notes


def test_an_fpath_value_that_cannot_be_split_is_noted(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """A value of FPATH whose quotes do not close is not split into folders: the audit says so (it was
    skipped without a word)."""
    m = _claude(machine_factory)
    zshrc = m.write(m.h(".zshrc"), 'FPATH=$HOME/.zfunc"\nautoload -Uz c\n')
    _read_files, notes = _read(m, pack)
    assert (m.machine().display(zshrc), "line 1 puts on fpath a value whose quotes do not close: not read") in notes


def test_fish_vendor_files_run_in_every_session_unless_conf_d_shadows_them(
    tmp_path, machine_factory, monkeypatch, capsys
):
    """fish runs one file of each name among conf.d and the vendor folders, the user's conf.d first: a vendor
    file's export is every session's, unless a conf.d file of the same name is run in its place."""
    m = _claude(machine_factory)
    m.write(m.h(".local/share/fish/vendor_conf.d/gateway.fish"), f"set -gx ANTHROPIC_BASE_URL {GATEWAY}\n")
    _code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    assert states["gateway"]["state"] == "met", states["gateway"]
    m.write(m.h(".config/fish/conf.d/gateway.fish"), "# mine, in its place\n")
    _code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    assert states["gateway"]["state"] == "unmet", states["gateway"]


def test_a_fish_vendor_folder_xdg_data_dirs_names_in_the_home_is_read(machine_factory, pack):
    """A folder of XDG_DATA_DIRS inside the home (a terminal's or Nix's own) is fish's too; the system's
    (/usr/share/fish/vendor_conf.d) is what packages ship, not read, as bash-completion's loader is not."""
    import dataclasses

    from tui.core.scanner import scan

    m = _claude(machine_factory)
    mine = m.write(m.h(".nix-profile/share/fish/vendor_conf.d/c.fish"), f"alias c 'claude {FLAG}'\n")
    packaged = m.write("/usr/share/fish/vendor_conf.d/tool.fish", "set -gx TOOL 1\n")
    env = {"XDG_DATA_DIRS": f"{m.h('.nix-profile/share')}:/usr/local/share:/usr/share"}
    machine = dataclasses.replace(m.machine(), env=env)
    report = scan(machine, pack)
    states = {c.condition.id: c for c in report.finding("claude-code").conditions}
    assert states["not-started-unattended"].state == "unmet"
    assert f"{machine.display(mine)} line 1" in states["not-started-unattended"].detail
    read = {p[len(str(m.root)) :] for p in report.audit.paths_read}
    assert mine in read and packaged not in read


def test_a_gateway_in_the_users_completion_file_is_some_sessions_only(tmp_path, machine_factory, monkeypatch, capsys):
    """~/.bash_completion runs only where bash-completion is installed and loaded: an export there can
    break the gateway, never meet it."""
    m = _claude(machine_factory)
    m.write(m.h(".bash_completion"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    _code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    assert states["gateway"]["state"] == "unmet", states["gateway"]


def test_autoloaded_functions_are_bounded(machine_factory, pack):
    """A `.zshrc` that puts 40 folders on fpath and autoloads 500 names, each a file in every folder: the
    folders and files followed are bounded, the line past them is noted and cannot confirm, the scan ends."""
    from tui.core.scanner import scan
    from tui.core.sourced_files import MAX_AUTOLOADED, MAX_FPATH_FOLDERS

    m = _claude(machine_factory)
    folders = [f"~/.f{i}" for i in range(40)]
    names = [f"n{i}" for i in range(500)]
    for i in range(40):
        for name in names[:20]:
            m.write(m.h(f".f{i}/{name}"), "true\n")
    zshrc = m.write(
        m.h(".zshrc"), f"fpath=({' '.join(folders)} $fpath)\nautoload -Uz {' '.join(names)}\nautoload -Uz ~/.f0/*\n"
    )
    report = scan(m.machine(), pack)
    read = [p for p in report.audit.paths_read if "/.f" in p]
    assert 0 < len(read) <= MAX_AUTOLOADED
    assert {p.rpartition("/.f")[2].split("/")[0] for p in read} <= {str(i) for i in range(MAX_FPATH_FOLDERS)}
    notes = [(s.path, s.reason) for s in report.audit.skipped]
    assert (m.machine().display(zshrc), "line 2 autoloads more functions than are followed: not read") in notes
    state = {c.condition.id: c for c in report.finding("claude-code").conditions}["not-started-unattended"]
    assert state.state == "unmet" and "cannot confirm" in state.detail, state.detail
    assert not report.errors
