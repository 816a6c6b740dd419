"""``aicheck grant issue|add|list``: signed exception grants.

``issue`` is for the compliance team (it needs an approver's private key); ``add`` and ``list`` are for the
employee. Every command checks grants against the content pack in force (``--content`` etc.): its
``[exceptions] approver_keys``, ``revoked`` and catalog. Errors are GrantError (exit 2, one line).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import ExitCode

if TYPE_CHECKING:
    from tui.cli.options import Subparsers
    from tui.core.content import Pack
    from tui.core.grants import GrantPolicy

MAX_INPUT_BYTES = 64 * 1024


def add_parsers(subparsers: Subparsers) -> None:
    from tui.cli.options import add_subcommand_options, local_path

    grant = subparsers.add_parser(
        "grant",
        help="signed exception grants: issue, add, list",
        description="An exception changes a verdict only through a grant signed by an approver key that the "
        "content pack pins ([exceptions] approver_keys in policy.toml).",
    )
    gsub = grant.add_subparsers(dest="grant_command", metavar="ACTION", required=True)

    p = gsub.add_parser(
        "issue",
        help="sign a grant (for approvers)",
        description="Sign a grant for one user and one tool with an approver's private key "
        "(from `aicheck content keygen`) and write it to FILE. Refuses a key the "
        "pack does not pin, an unknown tool and a duration over the policy's "
        "exception_max_days.",
    )
    p.add_argument("--key", required=True, metavar="FILE", help="the approver's private key (PEM)")
    p.add_argument("--user", required=True, metavar="EMAIL", help="the employee's work email")
    p.add_argument("--tool", required=True, metavar="ID", help="the tool id from the catalog")
    p.add_argument("--until", required=True, metavar="YYYY-MM-DD", help="last day the grant holds")
    p.add_argument("--ticket", metavar="T", help="the ticket that approved it")
    p.add_argument("--versions", metavar="RANGE", help="only these versions, e.g. '>=1.7,<2'")
    p.add_argument(
        "--host",
        metavar="NAME",
        help="only on this machine (its host name, as the request names it): a copied grant holds nowhere else",
    )
    p.add_argument(
        "--advisory",
        action="append",
        default=[],
        metavar="ID",
        help="a security advisory the grant also covers (repeat for several)",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=local_path,
        metavar="FILE",
        help="where to write the grant ('-': stdout); nothing there yet, or a regular file (replaced)",
    )
    add_subcommand_options(p, machine=False)
    p.set_defaults(func=cmd_issue)

    p = gsub.add_parser(
        "add",
        help="verify a grant and keep it",
        description="Verify a grant against the content pack and store it in the data folder. "
        "Exit 2 when it is not valid.",
    )
    p.add_argument("file", metavar="FILE|-", help="the grant file, or - to read it from stdin")
    add_subcommand_options(p, machine=False)
    p.set_defaults(func=cmd_add)

    p = gsub.add_parser(
        "list",
        help="the stored grants and whether each counts",
        description="Every stored grant, valid or not and why (signature, pinned key, "
        "revoked, user, expiry). Version ranges are checked at each scan.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_subcommand_options(p, machine=False)
    p.set_defaults(func=cmd_list)


def _pack(args: argparse.Namespace) -> Pack:
    from tui.packs.resolve import load_resolved, resolve_content

    resolved = resolve_content(getattr(args, "content", None))
    if resolved.notice:
        print(f"aicheck: {resolved.notice}", file=sys.stderr)
    return load_resolved(resolved)


def _date(text: str, option: str) -> dt.date:
    from tui.errors import UsageError

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r}: not a date like 2026-12-31") from None


def cmd_issue(args: argparse.Namespace, today: dt.date | None = None) -> int:
    from tui.cli.output_files import checked_output, write_output
    from tui.core.grants import GrantError, GrantPolicy, key_id, make_grant, sign_grant
    from tui.core.signing import public_key_of
    from tui.errors import PackError

    today = today or dt.date.today()
    until = _date(args.until, "--until")
    if args.output != "-":
        checked_output(args.output, "the grant")  # before the pack is loaded and the key read
    pack = _pack(args)
    policy = GrantPolicy.from_pack(pack)
    if args.tool not in pack.catalog.tools:
        from tui.core.text import clean, unknown_tool_hint

        hint = unknown_tool_hint(args.tool, pack.catalog.tools)
        raise GrantError(f"--tool '{clean(args.tool)}': not in the content pack's catalog ({hint})")
    days = (until - today).days
    if days < 0:
        raise GrantError(f"--until {until.isoformat()} is in the past")
    if days > policy.max_days:
        raise GrantError(
            f"--until {until.isoformat()} is {days} days away; the policy allows at most "
            f"{policy.max_days} (exception_max_days)"
        )
    try:
        kid = key_id(public_key_of(Path(args.key)))
    except PackError as exc:
        raise GrantError(str(exc)) from None
    if kid not in {key_id(k) for k in policy.approver_keys}:
        raise GrantError(
            f"--key {args.key}: its public key {kid} is not pinned in the content pack's "
            "[exceptions] approver_keys, so no employee's aicheck would accept the grant"
        )
    grant = sign_grant(
        make_grant(
            user=args.user,
            tool=args.tool,
            issued=today,
            until=until,
            key_id=kid,
            ticket=args.ticket,
            versions=args.versions,
            advisories=args.advisory,
            host=args.host,
        ),
        Path(args.key),
    )
    why = policy.signature_refusal(grant)
    if why:  # a self-check: what is written must verify
        raise GrantError(f"grant {grant.id}: {why}")
    if args.output == "-":
        sys.stdout.write(grant.armour())
    else:
        write_output(args.output, grant.armour(), "the grant")
        print(f"{grant.id}: {grant.tool} for {grant.user} until {grant.until.isoformat()} -> {args.output}")
    return ExitCode.OK


def _read_input(name: str) -> str:
    """The text of the grant file (``-``: standard input). A file is read as every file aicheck reads
    (:mod:`tui.core.bounded_read`): a FIFO or a device is refused before it is opened, never waited on."""
    from tui.core.bounded_read import FileMissing, ReadSkipped, TooLarge, read_bounded
    from tui.core.grants import GrantError

    too_big = GrantError(f"{_shown_input(name)}: more than {MAX_INPUT_BYTES} bytes; a grant is a few lines")
    try:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1) if name == "-" else read_bounded(name, MAX_INPUT_BYTES)
    except TooLarge:
        raise too_big from None
    except FileMissing:
        raise GrantError(f"{_shown_input(name)}: no such file") from None
    except ReadSkipped as exc:
        raise GrantError(f"{_shown_input(name)}: cannot read: {exc}") from None
    except OSError as exc:
        raise GrantError(f"{_shown_input(name)}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise too_big
    return data.decode("utf-8", errors="replace")


def _shown_input(name: str) -> str:
    """The grant file as messages name it (standard input for ``-``), cleaned of control characters."""
    from tui.core.text import clean

    return "standard input" if name == "-" else clean(name, 300)


def _policy(args: argparse.Namespace) -> GrantPolicy:
    from tui.core.grants import GrantPolicy, this_host
    from tui.grants.store import current_user_email

    return GrantPolicy.from_pack(_pack(args), current_user_email(), this_host("/"))


def cmd_add(args: argparse.Namespace) -> int:
    from tui.core.grants import GrantError
    from tui.grants.store import add_grant

    text = _read_input(args.file)
    policy = _policy(args)
    try:
        grant = add_grant(text, policy)
    except GrantError as exc:  # which file the refusal is about: a user adding several asks which one
        raise GrantError(f"{_shown_input(args.file)}: {exc}") from None
    print(
        f"{grant.id}: stored - {grant.tool} for {grant.user} until {grant.until.isoformat()}"
        + (f" ({grant.ticket})" if grant.ticket else "")
        + f", signed by {grant.key_id}"
    )
    return ExitCode.OK


def grant_rows(policy: GrantPolicy, today: dt.date) -> list[dict]:
    from tui.core.grants import Grant
    from tui.grants.store import stored_grants

    rows = []
    for path, g in stored_grants():
        if not isinstance(g, Grant):  # damaged: unreadable, not a grant (an invalid grant is not damage)
            rows.append({"id": path.stem, "file": str(path), "valid": False, "damaged": True, "problem": str(g)})
            continue
        why = policy.refusal(g)
        if why is None and g.until < today:
            why = f"expired on {g.until.isoformat()}"
        elif why is None and g.issued > today:
            why = f"issued {g.issued.isoformat()}, in the future"
        rows.append(g.to_json() | {"file": str(path), "valid": why is None, "problem": why})
    return rows


def cmd_list(args: argparse.Namespace, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    policy = _policy(args)
    rows = grant_rows(policy, today)
    if args.json:
        from tui.core.text import printable_json

        sys.stdout.write(printable_json({"user": policy.user or None, "grants": rows}) + "\n")
        return _listed(rows)
    from tui.core.text import clean

    if not rows:
        print("No grants stored. Add one with: aicheck grant add FILE")
        return ExitCode.OK
    for r in rows:
        head = f"{r['id']}  {r.get('tool', '?')}  until {r.get('until', '?')}" + (
            f"  {r['ticket']}" if r.get("ticket") else ""
        )
        state = "valid" if r["valid"] else f"{'DAMAGED' if r.get('damaged') else 'INVALID'}: {r['problem']}"
        print(clean(f"{head}  - {state}", 1000))
    return _listed(rows)


def _listed(rows: list[dict]) -> int:
    """``grant list``'s exit: 2 when a grant file cannot be read (a script sees it, as a scan's error does and
    as ``request list`` does for a damaged record; the file is named above), else 0. A grant that reads but is
    refused (expired, another user's, an unpinned key) is no input error: it is listed as INVALID, exit 0."""
    damaged = sum(1 for r in rows if r.get("damaged"))
    if damaged:
        from tui.core.text import clean

        first = next(r["file"] for r in rows if r.get("damaged"))
        more = f" and {damaged - 1} more" if damaged > 1 else ""
        print(f"aicheck: {clean(first, 500)}{more} cannot be read: repair or remove it", file=sys.stderr)
        return ExitCode.USAGE
    return ExitCode.OK
