"""Messages the scan worker (a thread) posts to the app. ``post_message`` is thread-safe."""

from __future__ import annotations

from textual.message import Message


class SessionReady(Message):
    def __init__(self, generation: int, session) -> None:
        super().__init__()
        self.generation = generation
        self.session = session


class ChannelScanned(Message):
    def __init__(self, generation: int, channel: str, index: int, total: int, installs: list) -> None:
        super().__init__()
        self.generation = generation
        self.channel = channel
        self.index = index
        self.total = total
        self.installs = installs


class ScanFinished(Message):
    def __init__(self, generation: int, report, requested: set[str] | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.report = report
        self.requested = requested or set()


class ScanFailed(Message):
    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error
