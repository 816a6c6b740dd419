"""About this scan: exactly what was read (the scan's audit list), and that nothing was sent anywhere
and nothing was executed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Log, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import lit
from tui.core.models import network_line
from tui.core.text import clean, counted

if TYPE_CHECKING:
    from tui.core.scanner import ScanReport


class AboutScreen(Screen[None]):
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        yield AppHeader(icon="◆")
        with Panel(title="What was checked", id="about-panel"):
            yield Static("About this scan", classes="title", id="about-title")
            yield Static(id="about-summary")
        yield Log(id="audit", highlight=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self._fill()

    def report_ready(self, report: ScanReport) -> None:
        self._fill()

    def _fill(self) -> None:
        app = self.app
        session = app.session
        report = app.report
        if session is None:  # the screen opens only once the policy is loaded
            return
        pack = session.pack
        m = session.machine
        lines = [
            f"Policy: {pack.policy.org_name} {pack.policy.version} (sha256 {pack.sha256[:16]}), "
            f"content pack {pack.id or '?'} {pack.version} from {session.content_source}",
            f"Machine: {m.platform}, home {m.home}"
            + (
                ", the bundled demo disk"
                if getattr(app.args, "demo", False)
                else f", disk mounted at {m.root}"
                if str(m.root) != "/"
                else ""
            ),
        ]
        if session.content_notice:
            lines.append(f"Content: {session.content_notice}")
        log = self.query_one(Log)
        log.clear()
        if report is None:
            lines.append("The scan has not finished yet.")
            self.query_one("#about-summary", Static).update(lit("\n".join(lines), 4000, lines=True))
            return
        a = report.audit
        lines += [
            f"Scanned {report.started:%Y-%m-%d %H:%M:%S} UTC in {report.seconds * 1000:.0f} ms: "
            f"read {counted(len(a.paths_read), 'file')}, listed {counted(len(a.dirs_listed), 'folder')}, skipped {len(a.skipped)}.",
            (
                f"The scan opened no network connection; before it, fetching the content pack made "
                f"{counted(len(a.network), 'request')} (listed below)."
                if a.network
                else "Nothing was sent anywhere: the scan opened no network connection."
            ),
            "Nothing was executed: aicheck reads files and lists folders; it never runs the tools it finds.",
        ]
        self.query_one("#about-summary", Static).update(lit("\n".join(lines), 4000, lines=True))
        root = str(m.root).rstrip("/")

        def shown(path: str) -> str:
            if root and path.startswith(root + "/"):
                path = path[len(root) :]
            return clean(path, 500)

        self.query_one(
            Log
        ).border_title = f"Every file read ({len(a.paths_read)}) and folder listed ({len(a.dirs_listed)})"
        out = [f"net     {clean(network_line(entry), 500)}" for entry in a.network]  # the pack's fetch, before
        out += [f"read    {shown(p)}" for p in a.paths_read]
        out += [f"own     {clean(p, 500)}" for p in a.own_files_read]  # aicheck's own files, git's config
        out += [f"listed  {shown(p)}" for p in a.dirs_listed]
        out += [f"link    {shown(h.link)} -> {shown(h.target)}" for h in a.links_followed]
        out += [f"skipped {clean(s.path, 300)}: {clean(s.reason, 300)}" for s in a.skipped]
        if report.errors:
            out += [f"error   {clean(e, 300)}" for e in report.errors]
        log.write_lines(out or ["(nothing was read)"], scroll_end=False)  # from the first file read, not the last line
