"""The aicheck App: owns the session, the scan worker and the onboarding state; screens show them.

The scan runs in a thread worker. It talks to the UI only by posting messages (thread-safe), tagged
with a generation number so a superseded scan's late messages are ignored. The core is imported
inside the worker, not at start-up, so the first frame is not held up by it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.timer import Timer

from tui.app.interface import AppInterface
from tui.app.messages import ChannelScanned, ScanFailed, ScanFinished, SessionReady

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tui.core.content import Pack
    from tui.core.judge import Finding
    from tui.core.models import Install
    from tui.core.scanner import ScanReport
    from tui.requests.model import PolicyContext
    from tui.requests.outbox import Outcome
    from tui.services.onboarding import Onboarding, StepState
    from tui.services.session import Session

DEFAULT_THEME = "textual-dark"
# While the app is open it keeps the outbox moving: every RETRY_CHECK_SECONDS it reads the requests store
# (cheap, no network) and sends the queued requests whose backoff has passed; it asks the intake for
# decisions on submitted requests at most every DECISION_POLL_SECONDS.
RETRY_CHECK_SECONDS = 20.0
DECISION_POLL_SECONDS = 300.0


FOCUS_FRAME_16 = "#5555ff"  # ANSI colour 12, bright blue: no verdict uses it


class AicheckApp(AppInterface):
    TITLE = "aicheck"
    SUB_TITLE = "loading the policy…"
    CSS_PATH = Path(__file__).parent / "aicheck.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_key", "Quit", id="quit"),  # q alone; ctrl+q (Textual's own) quits everywhere
        Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
        # shown in the dashboard's footer (which repeats them); elsewhere they work without taking room
        Binding("g", "guidance", "Guide", show=False, id="guidance"),
        Binding("o", "onboarding", "Onboarding", show=False, id="onboarding"),
        Binding("a", "about", "About scan", show=False, id="about"),
        Binding("r", "rescan", "Rescan", show=False, id="rescan"),
        Binding("x", "requests", "Requests", show=False, id="requests"),
        Binding("m", "surface", "MCP & agents", show=False, id="surface"),
    ]

    # the app's one-letter keys (and q): off on a screen where the user types (TYPING), where a letter meant
    # for a field but pressed on a checkbox or a button would open another screen, or quit
    LETTER_ACTIONS = frozenset({"quit_key", "guidance", "onboarding", "about", "rescan", "requests", "surface"})

    async def action_quit_key(self) -> None:
        await self.action_quit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_key":  # q never quits while a form is open anywhere (under About, say): ctrl+q does
            return not any(getattr(s, "TYPING", False) for s in self.screen_stack)
        return not (action in self.LETTER_ACTIONS and getattr(self.screen, "TYPING", False))

    def __init__(
        self,
        args: argparse.Namespace | None = None,
        *,
        theme: str | None = None,
        today: dt.date | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink  # off in tests: a blinking cursor makes screenshots differ
        self.crash_report: str | None = None  # the traceback of a bug; run_app turns it into exit 3
        self.sending: set[str] = set()  # requests whose send is under way (run_app names them if the app quits)
        self.args = args or argparse.Namespace()
        self.today = today  # the day verdicts are judged for: fixed by tests, else the clock at each scan
        self.session: Session | None = None
        self.report: ScanReport | None = None
        self.onboarding: Onboarding | None = None
        self.requested: set[str] = set()
        self.scanning = False
        self._titles: tuple[str, str, str, str] | None = None  # the header's (title, sub-title), wide then narrow
        self.scan_error: str | None = None
        self.partial: list[Install] = []  # installs found so far by the running scan
        self._generation = 0
        self._retry_timer: Timer | None = None
        self._last_sync_error = ""
        self._decisions_polled_at: float | None = None  # monotonic time of the last decision poll
        self.remember_theme = theme is None  # a theme given by the caller (tests, screenshots) is not saved
        if theme is None:
            from tui.app import prefs

            theme = prefs.saved_theme()
            if theme not in self.available_themes:
                theme = None
        if theme and theme != self.theme:
            self._start_in_theme(theme)

    def _start_in_theme(self, theme: str) -> None:
        """Start in ``theme`` without the restyle that setting ``self.theme`` schedules (a second parse of
        the whole stylesheet and a restyle of every widget: ~25 ms before the first frame). Before the
        app runs nothing is styled yet: the stylesheet's variables, the mode classes and the ANSI colour
        filter are all that must follow, as in ``App._watch_theme`` (Textual is pinned)."""
        self.set_reactive(AicheckApp.theme, theme)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{theme}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, and ``$verdict-<verdict>``: each verdict's colour for the theme's background
        (tui/app/text.py), so the stylesheet and the tables draw from one palette."""
        from tui.app.text import VERDICT_COLOURS

        variables = super().get_css_variables()
        side = 0 if self.current_theme.dark else 1
        variables.update({f"verdict-{verdict}": colours[side] for verdict, colours in VERDICT_COLOURS.items()})
        # The frame of what holds the focus: the theme's accent, except in a 16-colour terminal, where the
        # usual accents (orange) come out as the bright red of "prohibited"; ANSI bright blue there.
        variables["focus-frame"] = FOCUS_FRAME_16 if self.console.color_system == "standard" else variables["accent"]
        return variables

    # -- screens -----------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        from tui.app.dashboard import DashboardScreen

        return DashboardScreen()

    # -- a bug: one line and a log file (tui.app.main.run_app), not a screenful of traceback ------------
    def _handle_exception(self, error: Exception) -> None:  # Textual is pinned: this hook is stable for us
        import traceback

        if self.crash_report is None:
            self.crash_report = "".join(traceback.format_exception(error))
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self.crash_report is not None:
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False  # the cursor stays drawn, steadily

    def on_mount(self) -> None:
        self.call_after_refresh(self.start_scan)  # the first frame first, then the scan
        self.watch(self, "theme", self._theme_chosen, init=False)

    def _theme_chosen(self, theme: str) -> None:
        """Remember the theme for the next start (not in the demo, which keeps nothing)."""
        if not self.remember_theme or getattr(self.args, "demo", False):
            return
        from tui.app import prefs

        try:
            prefs.save_theme(theme)
        except OSError as exc:
            self.notify(f"Could not remember the theme: {exc}", severity="warning", markup=False)

    def broadcast(self, method: str, *args: object) -> None:
        """Tell every screen on the stack (those that care) that something changed."""
        for screen in list(self.screen_stack):
            handler = getattr(screen, method, None)
            if handler is not None and screen.is_mounted:
                screen.call_later(handler, *args)  # on the screen's own queue; may be async

    # -- scanning ----------------------------------------------------------------------------
    def start_scan(self) -> None:
        self._generation += 1
        gen = self._generation
        self.scanning = True
        self.scan_error = None
        self.partial = []
        self.broadcast("scan_started")
        self.run_worker(
            lambda: self._scan_thread(gen), thread=True, group="scan", name=f"scan-{gen}", exit_on_error=False
        )

    def _scan_thread(self, gen: int) -> None:
        from tui.errors import AicheckError

        try:
            session = self.session
            if session is None:
                # the command line already opened it to check the pack before the screen took over: use
                # that one (a pack from a URL is fetched once, not twice)
                session = getattr(self.args, "opened_session", None)
                if session is None:
                    from tui.services.session import open_session

                    session = open_session(self.args)
                self.post_message(SessionReady(gen, session))

            def progress(channel: str, index: int, total: int, found: list[Install]) -> None:
                self.post_message(ChannelScanned(gen, channel, index, total, list(found)))

            report = session.scan(progress=progress, today=self.today)
            requested = _requested_tools()
            self.post_message(ScanFinished(gen, report, requested))
        except AicheckError as exc:
            self.post_message(ScanFailed(gen, str(exc)))
        except Exception as exc:  # shown to the user instead of a crash
            self.post_message(ScanFailed(gen, f"{exc.__class__.__name__}: {exc}"))

    def _fit_title(self, width: int | None = None) -> None:
        """The header's title, in full where it fits; in a narrow terminal (80 columns) without the app's
        name and "AI-tool", so that the note at its end (a demo, an unchecked pack) is never cut off."""
        if self._titles is None:
            return
        wide = len(self._titles[0]) + len(self._titles[1]) + 3 <= (width or self.size.width) - 20
        self.title, self.sub_title = self._titles[:2] if wide else self._titles[2:]

    def on_resize(self, event: Resize) -> None:
        self._fit_title(event.size.width)

    def on_session_ready(self, msg: SessionReady) -> None:
        if msg.generation != self._generation and self.session is not None:
            return
        from tui.services import onboarding

        self.session = session = msg.session
        pack = session.pack
        policy = pack.policy
        from tui.core.text import clean

        # the title also goes to the terminal's own title bar: no control character may reach it
        org = clean(policy.org_name or pack.id, 80)
        version = clean(policy.version, 80)
        note = ""
        if getattr(self.args, "demo", False):
            note = " · demo: nothing is kept or sent"
        elif session.content_kind in ("path", "url") and not session.content_verified:
            note = " · pack not signature-checked"  # a pack someone wrote is never taken for the company's
        elif session.content_source == "bundled":  # nothing named a pack: not the company's policy
            note = " · bundled example pack"
        if session.content_configured is False:  # --content or AICHECK_CONTENT named another pack
            note += " · not the configured pack"
        self._titles = (f"aicheck · {org}", f"AI-tool policy {version}{note}", org, f"policy {version}{note}")
        self._fit_title()
        self.onboarding = progress = onboarding.load(policy.version, pack.sha256, fingerprint=policy.fingerprint)
        self.broadcast("session_ready", session)
        self.sync_outbox()  # queued requests whose retry time has come go out now, in the background
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(RETRY_CHECK_SECONDS, self._background_sync, name="outbox-retry")
        if progress.problem:  # its file cannot be read: said, and never saved over (see save_onboarding)
            from tui.core.text import clean
            from tui.services.onboarding import refusal

            self.notify(
                clean(str(refusal(progress.problem)), 800),
                title="Onboarding progress not read",
                severity="error",
                timeout=12,
                markup=False,
            )
        elif progress.reset_from:
            from tui.core.text import clean

            self.notify(
                clean(
                    f"The policy changed ({progress.change_since(policy.version)}): "
                    "the onboarding checklist starts again (press o)."
                ),
                title="New policy",
                timeout=8,
                markup=False,
            )

    def on_channel_scanned(self, msg: ChannelScanned) -> None:
        if msg.generation != self._generation:
            return
        self.partial.extend(msg.installs)
        self.broadcast("channel_scanned", msg.channel, msg.index, msg.total, msg.installs)

    def on_scan_finished(self, msg: ScanFinished) -> None:
        if msg.generation != self._generation:
            return
        self.report = msg.report
        self.requested = msg.requested
        self.scanning = False
        if self.onboarding is not None:
            self.onboarding.record_scan(msg.report.counts()["action_required"])
            self.save_onboarding(quiet=True)
        self.broadcast("report_ready", msg.report)

    def on_scan_failed(self, msg: ScanFailed) -> None:
        if msg.generation != self._generation:
            return
        self.scanning = False
        self.scan_error = msg.error
        self.broadcast("scan_failed", msg.error)

    def save_onboarding(self, *, quiet: bool = False) -> bool:
        """Save the checklist's progress; whether it was saved. A file that could not be read when the
        progress was loaded is never written over: a change the user makes says so (``quiet``: a save the app
        makes by itself, after a scan, says nothing more than the notice at start)."""
        if self.onboarding is None:
            return False
        if self.onboarding.problem:
            if not quiet:
                from tui.core.text import clean
                from tui.services.onboarding import refusal

                message = clean(str(refusal(self.onboarding.problem)), 800)
                self.notify(message, title="Not saved", severity="error", timeout=10, markup=False)
            return False
        try:
            self.onboarding.save()
        except Exception as exc:  # progress is a convenience; say so and carry on
            self.notify(f"Could not save the onboarding progress: {exc}", severity="warning", markup=False)
            return False
        return True

    # -- what the screens need ----------------------------------------------------------------
    def onboarding_steps(self) -> list[StepState]:
        if self.onboarding is None:
            return []
        needs_alt: list[str] = []
        needs_exc: list[str] = []
        if self.report is not None:
            for f in self.report.findings:
                if not f.action_required:
                    continue
                if f.alternatives and f.tool.id not in self.onboarding.alternatives_verified:
                    needs_alt.append(f.tool.id)
                elif not f.alternatives:
                    needs_exc.append(f.tool.id)
        names = {f.tool.id: f.tool.name for f in self.report.findings} if self.report is not None else {}
        return self.onboarding.steps(
            needs_alternative=needs_alt, needs_exception=needs_exc, requested=self.requested, names=names
        )

    @property
    def loaded_pack(self) -> Pack:
        """The policy's content pack, for the screens that open only once it is loaded (see _need_session)."""
        if self.session is None:
            raise RuntimeError("the policy is not loaded yet")
        return self.session.pack

    def _need_session(self) -> bool:
        if self.session is None:
            from tui.core.text import clean

            self.notify(
                "Still loading the policy…" if self.scan_error is None else clean(self.scan_error, 1000),
                severity="warning",
                markup=False,
            )
            return False
        return True

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast: placed where it does not cover what it comments on (tui/app/toasts.py)."""
        from tui.app.toasts import place_toasts

        if self.screen_stack:
            place_toasts(self.screen)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def copy(self, text: str, what: str = "Command") -> None:
        self.copy_to_clipboard(text)
        self.notify(f"{what} copied to the clipboard. aicheck never runs commands for you.", title="Copied")

    # -- actions -----------------------------------------------------------------------------
    def action_rescan(self) -> None:
        if self.scanning:
            self.notify("A scan is already running.")
            return
        self.start_scan()

    def _bring_up(self, kind: type[Screen[Any]], make: Callable[[], Screen[Any]]) -> None:
        """Show the screen of ``kind``: when one is open already under others (``a o a o``), the ones above it
        close and it is back on top, rather than one more on the stack for Esc to undo; never over a form
        (a screen where the user types), which is left as it is and the new screen opened above it."""
        stack = self.screen_stack
        for at in range(len(stack) - 1, -1, -1):
            if isinstance(stack[at], kind):
                above = stack[at + 1 :]
                if not any(getattr(s, "TYPING", False) for s in above):
                    for _ in above:
                        self.pop_screen()
                    return
                break
        self.push_screen(make())

    def action_help(self) -> None:
        from tui.app.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_guidance(self, page_id: str = "overview") -> None:
        if self.session is None:
            self._need_session()
            return
        from tui.app.guidance import GuidanceScreen

        pages = self.session.pack.guidance
        if page_id not in pages:
            page_id = "overview" if "overview" in pages else next(iter(pages), "")
        if not page_id:
            self.notify("This content pack has no guidance pages.", severity="warning")
            return
        if isinstance(self.screen, GuidanceScreen):  # already reading: go to that page, no second screen
            if self.screen.page_id != page_id:
                self.screen.call_later(self.screen.show, page_id)
            return
        self.push_screen(GuidanceScreen(page_id))

    def mark_policy_read(self) -> None:
        if self.onboarding is not None and self.onboarding.read_at is None:
            self.onboarding.mark_read()
            self.save_onboarding(quiet=True)
            self.broadcast("onboarding_changed")

    def action_onboarding(self) -> None:
        if not self._need_session():
            return
        from tui.app.onboarding import OnboardingScreen

        self._bring_up(OnboardingScreen, OnboardingScreen)

    def action_about(self) -> None:
        if not self._need_session():
            return
        from tui.app.about import AboutScreen

        self._bring_up(AboutScreen, AboutScreen)

    def action_surface(self) -> None:
        """MCP servers and agent extensions (plugins, skills, hooks) with their verdicts."""
        if not self._need_session():
            return
        from tui.app.surface import SurfaceScreen

        self._bring_up(SurfaceScreen, SurfaceScreen)

    def action_open_tool(self, tool_id: str) -> None:
        if self.report is None or self.report.finding(tool_id) is None:
            self.notify("Wait for the scan to finish to see the details.", severity="warning")
            return
        from tui.app.detail import DetailScreen

        if isinstance(self.screen, DetailScreen) and self.screen.tool_id == tool_id:
            return
        self.push_screen(DetailScreen(tool_id))

    def action_walkthrough(self, from_tool: str, alternative: str) -> None:
        if not self._need_session():
            return
        from tui.app.walkthrough import WalkthroughScreen

        if isinstance(self.screen, WalkthroughScreen):
            return
        self.push_screen(WalkthroughScreen(from_tool, alternative))

    # -- impact, exception requests, outbox ------------------------------------------------------
    def action_document_impact(self, tool_id: str) -> None:
        if not self._need_session():
            return
        from tui.app.impact import ImpactScreen

        if isinstance(self.screen, ImpactScreen):
            return
        self.push_screen(ImpactScreen(tool_id))

    def action_request_exception(self, tool_id: str) -> None:
        if self.session is None:
            self._need_session()
            return
        if tool_id not in self.session.pack.catalog.tools:
            self.notify(f"{tool_id} is not in the policy's catalog.", severity="warning", markup=False)
            return
        finding = self.report.finding(tool_id) if self.report is not None else None
        if finding is not None and not finding.action_required and not finding.change_action:
            self.notify(_no_exception_needed(finding), title="No exception needed", timeout=8, markup=False)
            return
        from tui.app.request_form import ExceptionFormScreen

        if isinstance(self.screen, ExceptionFormScreen) and self.screen.tool_id == tool_id:
            return
        self.push_screen(ExceptionFormScreen(tool_id))

    def action_requests(self) -> None:
        from tui.app.requests_list import RequestsScreen

        self._bring_up(RequestsScreen, RequestsScreen)

    def refresh_requested(self) -> None:
        self.requested = _requested_tools()

    def sync_outbox(self, *, force: bool = False, quiet: bool = True) -> None:
        """Deliver queued requests in a thread worker (at start: only those whose retry time has come,
        and silently when there are none); the result is a notification."""
        if self.session is None:
            if not quiet:
                self._need_session()
            return
        from tui.requests.model import PolicyContext

        policy = PolicyContext.from_pack(self.session.pack)
        if not quiet:
            self.notify("Syncing requests…", timeout=2)
        self.run_worker(
            self._sync_in_daemon(policy, force, quiet), group="outbox", name="outbox-sync", exit_on_error=False
        )

    async def _sync_in_daemon(self, policy: PolicyContext, force: bool, quiet: bool) -> None:
        """The sync in a daemon thread, waited for here: quitting cancels this wait and never waits for the
        thread (a thread worker's would hold the closed app's process until an intake that never answers timed
        out). Safe to cut short: an attempt is on disk before any byte leaves, and the next sync delivers it
        exactly once (see tui.app.preview, which sends the same way)."""
        import asyncio
        import contextlib
        import threading

        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()

        def finished() -> None:
            if not done.done():
                done.set_result(None)

        def run() -> None:
            try:
                self._sync_thread(policy, force, quiet)
            finally:
                with contextlib.suppress(RuntimeError):  # the app has quit and its loop is closed
                    loop.call_soon_threadsafe(finished)

        threading.Thread(target=run, name="outbox-sync", daemon=True).start()
        await done

    def _background_sync(self) -> None:
        """The timer's tick: a quiet sync, unless one is already running."""
        if any(w.group in ("outbox", "send") and not w.is_finished for w in self.workers):
            return  # a sync, or the preview sending, is under way: the next tick will do
        self.sync_outbox(quiet=True)

    def _sync_thread(self, policy: PolicyContext, force: bool, quiet: bool) -> None:
        import time

        from tui.requests import outbox
        from tui.requests.store import RequestStore

        try:
            reqs, _problems = RequestStore().list()
            now = outbox.now_utc()
            due = [r for r in reqs if r.state == "queued" and (force or outbox.is_due(r, now))]
            waiting = any(r.state in ("submitted", "approved") for r in reqs)
            polled = self._decisions_polled_at
            poll = waiting and (not quiet or polled is None or time.monotonic() - polled >= DECISION_POLL_SECONDS)
            if not due and not poll:
                if not quiet:
                    self._from_thread(self.notify, "Nothing to send.", timeout=3)
                return
            if poll:
                self._decisions_polled_at = time.monotonic()
            from tui.services.request_sync import sync_all

            # "Sync now" is the user's explicit retry: it also re-sends requests a refusal parked
            outcomes = sync_all(policy, force=force, retry_parked=force)
        except Exception as exc:  # e.g. unusable intake settings: say so, change nothing
            self._from_thread(self._synced, [], str(exc), quiet)
            return
        self._from_thread(self._synced, outcomes, "", quiet)

    def _from_thread(self, callback: Callable[..., object], *args: object, **kwargs: object) -> None:
        """``callback`` run on the app's loop from the sync's daemon thread; nothing once the app has quit (its
        loop closed: the sync outlived it, as it may, and what it did is on disk for the next sync to say). A
        RuntimeError there was a thread's traceback printed over the user's shell at exit."""
        import contextlib

        loop = self._loop
        if loop is None or loop.is_closed():  # asked first: a call made then fails, its coroutine left unawaited
            return
        with contextlib.suppress(RuntimeError):  # closed in between
            self.call_from_thread(callback, *args, **kwargs)

    def _synced(self, outcomes: list[Outcome], error: str, quiet: bool) -> None:
        from tui.core.text import clean

        if error:
            if quiet and error == self._last_sync_error:
                return  # the background retry says a standing problem once, not every tick
            self._last_sync_error = error
            self.notify(
                clean(f"Could not sync exception requests: {error}", 600),
                severity="warning",
                title="Requests",
                timeout=10,
                markup=False,
            )
            return
        sent = [o for o in outcomes if o.action in ("sent", "found")]
        queued = [
            o for o in outcomes if o.state == "queued" and o.action != "waiting" and not (quiet and o.action == "busy")
        ]  # busy: being sent right now (by us, or another)
        decided = [o for o in outcomes if o.action == "decided"]
        lines = [f"{o.request_id} sent: ticket {o.ticket}" for o in sent]
        lines += [f"{o.request_id} {o.state}" + (f": {o.message}" if o.message else "") for o in decided]
        lines += [f"{o.request_id} still queued: {o.message}" for o in queued]
        if lines or not quiet:
            self.notify(
                "\n".join(clean(line, 300) for line in lines) or "Nothing changed.",
                title="Requests",
                severity="warning" if queued and not sent else "information",
                timeout=10,
                markup=False,
            )
        if outcomes:
            self.refresh_requested()
            self.broadcast("requests_changed")
            self.broadcast("onboarding_changed")
        if decided and self.session is not None and not self.scanning:
            self.start_scan()  # an approval may bring a grant: the dashboard shows the verdict it makes

    # -- command palette ---------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.core.models import Verdict

        yield from super().get_system_commands(screen)
        yield SystemCommand("Rescan", "Scan this machine again", self.action_rescan)
        yield SystemCommand(
            "Onboarding checklist", "Read, acknowledge, scan clean, alternatives, exceptions", self.action_onboarding
        )
        yield SystemCommand(
            "About this scan", "Exactly what was read; nothing sent, nothing executed", self.action_about
        )
        yield SystemCommand(
            "Exception requests", "Every request you made, its state and ticket (x)", self.action_requests
        )
        yield SystemCommand(
            "Sync requests now",
            "Send queued requests and read decisions",
            lambda: self.sync_outbox(force=True, quiet=False),
        )
        yield SystemCommand("Help: keys", "Every key of the app", self.action_help)
        if self.session is not None:
            for page in self.session.pack.guidance.values():
                yield SystemCommand(
                    f"Guide: {page.title}",
                    f"Open the guidance page {page.id}",
                    lambda p=page.id: self.action_guidance(p),
                )
        if self.report is not None:
            for f in self.report.findings:
                yield SystemCommand(
                    f"Tool: {f.tool.name}",
                    f"{f.verdict}: details, evidence, remediation",
                    lambda t=f.tool.id: self.action_open_tool(t),
                )
                if f.action_required:
                    yield SystemCommand(
                        f"Request an exception for {f.tool.name}",
                        "The exception request form",
                        lambda t=f.tool.id: self.action_request_exception(t),
                        discover=False,
                    )
                    yield SystemCommand(
                        f"Document the impact of {f.tool.name}",
                        "Productivity impact",
                        lambda t=f.tool.id: self.action_document_impact(t),
                        discover=False,
                    )
                for alt in f.alternatives:
                    if f.verdict in (Verdict.PROHIBITED, Verdict.CONDITIONAL):
                        yield SystemCommand(
                            f"Move from {f.tool.name} to {alt.name}",
                            "Alternative walkthrough",
                            lambda t=f.tool.id, a=alt.id: self.action_walkthrough(t, a),
                            discover=False,
                        )
        if self.session is not None:  # ask before installing: the tools the policy restricts, not on this machine
            found = {f.tool.id for f in self.report.findings} if self.report is not None else set()
            catalog = self.session.pack.catalog.tools
            for rule in self.session.pack.policy.rules.values():
                tool = catalog.get(rule.tool_id)
                if tool is not None and rule.status in ("prohibited", "conditional") and tool.id not in found:
                    yield SystemCommand(
                        f"Request an exception for {tool.name}",
                        f"{rule.status.capitalize()} and not on this machine: ask before you install it",
                        lambda t=tool.id: self.action_request_exception(t),
                        discover=False,
                    )


def _no_exception_needed(f: Finding) -> str:
    from tui.core.models import Verdict
    from tui.core.text import clean

    name = clean(f.tool.name, 80)
    if f.verdict == Verdict.EXCEPTED:
        until = f" until {f.grant.expires.isoformat()}" if f.grant is not None else ""
        return f"{name} is already covered by your exception{until}: nothing to request."
    if f.verdict == Verdict.CONDITIONAL:
        return f"{name} meets the policy's conditions here: no exception is needed while they hold."
    return f"{name} is approved by the policy: no exception is needed. Keep it up to date."


def _requested_tools() -> set[str]:
    """Tools with an exception request that was sent and not denied (from the requests store)."""
    try:
        from tui.requests.store import RequestStore

        requests, _problems = RequestStore().list()
    except Exception:  # the requests area is optional for the checklist
        return set()
    out: set[str] = set()
    for r in requests:
        tool_id = getattr(getattr(r, "tool", None), "id", None)
        denied = getattr(getattr(r, "decision", None), "status", "") == "denied"
        if tool_id and getattr(r, "state", "draft") != "draft" and not denied:
            out.add(tool_id)
    return out
