"""The Fleet and osquery files in docs/fleet parse, and every query names only the aicheck tables and their
columns (the same column lists the extension registers). PyYAML parses the YAML when it is installed; without
it a small structural check runs instead (no new dependency)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tui.fleet.tables import TABLES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "fleet"
SQL_WORDS = {"select", "from", "where", "and", "or", "not", "exists", "count", "as", "in", "is", "null", "s", "users"}


def _documents(name: str) -> list[dict]:
    text = (DOCS / name).read_text("utf-8")
    try:
        import yaml
    except ImportError:
        return _minimal_yaml(text)
    return [d for d in yaml.safe_load_all(text) if d is not None]


def _minimal_yaml(text: str) -> list[dict]:
    """Enough of YAML for these files: documents split on ---, top-level keys, spec keys with folded values."""
    docs = []
    for chunk in re.split(r"(?m)^---\s*$", text):
        lines = [ln for ln in chunk.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        if not lines:
            continue
        doc: dict = {}
        spec: dict = {}
        key = None
        for line in lines:
            if not line.startswith(" "):
                k, _, v = line.partition(":")
                doc[k] = v.strip() or spec
            elif line.startswith("  ") and not line.startswith("    ") and ":" in line:
                key, _, v = line.strip().partition(":")
                spec[key] = v.strip().removeprefix(">-").strip()
            else:
                assert key is not None, line
                spec[key] = (spec[key] + " " + line.strip()).strip()
        docs.append(doc)
    return docs


def _check_sql(sql: str) -> None:
    tables = set(re.findall(r"\bFROM\s+(\w+)", sql, re.I)) - {"("}
    assert tables and tables <= set(TABLES) | {"osquery_extensions"}, tables
    columns = {c for t in tables if t in TABLES for c, _ in TABLES[t].columns}
    selected = re.search(r"SELECT\s+(.*?)\s+FROM", sql, re.I | re.S).group(1)
    if selected.strip() not in ("*", "1"):
        names = {n.strip() for n in selected.split(",")}
        assert names <= columns, names - columns
    for name in re.findall(r"\bWHERE\s+(\w+)|\bAND\s+\(?(\w+)|\bOR\s+\(?(\w+)", sql):
        for n in name:
            if n and n.lower() not in SQL_WORDS:
                assert n in columns, n


def test_query_library_parses_and_uses_real_columns():
    docs = _documents("aicheck-queries.yml")
    assert len(docs) == 8
    for d in docs:
        assert d["apiVersion"] == "v1" and d["kind"] == "query"
        spec = d["spec"]
        assert spec["name"].startswith("aicheck - ") and spec["description"]
        assert int(spec["interval"]) > 0 and spec["platform"] == "darwin,linux,windows"
        _check_sql(spec["query"])
    covered = {t for d in docs for t in re.findall(r"FROM (aicheck_\w+)", d["spec"]["query"])}
    assert covered == set(TABLES)


def test_policies_point_the_employee_to_aicheck():
    docs = _documents("aicheck-policies.yml")
    names = [d["spec"]["name"] for d in docs]
    assert names == [
        "aicheck check passes for every user",
        "No AI tool needs action",
        "No MCP server or agent config needs action",
        "Claude Code not in an affected version",
    ]
    for d in docs:
        spec = d["spec"]
        assert d["kind"] == "policy" and "`aicheck" in spec["resolution"]
        assert "aicheck_summary" in spec["query"], "a host without the extension must fail, not pass"
        _check_sql(spec["query"])


def test_osquery_pack_parses():
    pack = json.loads((DOCS / "aicheck.pack.json").read_text("utf-8"))
    assert set(pack["queries"]) == {
        "aicheck_action_required",
        "aicheck_tools",
        "aicheck_installs",
        "aicheck_summary",
        "aicheck_mcp_servers",
        "aicheck_agent_extensions",
        "aicheck_unchecked_configs",
        "aicheck_conditions",
    }
    for q in pack["queries"].values():
        assert q["interval"] > 0 and q["description"]
        _check_sql(q["query"])
    assert "osquery_extensions" in pack["discovery"][0]


def test_the_minimal_parser_agrees_with_yaml():
    yaml = pytest.importorskip("yaml", reason="PyYAML not installed: the minimal parser alone is used")
    for name in ("aicheck-queries.yml", "aicheck-policies.yml"):
        text = (DOCS / name).read_text("utf-8")
        full = [d for d in yaml.safe_load_all(text) if d]
        mini = _minimal_yaml(text)
        assert [d["spec"]["name"] for d in full] == [d["spec"]["name"] for d in mini]
        assert [" ".join(d["spec"]["query"].split()) for d in full] == [
            " ".join(d["spec"]["query"].split()) for d in mini
        ]
