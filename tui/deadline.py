"""An overall deadline for one HTTP exchange.

httpx's timeouts are per operation: a server that sends one byte every few seconds never trips a read
timeout and can keep a call alive forever. :func:`socket_deadline` gives httpx a ``trace`` extension that
notes the connection's socket, and a timer shuts that socket down when the deadline passes, which ends
any read or write at once (headers, body, TLS alike). The caller asks for a fresh connection per call
(``Connection: close``): a kept-alive connection's socket was learnt by an earlier call. Only the
standard library here; httpx is the caller's business.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any


class DeadlineExceeded(Exception):
    """The overall deadline of a call passed before the exchange was complete."""


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.monotonic()
        self.expired = threading.Event()
        self._sockets: list[Any] = []
        self._lock = threading.Lock()

    @property
    def extensions(self) -> dict[str, Any]:
        """Pass as ``extensions=`` to ``httpx.Client.stream`` / ``request``."""
        return {"trace": self._trace}

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
        if self.expired.is_set():
            _shutdown(sock)

    def _fire(self) -> None:
        self.expired.set()
        with self._lock:
            socks = list(self._sockets)
        for sock in socks:
            _shutdown(sock)

    def check(self) -> None:
        """Raise DeadlineExceeded if the time is up (call between chunks of a streamed body)."""
        if self.expired.is_set() or time.monotonic() - self.started > self.seconds:
            self.expired.set()
            raise DeadlineExceeded(f"not finished within {self.seconds:g} s")


@contextlib.contextmanager
def socket_deadline(seconds: float) -> Iterator[Deadline]:
    """A :class:`Deadline` armed for the ``with`` block. An error raised after the deadline fired (the
    socket was shut down under httpx) comes out as DeadlineExceeded."""
    deadline = Deadline(seconds)
    timer = threading.Timer(seconds, deadline._fire)
    timer.daemon = True
    timer.start()
    try:
        yield deadline
    except DeadlineExceeded:
        raise
    except Exception as exc:
        if deadline.expired.is_set():
            raise DeadlineExceeded(f"not finished within {seconds:g} s") from exc
        raise
    finally:
        timer.cancel()


def _shutdown(sock: Any) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
