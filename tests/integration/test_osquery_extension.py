"""The osquery extension, spoken to in osquery's own protocol: a test ExtensionManager (served with the
``osquery`` package's generated Thrift code) on a Unix socket, the real ``aicheck osquery-extension`` process
registering with it, and ``columns``/``generate`` calls through the package's Thrift client - on a synthetic
machine with several users, one of whose homes links outside itself. osqueryd itself is not installed here."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from support.fleet import HOOK_SECRET, SECRET, build_users_machine
from tui.demo.synthetic import SyntheticMachine

osquery = pytest.importorskip(
    "osquery", reason="the osquery extra is not installed (pip install 'aicheck-policy[osquery]')"
)
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")

from osquery.extension_client import ExtensionClient  # noqa: E402

from support.osquery_manager import UUID, Manager, ManagerServer  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# `python -m tui` in a process whose uid is root's, as osqueryd starts its extensions: every home is scanned as
# root scans it (from another account that is an incomplete outcome by design), whichever account runs the suite
AS_ROOT = "import os, runpy; os.geteuid = lambda: 0; runpy.run_module('tui', run_name='__main__', alter_sys=True)"


def _socket_dir(tmp_path: Path) -> tuple[Path, bool]:
    """A folder for Unix sockets short enough for sun_path (108 bytes, with the extension's .uuid suffix)."""
    if len(str(tmp_path / "osquery.em.4242")) < 90:
        return tmp_path, False
    return Path(tempfile.mkdtemp(prefix="aqx")), True


@pytest.fixture
def users_machine(tmp_path):
    build_users_machine(tmp_path / "disk")
    return tmp_path / "disk"


@pytest.fixture
def extension(tmp_path, users_machine):
    with _running(tmp_path, users_machine) as running:
        yield running


@contextlib.contextmanager
def _running(tmp_path, users_machine, *extra: str, before=None, umask: int = -1):
    """The extension registered with a test manager: (handler, its client, its log, the process). ``extra``:
    more options; ``before(own socket path)``: run before it starts; ``umask``: the process's (-1: ours)."""
    folder, made = _socket_dir(tmp_path)
    if before is not None:
        before(str(folder / "osquery.em") + "." + str(UUID))
    sock = str(folder / "osquery.em")
    handler = Manager()
    server = ManagerServer(sock, handler)
    log = tmp_path / "extension.log"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                AS_ROOT,
                "osquery-extension",
                "--socket",
                sock,
                "--timeout",
                "5",
                "--interval",
                "1",
                "--verbose",
                "--root",
                str(users_machine),
                "--platform",
                "linux",
                "--cache-seconds",
                "300",
                "--some-future-osquery-flag",
                *extra,
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            umask=umask,
        )
    client = None
    try:
        assert handler.registered.wait(30), log.read_text()
        client = ExtensionClient(path=sock, uuid=UUID)
        deadline = time.monotonic() + 15
        while not client.open(timeout=1):
            assert time.monotonic() < deadline and proc.poll() is None, log.read_text()
        yield handler, client.extension_client(), log, proc
    finally:
        if client is not None:
            client.close()
        # Stopped outright: that the extension ends by itself when osquery goes away is its own test
        # (test_the_extension_ends_when_osquery_goes_away); waiting for the next ping here cost every test ~2 s.
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        server.close()
        if made:
            shutil.rmtree(folder, ignore_errors=True)


def _generate(ext, table: str, constraints: list | None = None) -> list[dict]:
    context = json.dumps({"constraints": constraints or []})
    resp = ext.call("table", table, {"action": "generate", "context": context})
    assert resp.status.code == 0, resp.status.message
    return resp.response


def _user_is(name: str) -> list:
    return [{"name": "user", "list": [{"op": 2, "expr": name}], "affinity": "TEXT"}]


def test_registers_the_seven_tables_with_typed_columns(extension):
    handler, ext, _, _ = extension
    assert handler.info.name == "aicheck"
    assert set(handler.registry["table"]) == {
        "aicheck_tools",
        "aicheck_installs",
        "aicheck_summary",
        "aicheck_mcp_servers",
        "aicheck_agent_extensions",
        "aicheck_unchecked_configs",
        "aicheck_conditions",
    }
    resp = ext.call("table", "aicheck_summary", {"action": "columns"})
    assert resp.status.code == 0
    types = {c["name"]: c["type"] for c in resp.response}
    assert types["user"] == "TEXT" and types["action_required"] == "INTEGER"
    assert types["duration_ms"] == "DOUBLE" and types["pack_signature_verified"] == "INTEGER"
    tools = {c["name"]: c["type"] for c in handler.registry["table"]["aicheck_tools"]}
    assert {
        "user",
        "home",
        "tool_id",
        "verdict",
        "policy_status",
        "action_required",
        "versions",
        "channels",
        "advisory_ids",
        "grant_id",
        "grant_user",
        "grant_expires",
        "reason",
    } <= set(tools)


def test_generate_answers_every_real_user(extension):
    _, ext, _, _ = extension
    summary = {r["user"]: r for r in _generate(ext, "aicheck_summary")}
    assert set(summary) == {"ada", "bob", "carol"}  # not root, daemon, svc (nologin), ghost (no home), nobody
    assert summary["ada"]["action_required"] == "1" and summary["ada"]["compliant"] == "0"
    assert summary["carol"]["total"] == "0" and summary["carol"]["compliant"] == "1"
    # bob has no tool that needs action, but his MCP configs link out of his home: compliant is what
    # `aicheck check` exits with, never the tools alone
    assert summary["bob"]["action_required"] == "0" and summary["bob"]["surface_action_required"] == "3"
    assert summary["bob"]["compliant"] == "0" and summary["carol"]["surface_action_required"] == "0"
    unchecked = _generate(ext, "aicheck_unchecked_configs")
    assert sorted((r["user"], r["client"], r["config"]) for r in unchecked) == [
        ("bob", "claude-code", "/home/bob/.claude.json"),
        ("bob", "cursor", "/home/bob/.cursor/hooks.json"),
        ("bob", "cursor", "/home/bob/.cursor/mcp.json"),
    ]
    assert all(r["reason"] == "link leads outside this user's home and the system folders" for r in unchecked)
    assert summary["ada"]["policy_version"] and len(summary["ada"]["policy_sha256"]) == 64
    assert summary["ada"]["pack_source"] == "bundled" and summary["ada"]["pack_signature_verified"] == "0"
    assert summary["ada"]["pack_expires"] == ""  # the example pack has no end
    tools = _generate(ext, "aicheck_tools")
    claude = next(r for r in tools if r["user"] == "ada" and r["tool_id"] == "claude-code")
    assert claude["verdict"] == "prohibited" and claude["action_required"] == "1"
    assert "2.1.150" in claude["versions"].split(",") and claude["advisory_ids"]
    assert claude["home"] == "/home/ada" and claude["uid"] == "1000"
    installs = _generate(ext, "aicheck_installs")
    assert any(r["user"] == "bob" and r["tool_id"] == "aider" and r["version"] == "0.86.1" for r in installs)


def test_mcp_servers_are_rows_with_their_identity_and_verdict_and_no_secret(extension):
    _, ext, _, _ = extension
    rows = _generate(ext, "aicheck_mcp_servers")
    assert [(r["user"], r["client"], r["name"], r["npm"], r["version"]) for r in rows] == [
        ("ada", "cursor", "gh", "@modelcontextprotocol/server-github", "1.0.0")
    ]
    assert rows[0]["verdict"] == "approved" and rows[0]["action_required"] == "0"
    assert "ghp-mcp-secret-value" not in repr(rows)


def test_agent_extensions_are_rows_judged_by_every_program_and_no_secret(extension):
    _, ext, _, _ = extension
    rows = {(r["user"], r["kind"], r["name"]): r for r in _generate(ext, "aicheck_agent_extensions")}
    assert set(rows) == {("ada", "hook", "Stop:aicheck-guard"), ("ada", "skill", "notes")}
    hook = rows[("ada", "hook", "Stop:aicheck-guard")]
    assert (hook["program"], hook["also_runs"], hook["runs_unread"]) == ("aicheck-guard", "curl,sh", "0")
    assert hook["program_path"] == "/opt/aicheck/bin/aicheck-guard"  # what the pack approves: where it is
    assert hook["verdict"] == "unreviewed" and hook["reason"].startswith("it also runs curl: ")
    assert hook["key"] == "hooks.Stop[0].hooks[0]" and hook["config"] == "/home/ada/.claude/settings.json"
    assert HOOK_SECRET not in repr(rows) and "GUARD_TOKEN=<redacted>" in hook["command"]


def test_user_constraint_scans_only_that_home(extension):
    _, ext, log, _ = extension
    rows = _generate(ext, "aicheck_summary", _user_is("carol"))
    assert [r["user"] for r in rows] == ["carol"]
    time.sleep(0.2)
    scanned = [ln for ln in log.read_text().splitlines() if "scanned user" in ln]
    assert len(scanned) == 1 and "carol" in scanned[0], scanned


def test_results_are_cached(extension):
    _, ext, log, _ = extension
    first = _generate(ext, "aicheck_summary")
    _generate(ext, "aicheck_tools")
    again = _generate(ext, "aicheck_summary")
    assert [r["scanned_at"] for r in first] == [r["scanned_at"] for r in again]
    time.sleep(0.2)
    assert len([ln for ln in log.read_text().splitlines() if "scanned user" in ln]) == 3  # once per user


def test_a_link_out_of_a_home_is_not_followed(extension):
    _, ext, _, _ = extension
    ada_tools = {r["tool_id"] for r in _generate(ext, "aicheck_tools", _user_is("ada"))}
    bob_tools = {r["tool_id"] for r in _generate(ext, "aicheck_tools", _user_is("bob"))}
    assert (
        "github-copilot" in ada_tools and "github-copilot" not in bob_tools
    )  # ada's extensions, behind bob's ~/.vscode link
    bob = _generate(ext, "aicheck_installs", _user_is("bob"))
    assert not [r for r in bob if r["path"].startswith("/home/ada") or SECRET in r["path"]]


def test_the_extension_ends_when_osquery_goes_away(tmp_path, users_machine):
    folder, made = _socket_dir(tmp_path)
    sock = str(folder / "osquery.em")
    server = ManagerServer(sock, handler := Manager())
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "osquery-extension",
            "--socket",
            sock,
            "--interval",
            "0.5",
            "--root",
            str(users_machine),
            "--platform",
            "linux",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert handler.registered.wait(30)
        server.close()
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
        if made:
            shutil.rmtree(folder, ignore_errors=True)


def test_no_manager_is_one_line_and_not_a_hang(tmp_path, users_machine):
    folder, made = _socket_dir(tmp_path)
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "tui",
                "osquery-extension",
                "--socket",
                str(folder / "none.em"),
                "--timeout",
                "0.5",
                "--root",
                str(users_machine),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        if made:
            shutil.rmtree(folder, ignore_errors=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "cannot connect" in proc.stderr, proc.stderr


def _extension_argv(sock: str, users_machine: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tui", "osquery-extension", "--socket", sock, "--root", str(users_machine), *extra]


def test_a_manager_that_accepts_and_never_answers_is_one_line_and_not_a_hang(tmp_path, users_machine):
    """The osquery package's client sets no deadline once connected: a process on osqueryd's socket that
    accepts and never answers held `registerExtension` forever (the extension neither started nor ended).
    Now --timeout bounds each read and write too: one line, exit 2."""
    folder, made = _socket_dir(tmp_path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    held: list[socket.socket] = []
    try:
        listener.bind(str(folder / "silent.em"))
        listener.listen(4)
        threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
        proc = subprocess.run(
            _extension_argv(str(folder / "silent.em"), users_machine, "--timeout", "0.5"),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        for conn in held:
            conn.close()
        listener.close()
        if made:
            shutil.rmtree(folder, ignore_errors=True)
    assert held, "the extension never connected"
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "no answer in time (--timeout 0.5 s)" in proc.stderr, proc.stderr


class _Wedged(Manager):
    """A manager that registers the extension and then stops answering its pings (a wedged osqueryd)."""

    def ping(self):
        time.sleep(60)  # the test's manager thread is a daemon: it ends with the test
        return super().ping()


def test_the_extension_ends_when_osquery_stops_answering(tmp_path, users_machine):
    """The watcher's ping had no deadline: a manager that stopped answering (socket still open) kept the
    extension alive forever. Now a ping not answered within max(--interval, 1 s) ends it, as a gone one does."""
    folder, made = _socket_dir(tmp_path)
    sock = str(folder / "osquery.em")
    server = ManagerServer(sock, handler := _Wedged())
    proc = subprocess.Popen(
        _extension_argv(sock, users_machine, "--interval", "0.5", "--platform", "linux"),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert handler.registered.wait(30)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
        server.close()
        if made:
            shutil.rmtree(folder, ignore_errors=True)


def test_conditions_are_rows_per_user_tool_and_condition(extension):
    """Which hosts run an agent off the gateway or unattended is one query, over the real protocol."""
    _, ext, _, _ = extension
    rows = _generate(ext, "aicheck_conditions")
    claude = {r["condition_id"]: r for r in rows if r["user"] == "ada" and r["tool_id"] == "claude-code"}
    assert {"gateway", "asks-before-acting", "not-started-unattended", "no-customer-data"} <= set(claude)
    assert claude["gateway"]["state"] == "unmet" and "/home/ada/.claude/settings.json" in claude["gateway"]["detail"]
    assert claude["no-customer-data"]["attest"] == "1" and claude["no-customer-data"]["state"] == "unconfirmed"
    assert claude["asks-before-acting"]["state"] == "met" and claude["asks-before-acting"]["attest"] == "0"
    assert {r["state"] for r in rows} <= {"met", "unmet", "unknown", "confirmed", "unconfirmed"}
    assert HOOK_SECRET not in repr(rows)


def test_a_required_variable_nothing_sets_is_unmet_in_every_table(tmp_path):
    """Aider's gateway asks for OPENAI_API_BASE and nothing on dan's disk sets it: unmet, as the live `aicheck
    check` says, so the tool needs action and the user is not compliant (it was "unknown", and compliant)."""
    root = tmp_path / "img"
    m = SyntheticMachine(root, "linux", home="/home/dan")
    m.write("/etc/passwd", "dan:x:1000:1000:Dan:/home/dan:/bin/bash\n")
    m.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")
    with _running(tmp_path, root) as (_, ext, _, _):
        [gateway] = [r for r in _generate(ext, "aicheck_conditions") if r["condition_id"] == "gateway"]
        [tool] = _generate(ext, "aicheck_tools")
        [summary] = _generate(ext, "aicheck_summary")
    assert (gateway["user"], gateway["tool_id"], gateway["state"]) == ("dan", "aider", "unmet")
    assert "$OPENAI_API_BASE" in gateway["detail"]
    assert (tool["tool_id"], tool["action_required"]) == ("aider", "1")
    assert (summary["action_required"], summary["compliant"]) == ("1", "0")


def test_a_scan_that_fails_is_a_query_error_never_an_empty_answer(tmp_path, users_machine):
    """Red team: with a pack that cannot be loaded every table answered OK with no rows, which a fleet reads as
    "no AI tool here" (and an inventory as every tool removed). Now osquery gets an error status, with why."""
    with _running(tmp_path, users_machine, "--content", str(tmp_path / "no-such-pack")) as (_h, ext, _log, proc):
        context = json.dumps({"constraints": []})
        resp = ext.call("table", "aicheck_summary", {"action": "generate", "context": context})
        assert resp.status.code != 0 and not resp.response
        assert "no-such-pack" in resp.status.message and "PackError" in resp.status.message
        resp = ext.call("table", "aicheck_summary", {"action": "columns"})
        assert resp.status.code == 0 and resp.response  # the table itself is there: its answer failed
        assert proc.poll() is None  # and the extension still serves


def test_a_folder_where_its_own_socket_goes_is_one_line_exit_2(tmp_path, users_machine):
    """Red team: a folder (or a live socket) at PATH.<uuid> was an internal error, exit 3 and a crash log."""
    folder, made = _socket_dir(tmp_path)
    sock = str(folder / "osquery.em")
    server = ManagerServer(sock, handler := Manager())
    os.mkdir(f"{sock}.{UUID}")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tui", "osquery-extension", "--socket", sock, "--root", str(users_machine)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.close()
        if made:
            shutil.rmtree(folder, ignore_errors=True)
    assert handler.registered.is_set()
    assert proc.returncode == 2 and "cannot serve the extension socket" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_more_homes_than_max_users_is_a_query_error_never_partial_rows(tmp_path, users_machine):
    """Red team: the extension had no bound on homes: on a machine with many, one query scanned them all (about
    20 ms each, in osquery's watchdog's time). Now ``--max-users`` bounds a query like ``scan --all-users``'s
    does; past it the query gets an error status that says why (logged too), never some users' rows, which a
    fleet would read as "the others have no AI tool". A query for users by name within the bound still answers."""
    with _running(tmp_path, users_machine, "--max-users", "2") as (_h, ext, log, proc):
        context = json.dumps({"constraints": []})
        for table in ("aicheck_summary", "aicheck_tools"):
            resp = ext.call("table", table, {"action": "generate", "context": context})
            assert resp.status.code != 0 and not resp.response, resp
            assert "TooManyHomes: 3 homes to scan, more than --max-users 2" in resp.status.message
        assert "TooManyHomes: 3 homes to scan, more than --max-users 2" in log.read_text()
        assert "scanned user" not in log.read_text()  # refused before any home was scanned
        rows = _generate(
            ext, "aicheck_summary", [{"name": "user", "list": [{"op": 2, "expr": "ada"}, {"op": 2, "expr": "carol"}]}]
        )
        assert sorted(r["user"] for r in rows) == ["ada", "carol"]
        assert proc.poll() is None


# The extension's own socket under hostile or broken local clients (red team): a client that connects and sends
# nothing blocked every query (one client served at a time, no timeout); a request map declaring 2^31-1 entries
# grew the process without bound (no protocol limits); the socket was created 0755.

CALL = struct.pack(">i", -2147418112 | 1)  # TBinaryProtocol strict header: version 1, message type CALL


def _own_path(holder: list) -> str:
    [path] = holder
    return path


def _thrift_client(path: str, seconds: float = 60.0):
    """The generated Extension client on a fresh connection whose every read is bounded (a hang fails, never
    blocks the run)."""
    from osquery.extensions.Extension import Client
    from thrift.protocol import TBinaryProtocol
    from thrift.transport import TSocket, TTransport

    sock = TSocket.TSocket(unix_socket=path)
    sock.setTimeout(seconds * 1000)
    trans = TTransport.TBufferedTransport(sock)
    trans.open()
    return Client(TBinaryProtocol.TBinaryProtocol(trans)), trans


def _raw(path: str) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect(path)
    return s


def _string(value: bytes) -> bytes:
    return struct.pack(">i", len(value)) + value


def _call_header(entries: int) -> bytes:
    """``call("table", "aicheck_summary", request)`` up to the request map's header, which declares ``entries``."""
    return (
        CALL
        + _string(b"call")
        + struct.pack(">i", 1)
        + struct.pack(">bh", 11, 1)
        + _string(b"table")
        + struct.pack(">bh", 11, 2)
        + _string(b"aicheck_summary")
        + struct.pack(">bhbbi", 13, 3, 11, 11, entries)
    )


def _closed_by_peer(s: socket.socket, seconds: float = 60.0) -> bool:
    """Whether the other end closed ``s`` (within ``seconds``; False if it is still open then)."""
    s.settimeout(seconds)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def _still_open(s: socket.socket) -> bool:
    """Open and nothing to read (the server never writes first), without waiting."""
    s.setblocking(False)
    try:
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.settimeout(60)


def _summary_users(path: str) -> list[str]:
    client, trans = _thrift_client(path)
    try:
        resp = client.call(
            "table", "aicheck_summary", {"action": "generate", "context": json.dumps({"constraints": []})}
        )
    finally:
        trans.close()
    assert resp.status.code == 0, resp.status.message
    return sorted(r["user"] for r in resp.response)


def test_idle_and_half_sent_clients_block_no_query(tmp_path, users_machine):
    """Red team: one client that connected and sent nothing blocked every query until it left (one client was
    served at a time, with no timeout). Each client now has its own thread: idle ones, one that stopped in the
    middle of a request, and more idle ones than the extension serves at once (the longest idle makes room)
    leave a query from osqueryd answered."""
    from tui.fleet.extension import MAX_CLIENTS

    own: list[str] = []
    with _running(tmp_path, users_machine, before=own.append) as (_h, _ext, _log, proc):
        path = _own_path(own)
        idle = _raw(path)
        half = _raw(path)
        half.sendall(_call_header(2)[:9])
        assert _summary_users(path) == ["ada", "bob", "carol"]
        crowd = [_raw(path) for _ in range(MAX_CLIENTS + 4)]
        assert _summary_users(path) == ["ada", "bob", "carol"]
        assert _closed_by_peer(idle)  # the longest idle gave its place
        for s in [idle, half, *crowd]:
            s.close()
        assert proc.poll() is None


@pytest.mark.parametrize(
    "frame",
    [
        pytest.param(_call_header(2**31 - 1), id="map-of-2^31-1-entries"),
        pytest.param(CALL + struct.pack(">i", 1_500_000_000) + b"c" * 65536, id="method-name-of-1.5-GB"),
        pytest.param(struct.pack(">i", 1_500_000_000) + b"c" * 65536, id="unversioned-header-of-1.5-GB"),
    ],
)
def test_a_declared_size_over_the_limits_closes_that_client_only(tmp_path, users_machine, frame):
    """Red team: a ``call`` whose request map declared 2^31-1 entries, streamed, grew the extension from 29 MiB
    to 2.2 GiB in 40 s (the protocol had no limits). A size over the limits now closes that connection before
    anything is read into memory; the extension logs why and answers the next query."""
    own: list[str] = []
    with _running(tmp_path, users_machine, before=own.append) as (_h, _ext, log, proc):
        path = _own_path(own)
        other = _raw(path)
        flood = _raw(path)
        flood.sendall(frame)
        assert _closed_by_peer(flood)
        flood.close()
        assert _summary_users(path) == ["ada", "bob", "carol"]
        assert _still_open(other) and proc.poll() is None
        other.close()
        time.sleep(0.2)
        assert "dropped a client" in log.read_text(), log.read_text()


def test_a_request_streamed_past_the_byte_limit_is_cut_there(tmp_path, users_machine):
    """A request map whose declared size is honest (100 entries) but whose strings add up to 100 MiB: the
    connection is closed once the request passes MAX_REQUEST_BYTES, what the extension holds of it at most."""
    from tui.fleet.extension import MAX_REQUEST_BYTES

    own: list[str] = []
    with _running(tmp_path, users_machine, before=own.append) as (_h, _ext, log, proc):
        path = _own_path(own)
        flood = _raw(path)
        entry = _string(b"k" * 16) + _string(b"v" * (1 << 20))
        sent, cut = 0, False
        try:
            flood.sendall(_call_header(100))
            while sent < 64 << 20:
                flood.sendall(entry)
                sent += len(entry)
        except (BrokenPipeError, ConnectionResetError):
            cut = True
        flood.close()
        assert cut and sent <= MAX_REQUEST_BYTES + (4 << 20), sent
        assert _summary_users(path) == ["ada", "bob", "carol"] and proc.poll() is None
        time.sleep(0.2)
        assert f"request over {MAX_REQUEST_BYTES} bytes" in log.read_text(), log.read_text()


def test_its_socket_is_for_its_owner_only(tmp_path, users_machine):
    """Red team: the socket was created 0755 (0777 under a umask of 0). osqueryd, the same account (root),
    needs read and write (it checks that it may write the path before each call); nobody else needs anything."""
    own: list[str] = []
    with _running(tmp_path, users_machine, before=own.append, umask=0):
        mode = os.stat(_own_path(own)).st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600, oct(mode)


class _Echo:
    """A stand-in for the extension's handler: answers ``ping`` and echoes a ``call``'s request."""

    def ping(self):
        from osquery.extensions.ttypes import ExtensionStatus

        return ExtensionStatus(code=0, message="OK")

    def call(self, registry, item, request):
        from osquery.extensions.ttypes import ExtensionResponse, ExtensionStatus

        return ExtensionResponse(status=ExtensionStatus(code=0, message="OK"), response=[dict(request)])

    def shutdown(self):
        pass


@contextlib.contextmanager
def _echo_server(tmp_path, **limits):
    """The extension's server, in this process, with the stand-in handler and ``limits``."""
    from osquery.extensions.Extension import Processor

    from tui.fleet.extension import ExtensionServer, listen_unix

    folder, made = _socket_dir(tmp_path)
    path = str(folder / "echo.sock")
    server = ExtensionServer(listen_unix(path), Processor(_Echo()), **limits)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield path, server
    finally:
        server.close()
        thread.join(30)
        if made:
            shutil.rmtree(folder, ignore_errors=True)


def _until(predicate, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "not within 60 s"
        time.sleep(0.01)


def _echo(path: str) -> list:
    client, trans = _thrift_client(path)
    try:
        return client.call("table", "t", {"action": "generate"}).response
    finally:
        trans.close()


def test_a_half_sent_request_is_dropped_at_its_deadline_and_an_idle_client_is_not(tmp_path):
    """Once a request's first byte arrives, all of it must within the request deadline (here 0.5 s); a client
    that has not begun one is never timed out: osqueryd's own connection may wait between calls."""
    with _echo_server(tmp_path, request_seconds=0.5) as (path, server):
        idle = _raw(path)
        _until(lambda: server.clients() == 1)
        half = _raw(path)
        half.sendall(_call_header(2)[:9])
        assert _closed_by_peer(half)
        assert _still_open(idle)  # connected before the half request began, and still served
        assert _echo(path) == [{"action": "generate"}]
        idle.close()
        half.close()


def test_when_every_place_is_taken_the_longest_idle_client_makes_room(tmp_path):
    with _echo_server(tmp_path, max_clients=2) as (path, server):
        first = _raw(path)
        _until(lambda: server.clients() == 1)
        second = _raw(path)
        _until(lambda: server.clients() == 2)
        assert _echo(path) == [{"action": "generate"}]
        assert _closed_by_peer(first) and _still_open(second)
        second.close()


def test_more_entries_than_the_limit_close_the_connection_before_reading_them(tmp_path):
    with _echo_server(tmp_path, request_items=8) as (path, _server):
        flood = _raw(path)
        flood.sendall(_call_header(9))
        assert _closed_by_peer(flood)
        flood.close()
        client, trans = _thrift_client(path)
        try:
            request = {f"k{i}": "v" for i in range(8)}
            assert client.call("table", "t", request).response == [request]
        finally:
            trans.close()


def test_a_stale_socket_is_replaced_and_a_live_one_is_not(tmp_path):
    """An extension that ended leaves its socket behind: the next one replaces it (owner-only again); a socket
    another process still serves is one clear error, never taken over."""
    from tui.errors import AicheckError
    from tui.fleet.extension import listen_unix

    folder, made = _socket_dir(tmp_path)
    path = str(folder / "stale.sock")
    try:
        old = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old.bind(path)
        old.close()  # the file stays, nobody listens
        os.chmod(path, 0o777)
        listener = listen_unix(path)
        try:
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
            with pytest.raises(AicheckError, match="another process serves it"):
                listen_unix(path)
        finally:
            listener.close()
    finally:
        if made:
            shutil.rmtree(folder, ignore_errors=True)
