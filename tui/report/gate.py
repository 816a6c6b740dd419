"""The rules of the gate (``aicheck check``), in one place: what fails it and what exit code that makes. The
check reads them off a scan (:mod:`tui.report.check`), ``check --all-users`` combines users with the same
:func:`gate`, and ``aicheck report summarize`` reads them off a scan's JSON report (:func:`report_exit_code`),
so a report summarizes to exactly what ``check`` said, or would have said, of that machine."""

from __future__ import annotations

from collections.abc import Mapping

from tui.errors import ExitCode


def gate(needs_action: bool, incomplete: bool) -> ExitCode:
    """1 when anything needs action, else 2 when the scan is incomplete (a channel that failed may hide a tool:
    never "compliant"), else 0. For one user's check, for every user's (``--all-users``: any user's 1, else any
    user's 2) and for a report summarized."""
    if needs_action:
        return ExitCode.ACTION
    return ExitCode.USAGE if incomplete else ExitCode.OK


def tool_fails(action_required: bool, verdict: str, in_use: bool, strict: bool) -> bool:
    """A detected tool fails the gate when it needs action; with ``--strict`` also when it is unreviewed and in
    use (more than traces of use)."""
    return action_required or (strict and verdict == "unreviewed" and in_use)


def surface_fails(action_required: bool, verdict: str, started: bool, strict: bool) -> bool:
    """An MCP server or agent extension fails the gate when it needs action; with ``--strict`` also when it is
    unreviewed and its client starts it."""
    return action_required or (strict and verdict == "unreviewed" and started)


def change_fails(action_from_effective: bool, strict: bool) -> bool:
    """A dated policy change fails the gate only with ``--strict``, when the tool will need action then."""
    return strict and action_from_effective


class Undecided(Exception):
    """A report that lacks what the gate decides on (an older aicheck's, or a file edited by hand): the message
    says what is missing."""


def report_exit_code(report: Mapping[str, object], strict: bool = False) -> ExitCode:
    """What ``aicheck check`` (``--strict`` with ``strict``) exits with for the scan a JSON report
    (``aicheck.scan/1``, from ``scan --json`` or ``check --json``) describes: its tools, dated changes, MCP
    servers and agent extensions, the client configs that could not be checked (each needs action) and its
    errors (an incomplete scan, an expired pack). Raises :class:`Undecided` when the report lacks any of them."""
    tools = _items(report, "tools")
    surface = _items(report, "mcp_servers") + _items(report, "agent_extensions")
    unchecked = _items(report, "unchecked_configs")
    errors = _list(report, "errors")
    changes = _items(report, "changes") if strict else []
    fails = any(
        tool_fails(_flag(t, "action_required"), str(t.get("verdict")), not _flag(t, "evidence_only"), strict)
        for t in tools
    )
    fails = fails or any(
        surface_fails(_flag(s, "action_required"), str(s.get("verdict")), not s.get("not_started"), strict)
        for s in surface
    )
    fails = fails or bool(unchecked)
    fails = fails or any(change_fails(c.get("action_required_from_effective") is True, strict) for c in changes)
    return gate(fails, bool(errors))


def _list(report: Mapping[str, object], key: str) -> list:
    value = report.get(key)
    if not isinstance(value, list):
        raise Undecided(f"the report has no {key} list")
    return value


def _items(report: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    items = _list(report, key)
    if not all(isinstance(item, Mapping) for item in items):
        raise Undecided(f"an entry of {key} is not an object")
    return items


def _flag(item: Mapping[str, object], key: str) -> bool:
    value = item.get(key)
    if not isinstance(value, bool):
        raise Undecided(f"an entry has no {key} (true or false)")
    return value
