"""The outbox against a real intake on loopback with injected faults: every request is delivered exactly
once whatever goes wrong (refused connection, 503, 429, timeout after the server received the request,
dropped connection, the server killed mid-request, aicheck itself killed mid-send, two senders at once)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from support.intake_server import (
    ENV,
    KINDS,
    SECRET,
    FakeIntake,
    IntakeProcess,
    backend_for_kind,
    free_port,
    make_policy,
    make_request,
    settings_for,
)
from tui.requests.outbox import backoff_delay, queue, shown_digest, submit, sync
from tui.requests.store import RequestStore

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NO_JITTER = lambda: 0.0  # noqa: E731


@pytest.fixture
def store(tmp_path):
    return RequestStore(tmp_path / "data")


@pytest.fixture
def fake():
    f = FakeIntake(hang=1.0)
    f.start()
    yield f
    f.stop()


def queued(store, kind, base, n=1):
    """``n`` requests queued as the user saw them for the ``kind`` intake at ``base`` (what aicheck request
    submit and the app's preview record): sync sends each only to that intake."""
    ids = []
    for _ in range(n):
        req = make_request(store)
        queue(store, req.id, make_policy(), shown=shown_digest(backend_for_kind(kind, base), req))
        ids.append(req.id)
    return ids


def shown_again(store, rid, backend) -> None:
    """The user sees the request again for another intake and says to send it (aicheck request submit)."""
    queue(store, rid, make_policy(), shown=shown_digest(backend, store.load(rid)))


def creates_per_fingerprint(tickets) -> Counter:
    return Counter(t["fingerprint"] for t in tickets)


def assert_once(store, rid, tickets):
    req = store.load(rid)
    assert req.state == "submitted", req.delivery.last_error
    assert creates_per_fingerprint(tickets)[req.fingerprint] == 1
    assert not req.delivery.in_flight
    return req


@pytest.mark.parametrize("kind", KINDS)
def test_connection_refused_then_delivered_once(store, fake, kind):
    dead_url = f"http://127.0.0.1:{free_port()}"
    (rid,) = queued(store, kind, dead_url)
    dead = backend_for_kind(kind, dead_url, timeout=2)
    [out] = sync(store, dead, now=T0, rng=NO_JITTER)
    req = store.load(rid)
    assert out.action == "queued" and req.state == "queued"
    assert "cannot reach" in req.delivery.last_error
    assert not req.delivery.maybe_delivered  # refused: certainly not delivered, no lookup needed
    assert req.delivery.next_attempt_at == T0 + timedelta(seconds=15)  # half of 30 s with no jitter

    live = backend_for_kind(kind, fake.base)
    shown_again(store, rid, live)  # the intake moved: the user sees where it goes now, and says to send it
    [out] = sync(store, live, now=T0 + timedelta(seconds=5))
    assert out.action == "waiting"  # backoff is honoured
    [out] = sync(store, live, now=T0 + timedelta(seconds=16))
    assert out.action == "sent"
    assert_once(store, rid, fake.tickets)
    assert [r["method"] for r in fake.received] == ["POST"]  # no lookup was needed


@pytest.mark.parametrize("kind", KINDS)
def test_503_then_success(store, fake, kind):
    (rid,) = queued(store, kind, fake.base)
    fake.faults = ["503"]
    backend = backend_for_kind(kind, fake.base)
    [out] = sync(store, backend, now=T0, rng=NO_JITTER)
    assert out.state == "queued" and "HTTP 503" in out.message
    # a 503 may come after the ticket was made: Jira's lookup waits until its search can show it
    [out] = sync(store, backend, now=T0 + timedelta(minutes=5))
    assert out.state == "submitted"
    req = assert_once(store, rid, fake.tickets)
    assert req.delivery.attempts == 2


def test_429_honours_retry_after(store, fake):
    (rid,) = queued(store, "github", fake.base)
    fake.faults = ["429:120"]
    backend = backend_for_kind("github", fake.base)
    sync(store, backend, now=T0)
    req = store.load(rid)
    assert req.delivery.next_attempt_at == T0 + timedelta(seconds=120)
    assert not req.delivery.maybe_delivered  # a 429 means nothing was created
    assert sync(store, backend, now=T0 + timedelta(seconds=119))[0].action == "waiting"
    assert sync(store, backend, now=T0 + timedelta(seconds=120))[0].action == "sent"
    assert_once(store, rid, fake.tickets)


@pytest.mark.parametrize("fault", ["hang", "drop", "500-after-create"])
@pytest.mark.parametrize("kind", KINDS)
def test_uncertain_outcome_finds_the_ticket_instead_of_filing_twice(store, fake, kind, fault):
    """The server recorded the ticket but the answer never arrived (timeout, dropped connection) or was
    an error: the retry must find that ticket (or, for a webhook, be dropped by the receiver)."""
    (rid,) = queued(store, kind, fake.base)
    fake.faults = [fault]
    # a short timeout only where the fault is a hang; the retry gets a generous one, so a loaded machine
    # never turns a slow answer into a second uncertain outcome
    backend = backend_for_kind(kind, fake.base, timeout=0.3 if fault == "hang" else 10)
    [out] = sync(store, backend, now=T0)
    assert out.state == "queued"
    assert store.load(rid).delivery.maybe_delivered
    assert len(fake.tickets) == 1  # it did arrive
    backend = backend_for_kind(kind, fake.base, timeout=10)
    [out] = sync(store, backend, now=T0 + timedelta(hours=1))
    assert out.state == "submitted"
    req = assert_once(store, rid, fake.tickets)
    assert req.delivery.ticket == str(fake.tickets[0]["key"]) or req.delivery.ticket.endswith(
        f"#{fake.tickets[0]['key']}"
    )
    if kind != "webhook":
        assert out.action == "found"


@pytest.mark.parametrize("kind", KINDS)
def test_server_killed_mid_request(store, tmp_path, kind):
    state = tmp_path / "intake-state.json"
    state.write_text(json.dumps({"tickets": [], "webhook_ids": {}, "faults": ["exit"]}))
    server = IntakeProcess(state)
    base = server.start()
    (rid,) = queued(store, kind, base)
    try:
        backend = backend_for_kind(kind, base, timeout=5)
        [out] = sync(store, backend, now=T0)  # the server records the ticket, then dies
        assert out.state == "queued"
        server.proc.wait(5)
        assert server.proc.returncode == 17
        [out] = sync(store, backend, now=T0 + timedelta(hours=1))  # still down: refused
        assert out.state == "queued" and "cannot reach" in out.message
        server.start()  # back up, with its records
        [out] = sync(store, backend, now=T0 + timedelta(hours=2))
        assert out.state == "submitted"
        assert_once(store, rid, server.state()["tickets"])
    finally:
        server.stop()


SENDER = """
import json, sys
from pathlib import Path
from tui.intake.factory import build_backend
from tui.requests.outbox import sync
from tui.requests.store import RequestStore
settings, env, data = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
outs = sync(RequestStore(Path(data)), build_backend(settings, env=env), force=True)
print(json.dumps([o.action for o in outs]))
"""


def _sender(settings: dict, data_dir: Path) -> subprocess.Popen:
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [sys.executable, "-c", SENDER, json.dumps(settings), json.dumps(ENV), str(data_dir)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("kind", ["webhook", "jira"])
def test_aicheck_killed_mid_send(store, tmp_path, kind):
    """aicheck dies while waiting for the answer: the record shows the attempt in flight, and the next
    sync finds the ticket the server created instead of filing a second one."""
    fake = FakeIntake(faults=["hang"], hang=3.0)
    base = fake.start()
    try:
        (rid,) = queued(store, kind, base)
        proc = _sender(settings_for(kind, base, timeout=20), store.folder.parent)
        deadline = time.monotonic() + 10
        while not fake.tickets and time.monotonic() < deadline:
            time.sleep(0.02)
        assert fake.tickets, "the sender never reached the intake"
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        req = store.load(rid)
        assert req.state == "queued" and req.delivery.in_flight  # the attempt was recorded before sending
        # (later than a search index may lag behind the create: Jira's lookup waits that long)
        [out] = sync(store, backend_for_kind(kind, base), now=req.delivery.in_flight_started + timedelta(minutes=5))
        assert out.state == "submitted"
        req = assert_once(store, rid, fake.tickets)
        assert any("interrupted" in h["event"] for h in req.history)
    finally:
        fake.stop()


def test_many_requests_many_faults_each_delivered_exactly_once(store, fake):
    ids = queued(store, "jira", fake.base, 8)
    fake.faults = ["503", "hang", "drop", "500-after-create", "429:1", "", "drop", "503", "hang"]
    backend = backend_for_kind("jira", fake.base, timeout=0.3)
    for i in range(10):  # minutes apart: Jira's lookup waits for its search to show a ticket just made
        sync(store, backend, force=True, now=T0 + timedelta(minutes=5 * i))
        if all(store.load(i).state == "submitted" for i in ids):
            break
    for rid in ids:
        assert_once(store, rid, fake.tickets)
    assert len(fake.tickets) == 8


def test_webhook_many_faults_receiver_sees_each_once(store, fake):
    ids = queued(store, "webhook", fake.base, 5)
    fake.faults = ["hang", "drop", "503", "500-after-create", "drop"]
    backend = backend_for_kind("webhook", fake.base, timeout=0.3)
    for _ in range(10):
        sync(store, backend, force=True)
        if all(store.load(i).state == "submitted" for i in ids):
            break
    for rid in ids:
        assert_once(store, rid, fake.tickets)
    # the receiver saw duplicates (same webhook-id) and dropped them
    ids_posted = Counter(r["headers"]["webhook-id"] for r in fake.received if r["method"] == "POST")
    assert max(ids_posted.values()) > 1 and len(fake.tickets) == 5
    assert fake.bad_signatures == 0


def test_two_processes_syncing_at_once_send_each_request_once(store, fake):
    ids = queued(store, "github", fake.base, 12)
    procs = [_sender(settings_for("github", fake.base), store.folder.parent) for _ in range(3)]
    results = [p.communicate(timeout=30) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    sync(store, backend_for_kind("github", fake.base), force=True)  # anything a busy lock skipped
    for rid in ids:
        assert_once(store, rid, fake.tickets)
    assert len(fake.tickets) == 12


def test_threads_syncing_at_once(store, fake):
    ids = queued(store, "servicenow", fake.base, 6)
    backend = backend_for_kind("servicenow", fake.base)
    threads = [threading.Thread(target=sync, args=(store, backend), kwargs={"force": True}) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sync(store, backend, force=True)
    assert sorted(creates_per_fingerprint(fake.tickets).values()) == [1] * 6
    assert all(store.load(i).state == "submitted" for i in ids)


def test_submit_records_before_sending_and_queues_when_unreachable(store):
    req = make_request(store)
    dead = backend_for_kind("webhook", f"http://127.0.0.1:{free_port()}")
    out = submit(store, req.id, make_policy(), dead, now=T0)
    assert out.state == "queued"
    rec = store.load(req.id)
    assert rec.state == "queued" and rec.delivery.attempts == 1 and rec.delivery.backend == "webhook"


def test_non_retryable_failure_needs_attention(store, fake):
    (rid,) = queued(store, "github", fake.base)
    backend = backend_for_kind("github", fake.base)
    backend.settings.env = {"T_TOKEN": "wrong"}
    [out] = sync(store, backend, now=T0)
    req = store.load(rid)
    assert req.state == "queued" and req.delivery.needs_attention and req.delivery.next_attempt_at is None
    assert "HTTP 401" in out.message and "Bad credentials" in out.message
    assert req.delivery.parked  # a permanent refusal: not re-sent by the next sync or app start
    backend.settings.env = ENV
    assert sync(store, backend, now=T0, force=True) == [] and len(fake.received) == 1
    # token fixed and the user retries explicitly: delivered
    assert sync(store, backend, now=T0, retry_parked=True)[0].action == "sent"
    assert_once(store, rid, fake.tickets)


def test_missing_secret_queues_without_sending(store, fake):
    (rid,) = queued(store, "webhook", fake.base)
    backend = backend_for_kind("webhook", fake.base)
    backend.settings.env = {}
    [out] = sync(store, backend, now=T0)
    assert "T_SECRET is not set" in out.message
    assert fake.received == [] and not store.load(rid).delivery.maybe_delivered


def test_backoff_grows_with_jitter_and_is_capped():
    assert backoff_delay(1, rng=lambda: 0.0) == 15
    assert backoff_delay(1, rng=lambda: 1.0) == 30
    assert backoff_delay(3, rng=lambda: 1.0) == 120
    assert backoff_delay(30, rng=lambda: 1.0) == 3600
    assert backoff_delay(2, retry_after=7) == 7
    assert backoff_delay(2, retry_after=10**9) == 86400


@pytest.mark.parametrize("kind", ["webhook", "jira", "github", "servicenow"])
def test_decisions_are_recorded_and_await_a_signed_grant(store, fake, kind):
    from tui.grants.store import approvals_waiting
    from tui.requests.model import grant_expiry

    (rid,) = queued(store, kind, fake.base)
    backend = backend_for_kind(kind, fake.base, **({"expiry_field": "customfield_1"} if kind == "jira" else {}))
    sync(store, backend, now=T0)
    assert store.load(rid).state == "submitted"
    assert sync(store, backend, now=T0)[0].action == "unchanged"  # still pending
    t = fake.tickets[0]
    t.update(
        decision="approved",
        expires="2026-12-01",
        status="Approved",
        gh_labels=["exception-approved"],
        approval="approved",
    )
    [out] = sync(store, backend, now=T0 + timedelta(days=1))
    assert out.action == "decided" and out.state == "approved"
    req = store.load(rid)
    expires = grant_expiry(req)
    if kind in ("webhook", "jira"):
        assert expires is not None and expires.isoformat() == "2026-12-01"  # reported by the backend
    else:
        assert expires == (T0 + timedelta(days=1 + req.days)).date()  # approval day + requested days
    # an approval alone changes no verdict: the scan says a signed grant is awaited
    [waiting] = approvals_waiting(store.folder.parent)
    assert waiting.grant is None and waiting.tool_id == "cursor" and waiting.source == rid
    assert f"approved in {req.delivery.ticket or rid} - waiting for the signed grant" in waiting.problem


@pytest.mark.parametrize(
    "kind, change",
    [
        ("jira2", {"token_env": "OTHER_TOKEN"}),  # another account's token
        ("jira", {"email": "admin@acme.example"}),  # another Jira Cloud login
        ("github", {"token_env": "OTHER_TOKEN"}),
        ("servicenow", {"user": "svc-admin"}),
        ("webhook", {"secret_env": "OTHER_SECRET"}),
    ],
)
def test_a_request_shown_for_one_account_is_held_when_the_intake_would_send_it_as_another(store, fake, kind, change):
    """Red team: with the same address and body, a token switched to another account between the preview and
    the sync went out as that account, unseen (the digest held header names only). The preview names the
    account (the token's variable, the login's user), and another one is another request to see."""
    from tui.intake.factory import build_backend

    queued(store, kind, fake.base)
    other = build_backend(
        settings_for(kind, fake.base, **change), env={**ENV, "OTHER_TOKEN": "tok-other", "OTHER_SECRET": SECRET}
    )
    [out] = sync(store, other, now=T0)
    assert out.action == "held" and "is not what you saw" in out.message and fake.received == []
    [out] = sync(store, backend_for_kind(kind, fake.base), now=T0)  # as it was shown: sent
    assert out.action == "sent"


def test_a_jira_cloud_login_whose_email_variable_is_unset_is_a_setting_to_fix(store, fake):
    """The preview said Basic (email and token) and the send quietly used Bearer with the token alone."""
    from tui.intake.factory import build_backend

    settings = settings_for("jira", fake.base, email_env="T_EMAIL")
    del settings["email"]
    backend = build_backend(settings, env=ENV)
    (rid,) = queued(store, "jira", fake.base)
    queue(store, rid, make_policy(), shown=shown_digest(backend, store.load(rid)))
    assert "($T_EMAIL:$T_TOKEN)" in backend.preview(store.load(rid)).headers["authorization"]
    [out] = sync(store, backend, now=T0)
    assert "environment variable T_EMAIL is not set" in out.message and fake.received == []
