"""Benchmark: what compiling the scan's hottest modules to C would give, beside the code as shipped.

    python scripts/bench_compiled.py             # 3 rounds of benchmark.py --runs 9 in each tree, in turn
    python scripts/bench_compiled.py --rounds 5

An experiment for the team's choice on the large machine's 2x target (see the README's Performance
section), not a way aicheck is built or shipped: the tree is copied to a temporary folder, the modules in
:data:`HOT` are compiled there with mypyc (part of mypy, in the ``test`` extra; a C compiler is needed),
and ``scripts/benchmark.py`` runs in the copy and in this tree in turn. The medians of each tree's rounds
are printed as a Markdown table. Nothing outside the temporary folder is written.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# the modules a large machine's scan spends its Python time in (cProfile, scripts/benchmark.py --breakdown);
# compiled as one group. Left out: modules mypyc cannot compile as written (channels/base.py's runtime
# Protocol) and packages whose __init__ would import a half-made group (a cycle of compiled imports)
HOT = (
    "tui/core/machine.py",
    "tui/core/locations.py",
    "tui/core/bounded_read.py",
    "tui/core/channels/path.py",
    "tui/core/channels/npm.py",
    "tui/core/channels/npm_versions.py",
    "tui/core/channels/readers.py",
    "tui/core/channels/browser.py",
    "tui/core/channels/vscode.py",
    "tui/core/channels/python.py",
    "tui/core/agents/identity.py",
    "tui/core/agents/redact.py",
    "tui/core/agents/mcp.py",
    "tui/core/agents/extensions.py",
    "tui/core/conditions.py",
    "tui/core/startup.py",
    "tui/core/startup_reading.py",
    "tui/core/sourced_files.py",
    "tui/core/leading_names.py",
    "tui/core/shell_variables.py",
    "tui/core/surface_policy.py",
    "tui/core/text.py",
    "tui/core/urls.py",
    "tui/core/versions.py",
)


def compiled_copy(into: Path) -> None:
    """This tree's package, pack and scripts in ``into``, with :data:`HOT` compiled in place."""
    # tests/fixtures/layouts too: the large machine replays the installers' recorded layouts from there (without
    # them the copy scanned a smaller machine, 181 folders and 137 files against 229 and 179)
    for name in ("tui", "content", "scripts", "tests/fixtures/layouts"):
        shutil.copytree(REPO / name, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    # no pyproject.toml in the copy: mypyc's build reads none, and compiles with mypy's defaults
    done = subprocess.run([sys.executable, "-m", "mypyc", *HOT], cwd=into, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
        raise SystemExit(f"mypyc could not compile the hot modules (exit {done.returncode}):\n{tail}")


def one_run(tree: Path, runs: int) -> dict[str, float]:
    """The large machine's scan, floor and ratio from one ``benchmark.py`` run in ``tree``."""
    done = subprocess.run(
        [sys.executable, "scripts/benchmark.py", "--runs", str(runs)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(done.stderr.strip().splitlines()[-1])["rows"]  # benchmark.py puts its data there
    large = next(r for r in rows if r[0] == "large")
    return {
        "scan": large[3] * 1000,
        "floor": large[4] * 1000,
        "ratio": large[3] / large[4],
        "folders": large[1],
        "files": large[2],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="runs of benchmark.py in each tree, in turn")
    ap.add_argument("--runs", type=int, default=9, help="benchmark.py --runs")
    args = ap.parse_args()
    try:
        import mypyc  # noqa: F401
    except ImportError:
        print("mypyc is not installed: pip install -e '.[test]' (it comes with mypy)", file=sys.stderr)
        return 2
    results: dict[str, list[dict[str, float]]] = {"as shipped": [], "hot modules compiled (mypyc)": []}
    with tempfile.TemporaryDirectory(prefix="aicheck-compiled-") as tmp:
        copy = Path(tmp)
        compiled_copy(copy)
        for _ in range(args.rounds):
            results["as shipped"].append(one_run(REPO, args.runs))
            results["hot modules compiled (mypyc)"].append(one_run(copy, args.runs))
    scanned = {(r["folders"], r["files"]) for rounds in results.values() for r in rounds}
    if len(scanned) != 1:  # the trees built different machines: their ratios would not compare
        print(f"the trees scanned different machines (folders, files): {sorted(scanned)}", file=sys.stderr)
        return 1
    print(f"Large machine, median of {args.rounds} rounds (each the median of {args.runs} scans)\n")
    folders, files = scanned.pop()
    print(f"The scan listed {folders} folders and read {files} files in both trees.\n")
    # each round's ratio is measured side by side in one process (its floor on the same files): the fair
    # comparison between the trees, whose runs each build their own machine
    print("| code | scan | floor | ratio | each round's ratio |")
    print("|---|---|---|---|---|")
    for label, rounds in results.items():
        md = {k: statistics.median(r[k] for r in rounds) for k in ("scan", "floor", "ratio")}
        each = ", ".join(f"{r['ratio']:.2f}x" for r in rounds)
        print(f"| {label} | {md['scan']:.1f} ms | {md['floor']:.1f} ms | {md['ratio']:.2f}x | {each} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
