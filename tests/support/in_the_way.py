"""What can stand where an output option writes (tests of ``-o``/``--output``): each maker puts one thing at
``path`` (under tmp_path) and returns the file that must be left as it was, or the thing itself."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def link(path: Path) -> Path:
    """A link to someone else's file: the file it names must not change."""
    target = path.with_name("elsewhere.txt")
    target.write_text("someone else's file\n")
    path.symlink_to(target)
    return target


def dangling(path: Path) -> Path:
    path.symlink_to(path.with_name("nothing-here"))
    return path.with_name("nothing-here")


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def kind(path: Path) -> str:
    """What is at ``path`` (a link not followed): link, fifo, dir or file."""
    mode = os.lstat(path).st_mode
    return "link" if stat.S_ISLNK(mode) else "fifo" if stat.S_ISFIFO(mode) else "dir" if stat.S_ISDIR(mode) else "file"
