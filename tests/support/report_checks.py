"""Assertions on a ``check --json`` report, shared by the tests of moved folders."""

from __future__ import annotations


def prohibited(code: int, report: dict, out: str, tool: str, where: str) -> dict:
    """The tool's finding: prohibited, action required, exit 1, an install whose path holds ``where``."""
    finding = next((t for t in report["tools"] if t["id"] == tool), None)
    assert finding is not None, out
    assert finding["verdict"] == "prohibited" and finding["action_required"], finding
    assert any(where in i["path"] for i in finding["installs"]), finding["installs"]
    assert code == 1 and not report["check"]["compliant"], out
    return finding


def untouched(report: dict, part: str) -> None:
    """Nothing under a folder whose path holds ``part`` was listed or read."""
    audit = report["audit"]
    assert not [p for p in audit["paths_read"] + audit["dirs_listed"] if part in p], audit
