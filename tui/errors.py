"""One exception hierarchy for the whole project; the CLI turns any of these into one clear message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit code aicheck uses, in one place (the README's "Exit codes" table documents them)."""

    OK = 0  # success; for ``check``: compliant
    ACTION = 1  # ``check``: action required; ``content fetch``: fell back to the cached copy
    USAGE = 2  # usage, content, config or input error (one line that says what to fix)
    INTERNAL = 3  # a bug in aicheck: one line on stderr, the traceback in a log file


@dataclass(frozen=True)
class Problem:
    """One problem in a file, printed compiler-style as ``file:line:col: message``."""

    file: str
    message: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        from tui.core.text import clean

        where = clean(self.file, 500)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {clean(self.message, 2000)}"


class AicheckError(Exception):
    """Base of every error aicheck reports to the user (exit code 2 unless said otherwise)."""

    exit_code: int = ExitCode.USAGE


class UsageError(AicheckError):
    """The command line asked for something impossible."""


class ContentError(AicheckError):
    """A content pack is malformed; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        # each file's problems in line order (the checks run section by section), files as first met
        first = {p.file: i for i, p in reversed(list(enumerate(problems)))}
        self.problems = sorted(problems, key=lambda p: (first[p.file], p.line or 0, p.col or 0))
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid content pack")


class ConfigError(AicheckError):
    """The user configuration file is malformed."""


class RecordError(AicheckError):
    """A stored record (request, impact document, checklist) is missing or malformed."""


class IntakeError(AicheckError):
    """Sending to the company's intake failed; ``retryable`` says whether the outbox should try again."""

    def __init__(self, message: str, *, retryable: bool = True, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class PackError(AicheckError):
    """A remote or archived content pack could not be fetched, verified or unpacked."""


class PackConflict(PackError):
    """A pack disagrees with one aicheck already holds for the same source or key (another id, a lower
    version). Which of the two is the company's current pack cannot be told on this machine (its cache is the
    user's to write), so neither is used: never a fall back to the cached copy."""
