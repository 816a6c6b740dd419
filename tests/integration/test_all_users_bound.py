"""``--all-users`` scans at most ``--max-users`` homes (1000 by default: about 20 ms each); past it the run is
an incomplete outcome that says how many homes were not scanned, never a partial clean bill.

Before, it scanned every home the machine showed, however many: a machine with 100,000 home folders ran for
over half an hour, and a cap that only cut the list would have let `check` say "compliant" of the first ones.
The homes are plain folders here (a few, with the cap lowered): what is tested is the outcome, not the time."""

from __future__ import annotations

import json

import pytest

from support.fleet import as_root
from support.packs import run_cli
from tui.demo.synthetic import SyntheticMachine


@pytest.fixture
def image(tmp_path, monkeypatch):
    """A Linux disk with 12 people's homes, every one clean (no AI tool at all), scanned as root scans it."""
    as_root(monkeypatch)
    root = tmp_path / "img"
    m = SyntheticMachine(root, "linux", home="/home/u00")
    m.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
    for i in range(12):
        (root / f"home/u{i:02d}").mkdir(parents=True, exist_ok=True)
    return root


def _all(capsys, command, image, *extra):
    return run_cli(capsys, command, "--all-users", "--root", str(image), "--platform", "linux", *extra)


def _usage(capsys, *argv) -> tuple[int, str]:
    """(exit code, stderr) of a command line argparse or the command refuses."""
    try:
        code, _, err = run_cli(capsys, *argv)
    except SystemExit as exc:
        return int(exc.code or 0), capsys.readouterr().err
    return code, err


def test_under_the_bound_every_home_is_scanned_and_clean(capsys, image):
    code, out, err = _all(capsys, "check", image, "--json")
    data = json.loads(out)
    assert code == 0 and len(data["users"]) == 12 and "not_scanned" not in data, err


def test_past_max_users_check_is_incomplete_and_says_how_many(capsys, image):
    code, out, err = _all(capsys, "check", image, "--json", "--max-users", "5")
    data = json.loads(out)
    assert code == 2, err
    assert [u["user"] for u in data["users"]] == ["u00", "u01", "u02", "u03", "u04"]
    assert data["not_scanned"]["users"] == 7 and data["not_scanned"]["max_users"] == 5
    assert data["check"]["exit_code"] == 2 and data["check"]["compliant"] is False
    assert data["check"]["users_not_scanned"] == 7
    code, out, err = _all(capsys, "check", image, "--max-users", "5")
    assert code == 2 and "7 of 12 homes not scanned" in out and "--max-users" in out, out
    assert "All users: compliant" not in out


def test_the_default_bound_holds_without_the_option(capsys, image, monkeypatch):
    monkeypatch.setattr("tui.fleet.users.MAX_USERS", 10, raising=False)
    code, out, err = _all(capsys, "check", image)
    assert code == 2 and "2 of 12 homes not scanned" in out, out + err


def test_a_user_needing_action_still_decides_exit_1_and_the_rest_is_named(capsys, image):
    m = SyntheticMachine(image, "linux", home="/home/u01")
    m.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")  # off the gateway: needs action
    code, out, _ = _all(capsys, "check", image, "--max-users", "5")
    assert code == 1 and "7 of 12 homes not scanned" in out, out


def test_scan_past_the_bound_is_exit_2_and_summarize_never_counts_it_compliant(capsys, image, tmp_path):
    code, out, err = _all(capsys, "scan", image, "--json", "--max-users", "5")
    assert code == 2 and "7 of 12 homes not scanned" in err, err
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "host.json").write_text(out)
    code, out, err = run_cli(capsys, "report", "summarize", "--json", str(reports))
    summary = json.loads(out)
    assert code != 0 and summary["compliant"] == 0 and summary["machines"] == 6, summary
    # the five scanned homes are compliant by their reports (a disk image's reports are not trusted as the
    # company's check: tests/integration/test_summarize_trust.py); the homes not scanned are one more row
    results = sorted(row["result"] for row in summary["not_compliant"])
    assert results == ["compliant"] * 5 + ["incomplete scan"], summary
    [row] = [r for r in summary["not_compliant"] if r["result"] == "incomplete scan"]
    assert "7" in row["user"], row


def test_a_home_folder_too_big_to_list_is_an_incomplete_outcome(capsys, image, monkeypatch):
    monkeypatch.setattr("tui.fleet.users.MAX_HOME_FOLDERS", 10, raising=False)
    code, out, err = _all(capsys, "check", image, "--json")
    data = json.loads(out)
    assert code == 2 and data["check"]["compliant"] is False, err
    assert "more than 10" in data["not_scanned"]["reason"] and "/home" in data["not_scanned"]["reason"]


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_max_users_takes_a_positive_whole_number(capsys, image, value):
    args = ("--all-users", "--root", str(image), "--platform", "linux", "--max-users", value)
    code, err = _usage(capsys, "check", *args)
    assert code == 2 and "--max-users" in err


def test_max_users_without_all_users_is_a_usage_error(capsys, image):
    code, err = _usage(capsys, "check", "--max-users", "5", "--root", str(image), "--home", "/home/u00")
    assert code == 2 and "--max-users" in err and "--all-users" in err


def test_the_osquery_extension_answers_a_folder_of_homes_too_big_to_list_with_an_error(image, monkeypatch):
    """The extension's queries (its protocol is tested in test_osquery_extension.py): a folder of homes too big
    to list left its people out of every table, silently. Now a query for every user, or for a name not found,
    is an error; a query for a user who was found still answers."""
    import argparse

    from tui.fleet.extension import generate
    from tui.fleet.multiscan import ScanCache, TooManyHomes, open_all_users_session

    (image / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\nu03:x:1003:1003::/home/u03:/bin/sh\n")
    monkeypatch.setattr("tui.fleet.users.MAX_HOME_FOLDERS", 10, raising=False)
    args = argparse.Namespace(root=str(image), platform="linux", home=None, search_path=None, content=None)
    cache = ScanCache(lambda: open_all_users_session(args))
    with pytest.raises(TooManyHomes, match=r"the homes in /home were not listed \(more than"):
        generate(cache, "aicheck_summary", {"constraints": []})
    only = [{"name": "user", "list": [{"op": 2, "expr": "u07"}]}]
    with pytest.raises(TooManyHomes):
        generate(cache, "aicheck_summary", {"constraints": only})
    found = [{"name": "user", "list": [{"op": 2, "expr": "u03"}]}]
    assert [r["user"] for r in generate(cache, "aicheck_summary", {"constraints": found})] == ["u03"]
    assert cache.scans_run == 1
