"""A stand-in for osqueryd's extension manager, served with the ``osquery`` package's own generated Thrift code
(``osquery.extensions.ExtensionManager``) on a Unix socket. Used by the extension's protocol tests and by
``scripts/bench_osquery.py``; needs the osquery extra."""

from __future__ import annotations

import threading

from osquery.extensions import ExtensionManager as em
from osquery.extensions.ttypes import ExtensionResponse, ExtensionStatus
from thrift.protocol import TBinaryProtocol
from thrift.transport import TSocket, TTransport

UUID = 4242


class Manager(em.Iface):
    """The osqueryd side: accepts one extension's registry."""

    def __init__(self) -> None:
        self.registered = threading.Event()
        self.info = None
        self.registry: dict = {}

    def registerExtension(self, info, registry):
        self.info, self.registry = info, registry
        self.registered.set()
        return ExtensionStatus(code=0, message="OK", uuid=UUID)

    def deregisterExtension(self, uuid):
        return ExtensionStatus(code=0, message="OK")

    def ping(self):
        return ExtensionStatus(code=0, message="OK")

    def call(self, registry, item, request):
        return ExtensionResponse(status=ExtensionStatus(code=1, message="not served here"), response=[])

    def shutdown(self):
        pass

    def extensions(self):
        return {}

    def options(self):
        return {}

    def query(self, sql):
        return ExtensionResponse(status=ExtensionStatus(code=1, message="no SQL here"), response=[])

    def getQueryColumns(self, sql):
        return self.query(sql)


class ManagerServer:
    def __init__(self, path: str, handler: Manager) -> None:
        self.stop = threading.Event()
        self.processor = em.Processor(handler)
        self.transport = TSocket.TServerSocket(unix_socket=path)
        self.transport.listen()
        self.transport.handle.settimeout(0.1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                client = self.transport.accept()
            except (OSError, TTransport.TTransportException):
                continue
            if client is None:
                continue
            threading.Thread(target=self._client, args=(client,), daemon=True).start()

    def _client(self, client) -> None:
        client.handle.settimeout(5)
        trans = TTransport.TBufferedTransport(client)
        proto = TBinaryProtocol.TBinaryProtocol(trans)
        try:
            while not self.stop.is_set():
                self.processor.process(proto, proto)
        except (TTransport.TTransportException, OSError, EOFError):
            pass
        finally:
            trans.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.transport.close()
