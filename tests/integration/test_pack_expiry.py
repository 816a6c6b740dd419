"""A signed pack's ``expires`` date: after it, an old copy (the cache kept while the company's server is
blocked, an archive passed with ``--content``) gives no clean bill; before it, the last days are announced.
Real packs (copies of the bundled one), real signatures, a real HTTP server on loopback, the real CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from support.packs import company_pack, isolate_cli, run_cli, serve_folder
from tui.core.signing import generate_key, sign_file
from tui.packs.archive import build_archive

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)
    # the day each test starts, not the day the module was imported: a run across midnight (collected on
    # one day, run on the next) would compare yesterday's dates with aicheck's today
    monkeypatch.setitem(globals(), "TODAY", dt.date.today())


def signed(tmp_path: Path, folder: Path, name: str) -> tuple[Path, str]:
    """(archive, public key): built and signed without the CLI, which refuses to build an expired pack."""
    key_file = tmp_path / "k.pem"
    public = generate_key(key_file) if not key_file.exists() else _public(key_file)
    (tmp_path / "site").mkdir(exist_ok=True)
    archive = tmp_path / "site" / f"{name}.tar.gz"
    build_archive(folder, archive)
    sign_file(archive, key_file)
    return archive, public


def _public(key_file: Path) -> str:
    from tui.core.signing import public_key_of

    return public_key_of(key_file)


run = run_cli


@pytest.fixture
def site(tmp_path):
    with serve_folder(tmp_path / "site") as served:
        yield served


def test_a_cached_pack_past_its_date_gives_no_clean_bill_even_offline(tmp_path, capsys, machine_factory, site):
    """The freeze: the company's server is blocked (or the laptop stays offline) so that the cached pack, from
    before a new ban, keeps answering. Once that pack's signed date has passed, `check` exits 2."""
    base, stop = site
    _archive, public = signed(tmp_path, company_pack(tmp_path / "old", f"{TODAY - dt.timedelta(days=1)}"), "p")
    (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
    clean = machine_factory("linux")  # nothing installed: without the date, a clean bill

    code, out, err = run(capsys, "check", *clean.cli_args())
    expired = f"the content pack acme 2026.12.1 expired on {TODAY - dt.timedelta(days=1)}"
    assert code == 2 and f"! scan error: {expired}" in out and "incomplete scan" in out, (out, err)
    stop()
    code, out, err = run(capsys, "check", "--json", *clean.cli_args())
    data = json.loads(out)
    assert "offline: using the cached pack" in err
    assert code == 2 and data["check"]["exit_code"] == 2 and not data["check"]["compliant"]
    assert data["errors"][0].startswith(expired) and "aicheck content fetch" in data["errors"][0]
    assert data["policy"]["pack"]["expires"] == str(TODAY - dt.timedelta(days=1))
    assert data["policy"]["pack"]["signature_verified"] is True


def test_an_old_signed_archive_passed_with_content_is_held_to_its_date(tmp_path, capsys, machine_factory):
    archive, public = signed(tmp_path, company_pack(tmp_path / "old", f"{TODAY - dt.timedelta(days=40)}"), "old")
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')
    clean = machine_factory("linux")
    code, out, _ = run(capsys, "check", "--content", str(archive), *clean.cli_args())
    assert code == 2 and "expired on" in out
    current, _ = signed(tmp_path, company_pack(tmp_path / "new", f"{TODAY + dt.timedelta(days=90)}"), "new")
    code, out, err = run(capsys, "check", "--content", str(current), *clean.cli_args())
    assert code == 0 and "expired" not in out and "expires" not in out, (out, err)


def test_an_expired_pack_still_says_what_needs_action(tmp_path, capsys, machine_factory):
    """The date takes away the clean bill, never a finding: what the old policy prohibits still fails (exit 1)."""
    folder = company_pack(tmp_path / "old", f"{TODAY - dt.timedelta(days=3)}")
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    code, out, _ = run(capsys, "check", "--content", str(folder), *m.cli_args())
    assert code == 1 and "✗ Claude Code" in out and "expired on" in out


def test_plain_scan_shows_the_scan_error_too(tmp_path, capsys, machine_factory):
    """`scan`'s table of an empty machine under an expired pack said only "No AI tools found": the error that
    takes away the clean bill was in --json, --explain and check alone."""
    folder = company_pack(tmp_path / "old", f"{TODAY - dt.timedelta(days=3)}")
    clean = machine_factory("linux")
    code, out, _ = run(capsys, "scan", "--content", str(folder), *clean.cli_args())
    assert code == 0 and "No AI tools found" in out  # scan lists; check is the gate (exit 2)
    assert "Scan error (the scan went on; not a clean bill): the content pack acme 2026.12.1 expired on" in out
    m = machine_factory("linux", "busy")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    _code, out, _ = run(capsys, "scan", "--content", str(folder), *m.cli_args())
    assert "Claude Code" in out and out.rstrip().splitlines()[-1].startswith("Scan error")


@pytest.mark.parametrize(("days", "said"), [(5, "(5 days left)"), (1, "(1 day left)"), (0, "(today is its last day)")])
def test_the_last_days_are_announced_and_still_pass(tmp_path, capsys, machine_factory, days, said):
    folder = company_pack(tmp_path / "pack", f"{TODAY + dt.timedelta(days=days)}")
    clean = machine_factory("linux")
    code, out, _ = run(capsys, "check", "--content", str(folder), *clean.cli_args())
    when = TODAY + dt.timedelta(days=days)
    assert code == 0 and f"! Content pack acme 2026.12.1 expires on {when} {said}" in out
    assert "aicheck needs the company's next pack" in out
    code, out, _ = run(capsys, "check", "--json", "--content", str(folder), *clean.cli_args())
    [line] = [ln for ln in json.loads(out)["check"]["lines"] if ln["tool"] == "content-pack"]
    assert line["mark"] == "warn" and code == 0


def test_a_pack_far_from_its_date_or_without_one_says_nothing(tmp_path, capsys, machine_factory):
    clean = machine_factory("linux")
    for name, expires in (("far", f"{TODAY + dt.timedelta(days=15)}"), ("none", None)):
        folder = company_pack(tmp_path / name, expires)
        code, out, _ = run(capsys, "check", "--json", "--content", str(folder), *clean.cli_args())
        data = json.loads(out)
        assert code == 0 and not data["errors"]
        assert not [ln for ln in data["check"]["lines"] if ln["tool"] == "content-pack"]
        assert data["policy"]["pack"]["expires"] == expires


@pytest.mark.parametrize("written", ['"2027-01-31"', "12:00:00", "2027"])
def test_an_expires_that_is_no_date_is_a_content_error_with_its_line(tmp_path, capsys, machine_factory, written):
    folder = company_pack(tmp_path / "pack", written)
    code, out, err = run(capsys, "check", "--content", str(folder), *machine_factory("linux").cli_args())
    assert code == 2 and out == ""
    assert "pack.toml:3" in err and "'expires' must be a TOML date like 2026-12-15 (no quotes)" in err, err


def test_a_datetime_counts_by_its_day(tmp_path, capsys, machine_factory):
    folder = company_pack(tmp_path / "pack", f"{TODAY - dt.timedelta(days=1)}T23:59:59Z")
    code, out, _ = run(capsys, "check", "--content", str(folder), *machine_factory("linux").cli_args())
    assert code == 2 and f"expired on {TODAY - dt.timedelta(days=1)}" in out


def test_building_a_pack_past_its_date_is_refused_and_one_without_a_date_is_told(tmp_path, capsys):
    company_pack(tmp_path / "old", f"{TODAY - dt.timedelta(days=1)}")
    code, out, err = run(capsys, "content", "pack", "old", "-o", "old.tar.gz")
    assert code == 2 and out == "" and not (tmp_path / "old.tar.gz").exists()
    assert f"`expires = {TODAY - dt.timedelta(days=1)}` is past" in err and len(err.strip().splitlines()) == 1
    company_pack(tmp_path / "undated", None)
    code, out, err = run(capsys, "content", "pack", "undated", "-o", "undated.tar.gz")
    assert code == 0 and out.startswith("wrote undated.tar.gz") and "has no `expires` date" in err
    company_pack(tmp_path / "dated", f"{TODAY}")
    code, out, err = run(capsys, "content", "pack", "dated", "-o", "dated.tar.gz")
    assert code == 0 and err == ""
