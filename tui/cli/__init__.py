"""The ``aicheck`` command line: parses arguments and wires the seams together.

Each area adds its own sub-commands from one module of this package (``add_parsers(subparsers)``:
:mod:`.core`, :mod:`.requests`, :mod:`.packs`, :mod:`.grants`; the shared options are in :mod:`.options`)
that imports nothing heavy at module level: ``aicheck scan`` and ``aicheck check`` never load Textual
or httpx.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from typing import Any, NoReturn

from tui import __version__
from tui.cli.options import add_content_option, add_machine_options, add_subcommand_options
from tui.crashlog import save_traceback
from tui.errors import AicheckError, ExitCode

__all__ = [
    "COMMAND_MODULES",
    "add_content_option",
    "add_machine_options",
    "add_subcommand_options",
    "build_parser",
    "main",
    "save_traceback",
]

COMMAND_MODULES = (
    "tui.cli.core",  # scan, check, content path|validate
    "tui.cli.requests",  # impact, request new|list|show|sync
    "tui.cli.packs",  # content pack|sign|verify|keygen|fetch
    "tui.cli.grants",  # grant issue|add|list
    "tui.cli.fleet",  # osquery-extension, report summarize
)


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


HELP_FLAGS = ("-h", "--help")


class _Given:
    """The words of the command line being parsed and the commands the parser knows: what
    :meth:`_Parser.exit` looks at when help was asked for, since each sub-parser sees only its own part."""

    words: tuple[str, ...] = ()  # every word given, those after a ``--`` too (help beside them is not alone)
    paths: frozenset[tuple[str, ...]] = frozenset()  # each command as typed (``()``, ``("check",)``, ...)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # no abbreviations: `--hom x` taken for --home, or a prefix of an option added later, is a mistyped
        # option and says so (did you mean), never a silent guess
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        self._argv: list[str] = []

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        """argparse's own exit, after ``--help`` (and ``--version``, alone: see :func:`_refuse_version_with_more`).
        Help shown among other arguments (``check --json -h``: a script's command line with a stray ``-h``) is
        exit 2: nothing was checked, and a gate script must never read that as exit 0, compliant."""
        if status == 0 and message is None:
            # help alone: the help flag and the names of one command, in order (`check -h`, `report summarize
            # --help`); any other word (`check check -h`, `check -h -- --json`) makes it help among arguments
            other = [w for w in _Given.words if w not in HELP_FLAGS]
            flag = next((w for w in _Given.words if w in HELP_FLAGS), None)
            if tuple(other) not in _Given.paths and flag is not None:
                from tui.core.text import clean

                sys.stdout.flush()
                print(
                    f"aicheck: help shown because of {flag} among other arguments ({clean(' '.join(other), 200)}): "
                    f"nothing was checked and no command ran (exit 2, no verdict); leave {flag} out to run it",
                    file=sys.stderr,
                )
                raise SystemExit(ExitCode.USAGE)
        super().exit(status, message)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._argv = list(sys.argv[1:] if args is None else args)  # what error() looks at: the words given
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:  # usage errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        sub = _subcommands(self)
        choice = re.search(r"invalid choice: '([^']*)'", message)
        if sub is not None and choice and choice.group(1) not in sub.choices:
            known = {o for action in self._actions for o in action.option_strings}
            stray = [w for w in self._argv if w.startswith("--") and w.split("=", 1)[0] not in known]
            if stray:  # `aicheck --hom /tmp scan`: the folder was taken for the command; the option is the mistake
                message = f"unrecognized arguments: {stray[0]}{_did_you_mean(self, stray[:1])}"
            else:  # `aicheck chek`
                import difflib

                like = difflib.get_close_matches(choice.group(1), list(sub.choices), n=1, cutoff=0.6)
                message += f"; did you mean {like[0]}?" if like else ""
        if (
            sub is not None
            and message.startswith("the following arguments are required")
            and str(sub.metavar) in message
        ):  # `aicheck content`: say which actions there are
            print(f"aicheck: error: `{self.prog}` needs an {sub.metavar}, one of:", file=sys.stderr)
            helps = {a.dest: a.help or "" for a in sub._choices_actions}
            width = max(len(name) for name in sub.choices)
            for name in sub.choices:
                print(f"  {name:<{width}}  {helps.get(name, '')}".rstrip(), file=sys.stderr)
            print(f"See `{self.prog} {sub.metavar} --help` for its options.", file=sys.stderr)
            raise SystemExit(ExitCode.USAGE)
        from tui.core.text import clean

        # argparse quotes the words typed (`unrecognized arguments: …`, `invalid choice: '…'`): a pasted word
        # holding a terminal escape is shown, never obeyed
        print(f"aicheck: error: {clean(message, limit=2000)}", file=sys.stderr)
        raise SystemExit(ExitCode.USAGE)


def _did_you_mean(parser: argparse.ArgumentParser, unknown: list[str]) -> str:
    """`--stirct`: the options of the command it was given to that it is most like ("; did you mean
    --strict?"), for each unknown option that is like one (Python 3.11's argparse has no suggestions)."""
    import difflib

    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--")]
    hints = []
    for word in unknown:
        name = word.split("=", 1)[0]
        like = difflib.get_close_matches(name, options, n=1, cutoff=0.75) if name.startswith("--") else []
        if like and like[0] != name:  # `scan -- --json`: a known option in the wrong place is no typo
            hints.append(f"{name} -> {like[0]}" if len(unknown) > 1 else like[0])
    return f"; did you mean {', '.join(hints)}?" if hints else ""


def _chosen_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub-)parser of the command the user typed (``aicheck content validate`` -> ``validate``'s),
    so that its usage, not the top-level one, goes with an error about its arguments."""
    while (sub := _subcommands(parser)) is not None:
        chosen = sub.choices.get(getattr(args, sub.dest, None) or "")
        if chosen is None:
            break
        parser = chosen
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aicheck", description="Check the AI tools on this machine against your company's policy.")
    parser.add_argument("--version", action="version", version=f"aicheck {__version__}")
    add_machine_options(parser)
    add_content_option(parser)
    parser.add_argument("--demo", action="store_true", help="open the app on a bundled demo machine")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parsers(sub)
    return parser


def _run_app(args: argparse.Namespace) -> int:
    if not args.demo:  # the same checks as the commands, before the screen takes over: one line, exit 2
        from tui.config import load_config
        from tui.services.session import machine_from_args, open_session, terminal_note

        machine_from_args(args)
        load_config()  # a broken config file
        args.opened_session = open_session(
            args, announce=terminal_note
        )  # a broken or unreachable content pack; the app reuses it
    if not (sys.stdin.isatty() and sys.stdout.isatty()):  # a script, a pipe or CI: no full-screen app there
        print(
            "aicheck: the app needs a terminal (standard input and output); from a script or a pipe use "
            "`aicheck scan` (the report) or `aicheck check` (the pass/fail gate); see `aicheck --help`",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    from tui.app.main import run_app  # Textual is imported here and only here
    from tui.cli.output import QuietOnFailure

    if isinstance(sys.stderr, QuietOnFailure):  # the app owns the terminal: its own streams, as they came
        sys.stderr = sys.stderr.wrapped
    return run_app(args)


def main(argv: list[str] | None = None) -> int:
    from tui.cli.output import quiet_stderr
    from tui.interpreter import unsound_python

    if (unsound := unsound_python()) is not None:  # a scan on it would misread files: never an answer from it
        print(f"aicheck: {unsound}", file=sys.stderr)
        return ExitCode.USAGE
    started_with = sys.stderr
    quiet_stderr()
    try:
        return _main(argv)
    finally:
        from tui.cli.output import restore_non_blocking

        quiet, sys.stderr = sys.stderr, started_with
        quiet.flush()
        restore_non_blocking(quiet)


def _command_paths(parser: argparse.ArgumentParser, before: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Each command's names as typed, from the top (``()``, ``("check",)``, ``("report", "summarize")``)."""
    sub = _subcommands(parser)
    paths = {before}
    for name, child in sub.choices.items() if sub is not None else ():
        paths |= _command_paths(child, (*before, name))
    return paths


def _refuse_version_with_more(words: list[str]) -> None:
    """``--version`` prints the version and exits 0 before any command runs: ``aicheck --version check`` in a
    gate script read as compliant. Anywhere but alone it is a usage error (exit 2, one line)."""
    if any(w == "--version" or w.startswith("--version=") for w in words) and words != ["--version"]:
        print(
            "aicheck: --version takes nothing else: run `aicheck --version` alone (it prints the version and "
            "checks nothing), or leave --version out to run the command",
            file=sys.stderr,
        )
        raise SystemExit(ExitCode.USAGE)


def _main(argv: list[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    words = words[: words.index("--")] if "--" in words else words  # after `--`, words are values, never options
    _refuse_version_with_more(words)
    parser = build_parser()
    given = list(sys.argv[1:] if argv is None else argv)
    _Given.words, _Given.paths = tuple(given), frozenset(_command_paths(parser))
    try:
        args, unknown = parser.parse_known_args(argv)
    finally:
        _Given.words, _Given.paths = (), frozenset()
    if unknown and not getattr(args, "tolerate_unknown", False):  # only the osquery extension takes osquery's flags
        chosen = _chosen_parser(parser, args)
        chosen.error(f"unrecognized arguments: {' '.join(unknown)}{_did_you_mean(chosen, unknown)}")
    from tui.cli.output import guarded_stdout

    started_with = sys.stdout
    guarded = guarded_stdout() if args.command is not None else None  # the app owns the terminal itself
    try:
        code = _dispatch(args)
    finally:
        if guarded is not None:
            sys.stdout = started_with
    if guarded is not None:
        try:
            guarded.flush()  # what is buffered goes now, inside the guard, not at the interpreter's exit
        except AicheckError as exc:  # the output was cut short: never the answer as if it went out whole
            print(f"aicheck: {exc}", file=sys.stderr)
            return ExitCode.USAGE
        finally:
            from tui.cli.output import restore_non_blocking

            restore_non_blocking(guarded)
    return code


def _dispatch(args: argparse.Namespace) -> int:
    """Run the command ``args`` name: its exit code, every error it raises turned into one line and a code."""
    try:
        if args.command is None:
            return _run_app(args)
        if args.demo:  # never a silent scan of the real machine for someone who asked for the demo
            from tui.errors import UsageError

            raise UsageError(
                f"--demo opens the app on a bundled demo machine and takes no command: run `aicheck --demo`, "
                f"or `aicheck {args.command}` for this machine"
            )
        return int(args.func(args) or 0)
    except AicheckError as exc:
        from tui.core.text import clean

        # a message may quote a setting, a record or an intake's answer: shown cleaned, line by line
        print("aicheck: " + "\n".join(clean(line, 10_000) for line in str(exc).split("\n")), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("aicheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # a write past the guard (the reader left early): the command's answer is lost, so never "success"
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.USAGE
    except Exception:  # a bug: one line for the user, the details in a file
        print(f"aicheck: internal error, details in {save_traceback()}", file=sys.stderr)
        return ExitCode.INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
