"""Alternative walkthrough: what the alternative is and what the policy says of it, the setup steps as a
checklist the user ticks (kept across restarts), migration tips, and a verify step that rescans and
confirms the alternative is detected and the replaced tool is gone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Markdown, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import lit
from tui.app.tickbox import TickBox
from tui.core.alternatives import Alternative

if TYPE_CHECKING:
    from tui.core.content import Pack
    from tui.core.guidance import GuidePage
    from tui.core.scanner import ScanReport

_TIPS = re.compile(r"^##\s+Migration tips\s*$(.*?)(?=^##\s|\Z)", re.M | re.S)
_INLINE = re.compile(r"\*\*|__|`")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")  # [Ollama](alternative-ollama.md): its words, on a tick box


def plain_step(item: str) -> str:
    """A checklist line as a tick box shows it: Markdown's emphasis and code marks dropped, a link as its text."""
    return _INLINE.sub("", _LINK.sub(r"\1", item))


def guide_page_for(pack: Pack, alternative: str) -> GuidePage | None:
    """The migration guide of an alternative: ``alternative-<id>``, else the page its rule names."""
    page = pack.guidance.get(f"alternative-{alternative}")
    if page is None:
        rule = pack.policy.rule(alternative)
        if rule is not None and rule.guide:
            page = pack.guidance.get(rule.guide)
    return page


def migration_tips(text: str) -> str:
    m = _TIPS.search(text)
    return m.group(1).strip() if m else ""


def verify(report: ScanReport, from_tool: str, alternative: str) -> tuple[bool, bool, str]:
    """(alternative detected and needing nothing here, replaced tool gone, one line saying so)."""
    alt = report.finding(alternative)
    old = report.finding(from_tool)
    alt_ok = alt is not None and any(not i.evidence_only for i in alt.installs)
    old_gone = old is None or all(i.evidence_only for i in old.installs)
    alt_name = (
        alt.tool.name
        if alt
        else report.pack.catalog.tools[alternative].name
        if alternative in report.pack.catalog.tools
        else alternative
    )
    old_name = (
        old.tool.name
        if old
        else report.pack.catalog.tools[from_tool].name
        if from_tool in report.pack.catalog.tools
        else from_tool
    )
    if alt_ok and alt is not None and alt.action_required:  # here, but not set up as the policy asks yet
        alt_ok = False
        parts = [
            f"! {alt_name} is detected, but needs action here - {Alternative(alt.tool, alt.policy_status, alt).why}"
        ]
    else:
        parts = [f"✓ {alt_name} is detected" if alt_ok else f"× {alt_name} is not detected yet"]
    if old_gone:
        parts.append(f"✓ {old_name} is gone" + (" (only traces of use remain)" if old is not None else ""))
    else:
        parts.append(f"× {old_name} is still installed")
    return alt_ok, old_gone, "   ".join(parts)


class WalkthroughScreen(Screen[None]):
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("v", "verify", "Verify", id="verify"),
        Binding("g", "guide", "Full guide", id="alt-guide"),
    ]

    def __init__(self, from_tool: str, alternative: str) -> None:
        super().__init__()
        self.from_tool = from_tool
        self.alternative = alternative
        self.verifying = False
        self.steps: dict[str, str] = {}
        self.page_key = f"alternative-{alternative}"  # the guide page, once the pack names it (compose)

    def compose(self) -> ComposeResult:
        session = self.app.session
        if session is None:  # the screen opens only once the policy is loaded
            return
        pack = session.pack
        alt = pack.catalog.tools.get(self.alternative)
        old = pack.catalog.tools.get(self.from_tool)
        page = guide_page_for(pack, self.alternative)
        self.page_key = page.id if page else f"alternative-{self.alternative}"
        alt_name = alt.name if alt else self.alternative
        yield AppHeader(icon="◆")
        with VerticalScroll(id="walkthrough"):
            approved = (r := pack.policy.rule(self.alternative)) is not None and r.status == "approved"
            title = "What it is and why it is approved" if approved else "What it is and what the policy says"
            with Panel(title=title, id="alt-what", classes="approved"):
                yield Static(lit(f"From {old.name if old else self.from_tool} to {alt_name}"), classes="title approved")
                if alt:
                    yield Static(
                        lit(" · ".join(x for x in (alt.vendor, alt.category, alt.homepage) if x)), classes="muted"
                    )
                    yield Static(lit(alt.description or alt.name, 1000), classes="description")
                rule = pack.policy.rule(self.alternative)
                yield Static(
                    lit(rule.rationale if rule else "The policy does not describe this tool.", 4000), classes="policy"
                )
            ticked = self.app.onboarding.ticked(self.page_key) if self.app.onboarding else set()
            items = page.checklist() if page else []
            with Panel(title="Setup", subtitle="tick each step as you go" if items else "", id="setup"):
                if not items:
                    yield Static(
                        "This content pack has no setup checklist for it: follow the vendor's instructions.",
                        classes="muted",
                    )
                for n, item in enumerate(items):
                    cid = f"step-{n}"
                    self.steps[cid] = item
                    yield TickBox(
                        lit(plain_step(item), 1000), value=item in ticked, id=cid, classes="step", compact=True
                    )
                if items:
                    yield Static(
                        lit(f"{sum(i in ticked for i in items)} of {len(items)} steps done"),
                        id="step-count",
                        classes="muted",
                    )
            tips = migration_tips(page.text) if page else ""
            if tips:
                with Panel(title="Migration tips", subtitle="g: full guide", id="migration-tips"):
                    yield Markdown(tips, id="tips", open_links=False)
            with Panel(title="Verify", subtitle="v: verify", id="verify-panel"):
                yield Static(
                    "When you are done, rescan: the alternative should be detected and the old tool gone.",
                    classes="muted",
                )
                with HorizontalGroup(classes="actions"):
                    yield Button("Verify now (rescan)", id="verify", compact=True, variant="primary")
                    if page:
                        yield Button("Open the full guide", id="guide", compact=True)
                yield Static("", id="verify-result")
        yield AppFooter()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        cid = event.checkbox.id or ""
        if cid not in self.steps or self.app.onboarding is None:
            return
        event.stop()
        state = self.app.onboarding
        state.tick(self.page_key, self.steps[cid], event.value)
        self.app.save_onboarding()
        done = len(state.ticked(self.page_key) & set(self.steps.values()))
        self.query_one("#step-count", Static).update(lit(f"{done} of {len(self.steps)} steps done"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "verify":
            self.action_verify()
        elif event.button.id == "guide":
            self.action_guide()

    def action_verify(self) -> None:
        self.verifying = True
        self.query_one("#verify-result", Static).update("Scanning…")
        if self.app.scanning:
            return  # the running scan's report answers
        self.app.start_scan()

    def action_guide(self) -> None:
        self.app.action_guidance(self.page_key)

    def report_ready(self, report: ScanReport) -> None:
        if not self.verifying:
            return
        self.verifying = False
        alt_ok, old_gone, line = verify(report, self.from_tool, self.alternative)
        result = self.query_one("#verify-result", Static)
        result.update(lit(line))
        result.set_class(alt_ok and old_gone, "ok")
        result.set_class(not (alt_ok and old_gone), "not-yet")
        self.query_one("#verify-panel").scroll_visible(animate=False)  # the answer is in view, wherever it lies
        if alt_ok and old_gone and self.app.onboarding is not None:
            self.app.onboarding.verify_alternative(self.from_tool)
            self.app.save_onboarding()
            self.app.broadcast("onboarding_changed")
            self.notify("Verified: well done.", title="Alternative set up")
        else:  # said where the eye is too: the panel may be below the fold of a small terminal
            self.notify(line, title="Not yet", severity="warning", markup=False)
