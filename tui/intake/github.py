"""GitHub Issues (REST API, also GitHub Enterprise Server at ``https://HOST/api/v3``).

Settings: ``repo`` (``owner/name``), ``token_env``, optional ``url`` (API root, default
``https://api.github.com``), ``labels`` (extra labels), ``approved_label`` (default
``exception-approved``), ``denied_label`` (default ``exception-denied``).

The issue carries the label ``aicheck-exception``, a label named by the request's fingerprint, and the
fingerprint in an HTML comment in the body; a retry lists ``issues?labels=<fingerprint>&state=all``
before creating. (GitHub creates missing labels for tokens with push access.)
"""

from __future__ import annotations

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
)

REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class GitHubBackend(IntakeBackend):
    kind = "github"
    label = "GitHub Issues"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.url = settings.url("url", required=False, default="https://api.github.com")
        self.repo = settings.text("repo", required=True)
        if not REPO_RE.match(self.repo):
            raise ConfigError(f"{settings.where}: repo must be owner/name, not '{self.repo}'")
        self.token_env = settings.env_name("token_env", required=True)
        self.extra_labels = settings.str_list("labels")
        self.approved_label = settings.text("approved_label", default="exception-approved").lower()
        self.denied_label = settings.text("denied_label", default="exception-denied").lower()

    @property
    def target(self) -> str:
        return f"{self.url} {self.repo}"

    def _headers(self, redact: bool) -> dict[str, str]:
        token = f"{REDACTED} (${self.token_env})" if redact else self.settings.secret("token_env")
        return {
            "accept": "application/vnd.github+json",
            "content-type": "application/json",
            "x-github-api-version": "2022-11-28",
            "authorization": f"Bearer {token}",
        }

    def _issues(self) -> str:
        return f"{self.url}/repos/{self.repo}/issues"

    def prepare_create(self, req: IntakeRequest, *, redact: bool = False, now: datetime | None = None) -> Prepared:
        body = f"<!-- aicheck-fingerprint: {req.fingerprint} -->\n" + req.markdown()
        labels = ["aicheck-exception", req.fingerprint, *self.extra_labels]
        return Prepared(
            "POST",
            self._issues(),
            self._headers(redact),
            json_body({"title": req.title, "body": body, "labels": labels}),
        )

    def _ticket(self, issue: dict[str, Any]) -> Ticket:
        number = issue.get("number")
        if number is None:
            raise IntakeError("GitHub answered without an issue number", retryable=False)
        return Ticket(key=f"{self.repo}#{number}", url=str(issue.get("html_url", "")), ref=str(number))

    def parse_create(self, req: IntakeRequest, resp: Response) -> Ticket:
        data = resp.json()
        return self._ticket(data if isinstance(data, dict) else {})

    def prepare_lookup(self, req: IntakeRequest) -> Prepared:
        q = urlencode({"labels": req.fingerprint, "state": "all", "per_page": 1})
        return Prepared("GET", f"{self._issues()}?{q}", self._headers(False))

    def parse_lookup(self, req: IntakeRequest, resp: Response) -> Ticket | None:
        data = resp.json()
        if isinstance(data, list) and data and isinstance(data[0], dict):
            return self._ticket(data[0])
        return None

    def prepare_status(self, req: IntakeRequest) -> Prepared | None:
        ref = req.delivery.ticket_ref
        if not ref:
            return None
        return Prepared("GET", f"{self._issues()}/{quote(ref, safe='')}", self._headers(False))

    def parse_status(self, req: IntakeRequest, resp: Response) -> DecisionInfo | None:
        data = resp.json()
        if not isinstance(data, dict):
            return None
        labels = {str(lab.get("name", "")).lower() for lab in data.get("labels", []) if isinstance(lab, dict)}
        status = "approved" if self.approved_label in labels else "denied" if self.denied_label in labels else ""
        return DecisionInfo(status, None, f"GitHub issue {data.get('state', '')}")
