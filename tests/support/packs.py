"""Content packs for tests: copies of the bundled pack with a pack.toml of their own."""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tui.paths import bundled_content_dir


def company_pack(folder: Path, expires: str | None, version: str = "2026.12.1") -> Path:
    """A copy of the bundled pack as the company ``acme`` (``expires`` written as given, in TOML syntax)."""
    shutil.copytree(bundled_content_dir(), folder)
    meta = f'id = "acme"\nversion = "{version}"\n' + (f"expires = {expires}\n" if expires else "")
    (folder / "pack.toml").write_text(meta)
    return folder


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """(base URL, stop): a real HTTP server on loopback serving ``folder``, with Last-Modified and 304s."""
    folder.mkdir(parents=True, exist_ok=True)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    def stop() -> None:
        if thread.is_alive():
            httpd.shutdown()
            httpd.server_close()

    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", stop
    finally:
        stop()
