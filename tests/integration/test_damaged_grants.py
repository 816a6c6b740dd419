"""A grant file aicheck cannot read is said, never passed over: a scan error naming the file.

Before, a stored grant that was truncated, garbled, of the wrong shape, or a FIFO was dropped without a word at
every scan: ``check`` said "compliant" (nothing installed) or "prohibited" (the tool installed) and never
that the user's exception was unreadable, so they were told, in effect, "no exception in effect" in silence. It
is now one of the scan's errors, with the file (``check``: an incomplete scan, exit 2 unless something needs
action, exit 1), as a damaged ``attestations.toml`` is. It still grants nothing: that can only leave a tool
needing action, never make one compliant.

A grant that reads well but does not verify (a bad signature, a key the pack does not pin, another user's) is
no damage: it is an invalid grant, said on the tool it names ("Grant … is ignored: …"), as before."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from support.grants import USER, data_dir, issue, new_key, pack_pinning, set_user
from support.packs import run_cli
from tui.core.content import load_pack
from tui.core.grants import GrantPolicy
from tui.grants.store import add_grant

CURSOR = ("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.2")
TODAY = dt.date.today()


@pytest.fixture
def company(tmp_path):
    key_file, public = new_key(tmp_path / "keys")
    pack = pack_pinning(tmp_path, [public])
    set_user(USER)
    return key_file, pack


def _stored_grant(company) -> Path:
    """A valid grant for Cursor, stored as `grant add` stores it; its file."""
    key_file, pack = company
    g = issue(key_file, tool="cursor", issued=TODAY, until=TODAY + dt.timedelta(days=20))
    add_grant(g.armour(), GrantPolicy.from_pack(load_pack(pack), USER), today=TODAY)
    path = data_dir() / "grants" / f"{g.id}.grant"
    assert path.is_file()
    return path


def _truncate(path: Path) -> None:
    text = path.read_text()
    path.write_text(text[: len(text) // 2])


def _garble(path: Path) -> None:
    path.write_bytes(b"\x00\xff not a grant at all \xfe")


def _wrong_types(path: Path) -> None:
    text = path.read_text()
    lines = [("until: next tuesday" if line.startswith("until:") else line) for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


DAMAGE = {"truncated": _truncate, "garbage": _garble, "a date that is no date": _wrong_types, "a FIFO": _fifo}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_grant_file_makes_check_say_so_never_a_clean_bill(capsys, company, machine_factory, damage):
    _, pack = company
    path = _stored_grant(company)
    DAMAGE[damage](path)
    m = machine_factory("macos")  # no tool at all: without the grant file's problem, check would say compliant
    code, out, err = run_cli(capsys, "check", *m.cli_args(), "--content", str(pack))
    assert code == 2 and str(path) in out + err and "Traceback" not in err, (code, out, err)
    code, out, err = run_cli(capsys, "scan", "--json", *m.cli_args(), "--content", str(pack))
    errors = json.loads(out)["errors"]
    assert any(str(path) in e and "grants nothing" in e for e in errors), errors
    assert code == 0  # scan reports; check decides


def test_a_damaged_grant_beside_the_tool_it_covered_is_named_in_the_check(capsys, company, machine_factory):
    _, pack = company
    path = _stored_grant(company)
    m = machine_factory("macos")
    m.mac_app(*CURSOR)
    code, out, err = run_cli(capsys, "check", *m.cli_args(), "--content", str(pack))
    assert code == 0, out + err  # the grant holds
    _truncate(path)
    code, out, err = run_cli(capsys, "check", *m.cli_args(), "--content", str(pack))
    assert code == 1 and str(path) in out + err, out + err  # the tool needs action, and the user learns why


def test_an_invalid_grant_is_no_damage_but_said_on_its_tool(capsys, company, machine_factory, tmp_path):
    """Signed with a key the pack does not pin: read well, verified, refused; a warning on Cursor."""
    _, pack = company
    other_key, _ = new_key(tmp_path / "other", "stranger")
    g = issue(other_key, tool="cursor", issued=TODAY, until=TODAY + dt.timedelta(days=20))
    folder = data_dir() / "grants"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{g.id}.grant").write_text(g.armour())
    m = machine_factory("macos")
    m.mac_app(*CURSOR)
    _, out, _ = run_cli(capsys, "scan", "--json", *m.cli_args(), "--content", str(pack))
    report = json.loads(out)
    cursor = next(t for t in report["tools"] if t["id"] == "cursor")
    assert any(f"Grant {g.id} is ignored" in w for w in cursor["warnings"]), cursor["warnings"]
    assert not any(g.id in e for e in report["errors"]), report["errors"]
    assert run_cli(capsys, "check", *m.cli_args(), "--content", str(pack))[0] == 1


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_grant_list_names_a_damaged_grant_file_and_exits_2(capsys, company, damage, as_json):
    """``grant list`` exits 2 when a file cannot be read, as ``request list`` does for a damaged record: a
    script that lists the grants sees it. A valid grant beside it is still listed as valid."""
    _, pack = company
    good = _stored_grant(company)
    bad = good.with_name("GRT-20200101-DA0A6E.grant")  # a name grant files have, read first
    bad.write_text(good.read_text())
    DAMAGE[damage](bad)
    code, out, err = run_cli(capsys, "grant", "list", "--content", str(pack), *(["--json"] if as_json else []))
    assert code == 2 and str(bad) in err and "Traceback" not in err, (code, out, err)
    if as_json:
        rows = {r["id"]: r for r in json.loads(out)["grants"]}
        assert rows[bad.stem]["damaged"] is True and rows[good.stem]["valid"] is True, rows
    else:
        assert "DAMAGED" in out and "valid" in out, out


def test_grant_list_exits_0_for_a_grant_that_reads_but_is_refused(capsys, company, tmp_path):
    """An expired grant is listed as INVALID: no damage, exit 0."""
    key_file, pack = company
    g = issue(key_file, tool="cursor", issued=TODAY - dt.timedelta(days=30), until=TODAY - dt.timedelta(days=1))
    folder = data_dir() / "grants"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{g.id}.grant").write_text(g.armour())
    code, out, err = run_cli(capsys, "grant", "list", "--content", str(pack))
    assert code == 0 and "INVALID" in out and "expired" in out, (code, out, err)
