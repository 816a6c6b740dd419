"""MCP servers and agent extensions (plugins, marketplaces, skills, hooks): each with its verdict, the reason,
where it is configured and, when it must go, which file and key to remove (aicheck never edits them).

Reached from the dashboard with ``m``; each tool's detail shows the servers its own configuration holds.

The screen is the dashboard's layout: one table row per item (a DataTable draws only the rows in sight, so a
machine at the scan's cap of 5,000 servers opens in well under a second) beside, or at 80 columns above, the
selected item's details. The tool detail's section shows the first :data:`DETAIL_ITEMS` items (those that need
action first) and says how many more ``m`` lists: built as widgets, thousands of items froze the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import MARKS, clip, lit, verdict_style
from tui.core.agents.models import McpServer, UncheckedConfig
from tui.core.text import clean, counted

if TYPE_CHECKING:
    from tui.core.scanner import ScanReport
    from tui.core.surface_judge import SurfaceFinding

    Item = SurfaceFinding | UncheckedConfig

# the tool detail's section lists this many items (needing action first), then "and N more: press m"
DETAIL_ITEMS = 10
WIDE_FROM = 100  # as the dashboard: from this width the details stand beside the table, not below it
DETAIL_WIDTH = 46  # #surface-detail in aicheck.tcss, as the dashboard's #tool-panel
TABLE_FRAME, TABLE_SCROLLBAR, TABLE_SPARE, CELL_PADDING = 2, 2, 1, 1  # as the dashboard's table
UNCHECKED = "unchecked *"  # a config file that could not be checked, in the Verdict column
ACTION_MARK = " *"
VERDICT_WIDTH = len("unreviewed *")
KIND_WIDTH = len("server")
NAME_LEAST, CLIENT_WIDTH = 12, 12


def _what(f: SurfaceFinding) -> str:
    item = f.item
    if isinstance(item, McpServer):
        return f"{item.name}  ({item.client_label}, {item.transport}, {item.identity})"
    extra = f"@{item.marketplace}" if item.marketplace else ""
    return f"{item.kind} {item.name}{extra}  ({item.client})"


def surface_lines(f: SurfaceFinding) -> list[tuple[Content, str]]:
    """One server or extension as lines and their classes: verdict line, why, where, what it runs, the fix."""
    flag = " (action required)" if f.action_required else ""
    lines = [
        (
            Content.assemble((f"{MARKS[f.verdict]} ", "bold"), lit(_what(f), 400), f"  {f.verdict}{flag}"),
            f"surface-title {f.verdict}",
        ),
        (lit("why: " + f.reason, 1000), "muted surface-line"),
    ]
    where = f"in: {f.item.config}" + (f" (key {f.item.key})" if f.item.key else "")
    lines.append((lit(where, 600), "muted surface-line"))
    detail = f.item.details()
    if detail:
        lines.append((lit(detail, 800), "muted surface-line"))
    if f.fix:
        lines.append((lit("fix: " + f.fix, 800), "surface-line"))
    return lines


def unchecked_lines(u: UncheckedConfig) -> list[tuple[Content, str]]:
    """A config file that could not be checked: what it holds is unknown, so it needs action."""
    return [
        (
            Content.assemble(
                (f"{MARKS['prohibited']} ", "bold"),
                lit(f"{u.config}  ({u.client_label}'s {u.holds})", 400),
                "  cannot be checked (action required)",
            ),
            "surface-title prohibited",
        ),
        (lit("why: " + u.reason, 600), "muted surface-line"),
        (lit("fix: " + u.fix, 800), "surface-line"),
    ]


def item_lines(item: Item) -> list[tuple[Content, str]]:
    return unchecked_lines(item) if isinstance(item, UncheckedConfig) else surface_lines(item)


def surface_item(item: Item) -> ComposeResult:
    """One item as a few Statics (the tool detail's bounded section)."""
    for content, classes in item_lines(item):
        yield Static(content, classes=classes)


def surface_section(report: ScanReport | None, tool_id: str) -> ComposeResult:
    """The tool detail's panel: the MCP servers (and extensions) its own configuration holds, and its config
    files that could not be checked: the first DETAIL_ITEMS of them, those needing action first, then how many
    more the ``m`` screen lists."""
    items = report.surface.for_client(tool_id) if report is not None else []
    unchecked = report.surface.unchecked_for(tool_id) if report is not None else []
    if not items and not unchecked:
        return
    with Panel(title=f"MCP servers and extensions ({len(items)})", id="tool-surface"):
        yield Static(
            f"MCP servers and extensions in its configuration ({len(items)}): aicheck never edits these files.",
            classes="muted",
        )
        ordered: list[Item] = [*unchecked, *_needing_action_first(items)]
        for item in ordered[:DETAIL_ITEMS]:
            yield from surface_item(item)
        more = len(ordered) - DETAIL_ITEMS
        if more > 0:
            needing = sum(1 for x in ordered[DETAIL_ITEMS:] if _needs_action(x))
            also = f", {needing} of them needing action" if needing else ""
            yield Static(
                f"… and {more:,} more{also}: press m for MCP servers and agents, every one listed.",
                classes="surface-more",
            )


def _needs_action(item: Item) -> bool:
    return isinstance(item, UncheckedConfig) or item.action_required


def _needing_action_first(items: list[SurfaceFinding]) -> list[SurfaceFinding]:
    """What needs action first, then by verdict (prohibited, unreviewed, approved), each in the scan's order:
    at 80x24 the one server to remove was below the approved ones, out of sight."""
    rank = {"prohibited": 0, "unreviewed": 1, "approved": 2}
    return sorted(items, key=lambda f: (not f.action_required, rank.get(f.verdict, 3)))


def ordered_items(report: ScanReport) -> list[Item]:
    """The table's rows: config files that could not be checked, then every server and extension needing
    action, then by verdict; servers before extensions within each, each in the scan's order."""
    surface = report.surface
    return [*surface.unchecked, *_needing_action_first(surface.servers + surface.extensions)]


class ItemTable(DataTable):
    """The rows: Home and End go to the first and the last item (a row cursor has no columns to go to), as they
    went to the top and the bottom of the page this screen was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]


class SurfaceDetail(VerticalScroll):
    """The selected item, in full: one Static in a scrolling, titled panel (the dashboard's Details)."""

    def compose(self) -> ComposeResult:
        yield Static(id="surface-detail-body")

    def on_mount(self) -> None:
        self.border_title = "Details"

    def show(self, item: Item | None, dark: bool) -> None:
        body = self.query_one("#surface-detail-body", Static)
        if item is None:
            self.border_title = "Details"
            body.update(Content.styled("Select an item to see its verdict, why, where and the fix.", "$text-muted"))
            return
        name = item.config if isinstance(item, UncheckedConfig) else item.item.name
        self.border_title = lit(name, 60)
        parts = []
        for content, classes in item_lines(item):
            if "surface-title" in classes:
                verdict = classes.split()[-1]
                parts.append(content.stylize(verdict_style(verdict, dark)))
            elif "muted" in classes:
                parts.append(content.stylize("$text-muted"))
            else:
                parts.append(content)
        body.update(Content("\n").join(parts))


class SurfaceScreen(Screen[None]):
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Item] = []
        self._widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        yield AppHeader(icon="◆")
        report = self.app.report
        if report is None:
            with Vertical(id="surface"):
                yield Static("The scan has not finished yet.", classes="pad")
            yield AppFooter()
            return
        surface = report.surface
        self.items = ordered_items(report)
        c = surface.counts()
        with Panel(title="MCP servers and agent extensions", id="surface-summary"):
            yield Static(
                lit(
                    f"{counted(c['mcp_servers'], 'MCP server')} and "
                    f"{counted(c['agent_extensions'], 'agent extension')}"
                    + (
                        f", {counted(c['unchecked_configs'], 'config file')} that could not be checked"
                        if c["unchecked_configs"]
                        else ""
                    )
                    + f"; {c['action_required']} {'needs' if c['action_required'] == 1 else 'need'} action. "
                    "aicheck never edits these files: "
                    "remove what must go yourself."
                ),
                classes="title",
            )
        with Container(id="surface-main"):
            with Vertical(id="surface-items-panel"):
                yield ItemTable(id="surface-items", cursor_type="row", zebra_stripes=True)
                if not self.items:
                    yield Static(
                        "No MCP server is configured in any client aicheck knows.\nNo plugin, skill or hook found.",
                        id="surface-empty",
                    )
            yield SurfaceDetail(id="surface-detail")
        yield AppFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self._setup()

    def _setup(self) -> None:
        report = self.app.report
        if report is None:
            return
        panel = self.query_one("#surface-items-panel")
        panel.border_title = "Servers, plugins, skills and hooks"
        s = report.surface
        parts = [counted(len(s.servers), "MCP server"), counted(len(s.extensions), "extension")]
        if s.unchecked:
            parts.append(counted(len(s.unchecked), "unchecked config"))
        panel.border_subtitle = " · ".join([*parts, "* action required"])
        self._fill()
        table = self._table()
        table.display = bool(self.items)
        self.query_one(SurfaceDetail).display = bool(self.items)
        if self.items:
            table.focus()

    def _table(self) -> DataTable:
        return self.query_one("#surface-items", DataTable)

    def _column_widths(self) -> tuple[int, ...]:
        """Name, then Client when there is room for it: Mark, Verdict and Kind always stay whole."""
        width = self.size.width or 120
        narrow = width < WIDE_FROM
        self.set_class(narrow, "narrow")
        room = width - TABLE_FRAME - TABLE_SCROLLBAR - (0 if narrow else DETAIL_WIDTH)
        fixed = sum(w + 2 * CELL_PADDING for w in (1, VERDICT_WIDTH, KIND_WIDTH)) + TABLE_SPARE
        name = room - fixed - 2 * CELL_PADDING
        if name - CLIENT_WIDTH - 2 * CELL_PADDING >= NAME_LEAST:
            return (name - CLIENT_WIDTH - 2 * CELL_PADDING, CLIENT_WIDTH)
        return (max(NAME_LEAST, name),)

    def _fill(self) -> None:
        """(Re)build the rows for the width: one row per item, the cursor kept on the item it was on."""
        report = self.app.report
        if report is None:
            return
        widths = self._column_widths()
        table = self._table()
        at = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        self._widths = widths
        table.add_column("", key="mark", width=1)
        table.add_column("Name", key="name", width=widths[0])
        table.add_column("Verdict", key="verdict", width=VERDICT_WIDTH)
        table.add_column("Kind", key="kind", width=KIND_WIDTH)
        if len(widths) > 1:
            table.add_column("Client", key="client", width=widths[1])
        dark = self.app.current_theme.dark
        tools = report.pack.catalog.tools
        rows = []
        for item in self.items:
            if isinstance(item, UncheckedConfig):
                style = verdict_style("prohibited", dark)
                mark, name, verdict, kind, client = (
                    MARKS["prohibited"],
                    item.config,
                    UNCHECKED,
                    "config",
                    item.client_label,
                )
            else:
                style = verdict_style(item.verdict, dark)
                inner = item.item
                mark, verdict = MARKS[item.verdict], item.verdict + (ACTION_MARK if item.action_required else "")
                if isinstance(inner, McpServer):
                    name, kind, client = inner.name, "server", inner.client_label
                else:
                    name = inner.name + (f"@{inner.marketplace}" if inner.marketplace else "")
                    kind = inner.kind
                    tool = tools.get(inner.client)
                    client = tool.name if tool is not None else inner.client
            # names and paths come from scanned files: control characters shown escaped, never interpreted
            cells = [Text(mark, style=style), Text(clip(clean(name, 400), widths[0])), Text(verdict, style=style)]
            cells.append(Text(clip(clean(kind), KIND_WIDTH)))
            if len(widths) > 1:
                cells.append(Text(clip(clean(client), widths[1])))
            rows.append(cells)
        table.add_rows(rows)
        if self.items:
            table.move_cursor(row=min(at, len(self.items) - 1))
        self._show_selected()

    def _show_selected(self) -> None:
        table = self._table()
        item = self.items[table.cursor_row] if self.items and 0 <= table.cursor_row < len(self.items) else None
        self.query_one(SurfaceDetail).show(item, self.app.current_theme.dark)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_selected()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter: the details take the focus, to scroll a long one with the keys (as Tab does)."""
        event.stop()
        self.query_one(SurfaceDetail).focus()

    def on_resize(self) -> None:
        if self.app.report is not None and self._column_widths() != self._widths:
            self._fill()

    def _theme_changed(self) -> None:
        """Verdict colours have a dark and a light variant: repaint them for the new background."""
        if self.app.report is not None:
            self._fill()

    async def report_ready(self, report: ScanReport) -> None:
        await self.recompose()
        self._setup()
