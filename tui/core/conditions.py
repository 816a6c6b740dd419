"""Checking a policy condition on the scanned machine: an environment variable, or one key in a JSON or
TOML settings file. Only the named key is looked at, and its value is never shown or stored."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.channels.base import Context
from tui.core.bounded_read import parse_toml
from tui.core.machine import ReadSkipped
from tui.core.policy import Condition

MET, UNMET, UNKNOWN, CONFIRMED, UNCONFIRMED = "met", "unmet", "unknown", "confirmed", "unconfirmed"


@dataclass(frozen=True)
class ConditionState:
    condition: Condition
    state: str
    detail: str

    def to_json(self) -> dict:
        return {"id": self.condition.id, "text": self.condition.text, "state": self.state, "detail": self.detail,
                "attest": self.condition.attest}


def _satisfies(cond: Condition, value: object) -> bool:
    if cond.present:
        return value is not None and value != ""
    if not isinstance(value, (str, int, float, bool)):
        return False
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if cond.equals is not None:
        return text == cond.equals
    return cond.prefix is not None and text.startswith(cond.prefix)


def _lookup(data: object, dotted: str) -> object:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _expected(cond: Condition) -> str:
    if cond.present:
        return "is set"
    return f"= {cond.equals!r}" if cond.equals is not None else f"starts with {cond.prefix!r}"


def evaluate(cond: Condition, ctx: Context, attested: bool, env_known: bool) -> ConditionState:
    if cond.attest:
        return ConditionState(cond, CONFIRMED if attested else UNCONFIRMED,
                              "confirmed by you" if attested else "needs your confirmation")
    places = []
    if cond.env:
        if cond.env in ctx.machine.env and _satisfies(cond, ctx.machine.env[cond.env]):
            return ConditionState(cond, MET, f"${cond.env} {_expected(cond)}")
        places.append(f"${cond.env}")
    for spec in cond.files:
        path = ctx.expand(spec)
        if path is None or not ctx.disk.exists(path):
            continue
        try:
            if path.endswith(".toml"):
                data = parse_toml(ctx.disk.read_text(path))
            else:
                data = ctx.disk.read_json(path)
        except ReadSkipped as exc:
            ctx.disk.skip(path, f"settings file unreadable: {exc}")
            continue
        if _satisfies(cond, _lookup(data, cond.key or "")):
            return ConditionState(cond, MET, f"{cond.key} {_expected(cond)} in {ctx.disk.display(path)}")
        places.append(f"{cond.key} in {ctx.disk.display(path)}")
    if cond.env and not cond.files and not env_known:
        return ConditionState(cond, UNKNOWN, f"${cond.env} cannot be seen on another machine's disk")
    where = " or ".join(places) if places else "no settings file found"
    return ConditionState(cond, UNMET, f"expected {_expected(cond)}: {where}")
