"""Markdown exports of the impact document (to attach anywhere, and snapshotted into a request), and the number
format a request's own Markdown shares with it (:func:`tui.requests.model.request_markdown`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.requests.impact import ImpactDoc

BAR_WIDTH = 30


def fmt_number(x: float | None, digits: int = 1) -> str:
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
        lines.append(f"{label}  without │{'█' * _cells(without, top, width):<{width}} {fmt_number(without)} h")
        lines.append(f"{'':{label_w}}  with    │{'▒' * _cells(with_, top, width):<{width}} {fmt_number(with_)} h")
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
            f"| {_cell(w.name)} | {fmt_number(w.minutes_without)} | {fmt_number(w.minutes_with)} | {fmt_number(w.per_week, 2)} | "
            f"{fmt_number(w.hours_saved_per_month)} | {'–' if sp is None else fmt_number(sp) + '×'} | {_cell(w.note)} |"
        )
    out += ["", "## Totals", ""]
    out.append(f"- Hours per month without the tool: **{fmt_number(t.hours_without_per_month)}**")
    out.append(f"- Hours per month with the tool: **{fmt_number(t.hours_with_per_month)}**")
    out.append(f"- Hours saved per month: **{fmt_number(t.hours_saved_per_month)}**")
    out.append(f"- Speed-up: **{'–' if t.speedup is None else fmt_number(t.speedup) + '×'}**")
    if t.cost_per_month is not None:
        out.append(f"- Tool cost per month: **{fmt_number(t.cost_per_month, 2)} {doc.currency}**")
        per_hour = "–" if t.cost_per_hour_saved is None else f"{fmt_number(t.cost_per_hour_saved, 2)} {doc.currency}"
        out.append(f"- Cost per hour saved: **{per_hour}**")
    chart = bar_chart(doc.chart_rows())
    if chart:
        out += ["", "## With and without, hours per month", "", "```text", chart, "```"]
    out.append("")
    return "\n".join(out)
