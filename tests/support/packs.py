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


def check_json(tmp_path: Path, monkeypatch, capsys, m) -> tuple[int, dict, str]:
    """``aicheck check --json`` of the synthetic machine ``m`` with aicheck's folders under ``tmp_path``: (exit
    code, the report, everything printed)."""
    import json

    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", m.platform, "--home", m.home, "--json")
    code, out, err = run_cli(capsys, *args)
    return code, json.loads(out), out + err


REMOTE_MCP = "https://r.example/mcp"


def moved_folder_with_a_remote_server(m, codex: bool, secret: str) -> str:
    """The config of a moved Codex (``~/.codex-work``) or Claude Code (``~/.claude-work``) folder holding one
    remote MCP server the example pack prohibits (``secret`` in its URL for Codex); its machine path."""
    if codex:
        return m.write(m.h(".codex-work/config.toml"), f'[mcp_servers.remote]\nurl = "{REMOTE_MCP}?k={secret}"\n')
    return m.write_json(
        m.h(".claude-work/.claude.json"), {"mcpServers": {"remote": {"url": REMOTE_MCP, "type": "http"}}}
    )


def assert_only_the_moved_server_is_prohibited(m, moved: str, code: int, report: dict, out: str, secret: str) -> None:
    servers = {(s["name"], s["config"]): s["verdict"] for s in report["mcp_servers"]}
    assert servers == {("remote", m.machine().display(moved)): "prohibited"}, out
    assert code == 1 and not report["errors"], out
    assert secret not in out


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


def pack_with_codex_for_cursor(tmp_path: Path) -> Path:
    """A copy of the bundled pack whose Cursor rule names the conditional OpenAI Codex as its only alternative."""

    from tui.paths import bundled_content_dir

    pack = shutil.copytree(bundled_content_dir(), tmp_path / "pack")
    policy = pack / "policy.toml"
    text = policy.read_text()
    start = text.index("[tools.cursor]\n")
    end = text.index("\n[tools.", start + 1)
    rule = text[start:end].replace('alternatives = ["github-copilot", "continue"]', 'alternatives = ["openai-codex"]')
    assert rule != text[start:end], "the bundled Cursor rule changed: update this helper"
    policy.write_text(text[:start] + rule + text[end:])
    return pack


PATH_SECRET = "SECRETzq7packpath123456"  # a credential-shaped segment of a pack URL's path: never shown


def site_with_a_secret_path(tmp_path: Path) -> Path:
    """A folder to serve with the bundled pack at ``PATH_SECRET/p.tar.gz``."""
    from tui.packs.archive import build_archive

    site = tmp_path / "site"
    (site / PATH_SECRET).mkdir(parents=True)
    build_archive(bundled_content_dir(), site / PATH_SECRET / "p.tar.gz")
    return site


def strict_mcp_pack(tmp_path: Path, extra: str = "") -> Path:
    """The bundled pack in ``tmp_path/pack`` with `[mcp] default_status = "prohibited"` (so only what a rule
    approves is approved, and "unreviewed" can never pass as approved), ``extra`` TOML appended; made once."""
    dest = tmp_path / "pack"
    if not dest.exists():
        shutil.copytree(bundled_content_dir(), dest)
        policy = (dest / "policy.toml").read_text()
        strict = policy.replace('[mcp]\ndefault_status = "unreviewed"', '[mcp]\ndefault_status = "prohibited"')
        assert strict != policy
        (dest / "policy.toml").write_text(strict + extra)
    return dest
