"""Options shared by the app and several sub-commands: which machine to scan, which content pack."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    # what ``add_subparsers()`` returns: each command module adds its sub-commands to it
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def add_machine_options(parser: argparse.ArgumentParser) -> None:
    """Options that say which machine to scan (shared by the app, ``scan`` and ``check``)."""
    g = parser.add_argument_group("machine to scan")
    g.add_argument("--root", metavar="DIR", help="scan a disk mounted at DIR (every absolute path resolves inside it)")
    g.add_argument("--home", metavar="DIR", help="home folder on the scanned machine (default: yours)")
    g.add_argument("--platform", choices=("linux", "macos", "windows"), help="path conventions (default: this OS)")
    g.add_argument("--search-path", metavar="PATHLIST", help="executable search path (default: $PATH)")


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR|URL",
        help="content pack to use: a folder, a .tar.gz or a URL, or 'example' for the bundled example "
        "(default: $AICHECK_CONTENT, then the config file; with neither, scan and the app use the example "
        "and check refuses)",
    )


def add_subcommand_options(parser: argparse.ArgumentParser, machine: bool = True) -> None:
    """``--content`` (and the machine options) on a sub-command. Their default is SUPPRESS so that a value
    given before the sub-command (``aicheck --root X check``) is not overwritten with None."""
    if machine:
        add_machine_options(parser)
    add_content_option(parser)
    for action in parser._actions:
        if action.dest in ("root", "home", "platform", "search_path", "content"):
            action.default = argparse.SUPPRESS
