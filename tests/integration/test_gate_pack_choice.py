"""The gate judges with the company's pack or not at all: with nothing naming one, the bundled example does not
stand in for `check`, `check --all-users` or the osquery extension (exit 2), and where the managed config names
the company's pack, `--content` / AICHECK_CONTENT cannot put another (an older signed pack, the example) in its
place. `scan` still shows what a pack says, and says when it is the example. The real CLI, real signed packs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.fleet import build_users_machine
from support.packs import company_pack, isolate_cli, run_cli
from tui.core.signing import generate_key, sign_file
from tui.packs.archive import build_archive

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)  # nothing names a pack


def _cursor(machine_factory):
    m = machine_factory("linux")
    m.executable("cursor")  # prohibited by the example pack and by the company's copy of it
    return m


def _args(m) -> list[str]:
    return m.cli_args()


def test_check_with_no_pack_named_is_exit_2_never_the_example_s_verdict(machine_factory, capsys):
    m = machine_factory("linux")  # nothing installed: the example would say compliant
    code, out, err = run_cli(capsys, "check", *_args(m))
    assert code == 2 and out == ""
    assert "none is configured" in err and "--content example" in err and "Traceback" not in err
    code, out, err = run_cli(capsys, "check", "--json", *_args(m))
    assert code == 2 and out == ""
    code, out, _err = run_cli(capsys, "check", "--content", "example", "--json", *_args(m))
    report = json.loads(out)
    assert code == 0 and report["policy"]["pack"]["source"] == "bundled"
    assert report["policy"]["pack"]["from"] == "--content"


def test_scan_with_no_pack_named_says_it_is_the_example(machine_factory, capsys):
    m = _cursor(machine_factory)
    code, out, _err = run_cli(capsys, "scan", *_args(m))
    assert code == 0 and "the bundled example pack, not your company's" in out.splitlines()[0]
    code, out, _err = run_cli(capsys, "check", "--content", "example", *_args(m))
    first = out.splitlines()[0]  # named on purpose: still said to be the example
    assert code == 1 and "the bundled example pack, not your company's" in first and "none is configured" not in first


def test_check_of_every_user_with_no_pack_named_is_exit_2(tmp_path, capsys):
    build_users_machine(tmp_path / "disk")
    code, out, err = run_cli(capsys, "check", "--all-users", "--root", str(tmp_path / "disk"), "--platform", "linux")
    assert code == 2 and out == "" and "none is configured" in err


def test_the_osquery_extension_with_no_pack_named_serves_no_tables(tmp_path):
    """Started by osqueryd with no company pack, it ends at once with the reason (exit 2): a fleet sees no
    aicheck table, never rows judged by the example."""
    pytest.importorskip("osquery")
    env = {k: v for k, v in __import__("os").environ.items() if k != "AICHECK_CONTENT"}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "osquery-extension", "--socket", str(tmp_path / "osquery.em")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "none is configured" in done.stderr and "Traceback" not in done.stderr


def _company(tmp_path: Path, name: str, cursor: str) -> tuple[Path, str]:
    """A signed company pack ``name`` with Cursor ``cursor`` (approved in the older one)."""
    folder = company_pack(tmp_path / name, None, version="2026.10.1" if cursor == "approved" else "2026.12.1")
    policy = folder / "policy.toml"
    text = policy.read_text()
    start = text.index("[tools.cursor]")
    end = text.index("\n[", start + 1)
    policy.write_text(text[:start] + f'[tools.cursor]\nstatus = "{cursor}"\nrationale = "r"\n' + text[end:])
    key = tmp_path / "company.pem"
    public = generate_key(key) if not key.exists() else (tmp_path / "company.pub").read_text()
    (tmp_path / "company.pub").write_text(public)
    archive = tmp_path / f"{name}.tar.gz"
    build_archive(folder, archive)
    sign_file(archive, key)
    return archive, public


def test_with_a_managed_pack_another_pack_named_by_the_user_is_refused(tmp_path, machine_factory, capsys, monkeypatch):
    current, public = _company(tmp_path, "current", "prohibited")
    older, _ = _company(tmp_path, "older", "approved")  # signed by the same company key, once
    managed = tmp_path / "managed" / "config.toml"
    managed.parent.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr("tui.paths.managed_config_file", lambda: managed)
    managed.write_text(f'[content]\nurl = "{current}"\npublic_key = "{public}"\n')
    m = _cursor(machine_factory)
    code, out, _err = run_cli(capsys, "check", *_args(m))
    assert code == 1 and "Cursor" in out  # the company's pack
    for user_choice in (str(older), "example"):
        code, out, err = run_cli(capsys, "check", "--content", user_choice, *_args(m))
        assert code == 2 and out == "" and "managed config" in err and "cannot replace it" in err
        monkeypatch.setenv("AICHECK_CONTENT", user_choice)
        code, out, err = run_cli(capsys, "check", *_args(m))
        assert code == 2 and "AICHECK_CONTENT cannot replace it" in err
        monkeypatch.delenv("AICHECK_CONTENT")
    code, _out, _err = run_cli(capsys, "check", "--content", str(current), *_args(m))
    assert code == 1  # naming the company's own pack is fine
    code, out, _err = run_cli(capsys, "scan", "--json", "--content", str(older), *_args(m))
    cursor = next(t for t in json.loads(out)["tools"] if t["id"] == "cursor")
    assert code == 0 and cursor["verdict"] == "approved"  # scan shows what another pack says: it is not the gate


def test_a_managed_key_without_a_url_refuses_the_example_too(tmp_path, machine_factory, capsys, monkeypatch):
    """Red team: the managed config pinned a public_key alone (the pack given by --content, as an MDM script
    does): `--content example` was the unsigned example judging (exit 0). A pinned key means a signed pack."""
    _current, public = _company(tmp_path, "current", "prohibited")
    managed = tmp_path / "managed" / "config.toml"
    managed.parent.mkdir(parents=True, exist_ok=True)
    managed.write_text(f'[content]\npublic_key = "{public}"\n')
    monkeypatch.setattr("tui.paths.managed_config_file", lambda: managed)
    m = _cursor(machine_factory)
    for argv in (["check"], ["check", "--json"], ["scan"]):
        code, out, err = run_cli(capsys, *argv, "--content", "example", *_args(m))
        assert code == 2 and out == "" and "the bundled example is not signed" in err
