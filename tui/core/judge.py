"""What the evidence means: a verdict per detected tool, from policy, conditions, advisories and
approved exceptions. Pure logic over the scan's findings; the only reads are condition settings files,
through the same audited disk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.advisories import Advisory, matching, naming
from tui.core.catalog import Tool
from tui.core.changes import PolicyChange, pending_change, policy_reason
from tui.core.channels.base import Context
from tui.core.clock import local_dates
from tui.core.conditions import UNCONFIRMED, UNMET, ConditionState, evaluate
from tui.core.content import Pack
from tui.core.models import VERDICTS, Install, Verdict
from tui.core.policy import Rule
from tui.core.versions import try_parse

if TYPE_CHECKING:
    from tui.core.grants import CheckedGrant, Grant


@dataclass
class Finding:
    tool: Tool
    verdict: Verdict
    policy_status: str
    rule: Rule | None
    installs: list[Install]
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    advisories: list[Advisory] = field(default_factory=list)
    affected: list[tuple[Install, Advisory]] = field(default_factory=list)
    version_violations: list[Install] = field(default_factory=list)
    # installs whose version cannot be read while the policy restricts versions or advisories name the tool:
    # nothing can confirm them allowed, so they need action (update with the installer, or remove)
    unknown_versions: list[Install] = field(default_factory=list)
    unknown_risks: list[Advisory] = field(default_factory=list)  # the advisories an unknown version may be in
    conditions: list[ConditionState] = field(default_factory=list)
    alternatives: list[Tool] = field(default_factory=list)
    grant: Grant | None = None
    action_required: bool = False
    change: PolicyChange | None = None  # a dated change of this tool's rule, announced, not in force yet
    change_action: bool = False  # whether the tool will need action once the change takes effect
    # settings files another tool found here (and allowed) reads for its conditions: a fix keeps them
    shared_settings: tuple[str, ...] = ()

    @property
    def evidence_only(self) -> bool:
        return all(i.evidence_only for i in self.installs)

    @property
    def versions(self) -> list[str]:
        seen: list[str] = []
        for i in self.installs:
            if i.version and i.version not in seen:
                seen.append(i.version)
        return seen

    @property
    def channels(self) -> list[str]:
        seen: list[str] = []
        for i in self.installs:
            if i.channel not in seen:
                seen.append(i.channel)
        return seen

    @property
    def headline(self) -> str:
        """The one-line reason shown in tables."""
        return self.reasons[0] if self.reasons else ""

    def unmet_conditions(self) -> list[ConditionState]:
        return [c for c in self.conditions if c.state == UNMET]


def judge_tool(
    pack: Pack,
    tool: Tool,
    installs: list[Install],
    ctx: Context,
    *,
    attested: set[tuple[str, str]],
    grants: Iterable[CheckedGrant],
    today: dt.date,
    env_known: bool,
    started: dt.date | None = None,
) -> Finding:
    rule = pack.policy.rule(tool.id)
    status = rule.status_on(today) if rule else pack.policy.default_status
    f = Finding(tool, Verdict(status), status, rule, installs)
    f.alternatives = [pack.catalog.tools[a] for a in (rule.alternatives if rule else ()) if a in pack.catalog.tools]
    if rule:
        f.reasons.append(policy_reason(rule, today))
    else:
        f.reasons.append("Not covered by the company policy yet (unreviewed): ask before relying on it.")
    real = [i for i in installs if not i.evidence_only]

    packages = set(tool.osv_packages)
    for inst in real:
        for adv in matching(pack.advisories, packages, tool.id, inst.version):
            f.affected.append((inst, adv))
            if adv not in f.advisories:
                f.advisories.append(adv)
        if rule and rule.versions and inst.version:
            v = try_parse(inst.version)
            if v is not None and not rule.versions.allows(v):
                f.version_violations.append(inst)
    _unknown_versions(f, pack, tool, real)
    for adv in f.advisories:
        where = ", ".join(sorted({i.version or "?" for i, a in f.affected if a is adv}))
        f.reasons.append(f"Affected by {adv.id} ({adv.severity or 'unrated'}): {adv.summary} - installed {where}.")
    if rule and rule.versions:  # a violation is only ever recorded against a rule's range
        for version in sorted({i.version or "" for i in f.version_violations}):
            f.reasons.append(f"Version {version} is outside the allowed range {rule.versions.text}.")

    if rule and status in ("conditional", "approved") and real:
        # its commands, and its packages as a launcher names them (npx @anthropic-ai/claude-code, uvx aider-chat)
        programs = tool.sig("executables") + tool.sig("generic_executables") + tool.sig("npm") + tool.sig("pypi")
        commands = tuple(dict.fromkeys(i.path for i in real if i.channel == "path"))  # wrapper scripts among them
        f.conditions = [
            evaluate(c, ctx, (tool.id, c.id) in attested, env_known, programs, commands) for c in rule.conditions
        ]
        for c in f.conditions:
            if c.state == UNMET:
                f.reasons.append(f"Condition not met: {c.condition.text} ({c.detail}).")
            elif c.state == UNCONFIRMED:
                f.warnings.append(f"Please confirm: {c.condition.text}")

    if status != "prohibited" and (f.affected or f.version_violations):
        f.verdict = Verdict.PROHIBITED
    if len(f.reasons) > 1 and (f.verdict != status or f.unmet_conditions() or f.unknown_versions):
        # what decided the verdict (an advisory, a version, an unmet condition) is the headline
        f.reasons = f.reasons[1:] + f.reasons[:1]
    f.action_required = bool(real) and (
        f.verdict == "prohibited" or bool(f.unmet_conditions()) or bool(f.unknown_versions)
    )
    if not real:
        f.action_required = False
        if status in ("prohibited", "conditional"):
            blocked = [i.browser.blocked_by for i in installs if i.browser is not None and i.browser.blocked_by]
            f.warnings.append(
                f"Blocked by the administrator's browser policy ({blocked[0]}): it never runs."
                if blocked and len(blocked) == len(installs)
                else "Only traces of use were found (configuration or API keys), no installed program."
            )

    _apply_grant(f, grants, real, today, started)
    change = pending_change(rule, tool.name, today)
    if change is not None:
        later = judge_tool(
            pack, tool, installs, ctx, attested=attested, grants=grants, today=change.effective, env_known=env_known
        )
        _announce_change(f, change, later)
    return f


def _unknown_versions(f: Finding, pack: Pack, tool: Tool, real: list[Install]) -> None:
    """Installs whose version cannot be read, where it matters (an allowed range, advisories about the tool):
    a program's own folder renamed, a version file removed. A command on the search path whose version is
    unknown is not counted when what it runs lies inside an install of the tool whose version is known (it is
    that install's command); a copy of a program, or a link elsewhere, counts."""
    rule = f.rule
    named = naming(pack.advisories, set(tool.osv_packages), tool.id)
    if not ((rule and rule.versions) or named):
        return
    known = [i.path for i in real if i.version]
    f.unknown_versions = [i for i in real if not i.version and (i.channel != "path" or not _runs_inside(i, known))]
    if not f.unknown_versions:
        return
    f.unknown_risks = named
    limits = ([f"within {rule.versions.text}"] if rule and rule.versions else []) + [
        f"not affected by {a.id}" for a in named
    ]
    for inst in f.unknown_versions:
        why = f"cannot be confirmed ({inst.version_conflict})" if inst.version_conflict else "cannot be read"
        f.reasons.append(f"The version of {inst.path} {why}: nothing confirms it is {' and '.join(limits)}.")


def _runs_inside(command: Install, installs: list[str]) -> bool:
    """Whether a command runs a file inside one of ``installs`` (their paths as shown)."""
    seps = ("/", "\\")
    return any(
        run == path or run.startswith(tuple(path.rstrip("/\\") + s for s in seps))
        for run in command.runs
        for path in installs
    )


def _announce_change(f: Finding, change: PolicyChange, later: Finding) -> None:
    """Before a dated change: the verdict stays, and a warning names the new status, the date and the days
    left (``later`` is the same tool judged on the effective date)."""
    f.change = change
    f.change_action = later.action_required
    f.warnings.insert(0, f"{change.headline}.")


def _update_hint(f: Finding, adv: Advisory) -> str:
    """The fix for an advisory: the lowest ``fixed`` version above what is installed, else the policy's
    allowed range, else the first version after the last affected one."""
    installed = [try_parse(i.version or "") for i, a in f.affected if a is adv]
    floor = max((v for v in installed if v is not None), default=None)
    events = [(kind, v) for a in adv.affected for r in a.ranges for kind, v in r.events if v is not None]
    fixed = [v for kind, v in events if kind == "fixed" and (floor is None or v > floor)]
    if fixed:
        return f"update to >= {min(fixed).text}"
    if f.rule and f.rule.versions:
        return f"update to {f.rule.versions.text}"
    last = [v for kind, v in events if kind == "last_affected"]
    if last:
        return f"update to a version after {max(last).text}"
    return "remove the tool (no fixed version is known)"


def _apply_grant(
    f: Finding, grants: Iterable[CheckedGrant], real: list[Install], today: dt.date, started: dt.date | None = None
) -> None:
    """A signed grant that holds today makes the verdict ``excepted``, except for an advisory the grant
    does not name: that stays action-required, with the fixed version to update to."""
    from tui.core.grants import UNKNOWN_VERSION, WARN_DAYS, choose_grant

    # an install whose version cannot be read is never inside a grant's range of versions: it may be any
    choice = choose_grant(grants, f.tool.id, [i.version or UNKNOWN_VERSION for i in real], today, started)
    risks = f.advisories + [a for a in f.unknown_risks if a not in f.advisories]  # an unknown version may be in any
    grant = choice.covering(risks)
    if grant is None:
        f.warnings.extend(choice.notes)
        return
    uncovered = [a for a in risks if not grant.covers_advisory(a.id, a.aliases)]
    if uncovered:
        for adv in uncovered:
            f.warnings.append(
                f"Grant {grant.id} does not cover {adv.id} (a grant covers an advisory only when it "
                f"names it): {_update_hint(f, adv)}."
            )
        f.warnings.extend(choice.notes)
        return
    f.grant = grant
    f.verdict = Verdict.EXCEPTED
    f.action_required = False
    f.reasons.insert(
        0,
        f"Exception granted until {grant.expires.isoformat()} by signed grant {grant.id}"
        + (f" ({grant.ticket})" if grant.ticket else "")
        + ".",
    )
    f.warnings.extend(choice.notes)
    days = (grant.expires - today).days
    if days <= WARN_DAYS:
        f.warnings.append(
            f"The exception expires in {days} day{'s' if days != 1 else ''}: "
            f"the '{f.policy_status}' verdict returns on "
            f"{(grant.expires + dt.timedelta(days=1)).isoformat()}."
        )


def sort_key(f: Finding) -> tuple[bool, int, bool, str]:
    return (not f.action_required, VERDICTS.index(f.verdict), f.evidence_only, f.tool.name.lower())


def judge(
    pack: Pack,
    installs: list[Install],
    ctx: Context,
    *,
    attested: set[tuple[str, str]] | None = None,
    grants: Iterable[CheckedGrant] = (),
    today: dt.date | None = None,
    env_known: bool = True,
    started: dt.date | None = None,
) -> list[Finding]:
    """``today``: the later of the zones' dates (the clock's when not given); ``started``: the earlier, by which
    a grant must have been issued (``today`` when not given), see :func:`~tui.core.clock.local_dates`."""
    by_tool: dict[str, list[Install]] = {}
    for inst in installs:
        by_tool.setdefault(inst.tool_id, []).append(inst)
    if today is None:
        started, today = local_dates()
    findings = [
        judge_tool(
            pack,
            pack.catalog.tools[tid],
            ins,
            ctx,
            attested=attested or set(),
            grants=list(grants),
            today=today,
            env_known=env_known,
            started=started,
        )
        for tid, ins in by_tool.items()
        if tid in pack.catalog.tools
    ]
    _note_shared_settings(findings, ctx)
    findings.sort(key=sort_key)
    return findings


def _note_shared_settings(findings: list[Finding], ctx: Context) -> None:
    """Give each finding the settings files that the conditions of another tool found here, and not
    prohibited, read (Gemini Code Assist's agent mode reads Gemini CLI's ~/.gemini/settings.json): a fix that
    removes a prohibited tool's traces keeps them, since the other tool needs them."""
    from tui.core.locations import expand_spec, tokens

    readers: dict[str, set[str]] = {}
    toks = tokens(ctx.machine)  # (what expand_spec takes for each spec when given none)
    for f in findings:
        if f.policy_status == "prohibited" or f.rule is None:
            continue
        for cond in f.rule.conditions:
            for spec in cond.files + cond.overridden_by:
                path = expand_spec(spec, ctx.machine, toks)
                if path is not None:
                    readers.setdefault(ctx.machine.display(path), set()).add(f.tool.id)
    for f in findings:
        f.shared_settings = tuple(p for p, tools in readers.items() if tools - {f.tool.id})
