#!/usr/bin/env python3
"""Benchmark (not a test): time to the first frame of aicheck vs. a minimal Textual app, and time until
the full dashboard of the demo machine is shown.

    python scripts/bench_startup.py [--runs 5] [--bytecode]

Each run is a fresh interpreter (cold imports), driven headless with ``run_test``. The two apps take
turns (after one discarded run of each), so a machine busy for a while slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = r"""
import time, json, asyncio
t0 = time.perf_counter()
c0 = time.process_time()
from textual.app import App
from textual.widgets import Header, Footer, Static
class Minimal(App):
    def compose(self):
        yield Header(); yield Static("hello"); yield Footer()
    def on_mount(self):
        self.call_after_refresh(lambda: setattr(self, "first", (time.perf_counter() - t0, time.process_time() - c0)))
async def go():
    app = Minimal()
    async with app.run_test(size=(100, 32)) as pilot:
        while not hasattr(app, "first"):
            await pilot.pause(0.001)
    print(json.dumps({"first": app.first[0], "first_cpu": app.first[1]}))
asyncio.run(go())
"""

AICHECK = r"""
import time, json, asyncio, argparse, sys
t0 = time.perf_counter()
c0 = time.process_time()
sys.path.insert(0, %(root)r)
%(start)s
from tui.app.app import AicheckApp
from tui.app.main import demo_args
args = demo_args(args, root=%(machine)r)
%(check)s
# Textual calls the handler of every class in the MRO: these run just before AicheckApp's own (calling
# super() here would run those twice: two scans, the report shown twice)
class Timed(AicheckApp):
    def on_mount(self):
        self.call_after_refresh(lambda: setattr(self, "first", (time.perf_counter() - t0, time.process_time() - c0)))
    def on_scan_finished(self, msg):
        if msg.generation == self._generation:
            self.call_after_refresh(lambda: setattr(self, "full", time.perf_counter() - t0))
async def go():
    app = Timed(args)
    async with app.run_test(size=(100, 32)) as pilot:
        while not hasattr(app, "full"):
            await pilot.pause(0.001)
    print(json.dumps({"first": app.first[0], "first_cpu": app.first[1], "full": app.full}))
asyncio.run(go())
"""


# As `aicheck --demo` starts: the app is imported and opens the pack in its scan worker.
DEMO_START = {"start": "args = argparse.Namespace(content=None, demo=True)", "check": ""}
# As `aicheck` (no sub-command, tui.cli._run_app) starts: the command line is parsed and the config and the
# pack are checked before the screen takes over (a broken one is one line and exit 2, not a screen).
CLI_START = {
    "start": "import tui.cli\nargs = tui.cli.build_parser().parse_args([])",
    "check": (
        "from tui.config import load_config\n"
        "from tui.services.session import machine_from_args, open_session\n"
        "args.demo = False\nmachine_from_args(args)\nload_config()\nargs.opened_session = open_session(args)"
    ),
}


def run(code: str, env: dict[str, str] | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="both apps from bytecode, as an installed copy runs (the discarded first runs write it to a "
        "temporary folder): without it, with PYTHONDONTWRITEBYTECODE set, aicheck's modules are compiled "
        "from source at every start while Textual's come from the bytecode pip wrote",
    )
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = None
        if opts.bytecode:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        sys.path.insert(0, str(ROOT))
        from tui.demo import build_demo

        machine = Path(tmp) / "demo"
        build_demo(machine)
        aicheck = AICHECK % {"root": str(ROOT), "machine": str(machine), **DEMO_START}
        command_line = AICHECK % {"root": str(ROOT), "machine": str(machine), **CLI_START}
        run(MINIMAL, env), run(aicheck, env), run(command_line, env)  # warm the file cache (and the bytecode)
        minimal, ours, cli = [], [], []
        for _ in range(opts.runs):
            minimal.append(run(MINIMAL, env))
            ours.append(run(aicheck, env))
            cli.append(run(command_line, env))
    m = statistics.median(r["first"] for r in minimal)
    f = statistics.median(r["first"] for r in ours)
    mc = statistics.median(r["first_cpu"] for r in minimal)
    fc = statistics.median(r["first_cpu"] for r in ours)
    full = statistics.median(r["full"] for r in ours)
    print(f"minimal Textual app, first frame: {m * 1000:.0f} ms (median of {opts.runs}{', bytecode' * opts.bytecode})")
    print(f"aicheck, first frame:             {f * 1000:.0f} ms ({f / m:.2f}x; target <= 1.3x)")
    print(f"aicheck, full dashboard (demo):   {full * 1000:.0f} ms (target <= 1000 ms)")
    print(f"CPU time to the first frame (less swayed by other processes): minimal {mc * 1000:.0f} ms, ", end="")
    print(f"aicheck {fc * 1000:.0f} ms ({fc / mc:.2f}x)")
    c = statistics.median(r["first"] for r in cli)
    print("`aicheck` from the command line (config and pack checked before the screen), first frame: ", end="")
    print(f"{c * 1000:.0f} ms ({c / m:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
