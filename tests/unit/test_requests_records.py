"""Durable records: atomic writes survive a writer killed at any moment, and two processes changing the
same request never lose each other's changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from support.intake_server import make_request
from tui.atomic import LockBusy, file_lock, remove_stale_temps, write_atomic
from tui.requests.store import RequestStore

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from pathlib import Path
from tui.atomic import write_atomic
path = Path(sys.argv[1])
i = 0
print("go", flush=True)
while True:
    i += 1
    # a big record, so a kill often lands mid-write
    write_atomic(path, f'n = {i}\\nfill = "{"x" * 400_000}"\\nend = {i}\\n')
"""


def test_atomic_write_survives_kill_at_any_moment(tmp_path):
    target = tmp_path / "record.toml"
    write_atomic(target, 'n = 0\nfill = ""\nend = 0\n')
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], cwd=ROOT, stdout=subprocess.PIPE)
        proc.stdout.readline()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        data = tomllib.loads(target.read_text())  # never half-written
        assert data["n"] == data["end"]
        assert len(data["fill"]) in (0, 400_000)
    # temp files a killed writer left behind are never read, and can be cleaned up
    leftovers = list(tmp_path.glob(".record.toml.*.tmp"))
    for p in leftovers:
        os.utime(p, (0, 0))
    assert remove_stale_temps(tmp_path) == len(leftovers)
    assert [p.name for p in tmp_path.iterdir()] == ["record.toml"]


def test_atomic_write_failure_keeps_old_content(tmp_path):
    target = tmp_path / "r.toml"
    write_atomic(target, "a = 1\n")

    class Boom(Exception):
        pass

    class Exploding(str):
        def encode(self, *a):
            raise Boom

    try:
        write_atomic(target, Exploding("a = 2\n"))
    except Boom:
        pass
    assert target.read_text() == "a = 1\n" and len(list(tmp_path.iterdir())) == 1


def test_file_lock_excludes_other_holders(tmp_path):
    lock = tmp_path / "x.lock"
    with file_lock(lock):
        try:
            with file_lock(lock, blocking=False):
                raise AssertionError("second holder got the lock")
        except LockBusy:
            pass
    with file_lock(lock, blocking=False):
        pass


EDITOR = """
import sys
from pathlib import Path
from tui.requests.store import RequestStore
store, rid, tag = RequestStore(Path(sys.argv[1])), sys.argv[2], sys.argv[3]
for i in range(25):
    with store.transaction(rid) as req:
        req.mitigations.append(f"{tag}-{i}")
"""


def test_two_processes_editing_one_request_lose_nothing(tmp_path):
    store = RequestStore(tmp_path)
    req = make_request(store, mitigations=[])
    procs = [
        subprocess.Popen([sys.executable, "-c", EDITOR, str(tmp_path), req.id, tag], cwd=ROOT)
        for tag in ("a", "b", "c")
    ]
    assert all(p.wait(30) == 0 for p in procs)
    got = store.load(req.id).mitigations
    assert len(got) == 75 and sorted(got) == sorted(f"{t}-{i}" for t in "abc" for i in range(25))
