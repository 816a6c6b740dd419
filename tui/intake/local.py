"""A local intake: a "sent" request is written to a folder on this computer and goes nowhere else.

``aicheck --demo`` uses it so that its requests are real records of the demo (preview, send, requests list)
without ever reaching the company's intake. Also usable for a dry run: ``[intake] kind = "local"`` in the
user config, optionally ``folder = "..."`` (default: ``local-intake`` in aicheck's data folder).
The ticket is ``LOCAL-<request id>``; no decision ever arrives.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import ConfigError
from tui.intake.base import IntakeBackend, IntakeRequest, Prepared, Response, Settings, Ticket, json_body

if TYPE_CHECKING:
    import httpx


class LocalBackend(IntakeBackend):
    kind = "local"
    label = "local"  # "To the local intake at <folder> (this computer only)": said once

    def __init__(self, settings: Settings):
        super().__init__(settings)
        folder = settings.text("folder")
        if folder:
            try:
                self.folder = Path(folder).expanduser()
            except RuntimeError:
                raise ConfigError(
                    f"{settings.where}: folder = {folder!r}: '~' names no user's home folder here"
                ) from None
        else:
            from tui import paths

            self.folder = paths.data_dir() / "local-intake"

    @property
    def target(self) -> str:
        return f"{self.folder} (this computer only)"

    def _file(self, req: IntakeRequest) -> Path:
        return self.folder / f"{req.fingerprint}.json"

    def prepare_create(self, req: IntakeRequest, *, redact: bool = False, now: datetime | None = None) -> Prepared:
        return Prepared(
            "WRITE", self._file(req).as_uri(), {"content-type": "application/json"}, json_body(req.payload())
        )

    def parse_create(self, req: IntakeRequest, resp: Response) -> Ticket:
        return Ticket(key=f"LOCAL-{req.id}")

    def send(self, client: httpx.Client, req: IntakeRequest) -> Ticket:
        """Record the payload in the folder (atomically); no connection is made."""
        from tui.atomic import write_atomic

        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self._file(req), json.dumps(req.payload(), indent=2, ensure_ascii=False, sort_keys=True))
        return Ticket(key=f"LOCAL-{req.id}")

    def find_existing(self, client: httpx.Client, req: IntakeRequest) -> Ticket | None:
        return Ticket(key=f"LOCAL-{req.id}") if self._file(req).is_file() else None

    def supports_status(self, req: IntakeRequest) -> bool:
        return False

    def execute(self, client: httpx.Client, p: Prepared) -> Response:  # pragma: no cover - never reached
        raise AssertionError("the local intake makes no connection")
