"""Each backend's HTTP shape against the loopback fake: what is sent, how it is signed or authenticated,
that the preview is exactly what is sent, and the rules every backend shares (HTTPS, secrets, errors)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from support.intake_server import (
    ENV,
    JIRA_EMAIL,
    SECRET,
    TOKEN,
    backend_for_kind,
    make_request,
    settings_for,
)
from tui.errors import ConfigError
from tui.intake.base import REDACTED, IntakeNotReady, open_client, parse_retry_after
from tui.intake.factory import build_backend
from tui.intake.webhook import sign, verify


@pytest.fixture
def client():
    with open_client() as c:
        yield c


def test_webhook_signature_follows_standard_webhooks(fake, client):
    req = make_request()
    backend = backend_for_kind("webhook", fake.base)
    ticket = backend.send(client, req)
    assert ticket.key == "HOOK-1" and ticket.ref.endswith(f"/status/{req.fingerprint}")
    got = fake.received[0]
    h = {k.lower(): v for k, v in got["headers"].items()}
    assert h["webhook-id"] == req.fingerprint
    # recompute independently of tui.intake.webhook: HMAC-SHA256(base64-decoded key, "id.ts.body")
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    signed = f"{h['webhook-id']}.{h['webhook-timestamp']}.".encode() + got["body"]
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert h["webhook-signature"] == f"v1,{expected}"
    assert json.loads(got["body"]) == req.payload()
    assert fake.bad_signatures == 0


def test_webhook_verify_rejects_tampering_and_old_timestamps():
    body = b'{"a":1}'
    now = 1_800_000_000
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(now),
        "webhook-signature": sign(SECRET, "msg_1", now, body),
    }
    assert verify(SECRET, headers, body, now=now)
    assert not verify(SECRET, headers, b'{"a":2}', now=now)
    assert not verify(SECRET, {**headers, "webhook-id": "msg_2"}, body, now=now)
    assert not verify(SECRET, headers, body, now=now + 301)  # replay window
    other = "whsec_" + base64.b64encode(b"another key of 32 bytes.........").decode()
    assert not verify(other, headers, body, now=now)
    # several signatures separated by spaces (key rotation): any valid one passes
    multi = {**headers, "webhook-signature": "v1,bogus " + headers["webhook-signature"]}
    assert verify(SECRET, multi, body, now=now)


def test_webhook_id_is_stable_across_retries_and_timestamp_is_fresh(fake, client):
    req = make_request()
    backend = backend_for_kind("webhook", fake.base)
    a = backend.prepare_create(req, now=datetime(2026, 1, 1, tzinfo=UTC))
    b = backend.prepare_create(req, now=datetime(2026, 1, 1, 0, 5, tzinfo=UTC))
    assert a.headers["webhook-id"] == b.headers["webhook-id"] == req.fingerprint
    assert a.headers["webhook-timestamp"] != b.headers["webhook-timestamp"]
    assert a.body == b.body


@pytest.mark.parametrize("kind", ["webhook", "jira", "jira2", "github", "servicenow"])
def test_preview_is_exactly_what_is_sent(fake, client, kind):
    req = make_request()
    backend = backend_for_kind(kind, fake.base)
    preview = backend.preview(req)
    backend.send(client, req)
    sent = fake.received[-1]
    assert preview.method == sent["method"]
    assert fake.base + sent["path"] == preview.url
    assert preview.body == sent["body"]  # byte for byte
    sent_headers = {k.lower(): v for k, v in sent["headers"].items()}
    for name, value in preview.headers.items():
        if REDACTED in value:
            assert TOKEN not in value and SECRET not in value
            assert name in sent_headers and REDACTED not in sent_headers[name]
        elif name != "webhook-timestamp":
            assert sent_headers[name] == value
    text = preview.render()
    assert TOKEN not in text and SECRET.split("_")[1] not in text
    assert req.justification in text or kind == "jira"  # Jira v3: inside ADF, also present
    assert req.fingerprint in text


def test_jira_cloud_v3_shape(fake, client):
    req = make_request()
    ticket = backend_for_kind("jira", fake.base).send(client, req)
    assert ticket.key == "SEC-1" and ticket.url == f"{fake.base}/browse/SEC-1"
    got = fake.received[0]
    assert got["path"] == "/rest/api/3/issue"
    auth = got["headers"]["authorization"]
    assert base64.b64decode(auth.removeprefix("Basic ")).decode() == f"{JIRA_EMAIL}:{TOKEN}"
    fields = json.loads(got["body"])["fields"]
    assert fields["project"] == {"key": "SEC"} and fields["issuetype"] == {"name": "Task"}
    assert fields["labels"] == ["aicheck", req.fingerprint]
    doc = fields["description"]
    assert doc["type"] == "doc" and doc["version"] == 1
    texts = json.dumps(doc)
    assert req.justification in texts and "Cursor" in texts


def test_jira_server_v2_shape(fake, client):
    req = make_request()
    backend_for_kind("jira2", fake.base).send(client, req)
    got = fake.received[0]
    assert got["path"] == "/rest/api/2/issue" and got["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert isinstance(json.loads(got["body"])["fields"]["description"], str)


def test_jira_api_defaults_to_cloud_on_atlassian_net():
    b = build_backend(
        {"kind": "jira", "url": "https://acme.atlassian.net", "project": "SEC", "token_env": "X", "email": "a@b.c"}
    )
    assert b.api == 3 and b.label == "Jira Cloud"
    b = build_backend({"kind": "jira", "url": "https://jira.acme.com", "project": "SEC", "token_env": "X"})
    assert b.api == 2


def test_github_shape(fake, client):
    req = make_request()
    ticket = backend_for_kind("github", fake.base, labels=["security"]).send(client, req)
    assert ticket.key == "acme/exceptions#1" and ticket.ref == "1"
    got = fake.received[0]
    h = {k.lower(): v for k, v in got["headers"].items()}
    assert h["accept"] == "application/vnd.github+json" and h["x-github-api-version"] == "2022-11-28"
    body = json.loads(got["body"])
    assert body["labels"] == ["aicheck-exception", req.fingerprint, "security"]
    assert f"<!-- aicheck-fingerprint: {req.fingerprint} -->" in body["body"]


def test_servicenow_shape(fake, client):
    req = make_request()
    ticket = backend_for_kind("servicenow", fake.base, fields={"assignment_group": "AI Governance"}).send(client, req)
    assert ticket.key == "AIX0000001" and "sys_id%3D" in ticket.url
    rec = json.loads(fake.received[0]["body"])
    assert rec["correlation_id"] == req.fingerprint and rec["correlation_display"] == "aicheck"
    assert rec["assignment_group"] == "AI Governance" and rec["short_description"].startswith("AI tool exception")


@pytest.mark.parametrize(
    "url",
    [
        "http://intake.example.com/hook",  # plain http off loopback
        "ftp://127.0.0.1/x",
        "https://user:pw@intake.example.com/",
        "intake.example.com",
    ],
)
def test_https_required_except_loopback(url):
    with pytest.raises(ConfigError):
        build_backend({"kind": "webhook", "url": url, "secret_env": "S"})


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/h",
        "http://127.9.9.9/h",
        "http://[::1]:9/h",
        "http://localhost/h",
        "https://intake.example.com/h",
    ],
)
def test_loopback_http_and_https_allowed(url):
    assert build_backend({"kind": "webhook", "url": url, "secret_env": "S"}).url == url


def test_tls_verification_stays_on():
    with open_client() as c:
        # httpx keeps an SSL context that verifies certificates and host names
        ctx = c._transport._pool._ssl_context
        import ssl

        assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    src = "\n".join(p.read_text() for p in (Path(__file__).resolve().parents[2] / "tui" / "intake").glob("*.py"))
    assert "verify=False" not in src


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"kind": "carrier-pigeon"}, "kind must be one of"),
        ({"kind": "webhook", "url": "https://x.example"}, "secret_env is required"),
        ({"kind": "webhook", "url": "https://x.example", "secret_env": "S", "secret": "whsec_abc"}, "holds a secret"),
        ({"kind": "jira", "url": "https://x.example", "token_env": "T"}, "project is required"),
        ({"kind": "github", "repo": "not a repo", "token_env": "T"}, "owner/name"),
        ({"kind": "servicenow", "url": "https://x.example", "table": "t"}, "token_env, or user and password_env"),
        ({"kind": "webhook", "url": "https://x.example", "secret_env": "BAD NAME"}, "environment variable"),
        ({"kind": "webhook", "url": "https://x.example", "secret_env": "S", "timeout": 0}, "timeout"),
    ],
)
def test_settings_errors_are_clear(raw, message):
    with pytest.raises(ConfigError, match=message):
        build_backend(raw, where="config.toml: [intake]")


def test_secret_must_be_whsec(fake, client):
    backend = build_backend(settings_for("webhook", fake.base), env={"T_SECRET": "plain"})
    with pytest.raises(IntakeNotReady, match="whsec_"):
        backend.send(client, make_request())
    assert fake.received == []


def test_rejected_payload_carries_server_message(fake, client):
    from tui.intake.base import Prepared

    backend = backend_for_kind("jira2", fake.base)
    body = b'{"fields": {"description": {"type": "doc"}, "project": {"key": "S"}, "labels": ["a", "b"]}}'
    with pytest.raises(Exception) as info:
        backend.execute(client, Prepared("POST", f"{fake.base}/rest/api/2/issue", backend._headers(False), body))
    assert "HTTP 400" in str(info.value) and "description: must be a string" in str(info.value)
    assert info.value.retryable is False


def test_retry_after_parsing():
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Fri, 20 Nov 2026 09:02:00 GMT", now) == 120
    assert parse_retry_after("Fri, 20 Nov 2026 08:00:00 GMT", now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_redirects_are_not_followed(client):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["content-length"]))
            self.send_response(301)
            self.send_header("location", "http://evil.example/hook")
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        backend = build_backend(settings_for("webhook", f"http://127.0.0.1:{srv.server_address[1]}"), env=ENV)
        with pytest.raises(Exception, match=r"redirects to http://evil\.example/hook") as info:
            backend.send(client, make_request())
        assert info.value.retryable is False
    finally:
        srv.shutdown()
        srv.server_close()


def test_intake_and_requests_cli_modules_do_not_import_httpx_or_textual():
    code = (
        "import sys, tui.cli.requests, tui.requests.store, tui.requests.outbox, tui.intake.factory, "
        "tui.intake.webhook, tui.intake.jira, tui.intake.github, tui.intake.servicenow;"
        "from tui.requests.store import RequestStore; RequestStore().list();"
        "print(sorted(m for m in ('httpx', 'textual') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    assert out.stdout.strip() == "[]"
