"""A broken file on the scanned disk is skipped with a note; the rest of the scan goes on."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from tui.core.scanner import scan
from tui.report.json_report import dumps
from tui.report.text import render_explain
from tui.report.style import Painter


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
    m.write(m.h("Library/Application Support/JetBrains/PyCharm2025.2/plugins/github-copilot-intellij/lib/"
                "github-copilot-intellij.jar"), b"PK\x03\x04 this is not a zip")
    m.mac_app("Claude.app", "com.anthropic.claudefordesktop", "0.13.1")
    r = scan(m.machine(), pack)
    assert r.finding("claude-desktop") is not None and r.errors == []
    reasons = " | ".join(skipped(r).values())
    assert "corrupt plist" in reasons and "unreadable archive" in reasons


def test_zip_bomb_plugin_xml_is_refused(m, pack):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("META-INF/plugin.xml", b"<idea-plugin><id>com.github.copilot</id>" + b" " * (20 * 1024 * 1024))
    m.write(m.h(".local/share/JetBrains/IdeaIC2025.2/github-copilot-intellij/lib/github-copilot-intellij.jar"),
            buf.getvalue())
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
    m.write_json("/usr/local/lib/node_modules/@anthropic-ai/claude-code/package.json",
                 {"name": "@anthropic-ai/claude-code", "version": "[bold red]2.1.300\x1b]0;pwned\x07"})
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
