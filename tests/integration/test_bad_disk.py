"""A broken file on the scanned disk is skipped with a note; the rest of the scan goes on."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from tui.core.scanner import scan
from tui.report.json_report import dumps
from tui.report.style import Painter
from tui.report.text import render_explain


def skipped(report) -> dict[str, str]:
    return {s.path: s.reason for s in report.audit.skipped}


@pytest.fixture
def m(machine_factory):
    m = machine_factory("linux")
    m.vscode_extension("github.copilot", "1.300.0")  # a healthy install that must still be found
    return m


def assert_still_scans(report):
    assert report.finding("github-copilot") is not None
    assert report.errors == []


def test_invalid_json_manifest(m, pack):
    m.write("/usr/local/lib/node_modules/@anthropic-ai/claude-code/package.json", "{not json")
    r = scan(m.machine(), pack)
    assert_still_scans(r)
    f = r.finding("claude-code")
    assert f.installs[0].version is None  # present, version unknown
    assert any("invalid JSON" in why for why in skipped(r).values())


def test_a_package_json_that_names_another_package_hides_nothing(m, pack, capsys):
    """npm names the folder after the package it holds. Editing the name in an affected Claude Code's
    package.json made the folder not count, and `check` said compliant: the folder now counts, with a note."""
    from tui.cli import main

    pkg = m.npm("@anthropic-ai/claude-code", "2.1.150", manager="user")
    manifest = m.host(pkg + "/package.json")
    manifest.write_text(json.dumps(json.loads(manifest.read_text()) | {"name": "left-pad"}))
    f = scan(m.machine(), pack).finding("claude-code")
    assert f is not None and f.action_required and f.installs[0].version == "2.1.150"
    assert "its package.json names 'left-pad': counted by its folder" in f.installs[0].detail
    assert main(["check", *m.cli_args()]) == 1
    assert "Claude Code 2.1.150: prohibited" in capsys.readouterr().out


def test_huge_and_binary_and_non_regular_files(m, pack):
    m.write("/usr/local/lib/node_modules/@google/gemini-cli/package.json", b"{" + b" " * (5 * 1024 * 1024) + b"}")
    m.write("/usr/local/lib/node_modules/opencode-ai/package.json", b"\x00\x01\x02binary")
    fifo_dir = m.host("/usr/local/lib/node_modules/@openai/codex")
    fifo_dir.mkdir(parents=True)
    os.mkfifo(fifo_dir / "package.json")  # reading a FIFO would hang: it must be refused, not opened
    r = scan(m.machine(), pack)
    assert_still_scans(r)
    reasons = " | ".join(skipped(r).values())
    assert "too large" in reasons and "binary" in reasons and "not a regular file" in reasons


def test_extensions_json_of_the_wrong_shape(m, pack):
    m.write_json(m.h(".cursor/extensions/extensions.json"), {"not": "an array"})
    m.write(m.h(".windsurf/extensions/extensions.json"), "[{]")
    r = scan(m.machine(), pack)
    assert_still_scans(r)


def test_corrupt_plist_and_jar(machine_factory, pack):
    m = machine_factory("macos")
    m.write("/Applications/Cursor.app/Contents/Info.plist", b"<?xml version='1.0'?><plist><dict><key>x")
    m.write(
        m.h(
            "Library/Application Support/JetBrains/PyCharm2025.2/plugins/github-copilot-intellij/lib/"
            "github-copilot-intellij.jar"
        ),
        b"PK\x03\x04 this is not a zip",
    )
    m.mac_app("Claude.app", "com.anthropic.claudefordesktop", "0.13.1")
    r = scan(m.machine(), pack)
    assert r.finding("claude-desktop") is not None and r.errors == []
    reasons = " | ".join(skipped(r).values())
    assert "corrupt plist" in reasons and "unreadable archive" in reasons


def test_zip_bomb_plugin_xml_is_refused(m, pack):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("META-INF/plugin.xml", b"<idea-plugin><id>com.github.copilot</id>" + b" " * (20 * 1024 * 1024))
    m.write(
        m.h(".local/share/JetBrains/IdeaIC2025.2/github-copilot-intellij/lib/github-copilot-intellij.jar"),
        buf.getvalue(),
    )
    r = scan(m.machine(), pack)
    assert_still_scans(r)
    assert not any(i.channel == "jetbrains" for i in r.finding("github-copilot").installs)
    assert any("too large inside archive" in why for why in skipped(r).values())


def test_symlink_loop_and_dangling_link_on_path(m, pack):
    bin_dir = m.h(".local/bin")
    m.symlink(f"{bin_dir}/claude", f"{bin_dir}/claude-loop")
    m.symlink(f"{bin_dir}/claude-loop", f"{bin_dir}/claude")
    m.symlink(f"{bin_dir}/gemini", "/nowhere/gemini")
    m.add_to_path(bin_dir)
    r = scan(m.machine(), pack)
    assert_still_scans(r)
    reasons = set(skipped(r).values())
    assert "symlink loop" in reasons and "dangling symlink" in reasons


def test_symlink_cannot_escape_the_scanned_root(machine_factory, pack, tmp_path):
    """An absolute link target is resolved inside --root, never on the host running the scan."""
    outside = tmp_path / "host-npm" / "@anthropic-ai" / "claude-code"
    outside.mkdir(parents=True)
    (outside / "package.json").write_text(json.dumps({"name": "@anthropic-ai/claude-code", "version": "2.1.100"}))
    m = machine_factory("linux")
    m.executable("claude", target=str(outside / "cli.js"))
    r = scan(m.machine(), pack)
    assert r.finding("claude-code") is None
    assert not any(p.startswith(str(tmp_path / "host-npm")) for p in r.audit.paths_read)


def test_markup_and_escape_sequences_in_versions_are_not_shown_as_such(m, pack):
    m.write_json(
        "/usr/local/lib/node_modules/@anthropic-ai/claude-code/package.json",
        {"name": "@anthropic-ai/claude-code", "version": "[bold red]2.1.300\x1b]0;pwned\x07"},
    )
    m.vscode_extension("continue.continue", "1.2.0")
    ext = m.h(".vscode/extensions/extensions.json")
    data = json.loads(m.host(ext).read_text())
    data[-1]["version"] = "\x1b[31m9.9.9"
    m.write_json(ext, data)
    r = scan(m.machine(), pack)
    assert r.finding("claude-code").installs[0].version is None
    assert r.finding("continue").installs[0].version is None
    text = render_explain(r, Painter(False)) + dumps(r)
    assert "\x1b" not in text and "\x07" not in text
    assert "ignored a version that is not a version" in text


def test_odd_file_names(m, pack):
    odd = m.h(".vscode/extensions")
    for name in ("weird\nname-1.0.0", "ünïcödé.ext-1.0.0", "-rf", " spaced .x-1.0.0"):
        (m.host(odd) / name).mkdir(parents=True, exist_ok=True)
    raw = os.fsencode(str(m.host(m.h(".local/bin"))))
    os.makedirs(raw, exist_ok=True)
    open(os.path.join(raw, b"bad\xffname"), "wb").close()
    m.add_to_path(m.h(".local/bin"))
    r = scan(m.machine(), pack)
    assert_still_scans(r)
    dumps(r)  # the JSON report must still serialise


def test_unreadable_folder(m, pack):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    locked = m.host(m.h(".cursor/extensions"))
    locked.mkdir(parents=True)
    locked.chmod(0)
    try:
        assert_still_scans(scan(m.machine(), pack))
    finally:
        locked.chmod(0o755)


# -- containment: no link shape reaches a file outside --root --------------------------------------

_WATCH = r"""
import os, sys
outside = os.fsencode(sys.argv.pop(1))
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir", "os.readlink", "os.stat") and args and \
            isinstance(args[0], (str, bytes, os.PathLike)) and os.fsencode(args[0]).startswith(outside):
        os.write(2, b"ESCAPED " + event.encode() + b" " + os.fsencode(args[0]) + b"\n")
sys.addaudithook(hook)
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _hostile_links_image(machine_factory, tmp_path):
    """An image whose links point at a folder next to it (``outside``) in every shape the scan could follow."""
    outside = tmp_path / "outside"
    marker = {"name": "@anthropic-ai/claude-code", "version": "6.6.6", "marker": "OUTSIDE-MARKER"}
    for pkg in ("claude-code", "codex", "gemini"):
        (outside / pkg).mkdir(parents=True)
        (outside / pkg / "package.json").write_text(json.dumps(marker))
    (outside / "settings.json").write_text('{"env": {"OUTSIDE-MARKER": "1"}}')
    (outside / "config.toml").write_text('approval_policy = "OUTSIDE-MARKER"\n')
    (outside / "bin").mkdir()
    (outside / "bin" / "aider").write_text("#!/bin/sh\n")
    (outside / "ext" / "github.copilot-chat-0.66.6").mkdir(parents=True)
    m = machine_factory("linux")
    m.vscode_extension("github.copilot", "1.300.0")
    npm = "/usr/local/lib/node_modules"
    m.symlink(f"{npm}/@anthropic-ai/claude-code", str(outside / "claude-code"))  # absolute link to a folder
    m.mkdir(f"{npm}/@openai/codex")
    m.symlink(f"{npm}/@openai/codex/package.json", str(outside / "codex" / "package.json"))  # ... to a file
    m.symlink(f"{npm}/@google/gemini-cli", "../" * 12 + "outside/gemini")  # relative, escaping with ../..
    m.symlink(m.h(".codex/config.toml"), str(outside / "config.toml"))
    m.symlink(m.h(".local/bin"), str(outside / "bin"))  # a search-path folder
    m.add_to_path(m.h(".local/bin"))
    m.symlink(m.h(".cursor/extensions"), str(outside / "ext"))
    m.symlink(m.h(".windsurf/extensions"), "loop-a")  # a loop
    m.symlink(m.h(".windsurf/loop-a"), "loop-b")
    m.symlink(m.h(".windsurf/loop-b"), "extensions")
    # a settings file read by a condition through a chain longer than the hop limit, ending in a relative
    # link that escapes with ../..; and a link to "/"
    m.symlink(m.h(".claude/chain-45"), "../" * 12 + "outside/settings.json")
    for i in range(45):
        m.symlink(m.h(f".claude/chain-{i}"), f"chain-{i + 1}")
    m.symlink(m.h(".claude/settings.json"), "chain-0")
    m.executable("claude", folder="/usr/bin")  # so that Claude Code's conditions are checked
    m.symlink(m.h(".qwen"), "/")
    # a chain that stays inside: relative -> absolute (mapped into the root) -> the real folder
    m.write_json("/opt/real/opencode/package.json", {"name": "opencode-ai", "version": "0.5.1"})
    m.symlink("/opt/hop2", "/opt/real/opencode")
    m.symlink(f"{npm}/opencode-ai", "../../../../opt/hop1")
    m.symlink("/opt/hop1", "/opt/hop2")
    return m, outside


def test_no_link_shape_leaves_the_scanned_root(machine_factory, tmp_path, pack):
    import subprocess
    import sys

    m, outside = _hostile_links_image(machine_factory, tmp_path)
    env = dict(os.environ, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, "-c", _WATCH, str(outside), "scan", "--explain", *m.cli_args()],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "ESCAPED" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "OUTSIDE-MARKER" not in proc.stdout and "6.6.6" not in proc.stdout
    root = str(m.root.resolve())
    # the chain inside the image is followed, and the audit names each link and the file actually read
    assert f"read   {root}/opt/real/opencode/package.json" in proc.stdout
    assert f"link   {root}/usr/local/lib/node_modules/opencode-ai -> {root}/opt/hop1" in proc.stdout
    assert f"link   {root}/opt/hop1 -> {root}/opt/hop2" in proc.stdout
    assert (
        f"link   {root}/usr/local/lib/node_modules/@anthropic-ai/claude-code -> {root}{outside}/claude-code"
        in proc.stdout
    )


def test_contained_links_in_process(machine_factory, tmp_path, pack):
    m, _outside = _hostile_links_image(machine_factory, tmp_path)
    r = scan(m.machine(), pack)
    assert r.errors == []
    assert r.finding("opencode").installs[0].version == "0.5.1"
    for path in [*r.audit.paths_read, *r.audit.dirs_listed, *(h.target for h in r.audit.links_followed)]:
        assert path.startswith(str(m.root.resolve())), path
    notes = [s.reason for s in r.audit.skipped if s.path == "/home/ada/.claude/settings.json"]
    assert "settings file unreadable: symlink loop" in notes, notes  # > 40 hops
    assert skipped(r)["/home/ada/.windsurf/extensions"] == "symlink loop"
    assert "OUTSIDE-MARKER" not in dumps(r)


# -- the hostile disk corpus: each case scanned by aicheck in a child process, time- and memory-bounded -------


def _codex_and_claude(m) -> None:
    m.npm("@openai/codex", "0.40.0", bin_name="codex")
    m.npm("@anthropic-ai/claude-code", "2.1.200", bin_name="claude")


def _deep_settings(m) -> None:
    _codex_and_claude(m)
    m.write(m.h(".codex/config.toml"), "x = " + "[" * 1000 + "]" * 1000 + "\n")  # tomllib recursion
    m.write(m.h(".claude/settings.json"), "[" * 100000 + "]" * 100000)


def _fifo_settings(m) -> None:
    _codex_and_claude(m)
    for rel in (".codex/config.toml", ".claude/settings.json"):
        m.host(m.h(rel)).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(m.host(m.h(rel)))


def _backtracking_jar(m) -> None:
    m.jetbrains_plugin(
        "com.github.copilot", "1.5.60", "github-copilot-intellij", plugin_xml=b"<idea-plugin><id>" + b" " * 20000
    )


def _huge_values(m) -> None:
    m.write_json(
        "/usr/local/lib/node_modules/@anthropic-ai/claude-code/package.json",
        {"name": "@anthropic-ai/claude-code", "version": "1" * 5000},
    )
    m.write(m.h(".codex/config.toml"), f"n = {'1' * 5000}\n")
    m.npm("@openai/codex", "0.40.0", bin_name="codex")


DISK_CASES = {
    "1,000-deep settings files read by conditions": (_deep_settings, "settings file unreadable"),
    "FIFO settings files": (_fifo_settings, "not a regular file (a FIFO)"),
    "plugin.xml with an unclosed tag and 20,000 spaces": (_backtracking_jar, None),
    "5,000-digit version and integer": (
        _huge_values,
        "settings file unreadable: TOML number too long: an integer of 5,000 digits (at most 4,300) (at line 1, column 5)",
    ),
}


@pytest.mark.parametrize("case", sorted(DISK_CASES))
def test_hostile_disk_corpus(machine_factory, case):
    from support.bounded_run import run_bounded

    build, expected = DISK_CASES[case]
    m = machine_factory("linux")
    build(m)
    result = run_bounded("scan", "--explain", *m.cli_args())
    assert result.code in (0, 1) and result.seconds < 20
    if expected is not None:
        assert expected in result.out, result.out[-2000:]


@pytest.mark.parametrize(
    "bait",
    [
        b"<idea-plugin><vendor>" + b" " * 200000 + b"<name>" + b"x" * 300 + b"</name></vendor>",
        b"<idea-plugin><vendor" + b' a=">"' * 40000 + b">" + b"<id>decoy</id>" * 20000 + b"</vendor>",
        b"<idea-plugin>"
        + b"<!-- <id>decoy</id> -->" * 10000
        + b"<description><![CDATA[<id>decoy</id>]]></description>",
    ],
    ids=["spaces and a long name", "quoted > and nested ids", "ids in comments and CDATA"],
)
def test_plugin_xml_bait_is_read_in_linear_time_and_the_real_tag_still_found(m, pack, bait):
    """Bait before the real ``<id>``, the root element's child: read in linear time, and none of it (deeper
    elements, comments, CDATA, a ``>`` inside an attribute value) taken for the plugin's id or name."""
    import time

    m.jetbrains_plugin(
        "com.github.copilot",
        "1.5.60",
        "github-copilot-intellij",
        plugin_xml=bait + b"<id> com.github.copilot </id><version>1.5.60</version></idea-plugin>",
    )
    started = time.monotonic()
    r = scan(m.machine(), pack)
    assert time.monotonic() - started < 5
    jb = [i for i in r.finding("github-copilot").installs if i.channel == "jetbrains"]
    assert jb and jb[0].version == "1.5.60"
