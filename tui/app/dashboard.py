"""The dashboard: policy in the header, a summary of verdicts, the table of detected tools (filter and
sort from the keyboard), scan progress per channel while a scan runs, and a friendly empty state."""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.progress import ScanProgress
from tui.app.text import MARKS, clip, clip_list, lit, short_reason, verdict_style
from tui.core.text import clean, counted
from tui.core.verdicts import VERDICTS, Verdict

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widgets import DataTable

    from tui.app.tool_panel import ToolPanel
    from tui.core.judge import Finding
    from tui.core.models import Install
    from tui.core.scanner import ScanReport
    from tui.services.session import Session

FILTERS: tuple[str, ...] = ("all", "action", *VERDICTS)
FILTER_LABELS: dict[str, str] = {"all": "all tools", "action": "action required"} | {v: str(v) for v in VERDICTS}
SORTS = ("status", "name", "channel")
PARTIAL_EVERY = 0.1  # seconds between redraws of the tools found so far while a scan runs
ACTION_MARK = " *"  # after a verdict that needs action, in the table (its subtitle explains it)
# the Verdict column fits the longest verdict with its mark ("conditional *"): never cut, at any width
VERDICT_WIDTH = max(len(v) for v in VERDICTS) + len(ACTION_MARK)
WIDE_FROM = 100  # columns from which the selected tool's panel stands beside the table, not below it
TOOL_PANEL_WIDTH = 46  # that panel's width beside the table: #tool-panel in aicheck.tcss
# what the table cannot use of its panel's width: the panel's frame (2) and the room its vertical scrollbar takes
# when the tools overflow (2); and the last column stops a cell short of that, as it always has
TABLE_FRAME, TABLE_SCROLLBAR, TABLE_SPARE = 2, 2, 1
CELL_PADDING = 1  # DataTable's, on either side of every cell

Column = tuple[str, str, int]  # label, key, width


def fit_columns(room: int, columns: list[Column], last: Column, drop: tuple[str, ...]) -> list[Column]:
    """The table's columns for `room` cells, so that none needs scrolling sideways: `last` (the Reason, or
    Found via) takes what the others leave, down to its own width; below that, the columns named in `drop`
    go, in order, and when `last` is named there it goes itself (the columns before it are kept whole).
    Each column takes its width and a cell of padding on either side."""
    label, key, least = last
    kept = list(columns)
    for going in (None, *drop):
        if going == key:
            return kept
        kept = [c for c in kept if c[1] != going]
        rest = room - sum(w + 2 * CELL_PADDING for _label, _key, w in kept) - 2 * CELL_PADDING - TABLE_SPARE
        if rest >= least:
            return [*kept, (label, key, rest)]
    return kept


def _needing_action(counts: dict[str, int]) -> str:
    """ "2 tools need action", "1 MCP or agent item needs action", "2 tools and 1 MCP or agent item need action"."""
    tools, surface = counts["action_required"], counts.get("surface_action", 0)
    parts = [counted(tools, "tool")] if tools else []
    parts += [counted(surface, "MCP/agent item")] if surface else []
    return " and ".join(parts) + (" needs action" if tools + surface == 1 else " need action")


class Summary(Static):
    """The state at a glance: compliant or not, one chip per verdict (``× 4 prohibited  ! 1 conditional …``),
    and the one next action. Marks and colours are the table's and the detail's (tui.app.text)."""

    app = getters.app(AppInterface)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._counts: dict[str, int] | None = None
        self._next = ""

    def on_mount(self) -> None:
        self.update_counts(None)

    def on_resize(self) -> None:
        self.update_counts(self._counts, self._next)

    def update_counts(self, counts: dict[str, int] | None, next_action: str = "") -> None:
        self._counts, self._next = counts, next_action
        dark = self.app.current_theme.dark
        chips = []
        for verdict in VERDICTS:
            count = "–" if counts is None else str(counts[verdict])
            chips.append(Content.styled(f"{MARKS[verdict]} {count} {verdict}", verdict_style(verdict, dark)))
        if counts is None:
            text, style = "… Checking this machine against the policy", "bold"
        elif counts["action_required"] or counts.get("surface_action", 0):
            text, style = f"× Action required: {_needing_action(counts)}", verdict_style(Verdict.PROHIBITED, dark)
        elif counts.get("scan_errors", 0):  # what `aicheck check` calls an incomplete scan: never a clean bill
            errors = counted(counts["scan_errors"], "scan error")
            text, style = f"! Incomplete scan: {errors}, not a clean bill", verdict_style(Verdict.CONDITIONAL, dark)
        else:
            text, style = "✓ Compliant: nothing needs action", verdict_style(Verdict.APPROVED, dark)
        # the state and the counts on one line when both fit (from 100 columns), else the counts first
        wide = self.size.width >= max(100, len(text) + sum(c.cell_length + 2 for c in chips))
        state = Content.styled(text + ("" if wide else "."), style)
        nxt = Content.assemble(("Next: ", "bold"), clean(next_action, 300)) if next_action else None
        if wide:  # the state, then the counts; the next action below
            lines = [Content("  ").join([state, *chips])] + ([nxt] if nxt else [])
        else:  # 80 columns: the counts, then the state and the next action on one line
            lines = [Content("  ").join(chips), Content(" ").join([state, *([nxt] if nxt else [])])]
        self.update(Content("\n").join(lines))


class DashboardScreen(Screen[None]):
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
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
        Binding("e", "exception", "Exception", show=False, id="dashboard-exception"),
        Binding("i", "impact", "Impact", show=False, id="dashboard-impact"),
        Binding("w", "walkthrough", "Alternative", show=False, id="dashboard-walkthrough"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_index = 0
        self.sort_index = 0
        self.text_filter = ""
        self._partial_shown = False
        self._partial_at = 0.0  # when the table last showed the tools found so far (monotonic)
        self._partial_timer: Timer | None = None
        self._widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield AppHeader(icon="◆")
        yield Static(id="changes")
        with Vertical(id="summary-panel"):
            yield Summary(id="summary")
            yield Static("Loading the policy…", id="banner")
        yield ScanProgress(id="progress")
        with Container(id="main"):  # the table and the tool panel come just after the first frame (_mount_table)
            yield Vertical(id="tools-panel")
        yield AppFooter()

    def _narrow(self) -> bool:
        return (self.size.width or 120) < WIDE_FROM

    def _columns(self) -> None:
        """(Re)create the columns to fit the width, none wider than the table shows (no scrolling sideways).
        Beside the tool panel (wide) the table leaves the reasons to the panel and ends with where each tool
        was found; that column goes first when it would be narrower than its header and a channel (below
        113 columns), as the panel beside says it for the selected tool. Below the panel (narrow) the last
        column is the reason, without the verdict prefix: it shrinks first, then Versions goes, then it does.
        Mark, Tool and Verdict always stay, the verdict whole with its action mark."""
        table = self._table()
        width = self.size.width or 120
        self.set_class(self._narrow(), "narrow")
        if table is None:
            return
        room = width - TABLE_FRAME - TABLE_SCROLLBAR
        if self._narrow():
            cols = [
                ("", "mark", 1),
                ("Tool", "tool", 14),
                ("Verdict", "verdict", VERDICT_WIDTH),
                ("Versions", "versions", 10),
            ]
            cols = fit_columns(room, cols, ("Reason", "reason", 12), drop=("versions", "reason"))
        else:
            cols = [
                ("", "mark", 1),
                ("Tool", "tool", 16),
                ("Verdict", "verdict", VERDICT_WIDTH),
                ("Versions", "versions", 12),
            ]
            cols = fit_columns(room - TOOL_PANEL_WIDTH, cols, ("Found via", "via", 10), drop=("via",))
        table.clear(columns=True)
        for label, key, w in cols:
            table.add_column(label, key=key, width=w)
        self._widths = {key: w for _label, key, w in cols}

    def on_mount(self) -> None:
        self.query_one("#summary-panel").border_title = "Compliance"
        self.query_one("#tools-panel").border_title = "Tools"
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self._columns()
        app = self.app
        if app.session is not None:
            self.session_ready(app.session)
        if app.report is not None and not app.scanning:
            self.report_ready(app.report)
        self.call_after_refresh(self._mount_table)

    async def _mount_table(self) -> None:
        """The table of tools and the selected tool's panel, just after the first frame: both are empty
        until the scan reports, and their imports, stylesheets and layout (~10 ms) need not hold up the
        first frame. Whatever the scan reported in the meantime (kept by the app) is shown when they are."""
        from textual.widgets import DataTable

        from tui.app.tool_panel import ToolPanel

        table: DataTable[Text] = DataTable(id="tools", cursor_type="row", zebra_stripes=True)
        mounting = [self.query_one("#tools-panel").mount(table)]
        if self._panel() is None:
            mounting.append(self.query_one("#main").mount(ToolPanel(id="tool-panel")))
        for done in mounting:
            await done
        app = self.app
        if app.report is not None and not app.scanning:
            self._fill()
        else:
            self._columns()
            if app.partial:
                self._fill_partial()
        if self.focused is None and table.display:  # not when hidden (a machine without AI tools)
            table.focus()

    def _table(self) -> DataTable | None:
        """The table of tools, once mounted (see _mount_table). By id: naming the class would import it."""
        return cast("DataTable | None", next(iter(self.query("#tools")), None))

    # -- app notifications --------------------------------------------------------------------
    def scan_started(self) -> None:
        progress = self.query_one(ScanProgress)
        progress.display = True
        progress.reset()
        self._update_status()

    def session_ready(self, session: Session) -> None:
        self.onboarding_changed()

    def channel_scanned(self, channel: str, index: int, total: int, installs: list[Install]) -> None:
        self.query_one(ScanProgress).channel_done(channel, len(installs))
        if installs and self.app.report is None:
            self._partial_soon()

    def _partial_soon(self) -> None:
        """Show the tools found so far now, or once PARTIAL_EVERY has passed since the table last did.

        A scan reports each channel as it ends, often several within a few milliseconds; redrawing the
        whole table for each cost more than the scan itself. The first tools show at once, the rest at
        most ten times a second, and the judged table replaces them when the report is ready."""
        if self._partial_timer is not None:  # a refresh is already due
            return
        wait = self._partial_at + PARTIAL_EVERY - monotonic()
        if wait <= 0:
            self._fill_partial()
        else:
            self._partial_timer = self.set_timer(wait, self._partial_due)

    def _partial_due(self) -> None:
        self._partial_timer = None
        if self.app.report is None:
            self._fill_partial()

    def report_ready(self, report: ScanReport) -> None:
        if self._partial_timer is not None:
            self._partial_timer.stop()
            self._partial_timer = None
        self.query_one(ScanProgress).display = False
        counts = report.counts() | {
            "surface_action": report.surface.counts()["action_required"],
            "scan_errors": len(report.errors),
        }
        self.query_one(Summary).update_counts(counts, self._next_action(report))
        self._show_changes(report)
        self._fill()
        self.onboarding_changed()
        if report.errors:
            self.notify(
                clean("The scan is incomplete: " + "; ".join(report.errors), 300), severity="warning", markup=False
            )

    def _show_changes(self, report: ScanReport) -> None:
        """A banner with a countdown for each dated policy change that concerns a tool on this machine, and for
        the content pack's last days of use."""
        lines = [c.headline for c in report.changes if report.finding(c.tool_id) is not None]
        expiring = report.pack.expiry_notice(report.today) if report.today is not None else None
        if expiring:
            lines.append(f"{expiring}: no check passes after it")
        box = self.query_one("#changes", Static)
        box.display = bool(lines)
        if lines:
            box.update(Content("\n").join(Content.styled(clean(f"▲ {line}", 300), "bold") for line in lines))

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
            banner.update(
                Content.from_markup("[b]Onboarding complete[/b] for this policy. Press [b]g[/b] for guidance.")
            )
            banner.set_class(True, "complete")
        else:
            # the old version comes from a file on this machine: a template variable, never markup
            changed = state is not None and state.reset_from is not None
            prefix = f"New policy ({state.change_since(state.policy_version)}): " if state and changed else ""
            banner.update(
                Content.from_markup(
                    "${prefix}Onboarding [b]$done/$total[/b] done: next, $next. Press [b]o[/b] for the checklist.",
                    prefix=prefix,
                    done=str(done),
                    total=str(len(steps)),
                    next=next(s.title[:1].lower() + s.title[1:] for s in steps if not s.done),  # "the AI-tool policy"
                )
            )
            banner.set_class(False, "complete")

    # -- table --------------------------------------------------------------------------------
    def _visible(self) -> list[Finding]:
        report = self.app.report
        findings = list(report.findings) if report else []
        flt = FILTERS[self.filter_index]
        if flt == "action":
            findings = [f for f in findings if f.action_required]
        elif flt != "all":
            findings = [f for f in findings if f.verdict == flt]
        if self.text_filter:
            needle = self.text_filter.lower()
            findings = [
                f
                for f in findings
                if needle in " ".join([f.tool.name, f.tool.id, f.verdict, *f.channels, *f.versions]).lower()
            ]
        sort = SORTS[self.sort_index]
        if sort == "name":
            findings.sort(key=lambda f: f.tool.name.lower())
        elif sort == "channel":
            findings.sort(key=lambda f: (f.channels[0] if f.channels else "", f.tool.name.lower()))
        return findings

    def _fill(self) -> None:
        table = self._table()
        if table is None:  # not mounted yet: it shows the report when it is
            return
        current = None if self._partial_shown else self._current_tool()
        self._partial_shown = False
        self._columns()
        report = self.app.report
        findings = self._visible()
        dark = self.app.current_theme.dark
        w = self._widths
        for f in findings:
            style = verdict_style(f.verdict, dark)
            verdict = f.verdict + (ACTION_MARK if f.action_required else "")
            cells = [
                Text(MARKS[f.verdict], style=style),
                Text(clip(f.tool.name, w["tool"])),
                Text(verdict, style=style),
            ]
            if "versions" in w:
                cells.append(Text(clip_list(f.versions, w["versions"])))
            if "reason" in w:
                cells.append(Text(clip(short_reason(f.headline), w["reason"])))
            elif "via" in w:
                cells.append(Text(clip_list(f.channels, w["via"])))
            table.add_row(*cells, key=f.tool.id)
        no_tools = report is not None and not report.findings
        table.display = not no_tools
        if no_tools and table.has_focus:
            self.set_focus(None)  # now, not at the next layout: the footer shows the screen's keys
        for old in self.query("#empty"):
            old.display = no_tools
        if no_tools and report is not None:
            empty = next(iter(self.query("#empty").results(Static)), None)
            if empty is None:  # built only for an empty machine
                empty = Static(id="empty")
                self.query_one("#tools-panel").mount(empty, after="#tools")
            policy = report.pack.policy
            empty.update(
                Content.from_markup(
                    "[b]No AI tools found on this machine.[/b]\n\nNothing here needs action under the $org "
                    "AI-tool policy $version. aicheck read $files and listed $dirs to check "
                    "(press [b]a[/b] to see them).\n\nPress [b]g[/b] to read the policy and the approved tools, "
                    "or [b]o[/b] for your onboarding checklist.",
                    org=clean(policy.org_name),
                    version=clean(policy.version),
                    files=counted(len(report.audit.paths_read), "file"),
                    dirs=counted(len(report.audit.dirs_listed), "folder"),
                )
            )
        if current and current in {f.tool.id for f in findings}:
            table.move_cursor(row=table.get_row_index(current))
        panel = self._panel()
        if panel is not None:
            panel.display = not no_tools
        self._show_selected()
        self._update_status()

    def _theme_changed(self) -> None:
        """Verdict colours have a dark and a light variant: repaint them for the new background."""
        summary = self.query_one(Summary)
        summary.update_counts(summary._counts, summary._next)
        if self.app.report is not None and not self.app.scanning:
            self._fill()

    def _next_action(self, report: ScanReport) -> str:
        """The one next action for the summary: the first tool (in the table's order) that needs action."""
        first = next((f for v in VERDICTS for f in report.findings if f.verdict == v and f.action_required), None)
        if first is None:
            surface = report.surface
            if surface.unchecked:
                u = surface.unchecked[0]
                return f"{u.client_label}: {u.fix}. Press m for MCP servers and agents."
            item = next((f for f in surface.findings() if f.action_required), None)
            if item is not None:
                return f"{item.fix}. Press m for MCP servers and agents."
            if report.errors:
                error = report.errors[0]
                return f"press a for the audit. {error[:1].upper()}{error[1:]}"
            return "nothing to fix. Press g for the policy."
        from tui.app.tool_panel import next_step

        return f"{first.tool.name}: {next_step(first, report)}"

    def _panel(self) -> ToolPanel | None:
        """The selected tool's panel, once mounted (see _mount_table)."""
        return cast("ToolPanel | None", next(iter(self.query("#tool-panel")), None))

    def _show_selected(self) -> None:
        report = self.app.report
        tool_id = None if self._partial_shown else self._current_tool()
        finding = report.finding(tool_id) if report is not None and tool_id else None
        panel = self._panel()
        if panel is not None:
            panel.show(finding)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if not self._partial_shown:
            self._show_selected()

    def _fill_partial(self) -> None:
        """While the scan runs: the tools found so far, not yet judged."""
        session = self.app.session
        if session is None:
            return
        by_tool: dict[str, list] = {}
        for inst in self.app.partial:
            by_tool.setdefault(inst.tool_id, []).append(inst)
        table = self._table()
        if table is None:  # not mounted yet: it shows the tools found so far when it is
            return
        table.clear()
        self._partial_shown = True
        self._partial_at = monotonic()
        for tool_id in sorted(
            by_tool, key=lambda t: session.pack.catalog.tools[t].name.lower() if t in session.pack.catalog.tools else t
        ):
            tool = session.pack.catalog.tools.get(tool_id)
            installs = by_tool[tool_id]
            versions = list(dict.fromkeys(i.version for i in installs if i.version))
            channels = list(dict.fromkeys(i.channel for i in installs))
            w = self._widths
            cells = [
                Text(MARKS["pending"], style="dim"),
                Text(clip(tool.name if tool else tool_id, w["tool"])),
                Text("checking…", style="dim"),
            ]
            if "versions" in w:
                cells.append(Text(clip_list(versions, w["versions"])))
            if "reason" in w:
                cells.append(Text(clip("judging against the policy…", w["reason"]), style="dim"))
            elif "via" in w:
                cells.append(Text(clip_list(channels, w["via"])))
            table.add_row(*cells, key=tool_id)
        self._update_status()

    def _current_tool(self) -> str | None:
        from tui.app.tables import key_at_cursor

        table = self._table()
        return key_at_cursor(table) if table is not None else None

    def _update_status(self) -> None:
        app = self.app
        parts = []
        if app.scanning:
            parts.append("scanning…")
        elif app.report is not None:
            table = self._table()
            shown = table.row_count if table is not None else len(self._visible())
            total = len(app.report.findings)
            parts.append(f"{shown} of {counted(total, 'tool')}" if shown != total else counted(total, "tool"))
            if total and not shown:
                parts.append("no tool matches the filter")
        parts.append(f"verdict: {FILTER_LABELS[FILTERS[self.filter_index]]}")
        if self.text_filter:
            parts.append(f"text: {self.text_filter}")
        parts.append(f"sort: {SORTS[self.sort_index]}")
        parts.append("* action required")
        self.query_one("#tools-panel").border_subtitle = " · ".join(parts)

    # -- actions ------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.app.action_open_tool(event.row_key.value)

    def action_open(self) -> None:
        tool_id = self._current_tool()
        if tool_id:
            self.app.action_open_tool(tool_id)

    def action_exception(self) -> None:
        tool_id = self._current_tool()
        if tool_id and self.app.report is not None:
            self.app.action_request_exception(tool_id)

    def action_impact(self) -> None:
        tool_id = self._current_tool()
        if tool_id and self.app.report is not None:
            self.app.action_document_impact(tool_id)

    def action_walkthrough(self) -> None:
        f = self.app.report.finding(self._current_tool() or "") if self.app.report is not None else None
        if f is None:
            return
        if not f.alternatives:
            self.notify("The policy names no approved alternative for this tool.")
            return
        self.app.action_walkthrough(f.tool.id, f.alternatives[0].id)

    async def action_filter(self) -> None:
        boxes = self.query("#filter").results(Input)
        box = next(boxes, None)
        if box is None:  # created on first use: one widget less to build before the first frame
            box = Input(placeholder="Filter by name, id, verdict or channel (Enter: done, Esc: clear)", id="filter")
            table = self._table()  # above the table (which, if not mounted yet, comes below it)
            await self.query_one("#tools-panel").mount(box, before=table)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        changed = bool(self.text_filter) or self.filter_index != 0
        for box in self.query("#filter").results(Input):
            box.value = ""
            box.display = False
        self.text_filter = ""
        self.filter_index = 0
        self._focus_table()
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
            self._focus_table()

    def _focus_table(self) -> None:
        table = self._table()
        if table is not None:
            table.focus()

    def action_cycle_filter(self) -> None:
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        if self.app.report is not None:
            self._fill()
        else:
            self._update_status()

    def action_cycle_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        if self.app.report is not None:
            self._fill()
        else:
            self._update_status()

    def on_resize(self) -> None:
        """The columns fit the new width at once, during a scan too (see _columns)."""
        if self.app.report is not None:  # while a rescan runs, the last report's rows
            self._fill()
        else:
            self._columns()  # before the table is mounted, only the layout's class
            if self._partial_shown:
                self._fill_partial()
