"""Generic webhook, signed per the Standard Webhooks spec (https://www.standardwebhooks.com/).

Headers: ``webhook-id`` (the request's fingerprint: the same on every retry, so the receiver can drop
duplicates), ``webhook-timestamp`` (Unix seconds of this attempt) and ``webhook-signature``
(``v1,`` + base64 HMAC-SHA256 over ``"{id}.{timestamp}.{body}"`` with the base64 key after ``whsec_``).

Settings: ``url`` and ``secret_env`` (the variable holding the ``whsec_...`` secret).

The receiver may answer with JSON ``{"ticket": "...", "url": "...", "status_url": "https://..."}``;
a ``status_url`` is then polled (signed the same way, empty body) for
``{"status": "approved"|"denied"|"pending", "expires": "YYYY-MM-DD", "note": "..."}``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from datetime import datetime
from typing import Any

from tui.core.urls import same_origin, url_problem
from tui.errors import ConfigError
from tui.intake.base import (
    REDACTED,
    DecisionInfo,
    IntakeBackend,
    IntakeNotReady,
    IntakeRequest,
    Prepared,
    Response,
    Settings,
    Ticket,
    check_url,
    json_body,
    parse_date,
)


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one message."""
    key = decode_secret(secret)
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify(
    secret: str, headers: dict[str, str], body: bytes, *, tolerance: int = 300, now: float | None = None
) -> bool:
    """Receiver-side check (used by the tests and usable by a receiver written in Python)."""
    h = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id, ts = h["webhook-id"], int(h["webhook-timestamp"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - ts) > tolerance:
        return False
    expected = sign(secret, msg_id, ts, body).split(",", 1)[1]
    for candidate in h.get("webhook-signature", "").split():
        version, _, sig = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(sig, expected):
            return True
    return False


def decode_secret(secret: str) -> bytes:
    if not secret.startswith("whsec_"):
        raise IntakeNotReady("the webhook secret must be a Standard Webhooks secret starting with 'whsec_'")
    try:
        return base64.b64decode(secret[len("whsec_") :], validate=True)
    except (binascii.Error, ValueError):
        raise IntakeNotReady("the webhook secret after 'whsec_' is not valid base64") from None


class WebhookBackend(IntakeBackend):
    kind = "webhook"
    label = "webhook"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.url = settings.url("url")
        self.secret_env = settings.env_name("secret_env", required=True)

    @property
    def target(self) -> str:
        return self.url

    def _signed_headers(self, msg_id: str, body: bytes, redact: bool, now: datetime | None) -> dict[str, str]:
        ts = int(now.timestamp()) if now else int(time.time())
        sig = (
            f"v1,{REDACTED} (HMAC-SHA256 with ${self.secret_env})"
            if redact
            else sign(self.settings.secret("secret_env"), msg_id, ts, body)
        )
        return {"webhook-id": msg_id, "webhook-timestamp": str(ts), "webhook-signature": sig}

    def prepare_create(self, req: IntakeRequest, *, redact: bool = False, now: datetime | None = None) -> Prepared:
        body = json_body(req.payload())
        headers = {"content-type": "application/json", **self._signed_headers(req.fingerprint, body, redact, now)}
        return Prepared("POST", self.url, headers, body)

    def parse_create(self, req: IntakeRequest, resp: Response) -> Ticket:
        data: dict[str, Any] = {}
        if resp.body.strip():
            try:
                parsed = resp.json()
                data = parsed if isinstance(parsed, dict) else {}
            except Exception:
                data = {}
        status_url = str(data.get("status_url") or "")
        if status_url:
            try:
                check_url(status_url, "webhook status_url")
            except ConfigError:
                status_url = ""
            # asked on every sync, signed: only on the intake's own host and port, never anywhere an answer names
            if not same_origin(status_url, self.url):
                status_url = ""
        key = str(data.get("ticket") or data.get("key") or data.get("id") or req.fingerprint)
        return Ticket(key=key, url=str(data.get("url") or ""), ref=status_url)

    def prepare_status(self, req: IntakeRequest) -> Prepared | None:
        ref = req.delivery.ticket_ref
        if not ref or url_problem(ref) is not None or not same_origin(ref, self.url):
            return None  # (a record from before the rule, or one edited by hand, asks nowhere else either)
        return Prepared("GET", req.delivery.ticket_ref, self._signed_headers(req.fingerprint, b"", False, None))

    def parse_status(self, req: IntakeRequest, resp: Response) -> DecisionInfo | None:
        data = resp.json()
        if not isinstance(data, dict):
            return None
        status = {"approved": "approved", "denied": "denied", "rejected": "denied"}.get(
            str(data.get("status", "")).lower(), ""
        )
        return DecisionInfo(status, parse_date(data.get("expires")), str(data.get("note") or ""))
