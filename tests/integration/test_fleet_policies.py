"""The shipped Fleet policies (docs/fleet/aicheck-policies.yml), run as SQL over the rows the extension serves
for a real multi-user machine: a host where a user hid an affected Claude Code behind a folder linked out of
their home fails every policy (the scan could not look there), and a clean host passes them all.

Red team: each user's own `aicheck check` said action required, the summary said compliant 0 with the error,
yet all three policies passed (they never read the summary's errors), the critical one included."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from support.fleet import PASSWD, as_root
from tui.demo.synthetic import SyntheticMachine
from tui.fleet.extension import osquery_value
from tui.fleet.multiscan import ScanCache, open_all_users_session
from tui.fleet.tables import TABLES, rows

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_fleet_docs import _documents

SQL_TYPES = {"INTEGER": "INTEGER", "BIGINT": "INTEGER", "TEXT": "TEXT", "DOUBLE": "REAL"}


def _host(root: Path, hide: bool) -> Path:
    """ada and carol; with ``hide``, ada's ~/.local/bin is a link to a folder in /tmp holding an affected
    native Claude Code (a confined scan may not follow it out of her home)."""
    users = {name: SyntheticMachine(root, "linux", home=f"/home/{name}") for name in ("ada", "carol")}
    users["ada"].write("/etc/passwd", PASSWD)
    if hide:
        ada = users["ada"]
        ada.native("/tmp/hidden/versions", "2.1.150", link="/tmp/hidden/bin/claude")
        ada.symlink(ada.h(".local/bin"), "/tmp/hidden/bin")
        ada.add_to_path(ada.h(".local/bin"))
    return root


def _policies_passing(root: Path) -> dict[str, bool]:
    import argparse

    args = argparse.Namespace(root=str(root), platform="linux", home=None, search_path=None, content="example")
    cache = ScanCache(lambda: open_all_users_session(args))
    scans = cache.scans()
    db = sqlite3.connect(":memory:")
    for name, table in TABLES.items():
        db.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {SQL_TYPES.get(t, t)}' for c, t in table.columns)})")
        for row in rows(name, scans):  # as osquery receives them: strings, NULL as ''
            values = [osquery_value(row.get(c)) for c, _ in table.columns]
            db.execute(f"INSERT INTO {name} VALUES ({', '.join('?' * len(values))})", values)
    result = {}
    for doc in _documents("aicheck-policies.yml"):
        spec = doc["spec"]
        result[spec["name"]] = bool(db.execute(" ".join(spec["query"].split())).fetchall())
    return result


@pytest.mark.parametrize("hide", [False, True], ids=["clean", "tool-behind-a-link-out-of-the-home"])
def test_the_shipped_policies_fail_a_host_whose_scan_could_not_look_everywhere(tmp_path, monkeypatch, hide):
    as_root(monkeypatch)  # the rows osqueryd's extension serves: every home scanned as root
    passing = _policies_passing(_host(tmp_path / "disk", hide))
    assert len(passing) == 4
    if hide:
        assert not any(passing.values()), passing
    else:
        assert all(passing.values()), passing
