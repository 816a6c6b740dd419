"""The program a script's ``#!`` line runs it with, read as ``env`` and the kernel read it.

``#!/bin/sh``, ``#!/usr/bin/env bash``, ``#!/usr/bin/env -S FOO=1 bash -x``, ``#!/usr/bin/env -Sbash``,
``#!/usr/bin/env --split-string=bash``: the program is the first word that is none of ``env``'s options
(and the values some of them take: ``-u NAME``, ``-C DIR``) nor an assignment. What reads the file is then
known by that program's name: :func:`other_language` says when it is a language other than a shell's
(python, node, perl, …). Any other program is taken for a shell, whatever its name (``ash``, ``rbash``,
``bash5``, a link named ``mysh``): a script read as a shell's when it is not one costs a read; one left
unread when a shell runs it would hide what it starts.
"""

from __future__ import annotations

import re

# env's options that take the next word as their value (GNU's and BSD's)
_ENV_VALUED = frozenset({"-u", "--unset", "-C", "--chdir", "-P", "-a", "--argv0"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# the interpreters of languages other than a shell's, by name with any version after it (python3.12,
# perl5.36, lua5.4, tclsh8.6, node22): a script run by one is a program of that language, never a shell's
_OTHER_LANGUAGES = (
    "python", "pypy", "node", "nodejs", "perl", "ruby", "jruby", "php", "lua", "luajit", "deno", "bun",
    "tclsh", "wish", "expect", "awk", "gawk", "mawk", "nawk", "sed", "make", "osascript", "Rscript", "julia",
    "swift", "groovy", "java", "kotlin", "scala", "dotnet", "runghc", "runhaskell", "guile", "racket", "sbcl",
    "clisp", "ocaml", "elixir", "escript", "crystal", "ts-node", "tsx", "uv", "gnuplot", "jq",
)  # fmt: skip
_OTHER = re.compile(rf"(?:{'|'.join(map(re.escape, _OTHER_LANGUAGES))})(?:[-.]?\d[\w.]*)?")


def shebang_program(text: str) -> str | None:
    """The program the ``#!`` line of ``text`` runs the file with, as written (``/bin/sh``; after ``env``:
    ``bash``), or None when ``text`` has no ``#!`` line or the line names no program."""
    if not text.startswith("#!"):
        return None
    words = text[2:].split("\n", 1)[0].split()
    if not words:
        return None
    program, rest = words[0], words[1:]
    if program.rpartition("/")[2] != "env":
        return program
    i = 0
    while i < len(rest):
        word = rest[i]
        i += 1
        if word in _ENV_VALUED:
            i += 1
        elif word.startswith("-S") and len(word) > 2:  # -Sbash -x: the split string written onto the option
            rest.insert(i, word[2:])
        elif word.startswith("--split-string="):
            rest.insert(i, word.partition("=")[2])
        elif word.startswith("-") or _ASSIGNMENT.match(word):  # -S, -i, --ignore-environment, NAME=value
            continue
        else:
            return word
    return None


def other_language(program: str) -> str | None:
    """The name of the language-other-than-a-shell's interpreter ``program`` is (by its name: ``python3``,
    ``/usr/bin/perl``), or None: a shell, or a program that may be one."""
    name = program.rpartition("/")[2]
    return name if _OTHER.fullmatch(name) else None
