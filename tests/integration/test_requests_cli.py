"""``aicheck request ...`` and ``aicheck impact ...`` through the real command line, with the bundled
pack and a loopback intake configured in the user config file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from support.intake_server import SECRET, FakeIntake, free_port, use_webhook
from support.packs import run_cli as run
from support.requester import ada_home

JUST = "Needed for the Q3 schema migration; Copilot lacks multi-file refactors."


@pytest.fixture
def intake_config(monkeypatch):
    """Point the user config's [intake] at ``base`` (a webhook signed with the test secret)."""

    def configure(base: str) -> None:
        use_webhook(f"{base}/hook", monkeypatch)

    return configure


@pytest.fixture(autouse=True)
def git_home(tmp_path, monkeypatch):
    return ada_home(tmp_path, monkeypatch)


def new(capsys, *extra):
    return run(capsys, "request", "new", "--tool", "cursor", "--justification", JUST, "--no-scan", *extra)


def only_request(capsys) -> dict:
    code, out, _ = run(capsys, "request", "list", "--json")
    assert code == 0
    [item] = json.loads(out)
    return item


def test_invalid_input_exits_2_with_every_message(capsys):
    code, out, err = run(
        capsys,
        "request",
        "new",
        "--tool",
        "cursor",
        "--justification",
        "pls",
        "--days",
        "365",
        "--data-class",
        "secret-sauce",
        "--no-scan",
    )
    assert code == 2 and out == ""
    assert "aicheck: the request is not valid:" in err
    assert "justification: explain what you need the tool for" in err
    assert "days: the policy allows at most 90 days" in err
    assert "data_classes: unknown data class 'secret-sauce'; choose from: public, internal" in err
    assert run(capsys, "request", "list", "--json")[1].strip() == "[]"  # nothing recorded


def test_unknown_and_approved_tools_are_refused(capsys):
    code, _, err = run(capsys, "request", "new", "--tool", "no-such-tool", "--justification", JUST)
    assert code == 2 and "unknown tool 'no-such-tool'" in err
    code, _, err = run(capsys, "request", "new", "--tool", "github-copilot", "--justification", JUST, "--no-scan")
    assert code == 2 and "already approved" in err


def test_draft_then_preview_then_submit(capsys, fake, intake_config):
    intake_config(fake.base)
    code, out, _ = new(capsys, "--data-class", "source-code", "--mitigation", "Privacy mode on")
    assert code == 0 and "recorded as a draft" in out
    item = only_request(capsys)
    assert item["state"] == "draft"
    code, out, _ = run(capsys, "request", "show", item["id"], "--payload")
    assert code == 0 and f"POST {fake.base}/hook" in out and "<redacted>" in out
    assert SECRET.split("_")[1] not in out and JUST in out and "ada@example.com" in out  # identity from git config
    code, out, _ = run(capsys, "request", "submit", item["id"][-6:])
    assert code == 0 and "sent, ticket HOOK-1" in out
    assert only_request(capsys)["state"] == "submitted"
    assert len(fake.tickets) == 1 and fake.tickets[0]["payload"]["justification"] == JUST


def test_submit_sends_and_exits_0(capsys, fake, intake_config):
    intake_config(fake.base)
    code, out, _ = new(capsys, "--days", "14", "--submit")
    assert code == 0 and "sent, ticket HOOK-1" in out
    assert fake.tickets[0]["payload"]["days"] == 14


def test_what_is_sent_is_printed_first_and_a_terminal_is_asked(capsys, fake, intake_config, monkeypatch):
    """Nothing goes out unseen: `new --submit` and `submit` print exactly what is sent (secrets redacted)
    before sending; at a terminal they ask, and 'no' keeps the draft and sends nothing."""
    import io
    import sys

    intake_config(fake.base)
    code, out, _ = new(capsys, "--submit")
    shown = out.index("# what will be sent: webhook")
    assert code == 0 and shown < out.index("sent, ticket HOOK-1") and JUST in out and f"{fake.base}/hook" in out
    assert SECRET.split("_")[1] not in out

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, out, _ = new(capsys, "--submit")
    assert code == 0 and "# what will be sent" in out and "not sent; recorded as a draft" in out
    rid = out.rsplit("aicheck request submit ", 1)[1].split(")")[0]
    code, out, _ = run(capsys, "request", "submit", rid)
    assert code == 0 and out.rstrip().endswith("not sent; still a draft")
    assert len(fake.tickets) == 1  # only the first, sent without a terminal (the command line said so)
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, _ = run(capsys, "request", "submit", rid)
    assert code == 0 and "sent, ticket HOOK-2" in out and len(fake.tickets) == 2


def test_submit_when_unreachable_queues_and_exits_0_then_sync_delivers(capsys, fake, intake_config):
    intake_config(f"http://127.0.0.1:{free_port()}")
    code, out, _ = new(capsys, "--submit")
    assert code == 0 and "recorded and queued (not sent yet)" in out and "cannot reach" in out
    item = only_request(capsys)
    assert item["state"] == "queued" and item["next_attempt_at"]
    code, out, _ = run(capsys, "request", "sync")
    assert code == 0 and "next attempt after" in out and "0 sent, 1 still queued" in out  # backoff honoured
    intake_config(fake.base)
    # another intake than the one it was shown for: held until the user has seen it go there
    code, out, _ = run(capsys, "request", "sync", "--now")
    assert (
        code == 0
        and "not sent: what it would send now (to webhook at" in out
        and "is not what you saw" in out
        and "0 sent, 1 still queued" in out
    )
    assert fake.received == []
    rid = only_request(capsys)["id"]
    code, out, _ = run(capsys, "request", "submit", rid, "--yes")
    assert code == 0 and f"# what will be sent: webhook at {fake.base}" in out and f"{rid}: sent" in out
    assert only_request(capsys)["state"] == "submitted"
    code, out, _ = run(capsys, "request", "sync", "--now")
    assert len(fake.tickets) == 1


def test_submit_without_secret_is_recorded_and_says_why(capsys, fake, intake_config, monkeypatch):
    intake_config(fake.base)
    monkeypatch.delenv("T_SECRET")
    code, out, _ = new(capsys, "--submit")
    assert code == 2 and "queued" in out and "T_SECRET is not set" in out  # recorded, but a setting to fix
    assert fake.received == []


def test_broken_user_config_on_sync_is_exit_2(capsys):
    code, out, _ = new(capsys, "--submit")  # bundled pack's intake: secret missing -> queued (exit 2)
    assert code == 2 and "queued" in out
    Path(os.environ["AICHECK_CONFIG"]).write_text(
        '[intake]\nkind = "webhook"\nurl = "http://intake.example.com"\nsecret_env = "S"\n'
    )
    code, _, err = run(capsys, "request", "sync")
    assert code == 2 and "plain http is allowed only to this machine" in err and "use https" in err


def test_request_for_a_tool_not_installed_with_scan(capsys, tmp_path):
    (tmp_path / "disk" / "home").mkdir(parents=True)
    code, out, _ = run(
        capsys,
        "request",
        "new",
        "--tool",
        "cursor",
        "--justification",
        JUST,
        "--root",
        str(tmp_path / "disk"),
        "--home",
        "/home",
        "--platform",
        "linux",
        "--json",
    )
    assert code == 0
    rec = json.loads(out)
    assert rec["tool"]["installed"] is False and rec["tool"]["verdict"] == "prohibited"
    assert rec["policy"]["org"] and len(rec["policy"]["sha256"]) == 64


def test_impact_cli_and_attachment(capsys, tmp_path, fake, intake_config):
    intake_config(fake.base)
    code, out, _ = run(
        capsys,
        "impact",
        "new",
        "--tool",
        "cursor",
        "--title",
        "Cursor for migrations",
        "--workflow",
        "Write migration:240:40:3:schema",
        "--workflow",
        "Review PR:60:30:10",
        "--cost",
        "65",
    )
    assert code == 0 and "65.0 hours saved per month" in out
    imp_id = out.split(":")[0]
    code, out, _ = run(capsys, "impact", "export", imp_id, "-o", str(tmp_path / "impact.md"))
    assert code == 0 and "| Write migration | 240 | 40 | 3 |" in (tmp_path / "impact.md").read_text()
    code, out, _ = run(capsys, "impact", "list", "--json")
    assert json.loads(out)[0]["hours_saved_per_month"] == 65.0
    code, out, _ = new(capsys, "--impact", imp_id, "--submit")
    assert code == 0 and "sent" in out
    payload = fake.tickets[0]["payload"]
    assert payload["impact"]["id"] == imp_id and payload["impact"]["cost_per_hour_saved"] == 1.0
    code, out, _ = run(capsys, "request", "show", only_request(capsys)["id"], "--markdown")
    assert "### Productivity impact" in out and "Write migration" in out


def test_invalid_impact_document_is_refused(capsys):
    code, _, err = run(capsys, "impact", "new", "--workflow", "x:10:5:0", "--workflow", "bad")
    assert code == 2 and "per_week" in err and "expected NAME:MINUTES_WITHOUT" in err
    code, _, err = new(capsys, "--impact", "IMP-20260101-ABCDEF")
    assert code == 2 and "impact:" in err


def test_show_list_withdraw(capsys):
    code, out, _ = run(capsys, "request", "list")
    assert "no exception requests yet" in out
    new(capsys)
    rid = only_request(capsys)["id"]
    code, out, _ = run(capsys, "request", "show", rid)
    assert code == 0 and "Cursor (cursor), verdict prohibited" in out
    code, out, _ = run(capsys, "request", "withdraw", rid)
    assert code == 0 and only_request(capsys)["state"] == "withdrawn"
    code, _, err = run(capsys, "request", "submit", rid)
    assert code == 2 and "only a draft can be submitted" in err
    code, _, err = run(capsys, "request", "show", "ZZZZZZ")
    assert code == 2 and "no request 'ZZZZZZ'" in err


def test_withdrawing_a_request_the_intake_may_have_says_so(capsys, intake_config):
    """A queued request whose last attempt got no answer (the intake took it and hung) may be in the intake
    already: withdrawing it here says so, and the record's log keeps it (a new-user pass withdrew such a
    request and believed it gone while the server held the POST)."""
    from tui.requests.store import RequestStore

    intake_config("http://127.0.0.1:9")
    new(capsys)
    rid = only_request(capsys)["id"]
    with RequestStore().transaction(rid) as req:
        req.state = "queued"
        req.delivery.target = "http://127.0.0.1:9/hook"
        req.delivery.attempts = 1
        req.delivery.maybe_delivered = True
    code, out, _ = run(capsys, "request", "withdraw", rid)
    assert code == 0 and f"{rid}: withdrawn; an earlier attempt got no answer, so http://127.0.0.1:9/hook may" in out
    assert "close it there too" in out and "may already have it" in RequestStore().load(rid).history[-1]["event"]


def test_request_new_submit_killed_mid_send_is_delivered_once_by_the_next_sync(capsys, intake_config, git_home):
    """The real command in its own process, killed with SIGKILL while the intake holds its answer: the
    request was recorded before the first byte went out, shows the attempt in flight, and ``sync`` then
    delivers it once (the receiver sees the same webhook-id and files nothing twice)."""
    import signal
    import subprocess
    import sys
    import time

    fake = FakeIntake(faults=["hang"], hang=5.0)
    base = fake.start()
    try:
        intake_config(base)
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        argv = ["request", "new", "--tool", "cursor", "--justification", JUST, "--no-scan", "--submit"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "tui", *argv],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not fake.tickets and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert fake.tickets, "the command never reached the intake"
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)

        item = only_request(capsys)
        assert item["state"] == "queued"  # not lost, and not claimed as sent

        code, out, _ = run(capsys, "request", "sync", "--now")
        assert code == 0, out
        assert only_request(capsys)["state"] == "submitted"
        assert len(fake.tickets) == 1 and len(fake.webhook_ids) == 1
    finally:
        fake.stop()


def test_without_a_git_identity_the_last_requests_name_and_email_are_used(capsys, git_home):
    """A new user without git's user.name typed their name and email for every request: the latest request's
    are used where git gives none (git's own, or an option, still come first)."""
    (git_home / ".gitconfig").write_text("")
    code, _out, err = new(capsys, "--name", "Grace Hopper", "--email", "grace@example.com")
    assert code == 0, err
    code, _out, err = run(capsys, "request", "new", "--tool", "cline", "--justification", JUST, "--no-scan", "--json")
    assert code == 0, err
    code, out, _ = run(capsys, "request", "list", "--json")
    cline = next(r for r in json.loads(out) if r["tool"] == "cline")
    code, out, _ = run(capsys, "request", "show", cline["id"], "--json")
    requester = json.loads(out)["requester"]
    assert (requester["name"], requester["email"]) == ("Grace Hopper", "grace@example.com")


def test_the_configured_email_is_the_requests_as_it_is_the_grants(capsys, git_home):
    """A grant must name `[user] email` when the config sets one; `request new` took git's user.email alone,
    and without git's refused the request (exit 2) though the config named the user. The config's comes
    first, as for the grant; git's name is kept."""
    Path(os.environ["AICHECK_CONFIG"]).write_text('[user]\nemail = "ada@work.example"\n')
    code, _out, err = new(capsys)
    assert code == 0, err
    requester = only_request(capsys)
    code, out, _ = run(capsys, "request", "show", requester["id"], "--json")
    assert json.loads(out)["requester"]["email"] == "ada@work.example"
    assert json.loads(out)["requester"]["name"] == "Ada Lovelace"
    (git_home / ".gitconfig").write_text("")  # no git identity at all
    code, _out, err = run(capsys, "request", "new", "--tool", "cline", "--justification", JUST, "--no-scan")
    assert code == 0 and "user.email" not in err, err


class _ConnectRecorder:
    """A proxy on loopback that records the first line of each request it is sent (a CONNECT for https)
    and refuses it: enough to tell which proxy a request went through, and to where."""

    def __init__(self) -> None:
        import socket
        import threading

        self.lines: list[str] = []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(4)
        self._sock.settimeout(0.1)  # accept wakes up to see close() was called
        self._closed = False
        self.base = f"127.0.0.1:{self._sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            while not self._closed:
                try:
                    conn, _ = self._sock.accept()
                except TimeoutError:
                    continue
                with conn:
                    conn.settimeout(5)
                    head = b""
                    while b"\r\n\r\n" not in head and len(head) < 65536:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        head += chunk
                    self.lines.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            return

    def close(self) -> None:
        self._closed = True
        self._thread.join(5)
        self._sock.close()


@pytest.fixture
def env_proxy(monkeypatch):
    recorder = _ConnectRecorder()
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", f"http://proxyuser:pr0xy-pass@{recorder.base}")
    yield recorder
    recorder.close()


def test_the_preview_names_the_proxy_the_request_goes_through(capsys, intake_config, env_proxy, monkeypatch):
    """The preview said where a request goes but not that it went through the proxy the environment names
    (HTTPS_PROXY on a company laptop): it now names that proxy, the one the send then uses, without the
    proxy's password."""
    intake_config("https://intake.example.invalid")
    code, out, _ = new(capsys, "--submit")
    assert code == 0 and "recorded and queued (not sent yet)" in out
    assert f"# Through the proxy http://{env_proxy.base} " in out and "pr0xy-pass" not in out
    assert env_proxy.lines == ["CONNECT intake.example.invalid:443 HTTP/1.1"]  # the proxy named is the one used
    item = only_request(capsys)
    code, out, _ = run(capsys, "request", "show", item["id"], "--payload")
    assert code == 0 and f"# Through the proxy http://{env_proxy.base} " in out and "proxyuser" not in out

    monkeypatch.setenv("NO_PROXY", "example.invalid")  # the intake's host left out: no proxy named, none used
    code, out, _ = run(capsys, "request", "show", item["id"], "--payload")
    assert code == 0 and "proxy" not in out.lower()


def _only_proxy(monkeypatch, proxy: str) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", proxy)


@pytest.mark.parametrize(
    "proxy, shown",
    [
        ("http://user:S3CRET@proxy.corp:8080/", "http://proxy.corp:8080"),
        ("http://user:S3%23CRET@proxy.corp:3128", "http://proxy.corp:3128"),  # '#' percent-encoded reads one way
        ("http://[::1]:3128", "http://[::1]:3128"),
    ],
)
def test_the_proxy_named_never_shows_its_credentials(monkeypatch, proxy, shown):
    from tui.intake.base import proxy_note

    _only_proxy(monkeypatch, proxy)
    note = proxy_note("https://intake.example.invalid/hook")
    assert note.startswith(f"Through the proxy {shown} ") and "S3" not in note, note


@pytest.mark.parametrize(
    "proxy",
    ["http://ghp_S3CRETtok#1@proxy.corp:3128", "http://user:S3CRET?x@proxy.corp:8080/", "http://u:S3/CRET@p.corp:1"],
)
def test_a_proxy_whose_url_reads_two_ways_is_named_as_unreadable(monkeypatch, proxy):
    """Red team: a password holding an unencoded `#`, `?` or `/` ends the URL's authority for httpx, which
    then takes (part of) the password for the proxy's host or port, while the preview, reading the host after
    the last `@`, named `proxy.corp`. Such a proxy is refused, and the preview says so, never naming a host."""
    from tui.intake.base import proxy_note

    _only_proxy(monkeypatch, proxy)
    note = proxy_note("https://intake.example.invalid/hook")
    assert note.startswith("A proxy the environment names cannot be read") and "S3" not in note, note


def test_a_proxy_that_reads_two_ways_stops_the_send_and_the_fetch_with_exit_2_and_keeps_the_request(
    capsys, intake_config, env_proxy, monkeypatch, git_home
):
    """Red team: `HTTPS_PROXY=http://user:pw#tail@proxy:3128` made `request new --submit` and a pack fetch
    crash (exit 3: httpx refused the port `pw` in the client's constructor) and the crash log held the
    password's first part; with no port, httpx would have looked up a host named after it. Now both exit 2
    with what to fix (the variables named, no value), nothing goes out, and the request stays queued."""
    from tui.paths import state_dir

    intake_config("https://intake.example.invalid")
    _only_proxy(monkeypatch, f"http://proxyuser:CANARY9#tail@{env_proxy.base}")
    code, out, err = new(capsys, "--submit", "--yes")
    assert code == 2, (out, err)
    assert "recorded and queued (not sent yet): a proxy the environment names (HTTPS_PROXY" in out
    assert "percent-encoded" in out and "CANARY9" not in out + err
    assert only_request(capsys)["state"] == "queued"
    code, out, err = run(capsys, "request", "sync", "--now")
    assert code == 2 and "a proxy the environment names" in err and "CANARY9" not in out + err
    code, out, err = run(
        capsys, "check", "--home", str(git_home), "--content", "https://packs.example.invalid/p.tar.gz"
    )
    assert code == 2 and "a proxy the environment names" in err and "CANARY9" not in out + err
    assert env_proxy.lines == []  # nothing reached the proxy (or anywhere)
    logs = state_dir() / "logs"
    assert not logs.exists() or not list(logs.iterdir())  # no crash, no crash log
