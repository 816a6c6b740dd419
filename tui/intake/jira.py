"""Jira: Cloud (REST v3, description in Atlassian Document Format) and Server/Data Center (REST v2).

Settings: ``url`` (site, e.g. ``https://acme.atlassian.net``), ``project`` (key), ``issue_type``
(default ``Task``), ``api`` (3 or 2; default 3 on ``*.atlassian.net``, else 2), ``token_env``; for
Cloud also ``email`` (or ``email_env``): Cloud uses basic auth ``email:token``, Server a bearer token.
Optional: ``approved_statuses`` / ``denied_statuses`` (status names), ``expiry_field`` (e.g.
``customfield_10042``, a date field set by the approver).

Each issue gets the labels ``aicheck`` and the request's fingerprint; a retry searches
``labels = "<fingerprint>"`` before creating. That search is eventually consistent (Cloud's ``/search/jql``
says so; Data Center copies its index between nodes), so a retry after an attempt that may have arrived
waits :data:`LOOKUP_SETTLE` seconds after it, and when the search finds nothing, reads the issues numbered
after the project's highest key the search shows, one by one (``GET /issue/KEY`` reads the issue itself,
not the index), up to :data:`SCAN_MAX` of them or :data:`SCAN_GAP` missing numbers in a row.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from tui.intake.base import (
    REDACTED,
    DecisionInfo,
    IntakeBackend,
    IntakeError,
    IntakeRefused,
    IntakeRequest,
    Prepared,
    Response,
    Settings,
    Ticket,
    json_body,
    netloc_of,
    parse_answer,
    parse_date,
)

if TYPE_CHECKING:
    import httpx

DEFAULT_APPROVED = ("Approved",)
DEFAULT_DENIED = ("Denied", "Rejected", "Declined")
LOOKUP_SETTLE = 120.0  # seconds: Atlassian says most changes show within seconds, some take minutes
SCAN_MAX = 50  # issues newer than the search shows that a lookup reads at most
SCAN_GAP = 3  # missing numbers in a row (deleted issues) that end the reading


def adf(req: IntakeRequest) -> dict[str, Any]:
    """The request as an Atlassian Document Format document (Jira Cloud descriptions)."""

    def text(s: str, *marks: str) -> dict[str, Any]:
        node: dict[str, Any] = {"type": "text", "text": s}
        if marks:
            node["marks"] = [{"type": m} for m in marks]
        return node

    def para(*nodes: dict[str, Any]) -> dict[str, Any]:
        return {"type": "paragraph", "content": list(nodes)}

    def heading(s: str, level: int = 3) -> dict[str, Any]:
        return {"type": "heading", "attrs": {"level": level}, "content": [text(s)]}

    def bullets(items: Sequence[str]) -> dict[str, Any]:
        return {"type": "bulletList", "content": [{"type": "listItem", "content": [para(text(i))]} for i in items]}

    t = req.tool
    facts = [
        f"Tool: {t.name} ({t.id}){' by ' + t.vendor if t.vendor else ''}",
        f"Installed: {'yes, versions ' + (', '.join(t.versions) or 'unknown') if t.installed else 'not yet'}",
        f"Verdict: {t.verdict or 'unknown'}",
        f"Advisories: {', '.join(t.advisories) or 'none'}",
        f"Policy: {req.policy.org} {req.policy.version} (sha256 {req.policy.sha256[:16] or 'unknown'})",
        f"Requested by: {req.requester.name} <{req.requester.email}>",
        f"Duration: {req.days} days",
        f"Data classes: {', '.join(req.data_classes) or 'none declared'}",
        f"Request id: {req.id} (fingerprint {req.fingerprint})",
    ]
    content = [
        heading("Exception request"),
        bullets(facts),
        heading("Business justification"),
        para(text(req.justification.strip() or "-")),
        heading("Mitigations"),
        bullets(req.mitigations or ["none"]),
    ]
    if req.impact is not None:
        im = req.impact
        content += [
            heading("Productivity impact"),
            para(text(f"{im.hours_saved_per_month:.1f} hours saved per month", "strong")),
        ]
        if im.markdown:
            content.append({"type": "codeBlock", "attrs": {"language": "markdown"}, "content": [text(im.markdown)]})
    return {"type": "doc", "version": 1, "content": content}


class JiraBackend(IntakeBackend):
    kind = "jira"
    # Jira's JQL search is eventually consistent (Cloud's /search/jql says so; Data Center's index copies
    # between cluster nodes): an issue just created may not show for a while, so the lookup after an
    # uncertain attempt waits this long after it (see docs/intake.md, "Exactly once")
    lookup_settle = LOOKUP_SETTLE

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.url = settings.url("url")
        self.project = settings.text("project", required=True)
        self.issue_type = settings.text("issue_type", default="Task")
        api = settings.raw.get("api")
        if api is None:
            api = 3 if (urlsplit(self.url).hostname or "").endswith(".atlassian.net") else 2
        if api not in (2, 3):
            from tui.errors import ConfigError

            raise ConfigError(f"{settings.where}: api must be 3 (Jira Cloud) or 2 (Jira Server/Data Center)")
        self.api = int(api)
        self.label = "Jira Cloud" if self.api == 3 else "Jira"
        self.token_env = settings.env_name("token_env", required=True)
        self.email = settings.text("email")
        self.email_env = settings.env_name("email_env")
        self.approved = {s.lower() for s in settings.str_list("approved_statuses", DEFAULT_APPROVED)}
        self.denied = {s.lower() for s in settings.str_list("denied_statuses", DEFAULT_DENIED)}
        self.expiry_field = settings.text("expiry_field")

    @property
    def target(self) -> str:
        return f"{self.url} project {self.project}"

    def _headers(self, redact: bool) -> dict[str, str]:
        h = {"accept": "application/json", "content-type": "application/json"}
        basic = self.api == 3 and bool(self.email or self.email_env)  # Jira Cloud's email:token login
        if redact:  # the preview names the account: the email (or its variable) and the token's variable
            who = self.email or self.settings.env.get(self.email_env, "") or f"${self.email_env}"
            h["authorization"] = (
                f"Basic {REDACTED} ({who}:${self.token_env})" if basic else f"Bearer {REDACTED} (${self.token_env})"
            )
        elif basic:  # (an email_env that is not set is a setting to fix, never a silent switch to Bearer)
            email = self.email or self.settings.secret("email_env")
            raw = f"{email}:{self.settings.secret('token_env')}".encode()
            h["authorization"] = "Basic " + base64.b64encode(raw).decode()
        else:
            h["authorization"] = "Bearer " + self.settings.secret("token_env")
        return h

    def prepare_create(self, req: IntakeRequest, *, redact: bool = False, now: datetime | None = None) -> Prepared:
        fields = {
            "project": {"key": self.project},
            "issuetype": {"name": self.issue_type},
            "summary": req.title[:250],
            "labels": ["aicheck", req.fingerprint],
        }
        if self.api == 3:
            fields["description"] = adf(req)
        else:
            fields["description"] = req.markdown()
        return Prepared(
            "POST", f"{self.url}/rest/api/{self.api}/issue", self._headers(redact), json_body({"fields": fields})
        )

    def _browse(self, key: str) -> str:
        return f"{self.url}/browse/{quote(key, safe='')}"

    def parse_create(self, req: IntakeRequest, resp: Response) -> Ticket:
        data = resp.json()
        key = data.get("key") if isinstance(data, dict) else None
        if not key:
            raise IntakeError("Jira created an issue but did not say its key", retryable=False)
        return Ticket(key=str(key), url=self._browse(str(key)), ref=str(key))

    def prepare_lookup(self, req: IntakeRequest) -> Prepared:
        return self._search(urlencode({"jql": f'labels = "{req.fingerprint}"', "fields": "status", "maxResults": 1}))

    def parse_lookup(self, req: IntakeRequest, resp: Response) -> Ticket | None:
        data = resp.json()
        issues = data.get("issues") if isinstance(data, dict) else None
        if not issues:
            return None
        key = str(issues[0].get("key", ""))
        return Ticket(key=key, url=self._browse(key), ref=key) if key else None

    def find_existing(self, client: httpx.Client, req: IntakeRequest) -> Ticket | None:
        """The issue carrying ``req``'s fingerprint: by the JQL search, else among the issues the search does
        not show yet (see the module docstring). Raises a retryable IntakeError when more issues were created
        since the search's view than :data:`SCAN_MAX` (the search shows them later)."""
        found = super().find_existing(client, req)
        return found if found is not None else self._scan_newer(client, req)

    def _scan_newer(self, client: httpx.Client, req: IntakeRequest) -> Ticket | None:
        project = self.project.replace("\\", "\\\\").replace('"', '\\"')
        q = urlencode({"jql": f'project = "{project}" ORDER BY key DESC', "fields": "labels", "maxResults": 1})
        who = f"{self.label}: {netloc_of(self.url)}"
        latest = parse_answer(_latest_key, req, self.execute(client, self._search(q)), who)
        prefix, number = latest if latest else (self.project, 0)
        missing = 0
        for n in range(number + 1, number + 1 + SCAN_MAX):
            url = f"{self.url}/rest/api/{self.api}/issue/{quote(f'{prefix}-{n}', safe='')}?fields=labels"
            try:
                resp = self.execute(client, Prepared("GET", url, self._headers(False)))
            except IntakeRefused as exc:
                if exc.status != 404:
                    raise
                missing += 1
                if missing >= SCAN_GAP:
                    return None  # past the last issue (or a run of deleted ones)
                continue
            missing = 0
            key, labels = parse_answer(_key_and_labels, req, resp, who)
            if req.fingerprint in labels:
                return Ticket(key=key, url=self._browse(key), ref=key)
        raise IntakeError(
            f"{self.label}: more than {SCAN_MAX} issues in {self.project} are newer than Jira's search shows; "
            "looking for the one an earlier attempt may have made again later",
            retryable=True,
        )

    def _search(self, query: str) -> Prepared:
        path = "/rest/api/3/search/jql" if self.api == 3 else "/rest/api/2/search"
        return Prepared("GET", f"{self.url}{path}?{query}", self._headers(False))

    def prepare_status(self, req: IntakeRequest) -> Prepared | None:
        key = req.delivery.ticket_ref or req.delivery.ticket
        if not key:
            return None
        fields = "status,resolution,comment" + (f",{self.expiry_field}" if self.expiry_field else "")
        return Prepared(
            "GET", f"{self.url}/rest/api/{self.api}/issue/{quote(key, safe='')}?fields={fields}", self._headers(False)
        )

    def parse_status(self, req: IntakeRequest, resp: Response) -> DecisionInfo | None:
        data = resp.json()
        fields = data.get("fields", {}) if isinstance(data, dict) else {}
        name = str((fields.get("status") or {}).get("name", ""))
        resolution = str((fields.get("resolution") or {}).get("name", "") if fields.get("resolution") else "")
        status = ""
        if name.lower() in self.approved or resolution.lower() in self.approved:
            status = "approved"
        elif name.lower() in self.denied or resolution.lower() in self.denied:
            status = "denied"
        expires = parse_date(fields.get(self.expiry_field)) if self.expiry_field else None
        return DecisionInfo(status, expires, f"Jira status: {name}" if name else "")


def _latest_key(req: IntakeRequest, resp: Response) -> tuple[str, int] | None:
    """The project key and number of the highest issue key a search answered with; None for none."""
    data = resp.json()
    issues = data.get("issues") if isinstance(data, dict) else None
    if not issues:
        return None
    prefix, _, number = str(issues[0]["key"]).rpartition("-")
    if not prefix or not number.isascii() or not number.isdigit() or len(number) > 12:
        raise ValueError("not an issue key")
    return prefix, int(number)


def _key_and_labels(req: IntakeRequest, resp: Response) -> tuple[str, list[str]]:
    data = resp.json()
    labels = data["fields"].get("labels") or []
    return str(data["key"]), [str(x) for x in labels]
