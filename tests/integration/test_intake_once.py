"""Exactly once across machines and intakes, against real loopback servers: a GitHub token that cannot set
labels, a Jira search that lags behind a create, a ServiceNow table without correlation_id, two employees
who drew the same request id, and servers that echo a secret back in another encoding."""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from support.intake_server import (
    JIRA_EMAIL,
    SECRET,
    FakeIntake,
    backend_for_kind,
    make_policy,
    make_request,
    settings_for,
)
from tui.errors import RecordError
from tui.intake.factory import build_backend
from tui.requests.model import ExceptionRequest, fingerprint_of
from tui.requests.outbox import queue, shown_digest, submit, sync
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


def queue_for(store, backend, **changes) -> str:
    req = make_request(store, **changes)
    queue(store, req.id, make_policy(), shown=shown_digest(backend, req))
    return req.id


def github_gets(fake) -> list[dict]:
    return [
        {k: v[0] for k, v in parse_qs(urlsplit(r["path"]).query).items()}
        for r in fake.received
        if r["method"] == "GET" and urlsplit(r["path"]).path == "/repos/acme/exceptions/issues"
    ]


# -- GitHub: a token without push access (labels dropped) --------------------------------------------------


def test_github_retry_finds_the_issue_whose_labels_github_dropped(store, fake):
    fake.github_drops_labels = True
    fake.clock = lambda: T0 + timedelta(seconds=2)  # GitHub's clock: the issue is made during the attempt
    fake.faults = ["500-after-create"]  # created, then the answer is lost
    backend = backend_for_kind("github", fake.base)
    rid = queue_for(store, backend)
    [out] = sync(store, backend, now=T0, rng=NO_JITTER)
    assert out.action == "queued" and store.load(rid).delivery.maybe_delivered
    assert fake.created("github")[0]["labels"] == []  # GitHub kept no label: a label lookup finds nothing

    [out] = sync(store, backend, now=T0 + timedelta(minutes=1), force=True)
    assert out.action == "found", out.message
    req = store.load(rid)
    assert req.state == "submitted" and req.delivery.ticket == "acme/exceptions#1"
    assert len(fake.created("github")) == 1
    assert req.delivery.first_attempt_at == T0
    [query] = github_gets(fake)
    assert query["creator"] == "aicheck-bot" and query["state"] == "all" and query["direction"] == "desc"
    assert query["since"] == "2026-11-19T09:00:00Z"  # a day before the first attempt (clock margin)
    assert "labels" not in query


def test_github_lookup_pages_through_the_accounts_newer_issues(store, fake, monkeypatch):
    monkeypatch.setattr("tui.intake.github.LOOKUP_PER_PAGE", 5)
    fake.github_drops_labels = True
    fake.clock = lambda: T0 + timedelta(seconds=2)
    fake.faults = ["500-after-create"]
    backend = backend_for_kind("github", fake.base)
    rid = queue_for(store, backend)
    sync(store, backend, now=T0, rng=NO_JITTER)
    fp = store.load(rid).fingerprint
    # after it: 12 issues by the same account for other requests, and one by someone else copying the marker
    for i in range(12):
        fake.tickets.append(fake.github_issue(f"<!-- aicheck-fingerprint: aicheck-{i:032x} -->\nx", ["a", "b"]))
    fake.tickets.append(fake.github_issue(f"<!-- aicheck-fingerprint: {fp} -->\nforged", ["a"], creator="mallory"))
    [out] = sync(store, backend, now=T0 + timedelta(minutes=1), force=True)
    assert out.action == "found" and out.ticket == "acme/exceptions#1"
    assert [q["page"] for q in github_gets(fake)] == ["1", "2", "3"]
    assert len([t for t in fake.created("github") if t["creator"] == "aicheck-bot" and fp in t["body"]]) == 1


def test_github_lookup_stops_at_issues_older_than_the_first_attempt(store, fake, monkeypatch):
    monkeypatch.setattr("tui.intake.github.LOOKUP_PER_PAGE", 2)
    fake.clock = lambda: T0 - timedelta(days=3)  # older issues of the same account
    for i in range(6):
        fake.tickets.append(fake.github_issue(f"<!-- aicheck-fingerprint: aicheck-{i:032x} -->", ["a", "b"]))
    backend = backend_for_kind("github", fake.base)
    rid = queue_for(store, backend)
    with store.transaction(rid) as req:  # an attempt got no answer (the create never arrived)
        req.delivery.maybe_delivered, req.delivery.first_attempt_at = True, T0
    fake.clock = lambda: T0 + timedelta(minutes=1)
    [out] = sync(store, backend, now=T0 + timedelta(minutes=1), force=True)
    assert out.action == "sent"
    assert len(github_gets(fake)) == 1  # the first page already reached older issues: no more pages


def test_github_lookup_that_cannot_finish_creates_nothing(store, fake, monkeypatch):
    monkeypatch.setattr("tui.intake.github.LOOKUP_PER_PAGE", 2)
    monkeypatch.setattr("tui.intake.github.LOOKUP_PAGES", 3)
    fake.clock = lambda: T0 + timedelta(seconds=1)
    fake.faults = ["500-after-create"]
    backend = backend_for_kind("github", fake.base)
    rid = queue_for(store, backend)
    sync(store, backend, now=T0, rng=NO_JITTER)
    for i in range(7):
        fake.tickets.append(fake.github_issue(f"<!-- aicheck-fingerprint: aicheck-{i:032x} -->", ["a", "b"]))
    [out] = sync(store, backend, now=T0 + timedelta(minutes=1), force=True)
    req = store.load(rid)
    assert out.action == "queued" and req.delivery.needs_attention
    assert "cannot tell whether an earlier attempt created the issue" in req.delivery.last_error
    assert len(github_gets(fake)) == 3
    assert len([t for t in fake.created("github") if t["fingerprint"] == req.fingerprint]) == 1


def test_github_app_token_without_a_user_still_finds_the_issue(store, fake):
    fake.github_login = None  # GET /user: 403 "Resource not accessible by integration"
    fake.github_drops_labels = True
    fake.faults = ["drop"]
    backend = backend_for_kind("github", fake.base, timeout=2)
    rid = queue_for(store, backend)
    sync(store, backend, now=T0, rng=NO_JITTER)
    [out] = sync(store, backend, now=T0 + timedelta(minutes=1), force=True)
    assert out.action == "found" and store.load(rid).state == "submitted"
    assert len(fake.created("github")) == 1 and "creator" not in github_gets(fake)[0]


# -- Jira: the search lags behind a create --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["jira", "jira2"])
def test_jira_lookup_waits_for_the_search_to_show_a_new_issue(store, fake, kind):
    fake.faults = ["500-after-create"]
    backend = backend_for_kind(kind, fake.base, timeout=5)  # deadline 15 s
    rid = queue_for(store, backend)
    sync(store, backend, now=T0, rng=NO_JITTER)
    sent = len(fake.received)
    # even `sync --now` does not look it up until the search has had time to show the issue
    [out] = sync(store, backend, now=T0 + timedelta(seconds=30), force=True)
    req = store.load(rid)
    assert out.action == "waiting" and "looking it up after" in out.message
    assert req.delivery.next_attempt_at == T0 + timedelta(seconds=15 + 120)
    assert len(fake.received) == sent  # nothing asked, nothing sent
    [out] = sync(store, backend, now=T0 + timedelta(seconds=136))
    assert out.action == "found" and len(fake.created("jira")) == 1


def jira_issue_for_someone_else(fake, backend) -> None:
    from tui.intake.base import open_client

    with open_client() as client:
        backend.send(client, make_request())


@pytest.mark.parametrize("kind", ["jira", "jira2"])
def test_jira_lookup_reads_the_issues_its_search_does_not_show_yet(store, fake, kind):
    backend = backend_for_kind(kind, fake.base, timeout=5)
    jira_issue_for_someone_else(fake, backend)  # SEC-1, which the search shows
    rid = queue_for(store, backend)
    fake.faults = ["500-after-create"]  # ours: SEC-2, its answer lost
    sync(store, backend, now=T0, rng=NO_JITTER)
    jira_issue_for_someone_else(fake, backend)  # SEC-3
    fake.jira_index_lag = 2  # the search shows neither SEC-2 nor SEC-3 yet, minutes later
    [out] = sync(store, backend, now=T0 + timedelta(minutes=5))
    assert out.action == "found" and out.ticket == "SEC-2" == store.load(rid).delivery.ticket
    assert len(fake.created("jira")) == 3
    gets = [r["path"].split("?")[0] for r in fake.received if r["method"] == "GET"]
    assert gets[-1] == f"/rest/api/{backend.api}/issue/SEC-2"


def test_jira_lookup_finds_nothing_past_the_last_issue_and_creates_one(store, fake):
    backend = backend_for_kind("jira", fake.base, timeout=5)
    jira_issue_for_someone_else(fake, backend)
    rid = queue_for(store, backend)
    with store.transaction(rid) as req:  # an attempt got no answer; nothing reached Jira
        req.delivery.maybe_delivered, req.delivery.uncertain_at = True, T0
    [out] = sync(store, backend, now=T0 + timedelta(minutes=5))
    assert out.action == "sent" and len(fake.created("jira")) == 2
    scanned = [r["path"].split("?")[0] for r in fake.received if "/issue/SEC-" in r["path"]]
    assert scanned == ["/rest/api/3/issue/SEC-2", "/rest/api/3/issue/SEC-3", "/rest/api/3/issue/SEC-4"]


def test_jira_lookup_with_too_many_unsearchable_issues_waits_and_creates_nothing(store, fake, monkeypatch):
    monkeypatch.setattr("tui.intake.jira.SCAN_MAX", 2)
    backend = backend_for_kind("jira", fake.base, timeout=5)
    for _ in range(3):  # a busy project: three issues just before ours
        jira_issue_for_someone_else(fake, backend)
    rid = queue_for(store, backend)
    fake.faults = ["500-after-create"]
    sync(store, backend, now=T0, rng=NO_JITTER)
    fake.jira_index_lag = 4  # none of the four shows in the search yet
    [out] = sync(store, backend, now=T0 + timedelta(minutes=5), rng=NO_JITTER)
    req = store.load(rid)
    assert out.action == "queued" and req.delivery.next_attempt_at is not None and not req.delivery.needs_attention
    assert "newer than Jira's search shows" in req.delivery.last_error
    assert len(fake.created("jira")) == 4  # ours once, and the three others


def test_jira_lookup_after_a_killed_sender_waits_from_that_attempt(store, fake):
    backend = backend_for_kind("jira", fake.base, timeout=5)
    rid = queue_for(store, backend)
    with store.transaction(rid) as req:  # a sender died mid-send at T0
        req.delivery.in_flight, req.delivery.in_flight_started = "dead0001", T0
    [out] = sync(store, backend, now=T0 + timedelta(seconds=10), force=True)
    req = store.load(rid)
    assert out.action == "waiting" and not req.delivery.in_flight and req.delivery.uncertain_at == T0
    assert "attempt dead0001 was interrupted" in req.history[-1]["event"]
    [out] = sync(store, backend, now=T0 + timedelta(seconds=140))
    assert out.action == "sent" and len(fake.created("jira")) == 1


def test_a_request_that_never_reached_jira_is_sent_without_waiting(store, fake):
    fake.faults = ["429:1"]  # refused before anything was made
    backend = backend_for_kind("jira", fake.base)
    rid = queue_for(store, backend)
    sync(store, backend, now=T0, rng=NO_JITTER)
    [out] = sync(store, backend, now=T0 + timedelta(seconds=2))
    assert out.action == "sent"
    assert store.load(rid).state == "submitted" and len(fake.created("jira")) == 1


# -- ServiceNow: a table without correlation_id -----------------------------------------------------------


def test_servicenow_lookup_never_adopts_a_record_without_the_correlation_id(store, fake):
    fake.servicenow_lacks_correlation = True
    someone = make_request()
    fake.tickets.append(
        {"kind": "servicenow", "key": "AIX0000001", "sys_id": "f" * 32, "fingerprint": someone.fingerprint}
    )
    fake.faults = ["500-after-create"]
    backend = backend_for_kind("servicenow", fake.base)
    rid = queue_for(store, backend)
    sync(store, backend, now=T0, rng=NO_JITTER)
    [out] = sync(store, backend, now=T0 + timedelta(minutes=1), force=True)
    req = store.load(rid)
    assert out.action == "queued" and req.state == "queued" and req.delivery.needs_attention
    assert "may lack the correlation_id column" in req.delivery.last_error
    assert len(fake.created("servicenow")) == 2  # someone's and ours: no second one of ours, none adopted


# -- fingerprints: 128 random bits, kept in the record -----------------------------------------------------


@pytest.mark.parametrize("kind", ["webhook", "github", "jira", "servicenow"])
def test_two_employees_with_the_same_request_id_get_two_tickets(tmp_path, fake, monkeypatch, kind):
    monkeypatch.setattr("tui.requests.model.new_request_id", lambda now=None: "REQ-20261120-ABC123")
    backend = backend_for_kind(kind, fake.base)
    outs = []
    for who in ("ada", "bob"):
        store = RequestStore(tmp_path / who)
        rid = queue_for(store, backend)
        assert rid == "REQ-20261120-ABC123"
        [out] = sync(store, backend, now=T0)
        outs.append(out)
    assert [o.action for o in outs] == ["sent", "sent"]
    assert len(fake.tickets) == 2 and outs[0].ticket != outs[1].ticket


def test_fingerprint_has_128_random_bits_and_is_stored_before_sending(store):
    from tui.requests.model import new_fingerprint

    a, b = make_request(store), make_request()
    assert a.fingerprint != b.fingerprint and a.fingerprint != fingerprint_of(a.id)
    assert len(a.fingerprint) == len("aicheck-") + 32 and int(a.fingerprint[8:], 16) >= 0
    assert new_fingerprint() != new_fingerprint()
    text = store.path(a.id).read_text()
    assert f'fingerprint = "{a.fingerprint}"' in text
    assert store.load(a.id).fingerprint == a.fingerprint


def test_a_record_from_before_keeps_the_fingerprint_it_was_sent_with(store, fake):
    backend = backend_for_kind("webhook", fake.base)
    req = make_request()
    old = req.to_dict()
    del old["fingerprint"]
    rebuilt = ExceptionRequest.from_dict(old)
    assert rebuilt.fingerprint == fingerprint_of(req.id)
    store.create(rebuilt)
    queue(store, req.id, make_policy(), shown=shown_digest(backend, store.load(req.id)))
    [out] = sync(store, backend, now=T0)
    assert out.action == "sent"
    assert fake.received[-1]["headers"]["webhook-id"] == fingerprint_of(req.id)
    # and one written with the derived fingerprint in it (as versions before stored every record) too
    old["fingerprint"] = fingerprint_of(req.id)
    assert ExceptionRequest.from_dict(old).fingerprint == fingerprint_of(req.id)


@pytest.mark.parametrize(
    "bad", ["", "aicheck-XYZ", 'aicheck-0123456789abcdef" OR labels is not EMPTY', "aicheck-0123456789abcdef\n", 42]
)
def test_a_record_with_a_damaged_fingerprint_is_refused(bad):
    d = make_request().to_dict()
    d["fingerprint"] = bad
    with pytest.raises(RecordError, match="fingerprint"):
        ExceptionRequest.from_dict(d, source="r.toml")


# -- secrets echoed back in another encoding ----------------------------------------------------------------

LONG_TOKEN = "ATATT3xFfGF0+k/Zq9=Lm_2x-8PqR4sT6vW0yZ"  # with the characters encodings change: + / = _ -


def echoed_forms(secret: str) -> dict[str, str]:
    """How a server may put the secret in its message (computed here, independently of the code)."""
    raw = secret.encode()
    key = secret.removeprefix("whsec_")
    forms = {
        "exact": secret,
        "percent": urllib.parse.quote(secret, safe=""),
        "percent-lower": urllib.parse.quote(secret, safe="").lower(),
        "plus": urllib.parse.quote_plus(secret),
        "base64": base64.b64encode(raw).decode(),
        "base64-unpadded": base64.b64encode(raw).decode().rstrip("="),
        "urlsafe": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "hex": raw.hex(),
        "cut-short": secret[:14],
        "tail": secret[-13:],
        "upper": secret.upper(),
        "json-slash": secret.replace("/", "\\/"),
    }
    if secret.startswith("whsec_"):
        keybytes = base64.b64decode(key)
        forms.update(
            {
                "key-percent": urllib.parse.quote(key, safe=""),
                "key-urlsafe": key.replace("+", "-").replace("/", "_"),
                "key-unpadded-cut": key.rstrip("=")[:-1],
                "key-hex": keybytes.hex(),
                "key-HEX": keybytes.hex().upper(),
            }
        )
    return forms


class Echo:
    """A loopback intake that refuses every request with a message quoting ``self.text``."""

    def __init__(self):
        self.text = ""
        app = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _answer(self):
                self.rfile.read(int(self.headers.get("content-length") or 0))
                body = json.dumps({"message": f"invalid signature for secret {app.text} (check it)"}).encode()
                self.send_response(400)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def echo():
    e = Echo()
    yield e
    e.server.shutdown()
    e.server.server_close()


SECRETS = {
    "webhook": SECRET,
    "github": LONG_TOKEN,
    "jira": LONG_TOKEN,  # Jira Cloud: basic email:token
    "servicenow": LONG_TOKEN,  # basic user:password
}


def leaks(text: str, secret: str) -> list[str]:
    """The forms of ``secret`` (12 characters or more of any of them, in any case) found in ``text``."""
    low = text.lower()
    found = []
    for name, form in echoed_forms(secret).items():
        f = form.lower()
        if any(f[i : i + 12] in low for i in range(max(1, len(f) - 11))):
            found.append(name)
    return found


@pytest.mark.parametrize("kind", list(SECRETS))
def test_a_secret_echoed_in_any_encoding_is_never_printed_nor_stored(tmp_path, echo, kind):
    secret = SECRETS[kind]
    forms = echoed_forms(secret)
    if kind == "jira":  # the basic-auth string as sent, in its encodings
        basic = base64.b64encode(f"{JIRA_EMAIL}:{secret}".encode()).decode()
        forms |= {"basic": basic, "basic-cut": basic[4:30], "basic-percent": urllib.parse.quote(basic, safe="")}
    backend = build_backend(settings_for(kind, echo.base), env={"T_SECRET": SECRET, "T_TOKEN": LONG_TOKEN})
    for name, form in forms.items():
        echo.text = form
        store = RequestStore(tmp_path / name)
        rid = make_request(store).id
        out = submit(store, rid, make_policy(), backend)
        req = store.load(rid)
        assert out.action == "queued" and "invalid signature for secret" in req.delivery.last_error, name
        for text in (out.message, req.delivery.last_error, store.path(rid).read_text()):
            assert not leaks(text, secret), (name, text)
            if kind == "jira":
                assert basic[:12] not in text and form[:12] not in text, (name, text)
        assert "<redacted>" in req.delivery.last_error


def test_a_retry_never_adopts_another_employees_ticket_with_the_same_request_id(tmp_path, fake, monkeypatch):
    monkeypatch.setattr("tui.requests.model.new_request_id", lambda now=None: "REQ-20261120-ABC123")
    backend = backend_for_kind("servicenow", fake.base)
    ada, bob = RequestStore(tmp_path / "ada"), RequestStore(tmp_path / "bob")
    queue_for(ada, backend)
    [first] = sync(ada, backend, now=T0)
    rid = queue_for(bob, backend)
    fake.faults = ["500-after-create"]  # Bob's record is made, the answer lost
    sync(bob, backend, now=T0, rng=NO_JITTER)
    [out] = sync(bob, backend, now=T0 + timedelta(minutes=1), force=True)
    assert out.action == "found" and out.ticket != first.ticket
    assert bob.load(rid).delivery.ticket == fake.created("servicenow")[1]["key"]
