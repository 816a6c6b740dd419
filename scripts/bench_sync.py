"""Benchmark of ``aicheck request sync --now`` with many request records: the time of one sync, in a fresh
process as a user runs it, against the fake webhook intake on loopback.

    python scripts/bench_sync.py                      # 3,000 records; prints a Markdown table
    python scripts/bench_sync.py --records 300 3000   # other sizes
    python scripts/bench_sync.py --profile            # cProfile of the biggest size's sync, top 25 by cumulative time

Each size gets a fresh data folder with that many request records: most are in the states a long-lived folder
fills up with (submitted, approved, denied, withdrawn, drafts), and 1% queued and shown, so that the sync
really sends those (and nothing is sent twice: the fake intake counts what it received). A second sync right
after, with nothing queued, measures the run that has nothing to do. Network: loopback only."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # the package and the tests' support fakes

from support.intake_server import SECRET, FakeIntake, make_request  # noqa: E402

STATES = ("submitted", "approved", "denied", "withdrawn", "draft")


def build(data: Path, records: int, url: str) -> int:
    """``records`` request records under ``data``; returns how many are queued (and shown for the webhook)."""
    from tui.intake.factory import build_backend
    from tui.requests.model import RequestState, now_utc
    from tui.requests.outbox import mark_queued, shown_digest
    from tui.requests.store import RequestStore

    store = RequestStore(data)
    backend = build_backend(
        {"kind": "webhook", "url": url, "secret_env": "T_SECRET", "timeout": 2}, env={"T_SECRET": SECRET}
    )
    queued = 0
    now = now_utc()
    for i in range(records):
        req = make_request()
        if i % 100 == 0:
            mark_queued(req, backend, now, shown=shown_digest(backend, req))
            queued += 1
        else:
            req.state = RequestState(STATES[i % len(STATES)])
            if req.state != "draft":
                req.delivery.backend, req.delivery.target = backend.kind, backend.target
                req.delivery.ticket = f"WH-{i}"
        with store.lock(req.id):
            store.write_locked(req)
    return queued


def run_sync(data: Path, config: Path, profile: Path | None = None) -> tuple[float, str]:
    env = dict(
        os.environ,
        AICHECK_DATA_DIR=str(data),
        AICHECK_CONFIG=str(config),
        AICHECK_CACHE_DIR=str(data.parent / "cache"),
        AICHECK_STATE_DIR=str(data.parent / "state"),
        AICHECK_CONTENT="example",
        T_SECRET=SECRET,
        PYTHONPATH=str(REPO),
    )
    head = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else [])
    started = time.monotonic()
    proc = subprocess.run(
        [*head, "-m", "tui", "request", "sync", "--now"], env=env, capture_output=True, text=True, cwd=REPO
    )
    seconds = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"sync failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[3000])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    intake = FakeIntake()
    base = intake.start()
    url = f"{base}/hook"
    print("| records | queued | sync --now (sends them) | sync --now again (nothing due) | sent |")
    print("|---:|---:|---:|---:|---:|")
    try:
        for n in args.records:
            with tempfile.TemporaryDirectory(prefix="aicheck-bench-sync-") as tmp:
                data, config = Path(tmp) / "data", Path(tmp) / "config.toml"
                config.write_text(f'[intake]\nkind = "webhook"\nurl = "{url}"\nsecret_env = "T_SECRET"\ntimeout = 2\n')
                before = len(intake.tickets)
                queued = build(data, n, url)
                profile = Path(tmp) / "sync.prof" if args.profile and n == max(args.records) else None
                first, _ = run_sync(data, config, profile)
                second, _ = run_sync(data, config)
                sent = len(intake.tickets) - before
                print(f"| {n} | {queued} | {first:.2f} s | {second:.2f} s | {sent} |")
                if profile is not None:
                    import pstats

                    pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(25)
    finally:
        intake.stop()


if __name__ == "__main__":
    main()
