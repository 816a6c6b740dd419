"""The offline outbox: every request is recorded before anything is sent, and delivered exactly once.

Delivery of one queued request (:func:`deliver`), all under the request's lock file, so two aicheck
processes never send the same request at the same time (the second one skips it):

1. record the attempt (``delivery.in_flight`` = attempt id, ``attempts`` + 1) *before* sending; a
   sender killed mid-send leaves ``in_flight`` behind, which the next attempt treats as "maybe delivered";
2. if an earlier attempt may have reached the intake (timeout after sending, connection dropped, 5xx,
   or a crash), look the ticket up by the request's fingerprint first, and only create one if none exists
   (a webhook cannot be searched: it is re-sent with the same ``webhook-id`` for the receiver to drop); an
   intake whose search lags behind a create (Jira) is looked up only once it can show the ticket
   (:func:`search_settled_at`: the request waits, even a forced sync);
3. success: ``submitted`` with the ticket key and URL; a retryable failure: stays ``queued`` with
   ``next_attempt_at`` (exponential backoff with jitter, or the server's ``Retry-After``); any other
   failure that sent nothing (a secret not set, settings the client cannot use: IntakeNotReady): stays
   ``queued`` with ``needs_attention`` (fix the config or the token, then sync); any other failure (a 3xx,
   a 4xx but 408/425/429, an answer aicheck cannot use) is also *parked*: it is not re-sent by ``sync``,
   the app's start or its background tick until the user retries it explicitly (``aicheck request retry
   ID`` or ``sync --retry-parked``), since asking again unchanged would get the same answer.

Every error stored in a record or shown is cleaned of control characters, capped in length, and has the
backend's secrets (tokens, passwords, basic-auth strings, in every encoding) redacted, whatever the server echoes.

:func:`sync` delivers every queued request that is due and asks the intake about decisions on submitted
ones (``approved`` / ``denied``); ``aicheck request sync`` and the app's start call it.
"""

from __future__ import annotations

import contextlib
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tui.atomic import LockBusy
from tui.errors import AicheckError, ConfigError, IntakeError, UsageError
from tui.requests.errors import ValidationError
from tui.requests.model import ExceptionRequest, PolicyContext, RequestState, now_utc, validate_request
from tui.requests.store import RequestStore

if TYPE_CHECKING:
    import httpx

    from tui.config import Config
    from tui.intake.base import IntakeBackend, Prepared

BACKOFF_BASE = 30.0  # seconds before the first retry (about)
BACKOFF_CAP = 3600.0  # never wait more than an hour between automatic retries ...
RETRY_AFTER_CAP = 86400.0  # ... unless the server asks for longer (capped at a day)
_MAX_DOUBLINGS = 20  # 30 s * 2**20 is far past the cap: more doublings change nothing


@dataclass(frozen=True)
class Outcome:
    """What happened to one request in a submit or sync."""

    request_id: str
    state: str  # the state afterwards
    action: str  # sent | found | queued | waiting | parked | held | busy | skipped | decided | unchanged | failed
    message: str = ""
    ticket: str = ""
    ticket_url: str = ""
    # the user must fix a setting before anything can go out (no usable intake, a secret not set): the
    # request stays queued, and the command that tried exits 2
    needs_setup: bool = False
    # failed: this request could not be handled at all (its record unreadable, or a bug: ``crash_log``)
    crash_log: str = ""

    def __str__(self) -> str:
        text = f"{self.request_id}: {self.state}"
        if self.ticket:
            text += f" as {self.ticket}" + (f" ({self.ticket_url})" if self.ticket_url else "")
        return text + (f" - {self.message}" if self.message else "")


def backoff_delay(
    attempts: int, retry_after: float | None = None, *, rng: Callable[[], float] = random.random
) -> float:
    """Seconds to wait before the next automatic attempt: the server's ``Retry-After`` when it sent one,
    else exponential backoff with jitter (between half and all of ``30 s * 2^(attempts-1)``, max 1 h)."""
    if retry_after is not None:
        return min(max(retry_after, 1.0), RETRY_AFTER_CAP)
    # the exponent is capped before the power: 2.0 ** 1024 overflows a float (a request retried hourly for
    # six weeks), and any exponent past the cap's gives the cap anyway
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(max(attempts - 1, 0), _MAX_DOUBLINGS))
    return ceiling / 2 + rng() * ceiling / 2


def queue(
    store: RequestStore,
    request_id: str,
    policy: PolicyContext,
    backend: IntakeBackend | None = None,
    now: datetime | None = None,
    *,
    shown: str = "",
) -> ExceptionRequest:
    """Move a draft to ``queued`` after validating it (raises :class:`ValidationError`); the record is
    durable before this returns. Queuing an already queued request only records what it was ``shown`` as."""
    now = now or now_utc()
    with store.transaction(request_id) as req:
        if req.state == "queued":
            if shown and shown != req.delivery.shown:
                req.delivery.shown = shown
                req.delivery.needs_attention = False
                req.log("shown as it will be sent", now)
            return req
        if req.state != "draft":
            raise UsageError(f"{req.id} is {req.state}; only a draft can be submitted")
        errors = validate_request(req, policy)
        if errors:
            raise ValidationError(errors, f"{req.id} cannot be submitted")
        mark_queued(req, backend, now, shown=shown)
    return req


def mark_queued(req: ExceptionRequest, backend: IntakeBackend | None, now: datetime, *, shown: str = "") -> None:
    """Record the intent to send (``queued``): sync sends it, as long as what it sends is what was ``shown``
    (the digest of the preview the user saw: :meth:`tui.intake.base.Prepared.digest`)."""
    req.state = RequestState.QUEUED
    req.delivery.backend = backend.kind if backend is not None else ""
    req.delivery.target = backend.target if backend is not None else ""
    req.delivery.shown = shown
    req.delivery.next_attempt_at = None
    req.log("queued", now)


def shown_digest(backend: IntakeBackend, req: ExceptionRequest) -> str:
    """The digest of what sending ``req`` through ``backend`` would send, as its preview shows it."""
    return backend.preview(req).digest()


def withdraw(store: RequestStore, request_id: str, now: datetime | None = None) -> ExceptionRequest:
    """Withdraw a draft or queued request (a submitted one must be withdrawn in the ticket itself). A queued
    one an attempt may have delivered (see :func:`may_have_arrived`) is withdrawn here all the same, and its
    log says the intake may have it."""
    with store.transaction(request_id) as req:
        if req.state not in ("draft", "queued"):
            raise UsageError(f"{req.id} is {req.state}; withdraw it in {req.delivery.ticket or 'the ticket'}")
        doubt = may_have_arrived(req)
        req.state = RequestState.WITHDRAWN
        req.log("withdrawn" + (f"; {doubt}" if doubt else ""), now or now_utc())
    return req


def may_have_arrived(req: ExceptionRequest) -> str | None:
    """Why the intake may already hold a request that is still queued here (an attempt whose answer never
    came, or a sender that died mid-send), for a withdrawal to say; None when no attempt can have reached it."""
    d = req.delivery
    if req.state != "queued" or not (d.maybe_delivered or d.in_flight):
        return None
    where = d.target or "the intake"
    return (
        f"an earlier attempt got no answer, so {where} may already have it: if a ticket for {req.id} appears "
        "there, close it there too"
    )


def elsewhere_warning(req: ExceptionRequest, backend: IntakeBackend | None) -> str | None:
    """What to tell the user before sending ``req`` to ``backend`` when an earlier attempt to *another*
    intake (the settings changed since) may have arrived there: sending now files it a second time, in
    the new intake, and the lookup that prevents a duplicate cannot look in the old one. None otherwise."""
    doubt = may_have_arrived(req)
    if doubt is None or backend is None or not req.delivery.target or req.delivery.target == backend.target:
        return None
    return f"{doubt}; sending it to {backend.target} now files it there as well"


def search_settled_at(req: ExceptionRequest, backend: IntakeBackend) -> datetime | None:
    """When a lookup for ``req`` may run: an intake whose search shows a new ticket only after a while
    (``backend.lookup_settle`` seconds: Jira) is looked up no sooner than that after the end of the latest
    attempt that may have arrived (its start plus the call's deadline). None: no wait."""
    d = req.delivery
    if not d.maybe_delivered or d.uncertain_at is None or backend.lookup_settle <= 0:
        return None
    return d.uncertain_at + timedelta(seconds=backend.deadline + backend.lookup_settle)


MAX_ERROR_CHARS = 500


def is_due(req: ExceptionRequest, now: datetime) -> bool:
    if req.delivery.parked:
        return False
    nxt = req.delivery.next_attempt_at
    return nxt is None or nxt <= now


def deliver(
    store: RequestStore,
    request_id: str,
    backend: IntakeBackend | None,
    client: httpx.Client | None,
    *,
    now: datetime | None = None,
    force: bool = False,
    retry_parked: bool = False,
    rng: Callable[[], float] = random.random,
) -> Outcome:
    """Try to deliver one queued request (see the module docstring). Never raises for intake trouble:
    the outcome says what happened and the record says what comes next. A parked request is sent only
    with ``retry_parked`` (the user's explicit retry)."""
    now = now or now_utc()
    try:
        with store.lock(request_id, blocking=False):
            req = store.load(request_id)
            if req.state != "queued":
                return Outcome(req.id, req.state, "skipped", "", req.delivery.ticket, req.delivery.ticket_url)
            if req.delivery.parked and not retry_parked:
                return Outcome(
                    req.id,
                    req.state,
                    "parked",
                    f"needs attention, not re-sent: {req.delivery.last_error}; "
                    f"fix it, then run: aicheck request retry {req.id}",
                )
            if req.delivery.parked:
                req.delivery.parked = False
                req.log("retried by the user", now)
            if not force and not is_due(req, now):
                return Outcome(
                    req.id,
                    req.state,
                    "waiting",
                    f"next attempt after {req.delivery.next_attempt_at:%Y-%m-%d %H:%M} UTC"
                    + (f" ({req.delivery.last_error})" if req.delivery.last_error else ""),
                )
            if backend is None:
                req.delivery.last_error = "no intake is configured (content pack [intake] or the user config)"
                req.delivery.needs_attention = True
                store.write_locked(req)
                return Outcome(req.id, req.state, "queued", req.delivery.last_error, needs_setup=True)
            assert client is not None, "a client comes with every backend"
            d = req.delivery
            if d.shown != shown_digest(backend, req):
                # never shown, or shown otherwise: another intake or target since, or a record edited by hand
                where = f"{backend.label} at {backend.target}"
                d.last_error = (
                    f"not sent: what it would send now (to {where}) is not what you saw"
                    if d.shown
                    else f"not sent: you have not seen it as it would be sent now (to {where})"
                ) + f"; see it and send it: aicheck request submit {req.id}"
                if not d.needs_attention:
                    req.log(d.last_error, now)
                d.needs_attention = True
                store.write_locked(req)
                return Outcome(req.id, req.state, "held", d.last_error)
            if d.in_flight:  # a sender died mid-attempt: that attempt may have arrived
                d.maybe_delivered = True
                d.uncertain_at = d.in_flight_started or now
                req.log(f"attempt {d.in_flight} was interrupted", now)
                d.in_flight, d.in_flight_started = "", None
            settled = search_settled_at(req, backend)
            if settled is not None and settled > now:
                # the intake's search may not show yet a ticket that attempt created: look it up later
                d.next_attempt_at = settled
                store.write_locked(req)
                return Outcome(
                    req.id,
                    req.state,
                    "waiting",
                    f"an earlier attempt may have arrived and {backend.label}'s search can take a while to show "
                    f"it: looking it up after {settled:%Y-%m-%d %H:%M:%S} UTC, before sending again",
                )
            d.in_flight = secrets.token_hex(4)
            d.in_flight_started = now
            d.first_attempt_at = d.first_attempt_at or now
            d.attempts += 1
            d.backend, d.target = backend.kind, backend.target
            store.write_locked(req)

            found = sending = False
            try:
                ticket = backend.find_existing(client, req) if d.maybe_delivered else None
                found = ticket is not None
                if ticket is None:
                    sending = True
                    ticket = backend.send(client, req)
            except IntakeError as exc:
                from tui.intake.base import IntakeNotReady, maybe_delivered

                not_ready = isinstance(exc, IntakeNotReady)  # a secret not set, a setting unusable: nothing sent
                d.in_flight = ""
                d.in_flight_started = None
                if maybe_delivered(exc):
                    d.maybe_delivered = True
                    d.uncertain_at = now if sending else d.uncertain_at  # (a failed lookup created nothing)
                error = safe_error(exc, backend)
                d.last_error = error
                if exc.retryable:
                    d.needs_attention = False
                    d.next_attempt_at = now + timedelta(seconds=backoff_delay(d.attempts, exc.retry_after, rng=rng))
                    note = f"will retry after {d.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
                elif not_ready:  # nothing went out: it goes once the setting is fixed
                    d.needs_attention = True
                    d.next_attempt_at = None
                    note = "fix the problem, then run: aicheck request sync"
                else:
                    # the intake answered and asking again will not help (any 3xx or 4xx but the retryable
                    # ones, an answer it cannot use): parked, so no sync or app tick re-sends it unasked
                    d.needs_attention = d.parked = True
                    d.next_attempt_at = None
                    note = f"parked: fix the problem, then run: aicheck request retry {req.id}"
                req.log(f"attempt {d.attempts} failed: {error}", now)
                store.write_locked(req)
                return Outcome(req.id, req.state, "queued", f"{error}; {note}", needs_setup=not_ready)
            except Exception:
                # a bug while sending or reading the answer: the attempt may have arrived (looked up, or the
                # webhook re-sent with its id, next time), and the request waits its backoff like after any
                # such attempt, never re-sent at every sync; the caller (sync: _isolated) saves the traceback
                d.in_flight, d.in_flight_started = "", None
                if sending:
                    d.maybe_delivered, d.uncertain_at = True, now
                d.last_error = "an internal error in aicheck while sending it (see the crash log)"
                d.needs_attention = False
                d.next_attempt_at = now + timedelta(seconds=backoff_delay(d.attempts, rng=rng))
                req.log(f"attempt {d.attempts} failed: {d.last_error}", now)
                with contextlib.suppress(Exception):  # the bug's own report matters more than this note
                    store.write_locked(req)
                raise

            from tui.core.text import clean

            # an intake that echoes a credential into its ticket's key or address: never stored
            ticket = type(ticket)(
                key=clean(redact_text(ticket.key, backend), 100),
                url=clean(redact_text(ticket.url, backend), 500),
                ref=clean(redact_text(ticket.ref, backend), 500),
            )

            req.state = RequestState.SUBMITTED
            d.in_flight, d.in_flight_started = "", None
            d.ticket, d.ticket_url, d.ticket_ref = ticket.key, ticket.url, ticket.ref
            d.submitted_at = now
            d.last_error, d.needs_attention, d.next_attempt_at = "", False, None
            req.log(
                f"submitted as {ticket.key}" + (" (found the ticket an earlier attempt created)" if found else ""), now
            )
            store.write_locked(req)
            return Outcome(req.id, "submitted", "found" if found else "sent", "", ticket.key, ticket.url)
    except LockBusy:
        return Outcome(request_id, "queued", "busy", "another aicheck process is sending it")


def refresh_decision(
    store: RequestStore,
    request_id: str,
    backend: IntakeBackend | None,
    client: httpx.Client | None,
    *,
    now: datetime | None = None,
    accept_grant: Callable[[str], str] | None = None,
) -> Outcome:
    """Ask the intake whether a submitted request was approved or denied (where the backend can tell).
    A signed grant found in the answer goes to ``accept_grant`` (which verifies and stores it and says
    what happened); an approved request is asked again only for its grant."""
    now = now or now_utc()
    try:
        with store.lock(request_id, blocking=False):
            req = store.load(request_id)
            awaiting_grant = req.state == "approved" and accept_grant is not None
            if (
                (req.state != "submitted" and not awaiting_grant)
                or backend is None
                or backend.kind != req.delivery.backend
            ):
                return Outcome(req.id, req.state, "skipped")
            assert client is not None, "a client comes with every backend"
            try:
                info = backend.fetch_decision(client, req)
            except IntakeError as exc:
                return Outcome(
                    req.id, req.state, "unchanged", f"could not read the decision: {safe_error(exc, backend)}"
                )
            req.delivery.checked_at = now
            notes = [accept_grant(block) for block in info.grants] if info is not None and accept_grant else []
            for note in notes:
                req.log(note, now)
            if info is None or not info.status or awaiting_grant:
                store.write_locked(req)
                return Outcome(
                    req.id,
                    req.state,
                    "decided" if notes else "unchanged",
                    "; ".join(notes),
                    req.delivery.ticket,
                    req.delivery.ticket_url,
                )
            from tui.core.text import clean

            note = clean(redact_text(info.note, backend), MAX_ERROR_CHARS)
            req.state = RequestState(info.status)
            req.decision.status = info.status
            req.decision.decided_at = now
            req.decision.expires = info.expires
            req.decision.note = note
            req.log(f"{info.status} ({note})" if note else info.status, now)
            store.write_locked(req)
            return Outcome(
                req.id,
                req.state,
                "decided",
                "; ".join([note] * bool(note) + notes),
                req.delivery.ticket,
                req.delivery.ticket_url,
            )
    except LockBusy:
        return Outcome(request_id, "submitted", "busy", "another aicheck process holds it")


def sync(
    store: RequestStore,
    backend: IntakeBackend | None,
    *,
    now: datetime | None = None,
    force: bool = False,
    decisions: bool = True,
    client: httpx.Client | None = None,
    rng: Callable[[], float] = random.random,
    accept_grant: Callable[[str], str] | None = None,
    granted_tools: frozenset[str] | set[str] = frozenset(),
    retry_parked: bool = False,
    listed: list[ExceptionRequest] | None = None,
) -> list[Outcome]:
    """Deliver every queued request that is due (``force``: ignore backoff; ``retry_parked``: also those a
    permanent refusal parked) and, with ``decisions``, read decisions on submitted ones, and on approved ones
    whose tool has no valid grant yet (when ``accept_grant`` is given). httpx is imported only if there is
    something to send or ask.

    ``listed``: the store's records as the caller just listed them (``store.list()``), so that a sync of
    thousands of records reads each once, not once per list. A record listed stale is never sent stale:
    :func:`deliver` and :func:`refresh_decision` read it again under its lock and act on what it says then.

    One request's failure (a record unreadable by its turn, a bug) is that request's ``failed`` outcome, and
    the others are still handled (:func:`_isolated`)."""
    now = now or now_utc()
    reqs = listed if listed is not None else store.list()[0]
    queued = [r for r in reqs if r.state == "queued" and (retry_parked or not r.delivery.parked)]
    asked = ("submitted", "approved") if accept_grant is not None else ("submitted",)
    submitted = (
        [r for r in reqs if r.state in asked and not (r.state == "approved" and r.tool.id in granted_tools)]
        if decisions and backend is not None
        else []
    )
    if backend is not None:
        submitted = [r for r in submitted if backend.kind == r.delivery.backend and backend.supports_status(r)]
    if not queued and not submitted:
        return []
    outcomes: list[Outcome] = []
    own_client = None
    if (
        client is None
        and backend is not None
        and (any(force or retry_parked or is_due(r, now) for r in queued) or submitted)
    ):
        from tui.intake.base import open_client

        client = own_client = open_client(backend.url)
    try:
        from functools import partial

        for r in queued:
            outcomes.append(
                _isolated(
                    r,
                    partial(
                        deliver, store, r.id, backend, client, now=now, force=force, rng=rng, retry_parked=retry_parked
                    ),
                )
            )
        for r in submitted:
            outcomes.append(
                _isolated(
                    r, partial(refresh_decision, store, r.id, backend, client, now=now, accept_grant=accept_grant)
                )
            )
    finally:
        if own_client is not None:
            own_client.close()
    return outcomes


def _isolated(req: ExceptionRequest, step: Callable[[], Outcome]) -> Outcome:
    """``step()`` for one request of a sync, its failure that request's own ``failed`` outcome: a record
    that cannot be read or written (RecordError, OSError) says what is wrong, a bug saves its traceback to
    the crash log; either way the sync goes on with the other requests (the caller's exit code says it)."""
    try:
        return step()
    except (AicheckError, OSError) as exc:
        from tui.core.text import clean

        return Outcome(req.id, req.state, "failed", f"not handled: {clean(str(exc), MAX_ERROR_CHARS)}")
    except Exception:
        from tui.crashlog import save_traceback

        log = save_traceback()
        return Outcome(req.id, req.state, "failed", f"not handled: internal error, details in {log}", crash_log=log)


def submit(
    store: RequestStore,
    request_id: str,
    policy: PolicyContext,
    backend: IntakeBackend | None,
    *,
    now: datetime | None = None,
    client: httpx.Client | None = None,
    shown: str | None = None,
) -> Outcome:
    """Queue a draft (validated; durable before anything is sent), then try to send it once.
    The request is recorded whatever happens to the sending. ``shown``: the digest of the preview the user
    saw and said to send (None: the caller has just shown ``backend``'s preview of this very record)."""
    now = now or now_utc()
    if shown is None and backend is not None:
        shown = shown_digest(backend, store.load(request_id))
    queue(store, request_id, policy, backend, now, shown=shown or "")
    if backend is None:
        return deliver(store, request_id, None, None, now=now, force=True)
    own = None
    if client is None:
        from tui.intake.base import open_client

        client = own = open_client(backend.url)
    try:
        return deliver(store, request_id, backend, client, now=now, force=True)
    finally:
        if own is not None:
            own.close()


def backend_for(policy: PolicyContext, config: Config | None = None) -> tuple[IntakeBackend | None, str]:
    """The intake backend in force (pack policy overridden by the user config) and, when it cannot be
    built, ``(None, reason)`` instead of raising, so a request can still be recorded and queued."""
    from tui.intake.factory import build_backend, effective_intake

    try:
        settings, where = effective_intake(policy.intake, config)
        return build_backend(settings, where=where), ""
    except AicheckError as exc:
        return None, str(exc)


def preview(
    policy: PolicyContext, req: ExceptionRequest, config: Config | None = None
) -> tuple[Prepared, IntakeBackend]:
    """Exactly what sending ``req`` would do (a :class:`tui.intake.base.Prepared`, secrets redacted) and
    the backend it would go to. Raises ConfigError / UsageError when no usable intake is configured."""
    from tui.intake.factory import build_backend, effective_intake

    settings, where = effective_intake(policy.intake, config)
    backend = build_backend(settings, where=where)
    if backend is None:
        raise UsageError("no intake is configured: the content pack has no [intake] and the user config none")
    return backend.preview(req), backend


def retry(
    policy: PolicyContext,
    request_id: str,
    *,
    data_dir: Path | None = None,
    config: Config | None = None,
    now: datetime | None = None,
) -> Outcome:
    """The user's explicit retry of one queued request (parked or waiting): send it now. Raises ConfigError
    (the request unchanged) when the intake settings cannot be used."""
    store = RequestStore(data_dir)
    rid = store.resolve(request_id)
    req = store.load(rid)
    if req.state != "queued":
        raise UsageError(f"{req.id} is {req.state}; only a queued request can be retried")
    backend, why = backend_for(policy, config)
    if why:  # settings that cannot be used: say what is wrong with them (not "no intake is configured")
        raise ConfigError(why)
    own = None
    client = None
    if backend is not None:
        from tui.intake.base import open_client

        client = own = open_client(backend.url)
    try:
        return deliver(store, rid, backend, client, now=now, force=True, retry_parked=True)
    finally:
        if own is not None:
            own.close()


def redact_text(text: str, backend: IntakeBackend | None) -> str:
    """``text`` with every secret the backend used replaced by ``<redacted>``."""
    from tui.intake.base import redact_secrets

    return redact_secrets(text, backend.secrets_used if backend is not None else ())


def safe_error(exc: BaseException, backend: IntakeBackend | None) -> str:
    """An intake error fit to store and print: secrets redacted, control characters escaped, capped."""
    from tui.core.text import clean

    return clean(redact_text(str(exc), backend), MAX_ERROR_CHARS)


def when_retried(req: ExceptionRequest, now: datetime | None = None) -> str:
    """When a queued request will really be tried again, in words: "now", "at 14:05 UTC (in 3 min)"."""
    if req.delivery.parked:
        return f"none: the intake refused it; fix the cause, then `aicheck request retry {req.id}`"
    nxt = req.delivery.next_attempt_at
    now = now or now_utc()
    if nxt is None or nxt <= now:
        return "at the next sync (it is due now)"
    minutes = max(1, round((nxt - now).total_seconds() / 60))
    span = f"{minutes} min" if minutes < 120 else f"{round(minutes / 60)} h"
    return f"at {nxt:%H:%M} UTC (in about {span})"
