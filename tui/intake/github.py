"""GitHub Issues (REST API, also GitHub Enterprise Server at ``https://HOST/api/v3``).

Settings: ``repo`` (``owner/name``), ``token_env``, optional ``url`` (API root, default
``https://api.github.com``), ``labels`` (extra labels), ``approved_label`` (default
``exception-approved``), ``denied_label`` (default ``exception-denied``).

The issue carries the label ``aicheck-exception``, a label named by the request's fingerprint, and the
fingerprint in an HTML comment in the body. GitHub drops the labels of a token without push or triage
access (silently: the issue is created all the same), so a retry after an uncertain attempt does not look
for the label: it lists the repository's issues the token's own account (``GET /user``) opened, newest
first, updated since a day before the request's first attempt (``issues?creator=&since=&state=all&
sort=created&direction=desc``, a listing that shows an issue as soon as it is created, unlike the search
API), and takes the one whose body carries the fingerprint's marker. It reads at most
:data:`LOOKUP_PAGES` pages of :data:`LOOKUP_PER_PAGE`; when the account opened more issues than that since
then, it creates nothing and says so (the request needs a person to look).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
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
    netloc_of,
    parse_answer,
)

if TYPE_CHECKING:
    import httpx

REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
LOOKUP_PER_PAGE = 50  # issues per page of the lookup (bodies included: a page stays well under the answer cap)
LOOKUP_PAGES = 20  # pages read at most: 1000 issues opened by the account since the first attempt
CLOCK_MARGIN = timedelta(days=1)  # this machine's clock may be wrong: look back a day more


def marker(fingerprint: str) -> str:
    """The HTML comment a created issue's body starts with."""
    return f"<!-- aicheck-fingerprint: {fingerprint} -->"


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
        body = marker(req.fingerprint) + "\n" + req.markdown()
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

    def find_existing(self, client: httpx.Client, req: IntakeRequest) -> Ticket | None:
        """The issue an earlier attempt created for ``req``, found by the marker in its body among the issues
        the token's account opened since the first attempt (see the module docstring); ``None`` when there is
        none. Raises IntakeError when the account opened more issues since then than the lookup reads."""
        login = self._login(client, req)
        since = (req.delivery.first_attempt_at or req.created) - CLOCK_MARGIN
        params: dict[str, str | int] = {
            "state": "all",
            "sort": "created",
            "direction": "desc",
            "since": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "per_page": LOOKUP_PER_PAGE,
        }
        if login:
            params["creator"] = login
        want = marker(req.fingerprint)
        for page in range(1, LOOKUP_PAGES + 1):
            prepared = Prepared("GET", f"{self._issues()}?{urlencode({**params, 'page': page})}", self._headers(False))
            issues = parse_answer(
                _issue_list, req, self.execute(client, prepared), f"{self.label}: {netloc_of(self.url)}"
            )
            for issue in issues:
                user = issue.get("user")
                author = str(user.get("login", "")) if isinstance(user, dict) else ""
                if want in str(issue.get("body") or "") and "pull_request" not in issue and author == (login or author):
                    return self._ticket(issue)
            if len(issues) < LOOKUP_PER_PAGE or any(_created(i) < since for i in issues):
                return None  # the last page, or issues older than the first attempt: none further on
        raise IntakeError(
            f"{self.label}: cannot tell whether an earlier attempt created the issue: "
            f"{'the account ' + login if login else 'the token'} opened more than "
            f"{LOOKUP_PAGES * LOOKUP_PER_PAGE} issues in {self.repo} since {since:%Y-%m-%d %H:%M} UTC; look for "
            f"an issue whose body starts with {want}; if there is none, withdraw this request and make it again",
            retryable=False,
        )

    def _login(self, client: httpx.Client, req: IntakeRequest) -> str:
        """The token's account (``GET /user``), or "" when the token cannot say (a GitHub App's token)."""
        from tui.intake.base import IntakeRefused

        try:
            resp = self.execute(client, Prepared("GET", f"{self.url}/user", self._headers(False)))
        except IntakeRefused as exc:
            if exc.status in (403, 404):
                return ""
            raise
        return parse_answer(_login_of, req, resp, f"{self.label}: {netloc_of(self.url)}")

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


def _login_of(req: IntakeRequest, resp: Response) -> str:
    data = resp.json()
    login = data.get("login") if isinstance(data, dict) else None
    return login if isinstance(login, str) else ""


def _issue_list(req: IntakeRequest, resp: Response) -> list[dict[str, Any]]:
    data = resp.json()
    if not isinstance(data, list):
        raise TypeError("not a list of issues")
    return [i for i in data if isinstance(i, dict)]


def _created(issue: dict[str, Any]) -> datetime:
    """When an issue was created; the latest possible time when the answer does not say (so the lookup
    reads on)."""
    try:
        when = datetime.fromisoformat(str(issue.get("created_at", "")).replace("Z", "+00:00"))
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)
