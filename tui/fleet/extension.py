"""``aicheck osquery-extension``: the aicheck tables served to osquery over its Thrift extension protocol, with
the official Python API (the ``osquery`` package, optional extra ``aicheck-policy[osquery]``).

osqueryd starts an extension with ``--socket PATH --timeout N --interval N [--verbose]``; the extension registers
its tables with the manager on ``PATH`` and serves ``PATH.<uuid>``. osqueryd then calls
``call("table", name, {"action": "columns"|"generate", "context": json})``. The package's own
``start_extension`` reads ``sys.argv`` and kills the process on any hiccup; this module uses the same pieces
(``ExtensionManager``, the generated ``Extension.Processor`` and manager ``Client``) with aicheck's options, a
deadline on every exchange with the manager (``--timeout`` to register, ``--interval`` for each ping) and a
clean shutdown when osqueryd goes away or stops answering.

Its own socket is served by :class:`ExtensionServer`, not the package's single-threaded ``TSimpleServer`` (one
client that connected and sent nothing blocked every query), with protocol limits (a request map that declared
2^31-1 entries grew the process without bound). osqueryd opens a connection for each call and each ping
(``ExtensionClient`` in osquery's ``extensions.cpp``), serves its own sockets with a thread per client
(``TThreadedServer``), and checks before each call that it may write the socket path."""

from __future__ import annotations

import logging
import os
import socket
import stat
import sys
import threading
import time
from typing import Any

from tui.errors import AicheckError, ExitCode
from tui.fleet.multiscan import ScanCache
from tui.fleet.tables import TABLES, Table, rows

EXTENSION_NAME = "aicheck"
EQUALS = 2  # osquery's constraint operator for "="
MAX_UNIX_SOCKET = 103  # sun_path is 104 bytes on macOS, 108 on Linux, with the final NUL
SOCKET_MODE = 0o600  # osqueryd runs as the extension's own account (root): it alone reads and writes the socket
MAX_CLIENTS = 16  # connections served at once (osqueryd: one per running query and one per ping)
# One request, the most of it held in memory. osqueryd's largest is a query's constraints (a JSON context: 4 MiB
# is some 100,000 users in `user IN (...)`); the large answers are ours, written, never read.
MAX_REQUEST_BYTES = 4 << 20
MAX_REQUEST_ITEMS = 1024  # entries of one map or list; osqueryd's request map has two ("action", "context")
REQUEST_SECONDS = 30.0  # from a request's first byte to its last, and to send an answer


class MissingExtra(AicheckError):
    def __init__(self) -> None:
        super().__init__("the osquery extension needs the optional extra: pip install 'aicheck-policy[osquery]'")


def require_osquery() -> None:
    try:
        import osquery  # noqa: F401
        import thrift  # noqa: F401
    except ImportError:
        raise MissingExtra() from None


def user_constraint(context: dict) -> set[str] | None:
    """The user names a query asks for with ``user = '...'`` (or ``IN (...)``); None for every user. Other
    operators (LIKE, <>) are left to osquery, which filters the rows itself."""
    names: set[str] = set()
    for constraint in context.get("constraints", ()) or ():
        if not isinstance(constraint, dict) or constraint.get("name") != "user":
            continue
        items = constraint.get("list") or []
        equal = [c.get("expr") for c in items if isinstance(c, dict) and c.get("op") == EQUALS]
        if not equal or len(equal) != len(items):
            return None
        names.update(str(e) for e in equal)
    return names or None


def osquery_value(value: Any) -> str:
    """osquery rows are strings; NULL is the empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def generate(cache: ScanCache, table: str, context: dict) -> list[dict[str, str]]:
    names = user_constraint(context)
    return [{k: osquery_value(v) for k, v in row.items()} for row in rows(table, cache.scans(names))]


def plugin_classes(cache: ScanCache) -> list[type]:
    """One ``osquery.TablePlugin`` subclass per table, bound to ``cache`` (the package instantiates plugins
    itself, without arguments)."""
    import osquery
    from osquery.extensions.ttypes import ExtensionResponse, ExtensionStatus

    def make(table: Table) -> type:
        def name(self: object) -> str:
            return table.name

        def columns(self: object) -> list:
            return [osquery.TableColumn(name=c, type=t) for c, t in table.columns]

        def gen(self: object, context: object) -> list[dict[str, str]]:
            return generate(cache, table.name, context if isinstance(context, dict) else {})

        def call(self: osquery.TablePlugin, context: dict) -> object:
            """The package's routing, with one change: a scan that fails (a pack that cannot be loaded, an
            error in one user's scan) is an error status osquery reports for the query, never rows of OK with
            nothing in them, which a fleet reads as "no AI tool here". A log line too; never a dead extension."""
            try:
                return osquery.TablePlugin.call(self, context)
            except Exception as exc:
                why = f"{exc.__class__.__name__}: {exc}"
                logging.getLogger("aicheck").error("%s: %s", table.name, why)
                status = ExtensionStatus(code=1, message=f"aicheck could not answer {table.name}: {why[:400]}")
                return ExtensionResponse(status=status, response=[])

        return type(
            f"Table_{table.name}",
            (osquery.TablePlugin,),
            {"name": name, "columns": columns, "generate": gen, "call": call},
        )

    return [make(t) for t in TABLES.values()]


class _Dropped(Exception):
    """A client broke a limit: its connection is closed (and the reason logged), the others go on."""


class _Connection:
    """One client of the extension's socket, as the raw transport beneath Thrift's buffered one. Waiting for a
    request has no time limit (the client has its own thread: it blocks nobody, and when every place is taken
    the longest idle client gives its place); once a request's first byte arrives, the whole request must come
    within ``seconds`` and ``max_bytes``, and the answer must be taken within ``seconds``."""

    def __init__(self, sock: socket.socket, seconds: float, max_bytes: int) -> None:
        self.sock = sock
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.started: float | None = None  # when the request being received began; None while idle
        self.idle_since = time.monotonic()
        self.received = 0
        self.evicted = False
        self._closed = False

    # -- Thrift's TTransportBase, as TBufferedTransport uses it
    def isOpen(self) -> bool:
        return not self._closed

    def open(self) -> None:
        pass

    def read(self, size: int) -> bytes:
        if self.started is None:
            self.sock.settimeout(None)
            data = self._recv(size)
            self.started = time.monotonic()
        else:
            left = self.started + self.seconds - time.monotonic()
            if left <= 0:
                raise _Dropped(f"request not received within {self.seconds:g} s")
            self.sock.settimeout(left)
            try:
                data = self._recv(size)
            except TimeoutError:
                raise _Dropped(f"request not received within {self.seconds:g} s") from None
        self.received += len(data)
        if self.received > self.max_bytes:
            raise _Dropped(f"request over {self.max_bytes} bytes")
        return data

    def _recv(self, size: int) -> bytes:
        data = self.sock.recv(size)
        if not data:
            raise EOFError
        return data

    def readAll(self, size: int) -> bytes:
        chunks, have = [], 0
        while have < size:
            chunks.append(self.read(size - have))
            have += len(chunks[-1])
        return b"".join(chunks)

    def write(self, data: bytes) -> None:
        self.sock.settimeout(self.seconds)
        try:
            self.sock.sendall(data)
        except TimeoutError:
            raise _Dropped(f"answer not taken within {self.seconds:g} s") from None

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._closed = True
        self.sock.close()

    # -- the server's
    def done(self) -> None:
        """The answer is sent: the client is idle until its next request."""
        self.started, self.received, self.idle_since = None, 0, time.monotonic()

    def evict(self) -> None:
        self.evicted = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # its thread's recv returns: it ends
        except OSError:
            pass


def listen_unix(path: str) -> socket.socket:
    """A listening Unix socket at ``path``, created with mode :data:`SOCKET_MODE` whatever the umask. A stale
    socket there (nobody answers on it) is replaced; anything else is an :class:`AicheckError`."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise AicheckError(f"cannot serve the extension socket {path}: {exc.strerror or exc}") from None
    if st is not None:
        if not stat.S_ISSOCK(st.st_mode):
            raise AicheckError(f"cannot serve the extension socket {path}: something that is not a socket is there")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.settimeout(5)
            probe.connect(path)
        except ConnectionRefusedError:
            pass  # a socket left behind by an extension that ended: replaced below
        except OSError as exc:
            raise AicheckError(f"cannot serve the extension socket {path}: {exc.strerror or exc}") from None
        else:
            raise AicheckError(f"cannot serve the extension socket {path}: another process serves it")
        finally:
            probe.close()
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise AicheckError(f"cannot serve the extension socket {path}: {exc.strerror or exc}") from None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o777 & ~SOCKET_MODE)  # no moment when the socket is open to others; only tightens
    try:
        listener.bind(path)
        os.chmod(path, SOCKET_MODE)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        raise AicheckError(f"cannot serve the extension socket {path}: {exc.strerror or exc}") from None
    finally:
        os.umask(old)
    return listener


class ExtensionServer:
    """osquery's Thrift protocol on a listening socket: a thread per client, at most ``max_clients`` at once,
    requests bounded in bytes, entries and time (:class:`_Connection`). A client that breaks a limit, or sends
    what is not osquery's protocol, is closed; the others are not affected."""

    def __init__(
        self,
        listener: socket.socket,
        processor: Any,
        *,
        max_clients: int = MAX_CLIENTS,
        request_seconds: float = REQUEST_SECONDS,
        request_bytes: int = MAX_REQUEST_BYTES,
        request_items: int = MAX_REQUEST_ITEMS,
    ) -> None:
        self.listener = listener
        self.processor = processor
        self.max_clients = max_clients
        self.request_seconds = request_seconds
        self.request_bytes = request_bytes
        self.request_items = request_items
        self._active: set[_Connection] = set()
        self._changed = threading.Condition()
        self._stopped = False
        self._log = logging.getLogger("aicheck")

    def clients(self) -> int:
        with self._changed:
            return len(self._active)

    def serve(self) -> None:
        while not self._stopped:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                if self._stopped:
                    return
                time.sleep(0.1)  # out of descriptors, say: try again, never spin
                continue
            conn = _Connection(sock, self.request_seconds, self.request_bytes)
            with self._changed:
                while len(self._active) >= self.max_clients and not self._stopped:
                    idle = [c for c in self._active if c.started is None and not c.evicted]
                    if idle:
                        min(idle, key=lambda c: c.idle_since).evict()
                    self._changed.wait(1.0)  # until a client ends (an evicted one does at once)
                self._active.add(conn)
            threading.Thread(target=self._client, args=(conn,), daemon=True).start()

    def _client(self, conn: _Connection) -> None:
        from thrift.protocol import TBinaryProtocol
        from thrift.transport import TTransport

        trans = TTransport.TBufferedTransport(conn)
        proto = TBinaryProtocol.TBinaryProtocol(
            trans,
            strictRead=True,  # osqueryd writes the versioned header; an unversioned one is a bare length
            string_length_limit=self.request_bytes,
            container_length_limit=self.request_items,
        )
        try:
            while not self._stopped:
                self.processor.process(proto, proto)
                conn.done()
        except (EOFError, ConnectionError):
            pass  # the client closed its connection (osqueryd does after each call)
        except Exception as exc:
            if not conn.evicted:
                self._log.warning("dropped a client of the extension socket: %s", _why(exc))
        finally:
            conn.close()
            with self._changed:
                self._active.discard(conn)
                self._changed.notify_all()

    def close(self) -> None:
        """Stop accepting and close every client (for tests: the extension itself ends with ``os._exit``)."""
        self._stopped = True
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self._changed:
            for conn in self._active:
                conn.evict()
            self._changed.notify_all()


def _timed_out(exc: BaseException) -> bool:
    """Whether ``exc`` (from Thrift's socket) is a read or write that ran out of time."""
    from thrift.transport import TTransport

    return isinstance(exc, TimeoutError) or (
        isinstance(exc, TTransport.TTransportException) and exc.type == TTransport.TTransportException.TIMED_OUT
    )


def _why(exc: BaseException) -> str:
    message = str(exc) or getattr(exc, "message", None) or ""
    return f"{exc.__class__.__name__}: {message}"[:300] if message else exc.__class__.__name__


class _ManagerLink:
    """A connection to osqueryd's extension manager whose every read and write has a deadline.

    The ``osquery`` package's ``ExtensionClient`` sets none once connected: a manager that accepts and then
    never answers (a wedged osqueryd, or any process on its socket) held ``registerExtension`` and the
    watcher's ``ping`` forever, so the extension neither started nor ended. On Windows (a named pipe) the
    package's client is used as it is."""

    def __init__(self, socket_path: str, seconds: float) -> None:
        from osquery.extension_client import WINDOWS_PLATFORM, ExtensionClient
        from osquery.extensions.ExtensionManager import Client
        from thrift.protocol import TBinaryProtocol
        from thrift.transport import TSocket, TTransport

        self.seconds = seconds
        if sys.platform == WINDOWS_PLATFORM:
            self._client = ExtensionClient(path=socket_path)
            self._transport = self._client._transport
            self.manager = self._client.extension_manager_client()
            return
        sock = TSocket.TSocket(unix_socket=socket_path)
        sock.setTimeout(seconds * 1000)  # milliseconds: connect, each read and each write
        self._transport = TTransport.TBufferedTransport(sock)
        self.manager = Client(TBinaryProtocol.TBinaryProtocol(self._transport))

    def open(self) -> bool:
        """Connect, trying again every 0.2 s until ``seconds`` have passed (osqueryd may still be starting)."""
        from thrift.transport import TTransport

        deadline = time.monotonic() + self.seconds
        while True:
            try:
                self._transport.open()
                return True
            except TTransport.TTransportException:
                if time.monotonic() + 0.2 >= deadline:
                    return False
                time.sleep(0.2)

    def close(self) -> None:
        self._transport.close()


def _watch(socket_path: str, interval: float, server_stop: threading.Event) -> None:
    """Ping osqueryd's manager; when it stops answering (in time), the extension ends (as osquery expects)."""
    while not server_stop.is_set():
        time.sleep(interval)
        link = _ManagerLink(socket_path, max(interval, 1.0))
        try:
            if not link.open():
                break
            if link.manager.ping().code != 0:
                break
        except Exception:
            break
        finally:
            link.close()
    server_stop.set()
    logging.getLogger("aicheck").info("osquery manager gone: stopping")
    os._exit(0)  # the Thrift server blocks in accept(); osquery's own SDK ends the same way


def serve(
    socket_path: str, cache: ScanCache, *, timeout: float = 3.0, interval: float = 3.0, verbose: bool = False
) -> int:
    """Register the tables with the manager at ``socket_path`` and answer osquery until it goes away."""
    require_osquery()
    from osquery.extension_client import WINDOWS_PLATFORM
    from osquery.extension_manager import ExtensionManager
    from osquery.extensions.Extension import Processor
    from osquery.extensions.ttypes import InternalExtensionInfo

    from tui import __version__

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr, format="aicheck-extension: %(message)s"
    )
    logging.getLogger("thrift").setLevel(logging.CRITICAL)
    manager = ExtensionManager()
    for cls in plugin_classes(cache):
        manager.add_plugin(cls)
    link = _ManagerLink(socket_path, max(timeout, 0.2))
    if not link.open():
        raise AicheckError(f"cannot connect to the osquery extension socket {socket_path}")
    try:
        status = link.manager.registerExtension(
            info=InternalExtensionInfo(
                name=EXTENSION_NAME, version=__version__, sdk_version="3.0.7", min_sdk_version="1.8.0"
            ),
            registry=manager.registry(),
        )
    except Exception as exc:
        why = "no answer in time" if _timed_out(exc) else exc.__class__.__name__
        raise AicheckError(
            f"osquery refused the extension on {socket_path}: {why} (--timeout {link.seconds:g} s)"
        ) from None
    finally:
        link.close()
    if status.code != 0:
        raise AicheckError(f"osquery refused the extension: {status.message}")
    manager.uuid = status.uuid
    own = f"{socket_path}.{status.uuid}"
    stop = threading.Event()
    if sys.platform == WINDOWS_PLATFORM:
        from osquery.TPipe import TPipeServer
        from thrift.protocol import TBinaryProtocol
        from thrift.server import TServer
        from thrift.transport import TTransport

        # A named pipe, one client at a time as the package serves it (its access is osquery's: SYSTEM and
        # Administrators); the protocol limits apply.
        pipe_server = TServer.TSimpleServer(
            Processor(manager),
            TPipeServer(pipe_name=own),
            TTransport.TBufferedTransportFactory(),
            TBinaryProtocol.TBinaryProtocolFactory(
                strictRead=True, string_length_limit=MAX_REQUEST_BYTES, container_length_limit=MAX_REQUEST_ITEMS
            ),
        )
        logging.getLogger("aicheck").info("registered as uuid %s, serving %s", status.uuid, ", ".join(TABLES))
        threading.Thread(target=_watch, args=(socket_path, interval, stop), daemon=True).start()
        pipe_server.serve()
        return ExitCode.OK
    if len(own.encode()) > MAX_UNIX_SOCKET:
        raise AicheckError(f"socket path too long for a Unix socket ({len(own.encode())} bytes): {own}")
    server = ExtensionServer(listen_unix(own), Processor(manager))  # before the watcher: the umask is ours alone
    logging.getLogger("aicheck").info("registered as uuid %s, serving %s", status.uuid, ", ".join(TABLES))
    threading.Thread(target=_watch, args=(socket_path, interval, stop), daemon=True).start()
    server.serve()
    return ExitCode.OK
