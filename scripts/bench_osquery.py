"""Benchmark of the osquery extension: the time of a ``generate`` call (every user scanned, cold cache) and the
extension's peak memory, with 1, 10 and 50 users, each with the large synthetic machine's home.

    python scripts/bench_osquery.py                 # 1, 10, 50 users; prints a Markdown table
    python scripts/bench_osquery.py --users 1 5     # other sizes

Spoken to as osqueryd would: a stand-in extension manager (the osquery package's own Thrift code) on a Unix
socket, the real ``aicheck osquery-extension`` process, and ``call("table", "aicheck_tools", generate)`` through
the package's client. Targets (issue 13): 50 users within 2 s, under 150 MiB. Needs ``aicheck[osquery]``;
memory is read from /proc (Linux)."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # the package and the tests' support fakes

from benchmark import add_installed_packages  # noqa: E402 - scripts/ is on sys.path when run as a script

from tui.demo.synthetic import SyntheticMachine  # noqa: E402


def build_home(m: SyntheticMachine) -> None:
    """The large benchmark machine's home (scripts/benchmark.py build_large), for one user."""
    m.npm("@anthropic-ai/claude-code", "2.1.150", manager="user", bin_name="claude")
    m.native(m.h(".local/share/claude/versions"), "2.1.250", link=m.h(".local/bin/claude"))
    m.vscode_extension("github.copilot", "1.300.0")
    m.python("aider-chat", "0.86.2", bin_name="aider")
    m.jetbrains_plugin("com.github.copilot", "1.5.60", "github-copilot-intellij")
    add_installed_packages(m)


def build_machine(root: Path, users: int) -> None:
    first = SyntheticMachine(root, "linux", home="/home/u000")
    for d in range(6):  # thousands of unrelated commands in system folders on every user's search path
        host = first.host(f"/usr/local/bin{'' if d == 0 else d}")
        host.mkdir(parents=True, exist_ok=True)
        for i in range(700):
            (host / f"tool{d}-{i}").write_bytes(b"#!/bin/sh\n")
    lines = ["root:x:0:0:root:/root:/bin/bash"]
    for n in range(users):
        name = f"u{n:03d}"
        build_home(SyntheticMachine(root, "linux", home=f"/home/{name}"))
        lines.append(f"{name}:x:{1000 + n}:{1000 + n}::/home/{name}:/bin/bash")
    first.write("/etc/passwd", "\n".join(lines) + "\n")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(root: Path, sockets: Path, runs: int) -> tuple[float, float, float, int]:
    import logging

    logging.getLogger("thrift").setLevel(logging.CRITICAL)  # "could not connect" while the extension starts
    from osquery.extension_client import ExtensionClient

    from support.osquery_manager import UUID, Manager, ManagerServer

    sock = str(sockets / "osquery.em")
    handler = Manager()
    server = ManagerServer(sock, handler)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "osquery-extension",
            "--socket",
            sock,
            "--interval",
            "1",
            "--root",
            str(root),
            "--platform",
            "linux",
            "--cache-seconds",
            "0",
            "--content",
            "example",  # the extension refuses to start with no company pack named
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not handler.registered.wait(60):
            raise SystemExit("the extension did not register")
        client = ExtensionClient(path=sock, uuid=UUID)
        while not client.open(timeout=1):
            pass
        ext = client.extension_client()
        cold, samples, rows = 0.0, [], 0
        for run in range(runs + 1):
            t0 = time.perf_counter()
            resp = ext.call("table", "aicheck_tools", {"action": "generate", "context": json.dumps({})})
            elapsed = time.perf_counter() - t0
            rows = len(resp.response)
            if run == 0:
                cold = elapsed  # the first call also loads and hashes the pack
            else:
                samples.append(elapsed)
        client.close()
        samples.sort()
        return cold, samples[len(samples) // 2], peak_rss_mib(proc.pid), rows
    finally:
        server.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    ap.add_argument("--runs", type=int, default=3, help="warm runs per size (median quoted); cache disabled")
    args = ap.parse_args()
    print("| users | rows | first generate | generate (median) | peak RSS |")
    print("|---:|---:|---:|---:|---:|")
    for users in args.users:
        work = Path(tempfile.mkdtemp(prefix="aqb"))  # short: Unix socket paths are limited to ~104 bytes
        try:
            build_machine(work / "disk", users)
            cold, warm, rss, rows = measure(work / "disk", work, args.runs)
            print(f"| {users} | {rows} | {cold:.2f} s | {warm:.2f} s | {rss:.0f} MiB |", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
