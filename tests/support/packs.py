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


def isolate_cli(monkeypatch, tmp_path: Path, content: str | None = "example") -> None:
    """aicheck's own folders, config and pack choice under ``tmp_path``, and the working folder there. The pack
    is ``content`` (AICHECK_CONTENT; by default the bundled example, named on purpose); None leaves the choice
    to the config."""
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AICHECK_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "config.toml").touch()  # named by AICHECK_CONFIG: there, and empty
    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "data"))
    if content is None:
        monkeypatch.delenv("AICHECK_CONTENT", raising=False)
    else:
        monkeypatch.setenv("AICHECK_CONTENT", content)
    monkeypatch.chdir(tmp_path)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``aicheck ARGV`` run in this process."""
    from tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def condition_refusal(folder: Path, body: str) -> str:
    """The error loading a copy of the bundled pack with one more condition on Ollama (``body``: its lines
    after id and text) gives; fails when the pack loads."""
    import pytest

    from tui.core.content import ContentError, load_pack

    root = folder / "content"
    shutil.copytree(bundled_content_dir(), root)
    with open(root / "policy.toml", "a", encoding="utf-8") as fh:
        fh.write(f'\n[[tools.ollama.conditions]]\nid = "c"\ntext = "t"\n{body}\n')
    with pytest.raises(ContentError) as err:
        load_pack(root)
    return str(err.value)
