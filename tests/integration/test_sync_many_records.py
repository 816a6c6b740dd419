"""``aicheck request sync --now`` with many records reads each record once, plus the few it sends.

Before, one sync read and parsed every request record three times (the command's list, the outbox's list, the
list for the parked ones at the end): with 3,000 records that was 9,000 parses, 12 s, and 40 s under a
profiler (docs/performance.md, "Request sync"). What it reads is counted here, not timed: every record once,
and each queued one again under its lock when it is sent (that re-read is what keeps a send exactly-once when
another process got there first) and once more for whether it was parked. Real records under tmp_path, the
real command line, a fake webhook intake on loopback."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from support.intake_server import make_request, use_webhook
from support.packs import run_cli
from tui.intake.factory import build_backend
from tui.requests import store as store_module
from tui.requests.model import RequestState, now_utc
from tui.requests.outbox import mark_queued, shown_digest
from tui.requests.store import RequestStore

RECORDS, EVERY = 60, 10  # one in ten queued
STATES = ("submitted", "approved", "denied", "withdrawn", "draft")


@pytest.fixture
def records(fake, monkeypatch) -> tuple[RequestStore, list[str]]:
    """RECORDS requests in the states a long-lived data folder holds; one in EVERY queued and shown for the
    webhook the user config names. Returns the store and the queued ids."""
    use_webhook(f"{fake.base}/hook", monkeypatch)
    backend = build_backend({"kind": "webhook", "url": f"{fake.base}/hook", "secret_env": "T_SECRET"})
    store = RequestStore()
    queued = []
    for i in range(RECORDS):
        req = make_request()
        if i % EVERY == 0:
            mark_queued(req, backend, now_utc(), shown=shown_digest(backend, req))
            queued.append(req.id)
        else:
            req.state = RequestState(STATES[i % len(STATES)])
            if req.state != "draft":
                req.delivery.backend, req.delivery.target = backend.kind, backend.target
        with store.lock(req.id):
            store.write_locked(req)
    return store, queued


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """How many times each record file is read and parsed."""
    counted: Counter = Counter()
    real = store_module._read_toml

    def counting(path: Path):
        counted[Path(path).name] += 1
        return real(path)

    monkeypatch.setattr(store_module, "_read_toml", counting)
    return counted


def test_sync_now_reads_each_record_once_and_each_queued_one_a_bounded_number_of_times(capsys, fake, records, reads):
    _, queued = records
    code, out, err = run_cli(capsys, "request", "sync", "--now")
    assert code == 0 and f"{len(queued)} sent, 0 still queued" in out, out + err
    assert len(fake.tickets) == len(queued)  # each sent, once
    sent = {f"{rid}.toml" for rid in queued}
    others = {name: n for name, n in reads.items() if name not in sent}
    assert len(others) == RECORDS - len(queued) and set(others.values()) == {1}, others
    assert all(reads[name] <= 3 for name in sent), {name: reads[name] for name in sent}
    assert sum(reads.values()) <= RECORDS + 2 * len(queued)


def test_a_sync_with_nothing_due_reads_each_record_once(capsys, fake, records, reads):
    """Nothing queued: each record read once; those just sent (submitted, with a status the webhook can be
    asked for) once more under their lock, to record the answer."""
    assert run_cli(capsys, "request", "sync", "--now")[0] == 0
    reads.clear()
    code, _, _ = run_cli(capsys, "request", "sync", "--now")
    sent = {f"{rid}.toml" for rid in records[1]}
    assert code == 0 and len(reads) == RECORDS, reads
    assert all(n == 1 for name, n in reads.items() if name not in sent), reads
    assert all(reads[name] <= 2 for name in sent), reads
    assert len(fake.tickets) == len(records[1])  # nothing sent twice
