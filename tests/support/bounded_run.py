"""Run ``aicheck`` in a child process under a time bound and an address-space limit (the hostile corpus)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIME_BOUND = 30.0  # seconds; a hang shows as a timeout, a healthy run takes a fraction of a second
MEMORY_BOUND = 1024 * 1024 * 1024  # address space: endless input ends in MemoryError, not a swapped-out host


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


def run_bounded(*args: str, timeout: float = TIME_BOUND) -> Outcome:
    """``aicheck ARGS`` in a fresh interpreter; asserts exit 0/1/2 and no traceback."""
    env = dict(os.environ, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
        preexec_fn=_limit_memory,
        stdin=subprocess.DEVNULL,
    )
    outcome = Outcome(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)
    assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    return outcome
