"""Text fields with a length limit that say so: an edit (a key, a paste) that would make the text longer than
the field may hold is not made, and the field posts :class:`TooLong` so its screen shows why next to it.

Nothing typed is lost: the text in the field stays as it was, and a refused paste is still on the clipboard.
The limits are the records' own (:mod:`tui.requests.model`, :mod:`tui.requests.impact`): a draft holds only
what can be saved, read back and sent.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult, Location


class TooLong(Message):
    """An edit to ``field`` was refused: it would have made the text longer than ``limit`` characters."""

    def __init__(self, field: Widget, limit: int, wanted: int) -> None:
        super().__init__()
        self.field = field
        self.limit = limit
        self.wanted = wanted  # how long the text would have been (0 when the field cannot tell)

    @property
    def text(self) -> str:
        if self.wanted:
            return (
                f"at most {self.limit:,} characters: that would have made {self.wanted:,}, so it was not added "
                "(the text here is unchanged)"
            )
        return f"at most {self.limit:,} characters: that was not added (the text here is unchanged)"


class BoundedInput(Input):
    """An :class:`Input` whose ``max_length`` refusals post :class:`TooLong` (Textual's own is silent)."""

    def __init__(self, value: str = "", *, max_length: int, **kwargs: object) -> None:
        super().__init__(value, max_length=max_length, **kwargs)  # type: ignore[arg-type]
        self._wanted = 0

    def replace(self, text: str, start: int, end: int) -> None:
        lo, hi = sorted((max(0, start), min(len(self.value), end)))
        self._wanted = len(self.value) - (hi - lo) + len(text)
        super().replace(text, start, end)

    def restricted(self) -> None:
        super().restricted()
        self.post_message(TooLong(self, self.max_length or 0, self._wanted))


class BoundedTextArea(TextArea):
    """A :class:`TextArea` that refuses a key or a paste that would make its text longer than ``max_length``."""

    def __init__(self, text: str = "", *, max_length: int, **kwargs: object) -> None:
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.max_length = max_length

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        # Textual routes every key and paste that changes the text through here (pinned version)
        if insert:
            now = len(self.text)
            wanted = now - len(self.get_text_range(start, end)) + len(insert)
            if wanted > self.max_length and wanted > now:
                self.post_message(TooLong(self, self.max_length, wanted))
                return None
        return super()._replace_via_keyboard(insert, start, end)
