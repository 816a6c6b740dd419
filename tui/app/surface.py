"""MCP servers and agent extensions (plugins, marketplaces, skills, hooks): each with its verdict, the reason,
where it is configured and, when it must go, which file and key to remove (aicheck never edits them).

Reached from the dashboard with ``m``; each tool's detail shows the servers its own configuration holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.app.app import AicheckApp
from tui.app.footer import AppFooter
from tui.app.panel import Panel
from tui.app.text import MARKS, lit
from tui.core.agents.models import McpServer, UncheckedConfig
from tui.core.text import counted

if TYPE_CHECKING:
    from tui.core.scanner import ScanReport
    from tui.core.surface_judge import SurfaceFinding


def _what(f: SurfaceFinding) -> str:
    item = f.item
    if isinstance(item, McpServer):
        return f"{item.name}  ({item.client_label}, {item.transport}, {item.identity})"
    extra = f"@{item.marketplace}" if item.marketplace else ""
    return f"{item.kind} {item.name}{extra}  ({item.client})"


def surface_item(f: SurfaceFinding) -> ComposeResult:
    """One server or extension: verdict line, why, where, what it runs, the fix."""
    flag = " (action required)" if f.action_required else ""
    yield Static(
        Content.assemble((f"{MARKS[f.verdict]} ", "bold"), lit(_what(f), 400), f"  {f.verdict}{flag}"),
        classes=f"surface-title {f.verdict}",
    )
    # each line indented by the stylesheet (.surface-line), so a long one wraps under itself
    yield Static(lit("why: " + f.reason, 1000), classes="muted surface-line")
    where = f"in: {f.item.config}" + (f" (key {f.item.key})" if f.item.key else "")
    yield Static(lit(where, 600), classes="muted surface-line")
    detail = f.item.details()
    if detail:
        yield Static(lit(detail, 800), classes="muted surface-line")
    if f.fix:
        yield Static(lit("fix: " + f.fix, 800), classes="surface-line")


def unchecked_item(u: UncheckedConfig) -> ComposeResult:
    """A config file that could not be checked: what it holds is unknown, so it needs action."""
    yield Static(
        Content.assemble(
            (f"{MARKS['prohibited']} ", "bold"),
            lit(f"{u.config}  ({u.client_label}'s {u.holds})", 400),
            "  cannot be checked (action required)",
        ),
        classes="surface-title prohibited",
    )
    yield Static(lit("why: " + u.reason, 600), classes="muted surface-line")
    yield Static(lit("fix: " + u.fix, 800), classes="surface-line")


def surface_section(report: ScanReport | None, tool_id: str) -> ComposeResult:
    """The tool detail's panel: the MCP servers (and extensions) its own configuration holds, and its config
    files that could not be checked."""
    items = report.surface.for_client(tool_id) if report is not None else []
    unchecked = report.surface.unchecked_for(tool_id) if report is not None else []
    if not items and not unchecked:
        return
    with Panel(title=f"MCP servers and extensions ({len(items)})", id="tool-surface"):
        yield Static(
            f"MCP servers and extensions in its configuration ({len(items)}): aicheck never edits these files.",
            classes="muted",
        )
        for f in items:
            yield from surface_item(f)
        for u in unchecked:
            yield from unchecked_item(u)


def _needing_action_first(items: list[SurfaceFinding]) -> list[SurfaceFinding]:
    """What needs action first, then by verdict (prohibited, unreviewed, approved), each in the scan's order:
    at 80x24 the one server to remove was below the approved ones, out of sight."""
    rank = {"prohibited": 0, "unreviewed": 1, "approved": 2}
    return sorted(items, key=lambda f: (not f.action_required, rank.get(f.verdict, 3)))


class SurfaceScreen(Screen[None]):
    app = getters.app(AicheckApp)

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        report = self.app.report
        with VerticalScroll(id="surface"):
            if report is None:
                yield Static("The scan has not finished yet.")
            else:
                surface = report.surface
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
                if surface.unchecked:
                    with Panel(
                        title=f"Config files that could not be checked ({len(surface.unchecked)})", id="unchecked"
                    ):
                        for u in surface.unchecked:
                            yield from unchecked_item(u)
                with Panel(title=f"MCP servers ({len(surface.servers)})", id="mcp-servers"):
                    if not surface.servers:
                        yield Static("No MCP server is configured in any client aicheck knows.", classes="muted")
                    for f in _needing_action_first(surface.servers):
                        yield from surface_item(f)
                with Panel(title=f"Agent plugins, skills and hooks ({len(surface.extensions)})", id="agent-extensions"):
                    if not surface.extensions:
                        yield Static("No plugin, skill or hook found.", classes="muted")
                    for f in _needing_action_first(surface.extensions):
                        yield from surface_item(f)
        yield AppFooter()

    async def report_ready(self, report: ScanReport) -> None:
        await self.recompose()
