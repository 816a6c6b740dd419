"""Benchmark: the instructions one scan of the large machine takes, in this tree and in another, counted.

    python scripts/bench_instructions.py OTHER_TREE              # e.g. a `git worktree add` of the commit before
    python scripts/bench_instructions.py OTHER_TREE --scans 3

Wall-clock time on a shared machine swings twofold with other work; an instruction count does not. Each tree
is run under ``valgrind --tool=callgrind`` twice (one warm-up scan, then ``--scans`` more or none), with the
same hash seed, the same date and the same synthetic large machine (``scripts/benchmark.py``'s, built once
from this tree), and the difference is divided by ``--scans``: what one scan costs, without the imports, the
pack's parsing and the compiling of modules. Instructions count the CPU work in user space, not system calls
or waiting for the disk: a way to compare two versions of the code, not a measure of the 2x target
(``benchmark.py`` measures that). Needs valgrind. Nothing outside a temporary folder is written.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# run inside valgrind, in the tree measured: argv = tree, pickled machine, scans
SCANS = """
import datetime as dt, os, pickle, sys
tree, machine, scans = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, tree)
from tui.core.content import load_pack
from tui.core.scanner import scan
from tui.paths import bundled_content_dir
machine = pickle.load(open(machine, "rb"))
pack = load_pack(bundled_content_dir())
for _ in range(1 + scans):
    scan(machine, pack, today=dt.date(2026, 12, 1))
"""

_COLLECTED = re.compile(r"Collected : (\d+)")


def count(tree: Path, script: Path, machine: Path, scans: int) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    done = subprocess.run(
        [*valgrind, sys.executable, str(script), str(tree), str(machine), str(scans)],
        cwd=script.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {tree}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_scan(tree: Path, script: Path, machine: Path, scans: int) -> int:
    with ThreadPoolExecutor(2) as pool:  # the two runs of one tree side by side (counts do not depend on it)
        none, some = pool.map(lambda n: count(tree, script, machine, n), (0, scans))
    return (some - none) // scans


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("other", type=Path, help="another checkout of aicheck (with its own tests/fixtures)")
    ap.add_argument("--scans", type=int, default=2, help="scans counted in each tree after the warm-up")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed (Debian: apt-get install valgrind)")
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "scripts"))
    from benchmark import build_large

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        machine_file = folder / "machine.pickle"
        machine_file.write_bytes(pickle.dumps(build_large(folder / "large").machine()))
        script = folder / "scans.py"
        script.write_text(SCANS)
        ours = per_scan(REPO, script, machine_file, args.scans)
        theirs = per_scan(args.other.resolve(), script, machine_file, args.scans)
    print("| tree | instructions a scan |\n|---|---|")
    print(f"| {args.other} | {theirs:,} |\n| this tree | {ours:,} ({ours / theirs:.3f}x) |")


if __name__ == "__main__":
    main()
