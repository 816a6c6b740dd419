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
from tui.errors import AicheckError, ExitCode

COMMAND_MODULES = (
    "tui.core.commands",  # scan, check, content path|validate
    "tui.requests.commands",  # impact, request new|list|show|sync
    "tui.packs.commands",  # content pack|sign|verify|keygen|fetch
    "tui.grants.commands",  # grant issue|add|list
    "tui.fleet.commands",  # osquery-extension, report summarize
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2, one line, no traceback
        self.print_usage(sys.stderr)
        print(f"aicheck: error: {message}", file=sys.stderr)
        raise SystemExit(ExitCode.USAGE)


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
    if not args.demo:  # the same checks as the commands, before the screen takes over
        from tui.session import machine_from_args

        machine_from_args(args)
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
        return ExitCode.OK
    except Exception:  # noqa: BLE001 - a bug: one line for the user, the details in a file
        print(f"aicheck: internal error, details in {save_traceback()}", file=sys.stderr)
        return ExitCode.INTERNAL


def save_traceback(details: str | None = None) -> str:
    """Write ``details`` (default: the current exception's traceback) to a new file in the log folder and
    return its path (or say where it went when that folder cannot be written: the message stays one line)."""
    import datetime as dt
    import tempfile
    import traceback
    from pathlib import Path

    from tui import paths

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = f"aicheck {__version__}, argv {sys.argv!r}\n\n{details or traceback.format_exc()}"
    for folder in (paths.log_dir, lambda: Path(tempfile.gettempdir())):
        try:
            target = folder()
            target.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-", suffix=".log", dir=target)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return name
        except Exception:  # noqa: BLE001 - try the next place
            continue
    return "(nowhere: no writable folder for the log)"


if __name__ == "__main__":
    raise SystemExit(main())
