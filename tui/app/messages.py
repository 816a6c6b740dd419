"""Messages the scan worker (a thread) posts to the app. ``post_message`` is thread-safe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.core.models import Install
    from tui.core.scanner import ScanReport
    from tui.services.session import Session


class SessionReady(Message):
    def __init__(self, generation: int, session: Session) -> None:
        super().__init__()
        self.generation = generation
        self.session = session


class ChannelScanned(Message):
    def __init__(self, generation: int, channel: str, index: int, total: int, installs: list[Install]) -> None:
        super().__init__()
        self.generation = generation
        self.channel = channel
        self.index = index
        self.total = total
        self.installs = installs


class ScanFinished(Message):
    def __init__(self, generation: int, report: ScanReport, requested: set[str] | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.report = report
        self.requested = requested or set()


class ScanFailed(Message):
    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error
