"""``aicheck osquery-extension``: the aicheck tables served to osquery over its Thrift extension protocol, with
the official Python API (the ``osquery`` package, optional extra ``aicheck-policy[osquery]``).

osqueryd starts an extension with ``--socket PATH --timeout N --interval N [--verbose]``; the extension registers
its tables with the manager on ``PATH`` and serves ``PATH.<uuid>``. osqueryd then calls
``call("table", name, {"action": "columns"|"generate", "context": json})``. The package's own
``start_extension`` reads ``sys.argv`` and kills the process on any hiccup; this module uses the same pieces
(``ExtensionClient``, ``ExtensionManager``, the generated ``Extension.Processor``) with aicheck's options and a
clean shutdown when osqueryd goes away."""

from __future__ import annotations

import logging
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


def _watch(socket_path: str, interval: float, server_stop: threading.Event) -> None:
    """Ping osqueryd's manager; when it stops answering, the extension ends (as osquery expects)."""
    from osquery.extension_client import ExtensionClient

    while not server_stop.is_set():
        time.sleep(interval)
        client = ExtensionClient(path=socket_path)
        try:
            if not client.open(timeout=max(interval, 1.0)):
                break
            if client.extension_manager_client().ping().code != 0:
                break
        except Exception:
            break
        finally:
            client.close()
    server_stop.set()
    logging.getLogger("aicheck").info("osquery manager gone: stopping")
    import os

    os._exit(0)  # the Thrift server blocks in accept(); osquery's own SDK ends the same way


def serve(
    socket_path: str, cache: ScanCache, *, timeout: float = 3.0, interval: float = 3.0, verbose: bool = False
) -> int:
    """Register the tables with the manager at ``socket_path`` and answer osquery until it goes away."""
    require_osquery()
    from osquery.extension_client import WINDOWS_PLATFORM, ExtensionClient
    from osquery.extension_manager import ExtensionManager
    from osquery.extensions.Extension import Processor
    from osquery.extensions.ttypes import InternalExtensionInfo
    from thrift.protocol import TBinaryProtocol
    from thrift.server import TServer
    from thrift.transport import TSocket, TTransport

    from tui import __version__

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr, format="aicheck-extension: %(message)s"
    )
    logging.getLogger("thrift").setLevel(logging.CRITICAL)
    manager = ExtensionManager()
    for cls in plugin_classes(cache):
        manager.add_plugin(cls)
    client = ExtensionClient(path=socket_path)
    if not client.open(timeout=max(timeout, 0.2)):
        raise AicheckError(f"cannot connect to the osquery extension socket {socket_path}")
    try:
        status = client.extension_manager_client().registerExtension(
            info=InternalExtensionInfo(
                name=EXTENSION_NAME, version=__version__, sdk_version="3.0.7", min_sdk_version="1.8.0"
            ),
            registry=manager.registry(),
        )
    except Exception as exc:
        raise AicheckError(f"osquery refused the extension on {socket_path}: {exc.__class__.__name__}") from None
    finally:
        client.close()
    if status.code != 0:
        raise AicheckError(f"osquery refused the extension: {status.message}")
    manager.uuid = status.uuid
    own = f"{socket_path}.{status.uuid}"
    if sys.platform == WINDOWS_PLATFORM:
        from osquery.TPipe import TPipeServer

        transport = TPipeServer(pipe_name=own)
    else:
        if len(own.encode()) > MAX_UNIX_SOCKET:
            raise AicheckError(f"socket path too long for a Unix socket ({len(own.encode())} bytes): {own}")
        transport = TSocket.TServerSocket(unix_socket=own)
    logging.getLogger("aicheck").info("registered as uuid %s, serving %s", status.uuid, ", ".join(TABLES))
    stop = threading.Event()
    threading.Thread(target=_watch, args=(socket_path, interval, stop), daemon=True).start()
    server = TServer.TSimpleServer(
        Processor(manager), transport, TTransport.TBufferedTransportFactory(), TBinaryProtocol.TBinaryProtocolFactory()
    )
    try:
        server.serve()
    except OSError as exc:  # its own socket: a folder there, or another extension serving it
        raise AicheckError(f"cannot serve the extension socket {own}: {exc.strerror or exc}") from None
    return ExitCode.OK
