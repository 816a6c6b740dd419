"""The dashboard's detail pane: the selected tool's verdict, every reason and the one next step,
updated as the cursor moves. The full page (evidence, commands, alternatives) is one Enter away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.app.interface import AppInterface
from tui.app.text import MARKS, clip_list, lit, verdict_style
from tui.core.models import Verdict
from tui.core.text import clean

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tui.core.judge import Finding
    from tui.core.scanner import ScanReport


def next_step(f: Finding, report: ScanReport | None) -> str:
    """The one thing to do about a finding, in words, with the key that does it. An alternative that needs
    action on this machine too says so ("move to GitHub Copilot (approved: needs action here - ...)")."""
    named = report.alternatives(f) if report is not None else []
    alts = ", ".join(a.label for a in named[:2]) if named else ", ".join(a.name for a in f.alternatives[:2])
    if f.verdict == Verdict.APPROVED and not f.action_required:
        return "Nothing to do: approved. Keep it up to date."
    if f.verdict == Verdict.EXCEPTED and not f.action_required:
        until = f" until {f.grant.expires.isoformat()}" if f.grant is not None else ""
        return f"Nothing to do: your exception holds{until}."
    if f.affected or f.version_violations:
        return "Update it to a version the policy allows (Enter shows the commands)."
    if f.unknown_versions and f.action_required:  # an edited manifest, a version file removed
        return "Update it: its version cannot be confirmed (Enter shows the commands)."
    if f.verdict == Verdict.PROHIBITED:
        if not f.action_required and f.installs and f.evidence_only:  # nothing that runs was found
            if all(i.browser is not None and i.browser.blocked_by for i in f.installs):
                return "Nothing to do: your administrator's browser policy keeps it from running."
            return "Nothing required: only traces of use were found (Enter: how to remove them)."
        if alts:
            return f"Remove it and move to {alts} (w: walkthrough, Enter: the commands)."
        return "Remove it (Enter: the commands), or request an exception (e)."
    if f.verdict == Verdict.CONDITIONAL:
        unmet = f.unmet_conditions()
        if unmet:
            return f"Meet {len(unmet)} condition{'s' if len(unmet) != 1 else ''} (Enter: what and how)."
        if f.change is not None and f.change_action:
            return f"Plan ahead: {f.change.headline} (Enter: details)."
        return "Confirm its conditions (Enter: details)."
    if f.verdict == Verdict.UNREVIEWED:
        return "Ask for a review or an exception (e) before relying on it."
    return "Open the details (Enter)."


def _surface_needing_action(report: ScanReport | None, tool_id: str) -> str:
    """ "2 MCP servers or extensions" (or a config that could not be checked) of the tool's configuration that
    need action, in words; "" when none do."""
    if report is None:
        return ""
    count = sum(s.action_required for s in report.surface.for_client(tool_id))
    count += len(report.surface.unchecked_for(tool_id))
    if not count:
        return ""
    many = count != 1
    what = f"{count} MCP server{'s' if many else ''} or extension{'s' if many else ''}"
    return f"{what} in its configuration {'need' if many else 'needs'} action"


class ToolPanel(VerticalScroll):
    """Beside the table at 120 columns, below it at 80: one Static in a scrolling, titled panel."""

    app = getters.app(AppInterface)

    def compose(self) -> ComposeResult:
        yield Static(id="tool-panel-body")

    def on_mount(self) -> None:
        self.border_title = "Details"
        screen = self.screen
        show = getattr(screen, "_show_selected", None)
        report = self.app.report
        if show is not None and report is not None:  # mounted after the table was filled
            self.display = bool(report.findings)
            show()
        else:
            self.show(None)

    def show(self, f: Finding | None) -> None:
        body = self.query_one("#tool-panel-body", Static)
        if f is None:
            self.border_title = "Details"
            body.update(Content.styled("Select a tool to see its verdict, why, and what to do next.", "$text-muted"))
            return
        self.border_title = lit(f.tool.name, 60)  # a name from the pack: never markup
        dark = self.app.current_theme.dark
        style = verdict_style(f.verdict, dark)
        flag = " · action required" if f.action_required else ""
        parts = [Content.styled(f"{MARKS[f.verdict]} {f.verdict}{flag}", style)]
        found = f"{clip_list(f.versions, 40)} via {', '.join(f.channels)}"
        parts.append(Content.styled(clean(f"Found {found}", 200), "$text-muted"))
        pending = _surface_needing_action(self.app.report, f.tool.id)
        step = next_step(f, self.app.report)
        if pending and not f.action_required:  # the tool may stay; what its configuration holds may not
            step = f"{pending} (m: MCP servers and agents, Enter: which and how)."
        parts.append(Content.assemble(("Next: ", "bold"), (clean(step, 400), style)))
        parts.append(Content.styled("Why", "bold"))
        for reason in f.reasons:
            parts.append(Content(clean(f"• {reason}", 600)))
        for warning in f.warnings:
            parts.append(Content.styled(clean(f"▲ {warning}", 600), "$text-warning"))
        if pending and f.action_required:
            parts.append(Content.styled(f"▲ Also: {pending[:1].lower()}{pending[1:]} (m).", "$text-warning"))
        parts.append(Content.styled("Enter: full details · e: exception · i: impact · w: alternative", "$text-muted"))
        body.update(Content("\n").join(parts))
