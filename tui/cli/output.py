"""Standard output for a command whose reader may leave early.

``aicheck check | head -n 3`` or ``aicheck check --json | grep -q '"compliant": false'``: the reader closes
the pipe, and the next write fails (EPIPE). Stopping there would lose the command's own answer, and a gate
must still say it: :class:`ReaderMayLeave` sends what is left to the null device and lets the command finish,
so its exit code (1 for action required) is the process's, whatever became of its output. Output that cannot
be written for another reason (a full disk, a closed descriptor, ``>&-``) is an error the user is told about (exit 2),
never a silent success."""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO

from tui.errors import AicheckError


class OutputFailed(AicheckError):
    """Standard output could not be written (not a reader that left: that is no failure)."""


class ReaderMayLeave:
    """A stand-in for ``sys.stdout``: a write or flush the pipe's reader refused goes to the null device
    instead, the rest of the command unchanged; any other failure to write is :class:`OutputFailed`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.reader_left = False
        self.made_blocking = False

    def write(self, text: str) -> int:
        return self._guarded(self._stream.write, text)

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    def _guarded(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError:
            self._to_null()
            return call(*args)  # now into the null device: what the reader no longer wants
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                self._to_null()
                return call(*args)
            _to_null_device(self._stream)  # what stays buffered must not fail again as the interpreter ends
            raise OutputFailed(f"cannot write to standard output: {exc.strerror or exc}") from None

    def _to_null(self) -> None:
        self.reader_left = True
        _to_null_device(self._stream)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, buffer: the stream's own
        return getattr(self._stream, name)


class QuietOnFailure:
    """A stand-in for ``sys.stderr``: a message that cannot be written (``2>/dev/full``, a closed descriptor)
    is dropped, so the exit code still says what happened (a usage error stays 2, never 1 from a traceback
    that could not be printed either)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.made_blocking = False

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except (OSError, ValueError):
            _to_null_device(self._stream)
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            _to_null_device(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _to_null_device(stream: TextIO) -> None:
    """Point ``stream``'s descriptor at the null device: what it still holds, and what comes, goes nowhere.
    A write that failed stays in the stream's buffer, and the interpreter flushes ``sys.stdout`` and
    ``sys.stderr`` once more as it ends: failing there, it exits 120 whatever aicheck returned (unless
    PYTHONUNBUFFERED was set, as in CI), so ``aicheck check >/dev/full`` said 120 where it means 2."""
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):  # closed, or a test's capture: nothing to point elsewhere
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


def _escaping(stream: TextIO) -> None:
    """A character the stream's encoding cannot write (``PYTHONIOENCODING=ascii``, a legacy console) is shown
    escaped (``\\u2713``), never an error that ends the command."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (OSError, ValueError):
            pass


def _blocking(fd: int) -> bool:
    """Make ``fd`` blocking when another program left it non-blocking (a pipe shared with a Node.js process,
    a reader set up with O_NONBLOCK): Python's buffered writer then drops what a full pipe refuses without
    raising, and ``check --json`` would exit with its answer and half a document. Returns whether it changed
    it (:func:`restore_non_blocking` puts it back once everything is written: the flag belongs to every
    process writing there)."""
    try:
        if not os.get_blocking(fd):
            os.set_blocking(fd, True)
            return True
    except (AttributeError, OSError, ValueError):  # a descriptor the platform cannot ask or change
        pass
    return False


def restore_non_blocking(stream: Any) -> None:
    """Put back the non-blocking mode :func:`_blocking` took off ``stream``'s descriptor, if it did."""
    if getattr(stream, "made_blocking", False):
        try:
            os.set_blocking(stream.fileno(), False)
        except (AttributeError, OSError, ValueError):
            pass


def quiet_stderr() -> TextIO | None:
    """Put a :class:`QuietOnFailure` in place of ``sys.stderr``; returns the stream it replaced (None where
    there is none: started with ``2>&-``, then messages go nowhere)."""
    stream = sys.stderr
    if stream is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
        return None
    _escaping(stream)
    quiet = sys.stderr = QuietOnFailure(stream)
    try:
        quiet.made_blocking = _blocking(stream.fileno())
    except (AttributeError, OSError, ValueError):  # a test's capture: no descriptor
        pass
    return stream


class ClosedStdout:
    """``sys.stdout`` for a process started with its standard output closed (``>&-``; Python then has
    ``sys.stdout = None`` and ``print`` does nothing): what a command writes goes nowhere, and the flush at
    its end is :class:`OutputFailed`, as for a full disk (``>/dev/full``): exit 2, never a silent success. A
    command that writes nothing (its answer is its exit code) is unaffected."""

    made_blocking = False
    encoding = "utf-8"
    errors = "strict"

    def __init__(self) -> None:
        self.written = False

    def write(self, text: str) -> int:
        self.written = self.written or bool(text)
        return len(text)

    def flush(self) -> None:
        if self.written:
            raise OutputFailed("cannot write to standard output: it is closed (the command was started with >&-)")

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import io

        raise io.UnsupportedOperation("standard output is closed")


def guarded_stdout() -> ReaderMayLeave | ClosedStdout | None:
    """Put a :class:`ReaderMayLeave` in place of ``sys.stdout`` (a :class:`ClosedStdout` when the process
    started with its standard output closed); returns it, or None where ``sys.stdout`` is no real file (a
    test's capture), which is left as it is."""
    stream = sys.stdout
    if stream is None:  # started with `>&-`: nothing to write to, and writing is an error (exit 2)
        closed = ClosedStdout()
        sys.stdout = closed
        return closed
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    made_blocking = _blocking(fd)
    _escaping(stream)
    guarded = ReaderMayLeave(stream)
    guarded.made_blocking = made_blocking
    sys.stdout = guarded
    return guarded
