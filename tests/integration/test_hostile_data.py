"""Hostile data dirs and hostile servers: bad records are quarantined, disk errors are one line, every
network call ends by its deadline and within its size cap, permanent refusals are parked, no secret the
server echoes reaches a file or the terminal, and nothing raw from the intake reaches the terminal.

The servers here are raw sockets on loopback (real HTTP bytes, written badly on purpose); each accepts a
bounded number of connections and stops by itself after a bounded time.
"""

from __future__ import annotations

import base64
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from support.intake_server import (
    ENV,
    JIRA_EMAIL,
    SECRET,
    TOKEN,
    FakeIntake,
    backend_for_kind,
    make_policy,
    make_request,
    settings_for,
    show_queued,
    use_webhook,
)
from tui.cli import main
from tui.grants.store import approvals_waiting
from tui.paths import bundled_content_dir
from tui.requests.outbox import queue, sync
from tui.requests.store import RequestStore

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
JUST = "Needed for the Q3 schema migration; Copilot lacks multi-file refactors."
ROOT = Path(__file__).resolve().parents[2]


# -- a scripted raw HTTP server -------------------------------------------------------------------------

Script = Callable[[socket.socket, bytes, threading.Event], None]


class ScriptedServer:
    """Answers each connection with ``script(conn, request_bytes, stop)``; at most ``max_conns``
    connections, and it stops by itself after ``lifetime`` seconds (scripts must watch ``stop``)."""

    def __init__(self, script: Script, *, max_conns: int = 4, lifetime: float = 15.0):
        self.script, self.max_conns, self.lifetime = script, max_conns, lifetime
        self.requests: list[bytes] = []
        self.stop_event = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_event.set()
        self.thread.join(5)
        self.sock.close()

    def _serve(self) -> None:
        end = time.monotonic() + self.lifetime
        handlers = []
        while not self.stop_event.is_set() and time.monotonic() < end and len(handlers) < self.max_conns:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            t = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            t.start()
            handlers.append(t)
        self.stop_event.set()  # lifetime over: every script ends
        for t in handlers:
            t.join(5)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(2)
        data = b""
        try:
            while b"\r\n\r\n" not in data and len(data) < 1 << 20:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            while len(body) < min(length, 1 << 20):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                body += chunk
            self.requests.append(head + b"\r\n\r\n" + body)
            self.script(conn, head, self.stop_event)
        except OSError:
            pass
        finally:
            conn.close()


def trickle_headers(conn, _req, stop) -> None:
    conn.sendall(b"HTTP/1.1 201 Created\r\nX-Slow: ")
    for _ in range(200):  # one byte every 50 ms: never a read timeout, never an end
        if stop.wait(0.05):
            return
        conn.sendall(b"a")


def trickle_body(conn, _req, stop, status: bytes = b"201 Created") -> None:
    conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
    for _ in range(200):
        if stop.wait(0.05):
            return
        conn.sendall(b" ")


def endless_body(conn, _req, stop) -> None:
    conn.sendall(b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[")
    chunk = b"0," * 32768
    for _ in range(1024):  # at most 64 MiB, far past the cap
        if stop.is_set():
            return
        conn.sendall(chunk)


def echo_auth_401(conn, req, _stop) -> None:
    """A careless intake that quotes the credentials back in its error, raw and decoded."""
    auth = next(
        (
            line.split(b":", 1)[1].strip().decode()
            for line in req.split(b"\r\n")
            if line.lower().startswith(b"authorization:")
        ),
        "",
    )
    decoded = ""
    if auth.startswith("Basic "):
        decoded = base64.b64decode(auth[6:]).decode()
    body = json.dumps(
        {
            "errorMessages": [f"Bad credentials: {auth}", f"user:token was {decoded}"],
            "message": f"token {decoded.partition(':')[2]} refused",
        }
    ).encode()
    conn.sendall(
        b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )


def escape_ticket(conn, _req, _stop) -> None:
    body = json.dumps({"key": "SEC-1\x1b]0;pwned\x07\x1b[2J", "id": "1"}).encode()
    conn.sendall(
        b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )


@pytest.fixture
def store(tmp_path):
    return RequestStore(tmp_path / "data")


def one_queued(store) -> str:
    req = make_request(store)
    queue(store, req.id, make_policy())
    return req.id


# -- network: deadlines and caps ------------------------------------------------------------------------


@pytest.mark.parametrize("script", [trickle_headers, trickle_body], ids=["headers", "body"])
def test_a_trickling_intake_is_cut_off_at_the_deadline(store, script):
    rid = one_queued(store)
    with ScriptedServer(script) as server:
        backend = backend_for_kind("jira", server.base, timeout=0.5, deadline=1.5)  # for the whole call
        show_queued(store, backend)
        started = time.monotonic()
        [out] = sync(store, backend, now=T0)
        elapsed = time.monotonic() - started
    assert elapsed < 6, elapsed
    assert out.action == "queued" and "did not finish answering within 1.5 s" in out.message
    rec = store.load(rid).delivery
    assert rec.maybe_delivered and rec.next_attempt_at is not None and not rec.parked  # retried later


def test_an_endless_intake_answer_is_cut_at_the_size_cap(store):
    one_queued(store)
    with ScriptedServer(endless_body) as server:
        backend = backend_for_kind("webhook", server.base, timeout=5)
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0)
    assert out.action == "queued" and "larger than" in out.message and "stopped reading" in out.message


def test_a_trickling_pack_server_falls_back_to_the_cached_copy(tmp_path, monkeypatch):
    from test_packs_remote import signed_archive

    import tui.packs.cache as cache_mod
    from tui.core.signing import generate_key
    from tui.packs.remote import fetch_pack

    monkeypatch.setattr(cache_mod, "load_validator", lambda: None)  # a minimal pack, not a full one
    key_file = tmp_path / "k.pem"
    public = generate_key(key_file)
    archive = signed_archive(tmp_path, key_file, "2026.11.1")
    blob, sig = archive.read_bytes(), archive.with_name(archive.name + ".sig").read_bytes()
    slow = threading.Event()

    def serve(conn, req, stop) -> None:
        is_sig = b".sig " in req.split(b"\r\n", 1)[0]
        if slow.is_set():  # the signature asked first (it says whether the copy is current), then the archive
            return trickle_headers(conn, req, stop) if is_sig else trickle_body(conn, req, stop, b"200 OK")
        body = sig if is_sig else blob
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
        )

    with ScriptedServer(serve) as server:
        url = server.base + "/pack.tar.gz"
        first = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
        assert first.verified
        slow.set()
        started = time.monotonic()
        result = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache", timeout=0.5, deadline=1.0)
        assert time.monotonic() - started < 6
    assert result.from_cache and result.path == first.path and result.verified
    assert "did not finish answering within 1 s" in result.message


# -- secrets and escapes --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["jira", "jira2", "github", "servicenow"])
def test_a_401_that_echoes_the_credentials_leaves_no_secret_anywhere(store, tmp_path, capsys, monkeypatch, kind):
    rid = one_queued(store)
    with ScriptedServer(echo_auth_401) as server:
        backend = backend_for_kind(kind, server.base)
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0)
        [sent] = server.requests
    auth = next(
        line.split(b":", 1)[1].strip().decode()
        for line in sent.split(b"\r\n")
        if line.lower().startswith(b"authorization:")
    )
    credential = auth.split(" ", 1)[1]
    assert TOKEN in auth or TOKEN in base64.b64decode(credential + "==").decode(errors="replace")
    assert "HTTP 401" in out.message and "<redacted>" in out.message
    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "data"))
    printed = ""
    for argv in (
        ["request", "list"],
        ["request", "list", "--json"],
        ["request", "show", rid],
        ["request", "show", rid, "--json"],
    ):
        assert main(argv) == 0
        o, e = capsys.readouterr()
        printed += o + e
    stored = "".join(p.read_text(errors="replace") for p in (tmp_path / "data").rglob("*") if p.is_file())
    for text in (out.message, printed, stored):
        for secret in (TOKEN, auth, credential, f"{JIRA_EMAIL}:{TOKEN}"):
            assert secret not in text
    assert "needs attention" in printed


def test_permanent_refusals_are_parked_not_resent(store, tmp_path, capsys, monkeypatch):
    rid = one_queued(store)
    with ScriptedServer(echo_auth_401, max_conns=10) as server:
        backend = backend_for_kind("github", server.base)
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0)
        assert "parked" in out.message and f"aicheck request retry {rid}" in out.message
        for _ in range(3):  # every later sync and app start: nothing sent
            assert sync(store, backend, now=T0, force=True) == []
        assert len(server.requests) == 1
    rec = store.load(rid)
    assert rec.state == "queued" and rec.delivery.parked and rec.delivery.needs_attention
    fake = FakeIntake()
    fake.start()
    try:
        backend = backend_for_kind("github", fake.base)
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0, retry_parked=True)  # the user's explicit retry
        assert out.action == "sent" and len(fake.created()) == 1
        again = sync(store, backend, now=T0, force=True, retry_parked=True)
        assert [o.action for o in again] == ["unchanged"] and len(fake.created()) == 1  # a status poll only
    finally:
        fake.stop()
    assert store.load(rid).state == "submitted"


def test_terminal_escapes_in_a_ticket_key_are_cleaned_before_storing_and_printing(store, capsys, tmp_path, monkeypatch):
    rid = one_queued(store)
    with ScriptedServer(escape_ticket) as server:
        backend = backend_for_kind("jira", server.base)
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0)
    assert out.action == "sent" and "\x1b" not in out.ticket and "\\x1b" in out.ticket
    rec = store.load(rid)
    assert "\x1b" not in rec.delivery.ticket and "\x07" not in rec.delivery.ticket_url
    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "data"))
    for argv in (["request", "list"], ["request", "show", rid]):
        assert main(argv) == 0
        o, e = capsys.readouterr()
        assert "\x1b" not in o + e and "\x07" not in o + e


def test_the_app_title_is_cleaned_of_terminal_escapes(tmp_path, machine_factory):
    """The app's title also goes to the terminal's title bar (an OSC sequence was seen there)."""
    import asyncio
    import shutil

    from support.app import SIZE, app_for, settle
    from tui.paths import bundled_content_dir

    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    policy = pack / "policy.toml"
    policy.write_text(policy.read_text().replace('name = "Example Corp"', 'name = "Evil\\u001b]0;owned\\u0007"', 1))
    app = app_for(machine_factory("linux"), str(pack))

    async def run() -> str:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            return app.title

    title = asyncio.run(run())
    assert "Evil" in title and "\x1b" not in title and "\x07" not in title


# -- records: quarantined, never fatal ------------------------------------------------------------------


def _approved(store) -> str:
    req = make_request(store)
    with store.transaction(req.id) as r:
        r.state = "approved"
        r.delivery.ticket = "SEC-1"  # (approved through a ticket: one without is a PROBLEM of its own)
        r.decision.status = "approved"
        r.decision.decided_at = datetime.now(UTC).replace(microsecond=0)
    return req.id


BAD_RECORDS = {
    "tool-int": lambda text: text.replace('[tool]\nid = "cursor"', "tool = 3\n[x]\nid = 1"),
    "created-string": lambda text: _set_top(text, 'created = "yesterday"'),
    "created-date": lambda text: _set_top(text, "created = 2026-01-01"),
    "huge-days": lambda text: _set_top(text, "days = 999999999"),
    "expires-string": lambda text: text.replace("[decision]\n", '[decision]\nexpires = "soon"\n'),
    "broken-toml": lambda text: text + "\n[[[\n",
    "binary": lambda text: "\udcff",
}


def _set_top(text: str, line: str) -> str:
    key = line.split(" ")[0]
    lines = [x for x in text.splitlines() if not x.startswith(f"{key} = ")]
    return line + "\n" + "\n".join(lines) + "\n"


def test_bad_records_are_quarantined_and_the_rest_keeps_working(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "data"))
    store = RequestStore(tmp_path / "data")
    good = _approved(store)
    template = store.path(good).read_text()
    for damage in BAD_RECORDS.values():
        req = make_request(store)
        path = store.path(req.id)
        text = template.replace(good, req.id)
        path.write_bytes(damage(text).encode("utf-8", "surrogateescape"))
    fifo_id, dir_id, zero_id = "REQ-20260101-0000F1", "REQ-20260101-0000D1", "REQ-20260101-00000E"
    os.mkfifo(store.folder / f"{fifo_id}.toml")
    (store.folder / f"{dir_id}.toml").mkdir()
    if Path("/dev/zero").exists():
        (store.folder / f"{zero_id}.toml").symlink_to("/dev/zero")

    waiting = approvals_waiting(tmp_path / "data")  # what scan and check read: never fails, never hangs
    assert [w.source for w in waiting] == [good]

    reqs, problems = store.list()
    assert [r.id for r in reqs] == [good]
    assert len(problems) == len(BAD_RECORDS) + 2 + Path("/dev/zero").exists()
    joined = "\n".join(problems)
    assert "tool" in joined and "must be a table" in joined
    assert "created must be a date and time" in joined
    assert "days = 999999999 is out of range" in joined
    assert "decision.expires must be a date" in joined
    assert "not a regular file (a FIFO)" in joined and "not a regular file (a folder)" in joined

    code = main(["request", "list"])
    out, err = capsys.readouterr()
    assert code == 2 and good in out and "Traceback" not in out + err  # listed, and a script learns of them
    assert out.count("PROBLEM") == len(problems)
    (tmp_path / "root").mkdir()
    code = main(["scan", "--root", str(tmp_path / "root"), "--home", str(tmp_path / "root"), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out) and "Traceback" not in err
    assert main(["check", "--root", str(tmp_path / "root"), "--home", str(tmp_path / "root")]) == 0
    # nothing queued among the readable ones; the bad ones are named, never passed over in silence
    assert main(["request", "sync"]) == 2 and "(not synced; repair or remove it)" in capsys.readouterr().err


def test_other_data_dir_files_shrug_off_fifos_and_garbage(tmp_path):
    from tui.config import load_config
    from tui.errors import ConfigError
    from tui.services import attestations, onboarding

    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / attestations.FILE)
    assert attestations.load("ab" * 32, data) == set()
    (data / "onboarding.toml").mkdir()
    assert onboarding.load("1", "ab" * 32, data).acknowledged is None
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(fifo)
    (tmp_path / "bad.toml").write_text("confirmed = 3\npolicy_sha256 = '" + "ab" * 32 + "'\n")
    os.replace(tmp_path / "bad.toml", data / "attest2.toml")
    (data / attestations.FILE).unlink()
    (data / attestations.FILE).write_text("confirmed = 3\npolicy_sha256 = '" + "ab" * 32 + "'\n")
    assert attestations.load("ab" * 32, data) == set()


def test_stale_temporaries_are_cleaned(store):
    req = make_request(store)
    stale, fresh = store.folder / f".{req.id}.toml.abc.tmp", store.folder / f".{req.id}.toml.def.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    store.list()
    assert not stale.exists() and fresh.exists()  # a writer may still be working on the fresh one


def test_submit_intent_is_recorded_before_the_first_attempt(tmp_path, capsys, monkeypatch):
    """``request new --submit`` killed right after the record is written: the request is queued (not a
    draft), so the next sync sends it, exactly once."""
    from tui.requests import outbox

    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    fake = FakeIntake()
    fake.start()
    try:
        use_webhook(f"{fake.base}/hook", monkeypatch)

        def killed(*_a, **_k):
            raise KeyboardInterrupt  # the process dies between "recorded" and the first send

        real_submit = outbox.submit
        monkeypatch.setattr(outbox, "submit", killed)
        code = main(
            [
                "request",
                "new",
                "--tool",
                "cursor",
                "--justification",
                JUST,
                "--no-scan",
                "--submit",
                "--name",
                "Ada",
                "--email",
                "ada@example.com",
            ]
        )
        capsys.readouterr()
        assert code == 130 and fake.received == []
        [req] = RequestStore(tmp_path / "data").list()[0]
        assert req.state == "queued"
        monkeypatch.setattr(outbox, "submit", real_submit)  # a new process: sync sends it, once
        for _ in range(2):
            assert main(["request", "sync"]) == 0
        capsys.readouterr()
        assert len(fake.created()) == 1
        assert RequestStore(tmp_path / "data").load(req.id).state == "submitted"
    finally:
        fake.stop()


# -- disk errors are messages ---------------------------------------------------------------------------


def _cli(
    args: list[str], env: dict[str, str], *, fsize: int | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """``python -m tui ARGS`` in a child process (behind ``prefix``), with at most ``fsize`` bytes per file."""

    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [*prefix, sys.executable, "-m", "tui", *args],
        env={**os.environ, **env, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
        cwd=ROOT,
        check=False,
    )


def test_a_data_dir_that_cannot_be_created_is_one_line_exit_2(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    env = {"AICHECK_DATA_DIR": str(blocker / "data"), "HOME": str(tmp_path)}
    for args in (
        [
            "request",
            "new",
            "--tool",
            "cursor",
            "--justification",
            JUST,
            "--no-scan",
            "--name",
            "Ada",
            "--email",
            "ada@example.com",
        ],
        ["impact", "new", "--tool", "cursor", "--title", "t", "--workflow", "Write:240:40:3"],
        ["attest", "github-copilot", "business-seat", "--yes"],
    ):
        r = _cli(args, env)
        assert r.returncode == 2, r.stderr
        assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
        assert str(blocker) in r.stderr and "a file is in the way" in r.stderr


def test_a_pack_cache_that_cannot_be_written_is_one_line_exit_2(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with ScriptedServer(lambda conn, req, stop: None) as server:
        r = _cli(
            ["content", "fetch", server.base + "/pack.tar.gz"],
            {"AICHECK_CACHE_DIR": str(blocker / "cache"), "HOME": str(tmp_path)},
        )
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert "cannot write the pack cache in" in r.stderr and "AICHECK_CACHE_DIR" in r.stderr


def test_a_full_disk_leaves_the_record_intact_and_says_so(tmp_path):
    data = tmp_path / "data"
    env = {"AICHECK_DATA_DIR": str(data), "HOME": str(tmp_path)}
    r = _cli(
        [
            "request",
            "new",
            "--tool",
            "cursor",
            "--justification",
            JUST,
            "--no-scan",
            "--name",
            "Ada",
            "--email",
            "ada@example.com",
        ],
        env,
    )
    assert r.returncode == 0, r.stderr
    [path] = (data / "requests").glob("REQ-*.toml")
    before = path.read_bytes()
    r = _cli(["request", "submit", path.stem], env, fsize=len(before) // 2)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "cannot write" in r.stderr and "try again" in r.stderr, r.stderr
    assert path.read_bytes() == before  # intact: no half-written record
    assert not list((data / "requests").glob(".*.tmp"))  # and no temporary left behind


def test_terminal_escapes_in_the_org_name_are_printed_cleaned(tmp_path, capsys):
    import shutil

    from tui.paths import bundled_content_dir

    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    policy = pack / "policy.toml"
    policy.write_text(
        policy.read_text().replace('name = "Example Corp"', 'name = "Evil\\u001b]0;owned\\u0007 Corp"', 1)
    )
    (tmp_path / "root").mkdir()
    for argv in (["scan"], ["scan", "--explain"], ["check"]):
        code = main([*argv, "--content", str(pack), "--root", str(tmp_path / "root"), "--home", str(tmp_path / "root")])
        out, err = capsys.readouterr()
        assert code in (0, 1) and "Traceback" not in err, err
        assert "\x1b" not in out + err and "\x07" not in out + err


def _as_a_user(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m tui ARGS`` with permissions enforced: root ignores them, so when it is root the command
    runs without the DAC capabilities (setpriv)."""
    import shutil

    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        prefix = ("setpriv", "--bounding-set=-dac_override,-dac_read_search")
    return _cli(list(args), {}, prefix=prefix)


def test_a_folder_that_cannot_be_searched_is_noted_in_explain_and_json(tmp_path):
    """Nothing in a folder that cannot be searched can run either: a note, not a scan error."""
    root = tmp_path / "root"
    home = root / "home" / "ada"
    locked = [home / ".cursor", root / "usr" / "local" / "lib"]
    (root / "usr" / "bin").mkdir(parents=True)  # the search path must exist: a missing one is a usage error
    for folder in locked:
        (folder / "inside").mkdir(parents=True)
        folder.chmod(0)
    try:
        args = ["scan", "--root", str(root), "--home", "/home/ada", "--platform", "linux", "--search-path", "/usr/bin"]
        js = _as_a_user(*args, "--json")
        ex = _as_a_user(*args, "--explain")
    finally:
        for folder in locked:
            folder.chmod(0o755)
    assert js.returncode == 0 and ex.returncode == 0, js.stderr + ex.stderr
    report = json.loads(js.stdout)
    noted = {s["path"] for s in report["audit"]["skipped"] if "permission denied" in s["reason"]}
    assert "/home/ada/.cursor" in noted and "/usr/local/lib" in noted, report["audit"]["skipped"]
    assert "permission denied (anything inside it looks absent)" in ex.stdout
    assert not report["errors"]


def test_a_folder_that_can_be_searched_but_not_listed_is_no_clean_bill(tmp_path, machine_factory):
    """`chmod 311` takes the read permission from a folder and keeps the search permission: `claude` still
    runs from it, but a listing fails. Before, that hid the tool and `check` said compliant."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    hiding = [m.host("/usr/local/bin"), m.host("/usr/local/lib/node_modules")]
    args = ["check", "--json", *m.cli_args()]
    assert _as_a_user(*args).returncode == 1  # the control: readable, the tool is found
    for folder in hiding:
        folder.chmod(0o311)
    try:
        hidden = _as_a_user(*args)
    finally:
        for folder in hiding:
            folder.chmod(0o755)
    report = json.loads(hidden.stdout)
    assert hidden.returncode == 2 and report["check"]["exit_code"] == 2, hidden.stderr
    assert not report["tools"]
    assert [e.split(":")[0] for e in report["errors"]] == [
        "cannot list /usr/local/bin",
        "cannot list /usr/local/lib/node_modules",
    ]
    assert all("permission denied, so a tool inside it would go unseen" in e for e in report["errors"])


async def test_the_app_start_does_not_resend_a_parked_request_but_sync_now_does(monkeypatch):
    from support.app import SIZE, demo_app, settle

    def refuse(conn, _req, _stop) -> None:
        body = b'{"message": "forbidden"}'
        conn.sendall(
            b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\nConnection: close\r\n\r\n"
            + body
        )

    store = RequestStore()
    rid = one_queued(store)
    with ScriptedServer(refuse, max_conns=10, lifetime=60) as server:
        use_webhook(f"{server.base}/hook", monkeypatch)
        show_queued(store, backend_for_kind("webhook", server.base))
        for start in range(3):
            app = demo_app()
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await app.workers.wait_for_complete()
                await pilot.pause()
                if start == 2:  # the user's explicit "Sync now" in the requests list retries it
                    await pilot.press("x")
                    await pilot.pause()
                    await pilot.press("s")
                    await app.workers.wait_for_complete()
                    await pilot.pause()
            assert len(server.requests) == (1 if start < 2 else 2), start
    rec = store.load(rid)
    assert rec.state == "queued" and rec.delivery.parked and "HTTP 403" in rec.delivery.last_error


# -- wrong types anywhere in a record: RecordError, never anything else ------------------------------


def _any_value():
    from hypothesis import strategies as st

    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**18, max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=st.just(UTC)),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
        max_leaves=6,
    )


def _damaged_records():
    from hypothesis import strategies as st

    base = make_request()
    base.state = "approved"
    record = base.to_dict()
    paths = [(k,) for k in record] + [(k, sub) for k, v in record.items() if isinstance(v, dict) for sub in v]
    paths += [("delivery", "parked"), ("decision", "expires"), ("decision", "decided_at")]
    return st.lists(st.tuples(st.sampled_from(paths), _any_value()), min_size=1, max_size=4).map(
        lambda changes: _apply(record, changes)
    )


def _apply(record: dict, changes) -> dict:
    import copy

    out = copy.deepcopy(record)
    for path, value in changes:
        target = out
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[path[-1]] = value
    return out


def test_wrong_types_anywhere_in_a_request_are_a_record_error_or_harmless():
    from hypothesis import HealthCheck, given, settings

    from tui.errors import RecordError
    from tui.requests.model import ExceptionRequest, grant_expiry
    from tui.requests.outbox import is_due

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(_damaged_records())
    def check(record: dict) -> None:
        try:
            req = ExceptionRequest.from_dict(record, source="REQ.toml")
        except RecordError:
            return
        # accepted: everything the gate, the outbox and the list do with it must work
        grant_expiry(req)
        is_due(req, T0)
        import tomli_w

        tomli_w.dumps(req.to_dict())  # it can be written back (sync, withdraw)
        f"{req.created:%Y-%m-%d} {req.days:>3}"

    check()


def test_wrong_types_anywhere_in_an_impact_document_are_a_record_error_or_harmless():
    import tomli_w
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tui.errors import RecordError
    from tui.requests.impact import ImpactDoc, Workflow, new_impact
    from tui.requests.markdown import impact_markdown

    doc = new_impact("cursor", "Migration").edited(workflows=(Workflow("Write", 240, 40, 3),), cost_per_month=20.0)
    record = doc.to_dict()
    paths = [(k,) for k in record] + [("workflow", 0)]

    def apply(changes) -> dict:
        out = json.loads(json.dumps(record, default=str))
        out["created"], out["updated"] = record["created"], record["updated"]
        for path, value in changes:
            if path == ("workflow", 0):
                out["workflow"] = [value]
            else:
                out[path[0]] = value
        return out

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(st.lists(st.tuples(st.sampled_from(paths), _any_value()), min_size=1, max_size=3).map(apply))
    def check(data: dict) -> None:
        try:
            loaded = ImpactDoc.from_dict(data, source="IMP.toml")
        except RecordError:
            return
        loaded.totals()
        impact_markdown(loaded)
        tomli_w.dumps(loaded.to_dict())

    check()


def test_cli_parks_a_refused_request_and_retries_it_only_when_asked(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))

    def point_at(base: str) -> None:
        use_webhook(f"{base}/hook", monkeypatch)

    with ScriptedServer(echo_auth_401, max_conns=10) as server:
        point_at(server.base)
        assert (
            main(
                [
                    "request",
                    "new",
                    "--tool",
                    "cursor",
                    "--justification",
                    JUST,
                    "--no-scan",
                    "--submit",
                    "--name",
                    "Ada",
                    "--email",
                    "ada@example.com",
                ]
            )
            == 0
        )
        out = capsys.readouterr().out
        assert "HTTP 401" in out and "aicheck request retry" in out
        [req] = RequestStore().list()[0]
        for argv in (["request", "sync"], ["request", "sync", "--now"]):
            assert main(argv) == 0
            out = capsys.readouterr().out
            assert f"1 parked (refused by the intake, not re-sent): {req.id}" in out
        assert len(server.requests) == 1
    fake = FakeIntake()
    fake.start()
    try:
        point_at(fake.base)
        assert main(["request", "retry", req.id[-6:]]) == 0
        assert f"{req.id}: sent, ticket" in capsys.readouterr().out
        assert main(["request", "sync", "--retry-parked"]) == 0
        capsys.readouterr()
        assert len(fake.created()) == 1
    finally:
        fake.stop()


def test_the_deadline_holds_on_a_kept_alive_connection_too(store):
    """sync sends several requests through one client: a server that answers the first at once and keeps
    the connection open, then trickles the second, is still cut off at the deadline."""
    one_queued(store)
    one_queued(store)

    def keep_alive_then_trickle(conn, req, stop) -> None:
        body = json.dumps({"key": "SEC-1"}).encode()
        conn.sendall(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
        conn.settimeout(1)
        try:
            if not conn.recv(65536):  # the client closed: it asked for a new connection
                return
        except OSError:
            return
        trickle_headers(conn, req, stop)

    with ScriptedServer(keep_alive_then_trickle) as server:
        started = time.monotonic()
        backend = backend_for_kind("jira", server.base, timeout=2, deadline=4)
        show_queued(store, backend)
        outcomes = sync(store, backend, now=T0)
        elapsed = time.monotonic() - started
    assert elapsed < 12, elapsed
    assert sorted(o.action for o in outcomes) == ["sent", "sent"]  # each call on its own connection


def _opened_project(m, folder: str) -> None:
    """VS Code has opened ``folder``, which brings Roo Code a remote server of its own."""
    m.write_json(m.ud + "/Code/User/workspaceStorage/0a1/workspace.json", {"folder": f"file://{folder}"})
    m.write_json(folder + "/.roo/mcp.json", {"mcpServers": {"far": {"type": "http", "url": "https://far.example/m"}}})


def test_a_project_folder_that_can_be_searched_but_not_listed_still_has_its_files_read(machine_factory):
    """The folders an editor opened are listed (one level) to learn which clients' files they hold. One that can
    be searched but not listed (`chmod 311`) still lets every client read its files: each is looked for by
    itself, and the scan is not called incomplete for it."""
    m = machine_factory("linux")
    project = m.h("src/app")
    _opened_project(m, project)
    args = ["check", "--json", *m.cli_args()]
    m.host(project).chmod(0o311)
    try:
        locked = _as_a_user(*args)
    finally:
        m.host(project).chmod(0o755)
    report = json.loads(locked.stdout)
    assert locked.returncode == 1 and not report["errors"], locked.stderr
    assert [s["name"] for s in report["mcp_servers"]] == ["far"]


def test_a_project_folder_too_big_to_list_still_has_its_files_read(machine_factory, monkeypatch):
    """A folder opened in an editor can hold a million files: its listing stops at a bound (never held whole),
    and each client's file is then looked for by itself."""
    import tui.core.agents.projects as projects
    from tui.core.content import load_pack
    from tui.core.scanner import scan
    from tui.paths import bundled_content_dir

    monkeypatch.setattr(projects, "MAX_PROJECT_NAMES", 3)
    m = machine_factory("linux")
    project = m.h("src/app")
    _opened_project(m, project)
    for i in range(5):
        m.write(f"{project}/file{i}.txt", "x\n")
    report = scan(m.machine(), load_pack(bundled_content_dir()))
    assert [f.item.name for f in report.surface.servers] == ["far"]
    m.host(project + "/file0.txt").unlink()
    for i in range(1, 5):
        m.host(f"{project}/file{i}.txt").unlink()
    assert [f.item.name for f in scan(m.machine(), load_pack(bundled_content_dir())).surface.servers] == ["far"]


# -- answers of shapes no intake should give, and settings no client can send ---------------------------


def answering(first: tuple[int, dict[str, str], bytes]):
    """A script that gives the first connection ``first`` (status, headers, body) and every later one a
    created ticket, each with a key of its own."""
    served = []

    def script(conn, _req, _stop) -> None:
        served.append(1)
        status, headers, body = (
            first
            if len(served) == 1
            else (
                201,
                {},
                json.dumps(
                    {
                        "key": f"SEC-{len(served)}",
                        "id": "1",
                        "number": len(served),
                        "result": {"sys_id": "a", "number": "REQ1"},
                    }
                ).encode(),
            )
        )
        head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        conn.sendall(head.encode("utf-8") + b"Connection: close\r\n\r\n" + body)

    return script


DEEP = b"[" * 100_000 + b"]" * 100_000  # JSON nested far deeper than Python's parser goes


@pytest.mark.parametrize(
    "kind, first",
    [
        ("jira", (201, {}, DEEP)),
        ("github", (201, {}, DEEP)),
        ("servicenow", (201, {}, DEEP)),
        ("servicenow", (201, {}, b'{"result": [1, 2]}')),
        ("github", (429, {"Retry-After": "\u00b2"}, b"{}")),  # a digit to str.isdigit, not to float()
    ],
)
def test_an_answer_aicheck_cannot_read_is_one_error_and_the_queue_goes_on(store, kind, first):
    """Red team: an answer of a shape the backend does not expect (a list where an object belongs, JSON
    nested 100,000 deep, a Retry-After of "²") crashed `request sync` (exit 3): the requests after it were
    never tried, and the next sync asked again at once, backoff unrecorded. Now it is that request's
    error, with a retry time (a create's answer came after the ticket may exist: looked up first, never
    filed twice where the intake can be searched), and the next request is sent."""
    a, b = one_queued(store), one_queued(store)
    with ScriptedServer(answering((first[0], first[1], first[2])), max_conns=10) as server:
        backend = backend_for_kind(kind, server.base)
        show_queued(store, backend)
        outcomes = {o.request_id: o for o in sync(store, backend, now=T0)}
    first_id, second_id = sorted((a, b), key=lambda rid: outcomes[rid].action == "sent")
    bad = outcomes[first_id]
    assert bad.state == "queued" and len(bad.message) < 400, bad
    record = store.load(first_id).delivery
    # retried later, or (an answer that says a ticket was made but not which) left for a person to look at
    assert (record.next_attempt_at is not None or record.needs_attention) and not record.in_flight
    if first[2] == DEEP:
        assert "answered in a form aicheck cannot read" in bad.message and record.maybe_delivered
    assert outcomes[second_id].action == "sent" and store.load(second_id).state == "submitted"


@pytest.mark.parametrize("token", ["tok-secret-42\r", "tok-secret-42\n", "tok-s\u00e9cret-42", "tok\x1b[2Jsecret"])
def test_a_token_no_header_can_carry_is_a_setting_to_fix_and_never_shown(store, token, capsys):
    """Red team: a token saved with a Windows line ending was printed whole (in the client's own error,
    quoted as b'Bearer tok\\r') and stored in the record's error and history, then retried forever as
    "maybe delivered"; a non-ASCII one crashed the sync (exit 3). Nothing is sent: the setting is to fix,
    and the value appears nowhere."""
    from tui.intake.factory import build_backend

    rid = one_queued(store)
    with ScriptedServer(answering((201, {}, b'{"key": "SEC-1"}'))) as server:
        backend = build_backend(settings_for("jira", server.base), env={**ENV, "T_TOKEN": token})
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0)
        assert server.requests == []
    rec = store.load(rid)
    assert out.state == "queued" and "T_TOKEN holds a line ending, a control or a non-ASCII character" in out.message
    assert rec.delivery.needs_attention and not rec.delivery.maybe_delivered and rec.delivery.next_attempt_at is None
    text = store.path(rid).read_text(encoding="utf-8")
    assert "secret" not in text.lower().replace("t_secret", "") and "secret" not in out.message


def test_a_secret_quoted_as_python_writes_it_is_redacted_too():
    from tui.intake.base import redact_secrets

    for quoted in ("Illegal header value b'Bearer tok-secret-42\\r'", "value 'tok-secret-42\\n' refused"):
        assert "tok-secret-42" not in redact_secrets(quoted, ["tok-secret-42\r", "tok-secret-42\n"])


@pytest.mark.parametrize(
    "url, says",
    [
        ("https://[::1", "not a URL aicheck can read"),
        ("https://intake.example.com:99999/hook", "not a URL aicheck can read"),
        ("https://intake.example.com/\x1b[31mred", "a space or a control character"),
        ("https://intake.example.com/a b", "a space or a control character"),
        ("https://intake.example.com/\u00e9", "non-ASCII"),
        ("ftp://127.0.0.1/hook", "not an https:// URL"),
    ],
)
def test_an_intake_url_no_client_can_send_to_is_refused_where_it_is_written(tmp_path, capsys, url, says):
    """Red team: `content validate` said OK to a pack whose [intake] url was "https://[::1"; `request new
    --submit` then crashed (exit 3) and the justification typed was lost. A port out of range or a control
    character passed every check and failed at send time (a control character also reached the terminal
    raw in the preview). Each is now refused by the pack's validation, with its line, and by the config."""
    from tui.errors import ConfigError
    from tui.intake.factory import build_backend

    with pytest.raises(ConfigError, match=says):
        build_backend({"kind": "webhook", "url": url, "secret_env": "S"})
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    policy = (pack / "policy.toml").read_text()
    start = policy.index("[intake]")
    line = policy[:start].count("\n") + 1
    written = json.dumps(url)  # a TOML basic string: the same escapes as JSON's for these
    policy = policy[:start] + re.sub(r'url = "[^"]*"', lambda _m: f"url = {written}", policy[start:], count=1)
    (pack / "policy.toml").write_text(policy)
    assert main(["content", "validate", str(pack)]) == 2
    err = capsys.readouterr()
    text = err.out + err.err
    assert "intake url is not a URL to send to" in text and says in text and "\x1b" not in text
    assert f"policy.toml:{line + 2}" in text, text  # the url's own line, two below [intake]


def answers(*responses: tuple[int, bytes]):
    """A script that answers each connection in turn with the next (status, JSON body)."""
    left = list(responses)

    def script(conn, _req, _stop) -> None:
        status, body = left.pop(0) if left else (500, b"{}")
        head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        conn.sendall(head.encode() + b"Connection: close\r\n\r\n" + body)

    return script


@pytest.mark.parametrize(
    "kind, body",
    [
        ("jira", b'{"issues": "abc"}'),
        ("jira", b'{"issues": [null]}'),
        ("jira", b'{"issues": {"a": 1}}'),
        ("github", DEEP),
    ],
)
def test_a_lookup_answer_aicheck_cannot_read_is_retried_later(store, kind, body):
    """Red team: after an answer that may have come after the ticket was made, the next attempt searches
    for it first; a search answer such as {"issues": "abc"} crashed the sync (exit 3). Now it is retried
    later, and nothing is filed twice meanwhile."""
    rid = one_queued(store)
    with store.transaction(rid) as req:
        req.delivery.maybe_delivered = True
    with ScriptedServer(answers((200, body))) as server:
        backend = backend_for_kind(kind, server.base)
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0)
        assert [r.split(b" ", 1)[0] for r in server.requests] == [b"GET"]  # the search alone, no second create
    assert out.state == "queued" and "answered in a form aicheck cannot read" in out.message
    assert store.load(rid).delivery.next_attempt_at is not None


@pytest.mark.parametrize(
    "kind, created, status",
    [
        ("jira", b'{"key": "SEC-1", "id": "1"}', b'{"fields": null}'),
        ("github", b'{"number": 1, "html_url": "https://x/1"}', b'{"state": "closed", "labels": null}'),
        ("servicenow", b'{"result": {"sys_id": "a", "number": "R1"}}', DEEP),
    ],
)
def test_a_decision_answer_aicheck_cannot_read_leaves_the_request_as_it_was(store, kind, created, status):
    rid = one_queued(store)
    with ScriptedServer(answers((201, created), (200, status)), max_conns=6) as server:
        backend = backend_for_kind(kind, server.base)
        show_queued(store, backend)
        assert sync(store, backend, now=T0)[0].action == "sent"
        [out] = sync(store, backend, now=T0)
    assert out.action == "unchanged" and "could not read the decision" in out.message
    assert store.load(rid).state == "submitted"


def test_a_webhook_answer_cannot_send_aicheck_elsewhere_or_plant_a_credential_in_the_record(store):
    """Red team: a webhook's answer named a status_url on any host or port, which every sync then asked
    (signed); and a ticket key that echoed the credential was stored as it came."""
    rid = one_queued(store)
    with ScriptedServer(answers((200, b"{}")), max_conns=4) as elsewhere:
        other = f"{elsewhere.base}/status/1"
        with ScriptedServer(
            answers((200, json.dumps({"ticket": f"T-{SECRET}", "status_url": other}).encode()))
        ) as server:
            backend = backend_for_kind("webhook", server.base)
            show_queued(store, backend)
            [out] = sync(store, backend, now=T0)
            assert out.action == "sent"
            sync(store, backend, now=T0)
        assert elsewhere.requests == []
    d = store.load(rid).delivery
    assert d.ticket_ref == "" and SECRET not in d.ticket and "<redacted>" in d.ticket
    assert SECRET not in store.path(rid).read_text(encoding="utf-8")


def test_plain_http_to_this_machine_never_goes_through_a_proxy_the_environment_names(store, monkeypatch):
    """Red team: with HTTP_PROXY set, a request to the intake at http://127.0.0.1 went to the proxy, token in
    the clear, while the preview named 127.0.0.1: plain http is allowed only to this machine."""
    rid = one_queued(store)
    with (
        ScriptedServer(answers((200, b"{}")), max_conns=4) as proxy,
        ScriptedServer(answers((201, b'{"key": "SEC-1", "id": "1"}'))) as server,
    ):
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(name, proxy.base)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        backend = backend_for_kind("jira", server.base)
        show_queued(store, backend)
        [out] = sync(store, backend, now=T0)
        assert out.action == "sent" and len(server.requests) == 1
        assert proxy.requests == []
    assert store.load(rid).state == "submitted"


def test_a_stored_status_address_elsewhere_is_never_asked(store):
    """Red team: a record written before the status_url rule (or edited by hand) kept asking a status_url
    on another host at each sync; it is asked only on the intake's own host and port."""
    rid = one_queued(store)
    with (
        ScriptedServer(answers((200, b'{"status": "approved"}')), max_conns=4) as elsewhere,
        ScriptedServer(answers((200, b'{"ticket": "T-1"}'), (200, b'{"status": "approved"}')), max_conns=4) as server,
    ):
        backend = backend_for_kind("webhook", server.base)
        show_queued(store, backend)
        assert sync(store, backend, now=T0)[0].action == "sent"
        with store.transaction(rid) as req:
            req.delivery.ticket_ref = f"{elsewhere.base}/status/1"
        sync(store, backend, now=T0)
        assert elsewhere.requests == []
        with store.transaction(rid) as req:
            req.delivery.ticket_ref = f"{server.base}/hook/status/1"  # the intake's own: asked
        [out] = sync(store, backend, now=T0)
    assert out.action == "decided" and store.load(rid).state == "approved"
