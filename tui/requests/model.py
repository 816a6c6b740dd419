"""The exception request: what is asked, by whom, under which policy, and where it stands.

States (``state``)::

    draft ──submit──▶ queued ──delivered──▶ submitted ──(backend reports)──▶ approved | denied
                        ▲  │ unreachable / 429 / 5xx: stays queued, retried with backoff
                        └──┘

``withdrawn`` is for a draft or queued request the employee no longer wants.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tui.core.policy import MAX_EXCEPTION_DAYS
from tui.errors import RecordError
from tui.requests.errors import FieldError
from tui.requests.fields import BadField, record_time, wrong
from tui.requests.markdown import fmt_number, impact_markdown

if TYPE_CHECKING:
    from collections.abc import Iterable

    from _typeshed import DataclassInstance

    from tui.core.content import Pack
    from tui.core.judge import Finding
    from tui.requests.impact import ImpactDoc

ID_PREFIX = "REQ-"
ID_RE = re.compile(r"^REQ-\d{8}-[0-9A-F]{6}$")


class RequestState(StrEnum):
    """Where a request stands; the values are what records, JSON and the screens show."""

    DRAFT = "draft"
    QUEUED = "queued"  # recorded and due to be sent (a parked one waits for the user's retry)
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"


STATES = tuple(RequestState)
JUSTIFICATION_MIN, JUSTIFICATION_MAX = 20, 4000
MITIGATION_MAX = 300
MAX_MITIGATIONS = 20
NAME_MAX = 200  # the requester's name
EMAIL_MAX = 254  # the longest address mail can carry
# what the form's "Other" mitigations field may hold: every mitigation at its longest, with its "; "
OTHER_MITIGATIONS_MAX = MAX_MITIGATIONS * (MITIGATION_MAX + 2)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Suggestions the form offers; any text is accepted.
COMMON_MITIGATIONS = (
    "Enterprise tier with a data processing agreement",
    "Telemetry and training on my data turned off",
    "No customer data",
    "No source code from restricted repositories",
    "Through the company AI gateway",
)


@dataclass(frozen=True)
class PolicyContext:
    """What a request needs to know about the content pack (built from ``load_pack`` by :meth:`from_pack`)."""

    org_name: str
    version: str
    sha256: str
    default_days: int = 30
    max_days: int = 90
    data_classes: tuple[str, ...] = ()
    intake: dict[str, Any] | None = None
    tools: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, vendor)
    statuses: dict[str, str] = field(default_factory=dict)  # tool id -> policy status
    default_status: str = "unreviewed"
    approver_keys: tuple[str, ...] = ()  # [exceptions]: whose signed grants count (see tui.core.grants)
    revoked: tuple[str, ...] = ()

    @classmethod
    def from_pack(cls, pack: Pack) -> PolicyContext:
        pol = pack.policy
        rules = getattr(pol, "rules", None) or {}
        return cls(
            org_name=str(getattr(pol, "org_name", "") or ""),
            version=str(getattr(pol, "version", "") or ""),
            sha256=str(getattr(pack, "sha256", "") or ""),
            default_days=int(getattr(pol, "exception_default_days", 30) or 30),
            max_days=int(getattr(pol, "exception_max_days", 90) or 90),
            data_classes=tuple(getattr(pol, "data_classes", ()) or ()),
            intake=dict(intake) if (intake := getattr(pol, "intake", None)) else None,
            tools={tid: (t.name, t.vendor) for tid, t in pack.catalog.tools.items()},
            statuses={tid: r.status for tid, r in rules.items()},
            default_status=str(getattr(pol, "default_status", "unreviewed") or "unreviewed"),
            approver_keys=tuple(getattr(pol, "approver_keys", ()) or ()),
            revoked=tuple(getattr(pol, "revoked", ()) or ()),
        )

    def status_of(self, tool_id: str) -> str:
        return self.statuses.get(tool_id, self.default_status)


@dataclass
class ToolRef:
    id: str
    name: str = ""
    vendor: str = ""
    installed: bool = False
    versions: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    verdict: str = ""
    advisories: list[str] = field(default_factory=list)


@dataclass
class PolicyRef:
    org: str = ""
    version: str = ""
    sha256: str = ""


@dataclass
class Requester:
    name: str = ""
    email: str = ""
    # the machine the request was made on (its host name; "" when unknown): an approver may bind the grant to
    # it (aicheck grant issue --host), so that a copy holds on no other machine
    host: str = ""

    def filled_from(self, earlier: Iterable[ExceptionRequest]) -> Requester:
        """This identity, its empty name or email taken from the latest of ``earlier`` requests that has one:
        without a git identity, a user typed theirs for every request."""
        latest = sorted(earlier, key=lambda r: (r.updated, r.id), reverse=True)
        name = self.name or next((r.requester.name for r in latest if r.requester.name), "")
        email = self.email or next((r.requester.email for r in latest if r.requester.email), "")
        return Requester(name, email, self.host)


@dataclass
class ImpactSummary:
    """A snapshot of the attached impact document, so the sent payload never changes behind the preview."""

    id: str = ""
    title: str = ""
    hours_saved_per_month: float = 0.0
    speedup: float | None = None
    cost_per_hour_saved: float | None = None
    markdown: str = ""


@dataclass
class Delivery:
    backend: str = ""  # kind of intake it was (or will be) sent to
    target: str = ""  # intake URL
    # the digest of the request as the user was shown it before sending (tui.intake.base.Prepared.digest):
    # sync sends it only while what it would send is the same (another intake, an edited record: held)
    shown: str = ""
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""
    needs_attention: bool = False  # a non-retryable failure (bad token, rejected payload): fix, then sync
    parked: bool = False  # a permanent refusal (401/403/404/410/422): not re-sent until retried explicitly
    in_flight: str = ""  # attempt id while a send is under way; left behind if the sender died
    in_flight_started: datetime | None = None
    # when the first attempt began: a lookup after an uncertain attempt looks no further back (GitHub);
    # a search index that lags behind a create is given time from uncertain_at on (Jira)
    first_attempt_at: datetime | None = None
    uncertain_at: datetime | None = None  # the latest attempt that may have arrived (began)
    maybe_delivered: bool = False  # an earlier attempt may have reached the intake: look up before creating
    ticket: str = ""
    ticket_url: str = ""
    ticket_ref: str = ""  # backend's own handle for status lookups (Jira key, issue number, sys_id, status URL)
    submitted_at: datetime | None = None
    checked_at: datetime | None = None  # last time the decision was polled


@dataclass
class Decision:
    status: str = ""  # approved | denied
    decided_at: datetime | None = None
    expires: date | None = None
    note: str = ""


@dataclass
class ExceptionRequest:
    id: str
    tool: ToolRef
    policy: PolicyRef = field(default_factory=PolicyRef)
    requester: Requester = field(default_factory=Requester)
    justification: str = ""
    data_classes: list[str] = field(default_factory=list)
    days: int = 30
    mitigations: list[str] = field(default_factory=list)
    impact: ImpactSummary | None = None
    state: RequestState = RequestState.DRAFT
    created: datetime = field(default_factory=lambda: now_utc())
    updated: datetime = field(default_factory=lambda: now_utc())
    delivery: Delivery = field(default_factory=Delivery)
    decision: Decision = field(default_factory=Decision)
    history: list[dict[str, Any]] = field(default_factory=list)
    # the correlation id every ticket, label and webhook-id carries: see :func:`new_fingerprint`
    correlation_id: str = field(default_factory=lambda: new_fingerprint())

    @property
    def fingerprint(self) -> str:
        """Stable correlation id carried by the created ticket (label / correlation_id / webhook-id): drawn
        at creation and kept in the record, so it is the same on every retry and unique across machines."""
        return self.correlation_id

    @property
    def title(self) -> str:
        who = self.requester.name or self.requester.email or "an employee"
        return f"AI tool exception: {self.tool.name or self.tool.id} for {self.days} days ({who})"

    def log(self, event: str, at: datetime | None = None) -> None:
        self.history.append({"at": at or now_utc(), "event": event})

    def markdown(self) -> str:
        """The request as a ticket's body (Markdown): what the intake backends file. Without the record's
        local state (draft, queued): the body the preview shows is the one sent, whenever it is sent."""
        return request_markdown(self, state=False)

    def payload(self) -> dict[str, Any]:
        """The request as the intake receives it (JSON). Deterministic: built only from the record."""
        d: dict[str, Any] = {
            "type": "aicheck.exception_request",
            "schema": 1,
            "id": self.id,
            "fingerprint": self.fingerprint,
            "created": iso(self.created),
            "title": self.title,
            "tool": {
                "id": self.tool.id,
                "name": self.tool.name,
                "vendor": self.tool.vendor,
                "installed": self.tool.installed,
                "versions": list(self.tool.versions),
                "channels": list(self.tool.channels),
                "verdict": self.tool.verdict,
                "advisories": list(self.tool.advisories),
            },
            "policy": {"org": self.policy.org, "version": self.policy.version, "sha256": self.policy.sha256},
            "requester": {"name": self.requester.name, "email": self.requester.email, "host": self.requester.host},
            "justification": self.justification,
            "data_classes": list(self.data_classes),
            "days": self.days,
            "mitigations": list(self.mitigations),
            "impact": None,
        }
        if self.impact is not None:
            d["impact"] = {
                "id": self.impact.id,
                "title": self.impact.title,
                "hours_saved_per_month": round(self.impact.hours_saved_per_month, 2),
                "speedup": None if self.impact.speedup is None else round(self.impact.speedup, 2),
                "cost_per_hour_saved": None
                if self.impact.cost_per_hour_saved is None
                else round(self.impact.cost_per_hour_saved, 2),
                "markdown": self.impact.markdown,
            }
        return d

    # -- records -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema": 1,
            "kind": "exception-request",
            "id": self.id,
            "fingerprint": self.fingerprint,
            "state": self.state,
            "created": self.created,
            "updated": self.updated,
            "justification": self.justification,
            "data_classes": list(self.data_classes),
            "days": self.days,
            "mitigations": list(self.mitigations),
            "tool": _clean(vars(self.tool)),
            "policy": _clean(vars(self.policy)),
            "requester": _clean(vars(self.requester)),
            "delivery": _clean(vars(self.delivery)),
            "decision": _clean(vars(self.decision)),
        }
        if self.impact is not None:
            d["impact"] = _clean(vars(self.impact))
        d["history"] = [_clean(h) for h in self.history]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, source: str = "request record") -> ExceptionRequest:
        """Rebuild a request from its record; every field's type is checked, so a damaged or hand-edited
        record is refused here (:class:`RecordError` naming the file and the field), never later."""
        if not isinstance(d, dict) or d.get("kind") != "exception-request" or not isinstance(d.get("id"), str):
            raise RecordError(f"{source}: not an aicheck exception request")
        if not ID_RE.match(d["id"]):
            raise RecordError(f"{source}: id {d['id']!r} is not a request id")
        try:
            top = _typed(_Top, d, "")
            impact = d.get("impact")
            req = cls(
                id=d["id"],
                tool=ToolRef(**_typed(ToolRef, _table(d, "tool"), "tool.")),
                policy=PolicyRef(**_typed(PolicyRef, _table(d, "policy"), "policy.")),
                requester=Requester(**_typed(Requester, _table(d, "requester"), "requester.")),
                justification=top.get("justification", ""),
                data_classes=top.get("data_classes", []),
                days=top.get("days", 0),
                mitigations=top.get("mitigations", []),
                impact=ImpactSummary(**_typed(ImpactSummary, _table(d, "impact"), "impact."))
                if impact is not None
                else None,
                created=top.get("created") or now_utc(),
                updated=top.get("updated") or now_utc(),
                delivery=Delivery(**_typed(Delivery, _table(d, "delivery"), "delivery.")),
                decision=Decision(**_typed(Decision, _table(d, "decision"), "decision.")),
                history=_history(d.get("history", [])),
                correlation_id=_stored_fingerprint(d),
            )
        except (TypeError, ValueError) as exc:  # BadField (a ValueError) says which key; the others never should
            from tui.core.text import clean

            raise RecordError(f"{source}: malformed exception request: {clean(str(exc), 300)}") from None
        state = top.get("state", "draft")
        if state not in STATES:
            raise RecordError(f"{source}: unknown state {state!r}")
        req.state = RequestState(state)
        if not 0 <= req.days <= MAX_RECORD_DAYS:
            raise RecordError(f"{source}: malformed exception request: days = {req.days} is out of range")
        if req.delivery.attempts < 0 or req.delivery.attempts > 10**6:
            raise RecordError(f"{source}: malformed exception request: delivery.attempts is out of range")
        return req


MAX_RECORD_DAYS = MAX_EXCEPTION_DAYS  # ten years: anything longer in a record is damage, not a decision


@dataclass
class _Top:
    """The top-level fields of a request record that ``from_dict`` type-checks."""

    justification: str = ""
    data_classes: list[str] = field(default_factory=list)
    days: int = 0
    mitigations: list[str] = field(default_factory=list)
    state: str = "draft"
    created: datetime | None = None
    updated: datetime | None = None


def _table(d: dict[str, Any], key: str) -> dict[str, Any]:
    v = d.get(key, {})
    if not isinstance(v, dict):
        raise BadField(f"[{key}] must be a table, not {type(v).__name__}")
    return v


def _check(value: Any, annotation: str, name: str) -> Any:
    """``value`` if it matches the field's annotation (as written in the dataclass), else BadField."""
    optional = annotation.endswith(" | None")
    base = annotation.removesuffix(" | None")
    if value is None and optional:
        return None
    ok: bool
    if base == "str":
        ok = isinstance(value, str)
    elif base == "bool":
        ok = isinstance(value, bool)
    elif base == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif base == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e300
        value = float(value) if ok else value  # NaN and infinities are refused (they compare as nothing)
    elif base == "list[str]":
        ok = isinstance(value, list) and len(value) <= 1000 and all(isinstance(x, str) for x in value)
    elif base == "datetime":
        return record_time(value, name)  # and one that has a UTC time: reports and payloads convert to it
    elif base == "date":
        ok = isinstance(value, date) and not isinstance(value, datetime)
    else:  # pragma: no cover - a field type this checker does not know
        ok = True
    if not ok:
        want = {
            "list[str]": "a list of strings",
            "datetime": "a date and time",
            "date": "a date (YYYY-MM-DD)",
            "int": "a whole number",
            "float": "a number",
            "bool": "true or false",
            "str": "a string",
        }
        raise wrong(name, want.get(base, base), value)
    return value


def _typed(kind: type[DataclassInstance], d: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The fields of ``kind`` in ``d``, each checked (:func:`_check`); a field without a default must be
    there (``[tool]`` without its ``id``)."""
    from dataclasses import MISSING

    fields = kind.__dataclass_fields__
    for k, f in fields.items():
        if k not in d and f.default is MISSING and f.default_factory is MISSING:
            table = prefix.removesuffix(".")
            raise BadField(f"[{table}] is missing" if not d and table else f"{prefix}{k} is missing")
    return {k: _check(v, str(fields[k].type), prefix + k) for k, v in d.items() if k in fields}


def _history(v: Any) -> list[dict[str, Any]]:
    """The history as ``{at, event}`` tables (anything else in an entry is dropped: it is only a log)."""
    if not isinstance(v, list) or len(v) > 100_000:
        raise BadField("history must be a list of tables")
    out = []
    for i, h in enumerate(v):
        if not isinstance(h, dict) or not isinstance(h.get("event"), str):
            raise BadField(f"history[{i}] must be a table with an event")
        at = h.get("at")
        # an entry's time that is not one is dropped; one out of range is damage (`show --json` converts it)
        entry: dict[str, Any] = {"at": record_time(at, f"history[{i}].at")} if isinstance(at, datetime) else {}
        entry["event"] = h["event"]
        out.append(entry)
    return out


# -- construction ------------------------------------------------------------------------------------


def new_request_id(now: datetime | None = None) -> str:
    now = now or now_utc()
    return f"{ID_PREFIX}{now:%Y%m%d}-{secrets.token_hex(3).upper()}"


def fingerprint_of(request_id: str) -> str:
    """The fingerprint versions before 128-bit fingerprints derived from the request id (24 random bits a
    day: two machines could draw the same one); kept for records written without a stored fingerprint."""
    return "aicheck-" + hashlib.sha256(request_id.encode()).hexdigest()[:16]


# -- the fingerprint ----------------------------------------------------------------------------------
FINGERPRINT_RE = re.compile(r"aicheck-[0-9a-f]{16,64}")  # (it goes into labels, JQL and table queries)


def new_fingerprint() -> str:
    """A new request's correlation id: 128 random bits (``aicheck-`` and 32 hex digits, 40 characters:
    within GitHub's 50-character label names and Jira's label rules)."""
    return "aicheck-" + secrets.token_hex(16)


def _stored_fingerprint(d: dict[str, Any]) -> str:
    """The fingerprint a record was sent with: its ``fingerprint`` key, or, in a record written before it
    was stored, the one derived from the id then (a queued old request retries with the same key)."""
    v = d.get("fingerprint")
    if v is None:
        return fingerprint_of(d["id"])
    if not isinstance(v, str) or not FINGERPRINT_RE.fullmatch(v):
        raise BadField(f"fingerprint must be aicheck- and 16 to 64 hexadecimal digits, not {v!r:.80}")
    return v


def prefill(
    policy: PolicyContext,
    tool_id: str,
    *,
    finding: Finding | None = None,
    identity: Requester | None = None,
    now: datetime | None = None,
) -> ExceptionRequest:
    """A new draft filled from the policy, the scan (``finding``, ``None`` for a tool not installed yet)
    and the user's git identity; the user adds justification, data classes, duration and mitigations."""
    name, vendor = policy.tools.get(tool_id, ("", ""))
    tool = ToolRef(id=tool_id, name=name or tool_id, vendor=vendor, verdict=policy.status_of(tool_id))
    if finding is not None:
        installs = [i for i in getattr(finding, "installs", ()) if not getattr(i, "evidence_only", False)]
        tool.installed = bool(installs)
        tool.versions = sorted({str(i.version) for i in installs if getattr(i, "version", None)})
        tool.channels = sorted({str(i.channel) for i in installs if getattr(i, "channel", None)})
        tool.verdict = str(getattr(finding, "verdict", "") or tool.verdict)
        tool.advisories = sorted({str(a.id) for a in getattr(finding, "advisories", ())})
    now = now or now_utc()
    req = ExceptionRequest(
        id=new_request_id(now),
        tool=tool,
        policy=PolicyRef(org=policy.org_name, version=policy.version, sha256=policy.sha256),
        requester=identity or Requester(),
        days=policy.default_days,
        created=now,
        updated=now,
    )
    req.log("created", now)
    return req


def attach_impact(req: ExceptionRequest, doc: ImpactDoc | None) -> None:
    """Snapshot an :class:`~tui.requests.impact.ImpactDoc` into the request (``None`` detaches)."""
    if doc is None:
        req.impact = None
        return
    t = doc.totals()
    req.impact = ImpactSummary(
        id=doc.id,
        title=doc.title,
        hours_saved_per_month=t.hours_saved_per_month,
        speedup=t.speedup,
        cost_per_hour_saved=t.cost_per_hour_saved,
        markdown=impact_markdown(doc),
    )


# -- the request as Markdown -------------------------------------------------------------------------


def request_markdown(req: ExceptionRequest, *, state: bool = True) -> str:
    """The printable view of an exception request, and (``state=False``) the ticket body."""
    t = req.tool
    out = [f"# {req.title}", ""]
    out.append(
        f"Request `{req.id}` (fingerprint `{req.fingerprint}`)" + (f", state **{req.state}**." if state else ".")
    )
    out.append("")
    out.append("## Tool")
    out.append("")
    out.append(f"- Tool: {t.name} (`{t.id}`){' by ' + t.vendor if t.vendor else ''}")
    if t.installed:
        out.append(
            f"- Installed: yes; versions found: {', '.join(t.versions) or 'unknown'}"
            + (f" (via {', '.join(t.channels)})" if t.channels else "")
        )
    else:
        out.append("- Installed: not yet (asking before installing)")
    out.append(f"- Verdict: {t.verdict or 'unknown'}")
    out.append(f"- Advisories: {', '.join(t.advisories) or 'none'}")
    p = req.policy
    out.append(f"- Policy: {p.org} {p.version} (content pack sha256 `{p.sha256[:16] or 'unknown'}`)")
    out += ["", "## Request", ""]
    on = f" on the machine `{req.requester.host}`" if req.requester.host else ""
    out.append(f"- Requested by: {req.requester.name} <{req.requester.email}>{on}")
    out.append(f"- Duration: {req.days} days")
    out.append(f"- Data the tool would touch: {', '.join(req.data_classes) or 'none declared'}")
    out += ["", "### Business justification", "", req.justification.strip() or "–", ""]
    out += ["### Mitigations", ""]
    out += [f"- {m}" for m in req.mitigations] or ["- none"]
    if req.impact is not None:
        im = req.impact
        out += ["", "### Productivity impact", ""]
        out.append(f"- Hours saved per month: {fmt_number(im.hours_saved_per_month)}")
        out.append(f"- Speed-up: {'–' if im.speedup is None else fmt_number(im.speedup) + '×'}")
        if im.cost_per_hour_saved is not None:
            out.append(f"- Cost per hour saved: {fmt_number(im.cost_per_hour_saved, 2)}")
        out.append(f"- Attached document: `{im.id}` (below)")
        out += ["", "---", "", im.markdown.strip()]
    out.append("")
    return "\n".join(out)


# -- validation --------------------------------------------------------------------------------------


def validate_request(req: ExceptionRequest, policy: PolicyContext) -> list[FieldError]:
    """Every problem with the request, one message per field; the form and the CLI show the same ones."""
    errors: list[FieldError] = []
    tid = req.tool.id
    if not tid:
        errors.append(FieldError("tool", "choose the tool the exception is for"))
    elif tid not in policy.tools:
        from tui.core.text import unknown_tool_hint

        errors.append(
            FieldError(
                "tool",
                f"unknown tool '{tid}': it is not in {policy.org_name or 'the'} catalog"
                f" ({unknown_tool_hint(tid, policy.tools)})",
            )
        )
    elif req.tool.verdict == "approved" or (not req.tool.verdict and policy.status_of(tid) == "approved"):
        errors.append(
            FieldError(
                "tool", f"{req.tool.name or tid} is already approved by policy {policy.version}; no exception is needed"
            )
        )

    errors += limit_errors(req)
    text = req.justification.strip()
    if len(text) < JUSTIFICATION_MIN:
        errors.append(
            FieldError(
                "justification",
                "explain what you need the tool for and why the approved "
                f"alternatives do not fit (at least {JUSTIFICATION_MIN} characters)",
            )
        )

    if isinstance(req.days, bool) or not isinstance(req.days, int) or req.days < 1:
        errors.append(FieldError("days", "the requested duration must be a whole number of days, at least 1"))
    elif req.days > policy.max_days:
        errors.append(
            FieldError(
                "days",
                f"the policy allows at most {policy.max_days} days "
                f"(default {policy.default_days}); ask again when it runs out",
            )
        )

    allowed = set(policy.data_classes)
    seen: set[str] = set()
    for dc in req.data_classes:
        if allowed and dc not in allowed:
            errors.append(
                FieldError("data_classes", f"unknown data class '{dc}'; choose from: " + ", ".join(policy.data_classes))
            )
        elif dc in seen:
            errors.append(FieldError("data_classes", f"'{dc}' is listed twice"))
        seen.add(dc)

    for i, m in enumerate(req.mitigations):
        if not m.strip():
            errors.append(FieldError(f"mitigations[{i}]", "empty mitigation; remove it or describe it"))

    email = req.requester.email.strip()
    if not email:
        errors.append(
            FieldError(
                "requester.email",
                "your work email is needed for the decision (neither [user] email in the config nor git config user.email was found; enter it)",
            )
        )
    elif not EMAIL_RE.match(email):
        errors.append(FieldError("requester.email", f"'{email}' does not look like an email address"))
    if not req.requester.name.strip():
        errors.append(
            FieldError("requester.name", "your name is needed (git config user.name was not found; enter it)")
        )
    return errors


def limit_errors(req: ExceptionRequest) -> list[FieldError]:
    """The fields longer than a request may hold: checked before a draft is saved, not only before it is
    sent (a draft is a record, and every record must stay small enough to be read back)."""
    errors: list[FieldError] = []
    if len(req.justification.strip()) > JUSTIFICATION_MAX:
        errors.append(
            FieldError(
                "justification",
                f"keep it under {JUSTIFICATION_MAX} characters (it has {len(req.justification.strip()):,}); "
                "attach an impact document for the details",
            )
        )
    if len(req.requester.name) > NAME_MAX:
        errors.append(FieldError("requester.name", f"keep your name under {NAME_MAX} characters"))
    if len(req.requester.email) > EMAIL_MAX:
        errors.append(FieldError("requester.email", f"an email address has at most {EMAIL_MAX} characters"))
    if len(req.mitigations) > MAX_MITIGATIONS:
        errors.append(FieldError("mitigations", f"at most {MAX_MITIGATIONS} mitigations"))
    for i, m in enumerate(req.mitigations):
        if len(m) > MITIGATION_MAX:
            errors.append(FieldError(f"mitigations[{i}]", f"keep each mitigation under {MITIGATION_MAX} characters"))
    return errors


# -- helpers -----------------------------------------------------------------------------------------


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(dt: datetime | date | None) -> str | None:
    if dt is None:
        return None
    if isinstance(dt, datetime):
        dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
        return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return dt.isoformat()


def grant_expiry(req: ExceptionRequest) -> date | None:
    """When an approved exception ends: the date the backend reported, else approval day + requested days."""
    if req.state != "approved":
        return None
    if req.decision.expires:
        return req.decision.expires
    start = req.decision.decided_at or req.updated
    return (start + timedelta(days=req.days)).date()


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null: drop ``None`` values (``from_dict`` restores the defaults)."""
    return {k: v for k, v in d.items() if v is not None}
