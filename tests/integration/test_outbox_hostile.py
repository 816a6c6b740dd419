"""The outbox against hostile records, answers and settings, through the real command line and a loopback
intake whose every answer the test chooses (a red team's findings, each turned into a test)."""

from __future__ import annotations

import json
import os
import re
import threading
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support.intake_server import use_webhook
from support.packs import run_cli as run
from support.requester import ada_home

JUST = "Needed for the Q3 schema migration; Copilot lacks multi-file refactors."

Answer = tuple[int, dict[str, str], bytes]


class Intake:
    """A loopback receiver that answers every request with ``answer(n)`` (n: the request's number, from 0)
    and keeps each request as received: method, path, headers (name, value) in order, body."""

    def __init__(self, answer: Callable[[int], Answer]):
        self.answer = answer
        self.received: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _any(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                n = len(outer.received)
                outer.received.append(
                    {"method": self.command, "path": self.path, "headers": list(self.headers.items()), "body": body}
                )
                status, headers, payload = outer.answer(n)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "content-length" not in {k.lower() for k in headers}:
                    self.send_header("content-length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except OSError:
                    pass

            do_GET = do_POST = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def posts(self) -> list[dict]:
        return [r for r in self.received if r["method"] == "POST"]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def ok(n: int) -> Answer:
    return 200, {"content-type": "application/json"}, json.dumps({"ticket": f"T-{n}"}).encode()


def down(n: int) -> Answer:
    return 503, {"content-type": "application/json"}, b'{"message": "down"}'


@pytest.fixture
def intake():
    made: list[Intake] = []

    def start(answer: Callable[[int], Answer] = ok) -> Intake:
        made.append(Intake(answer))
        return made[-1]

    yield start
    for i in made:
        i.stop()


@pytest.fixture(autouse=True)
def git_home(tmp_path, monkeypatch):
    return ada_home(tmp_path, monkeypatch)


def new(capsys, *extra, justification: str = JUST) -> tuple[int, str, str]:
    return run(capsys, "request", "new", "--tool", "cursor", "--justification", justification, "--no-scan", *extra)


def listed(capsys) -> list[dict]:
    return json.loads(run(capsys, "request", "list", "--json")[1])


def record(rid: str) -> Path:
    return Path(os.environ["AICHECK_DATA_DIR"]) / "requests" / f"{rid}.toml"


def edit(rid: str, pattern: str, replacement: str) -> None:
    path = record(rid)
    text, n = re.subn(pattern, replacement, path.read_text(), count=1, flags=re.M)
    assert n == 1, pattern
    path.write_text(text)


def queued_twice(capsys, monkeypatch, base: str) -> list[str]:
    """Two requests submitted to ``base``, both left queued (the intake is down when they are sent)."""
    use_webhook(f"{base}/hook", monkeypatch)
    for i in range(2):
        code, out, _ = new(capsys, "--submit", "--yes", justification=f"{JUST} ({i})")
        assert code == 0 and "recorded and queued" in out, out
    items = listed(capsys)
    assert [i["state"] for i in items] == ["queued", "queued"]
    return [i["id"] for i in items]


# -- 1. a retry count past 1,024 ---------------------------------------------------------------------------


def test_a_request_retried_past_1024_times_gets_a_capped_backoff_and_the_others_are_sent(capsys, monkeypatch, intake):
    """30 s * 2**1024 overflowed a float: the sync crashed after the POST went out, left the attempt in
    flight with no next time (re-sent at every sync) and never tried the requests after it."""
    mode = {"up": False}
    srv = intake(lambda n: ok(n) if mode["up"] else down(n))
    first, second = queued_twice(capsys, monkeypatch, srv.base)
    edit(first, r"^attempts = \d+", "attempts = 1100")
    code, out, err = run(capsys, "request", "sync", "--now")
    assert code == 0 and "internal error" not in err, err
    assert "0 sent, 2 still queued" in out
    items = {i["id"]: i for i in listed(capsys)}
    assert items[first]["next_attempt_at"] and items[second]["next_attempt_at"]
    assert 'in_flight = ""' in record(first).read_text() or "in_flight" not in record(first).read_text()

    from tui.requests.outbox import BACKOFF_CAP, backoff_delay

    for attempts in (1, 31, 1025, 10**6):
        assert 0 < backoff_delay(attempts, rng=lambda: 1.0) <= BACKOFF_CAP


def test_one_request_that_cannot_be_sent_never_stops_the_others(capsys, monkeypatch, intake, pack):
    """A record damaged between the listing and its turn (another process, a hand edit) is that request's
    failure: the sync names it, sends the rest, and exits 2."""
    from tui.requests.model import PolicyContext
    from tui.requests.outbox import sync
    from tui.requests.store import RequestStore

    mode = {"up": False}
    srv = intake(lambda n: ok(n) if mode["up"] else down(n))
    first, second = queued_twice(capsys, monkeypatch, srv.base)
    mode["up"] = True
    store = RequestStore()
    reqs = store.list()[0]
    record(first).write_text("this is [not toml")  # damaged after it was listed

    from tui.intake.factory import build_backend, effective_intake

    settings, where = effective_intake(PolicyContext.from_pack(pack).intake)
    outcomes = sync(store, build_backend(settings, where=where), force=True, listed=reqs)
    by_id = {o.request_id: o for o in outcomes}
    assert by_id[first].action == "failed" and "unreadable record" in by_id[first].message
    assert by_id[second].action == "sent"
    assert len(srv.posts()) == 2 + 1  # two refused while down, then the second alone


# -- 2. a 3xx or another 4xx ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        (400, {"content-type": "application/json"}, b'{"message": "bad field"}'),
        (409, {"content-type": "application/json"}, b'{"message": "conflict"}'),
        (302, {"location": "https://elsewhere.example.com/hook"}, b""),
    ],
    ids=["400", "409", "302"],
)
def test_a_refusal_of_any_kind_is_parked_until_the_user_retries(capsys, monkeypatch, intake, answer):
    """A 3xx or a 4xx outside the parking list left the request due at once: every sync, and the app's
    20-second tick, posted it again forever. Now it waits, with the reason, for `request retry ID`."""
    mode = {"refuse": True}
    srv = intake(lambda n: answer if mode["refuse"] else ok(n))
    use_webhook(f"{srv.base}/hook", monkeypatch)
    code, out, _ = new(capsys, "--submit", "--yes")
    assert code == 0 and "recorded and queued" in out and "retry" in out
    [item] = listed(capsys)
    assert len(srv.posts()) == 1

    from tui.requests.outbox import is_due, now_utc
    from tui.requests.store import RequestStore

    req = RequestStore().load(item["id"])
    assert req.delivery.parked and not is_due(req, now_utc())  # the app's background tick passes it over
    for argv in (("request", "sync"), ("request", "sync", "--now")):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and "0 sent, 0 still queued, 1 parked (refused by the intake, not re-sent)" in out
    assert len(srv.posts()) == 1  # not sent again behind the user's back
    code, out, _ = run(capsys, "request", "list")
    assert "needs attention: webhook: " in out
    mode["refuse"] = False
    code, out, _ = run(capsys, "request", "retry", item["id"], "--yes")
    assert code == 0 and "sent, ticket T-1" in out
    assert len(srv.posts()) == 2 and listed(capsys)[0]["state"] == "submitted"


# -- 3. a secret not set, settings that cannot be used: exit 2 --------------------------------------------


def test_a_secret_not_set_is_exit_2_from_every_command_that_tries_to_send(capsys, monkeypatch, intake):
    """The request is recorded and stays queued, but a command that could not send it for a setting the
    user must fix exits 2 (the README's exit codes: a config error), as `sync` did for a bad URL."""
    srv = intake()
    use_webhook(f"{srv.base}/hook", monkeypatch)
    monkeypatch.delenv("T_SECRET")
    code, out, _ = new(capsys, "--submit", "--yes")
    assert code == 2 and "recorded and queued" in out and "T_SECRET is not set" in out
    [item] = listed(capsys)
    assert item["state"] == "queued"
    code, out, _ = run(capsys, "request", "sync")
    assert code == 2 and "T_SECRET is not set" in out
    code, out, _ = run(capsys, "request", "retry", item["id"], "--yes")
    assert code == 2 and "T_SECRET is not set" in out
    code, out, _ = new(capsys, justification=f"{JUST} (a draft)")
    draft = next(i["id"] for i in listed(capsys) if i["state"] == "draft")
    code, out, _ = run(capsys, "request", "submit", draft, "--yes")
    assert code == 2 and "T_SECRET is not set" in out
    assert srv.received == [] and {i["state"] for i in listed(capsys)} == {"queued"}
    monkeypatch.setenv("T_SECRET", "whsec_" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
    code, out, _ = run(capsys, "request", "sync")
    assert code == 0 and "2 sent" in out


@pytest.mark.parametrize(
    "url, said",
    [
        ("file:///etc/passwd", "is not a URL to send to"),
        ("http://user:pw@127.0.0.1:8/hook", "is not a URL to send to"),
        ("http://127.0.0.1:99999/hook", "is not a URL to send to"),
    ],
    ids=["file", "credentials", "port"],
)
def test_unusable_intake_settings_are_exit_2_and_said(capsys, monkeypatch, url, said):
    """`new --submit`, `submit` and `retry` with an [intake] that cannot be used record the request and exit
    2 saying what is wrong (retry said "no intake is configured")."""
    from tui.requests.store import RequestStore

    use_webhook(url, monkeypatch)
    code, out, err = new(capsys, "--submit", "--yes")
    assert code == 2 and "recorded and queued" in out and said in out + err
    [item] = listed(capsys)
    code, out, err = run(capsys, "request", "retry", item["id"], "--yes")
    assert code == 2 and said in out + err and "no intake is configured" not in out + err
    code, out, err = run(capsys, "request", "sync")
    assert code == 2 and said in err
    code, out, _ = new(capsys, justification=f"{JUST} (a draft)")
    draft = next(i["id"] for i in listed(capsys) if i["state"] == "draft")
    code, out, err = run(capsys, "request", "submit", draft, "--yes")
    assert code == 2 and said in out + err
    assert RequestStore().load(draft).state == "queued"  # recorded as the intent to send, as before


# -- 4. a record whose name is not its id ------------------------------------------------------------------


def test_a_record_whose_id_is_not_its_file_name_is_a_problem_and_the_others_are_sent(capsys, monkeypatch, intake):
    """A record restored or copied under another request's name said nothing in `list` and stopped `sync`
    for every request after it ("no request ..."): it is a PROBLEM naming the file, and the rest go out."""
    mode = {"up": False}
    srv = intake(lambda n: ok(n) if mode["up"] else down(n))
    first, second = queued_twice(capsys, monkeypatch, srv.base)
    edit(first, r'^id = "REQ-\d{8}-[0-9A-F]{6}"', 'id = "REQ-20200101-ABCDEF"')
    code, out, _ = run(capsys, "request", "list")
    assert code == 2 and f"PROBLEM  {record(first)}" in out and "REQ-20200101-ABCDEF" in out
    mode["up"] = True
    code, out, err = run(capsys, "request", "sync", "--now")
    assert code == 2 and str(record(first)) in err
    assert f"{second}: sent" in out and "1 sent" in out
    assert [json.loads(p["body"])["id"] for p in srv.posts()[-1:]] == [second]


# -- 5. what is shown is every header that goes out --------------------------------------------------------


def shown_headers(out: str, method: str = "POST") -> dict[str, str]:
    """The header lines of the first request printed in ``out`` (after its ``METHOD URL`` line)."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{method} http"))
    shown: dict[str, str] = {}
    for line in lines[at + 1 :]:
        if not line:
            break
        name, _, value = line.partition(": ")
        shown[name.lower()] = value
    return shown


def test_the_preview_shows_every_header_that_is_sent_with_its_value(capsys, monkeypatch, intake):
    """The preview left out User-Agent, Accept, Accept-Encoding, Connection, Host and Content-Length, which
    the client added: every header received is shown, with the value received (the signature redacted, the
    timestamp of this very attempt aside), and nothing shown is missing from what was received."""
    srv = intake()
    use_webhook(f"{srv.base}/hook", monkeypatch)
    code, out, _ = new(capsys, "--submit", "--yes")
    assert code == 0 and "sent, ticket T-0" in out
    shown = shown_headers(out)
    [post] = srv.posts()
    received = {k.lower(): v for k, v in post["headers"]}
    assert set(shown) == set(received), (shown, received)
    for name, value in received.items():
        if name == "webhook-signature":
            assert shown[name].startswith("v1,<redacted>")
        elif name != "webhook-timestamp":
            assert shown[name] == value, name
    assert received["content-length"] == str(len(post["body"]))
    rid = listed(capsys)[0]["id"]
    code, out, _ = run(capsys, "request", "show", rid, "--payload")
    assert set(shown_headers(out)) == set(received)


def test_a_cookie_the_intake_sets_never_goes_back_unseen(capsys, monkeypatch, intake):
    """One client serves a whole sync: a cookie the first answer set went out with the next request, a
    header no preview showed. None is kept."""

    def answer(n: int) -> Answer:
        status, headers, body = ok(n) if n >= 2 else down(n)
        return status, {**headers, "set-cookie": f"session=s{n}; Path=/"}, body

    srv = intake(answer)
    queued_twice(capsys, monkeypatch, srv.base)
    code, out, _ = run(capsys, "request", "sync", "--now")
    assert code == 0 and "2 sent" in out
    assert all("cookie" not in {k.lower() for k, _ in p["headers"]} for p in srv.posts())


# -- 7. a compressed answer that inflates a thousandfold ------------------------------------------------------


def test_a_gzip_bomb_answer_is_cut_at_the_cap_without_inflating_it_whole(capsys, monkeypatch, intake, pack):
    """aicheck asks for `Accept-Encoding: identity`; a server that compresses all the same is inflated piece
    by piece and cut at the 4 MB cap (256 KB of gzip that inflates to 256 MB peaked at over 100 MB)."""
    import tracemalloc

    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    bomb = b"".join(squeeze.compress(zeros) for _ in range(256)) + squeeze.flush()
    assert len(bomb) < 1 << 20
    srv = intake(lambda n: (200, {"content-type": "application/json", "content-encoding": "gzip"}, bomb))
    use_webhook(f"{srv.base}/hook", monkeypatch)
    assert new(capsys)[0] == 0
    rid = listed(capsys)[0]["id"]

    from tui.intake.factory import build_backend, effective_intake
    from tui.requests.model import PolicyContext
    from tui.requests.outbox import submit
    from tui.requests.store import RequestStore

    policy = PolicyContext.from_pack(pack)
    settings, where = effective_intake(policy.intake)
    tracemalloc.start()
    try:
        outcome = submit(RequestStore(), rid, policy, build_backend(settings, where=where))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert outcome.state == "queued" and "larger than 4194304 bytes" in outcome.message
    assert peak < 24 << 20, f"peaked at {peak >> 20} MiB"
    [post] = srv.posts()
    assert dict((k.lower(), v) for k, v in post["headers"])["accept-encoding"] == "identity"


# -- 6. sending elsewhere after an attempt that may have arrived ------------------------------------------------


def test_submit_to_another_intake_after_an_uncertain_attempt_warns_first(capsys, monkeypatch, intake):
    """The first intake took the POST and dropped the connection (it may hold the request); the config then
    names another intake. `submit` showed the new preview and sent it without a word about the first:
    it now says, as `withdraw` does, that the first may already have it."""
    from support.intake_server import FakeIntake

    first = FakeIntake(faults=["drop"])
    first.start()
    try:
        use_webhook(f"{first.base}/hook", monkeypatch)
        code, out, _ = new(capsys, "--submit", "--yes")
        assert code == 0 and "recorded and queued" in out and len(first.tickets) == 1
    finally:
        first.stop()
    rid = listed(capsys)[0]["id"]
    second = intake()
    use_webhook(f"{second.base}/hook", monkeypatch)
    code, out, _ = run(capsys, "request", "submit", rid, "--yes")
    assert code == 0 and f"{rid}: sent" in out
    warning = out.index(f"an earlier attempt got no answer, so {first.base}/hook may already have it")
    assert warning < out.index("# what will be sent") and "close it there too" in out
    assert f"sending it to {second.base}/hook now" in out


# -- 8. numbers too large, and a record that claims a delivery it never had -----------------------------------


@pytest.mark.parametrize(
    "argv, said",
    [
        (("--cost", "1e400"), "cost_per_month: tool cost per month is too large: at most 1,000,000,000,000"),
        (("--cost", "nan"), "cost_per_month: tool cost per month must be a number"),
        (("--cost", "-1"), "cost_per_month: tool cost per month must be 0 or more"),
        (("--workflow", "Write:1e400:10:1"), "minutes without the tool is more than a week"),
        (("--workflow", "Write:60:10:inf"), "how often per week must be at most 1000"),
    ],
    ids=["cost-inf", "cost-nan", "cost-negative", "minutes-inf", "per-week-inf"],
)
def test_a_number_too_large_for_an_impact_document_is_called_too_large(capsys, argv, said):
    """`--cost 1e400` (infinity once read) was told it "must be 0 or more"."""
    workflow = () if "--workflow" in argv else ("--workflow", "Write migration:240:40:3")
    code, _, err = run(capsys, "impact", "new", "--title", "Migration", *workflow, *argv)
    assert code == 2 and said in err, err


def test_a_queued_record_edited_to_submitted_is_a_problem_not_a_quiet_success(capsys, monkeypatch, intake):
    """A queued request, never delivered, hand-edited to `state = "submitted"` left the outbox in silence
    and `list` showed it submitted. A submitted request has a ticket (every delivery records one): one
    without is named on a PROBLEM line, and `list` exits 2."""
    srv = intake(down)
    first, _second = queued_twice(capsys, monkeypatch, srv.base)
    edit(first, r'^state = "queued"', 'state = "submitted"')
    code, out, _ = run(capsys, "request", "list")
    assert code == 2
    assert f"PROBLEM  {first}: its record says submitted, but it has no ticket" in out
    code, out, err = run(capsys, "request", "list", "--json")
    assert code == 2 and f"{first}: its record says submitted" in err


def test_a_bug_while_reading_one_answer_waits_its_backoff_and_the_others_are_sent(capsys, monkeypatch, intake):
    """A bug in reading an intake's answer (here: injected into the webhook's reader for the first request)
    ended the whole sync with the attempt left in flight and no next time: every sync sent it again at once.
    Now the sync goes on with the others, the attempt counts as one that may have arrived, the request waits
    its backoff, and the command exits 3 with the crash log named."""
    from tui.intake.webhook import WebhookBackend

    mode = {"up": False}
    srv = intake(lambda n: ok(n) if mode["up"] else down(n))
    first, second = queued_twice(capsys, monkeypatch, srv.base)
    mode["up"] = True
    real = WebhookBackend.parse_create

    def buggy(self, req, resp):
        if req.id == first:
            raise ZeroDivisionError("a bug")
        return real(self, req, resp)

    monkeypatch.setattr(WebhookBackend, "parse_create", buggy)
    code, out, _ = run(capsys, "request", "sync", "--now")
    assert code == 3 and f"{first}: queued - not handled: internal error, details in " in out
    assert f"{second}: sent" in out
    items = {i["id"]: i for i in listed(capsys)}
    assert items[first]["state"] == "queued" and items[first]["next_attempt_at"]
    assert items[second]["state"] == "submitted"
    posts = len(srv.posts())
    code, out, _ = run(capsys, "request", "sync")
    assert code == 0 and "next attempt after" in out and len(srv.posts()) == posts  # not re-sent at once
