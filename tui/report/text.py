"""The human report of ``aicheck scan``: a table of detected tools, and ``--explain`` details."""

from __future__ import annotations

from pathlib import Path

from tui.core.agents.models import McpServer
from tui.core.alternatives import line as alternatives_line
from tui.core.judge import Finding
from tui.core.machine import account_home, to_machine_path
from tui.core.models import VERDICTS, network_line
from tui.core.scanner import ScanReport
from tui.core.text import clean, counted
from tui.report.style import VERDICT_COLOUR, Painter

MARKS = {"prohibited": "✗", "conditional": "!", "unreviewed": "?", "excepted": "~", "approved": "✓"}


def header(report: ScanReport) -> str:
    """The policy the verdicts come from; a pack from a path or URL whose signature was not checked says so,
    and so does the bundled example, so a report made with a pack someone wrote (or with no company's pack at
    all) is never mistaken for the company's signed one."""
    p = report.pack.policy
    origin = report.pack_origin or {}
    unchecked = origin.get("source") in ("path", "url") and not origin.get("signature_verified")
    where = f" - pack not signature-checked: {origin.get('location') or origin.get('from')}" if unchecked else ""
    if origin.get("configured") is False:  # --content or AICHECK_CONTENT named another pack than the config's
        where += f" - not the configured pack: {origin.get('location') or 'the example'} (from {origin.get('from')})"
    if origin.get("source") == "bundled":  # the example shipped with aicheck judged: never a company's policy
        named = origin.get("from") != "bundled"  # --content example: on purpose
        where += " - the bundled example pack, not your company's" + ("" if named else " (none is configured)")
    m = report.machine
    if str(m.root) != "/":  # a disk image is not this machine: said, so the verdict is never taken for its
        where += f" - disk image {m.root}"
    elif m.env_known and m.home != to_machine_path(str(account_home() or Path.home())):
        where += f" - home {m.display(m.home)}, not yours"  # a --home on this machine is said, never silent
    where += _search_path_said(report)
    return clean(f"{p.org_name} AI-tool policy {p.version} (sha256 {report.pack.sha256[:12]}){where}", 400)


def _search_path_said(report: ScanReport) -> str:
    """A search path given or narrowed for the run is said as a --home is: a command in a folder only the
    session's PATH names went unseen, so the verdict is not the session's (``report summarize`` distrusts it)."""
    if str(report.machine.root) != "/":  # a disk image's PATH is never this session's: the image is said
        return ""
    if report.search_path_source == "--search-path":
        return " - search path given with --search-path, not your session's PATH"
    if report.search_path_source == "standard" and report.machine.env_known:  # root's scan of another's home
        return " - the standard folders of that home and the system searched (root's PATH is not its owner's)"
    if report.search_path_source == "narrowed":
        m = report.machine
        lacking = ", ".join(m.display(p) for p in report.search_path_missing[:3]) or "a system folder"
        return f" - PATH narrowed for this run (it lacks {lacking}): a command only your session's PATH names is unseen"
    return ""


def _versions(f: Finding) -> str:
    return ", ".join(f.versions) or "-"


def _cell(text: str, width: int) -> str:
    text = clean(text, 500)
    return text if len(text) <= width else text[: width - 1] + "…"


def change_lines(report: ScanReport, paint: Painter) -> list[str]:
    """The dated policy changes not in force yet, one line each (those of tools found here in yellow)."""
    lines = []
    for change in report.changes:
        here = report.finding(change.tool_id) is not None
        lines.append(
            paint(
                clean(f"Policy change: {change.headline}" + ("" if here else " (not found on this machine)"), 500),
                "yellow" if here else "dim",
            )
        )
    return lines


SURFACE_MARKS = {"prohibited": "✗", "unreviewed": "?", "approved": "✓"}
SURFACE_COLOUR = {"prohibited": "red", "unreviewed": "yellow", "approved": "green"}


def surface_lines(report: ScanReport, paint: Painter, explain: bool = False) -> list[str]:
    """MCP servers and agent extensions, one line each (with ``explain``: reason, config key and fix)."""
    surface = report.surface
    lines: list[str] = []
    for title, items in (("MCP servers", surface.servers), ("Agent plugins, skills and hooks", surface.extensions)):
        if not items:
            continue
        lines += ["", paint(f"{title} ({len(items)}):", "bold")]
        for f in items:
            item = f.item
            what = (
                f"{item.client_label}: {item.name} - {item.transport} {item.identity}"
                if isinstance(item, McpServer)
                else f"{item.kind} {item.name}"
                + (f"@{item.marketplace}" if item.marketplace else "")
                + f" ({item.client})"
            )
            lines.append(
                paint(
                    clean(
                        f"{SURFACE_MARKS[f.verdict]} {what} - {f.verdict}" + (" *" if f.action_required else ""), 400
                    ),
                    SURFACE_COLOUR[f.verdict],
                )
            )
            if explain:
                lines.append(f"    why: {clean(f.reason, 1000)}")
                lines.append(
                    f"    in: {clean(item.config, 300)}" + (f" (key {clean(item.key, 300)})" if item.key else "")
                )
                extra = item.details()
                if extra:
                    lines.append(f"    {clean(extra, 600)}")
            if f.fix:
                lines.append(f"    fix: {clean(f.fix, 600)}")
    if surface.unchecked:
        lines += ["", paint(f"Config files that could not be checked ({len(surface.unchecked)}):", "bold")]
        for u in surface.unchecked:
            lines.append(paint(clean(f"✗ {u.config} ({u.client_label}'s {u.holds}) - cannot be checked *", 400), "red"))
            if explain:
                lines.append(f"    why: {clean(u.reason, 600)}")
                lines.append(f"    fix: {clean(u.fix, 800)}")
    return lines


def render_table(report: ScanReport, paint: Painter, width: int = 100) -> str:
    text = _render_tools_table(report, paint, width)
    extra = surface_lines(report, paint)
    text += "\n".join(extra[1:]) + "\n" if extra else ""
    errors = error_lines(report, paint)  # an expired pack, a channel that failed: never a table that looks clean
    return text + "\n" + "\n".join(errors) + "\n" if errors else text


def error_lines(report: ScanReport, paint: Painter) -> list[str]:
    """One line for each scan error: what it hides may need action, so no report leaves them out."""
    return [paint(f"Scan error (the scan went on; not a clean bill): {clean(e, 300)}", "red") for e in report.errors]


def _render_tools_table(report: ScanReport, paint: Painter, width: int = 100) -> str:
    lines = [paint(header(report), "bold"), ""]
    if not report.findings:
        lines.append("No AI tools found on this machine.")
        lines += ["", *change_lines(report, paint)] if report.changes else []
        return "\n".join(lines) + "\n"
    rows = [("", "TOOL", "VERDICT", "VERSIONS", "FOUND VIA", "REASON")]
    for f in report.findings:
        rows.append(
            (
                MARKS[f.verdict],
                f.tool.name,
                f.verdict + (" *" if f.action_required else ""),
                _versions(f),
                ",".join(f.channels),
                f.headline,
            )
        )
    widths = [1, 22, 13, 16, 18]
    reason_w = max(20, width - sum(widths) - 2 * len(widths))
    for i, row in enumerate(rows):
        cells = [_cell(c, w).ljust(w) for c, w in zip(row[:5], widths, strict=True)] + [_cell(row[5], reason_w)]
        line = "  ".join(cells).rstrip()
        line = paint(line, "dim") if i == 0 else paint(line, VERDICT_COLOUR[report.findings[i - 1].verdict])
        lines.append(line)
    c = report.counts()
    surface = report.surface.counts()["action_required"]
    also = f" and {counted(surface, 'MCP/agent item')} (below)" if surface else ""
    lines += [
        "",
        "  ".join(f"{k}: {c[k]}" for k in VERDICTS),
        f"* action required on {counted(c['action_required'], 'tool')}{also}. Details: aicheck scan --explain",
    ]
    if report.changes:
        lines += ["", *change_lines(report, paint)]
    return "\n".join(lines) + "\n"


def render_explain(report: ScanReport, paint: Painter) -> str:
    out = [paint(header(report), "bold"), ""]
    for change, line in zip(report.changes, change_lines(report, paint), strict=True):
        out += [line, f"    notice: {clean(change.notice, 2000)}", ""]
    for f in report.findings:
        out.append(
            paint(
                f"{MARKS[f.verdict]} {clean(f.tool.name)} [{clean(f.tool.id)}] - {f.verdict}"
                + (" (action required)" if f.action_required else ""),
                VERDICT_COLOUR[f.verdict],
            )
        )
        for r in f.reasons:
            out.append(f"    why: {clean(r, 1000)}")
        for w in f.warnings:
            out.append(f"    note: {clean(w, 1000)}")
        for c in f.conditions:
            out.append(f"    condition [{c.state}]: {clean(c.condition.text)} - {clean(c.detail)}")
        for i in f.installs:
            out.append(f"    found: {i.channel:<9} {i.version or '?':<14} {clean(i.path, 300)}")
            if i.detail:
                out.append(f"           {clean(i.detail, 300)}")
        if f.alternatives:
            out.append("    " + clean(alternatives_line(report.alternatives(f)), 1000))
        out.append("")
    out += surface_lines(report, paint, explain=True)[1:] + ([""] if report.surface.findings() else [])
    a = report.audit
    out.append(
        paint(
            f"Audit: read {counted(len(a.paths_read), 'file')}, "
            f"listed {counted(len(a.dirs_listed), 'folder')}, "
            f"executed nothing, {a.network_words()}.",
            "dim",
        )
    )
    for entry in a.network:  # the content pack's fetch, before the scan
        out.append(f"    net    {clean(network_line(entry), 500)}")
    for path in a.paths_read:
        out.append(f"    read   {clean(path, 500)}")
    for path in a.own_files_read:  # aicheck's config, grants, attestations, requests; git's config for the email
        out.append(f"    own    {clean(path, 500)}")
    for path in a.dirs_listed:
        out.append(f"    listed {clean(path, 500)}")
    for hop in a.links_followed:
        out.append(f"    link   {clean(hop.link, 500)} -> {clean(hop.target, 500)}")
    if a.skipped:
        out.append(f"Skipped {counted(len(a.skipped), 'item')}:")
        for s in a.skipped:
            out.append(f"    {clean(s.path, 300)}: {clean(s.reason, 300)}")
    out += error_lines(report, paint)
    return "\n".join(out) + "\n"
