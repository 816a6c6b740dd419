"""A scan of this computer never reads a secret a link in the scanned home leads to.

Red team: with no ``--root``, ``~/.claude/settings.json -> /proc/self/environ`` had the scan read its own
environment (every token in it; nothing was printed, but the scan read what it had no reason to), and
``~/.gemini/settings.json -> /proc/self/mem`` its memory; run by root for another user's home
(``sudo aicheck check --home /home/bob``), ``~/.codex/config.toml -> /root/.ssh/id_ed25519`` had root read
a file bob cannot. Now a link into ``/proc`` or ``/sys`` is never followed, and root scanning a home that is
not its own is confined to that home and the system folders, as each home of ``--all-users`` is."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from support.packs import run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and /proc")


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "bob"
    (home / ".claude").mkdir(parents=True)
    (home / ".codex").mkdir()
    (home / "bin").mkdir()
    return home


def _check(capsys, home: Path) -> tuple[int, dict]:
    code, out, _err = run_cli(
        capsys, "check", "--json", "--content", "example", "--home", str(home), "--search-path", str(home / "bin")
    )
    return code, json.loads(out)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="a Linux /proc")
def test_a_link_into_proc_is_never_followed(capsys, tmp_path, monkeypatch):
    home = _home(tmp_path)
    monkeypatch.setenv("AICHECK_TEST_CANARY", "CANARY-ENVIRON")
    (home / ".claude" / "settings.json").symlink_to("/proc/self/environ")
    (home / ".codex" / "config.toml").symlink_to("/proc/self/mem")
    code, report = _check(capsys, home)
    audit = report["audit"]
    own_clock = ("/proc/stat", "/proc/uptime")  # the kernel's clock, read by aicheck itself (tui.core.clock)
    assert not [p for p in audit["paths_read"] if p.startswith("/proc/") and p not in own_clock], audit["paths_read"]
    reasons = {s["path"]: s["reason"] for s in audit["skipped"]}
    for name in (".claude/settings.json", ".codex/config.toml"):
        assert reasons[str(home / name)].startswith("link leads into /proc or /sys"), reasons
    unchecked = {u["config"] for u in report["unchecked_configs"]}
    assert {str(home / ".claude" / "settings.json"), str(home / ".codex" / "config.toml")} <= unchecked, unchecked
    assert code != 0  # configs that cannot be checked: never a clean bill


def test_root_scanning_another_home_is_confined_to_it(capsys, tmp_path, monkeypatch):
    home = _home(tmp_path)
    secret = tmp_path / "root-only" / "id_ed25519"
    secret.parent.mkdir()
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nCANARY-KEY\n")
    (home / ".codex" / "config.toml").symlink_to(secret)
    monkeypatch.setattr(os, "geteuid", lambda: 0)  # run by root (the test's own account may be any)
    code, report = _check(capsys, home)
    audit = report["audit"]
    assert str(secret) not in audit["paths_read"]
    reasons = {s["path"]: s["reason"] for s in audit["skipped"]}
    assert reasons[str(home / ".codex" / "config.toml")].startswith("link leads outside this user's home"), reasons
    assert str(home / ".codex" / "config.toml") in {u["config"] for u in report["unchecked_configs"]}
    assert code != 0

    monkeypatch.setattr(os, "geteuid", lambda: 4242)  # the account itself: its own links are its own business
    code, report = _check(capsys, home)
    assert str(secret) in report["audit"]["paths_read"] and code != 0  # read, and not TOML: cannot be checked
    assert "CANARY-KEY" not in json.dumps(report)


def test_root_scanning_with_another_accounts_home_is_confined_to_it(capsys, tmp_path, monkeypatch):
    """`sudo -E aicheck scan` keeps the user's HOME: root scanned bob's home unconfined, following bob's links
    anywhere. The home root scans is confined whenever it is not root's own, however it was chosen."""
    home = _home(tmp_path)
    secret = tmp_path / "root-only" / "id_ed25519"
    secret.parent.mkdir()
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nCANARY-KEY\n")
    (home / ".codex" / "config.toml").symlink_to(secret)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    _code, out, _err = run_cli(capsys, "scan", "--json", "--content", "example")
    report = json.loads(out)
    assert report["host"]["home"] == str(home) and report["host"]["search_path_source"] == "standard"
    assert str(secret) not in report["audit"]["paths_read"]
    assert str(home / ".codex" / "config.toml") in {u["config"] for u in report["unchecked_configs"]}
