"""``aicheck request new|list|show|submit|sync|withdraw`` and ``aicheck impact new|list|show|export``.

Only the standard library at module level: httpx is imported when something is sent, never by
``list`` or ``show``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.errors import ConfigError, ExitCode

if TYPE_CHECKING:
    from datetime import date

    from tui.cli.options import Subparsers
    from tui.intake.base import IntakeBackend
    from tui.requests.impact import ImpactDoc
    from tui.requests.model import ExceptionRequest, PolicyContext
    from tui.requests.outbox import Outcome
    from tui.requests.store import RequestStore
    from tui.services.session import Session


def _common(p: argparse.ArgumentParser, machine: bool = False) -> None:
    from tui.cli.options import add_subcommand_options

    add_subcommand_options(p, machine)


def add_parsers(sub: Subparsers) -> None:
    from tui.cli.options import local_path

    p = sub.add_parser("request", help="exception requests: new, list, show, submit, sync, retry, withdraw")
    _common(p)
    rsub = p.add_subparsers(dest="request_command", metavar="ACTION", required=True)

    q = rsub.add_parser("new", help="record an exception request (a draft, or sent/queued with --submit)")
    _common(q, machine=True)
    q.add_argument("--tool", required=True, metavar="ID", help="catalog id of the tool (it need not be installed)")
    q.add_argument(
        "--justification",
        required=True,
        metavar="TEXT",
        help="what you need it for, and why the approved alternatives do not fit",
    )
    q.add_argument("--days", type=int, metavar="N", help="requested duration (default: the policy's default)")
    q.add_argument(
        "--data-class",
        action="append",
        default=[],
        dest="data_classes",
        metavar="NAME",
        help="a data class the tool would touch (repeatable)",
    )
    q.add_argument(
        "--mitigation",
        action="append",
        default=[],
        dest="mitigations",
        metavar="TEXT",
        help="e.g. 'Telemetry off', 'No customer data' (repeatable)",
    )
    q.add_argument("--impact", metavar="FILE|ID", help="impact document to attach: an aicheck impact TOML file or id")
    q.add_argument("--name", help="your name (default: git config user.name)")
    q.add_argument("--email", help="your work email (default: [user] email in the config, else git config user.email)")
    q.add_argument("--no-scan", action="store_true", help="do not scan this machine for installed versions")
    q.add_argument(
        "--submit",
        action="store_true",
        help="send it now, after printing exactly what is sent (queued for later if the intake is unreachable)",
    )
    q.add_argument("--yes", action="store_true", help=YES_HELP)
    q.add_argument("--json", action="store_true", help="print the record as JSON (what is sent goes to stderr)")
    q.set_defaults(func=cmd_new)

    q = rsub.add_parser("list", help="list recorded requests and their states")
    _common(q)
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=cmd_list)

    q = rsub.add_parser("show", help="show one request")
    _common(q)
    q.add_argument("id", metavar="ID", help="request id (or its last characters)")
    g = q.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print the record as JSON")
    g.add_argument("--markdown", action="store_true", help="print it as Markdown")
    g.add_argument("--payload", action="store_true", help="print exactly what will be sent (secrets redacted)")
    q.set_defaults(func=cmd_show)

    q = rsub.add_parser(
        "submit",
        help="send a draft (or a queued request held until seen), after printing exactly what is sent "
        "(queued if unreachable)",
    )
    _common(q)
    q.add_argument("id", metavar="ID", help="request id (or its last characters; see aicheck request list)")
    q.add_argument("--yes", action="store_true", help=YES_HELP)
    q.set_defaults(func=cmd_submit)

    sync_help = (
        "deliver queued requests whose retry time has come and fetch decisions (--now: retry at once, ignoring backoff)"
    )
    q = rsub.add_parser("sync", help=sync_help, description=sync_help[0].upper() + sync_help[1:] + ".")
    _common(q)
    q.add_argument("--now", action="store_true", help="retry now, ignoring backoff")
    q.add_argument(
        "--retry-parked",
        action="store_true",
        help="also re-send requests the intake refused (parked: a 3xx or 4xx) after you fixed the cause",
    )
    q.set_defaults(func=cmd_sync)

    q = rsub.add_parser("retry", help="send one queued request now, even one the intake refused before")
    _common(q)
    q.add_argument("id", metavar="ID", help="request id (or its last characters; see aicheck request list)")
    q.add_argument("--yes", action="store_true", help=YES_HELP)
    q.set_defaults(func=cmd_retry)

    q = rsub.add_parser("withdraw", help="withdraw a draft or queued request")
    _common(q)
    q.add_argument("id", metavar="ID", help="request id (or its last characters; see aicheck request list)")
    q.set_defaults(func=cmd_withdraw)

    p = sub.add_parser("impact", help="productivity impact documents: new, list, show, export")
    _common(p)
    isub = p.add_subparsers(dest="impact_command", metavar="ACTION", required=True)
    q = isub.add_parser("new", help="record an impact document")
    _common(q)
    q.add_argument("--tool", default="", metavar="ID", help="catalog id of the tool the document is for")
    q.add_argument("--title", default="", help="a short title, e.g. 'Claude Code for the billing migration'")
    q.add_argument(
        "--workflow",
        action="append",
        default=[],
        metavar="NAME:MIN_WITHOUT:MIN_WITH:PER_WEEK[:NOTE]",
        help="one workflow (repeatable), e.g. 'Write migration:240:40:3'",
    )
    q.add_argument("--cost", type=float, metavar="AMOUNT", help="tool cost per month")
    q.add_argument("--currency", default="USD", help="currency of --cost (default: USD)")
    q.set_defaults(func=cmd_impact_new)
    q = isub.add_parser("list", help="list impact documents")
    _common(q)
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=cmd_impact_list)
    q = isub.add_parser("show", help="show an impact document with its totals")
    _common(q)
    q.add_argument("id", metavar="ID", help="impact document id (see aicheck impact list) or an impact TOML file")
    q.set_defaults(func=cmd_impact_show)
    q = isub.add_parser("export", help="export an impact document as Markdown")
    _common(q)
    q.add_argument("id", metavar="ID", help="impact document id (see aicheck impact list) or an impact TOML file")
    q.add_argument(
        "-o",
        "--output",
        type=local_path,
        metavar="FILE",
        help="write to FILE (default: standard output); nothing there yet, or a regular file (replaced)",
    )
    q.set_defaults(func=cmd_impact_export)


# -- helpers -------------------------------------------------------------------------------------------


def _session(args: argparse.Namespace) -> Session:
    from tui.services.session import open_cli_session

    return open_cli_session(args)


def _store() -> RequestStore:
    from tui.requests.store import RequestStore

    return RequestStore()


def _dump_json(data: object) -> None:
    from tui.core.text import printable_json
    from tui.requests.model import iso

    def default(o: date) -> str | None:
        return iso(o)

    sys.stdout.write(printable_json(data, default=default) + "\n")


def _load_impact(ref: str) -> ImpactDoc:
    from tui.requests.store import ImpactStore, load_impact_file

    path = Path(ref)
    if path.suffix == ".toml" and path.exists():
        return load_impact_file(path)
    return ImpactStore().load(ref)


def _write_clean(text: str) -> None:
    """Print text built from records line by line with control characters made visible (no escape from a
    record on disk reaches the terminal); newlines stay newlines, other line breaks (NEL, U+2028) are shown."""
    from tui.core.text import clean

    lines = text.removesuffix("\n").split("\n") if text else []
    sys.stdout.write("".join(clean(line, 100_000) + "\n" for line in lines))


def _print_outcome(outcome: Outcome) -> None:
    from tui.core.text import clean

    verb = {"sent": "sent", "found": "already filed"}.get(outcome.action)
    if verb:
        print(
            f"{outcome.request_id}: {verb}, ticket {clean(outcome.ticket)}"
            + (f" {clean(outcome.ticket_url, 500)}" if outcome.ticket_url else "")
        )
    else:
        print(
            f"{outcome.request_id}: {outcome.state}" + (f" - {clean(outcome.message, 800)}" if outcome.message else "")
        )


# -- request -------------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from tui.core.grants import this_host
    from tui.errors import AicheckError
    from tui.requests.errors import FieldError, ValidationError
    from tui.requests.gitident import user_identity
    from tui.requests.model import PolicyContext, Requester, attach_impact, prefill, validate_request
    from tui.requests.outbox import backend_for, submit

    session = _session(args)
    policy = PolicyContext.from_pack(session.pack)
    finding = None
    if not args.no_scan and args.tool in policy.tools:
        finding = session.scan().finding(args.tool)
    ident = user_identity().filled_from(_store().list()[0])
    identity = Requester(
        name=args.name if args.name is not None else ident.name,
        email=args.email if args.email is not None else ident.email,
        host=this_host(session.machine.root) or "",
    )
    req = prefill(policy, args.tool, finding=finding, identity=identity)
    req.justification = args.justification.strip()
    if args.days is not None:
        req.days = args.days
    req.data_classes = list(args.data_classes)
    req.mitigations = [m.strip() for m in args.mitigations]
    errors = validate_request(req, policy)
    if args.impact:
        try:
            doc = _load_impact(args.impact)
        except AicheckError as exc:
            errors.append(FieldError("impact", str(exc)))
        else:
            from tui.requests.impact import validate_impact

            bad = validate_impact(doc)
            errors += [FieldError(f"impact.{e.field}", e.message) for e in bad]
            if not bad:
                attach_impact(req, doc)
    if errors:
        raise ValidationError(errors, "the request is not valid")

    store = _store()
    backend, why = backend_for(policy) if args.submit else (None, "")
    shown = _shown_and_confirmed(args, policy, req) if args.submit and backend is not None else None
    if args.submit and backend is not None and shown is None:
        store.create(req)
        print(f"{req.id}: not sent; recorded as a draft (send: aicheck request submit {req.id})")
        return ExitCode.OK
    if args.submit:  # the intent to send is part of the first record: a kill before sending still sends
        from tui.requests.outbox import mark_queued

        # (with no usable intake nothing was shown: the record waits until `request submit` shows it)
        mark_queued(req, backend, req.created, shown=shown or "")
    store.create(req)  # recorded before anything else happens
    if not args.submit:
        if args.json:
            _dump_json(req.to_dict())
        else:
            print(f"{req.id}: recorded as a draft ({store.path(req.id)})")
            print(f"  preview: aicheck request show {req.id} --payload   send: aicheck request submit {req.id}")
        return ExitCode.OK
    try:
        outcome = submit(store, req.id, policy, backend, shown=shown or "")
    except ConfigError as exc:  # a proxy the environment names cannot be read: nothing went out, it waits
        from tui.requests.outbox import Outcome

        why = str(exc)
        outcome = Outcome(req.id, "queued", "queued", why)
    if args.json:
        _dump_json(store.load(req.id).to_dict())
        if why:
            from tui.core.text import clean

            print(f"aicheck: {clean(why, 800)}", file=sys.stderr)
    else:
        _report_submit(outcome, why)
    return ExitCode.USAGE if why else _exit_for([outcome])


def _report_submit(outcome: Outcome, why: str) -> None:
    if outcome.state == "submitted":
        _print_outcome(outcome)
    else:
        from tui.core.text import clean
        from tui.requests.outbox import when_retried

        print(f"{outcome.request_id}: recorded and queued (not sent yet): {clean(why or outcome.message, 800)}")
        try:
            req = _store().load(outcome.request_id)
            when = when_retried(req)
        except Exception:  # only the wording of the message depends on it
            req, when = None, "later"
        if req is not None and not req.delivery.shown:  # nothing could be shown: it waits to be seen
            print(
                f"  once the intake is set up, see exactly what it sends and send it: aicheck request submit {req.id}"
            )
            return
        print(
            f"  next automatic try: {when}, by the running app, its next start or `aicheck request sync`;"
            " `aicheck request sync --now` tries at once"
        )


def cmd_list(args: argparse.Namespace) -> int:
    from tui.core.text import clean

    store = _store()
    reqs, problems = store.list_with_problems()
    if args.json:  # the JSON stays a list of requests; the bad records are named on stderr
        for p in problems:
            print(f"aicheck: {clean(p, 600)}", file=sys.stderr)
        _dump_json(
            [
                {
                    "id": r.id,
                    "state": r.state,
                    "tool": r.tool.id,
                    "days": r.days,
                    "created": r.created,
                    "ticket": r.delivery.ticket or None,
                    "ticket_url": r.delivery.ticket_url or None,
                    "next_attempt_at": r.delivery.next_attempt_at,
                    "last_error": r.delivery.last_error or None,
                    "expires": r.decision.expires,
                }
                for r in reqs
            ]
        )
        return ExitCode.USAGE if problems else ExitCode.OK  # a damaged record is an input error: seen by a script
    if not reqs and not problems:
        print("no exception requests yet (aicheck request new --help)")
        return ExitCode.OK
    for r in reqs:
        extra = r.delivery.ticket or ""
        if r.state == "queued" and r.delivery.last_error:
            extra = ("needs attention: " if r.delivery.parked else "") + r.delivery.last_error
        print(
            f"{r.id}  {r.state:<9}  {clean(r.tool.id, 22):<22} {r.days:>3} d  {r.created:%Y-%m-%d}  "
            f"{clean(extra, 300)}".rstrip()
        )
    for p in problems:
        print(f"PROBLEM  {clean(p, 600)}")
    return ExitCode.USAGE if problems else ExitCode.OK


def cmd_show(args: argparse.Namespace) -> int:
    from tui.core.text import clean
    from tui.requests.model import request_markdown

    req = _store().load(args.id)
    if args.json:
        _dump_json(req.to_dict())
    elif args.payload:
        from tui.requests.model import PolicyContext
        from tui.requests.outbox import preview

        prepared, backend = preview(PolicyContext.from_pack(_session(args).pack), req)
        print(f"# {backend.label} at {clean(backend.target, 2000)}")
        _say_proxy(backend.url, sys.stdout)
        print(prepared.render())
    elif args.markdown:
        _write_clean(request_markdown(req))
    else:

        def _say(line: str) -> None:  # every value comes from a record on disk or from the intake
            print(clean(line, 2000))

        d = req.delivery
        _say(f"{req.id}  {req.state}")
        _say(
            f"  tool:        {req.tool.name} ({req.tool.id}), verdict {req.tool.verdict or '?'}, "
            + (f"versions {', '.join(req.tool.versions) or '?'}" if req.tool.installed else "not installed")
        )
        _say(f"  requester:   {req.requester.name} <{req.requester.email}>")
        _say(f"  duration:    {req.days} days;  data: {', '.join(req.data_classes) or 'none declared'}")
        _say(f"  policy:      {req.policy.org} {req.policy.version}")
        if req.impact:
            _say(f"  impact:      {req.impact.id}, {req.impact.hours_saved_per_month:.1f} h saved per month")
        if d.ticket:
            _say(f"  ticket:      {d.ticket} {d.ticket_url}".rstrip())
        if req.state == "queued":
            _say(f"  attempts:    {d.attempts}" + (f", last error: {d.last_error}" if d.last_error else ""))
            if d.next_attempt_at:
                _say(f"  next try:    {d.next_attempt_at:%Y-%m-%d %H:%M} UTC")
            if d.parked:
                _say(f"  parked:      the intake refused it; fix the cause, then: aicheck request retry {req.id}")
        if req.decision.status:
            exp = f", until {req.decision.expires}" if req.decision.expires else ""
            _say(f"  decision:    {req.decision.status}{exp} {req.decision.note}".rstrip())
        print("  justification: " + "\n  ".join(clean(line, 2000) for line in req.justification.split("\n")))
    return ExitCode.OK


def cmd_submit(args: argparse.Namespace) -> int:
    from tui.requests.model import PolicyContext
    from tui.requests.outbox import backend_for, submit

    store = _store()
    rid = store.resolve(args.id)
    policy = PolicyContext.from_pack(_session(args).pack)
    backend, why = backend_for(policy)
    req = store.load(rid)
    _warn_elsewhere(req, backend)
    shown = _unseen_shown(args, policy, req, backend)
    if shown is None:
        print(f"{rid}: not sent; " + ("still a draft" if req.state == "draft" else "still queued, waiting to be seen"))
        return ExitCode.OK
    outcome = submit(store, rid, policy, backend, shown=shown or None)
    _report_submit(outcome, why)
    # recorded and queued all the same, but a setting must be fixed before it can go: a config error
    return ExitCode.USAGE if why else _exit_for([outcome])


def _warn_elsewhere(req: ExceptionRequest, backend: IntakeBackend | None) -> None:
    """Before a request goes to an intake other than the one an unanswered attempt went to: say so."""
    from tui.core.text import clean
    from tui.requests.outbox import elsewhere_warning

    warning = elsewhere_warning(req, backend)
    if warning:
        print(f"# warning: {clean(warning, 2000)}", flush=True)


def _unseen_shown(
    args: argparse.Namespace, policy: PolicyContext, req: ExceptionRequest, backend: IntakeBackend | None
) -> str | None:
    """A request about to go out that the user has not seen as it would be sent (a draft, or a queued one
    held because the intake or the record changed since: outbox.deliver) is shown and confirmed first.
    The digest of what was shown, "" when there is nothing to show (no intake, or seen already), or None
    when the user said no."""
    from tui.requests.outbox import shown_digest

    if backend is None or req.state not in ("draft", "queued"):
        return ""
    if req.state == "queued" and req.delivery.shown == shown_digest(backend, req):
        return ""
    return _shown_and_confirmed(args, policy, req)


YES_HELP = "send without asking (what is sent is still printed first); without a terminal there is no question"


def _say_proxy(url: str, out: TextIO) -> None:
    from tui.intake.base import proxy_note

    note = proxy_note(url)
    if note:
        print(f"# {note}", file=out)


def _shown_and_confirmed(args: argparse.Namespace, policy: PolicyContext, req: ExceptionRequest) -> str | None:
    """Print exactly what sending ``req`` sends (secrets redacted) and where, then, at a terminal, ask; a
    script (no terminal, or --yes) has said so on its command line. Nothing goes out unseen: the digest of
    what was shown (the outbox sends only that), or None when the user said no."""
    from tui.core.text import clean
    from tui.requests.outbox import preview

    prepared, backend = preview(policy, req)
    out = sys.stderr if getattr(args, "json", False) else sys.stdout
    print(f"# what will be sent: {backend.label} at {clean(backend.target, 2000)}", file=out)
    _say_proxy(backend.url, out)
    print(prepared.render(), file=out, flush=True)
    if not (args.yes or not (sys.stdin.isatty() and out.isatty())):
        try:
            answer = input(f"Send this to {clean(backend.target, 2000)}? [y/N] ")
        except EOFError:
            return None
        if answer.strip().lower() not in ("y", "yes"):
            return None
    return prepared.digest()


def cmd_sync(args: argparse.Namespace) -> int:
    from tui.core.text import clean
    from tui.requests.model import PolicyContext
    from tui.services.request_sync import sync_all

    reqs, problems = _store().list()
    for p in problems:  # a damaged record may be a queued request: never passed over in silence
        print(f"aicheck: {clean(p, 600)} (not synced; repair or remove it)", file=sys.stderr)
    if not any(r.state in ("queued", "submitted") for r in reqs):
        print("nothing to send")
        return ExitCode.USAGE if problems else ExitCode.OK
    # a broken intake config is a usage error here (exit 2), unlike --submit which still records
    outcomes = sync_all(
        PolicyContext.from_pack(_session(args).pack), force=args.now, retry_parked=args.retry_parked, listed=reqs
    )
    for o in outcomes:
        if o.action not in ("unchanged", "skipped"):
            _print_outcome(o)
    pending = sum(o.state == "queued" for o in outcomes)
    sent = sum(o.action in ("sent", "found") for o in outcomes)
    parked: list[str] = []
    if not args.retry_parked:
        # only a request that was queued can be parked now: those alone are read again, not every record
        parked = [r.id for r in _reloaded([r.id for r in reqs if r.state == "queued"]) if r.delivery.parked]
    # one count line: a parked request is neither sent nor waiting to be sent, so it gets its own count (and
    # not the whole error again: the intake refused it, and no sync re-sends it until the user retries)
    print(
        f"{sent} sent, {pending} still queued"
        + (
            f", {len(parked)} parked (refused by the intake, not re-sent): {', '.join(parked)}; "
            "fix the cause, then: aicheck request retry ID (or sync --retry-parked)"
            if parked
            else ""
        )
    )
    return _exit_for(outcomes, problems=bool(problems))


def _exit_for(outcomes: list[Outcome], *, problems: bool = False) -> int:
    """A command's exit code after its outcomes were printed: 3 when a request met a bug (its traceback in
    the crash log), 2 when one could not be handled (an unreadable record) or cannot go out until a setting is
    fixed (no usable intake, a secret not set), or a record could not be read; else 0."""
    if any(o.crash_log for o in outcomes):
        return ExitCode.INTERNAL
    if problems or any(o.action == "failed" or o.needs_setup for o in outcomes):
        return ExitCode.USAGE
    return ExitCode.OK


def _reloaded(ids: list[str]) -> list[ExceptionRequest]:
    """The queued requests among ``ids`` as their records say now (one that cannot be read is left out: the
    list's problems already named it)."""
    from tui.errors import RecordError

    store, out = _store(), []
    for rid in ids:
        try:
            req = store.load(rid)
        except RecordError:
            continue
        if req.state == "queued":
            out.append(req)
    return out


def cmd_retry(args: argparse.Namespace) -> int:
    from tui.requests.model import PolicyContext
    from tui.requests.outbox import backend_for, queue, retry

    policy = PolicyContext.from_pack(_session(args).pack)
    store = _store()
    rid = store.resolve(args.id)
    req = store.load(rid)
    backend = backend_for(policy)[0]
    _warn_elsewhere(req, backend)
    shown = _unseen_shown(args, policy, req, backend) if req.state == "queued" else ""
    if shown is None:
        print(f"{rid}: not sent; still queued, waiting to be seen")
        return ExitCode.OK
    if shown:
        queue(store, rid, policy, shown=shown)
    outcome = retry(policy, rid)
    _print_outcome(outcome)
    return _exit_for([outcome])


def cmd_withdraw(args: argparse.Namespace) -> int:
    from tui.core.text import clean
    from tui.requests.outbox import may_have_arrived, withdraw

    store = _store()
    doubt = may_have_arrived(store.load(args.id))
    req = withdraw(store, args.id)
    print(f"{req.id}: withdrawn" + (f"; {clean(doubt, 600)}" if doubt else ""))
    return ExitCode.OK


# -- impact --------------------------------------------------------------------------------------------


def cmd_impact_new(args: argparse.Namespace) -> int:
    from tui.requests.errors import FieldError, ValidationError
    from tui.requests.gitident import user_identity
    from tui.requests.impact import new_impact, parse_workflow_spec, validate_impact
    from tui.requests.store import ImpactStore

    errors: list[FieldError] = []
    if args.tool:
        from tui.core.text import clean, unknown_tool_hint

        tools = _session(args).pack.catalog.tools
        if args.tool not in tools:
            errors.append(
                FieldError("tool", f"unknown tool '{clean(args.tool)}' ({unknown_tool_hint(args.tool, tools)})")
            )
    flows = []
    for spec in args.workflow:
        try:
            flows.append(parse_workflow_spec(spec))
        except ValueError as exc:
            errors.append(FieldError("workflow", str(exc)))
    ident = user_identity()
    doc = new_impact(args.tool, args.title, author=ident.name or ident.email)
    doc = doc.edited(workflows=tuple(flows), cost_per_month=args.cost, currency=args.currency)
    errors += validate_impact(doc)
    if errors:
        raise ValidationError(errors, "the impact document is not valid")
    path = ImpactStore().save(doc)
    t = doc.totals()
    print(f"{doc.id}: recorded ({path})")
    print(
        f"  {t.hours_saved_per_month:.1f} hours saved per month" + (f", {t.speedup:.1f}x faster" if t.speedup else "")
    )
    return ExitCode.OK


def cmd_impact_list(args: argparse.Namespace) -> int:
    from tui.core.text import clean
    from tui.requests.store import ImpactStore

    docs, problems = ImpactStore().list()
    for p in problems:
        print(f"aicheck: {clean(p, 600)}", file=sys.stderr)
    if args.json:
        _dump_json(
            [
                {
                    "id": d.id,
                    "tool": d.tool_id,
                    "title": d.title,
                    "hours_saved_per_month": round(d.totals().hours_saved_per_month, 2),
                }
                for d in docs
            ]
        )
        return ExitCode.USAGE if problems else ExitCode.OK  # as `request list`: a script learns of a damaged one
    for d in docs:
        print(
            f"{d.id}  {clean(d.tool_id or '-', 22):<22} {d.totals().hours_saved_per_month:7.1f} h/month  "
            f"{clean(d.title)}".rstrip()
        )
    if not docs and not problems:
        print("no impact documents yet (aicheck impact new --help)")
    return ExitCode.USAGE if problems else ExitCode.OK


def cmd_impact_show(args: argparse.Namespace) -> int:
    from tui.requests.markdown import impact_markdown

    _write_clean(impact_markdown(_load_impact(args.id)))
    return ExitCode.OK


def cmd_impact_export(args: argparse.Namespace) -> int:
    from tui.cli.output_files import checked_output, write_output
    from tui.requests.markdown import impact_markdown

    if args.output:
        checked_output(args.output, "the Markdown export")
    text = impact_markdown(_load_impact(args.id))
    if args.output:
        write_output(args.output, text, "the Markdown export")
        print(f"written to {args.output}")
    else:
        _write_clean(text)
    return ExitCode.OK
