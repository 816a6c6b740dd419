"""A fake company intake on loopback that speaks the real HTTP shapes of all four backends (Standard
Webhooks receiver, Jira v2/v3, GitHub Issues, ServiceNow Table API), with fault injection.

Used by the other intake/outbox tests (``from support.intake_server import FakeIntake``); runnable as a
separate process (``python test_intake_servers.py PORT STATE_FILE``) so a test can kill it mid-request.
The tests at the bottom check the fake itself.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
TOKEN = "tok-123"
JIRA_EMAIL = "bot@example.com"
SN_USER = "svc-aicheck"


class FakeIntake:
    """State plus request handling; ``faults`` is consumed one entry per *create* request:
    ``"503"`` / ``"429:SECONDS"`` (answer that, create nothing), ``"hang"`` (create, then answer too late),
    ``"drop"`` (create, then close the connection without answering), ``"exit"`` (create, then the
    process dies), ``"500-after-create"`` (create, then answer 500)."""

    def __init__(self, state_file: Path | None = None, faults: list[str] | None = None, hang: float = 2.0):
        self.state_file = state_file
        self.faults = list(faults or [])
        self.hang = hang
        self.lock = threading.Lock()
        self.tickets: list[dict] = []
        self.webhook_ids: dict[str, str] = {}  # webhook-id -> ticket key (receiver-side dedupe)
        self.received: list[dict] = []  # every request as received (method, path, headers, body)
        self.bad_signatures = 0
        # GitHub: the token's account (None: GET /user is refused, as for a GitHub App's token); whether
        # labels are dropped (a token without push access); the clock that stamps created_at (None: no times)
        self.github_login: str | None = "aicheck-bot"
        self.github_drops_labels = False
        self.clock: Callable[[], datetime] | None = None
        self.servicenow_lacks_correlation = False
        self.jira_index_lag = 0  # Jira's search does not show the newest this many issues yet
        if state_file and Path(state_file).exists():
            data = json.loads(Path(state_file).read_text())
            self.tickets, self.webhook_ids = data["tickets"], data["webhook_ids"]
            self.faults = data.get("faults", self.faults)
        self.server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self, port: int = 0) -> str:
        app = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                app.handle(self, "GET")

            def do_POST(self):
                app.handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self.base

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def save(self) -> None:
        if self.state_file:
            tmp = Path(str(self.state_file) + ".tmp")
            tmp.write_text(
                json.dumps({"tickets": self.tickets, "webhook_ids": self.webhook_ids, "faults": self.faults})
            )
            os.replace(tmp, self.state_file)

    def created(self, kind: str | None = None) -> list[dict]:
        return [t for t in self.tickets if kind is None or t["kind"] == kind]

    # -- handling ----------------------------------------------------------------------------------------
    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        length = int(h.headers.get("content-length") or 0)
        body = h.rfile.read(length) if length else b""
        url = urlsplit(h.path)
        path, query = unquote(url.path), parse_qs(url.query)
        with self.lock:
            self.received.append({"method": method, "path": h.path, "headers": dict(h.headers), "body": body})
        try:
            status, data, extra = self.route(h, method, path, query, body)
        except _Fault as f:
            return self.fault(h, f.kind)
        payload = json.dumps(data).encode() if data is not None else b""
        h.send_response(status)
        h.send_header("content-type", "application/json")
        h.send_header("content-length", str(len(payload)))
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(payload)

    def fault(self, h, kind: str) -> None:
        if kind == "hang":
            time.sleep(self.hang)
            with _suppress():
                h.send_response(201)
                h.send_header("content-length", "0")
                h.end_headers()
        elif kind == "drop":
            h.close_connection = True
            with _suppress():
                h.connection.shutdown(socket.SHUT_RDWR)
        elif kind == "exit":
            os._exit(17)  # the process dies mid-request, after the ticket was recorded

    def _take_fault(self) -> str:
        with self.lock:
            fault = self.faults.pop(0) if self.faults else ""
            self.save()
            return fault

    def _create(self, ticket: dict, on_record=None) -> tuple[int, dict, dict]:
        """Common path of every create: faults before/after recording the ticket."""
        fault = self._take_fault()
        if fault == "503":
            return 503, {"message": "maintenance"}, {}
        if fault.startswith("429"):
            return 429, {"message": "slow down"}, {"retry-after": fault.split(":")[1] if ":" in fault else "1"}
        with self.lock:
            self.tickets.append(ticket)
            if on_record:
                on_record()
            self.save()
        if fault in ("hang", "drop", "exit"):
            raise _Fault(fault)
        if fault == "500-after-create":
            return 500, {"message": "oops"}, {}
        return 0, {}, {}

    def github_issue(self, body: str, labels: list[str], *, number: int | None = None, creator: str = "") -> dict:
        """An issue as the fake records it (``creator``: the token's account unless given)."""
        marker = body.split(" -->", 1)[0].removeprefix("<!-- aicheck-fingerprint: ")
        return {
            "kind": "github",
            "key": number if number is not None else len(self.tickets) + 1,
            "labels": [] if self.github_drops_labels else labels,  # what GitHub kept
            "fingerprint": labels[1] if len(labels) > 1 else marker,  # what was sent
            "body": body,
            "gh_labels": [],
            "creator": creator or self.github_login or "app[bot]",
            "created_at": self.clock().strftime("%Y-%m-%dT%H:%M:%SZ") if self.clock else None,
        }

    def github_list(self, q: dict) -> list[dict]:
        """``GET /repos/{repo}/issues`` with its filters: labels, creator, since (by updated_at, which is
        created_at here), state, sort=created, direction, per_page and page."""
        one = {k: v[0] for k, v in q.items()}
        hits = [t for t in self.created("github") if "labels" not in one or one["labels"] in t["labels"]]
        if "creator" in one:
            hits = [t for t in hits if t["creator"] == one["creator"]]
        if "since" in one:
            hits = [t for t in hits if t["created_at"] is None or t["created_at"] >= one["since"]]
        hits.sort(key=lambda t: t["key"], reverse=one.get("direction", "desc") == "desc")
        per_page, page = int(one.get("per_page", 30)), int(one.get("page", 1))
        return [
            {
                "number": t["key"],
                "html_url": f"https://gh/{t['key']}",
                "body": t["body"],
                "user": {"login": t["creator"]},
                "created_at": t["created_at"],
                "updated_at": t["created_at"],
                "labels": [{"name": x} for x in t["labels"]],
            }
            for t in hits[(page - 1) * per_page : page * per_page]
        ]

    def _auth(self, h, *, basic_user: str | None = None) -> bool:
        auth = h.headers.get("authorization", "")
        if basic_user and auth.startswith("Basic "):
            return base64.b64decode(auth[6:]).decode() == f"{basic_user}:{TOKEN}"
        return auth == f"Bearer {TOKEN}"

    def route(self, h, method: str, path: str, q: dict, body: bytes):
        no = {}
        # -- Standard Webhooks receiver
        if path == "/hook" and method == "POST":
            from tui.intake.webhook import verify

            if not verify(SECRET, dict(h.headers), body):
                self.bad_signatures += 1
                return 401, {"message": "bad signature"}, no
            msg_id = h.headers["webhook-id"]
            with self.lock:
                if msg_id in self.webhook_ids:  # duplicate delivery: acknowledge, do nothing
                    key = self.webhook_ids[msg_id]
                    return 200, {"ticket": key, "status_url": f"{self.base}/status/{msg_id}"}, no
            key = f"HOOK-{len(self.tickets) + 1}"
            status, data, extra = self._create(
                {
                    "kind": "webhook",
                    "key": key,
                    "fingerprint": msg_id,
                    "payload": json.loads(body),
                    "decision": "pending",
                },
                on_record=lambda: self.webhook_ids.__setitem__(msg_id, key),
            )
            if status:
                return status, data, extra
            return 200, {"ticket": key, "url": f"{self.base}/t/{key}", "status_url": f"{self.base}/status/{msg_id}"}, no
        if path.startswith("/status/") and method == "GET":
            t = next((t for t in self.tickets if t["fingerprint"] == path.split("/")[-1]), None)
            if t is None:
                return 404, {"message": "unknown"}, no
            return 200, {"status": t["decision"], "expires": t.get("expires"), "grant": t.get("grant")}, no

        # -- Jira (v3 Cloud: basic email:token; v2 Server: bearer)
        if path.startswith("/rest/api/"):
            api = path.split("/")[3]
            if not self._auth(h, basic_user=JIRA_EMAIL if api == "3" else None):
                return 401, {"errorMessages": ["not authorised"]}, no
            if path == f"/rest/api/{api}/issue" and method == "POST":
                fields = json.loads(body)["fields"]
                if api == "3" and not (
                    isinstance(fields["description"], dict) and fields["description"]["type"] == "doc"
                ):
                    return 400, {"errors": {"description": "Operation value must be an Atlassian Document"}}, no
                if api == "2" and not isinstance(fields["description"], str):
                    return 400, {"errors": {"description": "must be a string"}}, no
                key = f"{fields['project']['key']}-{len(self.tickets) + 1}"
                status, data, extra = self._create(
                    {
                        "kind": "jira",
                        "key": key,
                        "labels": fields["labels"],
                        "fingerprint": fields["labels"][1],
                        "fields": fields,
                        "status": "Open",
                    }
                )
                return (status, data, extra) if status else (201, {"id": "1", "key": key, "self": "x"}, no)
            if path in ("/rest/api/3/search/jql", "/rest/api/2/search") and method == "GET":
                jql = q["jql"][0]
                indexed = self.created("jira")[: len(self.created("jira")) - self.jira_index_lag]
                if jql.startswith("project = "):  # the highest key the index shows
                    newest = sorted(indexed, key=lambda t: int(t["key"].rsplit("-", 1)[1]), reverse=True)[:1]
                    return 200, {"issues": [{"key": t["key"], "fields": {"labels": t["labels"]}} for t in newest]}, no
                label = jql.split('"')[1]
                hits = [t for t in indexed if label in t["labels"]]
                return (
                    200,
                    {"issues": [{"key": t["key"], "fields": {"status": {"name": t["status"]}}} for t in hits][:1]},
                    no,
                )
            if path.startswith(f"/rest/api/{api}/issue/") and method == "GET":
                key = path.rsplit("/", 1)[1]
                t = next((t for t in self.created("jira") if t["key"] == key), None)
                if t is None:
                    return 404, {"errorMessages": ["Issue does not exist"]}, no
                comments = [
                    {
                        "body": c
                        if api == "2"
                        else {
                            "type": "doc",
                            "version": 1,
                            "content": [  # ADF
                                {"type": "paragraph", "content": [{"type": "text", "text": line}]}
                                for line in c.splitlines()
                            ],
                        }
                    }
                    for c in t.get("comments", [])
                ]
                return (
                    200,
                    {
                        "key": key,
                        "fields": {
                            "labels": t.get("labels", []),
                            "status": {"name": t["status"]},
                            "resolution": None,
                            "customfield_1": t.get("expires"),
                            "comment": {"comments": comments},
                        },
                    },
                    no,
                )

        # -- GitHub Issues
        if path == "/user" and method == "GET":
            if not self._auth(h):
                return 401, {"message": "Bad credentials"}, no
            if self.github_login is None:
                return 403, {"message": "Resource not accessible by integration"}, no
            return 200, {"login": self.github_login}, no
        if path.startswith("/repos/acme/exceptions/issues"):
            if not self._auth(h):
                return 401, {"message": "Bad credentials"}, no
            if method == "POST":
                data = json.loads(body)
                n = len(self.tickets) + 1
                status, d, extra = self._create(self.github_issue(data["body"], data["labels"], number=n))
                return (status, d, extra) if status else (201, {"number": n, "html_url": f"https://gh/{n}"}, no)
            if path == "/repos/acme/exceptions/issues":
                return 200, self.github_list(q), no
            n = int(path.rsplit("/", 1)[1])
            t = next(t for t in self.created("github") if t["key"] == n)
            return (
                200,
                {
                    "number": n,
                    "state": "open",
                    "labels": [{"name": x} for x in t["gh_labels"]],
                    "body": t["body"] + "".join("\n\n" + c for c in t.get("comments", [])),
                },
                no,
            )

        # -- ServiceNow Table API
        if path.startswith("/api/now/table/u_ai_exception"):
            if not self._auth(h, basic_user=SN_USER):
                return 401, {"error": {"message": "User Not Authenticated"}}, no
            if method == "POST":
                rec = json.loads(body)
                sys_id = f"{len(self.tickets) + 1:032x}"
                number = f"AIX{len(self.tickets) + 1:07d}"
                status, d, extra = self._create(
                    {
                        "kind": "servicenow",
                        "key": number,
                        "sys_id": sys_id,
                        "fingerprint": rec["correlation_id"],
                        "record": rec,
                        "approval": "requested",
                    }
                )
                return (status, d, extra) if status else (201, {"result": {"sys_id": sys_id, "number": number}}, no)
            if path == "/api/now/table/u_ai_exception":
                fp = q["sysparm_query"][0].split("=", 1)[1]
                hits = [t for t in self.created("servicenow") if t["fingerprint"] == fp]
                rows = [{"sys_id": t["sys_id"], "number": t["key"], "correlation_id": t["fingerprint"]} for t in hits]
                if self.servicenow_lacks_correlation:  # the column is missing: ServiceNow ignores the condition
                    rows = [{"sys_id": t["sys_id"], "number": t["key"]} for t in self.created("servicenow")]
                return 200, {"result": rows[:1]}, no
            sys_id = path.rsplit("/", 1)[1]
            t = next(t for t in self.created("servicenow") if t["sys_id"] == sys_id)
            return (
                200,
                {
                    "result": {
                        "approval": t["approval"],
                        "number": t["key"],
                        "comments": "\n\n".join(t.get("comments", [])),
                    }
                },
                no,
            )
        return 404, {"message": f"no route {method} {path}"}, no


class _Fault(Exception):
    def __init__(self, kind: str):
        self.kind = kind


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError)


def free_port() -> int:
    """A loopback port with nothing listening (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class IntakeProcess:
    """The fake intake in its own process, so a test can kill it for real."""

    def __init__(self, state_file: Path, port: int | None = None):
        self.state_file = state_file
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> str:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, str(self.port), str(self.state_file)], stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout.readline().strip() == "ready"
        return f"http://127.0.0.1:{self.port}"

    def state(self) -> dict:
        return json.loads(self.state_file.read_text())

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait(5)


def _serve_forever(port: int, state_file: str) -> None:
    fake = FakeIntake(Path(state_file))
    fake.start(port)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    _serve_forever(int(sys.argv[1]), sys.argv[2])


# -- helpers shared by the intake/outbox tests ---------------------------------------------------------


def make_policy(intake: dict | None = None):
    from tui.requests.model import PolicyContext

    return PolicyContext(
        org_name="Acme",
        version="2026.11",
        sha256="ab" * 32,
        default_days=30,
        max_days=90,
        data_classes=("public", "internal", "source-code", "customer-data"),
        intake=intake,
        tools={"cursor": ("Cursor", "Anysphere"), "github-copilot": ("GitHub Copilot", "GitHub")},
        statuses={"cursor": "prohibited", "github-copilot": "approved"},
    )


def make_request(store=None, tool: str = "cursor", **changes):
    """A valid draft (saved to ``store`` when given)."""
    from tui.requests.model import Requester, prefill

    req = prefill(make_policy(), tool, identity=Requester("Ada Lovelace", "ada@example.com"))
    req.justification = "Needed for the Q3 schema migration; Copilot lacks multi-file refactors."
    req.data_classes = ["source-code"]
    req.mitigations = ["Privacy mode on"]
    for k, v in changes.items():
        setattr(req, k, v)
    if store is not None:
        store.create(req)
    return req


def settings_for(kind: str, base: str, **extra) -> dict:
    """``[intake]`` settings pointing ``kind`` at the fake at ``base``."""
    s = {
        "webhook": {"kind": "webhook", "url": f"{base}/hook", "secret_env": "T_SECRET"},
        "jira": {"kind": "jira", "url": base, "project": "SEC", "api": 3, "email": JIRA_EMAIL, "token_env": "T_TOKEN"},
        "jira2": {"kind": "jira", "url": base, "project": "SEC", "api": 2, "token_env": "T_TOKEN"},
        "github": {"kind": "github", "url": base, "repo": "acme/exceptions", "token_env": "T_TOKEN"},
        "servicenow": {
            "kind": "servicenow",
            "url": base,
            "table": "u_ai_exception",
            "user": SN_USER,
            "password_env": "T_TOKEN",
        },
    }[kind]
    return {**s, **extra}


ENV = {"T_SECRET": SECRET, "T_TOKEN": TOKEN}
KINDS = ("webhook", "jira", "jira2", "github", "servicenow")


def backend_for_kind(kind: str, base: str, **extra):
    from tui.intake.factory import build_backend

    return build_backend(settings_for(kind, base, **extra), env=ENV)


def show_queued(store, backend) -> None:
    """Every queued request of ``store`` shown for ``backend`` and confirmed, as `aicheck request submit` and
    the app's preview record it: sync sends a queued request only to what the user saw (outbox.deliver)."""
    from tui.requests.outbox import queue, shown_digest

    for req in store.list()[0]:
        if req.state == "queued":
            queue(store, req.id, make_policy(), shown=shown_digest(backend, req))


def use_webhook(url: str, monkeypatch) -> None:
    """The user config's [intake]: a webhook at ``url`` signed with the test secret (timeout 2 s)."""
    import os
    from pathlib import Path

    monkeypatch.setenv("T_SECRET", SECRET)
    text = json.dumps(url)  # a TOML basic string: JSON's escapes are TOML's for any URL
    Path(os.environ["AICHECK_CONFIG"]).write_text(
        f'[intake]\nkind = "webhook"\nurl = {text}\nsecret_env = "T_SECRET"\ntimeout = 2\n'
    )
