"""The verdicts and their one order. A module of its own (re-exported by :mod:`tui.core.models`) so the
app's first frame, which shows a chip per verdict, does not load the data classes of the models."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """A finding's verdict. The members' order is the one order every report and table lists them in
    (most serious first); the values are what JSON output and the schemas carry."""

    PROHIBITED = "prohibited"
    CONDITIONAL = "conditional"
    UNREVIEWED = "unreviewed"
    EXCEPTED = "excepted"
    APPROVED = "approved"


VERDICTS: tuple[Verdict, ...] = tuple(Verdict)
