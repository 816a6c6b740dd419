"""Markdown exports: the impact document (to attach anywhere) and the exception request (ticket body)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.requests.impact import ImpactDoc
    from tui.requests.model import ExceptionRequest

BAR_WIDTH = 30


def _fmt(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    text = f"{x:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def bar_chart(rows: list[tuple[str, float, float]], width: int = BAR_WIDTH) -> str:
    """A plain-text bar chart, hours per month without (█) and with (▒) the tool, per workflow."""
    if not rows:
        return ""
    top = max(max(a, b) for _, a, b in rows) or 1.0
    label_w = min(max(len(name) for name, _, _ in rows), 28)
    lines = []
    for name, without, with_ in rows:
        label = name[:label_w].ljust(label_w)
        lines.append(f"{label}  without │{'█' * _cells(without, top, width):<{width}} {_fmt(without)} h")
        lines.append(f"{'':{label_w}}  with    │{'▒' * _cells(with_, top, width):<{width}} {_fmt(with_)} h")
    return "\n".join(lines)


def _cells(value: float, top: float, width: int) -> int:
    """How many of ``width`` cells ``value`` fills on a scale up to ``top``: none for a value at or below 0
    (a draft's negative minutes), all of them at most (a ratio of two extremes is no bar of a million cells)."""
    return round(min(max(value / top, 0.0), 1.0) * width) if top > 0 else 0


def impact_markdown(doc: ImpactDoc) -> str:
    t = doc.totals()
    title = doc.title or f"Productivity impact of {doc.tool_id or 'an AI tool'}"
    out = [f"# {title}", ""]
    meta = [f"Document `{doc.id}`"]
    if doc.tool_id:
        meta.append(f"tool `{doc.tool_id}`")
    if doc.author:
        meta.append(f"by {doc.author}")
    meta.append(f"updated {doc.updated:%Y-%m-%d}")
    out += [", ".join(meta) + ".", ""]
    out += [
        "| Workflow | Minutes without | Minutes with | Per week | Hours saved / month | Speed-up | Note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for w in doc.workflows:
        sp = w.speedup
        out.append(
            f"| {_cell(w.name)} | {_fmt(w.minutes_without)} | {_fmt(w.minutes_with)} | {_fmt(w.per_week, 2)} | "
            f"{_fmt(w.hours_saved_per_month)} | {'–' if sp is None else _fmt(sp) + '×'} | {_cell(w.note)} |"
        )
    out += ["", "## Totals", ""]
    out.append(f"- Hours per month without the tool: **{_fmt(t.hours_without_per_month)}**")
    out.append(f"- Hours per month with the tool: **{_fmt(t.hours_with_per_month)}**")
    out.append(f"- Hours saved per month: **{_fmt(t.hours_saved_per_month)}**")
    out.append(f"- Speed-up: **{'–' if t.speedup is None else _fmt(t.speedup) + '×'}**")
    if t.cost_per_month is not None:
        out.append(f"- Tool cost per month: **{_fmt(t.cost_per_month, 2)} {doc.currency}**")
        per_hour = "–" if t.cost_per_hour_saved is None else f"{_fmt(t.cost_per_hour_saved, 2)} {doc.currency}"
        out.append(f"- Cost per hour saved: **{per_hour}**")
    chart = bar_chart(doc.chart_rows())
    if chart:
        out += ["", "## With and without, hours per month", "", "```text", chart, "```"]
    out.append("")
    return "\n".join(out)


def request_markdown(req: ExceptionRequest, *, state: bool = True) -> str:
    """The printable view of an exception request, and (``state=False``) the ticket body."""
    t = req.tool
    out = [f"# {req.title}", ""]
    out.append(
        f"Request `{req.id}` (fingerprint `{req.fingerprint}`)" + (f", state **{req.state}**." if state else ".")
    )
    out.append("")
    out.append("## Tool")
    out.append("")
    out.append(f"- Tool: {t.name} (`{t.id}`){' by ' + t.vendor if t.vendor else ''}")
    if t.installed:
        out.append(
            f"- Installed: yes; versions found: {', '.join(t.versions) or 'unknown'}"
            + (f" (via {', '.join(t.channels)})" if t.channels else "")
        )
    else:
        out.append("- Installed: not yet (asking before installing)")
    out.append(f"- Verdict: {t.verdict or 'unknown'}")
    out.append(f"- Advisories: {', '.join(t.advisories) or 'none'}")
    p = req.policy
    out.append(f"- Policy: {p.org} {p.version} (content pack sha256 `{p.sha256[:16] or 'unknown'}`)")
    out += ["", "## Request", ""]
    on = f" on the machine `{req.requester.host}`" if req.requester.host else ""
    out.append(f"- Requested by: {req.requester.name} <{req.requester.email}>{on}")
    out.append(f"- Duration: {req.days} days")
    out.append(f"- Data the tool would touch: {', '.join(req.data_classes) or 'none declared'}")
    out += ["", "### Business justification", "", req.justification.strip() or "–", ""]
    out += ["### Mitigations", ""]
    out += [f"- {m}" for m in req.mitigations] or ["- none"]
    if req.impact is not None:
        im = req.impact
        out += ["", "### Productivity impact", ""]
        out.append(f"- Hours saved per month: {_fmt(im.hours_saved_per_month)}")
        out.append(f"- Speed-up: {'–' if im.speedup is None else _fmt(im.speedup) + '×'}")
        if im.cost_per_hour_saved is not None:
            out.append(f"- Cost per hour saved: {_fmt(im.cost_per_hour_saved, 2)}")
        out.append(f"- Attached document: `{im.id}` (below)")
        out += ["", "---", "", im.markdown.strip()]
    out.append("")
    return "\n".join(out)
