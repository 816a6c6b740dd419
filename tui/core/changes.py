"""Dated policy changes: a tool's rule that takes effect on a date, with the earlier status in force until
then. Pure functions of the policy and an injected ``today`` (never the clock), shared by the judgement and
every presenter, so the CLI, the JSON report and the app say the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tui.core.policy import Policy, Rule


@dataclass(frozen=True)
class PolicyChange:
    """An announced change of one tool's status that is not in force yet."""

    tool_id: str
    tool_name: str
    before: str  # the status in force until the effective date
    after: str  # the status from the effective date on (that day included)
    effective: dt.date
    days_left: int  # whole days from today to the effective date (1 on the day before)
    notice: str  # the announcement: the rule's notice, else its rationale

    @property
    def headline(self) -> str:
        """``Cursor will be prohibited on 2026-12-15 - 22 days left``"""
        return (
            f"{self.tool_name} will be {self.after} on {self.effective.isoformat()} - {days_left_text(self.days_left)}"
        )

    def to_json(self, detected: bool, action_required: bool | None) -> dict:
        return {
            "tool": self.tool_id,
            "name": self.tool_name,
            "from": self.before,
            "to": self.after,
            "effective": self.effective.isoformat(),
            "days_left": self.days_left,
            "notice": self.notice,
            "detected": detected,
            "action_required_from_effective": action_required,
        }


def days_left_text(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'} left"


def pending_change(rule: Rule | None, tool_name: str, today: dt.date) -> PolicyChange | None:
    """The change announced for this rule, if it is not in force on ``today``."""
    if rule is None or not rule.pending(today) or rule.effective is None or rule.before is None:
        return None
    return PolicyChange(
        rule.tool_id,
        tool_name,
        rule.before,
        rule.status,
        rule.effective,
        (rule.effective - today).days,
        (rule.notice or rule.rationale).strip(),
    )


def upcoming_changes(policy: Policy, names: dict[str, str], today: dt.date) -> list[PolicyChange]:
    """Every change of the policy not in force on ``today``, soonest first (``names``: tool id → name)."""
    changes = [pending_change(rule, names.get(rule.tool_id, rule.tool_id), today) for rule in policy.rules.values()]
    return sorted((c for c in changes if c is not None), key=lambda c: (c.effective, c.tool_name.lower()))


def policy_reason(rule: Rule, today: dt.date) -> str:
    """The reason a verdict starts from: the rule in force, and while a change is pending, what comes next."""
    if rule.pending(today) and rule.before and rule.effective:
        text = (rule.notice or rule.rationale).strip()
        return f"{rule.before.capitalize()} by policy until {rule.effective.isoformat()}, then {rule.status}: {text}"
    return f"{rule.status.capitalize()} by policy: {rule.rationale}"
