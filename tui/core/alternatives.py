"""The alternatives the policy names for a tool, as each stands on this machine.

The pack may name a conditional tool as an alternative, and an approved one may carry conditions; either may
be installed here and need action itself (a condition unmet, a version the policy does not allow). "Move to
X" must then say that X needs action too: every presenter (``check``, ``scan --explain``, the JSON, the app)
words an alternative from here, so they say the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.catalog import Tool
from tui.core.judge import Finding
from tui.core.policy import Policy
from tui.core.text import counted


@dataclass(frozen=True)
class Alternative:
    tool: Tool
    status: str  # the policy's status for it on the day judged ("approved", "conditional", or the default)
    here: Finding | None  # the tool as found on this machine, None when it is not

    @property
    def needs_action(self) -> bool:
        return self.here is not None and self.here.action_required

    @property
    def why(self) -> str:
        """What it needs here, in a few words ("" when nothing)."""
        f = self.here
        if f is None or not f.action_required:
            return ""
        if f.affected or f.version_violations:
            return "its version here is not allowed"
        unmet = f.unmet_conditions()
        if unmet:
            return counted(len(unmet), "condition") + " not met"
        if f.unknown_versions:
            return "its version here cannot be confirmed"
        return f.verdict.value

    @property
    def note(self) -> str:
        """ "conditional: needs action here - 1 condition not met", "conditional" for a conditional alternative
        that needs nothing here, "" for an approved one that needs nothing here."""
        if self.here is not None and self.needs_action:
            return f"{self.here.verdict}: needs action here - {self.why}"
        return "" if self.status == "approved" else self.status

    @property
    def label(self) -> str:
        """Its name, with the note in brackets when there is one."""
        return f"{self.tool.name} ({self.note})" if self.note else self.tool.name

    def to_json(self) -> dict:
        return {
            "id": self.tool.id,
            "name": self.tool.name,
            "status": self.status,
            "verdict": None if self.here is None else self.here.verdict.value,
            "action_required": self.needs_action,
        }


def alternatives_here(f: Finding, policy: Policy, findings: Iterable[Finding], today: dt.date) -> list[Alternative]:
    """The alternatives of ``f``, each with the policy's status for it on ``today`` (the day judged) and,
    when it is found here, its finding."""
    found = {x.tool.id: x for x in findings}
    out = []
    for tool in f.alternatives:
        rule = policy.rule(tool.id)
        status = rule.status_on(today) if rule else policy.default_status
        out.append(Alternative(tool, status, found.get(tool.id)))
    return out


def heading(alternatives: Iterable[Alternative]) -> str:
    """ "approved alternatives" when each is approved and needs nothing here, else "alternatives": a list that
    names a conditional tool, or one that needs action here, is not called approved."""
    return "approved alternatives" if all(not a.note for a in alternatives) else "alternatives"


def line(alternatives: list[Alternative]) -> str:
    """ "approved alternatives: GitHub Copilot, Continue", or "alternatives: GitHub Copilot (approved: needs
    action here - 1 condition not met)"."""
    return f"{heading(alternatives)}: " + ", ".join(a.label for a in alternatives)
