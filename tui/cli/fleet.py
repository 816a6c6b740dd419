"""``aicheck osquery-extension`` and ``aicheck report summarize``. Standard library only at import time."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from tui.fleet import MAX_AGE_DAYS  # the package's __init__ alone: the parser stays light

if TYPE_CHECKING:
    from tui.cli.options import Subparsers
    from tui.fleet import summarize


def add_parsers(sub: Subparsers) -> None:
    from tui.cli import add_subcommand_options
    from tui.cli.options import local_path

    p = sub.add_parser(
        "osquery-extension",
        help="serve the seven aicheck_* tables (tools, installs, summary, MCP servers, agent extensions, "
        "unchecked configs, conditions) to osquery (needs: pip install 'aicheck-policy[osquery]')",
    )
    add_subcommand_options(p)
    p.add_argument("--socket", metavar="PATH", help="osquery's extension manager socket (given by osqueryd)")
    p.add_argument(
        "--timeout",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="seconds to wait for osquery's socket (given by osqueryd)",
    )
    p.add_argument(
        "--interval",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="seconds between pings of osquery (given by osqueryd)",
    )
    p.add_argument("--verbose", action="store_true", help="log registration and scans to stderr")
    p.add_argument(
        "--cache-seconds",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="reuse a user's scan this long (default: 300)",
    )
    from tui.cli.core import positive_int
    from tui.fleet.users import MAX_USERS

    p.add_argument(
        "--max-users",
        type=positive_int,
        default=MAX_USERS,
        metavar="N",
        help=f"scan at most N homes for one query (default {MAX_USERS:,}, about 20 ms each); a query that would "
        "scan more (or a folder of homes too big to list) is answered with an error status, never partial rows",
    )
    p.set_defaults(func=cmd_osquery_extension, tolerate_unknown=True)

    p = sub.add_parser("report", help="reports over many machines: summarize")
    rsub = p.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    q = rsub.add_parser(
        "summarize",
        help="a compliance summary of many `check --json` reports",
        description="A compliance summary of many `check --json` / `scan --json` reports. A machine counts as "
        "compliant only when its report says so and was made as the company's check is: the account's own home "
        "(or every user's, as root), the session's PATH (not --search-path, not a PATH narrowed for the run), the "
        "company's signed pack (--pack-key, else the config's pinned "
        "[content] public_key; --pack-id; --min-pack-version), not expired, no scan error, within --max-age-days; "
        "--strict decides each as `check --strict` does. Exit 0 every machine compliant, 1 a report says "
        "action is required, 2 any other machine not compliant (not trusted, incomplete, cannot be decided) or "
        "a file skipped. A report the user can write is self-attested: collect them as root (see the README).",
    )
    q.add_argument(
        "paths", type=local_path, metavar="DIR|FILE", nargs="+", help="report files, or folders of *.json reports"
    )
    fmt = q.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the summary as JSON (aicheck.summary/1)")
    fmt.add_argument("--csv", action="store_true", help="print one CSV row per machine and user")
    fmt.add_argument("--markdown", action="store_true", help="print a Markdown report with a bar chart")
    q.add_argument(
        "--expiring-days",
        type=_days,
        default=30,
        metavar="N",
        help=f"list exceptions that expire within N days, 0 to {MAX_EXPIRING_DAYS} (default: 30)",
    )
    q.add_argument(
        "--strict",
        action="store_true",
        help="decide every report as `check --strict` does (an unreviewed tool, MCP server or agent extension in "
        "use, or a dated policy change that will need action, fails), made with --strict or not",
    )
    q.add_argument(
        "--max-age-days",
        type=_days,
        default=MAX_AGE_DAYS,
        metavar="N",
        help=f"trust only reports made within N days, 0 to {MAX_EXPIRING_DAYS}, 0 for no limit (default: "
        f"{MAX_AGE_DAYS}); a report whose pack has expired by today is never trusted",
    )
    q.add_argument(
        "--min-pack-version",
        type=_pack_version,
        metavar="V",
        help="trust only reports judged by a pack whose pack.toml version is V or newer (compared as pack "
        "versions are: 2026.12 = 2026.12.0 < 2026.12.1)",
    )
    q.add_argument(
        "--pack-key",
        action="append",
        default=[],
        metavar="KEY",
        help="the company's pack-signing key: its fingerprint (ed25519:…, as `content keygen` prints it) or "
        "the public key itself; repeat for a rotation (default: the config's [content] public_key)",
    )
    q.add_argument(
        "--pack-id",
        action="append",
        default=[],
        metavar="ID",
        help="the company's pack id (pack.toml's id); repeat for several (default: any pack signed with the key)",
    )
    q.set_defaults(func=cmd_report_summarize)


MAX_EXPIRING_DAYS = 3650  # ten years: no exception is granted for longer


def _days(text: str) -> int:
    """``--expiring-days``, ``--max-age-days``: a whole number of days from 0 to :data:`MAX_EXPIRING_DAYS` (a
    date that far is one Python can count to; 3,000,000 days is not)."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 0 <= days <= MAX_EXPIRING_DAYS:
        raise argparse.ArgumentTypeError(f"{text} is out of range: give 0 to {MAX_EXPIRING_DAYS} days")
    return days


def _pack_version(text: str) -> str:
    """``--min-pack-version``: a pack version as pack.toml's must be
    (:func:`tui.core.versions.pack_version_problem`)."""
    from tui.core.versions import pack_version_problem

    problem = pack_version_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def cmd_osquery_extension(args: argparse.Namespace) -> int:
    from tui.fleet.extension import require_osquery

    require_osquery()  # the one-line error before anything else
    from tui.errors import UsageError
    from tui.fleet.extension import serve
    from tui.fleet.multiscan import ScanCache, open_all_users_session

    if not args.socket:
        raise UsageError("--socket PATH is required (osqueryd passes it when it starts the extension)")
    if getattr(args, "home", None):
        raise UsageError("the extension scans every user's home; use `user = '...'` in the query instead of --home")
    from tui.packs.resolve import require_company_source

    require_company_source(getattr(args, "content", None), "the osquery extension")  # at start: no tables at all
    cache = ScanCache(lambda: open_all_users_session(args), ttl=max(args.cache_seconds, 0.0), max_users=args.max_users)
    return serve(args.socket, cache, timeout=args.timeout, interval=args.interval, verbose=args.verbose)


def _expected_pack(args: argparse.Namespace) -> summarize.Expected:
    """What every report must be: judged by the company's pack, the keys given (``--pack-key``), else the key
    the config pins (the managed config's first), and the ids given (``--pack-id``), no older than
    ``--min-pack-version``; made within ``--max-age-days``."""
    from tui.core.signing import fingerprint
    from tui.errors import PackError, UsageError
    from tui.fleet.summarize import Expected

    keys, keys_from = set(), "--pack-key"
    for text in args.pack_key:
        if re.fullmatch(r"ed25519:[0-9a-f]{16}", text.strip().lower()):
            keys.add(text.strip().lower())
            continue
        try:
            keys.add(fingerprint(text))
        except PackError:
            raise UsageError(
                f"--pack-key {text[:80]!r}: not a key fingerprint (ed25519: and 16 hex digits) or a base64 Ed25519 "
                "public key"
            ) from None
    if not args.pack_key:
        from tui.packs.settings import load_content_settings

        settings = load_content_settings()
        if settings.public_key:
            keys, keys_from = {fingerprint(settings.public_key)}, str(settings.source)
        else:
            keys_from = ""
    ids = {i.strip() for i in args.pack_id if i.strip()}
    return Expected(
        frozenset(keys),
        frozenset(ids),
        keys_from,
        min_version=args.min_pack_version or "",
        max_age_days=args.max_age_days,
    )


def cmd_report_summarize(args: argparse.Namespace) -> int:
    from tui.fleet import summarize

    expected = _expected_pack(args)
    result = summarize.summarize_paths(
        args.paths, expiring_days=args.expiring_days, expected=expected, strict=args.strict
    )
    if not expected.keys:
        print(
            "aicheck: no company pack key to check the reports' packs against (give --pack-key, or pin "
            "[content] public_key in the config): no report can be trusted",
            file=sys.stderr,
        )
    for problem in result.problems:
        print(f"aicheck: {problem}", file=sys.stderr)
    if not result.machines:
        from tui.errors import UsageError

        raise UsageError("no aicheck report found in " + ", ".join(args.paths))
    if args.json:
        out = summarize.to_json(result)
    elif args.csv:
        out = summarize.to_csv(result)
    elif args.markdown:
        out = summarize.to_markdown(result)
    else:
        out = summarize.to_table(result)
    sys.stdout.write(out)
    return result.exit_code()


def extension_main() -> int:
    """The ``aicheck-osquery-extension`` executable: ``aicheck osquery-extension`` with osqueryd's arguments, for
    ``extensions.load`` (osquery runs the file it is given, with ``--socket``, ``--timeout``, ``--interval``)."""
    from tui.cli import main

    return main(["osquery-extension", *sys.argv[1:]])
