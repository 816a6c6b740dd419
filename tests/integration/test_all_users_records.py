"""``--all-users``: each user's own aicheck records, read from their home, are judged as the user's own scan
judges them. A grant file or an ``attestations.toml`` of theirs that cannot be read is that user's scan error
(with the file), never passed over and never the end of the whole run: the others' reports are as before.

Before, a damaged file of another user was only an entry among the audit's skipped files: carol's damaged
attestations left her "compliant", ada's truncated grant said nothing, and an attestations file with one good
entry beside a broken one still counted the good one (the user's own scan counts nothing from such a file)."""

from __future__ import annotations

import json

import pytest

from support.fleet import DATA, add_user_grants, as_root, build_users_machine
from support.grants import new_key, pack_pinning
from support.packs import run_cli
from tui.core.content import load_pack
from tui.services import attestations


@pytest.fixture
def machine(tmp_path, monkeypatch):
    as_root(monkeypatch)  # every home scanned as root scans it
    disk = tmp_path / "disk"
    build_users_machine(disk)
    key_file, public = new_key(tmp_path / "keys")
    pack = pack_pinning(tmp_path, [public])
    grant_id, _ = add_user_grants(disk, key_file)
    return disk, pack, grant_id


def _check_all(capsys, disk, pack) -> tuple[int, dict]:
    args = ("--all-users", "--json", "--root", str(disk), "--platform", "linux", "--content", str(pack))
    code, out, err = run_cli(capsys, "check", *args)
    assert "Traceback" not in err, err
    return code, json.loads(out)


def _users(data: dict) -> dict[str, dict]:
    return {u["user"]: u["report"] for u in data["users"]}


def test_a_users_damaged_attestations_are_their_scan_error(capsys, machine):
    disk, pack, _ = machine
    code, data = _check_all(capsys, disk, pack)
    assert _users(data)["carol"]["check"]["exit_code"] == 0  # carol has nothing: compliant
    path = disk / "home/carol" / DATA / attestations.FILE
    path.parent.mkdir(parents=True)
    path.write_text("format = 9\n")
    code, data = _check_all(capsys, disk, pack)
    carol = _users(data)["carol"]
    assert carol["check"]["exit_code"] == 2 and "carol" in data["check"]["users_incomplete"], carol["errors"]
    shown = f"/home/carol/{DATA}/{attestations.FILE}"  # as the scanned machine names it
    assert any(e.startswith(f"{shown}:1: format = 9") for e in carol["errors"]), carol["errors"]
    assert code == 1 and data["check"]["users_needing_action"] == ["bob"]  # the others' reports as before
    assert _users(data)["ada"]["check"]["exit_code"] == 0


def test_another_users_attestations_with_a_broken_entry_count_for_nothing(capsys, machine):
    disk, pack, _ = machine
    own = disk / "home/ada" / DATA
    attestations.record(load_pack(pack).policy, "claude-code", "no-customer-data", data_dir=own)
    path = own / attestations.FILE
    path.write_text(path.read_text() + "\n[[confirmed]]\ntool = 5\n")
    _, data = _check_all(capsys, disk, pack)
    ada = _users(data)["ada"]
    claude = next(t for t in ada["tools"] if t["id"] == "claude-code")
    assert next(c["state"] for c in claude["conditions"] if c["id"] == "no-customer-data") != "confirmed"
    assert any(e.startswith(f"/home/ada/{DATA}/{attestations.FILE}:") for e in ada["errors"]), ada["errors"]


def test_a_users_damaged_grant_is_their_scan_error(capsys, machine):
    disk, pack, grant_id = machine
    code, data = _check_all(capsys, disk, pack)
    assert _users(data)["ada"]["check"]["exit_code"] == 0  # her grant holds
    path = disk / "home/ada" / DATA / "grants" / f"{grant_id}.grant"
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    code, data = _check_all(capsys, disk, pack)
    ada = _users(data)["ada"]
    assert ada["check"]["exit_code"] == 1 and "ada" in data["check"]["users_needing_action"]
    shown = f"/home/ada/{DATA}/grants/{grant_id}.grant"
    assert any(e.startswith(shown) and "grants nothing" in e for e in ada["errors"]), ada["errors"]
    assert code == 1  # bob needs action, as before
