"""Productivity impact: what a tool is worth, workflow by workflow.

"This workflow takes four hours without AI and forty minutes with it, three times a week." Totals are
computed, never stored, so the record cannot disagree with itself. Hours per month use 52/12 weeks.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from tui.errors import RecordError
from tui.requests.errors import FieldError
from tui.requests.fields import MAX_NUMBER, record_number, record_time, wrong

WEEKS_PER_MONTH = 52 / 12
ID_PREFIX = "IMP-"
# how long each text of a document may be, and how many workflows it may have: checked before every save,
# so a document always stays far below what a record may hold (tui.core.bounded_read.RECORD_LIMIT)
TITLE_MAX = 200
WORKFLOW_NAME_MAX = 200
NOTE_MAX = 500
CURRENCY_MAX = 8
MAX_WORKFLOWS = 100


@dataclass(frozen=True)
class Workflow:
    name: str
    minutes_without: float
    minutes_with: float
    per_week: float
    note: str = ""

    @property
    def hours_without_per_month(self) -> float:
        return self.minutes_without * self.per_week * WEEKS_PER_MONTH / 60

    @property
    def hours_with_per_month(self) -> float:
        return self.minutes_with * self.per_week * WEEKS_PER_MONTH / 60

    @property
    def hours_saved_per_month(self) -> float:
        return self.hours_without_per_month - self.hours_with_per_month

    @property
    def speedup(self) -> float | None:
        """``without / with``; ``None`` when the tool makes the task take no time at all."""
        return _ratio(self.minutes_without, self.minutes_with)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "minutes_without": self.minutes_without,
            "minutes_with": self.minutes_with,
            "per_week": self.per_week,
        }
        if self.note:
            d["note"] = self.note
        return d

    @classmethod
    def from_dict(cls, d: object, where: str = "workflow") -> Workflow:
        """A workflow of a record (``where``: its key in messages, ``workflow[2]``); raises BadField."""
        if not isinstance(d, dict):
            raise wrong(where, "a table (name, minutes_without, minutes_with, per_week)", d)
        return cls(
            name=_text(d, "name", "", where),
            minutes_without=record_number(d.get("minutes_without", 0), f"{where}.minutes_without"),
            minutes_with=record_number(d.get("minutes_with", 0), f"{where}.minutes_with"),
            per_week=record_number(d.get("per_week", 0), f"{where}.per_week"),
            note=_text(d, "note", "", where),
        )


@dataclass(frozen=True)
class Totals:
    hours_without_per_month: float
    hours_with_per_month: float
    hours_saved_per_month: float
    speedup: float | None  # frequency-weighted: total time without / total time with
    cost_per_month: float | None
    cost_per_hour_saved: float | None  # None without a cost or without any time saved


@dataclass(frozen=True)
class ImpactDoc:
    id: str
    tool_id: str = ""
    title: str = ""
    workflows: tuple[Workflow, ...] = ()
    cost_per_month: float | None = None  # what the tool costs per seat, optional
    currency: str = "USD"
    author: str = ""
    created: datetime = field(default_factory=lambda: _now())
    updated: datetime = field(default_factory=lambda: _now())

    # -- live totals -------------------------------------------------------------------------------
    def totals(self) -> Totals:
        without = sum(w.hours_without_per_month for w in self.workflows)
        with_ = sum(w.hours_with_per_month for w in self.workflows)
        saved = without - with_
        speedup = _ratio(without, with_)
        cost = self.cost_per_month
        per_hour = _ratio(cost, saved) if cost is not None else None
        return Totals(without, with_, saved, speedup, cost, per_hour)

    def chart_rows(self) -> list[tuple[str, float, float]]:
        """``(workflow name, hours/month without, hours/month with)`` per workflow, for a bar chart."""
        return [(w.name, w.hours_without_per_month, w.hours_with_per_month) for w in self.workflows]

    # -- editing (immutable: every edit returns a new document with ``updated`` set) ----------------
    def edited(self, **changes: Any) -> ImpactDoc:
        return replace(self, **changes, updated=_now())

    # -- records -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": 1,
            "kind": "impact",
            "id": self.id,
            "tool_id": self.tool_id,
            "title": self.title,
            "currency": self.currency,
            "author": self.author,
            "created": self.created,
            "updated": self.updated,
        }
        if self.cost_per_month is not None:
            d["cost_per_month"] = self.cost_per_month
        d["workflow"] = [w.to_dict() for w in self.workflows]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, source: str = "impact record") -> ImpactDoc:
        """Rebuild a document from its record; every field's type and range is checked, so a damaged or
        hand-edited record is refused here (:class:`RecordError` naming the file and the key), never in the
        totals or the chart."""
        if not isinstance(d, dict) or d.get("kind", "impact") != "impact" or not isinstance(d.get("id"), str):
            raise RecordError(f"{source}: not an aicheck impact document")
        try:
            flows = d.get("workflow", [])
            if not isinstance(flows, list):
                raise wrong("workflow", "a list of workflows ([[workflow]] tables)", flows)
            cost = d.get("cost_per_month")
            return cls(
                id=d["id"],
                tool_id=_text(d, "tool_id", ""),
                title=_text(d, "title", ""),
                workflows=tuple(Workflow.from_dict(w, f"workflow[{i}]") for i, w in enumerate(flows)),
                cost_per_month=None if cost is None else record_number(cost, "cost_per_month"),
                currency=_text(d, "currency", "USD"),
                author=_text(d, "author", ""),
                created=_dt(d.get("created"), "created"),
                updated=_dt(d.get("updated"), "updated"),
            )
        except (TypeError, ValueError) as exc:  # BadField (a ValueError) says which key; the others never should
            from tui.core.text import clean

            raise RecordError(f"{source}: malformed impact document: {clean(str(exc), 300)}") from None


def new_impact(tool_id: str = "", title: str = "", *, author: str = "") -> ImpactDoc:
    return ImpactDoc(id=new_impact_id(), tool_id=tool_id, title=title, author=author)


def new_impact_id(now: datetime | None = None) -> str:
    now = now or _now()
    return f"{ID_PREFIX}{now:%Y%m%d}-{secrets.token_hex(3).upper()}"


def validate_workflow(wf: Workflow, prefix: str = "") -> list[FieldError]:
    errors: list[FieldError] = []
    if not wf.name.strip():
        errors.append(FieldError(f"{prefix}name", "give the workflow a name"))
    for attr, label in (("minutes_without", "minutes without the tool"), ("minutes_with", "minutes with the tool")):
        v = getattr(wf, attr)
        if math.isnan(v) or v < 0:
            errors.append(FieldError(f"{prefix}{attr}", f"{label} must be a number of minutes, 0 or more"))
        elif v > 7 * 24 * 60:  # (infinity too: `1e400` is read as that)
            errors.append(FieldError(f"{prefix}{attr}", f"{label} is more than a week; split the workflow"))
    if math.isnan(wf.per_week) or wf.per_week <= 0:
        errors.append(FieldError(f"{prefix}per_week", "how often per week must be more than 0 (0.25 = once a month)"))
    elif wf.per_week > 1000:
        errors.append(FieldError(f"{prefix}per_week", "how often per week must be at most 1000"))
    elif not errors and wf.per_week * max(wf.minutes_without, wf.minutes_with) > 7 * 24 * 60:
        longest = max(wf.minutes_without, wf.minutes_with)
        errors.append(
            FieldError(
                f"{prefix}per_week",
                f"{longest:g} minutes {wf.per_week:g} times a week is more than the 168 hours a week has",
            )
        )
    return errors


def limit_errors(doc: ImpactDoc) -> list[FieldError]:
    """The texts longer than a document may hold, and too many workflows: a document with any of these is
    not saved (the store would otherwise write a record it may not be able to read back)."""
    errors: list[FieldError] = []
    if len(doc.title) > TITLE_MAX:
        errors.append(FieldError("title", f"keep the title under {TITLE_MAX} characters"))
    if len(doc.currency) > CURRENCY_MAX:
        errors.append(FieldError("currency", f"the currency has at most {CURRENCY_MAX} characters (USD, EUR)"))
    if len(doc.workflows) > MAX_WORKFLOWS:
        errors.append(FieldError("workflows", f"at most {MAX_WORKFLOWS} workflows"))
    for i, wf in enumerate(doc.workflows):
        if len(wf.name) > WORKFLOW_NAME_MAX:
            errors.append(
                FieldError(f"workflows[{i}].name", f"keep the workflow name under {WORKFLOW_NAME_MAX} characters")
            )
        if len(wf.note) > NOTE_MAX:
            errors.append(FieldError(f"workflows[{i}].note", f"keep the note under {NOTE_MAX} characters"))
    return errors


def validate_impact(doc: ImpactDoc) -> list[FieldError]:
    """Every problem in the document (an empty list means it can be attached to a request)."""
    errors = limit_errors(doc)
    if not doc.workflows:
        errors.append(FieldError("workflows", "add at least one workflow"))
    for i, wf in enumerate(doc.workflows):
        errors.extend(validate_workflow(wf, f"workflows[{i}]."))
    cost = doc.cost_per_month
    if cost is not None and math.isnan(cost):
        errors.append(FieldError("cost_per_month", "tool cost per month must be a number"))
    elif cost is not None and cost < 0:
        errors.append(FieldError("cost_per_month", "tool cost per month must be 0 or more"))
    elif cost is not None and cost > MAX_NUMBER:  # (infinity too: `--cost 1e400` is read as that)
        errors.append(FieldError("cost_per_month", f"tool cost per month is too large: at most {MAX_NUMBER:,.0f}"))
    return errors


def parse_workflow_spec(spec: str) -> Workflow:
    """``"NAME:MIN_WITHOUT:MIN_WITH:PER_WEEK[:NOTE]"`` (the command line's ``--workflow``)."""
    parts = spec.split(":", 4)
    if len(parts) < 4:
        raise ValueError(f"--workflow {spec!r}: expected NAME:MINUTES_WITHOUT:MINUTES_WITH:PER_WEEK[:NOTE]")
    name, without, with_, per_week = parts[:4]
    try:
        nums = [float(x) for x in (without, with_, per_week)]
    except ValueError:
        raise ValueError(f"--workflow {spec!r}: minutes and times per week must be numbers") from None
    return Workflow(name.strip(), nums[0], nums[1], nums[2], parts[4].strip() if len(parts) > 4 else "")


def _text(d: dict[str, Any], key: str, default: str, where: str = "") -> str:
    value = d.get(key, default)
    if not isinstance(value, str):
        raise wrong(f"{where}.{key}" if where else key, "a string", value)
    return value


def _dt(value: object, name: str) -> datetime:
    return _now() if value is None else record_time(value, name)


def _ratio(top: float, bottom: float) -> float | None:
    """``top / bottom`` for a positive ``bottom``; None when there is none, or when it is too large to be a
    number (a cost over a few seconds saved a month)."""
    if bottom <= 0:
        return None
    ratio = top / bottom
    return ratio if math.isfinite(ratio) else None


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
