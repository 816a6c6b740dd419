"""ServiceNow Table API.

Settings: ``url`` (instance, e.g. ``https://acme.service-now.com``), ``table`` (e.g. ``sc_request`` or a
custom ``u_ai_exception`` table), and either ``token_env`` (OAuth bearer token) or ``user`` +
``password_env`` (basic auth). Optional: ``fields`` (a table of extra column values, e.g.
``assignment_group``), ``expiry_field`` (a date column the approver sets).

The record's ``correlation_id`` is the request's fingerprint (``correlation_display = "aicheck"``);
a retry queries ``correlation_id=<fingerprint>`` before inserting (the Table API reads the instance's
database: a record shows as soon as it is inserted) and checks the answer carries that correlation id
(ServiceNow ignores a condition on a column the table lacks). The decision is read from the
``approval`` column (``approved`` / ``rejected``).
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from tui.errors import ConfigError
from tui.intake.base import (
    REDACTED,
    DecisionInfo,
    IntakeBackend,
    IntakeError,
    IntakeRequest,
    Prepared,
    Response,
    Settings,
    Ticket,
    json_body,
    parse_date,
)

TABLE_RE = re.compile(r"^[a-z0-9_]+$")


class ServiceNowBackend(IntakeBackend):
    kind = "servicenow"
    label = "ServiceNow"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.url = settings.url("url")
        self.table = settings.text("table", required=True)
        if not TABLE_RE.match(self.table):
            raise ConfigError(f"{settings.where}: table must be a table name like sc_request, not '{self.table}'")
        self.token_env = settings.env_name("token_env")
        self.user = settings.text("user")
        self.password_env = settings.env_name("password_env")
        if not self.token_env and not (self.user and self.password_env):
            raise ConfigError(f"{settings.where}: ServiceNow needs token_env, or user and password_env")
        extra = settings.raw.get("fields", {})
        if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
            raise ConfigError(f"{settings.where}: fields must be a table of strings")
        self.extra_fields = dict(extra)
        self.expiry_field = settings.text("expiry_field")

    @property
    def target(self) -> str:
        return f"{self.url} table {self.table}"

    def _headers(self, redact: bool) -> dict[str, str]:
        h = {"accept": "application/json", "content-type": "application/json"}
        if self.token_env:
            h["authorization"] = "Bearer " + (
                f"{REDACTED} (${self.token_env})" if redact else self.settings.secret("token_env")
            )
        elif redact:
            h["authorization"] = f"Basic {REDACTED} ({self.user}:${self.password_env})"
        else:
            raw = f"{self.user}:{self.settings.secret('password_env')}".encode()
            h["authorization"] = "Basic " + base64.b64encode(raw).decode()
        return h

    def _table(self) -> str:
        return f"{self.url}/api/now/table/{self.table}"

    def prepare_create(self, req: IntakeRequest, *, redact: bool = False, now: datetime | None = None) -> Prepared:
        record = {
            **self.extra_fields,
            "short_description": req.title[:160],
            "description": req.markdown(),
            "correlation_id": req.fingerprint,
            "correlation_display": "aicheck",
        }
        return Prepared("POST", self._table(), self._headers(redact), json_body(record))

    def _ticket(self, rec: dict[str, Any]) -> Ticket:
        sys_id = str(rec.get("sys_id", ""))
        if not sys_id:
            raise IntakeError("ServiceNow answered without a sys_id", retryable=False)
        number = str(rec.get("number") or sys_id)
        url = f"{self.url}/nav_to.do?uri={quote(f'{self.table}.do?sys_id={sys_id}', safe='')}"
        return Ticket(key=number, url=url, ref=sys_id)

    def parse_create(self, req: IntakeRequest, resp: Response) -> Ticket:
        data = resp.json()
        rec = data.get("result") if isinstance(data, dict) else None
        return self._ticket(rec if isinstance(rec, dict) else {})

    def prepare_lookup(self, req: IntakeRequest) -> Prepared:
        q = urlencode(
            {
                "sysparm_query": f"correlation_id={req.fingerprint}",
                "sysparm_limit": 1,
                "sysparm_fields": "sys_id,number,correlation_id",
            }
        )
        return Prepared("GET", f"{self._table()}?{q}", self._headers(False))

    def parse_lookup(self, req: IntakeRequest, resp: Response) -> Ticket | None:
        data = resp.json()
        rows = data.get("result") if isinstance(data, dict) else None
        if not (isinstance(rows, list) and rows and isinstance(rows[0], dict)):
            return None
        if rows[0].get("correlation_id") != req.fingerprint:
            # ServiceNow drops a condition on a column the table lacks and answers with any record: a lookup
            # that cannot find the ticket must not adopt another one, nor let a second ticket be made
            raise IntakeError(
                f"ServiceNow: looking up the record by correlation_id in {self.table} answered with a record "
                "that does not carry it: the table may lack the correlation_id column (a table extending task "
                "has it); cannot tell whether an earlier attempt created the record",
                retryable=False,
            )
        return self._ticket(rows[0])

    def prepare_status(self, req: IntakeRequest) -> Prepared | None:
        ref = req.delivery.ticket_ref
        if not ref:
            return None
        fields = "approval,state,number,comments" + (f",{self.expiry_field}" if self.expiry_field else "")
        return Prepared("GET", f"{self._table()}/{quote(ref, safe='')}?sysparm_fields={fields}", self._headers(False))

    def parse_status(self, req: IntakeRequest, resp: Response) -> DecisionInfo | None:
        data = resp.json()
        rec = data.get("result") if isinstance(data, dict) else None
        if not isinstance(rec, dict):
            return None
        approval = str(rec.get("approval", "")).lower()
        status = {"approved": "approved", "rejected": "denied"}.get(approval, "")
        expires = parse_date(rec.get(self.expiry_field)) if self.expiry_field else None
        return DecisionInfo(status, expires, f"ServiceNow approval: {approval}" if approval else "")
