"""The shipped JSON Schemas describe what aicheck really prints and reads."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from tui.cli import main
from tui.paths import bundled_content_dir

SCHEMAS = Path(__file__).resolve().parents[2] / "tui" / "schemas"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


def _plain(value):
    """TOML dates to strings, as an editor's schema validator sees them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.mark.parametrize("command", ["scan", "check"])
def test_json_reports_match_the_schema(capsys, machine_factory, command):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.120", bin_name="claude")
    m.vscode_extension("github.copilot", "1.300.0")
    m.config(m.h(".cursor"))
    main([command, "--json", *m.cli_args()])
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, schema("scan-report.schema.json"))


def test_schema_rejects_a_report_that_claims_it_executed_something(capsys, machine_factory):
    m = machine_factory("linux")
    main(["scan", "--json", *m.cli_args()])
    report = json.loads(capsys.readouterr().out)
    report["audit"]["executed"] = ["/usr/local/bin/claude --version"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema("scan-report.schema.json"))


@pytest.mark.parametrize(
    "file,schema_name",
    [("catalog.toml", "catalog.schema.json"), ("policy.toml", "policy.schema.json"), ("pack.toml", "pack.schema.json")],
)
def test_bundled_pack_matches_its_schemas(file, schema_name):
    data = tomllib.loads((bundled_content_dir() / file).read_text())
    jsonschema.validate(_plain(data), schema(schema_name))


def test_schemas_ship_in_the_package():
    import tui

    assert (Path(tui.__file__).parent / "schemas" / "scan-report.schema.json").is_file()


def test_the_policy_schema_knows_an_enforced_files_moved_by_and_nothing_misspelled():
    """Editors validating a pack see the same shape aicheck accepts: moved_by names a variable."""
    data = _plain(tomllib.loads((bundled_content_dir() / "policy.toml").read_text()))
    cond = next(c for c in data["tools"]["gemini-code-assist"]["conditions"] if c["id"] == "no-auto-accept")
    assert any(isinstance(e, dict) and e.get("moved_by") for e in cond["enforced_by"])
    jsonschema.validate(data, schema("policy.schema.json"))
    for bad in ({"path": "/etc/x.json", "moved_bi": "X"}, {"path": "/etc/x.json", "moved_by": "not a name"}):
        cond["enforced_by"] = [bad]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema("policy.schema.json"))
