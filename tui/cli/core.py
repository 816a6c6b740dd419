"""``aicheck scan``, ``aicheck check`` and ``aicheck content path|validate``.

Only the standard library is imported here; each handler imports what it needs, and none of them
loads Textual or httpx (httpx only if ``--content`` is a URL)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.options import local_path
from tui.errors import ExitCode

if TYPE_CHECKING:
    from tui.cli.options import Subparsers
    from tui.core.policy import Condition, Rule
    from tui.report.style import Painter
    from tui.services.session import Session


def _common(p: argparse.ArgumentParser, machine: bool = True) -> None:
    from tui.cli.options import add_subcommand_options

    add_subcommand_options(p, machine)


def add_parsers(sub: Subparsers) -> None:
    p = sub.add_parser("scan", help="list the AI tools on this machine and the policy verdict for each")
    _common(p)
    out = p.add_mutually_exclusive_group()  # the JSON already holds every reason, evidence and file read
    out.add_argument(
        "--json",
        action="store_true",
        help="print the aicheck.scan/1 JSON report (it holds every reason, piece of evidence and file read)",
    )
    out.add_argument("--explain", action="store_true", help="show every reason, piece of evidence and file read")
    _all_users(p)
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser(
        "check",
        help="onboarding gate: exit 0 compliant, 1 action required, 2 usage/content error",
        description="The gate: exit 0 compliant, 1 action required, 2 usage or content error (or an incomplete "
        "scan), 3 internal error. Showing this help checks nothing: exit 0 here is no verdict (help asked for "
        "among other arguments exits 2).",
    )
    _common(p)
    p.add_argument("--json", action="store_true", help="print the JSON report with the gate's result")
    p.add_argument(
        "--strict",
        action="store_true",
        help="also fail on tools the policy has not reviewed, and on tools that an announced (dated) "
        "policy change will make need action",
    )
    _all_users(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("attest", help="confirm a condition the policy asks you to attest (kept per policy version)")
    _common(p, machine=False)
    p.add_argument("tool", metavar="TOOL", help="catalog id of the tool")
    p.add_argument("condition", metavar="CONDITION", nargs="?", help="condition id (omit to list them)")
    p.add_argument("--yes", action="store_true", help="confirm without asking (for scripts)")
    p.add_argument("--withdraw", action="store_true", help="take a confirmation back")
    p.set_defaults(func=cmd_attest)

    p = sub.add_parser("content", help="the content pack: where it is, validate, build, sign, fetch")
    _common(p, machine=False)
    csub = p.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    q = csub.add_parser("path", help="print the folder of the active content pack")
    _common(q, machine=False)
    q.set_defaults(func=cmd_content_path)
    q = csub.add_parser("validate", help="check a pack and print file:line:col: message for every problem")
    q.add_argument("dir", type=local_path, metavar="DIR", help="content pack folder")
    q.set_defaults(func=cmd_content_validate)
    from tui.cli.packs import add_content_subcommands

    add_content_subcommands(csub)


def _all_users(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--all-users",
        action="store_true",
        help="scan every real user's home (password database; C:\\Users on Windows), one report each",
    )
    p.add_argument(
        "--max-users",
        type=positive_int,
        metavar="N",
        help="with --all-users: scan at most N homes (default 1000, about 20 ms each); past it the run is "
        "incomplete (exit 2 unless a user needs action) and says how many homes were not scanned",
    )


def positive_int(text: str) -> int:
    """An option's whole number, 1 or more (``--max-users``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: must be 1 or more")
    return value


def _no_max_users_alone(args: argparse.Namespace) -> None:
    from tui.errors import UsageError

    if getattr(args, "max_users", None) is not None and not args.all_users:
        raise UsageError("--max-users bounds --all-users: give both, or leave it out")


def _session(args: argparse.Namespace) -> Session:
    from tui.services.session import open_cli_session

    return open_cli_session(args)


def _paint() -> Painter:
    from tui.report.style import Painter, use_colour

    return Painter(use_colour())


def cmd_scan(args: argparse.Namespace) -> int:
    _no_max_users_alone(args)
    if args.all_users:
        from tui.fleet.all_users import cmd_scan_all

        return cmd_scan_all(args)
    session = _session(args)
    report = session.scan()
    if args.json:
        from tui.report.json_report import dumps

        sys.stdout.write(dumps(report) + "\n")
    elif args.explain:
        from tui.report.text import render_explain

        sys.stdout.write(render_explain(report, _paint()))
    else:
        import shutil

        from tui.report.text import render_table

        sys.stdout.write(render_table(report, _paint(), width=max(80, shutil.get_terminal_size((120, 24)).columns)))
    return ExitCode.OK


def cmd_check(args: argparse.Namespace) -> int:
    _no_max_users_alone(args)
    if args.all_users:
        from tui.fleet.all_users import cmd_check_all

        return cmd_check_all(args)
    from tui.packs.resolve import require_company_source

    require_company_source(getattr(args, "content", None), "the check")
    from tui.services.session import require_accounts_home

    require_accounts_home(args, "the check")
    session = _session(args)
    report = session.scan()
    from tui.report import check

    if args.json:
        from tui.core.text import printable_json

        data = check.check_json(report, args.strict)
        sys.stdout.write(printable_json(data) + "\n")
        return data["check"]["exit_code"]
    code, text = check.render(report, args.strict, _paint())
    sys.stdout.write(text)
    return code


def _conditions(rule: Rule | None) -> tuple[Condition, ...]:
    return rule.conditions if rule else ()


def cmd_attest(args: argparse.Namespace) -> int:
    from tui.core.text import clean
    from tui.errors import UsageError
    from tui.services import attestations

    session = _session(args)
    pack = session.pack
    rule = pack.policy.rule(args.tool)
    attestable = sorted(t for t in pack.catalog.tools if any(c.attest for c in _conditions(pack.policy.rule(t))))
    where = (
        f"tools with conditions to attest: {', '.join(attestable)}"
        if attestable
        else "the policy asks no attestation for any tool"
    )
    if args.tool not in pack.catalog.tools:
        from tui.core.text import close_ids

        near = close_ids(args.tool, pack.catalog.tools)
        maybe = f"did you mean {', '.join(near)}? " if near else ""
        raise UsageError(f"unknown tool '{clean(args.tool)}' ({maybe}{where})")
    conditions = [c for c in _conditions(rule) if c.attest]
    if not conditions:
        raise UsageError(f"the policy asks no attestation for '{args.tool}' ({where})")
    damaged: list[str] = []
    confirmed = attestations.load(pack.policy, problems=damaged)
    if args.condition is None:
        for c in conditions:
            state = "confirmed" if (args.tool, c.id) in confirmed else "not confirmed"
            print(f"{c.id}: {clean(c.text)} [{state}]")
        for problem in damaged:  # read as "not confirmed": say why, and a script learns of it (exit 2)
            print(
                f"aicheck: {clean(problem, 600)}; its attestations are not counted: repair it, or move it away "
                "and attest again",
                file=sys.stderr,
            )
        return ExitCode.USAGE if damaged else ExitCode.OK
    cond = next((c for c in conditions if c.id == args.condition), None)
    if cond is None:
        raise UsageError(
            f"'{args.tool}' has no attestation '{args.condition}' (one of: {', '.join(c.id for c in conditions)})"
        )
    if damaged:  # before asking: the answer could not be recorded (record() refuses too, under the lock)
        raise attestations.refusal(damaged[0])
    if not args.withdraw and not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("confirming needs a terminal, or --yes")
        answer = input(f"{clean(cond.text)}\nConfirm for policy {pack.policy.version}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Not confirmed.", file=sys.stderr)
            return ExitCode.OK
    attestations.record(pack.policy, args.tool, cond.id, confirmed=not args.withdraw)
    print(
        f"{'Withdrawn' if args.withdraw else 'Confirmed'}: {clean(cond.text)} "
        f"(policy {pack.policy.version}; asked again for a new version or a reworded condition)",
        file=sys.stderr,
    )
    return ExitCode.OK


def cmd_content_path(args: argparse.Namespace) -> int:
    from tui.packs.resolve import resolve_content

    resolved = resolve_content(getattr(args, "content", None), install=True)  # an archive: its cached folder
    if resolved.notice:
        print(f"aicheck: {resolved.notice}", file=sys.stderr)
    print(resolved.path)
    return ExitCode.OK


def cmd_content_validate(args: argparse.Namespace) -> int:
    from tui.core.content import read_pack
    from tui.core.text import counted
    from tui.errors import UsageError

    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        hint = " (a pack archive: aicheck content verify FILE)" if folder.name.endswith((".tar.gz", ".tgz")) else ""
        raise UsageError(f"{args.dir}: not a folder; give the content pack folder (with catalog.toml){hint}")
    if not folder.exists():
        raise UsageError(f"{args.dir}: no such folder")
    pack, problems = read_pack(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"aicheck: {counted(len(problems), 'problem')} in {args.dir}", file=sys.stderr)
        return ExitCode.USAGE
    for note in pack.policy.notes:
        print(f"note: {note}", file=sys.stderr)
    print(
        f"{args.dir}: OK ({counted(len(pack.catalog.tools), 'tool')}, "
        f"{counted(len(pack.policy.rules), 'policy rule')}, {counted(len(pack.advisories), 'advisory')}, "
        f"{counted(len(pack.guidance), 'guidance page')})",
        file=sys.stderr,
    )
    return ExitCode.OK
