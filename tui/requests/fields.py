"""The checks the loaders of the user's records share: a value of the wrong type, or one that no computation
on it can survive, is refused with its key and what is expected, in plain words, never Python's own message
(``'int' object is not iterable``).

A record is the user's file, and a hand edit, a sync tool or a bad disk can put anything in it: a time in
year 1 at UTC+14 (which has no UTC time at all), ``nan`` minutes, ``1e308`` times a week. Refused when the
record is read, such a value is a damaged record named with its file and key; let through, it was an
``OverflowError`` or a ``ValueError`` deep in a report, a sync or a chart (an internal error, exit 3)."""

from __future__ import annotations

import math
from datetime import UTC, datetime


class BadField(ValueError):
    """One field of a record is unusable; the message names the key and says what is expected."""


# Every record time is written by aicheck from the clock: anything outside these years is damage. The
# margins leave room for what is computed from a time (an exception's end: up to ten years after approval).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)

# The largest magnitude a number in a record may have (minutes, times a week, a cost per month): far beyond
# any honest value, and small enough that the products and sums of the totals stay finite.
MAX_NUMBER = 1e12


def short(value: object) -> str:
    """A value as a message shows it: its repr, cleaned of control characters and cut short."""
    from tui.core.text import clean

    return clean(repr(value), 40)


def wrong(name: str, expected: str, value: object) -> BadField:
    """``name must be <expected>, not <type> <value>``."""
    return BadField(f"{name} must be {expected}, not {type(value).__name__} {short(value)}")


def record_time(value: object, name: str) -> datetime:
    """``value`` as a time of a record (one without a time zone is UTC), if it is a date and time that has a
    UTC time between :data:`EARLIEST` and :data:`LATEST`; else :class:`BadField` naming ``name``."""
    if not isinstance(value, datetime):
        raise wrong(name, "a date and time", value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 at UTC+14, year 9999 at UTC-12: no UTC time exists
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise BadField(
            f"{name} = {value.isoformat(' ')} is out of range "
            f"(a date and time between the years {EARLIEST.year} and {LATEST.year - 1} is expected)"
        )
    return value


def record_number(value: object, name: str) -> float:
    """``value`` as a float, if it is a finite number of at most :data:`MAX_NUMBER` either way (an integer or
    a float; ``true`` and ``"240"`` are not numbers); else :class:`BadField` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise wrong(name, "a number", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise BadField(f"{name} = {value}: a finite number is expected")
    if abs(value) > MAX_NUMBER:
        shown = f"{value:.3g}" if isinstance(value, float) else short(value)
        raise BadField(f"{name} = {shown} is out of range (at most {MAX_NUMBER:,.0f} either way)")
    return float(value)
