"""The audit tells the truth about the network: a scan opens no connection, but the content pack fetched from
its URL before it did, and that fetch is listed (its URL as messages show it, what was asked, the answer) in
the JSON, in ``--explain`` and on the app's About screen. Real loopback HTTP servers, the real CLI and app."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from support.packs import PATH_SECRET as SECRET
from support.packs import isolate_cli, run_cli, serve_folder
from support.packs import site_with_a_secret_path as publish

SCHEMA = Path(__file__).resolve().parents[2] / "tui" / "schemas" / "scan-report.schema.json"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


def test_the_pack_fetch_is_in_the_audit_and_the_scan_opens_no_connection(tmp_path, capsys, machine_factory):
    m = machine_factory("linux")
    with serve_folder(publish(tmp_path)) as (base, _stop):
        url = f"{base}/{SECRET}/p.tar.gz?k={SECRET}"
        code, out, err = run_cli(capsys, "scan", "--json", "--content", url, *m.cli_args())
        assert code == 0, err
        report = json.loads(out)
        jsonschema.validate(report, json.loads(SCHEMA.read_text()))
        shown = f"{base}/<redacted>/p.tar.gz?k=<redacted>"
        assert report["policy"]["pack"]["location"] == shown
        assert report["audit"]["network"] == [
            {"method": "GET", "url": shown, "what": "the content pack", "status": 200, "error": None}
        ]
        code, out, err = run_cli(capsys, "scan", "--explain", "--content", url, *m.cli_args())
        assert code == 0, err
        assert (
            "executed nothing, opened no network connection (before it, fetching the content pack made 1 request, "
            "listed below)." in out
        )
        assert f"    net    GET {shown} (the content pack): HTTP 304" in out  # the cached copy is current
        assert SECRET not in out + err
        # a local pack: nothing fetched, nothing listed
        code, out, _ = run_cli(capsys, "scan", "--json", "--content", "example", *m.cli_args())
        assert json.loads(out)["audit"]["network"] == []
        code, out, _ = run_cli(capsys, "scan", "--explain", "--content", "example", *m.cli_args())
        assert "executed nothing, opened no network connection.\n" in out


def test_an_offline_fallback_lists_the_request_that_got_no_answer(tmp_path, capsys, machine_factory):
    m = machine_factory("linux")
    with serve_folder(publish(tmp_path)) as (base, stop):
        url = f"{base}/{SECRET}/p.tar.gz"
        assert run_cli(capsys, "scan", "--json", "--content", url, *m.cli_args())[0] == 0
        stop()
        code, out, err = run_cli(capsys, "scan", "--json", "--content", url, *m.cli_args())
    assert code == 0 and "offline: using the cached pack" in err, err
    (entry,) = json.loads(out)["audit"]["network"]
    assert entry["status"] is None and entry["error"] and SECRET not in json.dumps(entry)
