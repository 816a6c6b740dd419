"""The ``aicheck`` command line: parses arguments and wires the seams together.

Each area adds its own sub-commands from a small ``commands`` module (``add_parsers(subparsers)``)
that imports nothing heavy at module level: ``aicheck scan`` and ``aicheck check`` never load Textual
or httpx.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from tui import __version__
from tui.errors import AicheckError, UsageError

COMMAND_MODULES = (
    "tui.core.commands",  # scan, check, content path|validate
    "tui.requests.commands",  # impact, request new|list|show|sync
    "tui.packs.commands",  # content pack|sign|verify|keygen|fetch
    "tui.grants.commands",  # grant issue|add|list
    "tui.fleet.commands",  # osquery-extension, report summarize
)

EXIT_OK, EXIT_ACTION, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2, one line, no traceback
        self.print_usage(sys.stderr)
        print(f"aicheck: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def add_machine_options(parser: argparse.ArgumentParser) -> None:
    """Options that say which machine to scan (shared by the app, ``scan`` and ``check``)."""
    g = parser.add_argument_group("machine to scan")
    g.add_argument("--root", metavar="DIR", help="scan a disk mounted at DIR (every absolute path resolves inside it)")
    g.add_argument("--home", metavar="DIR", help="home folder on the scanned machine (default: yours)")
    g.add_argument("--platform", choices=("linux", "macos", "windows"), help="path conventions (default: this OS)")
    g.add_argument("--search-path", metavar="PATHLIST", help="executable search path (default: $PATH)")


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR|URL",
                        help="content pack to use (default: $AICHECK_CONTENT, the config file, or the bundled example)")


def add_subcommand_options(parser: argparse.ArgumentParser, machine: bool = True) -> None:
    """``--content`` (and the machine options) on a sub-command. Their default is SUPPRESS so that a value
    given before the sub-command (``aicheck --root X check``) is not overwritten with None."""
    if machine:
        add_machine_options(parser)
    add_content_option(parser)
    for action in parser._actions:
        if action.dest in ("root", "home", "platform", "search_path", "content"):
            action.default = argparse.SUPPRESS


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aicheck", description="Check the AI tools on this machine against your company's policy.")
    parser.add_argument("--version", action="version", version=f"aicheck {__version__}")
    add_machine_options(parser)
    add_content_option(parser)
    parser.add_argument("--demo", action="store_true", help="open the app on a bundled demo machine")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # an area not built yet
            raise
        module.add_parsers(sub)
    return parser


def _run_app(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.root is not None and not Path(args.root).is_dir():  # fail before the screen takes over
        raise UsageError(f"--root {args.root}: no such folder")
    from tui.app.main import run_app  # Textual is imported here and only here

    return run_app(args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and not getattr(args, "tolerate_unknown", False):  # only the osquery extension takes osquery's flags
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        if args.command is None:
            return _run_app(args)
        return int(args.func(args) or 0)
    except AicheckError as exc:
        print(f"aicheck: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("aicheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed early (e.g. piped into head): not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
