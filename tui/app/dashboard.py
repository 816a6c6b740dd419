"""The dashboard: policy in the header, a summary of verdicts, the table of detected tools (filter and
sort from the keyboard), scan progress per channel while a scan runs, and a friendly empty state."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui.app.progress import ScanProgress
from tui.app.text import MARKS, VERDICT_STYLE, lit
from tui.core.text import clean

VERDICT_ORDER = ("prohibited", "conditional", "unreviewed", "excepted", "approved")
FILTERS = ("all", "action", *VERDICT_ORDER)
FILTER_LABELS = {"all": "all tools", "action": "action required"} | {v: v for v in VERDICT_ORDER}
SORTS = ("status", "name", "channel")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class Summary(Static):
    """One chip per verdict, ``✗ 4 prohibited  ! 1 conditional …``; wraps on a narrow terminal."""

    STYLES = {"prohibited": "bold $error", "conditional": "bold $warning", "unreviewed": "bold $secondary",
              "excepted": "bold $accent", "approved": "bold $success"}

    def on_mount(self) -> None:
        self.update_counts(None)

    def update_counts(self, counts: dict[str, int] | None) -> None:
        parts = []
        for verdict in VERDICT_ORDER:
            n = "–" if counts is None else str(counts[verdict])
            parts.append(Content.styled(f"{MARKS[verdict]} {n} {verdict}", self.STYLES[verdict]))
        if counts is not None:
            n = counts["action_required"]
            parts.append(Content.styled(f"{n} need{'s' if n == 1 else ''} action", "bold $error") if n
                         else Content.styled("nothing needs action", "$text-muted"))
        self.update(Content("  ").join(parts))


class DashboardScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Details", id="open"),
        Binding("slash", "filter", "Filter", key_display="/", id="filter"),
        Binding("f", "cycle_filter", "Verdict", id="cycle-filter"),
        Binding("s", "cycle_sort", "Sort", id="cycle-sort"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear-filter"),
        Binding("r", "app.rescan", "Rescan", id="dashboard-rescan"),
        Binding("g", "app.guidance", "Guide", id="dashboard-guidance"),
        Binding("o", "app.onboarding", "Checklist", id="dashboard-onboarding"),
        Binding("a", "app.about", "About", show=False, id="dashboard-about"),
        Binding("m", "app.surface", "MCP & agents", show=False, id="dashboard-surface"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_index = 0
        self.sort_index = 0
        self.text_filter = ""
        self._partial_shown = False
        self._reason = 40

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("Loading the policy…", id="banner")
        yield Static(id="changes")
        yield Summary(id="summary")
        yield ScanProgress(id="progress")
        yield DataTable(id="tools", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer(compact=True)

    def _columns(self) -> None:
        """(Re)create the columns to fit the width: the reason column takes what is left."""
        table = self.query_one(DataTable)
        width = self.size.width or 100
        widths = (1, 18, 12, 14, 16) if width >= 100 else (1, 16, 12, 10, 12)
        reason = max(16, width - sum(widths) - 2 * 6 - 2)
        table.clear(columns=True)
        for (label, key), w in zip((("", "mark"), ("Tool", "tool"), ("Verdict", "verdict"), ("Versions", "versions"),
                                    ("Found via", "via"), ("Reason", "reason")), (*widths, reason)):
            table.add_column(label, key=key, width=w)
        self._reason = reason

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._columns()
        app = self.app
        if app.session is not None:
            self.session_ready(app.session)
        if app.report is not None and not app.scanning:
            self.report_ready(app.report)
        table.focus()

    # -- app notifications --------------------------------------------------------------------
    def scan_started(self) -> None:
        progress = self.query_one(ScanProgress)
        progress.display = True
        progress.reset()
        self._update_status()

    def session_ready(self, session) -> None:
        self.onboarding_changed()

    def channel_scanned(self, channel: str, index: int, total: int, installs: list) -> None:
        self.query_one(ScanProgress).channel_done(channel, len(installs))
        if installs and self.app.report is None:
            self._fill_partial()

    def report_ready(self, report) -> None:
        self.query_one(ScanProgress).display = False
        self.query_one(Summary).update_counts(report.counts())
        self._show_changes(report)
        self._fill()
        self.onboarding_changed()
        if report.errors:
            self.notify(clean("Some channels failed: " + "; ".join(report.errors), 300), severity="warning",
                        markup=False)

    def _show_changes(self, report) -> None:
        """A banner with a countdown for each dated policy change that concerns a tool on this machine."""
        here = [c for c in report.changes if report.finding(c.tool_id) is not None]
        box = self.query_one("#changes", Static)
        box.display = bool(here)
        if here:
            box.update(Content("\n").join(Content.styled(clean(f"⚠ {c.headline}", 300), "bold") for c in here))

    def scan_failed(self, error: str) -> None:
        self.query_one(ScanProgress).display = False
        banner = self.query_one("#banner", Static)
        banner.update(lit("Could not scan: " + error, 2000))
        banner.add_class("error")
        self._update_status()

    def onboarding_changed(self) -> None:
        banner = self.query_one("#banner", Static)
        banner.remove_class("error")
        app = self.app
        if app.scan_error:
            return
        steps = app.onboarding_steps()
        if not steps:
            banner.update("Loading the policy…")
            return
        done = sum(s.done for s in steps)
        state = app.onboarding
        if done == len(steps):
            banner.update(Content.from_markup("[b]Onboarding complete[/b] for this policy. Press [b]g[/b] for guidance."))
            banner.set_class(True, "complete")
        else:
            prefix = (f"New policy (was {state.reset_from}): " if state.reset_from else "")
            banner.update(Content.from_markup(
                f"{prefix}Onboarding [b]$done/$total[/b] done: next, $next. Press [b]o[/b] for the checklist.",
                done=str(done), total=str(len(steps)),
                next=next(s.title.lower() for s in steps if not s.done)))
            banner.set_class(False, "complete")

    # -- table --------------------------------------------------------------------------------
    def _visible(self):
        report = self.app.report
        findings = list(report.findings) if report else []
        flt = FILTERS[self.filter_index]
        if flt == "action":
            findings = [f for f in findings if f.action_required]
        elif flt != "all":
            findings = [f for f in findings if f.verdict == flt]
        if self.text_filter:
            needle = self.text_filter.lower()
            findings = [f for f in findings
                        if needle in " ".join([f.tool.name, f.tool.id, f.verdict, *f.channels, *f.versions]).lower()]
        sort = SORTS[self.sort_index]
        if sort == "name":
            findings.sort(key=lambda f: f.tool.name.lower())
        elif sort == "channel":
            findings.sort(key=lambda f: (f.channels[0] if f.channels else "", f.tool.name.lower()))
        return findings

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        current = None if self._partial_shown else self._current_tool()
        self._partial_shown = False
        self._columns()
        report = self.app.report
        findings = self._visible()
        width = self._reason
        for f in findings:
            style = VERDICT_STYLE[f.verdict]
            verdict = f.verdict + (" *" if f.action_required else "")
            table.add_row(Text(MARKS[f.verdict], style=style), Text(f.tool.name),
                          Text(verdict, style=style), Text(", ".join(f.versions) or "–"),
                          Text(", ".join(f.channels)), Text(_clip(f.headline, width)), key=f.tool.id)
        no_tools = report is not None and not report.findings
        table.display = not no_tools
        for old in self.query("#empty"):
            old.display = no_tools
        if no_tools:
            empty = next(iter(self.query("#empty").results(Static)), None)
            if empty is None:  # built only for an empty machine
                empty = Static(id="empty")
                self.mount(empty, after="#tools")
            policy = report.pack.policy
            empty.update(Content.from_markup(
                "[b]No AI tools found on this machine.[/b]\n\nNothing here needs action under the $org "
                "AI-tool policy $version. aicheck read $files file(s) and listed $dirs folder(s) to check "
                "(press [b]a[/b] to see them).\n\nPress [b]g[/b] to read the policy and the approved tools, "
                "or [b]o[/b] for your onboarding checklist.",
                org=clean(policy.org_name), version=clean(policy.version), files=str(len(report.audit.paths_read)),
                dirs=str(len(report.audit.dirs_listed))))
        if current and current in {f.tool.id for f in findings}:
            table.move_cursor(row=table.get_row_index(current))
        self._update_status()

    def _fill_partial(self) -> None:
        """While the scan runs: the tools found so far, not yet judged."""
        session = self.app.session
        if session is None:
            return
        by_tool: dict[str, list] = {}
        for inst in self.app.partial:
            by_tool.setdefault(inst.tool_id, []).append(inst)
        table = self.query_one(DataTable)
        table.clear()
        self._partial_shown = True
        for tool_id in sorted(by_tool, key=lambda t: session.pack.catalog.tools[t].name.lower()
                              if t in session.pack.catalog.tools else t):
            tool = session.pack.catalog.tools.get(tool_id)
            installs = by_tool[tool_id]
            versions = list(dict.fromkeys(i.version for i in installs if i.version))
            channels = list(dict.fromkeys(i.channel for i in installs))
            table.add_row(Text(MARKS["pending"], style="dim"), Text(tool.name if tool else tool_id),
                          Text("checking…", style="dim"), Text(", ".join(versions) or "–"),
                          Text(", ".join(channels)), Text("judging against the policy…", style="dim"), key=tool_id)
        self._update_status()

    def _current_tool(self) -> str | None:
        from tui.app.tables import key_at_cursor

        return key_at_cursor(self.query_one(DataTable))

    def _update_status(self) -> None:
        app = self.app
        parts = []
        if app.scanning:
            parts.append("scanning…")
        elif app.report is not None:
            shown = self.query_one(DataTable).row_count
            total = len(app.report.findings)
            parts.append(f"{shown} of {total} tools" if shown != total else f"{total} tools")
            if total and not shown:
                parts.append("no tool matches the filter")
        parts.append(f"verdict: {FILTER_LABELS[FILTERS[self.filter_index]]}")
        if self.text_filter:
            parts.append(f"text: {self.text_filter}")
        parts.append(f"sort: {SORTS[self.sort_index]}")
        parts.append("* action required")
        self.query_one("#status", Static).update(lit("  ·  ".join(parts)))

    # -- actions ------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.app.action_open_tool(event.row_key.value)

    def action_open(self) -> None:
        tool_id = self._current_tool()
        if tool_id:
            self.app.action_open_tool(tool_id)

    async def action_filter(self) -> None:
        boxes = self.query("#filter").results(Input)
        box = next(boxes, None)
        if box is None:  # created on first use: one widget less to build before the first frame
            box = Input(placeholder="Filter by name, id, verdict or channel (Enter: done, Esc: clear)", id="filter")
            await self.mount(box, before="#tools")
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        changed = bool(self.text_filter) or self.filter_index != 0
        for box in self.query("#filter").results(Input):
            box.value = ""
            box.display = False
        self.text_filter = ""
        self.filter_index = 0
        self.query_one(DataTable).focus()
        if changed and self.app.report is not None:
            self._fill()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.text_filter = event.value.strip()
            if self.app.report is not None:
                self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            if not event.value.strip():
                event.input.display = False
            self.query_one(DataTable).focus()

    def action_cycle_filter(self) -> None:
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        if self.app.report is not None:
            self._fill()
        else:
            self._update_status()
        self.notify(f"Showing {FILTER_LABELS[FILTERS[self.filter_index]]}", timeout=2)

    def action_cycle_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        if self.app.report is not None:
            self._fill()
        else:
            self._update_status()

    def on_resize(self) -> None:
        if self.app.report is not None and not self.app.scanning:
            self._fill()
