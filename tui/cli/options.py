"""Options shared by the app and several sub-commands: which machine to scan, which content pack."""

from __future__ import annotations

import argparse
import errno
import os
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    # what ``add_subparsers()`` returns: each command module adds its sub-commands to it
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def local_path(text: str) -> str:
    """The ``type`` of every option or argument that names a file or folder on this machine: ``text`` as given
    (it need not exist: a missing one is the command's to say), or a usage error naming it when the operating
    system cannot even look it up (a name longer than it allows), never an internal error later."""
    try:
        os.lstat(os.path.expanduser(text))
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise argparse.ArgumentTypeError(f"{text}: {exc.strerror}") from None
    except ValueError:  # a NUL character
        raise argparse.ArgumentTypeError(f"{text!r}: not a path (it holds a NUL character)") from None
    return text


def content_source(text: str) -> str:
    """The ``type`` of ``--content`` (and of ``content fetch``'s source): a URL or ``example`` as given, a file or
    folder checked as :func:`local_path` checks it."""
    from tui.packs.resolve import EXAMPLE, is_url

    if not text.strip():  # `--content "$PACK"` with PACK unset: never taken as no --content
        raise argparse.ArgumentTypeError(
            "is empty: give a pack's folder, archive or URL (an unset variable in a script?)"
        )
    return text if text == EXAMPLE or is_url(text) else local_path(text)


def add_machine_options(parser: argparse.ArgumentParser) -> None:
    """Options that say which machine to scan (shared by the app, ``scan`` and ``check``)."""
    g = parser.add_argument_group("machine to scan")
    g.add_argument(
        "--root",
        type=local_path,
        metavar="DIR",
        help="scan a disk mounted at DIR (every absolute path resolves inside it)",
    )
    g.add_argument("--home", type=local_path, metavar="DIR", help="home folder on the scanned machine (default: yours)")
    g.add_argument("--platform", choices=("linux", "macos", "windows"), help="path conventions (default: this OS)")
    g.add_argument("--search-path", metavar="PATHLIST", help="executable search path (default: $PATH)")


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=content_source,
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
