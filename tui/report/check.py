"""The onboarding gate (``aicheck check``): doctor-style lines and an exit code.

Exit 0: compliant (warnings allowed). Exit 1: action required (a prohibited tool or affected version,
an unmet condition; with ``--strict`` also unreviewed tools). Exit 2 is for usage and content errors."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.judge import Finding
from tui.core.scanner import ScanReport
from tui.core.text import clean
from tui.errors import ExitCode
from tui.report.style import Painter
from tui.report.text import header


@dataclass(frozen=True)
class CheckLine:
    mark: str  # "ok" | "warn" | "fail"
    tool_id: str
    text: str
    hints: tuple[str, ...] = ()


def removal_hints(f: Finding, platform: str, limit: int = 4) -> list[str]:
    """The exact commands (or manual steps) that remove what was found; the app shows all of them."""
    from tui.remediation import remediation

    hints: list[str] = []
    for inst in f.installs:
        if inst.evidence_only or inst.channel == "path":
            continue  # a command on PATH goes away with its install; traces are for after uninstalling
        rem = remediation(inst, platform=platform, tool_name=f.tool.name)
        step = next((s for s in rem.steps if s.command), rem.steps[0] if rem.steps else None)
        if step is not None:
            hints.append(f"remove: {step.command}" if step.command else f"remove: {step.text}")
    if len(hints) > limit:
        hints = hints[:limit] + [f"… and {len(hints) - limit} more: see `aicheck` (tool detail)"]
    return hints or ["remove it: run `aicheck` and open the tool for the steps"]


def _fails(f: Finding, strict: bool) -> bool:
    return f.action_required or (strict and f.verdict == "unreviewed" and not f.evidence_only)


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
                hints.append(f"update to {allowed}, or remove the affected install(s):")
            if f.verdict == "prohibited":
                hints += removal_hints(f, report.machine.platform)
            for c in f.unmet_conditions():
                hints.append(f"meet the condition: {c.condition.text}")
            if f.verdict == "unreviewed":
                hints.append("ask for a review or an exception: aicheck request new --tool " + f.tool.id)
        elif f.warnings or f.verdict in ("unreviewed", "conditional") or (f.evidence_only and f.verdict == "prohibited"):
            mark = "warn"
        else:
            mark = "ok"
        hints += [w + (f"  (aicheck attest {f.tool.id})" if w.startswith("Please confirm") else "")
                  for w in f.warnings]
        if f.alternatives and mark == "fail":
            hints.append("approved alternatives: " + ", ".join(t.name for t in f.alternatives))
        lines.append(CheckLine(mark, f.tool.id, f"{name}: {f.verdict} - {f.headline}", tuple(hints)))
    code = ExitCode.ACTION if any(l.mark == "fail" for l in lines) else ExitCode.OK
    return code, lines


def render(report: ScanReport, strict: bool, paint: Painter) -> tuple[int, str]:
    code, lines = evaluate(report, strict)
    marks = {"ok": ("✓", "green"), "warn": ("!", "yellow"), "fail": ("✗", "red")}
    out = [paint(header(report), "bold")]
    if not lines:
        out.append(paint("✓ No AI tools found on this machine.", "green"))
    for line in lines:
        sym, colour = marks[line.mark]
        out.append(paint(f"{sym} {clean(line.text, 400)}", colour))
        for h in line.hints:
            out.append(f"    → {clean(h, 400)}")
    for error in report.errors:  # a channel that failed may hide a tool: say so, never a silent gap
        out.append(paint(f"! scan error: {clean(error, 400)}", "yellow"))
    c = report.counts()
    verdict = "action required" if code else "compliant"
    incomplete = f"; the scan is incomplete: {len(report.errors)} scan error(s) above" if report.errors else ""
    out.append("")
    out.append(paint(f"Result: {verdict} ({c['action_required']} tool(s) need action, {c['total']} detected"
                     f"{incomplete})", "red" if code else ("yellow" if incomplete else "green")))
    return code, "\n".join(out) + "\n"


def check_json(report: ScanReport, strict: bool) -> dict:
    from tui.report.json_report import report_json

    code, lines = evaluate(report, strict)
    data = report_json(report)
    data["check"] = {"exit_code": code, "strict": strict, "compliant": code == 0,
                     "lines": [{"mark": l.mark, "tool": l.tool_id, "text": l.text, "hints": list(l.hints)}
                               for l in lines]}
    return data
