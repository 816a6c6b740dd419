"""The onboarding gate (``aicheck check``): doctor-style lines and an exit code.

Exit 0: compliant (warnings allowed). Exit 1: action required (a prohibited tool or affected version,
an unmet condition; with ``--strict`` also unreviewed tools, and tools that a dated policy change will make
need action). Exit 2 is for usage and content errors."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.agents.models import McpServer
from tui.core.alternatives import line as alternatives_line
from tui.core.judge import Finding
from tui.core.machine import Machine
from tui.core.scanner import ScanReport
from tui.core.text import clean, counted
from tui.errors import ExitCode
from tui.report.gate import change_fails, gate, surface_fails, tool_fails
from tui.report.style import Painter
from tui.report.text import header


@dataclass(frozen=True)
class CheckLine:
    mark: str  # "ok" | "warn" | "fail"
    tool_id: str
    text: str
    hints: tuple[str, ...] = ()


def plan_hints(f: Finding, machine: Machine, limit: int = 4) -> list[str]:
    """One line per item of the tool's fix plan (the same list the app's tool detail shows): the exact
    command to copy where there is one, else the step to follow."""
    from tui.core.remediation import fix_plan

    hints: list[str] = []
    plan = fix_plan(f, machine)
    for rem in plan[:limit]:
        if rem.action == "setting":
            hints.append(
                f"meet the condition: {rem.summary.removeprefix('Condition: ')}"
                + (f" - {rem.steps[0].text}" if rem.steps else "")
            )
            continue
        commands = rem.commands  # every one: a version's launcher, an AppImage's menu entry go with it
        if commands:
            hints += [f"{rem.action}: {commands[0]}", *(f"  then: {c}" for c in commands[1:])]
        elif rem.steps:
            hints.append(f"{rem.action}: {rem.steps[0].text}")
        alt = rem.instead.commands if rem.instead is not None else []
        if alt:
            hints += [f"or remove: {alt[0]}", *(f"  then: {c}" for c in alt[1:])]
    if len(plan) > limit:
        hints.append(f"… and {len(plan) - limit} more: see `aicheck` (tool detail)")
    return hints


def _fails(f: Finding, strict: bool) -> bool:
    return tool_fails(f.action_required, f.verdict, not f.evidence_only, strict)


def evaluate(report: ScanReport, strict: bool = False) -> tuple[int, list[CheckLine]]:
    lines: list[CheckLine] = []
    for f in report.findings:
        versions = ", ".join(f.versions)
        name = f"{f.tool.name}{' ' + versions if versions else ''}"
        hints: list[str] = []
        if _fails(f, strict):
            mark = "fail"
            if f.verdict == "prohibited" and f.policy_status != "prohibited":
                allowed = f.rule.versions.text if f.rule and f.rule.versions else "a version without the advisory"
                hints.append(f"update to {allowed}, or remove the tool:")
            plan = plan_hints(f, report.machine)
            if f.verdict == "prohibited" and not plan:
                plan = ["remove it: run `aicheck` and open the tool for the steps"]
            hints += plan
            if f.verdict == "unreviewed":
                hints.append("ask for a review or an exception: aicheck request new --tool " + f.tool.id)
        elif (
            f.warnings or f.verdict in ("unreviewed", "conditional") or (f.evidence_only and f.verdict == "prohibited")
        ):
            mark = "warn"
        else:
            mark = "ok"
        announced = f"{f.change.headline}." if f.change else None  # said on its own line below
        hints += [
            w + (f"  (aicheck attest {f.tool.id})" if w.startswith("Please confirm") else "")
            for w in f.warnings
            if w != announced
        ]
        if f.alternatives and mark == "fail":
            hints.append(alternatives_line(report.alternatives(f)))
        lines.append(CheckLine(mark, f.tool.id, f"{name}: {f.verdict} - {f.headline}", tuple(hints)))
    lines += change_lines(report, strict)
    lines += expiry_lines(report)
    lines += surface_check_lines(report, strict)
    return gate(any(line.mark == "fail" for line in lines), bool(report.errors)), lines


def change_lines(report: ScanReport, strict: bool) -> list[CheckLine]:
    """One line per dated policy change not in force yet: a warning when it concerns a tool on this machine
    (a failure with ``--strict`` when the tool will need action then), information otherwise."""
    lines: list[CheckLine] = []
    for change in report.changes:
        f = report.finding(change.tool_id)
        hints: list[str] = []  # the notice is the tool's own reason (above), and in the JSON
        if f is None:
            mark, where = "ok", " (not found on this machine)"
        else:
            mark, where = ("fail" if change_fails(f.change_action, strict) else "warn"), ""
            if f.change_action:
                hints.append(
                    f"act before {change.effective.isoformat()}: {f.tool.name} will need action then"
                    + (" (--strict fails on it now)" if not strict else "")
                )
                if f.alternatives:
                    hints.append(alternatives_line(report.alternatives(f)))
        lines.append(CheckLine(mark, change.tool_id, f"Policy change: {change.headline}{where}", tuple(hints)))
    return lines


def expiry_lines(report: ScanReport) -> list[CheckLine]:
    """A warning in a pack's last days of use (after them, the scan errs)."""
    notice = report.pack.expiry_notice(report.today) if report.today is not None else None
    if notice is None:
        return []
    hint = "after that day no check passes with it: aicheck needs the company's next pack (`aicheck content fetch`)"
    return [CheckLine("warn", "content-pack", notice, (hint,))]


def surface_check_lines(report: ScanReport, strict: bool) -> list[CheckLine]:
    """One line per MCP server and agent extension: a failure when prohibited or affected by an advisory (and,
    with ``--strict``, when unreviewed), its hint naming the file and key to remove."""
    lines: list[CheckLine] = []
    for f in report.surface.findings():
        item = f.item
        label = (
            f"MCP server {item.name} ({item.client_label}, {item.identity})"
            if isinstance(item, McpServer)
            else f"{item.kind.capitalize()} {item.name} ({item.client})"
        )
        fails = surface_fails(f.action_required, f.verdict, not f.not_started, strict)
        mark = "fail" if fails else ("warn" if f.verdict in ("unreviewed", "prohibited") else "ok")
        hints = [f.fix] if f.fix else []
        if fails and not f.fix:
            hints.append(
                f"ask for a review, or remove it from {item.config}" + (f" (key {item.key})" if item.key else "")
            )
        lines.append(
            CheckLine(
                mark,
                f"{'mcp' if isinstance(item, McpServer) else item.kind}:{item.name}",
                f"{label}: {f.verdict} - {f.reason}",
                tuple(hints),
            )
        )
    for u in report.surface.unchecked:  # what a broken config holds is unknown: never a clean bill
        lines.append(
            CheckLine(
                "fail",
                f"config:{u.config}",
                f"Cannot check {u.config} ({u.client_label}'s {u.holds}): {u.reason}",
                (u.fix,),
            )
        )
    return lines


def render(report: ScanReport, strict: bool, paint: Painter) -> tuple[int, str]:
    code, lines = evaluate(report, strict)
    marks = {"ok": ("✓", "green"), "warn": ("!", "yellow"), "fail": ("✗", "red")}
    out = [paint(header(report), "bold")]
    if not report.findings:
        out.append(paint("✓ No AI tools found on this machine.", "green"))
    for line in lines:
        sym, colour = marks[line.mark]
        out.append(paint(f"{sym} {clean(line.text, 400)}", colour))
        for h in line.hints:
            out.append(f"    → {clean(h, 400)}")
    for error in report.errors:  # a channel that failed may hide a tool: say so, never a silent gap
        out.append(paint(f"! scan error: {clean(error, 400)}", "yellow"))
    c = report.counts()
    labels: dict[int, str] = {ExitCode.OK: "compliant", ExitCode.ACTION: "action required"}
    verdict = labels.get(code, "incomplete scan")
    incomplete = f"; the scan is incomplete: {counted(len(report.errors), 'scan error')} above" if report.errors else ""
    out.append("")
    ahead = f", {counted(len(report.changes), 'policy change')} ahead" if report.changes else ""
    # counted as the gate counts them: with --strict an unreviewed tool or server in use fails too
    failing_surface = sum(
        surface_fails(f.action_required, f.verdict, not f.not_started, strict) for f in report.surface.findings()
    ) + len(report.surface.unchecked)
    surface_need = counted(failing_surface, "MCP server or extension needs", "MCP servers or extensions need")
    also = f", {surface_need} action" if failing_surface else ""
    need = counted(sum(_fails(f, strict) for f in report.findings), "tool needs", "tools need")
    out.append(
        paint(
            f"Result: {verdict} ({need} action, {c['total']} detected{ahead}{also}{incomplete})",
            "green" if code == ExitCode.OK else "red",
        )
    )
    return code, "\n".join(out) + "\n"


def check_json(report: ScanReport, strict: bool) -> dict:
    from tui.report.json_report import report_json

    code, lines = evaluate(report, strict)
    data = report_json(report)
    data["check"] = {
        "exit_code": code,
        "strict": strict,
        "compliant": code == 0,
        "lines": [{"mark": ln.mark, "tool": ln.tool_id, "text": ln.text, "hints": list(ln.hints)} for ln in lines],
    }
    return data
