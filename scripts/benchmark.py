"""Benchmark: scan time, peak memory and the ratio to a floor, on synthetic machines.

    python scripts/benchmark.py            # small + large machine, prints a Markdown table
    python scripts/benchmark.py --runs 9   # more runs per measurement (medians are reported)

The *floor* lists exactly the folders the scan listed and reads exactly the files it read, with plain
``os.scandir`` and ``open``: no scanner can do less I/O than that. Targets (from the project's issues):
the large machine scans within 2x of the floor and under 80 MiB, and adding unrelated files to the home
does not change the scan time (the scan never walks the home).

Measurements are taken side by side in one run, alternating, and medians are quoted; this is a
benchmark, not a test, and its numbers go in the README. The app's start-up is measured by
``scripts/bench_startup.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tui.core.content import load_pack  # noqa: E402
from tui.core.scanner import scan  # noqa: E402
from tui.demo.synthetic import SyntheticMachine  # noqa: E402
from tui.paths import bundled_content_dir  # noqa: E402


def build_small(root: Path) -> SyntheticMachine:
    from tui.demo import build_demo

    return build_demo(root)


def build_large(root: Path, unrelated_files: int = 0) -> SyntheticMachine:
    m = SyntheticMachine(root, "linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    m.native(m.h(".local/share/claude/versions"), "2.1.250", link=m.h(".local/bin/claude"))
    m.vscode_extension("github.copilot", "1.300.0")
    m.python("aider-chat", "0.86.2", bin_name="aider")
    m.jetbrains_plugin("com.github.copilot", "1.5.60", "github-copilot-intellij")
    # thousands of unrelated executables spread over several PATH folders
    for d in range(6):
        folder = f"/opt/tools{d}/bin"
        m.add_to_path(folder)
        host = m.host(folder)
        host.mkdir(parents=True, exist_ok=True)
        for i in range(700):
            (host / f"tool{d}-{i}").write_bytes(b"#!/bin/sh\n")
    add_installed_packages(m)
    add_browser_profiles(m)
    add_recorded_layouts(m)
    add_agent_configs(m)
    add_unrelated(m, unrelated_files)
    return m


def add_installed_packages(m: SyntheticMachine) -> None:
    """The large machine's unrelated packages: npm globals in two Node versions, editor extensions,
    JetBrains plugins and Python distributions (also one user's home in scripts/bench_osquery.py)."""
    # hundreds of npm globals in several Node versions
    for node in ("20.11.0", "22.11.0"):
        for i in range(250):
            m.npm(f"unrelated-pkg-{i}", "1.0.0", manager="nvm", node=node)
        for i in range(40):
            m.npm(f"@scope{i}/lib", "2.0.0", manager="nvm", node=node)
    # many editor extensions across editors
    for root_name in (".vscode/extensions", ".cursor/extensions"):
        for i in range(150):
            m.vscode_extension(f"publisher{i}.ext{i}", "1.0.0", root=root_name)
    # JetBrains plugins in several IDEs
    for ide in ("PyCharm2025.2", "IntelliJIdea2025.2", "GoLand2025.2"):
        base = m.h(f".local/share/JetBrains/{ide}")
        for i in range(120):
            m.write(f"{base}/plugin-{i}/lib/plugin-{i}.jar", b"PK\x05\x06" + b"\x00" * 18)
    # Python distributions
    site = m.h(".local/lib/python3.12/site-packages")
    for i in range(600):
        m.write(f"{site}/package_{i}-1.0.{i}.dist-info/METADATA", f"Name: package-{i}\nVersion: 1.0.{i}\n")


def add_browser_profiles(m: SyntheticMachine, profiles: int = 10, per_profile: int = 60) -> None:
    """Chrome profiles with many extensions each (one of them an AI extension the catalog knows), and
    Preferences padded with other settings the way real ones are."""
    import json

    letters = "abcdefghijklmnop"
    for p in range(profiles):
        profile = "Default" if p == 0 else f"Profile {p}"
        for i in range(per_profile - 1):
            n = p * per_profile + i
            ext_id = "".join(letters[(n >> (4 * k)) & 15] for k in range(8)) * 4
            m.chromium_extension(ext_id, f"1.{i}.0", profile=profile, name=f"Extension {n}")
        m.chromium_extension(
            "fcoeoabgfenejglbffodgkkbkcdhcgfn",
            "1.0.81",
            profile=profile,
            name="Claude",
            host_permissions=("<all_urls>",),
        )
        prefs = m.host(m.chromium_profile_dir(profile) + "/Preferences")
        data = json.loads(prefs.read_text())
        data["padding"] = {f"pref_{k}": {"value": "x" * 40, "flags": [1, 2, 3]} for k in range(1500)}
        prefs.write_text(json.dumps(data))


def add_recorded_layouts(m: SyntheticMachine) -> None:
    """The layouts real installers wrote (tests/fixtures/layouts: npm, pnpm 10 and 12, bun, yarn, pipx, uv),
    plus many unrelated pnpm 11+ global installs, each a folder and a hash-named link beside it."""
    for path in sorted((REPO / "tests" / "fixtures" / "layouts").glob("*.json")):
        m.recorded_layout(json.loads(path.read_text()))
    pnpm = m.h(".local/share/pnpm")
    for i in range(150):
        ident = f"{i:04x}-18ea95f0d08a8e04-0"
        store = f"store/v11/links/unrelated-{i}/1.0.0/{i:064x}/node_modules/unrelated-{i}"
        m.write_json(f"{pnpm}/{store}/package.json", {"name": f"unrelated-{i}", "version": "1.0.0"})
        m.symlink(f"{pnpm}/global/v11/{ident}/node_modules/unrelated-{i}", f"../../../../../{store}")
        m.symlink(f"{pnpm}/global/v11/{i:064x}", ident)


def add_agent_configs(m: SyntheticMachine, servers: int = 200, skills: int = 100) -> None:
    """``servers`` MCP servers spread over the clients' config files, and ``skills`` SKILL.md folders."""
    files = [
        (m.h(".claude.json"), "mcpServers"),
        (m.h(".cursor/mcp.json"), "mcpServers"),
        (m.h(".codeium/windsurf/mcp_config.json"), "mcpServers"),
        (m.h(".config/Code/User/mcp.json"), "servers"),
        (m.h(".gemini/settings.json"), "mcpServers"),
        (m.h(".kiro/settings/mcp.json"), "mcpServers"),
        (m.h(".aws/amazonq/mcp.json"), "mcpServers"),
        (m.h(".config/Claude/claude_desktop_config.json"), "mcpServers"),
    ]
    tables: list[dict] = [{} for _ in files]
    for i in range(servers):
        entry = (
            {
                "command": "npx",
                "args": ["-y", f"@scope{i}/mcp-server@1.0.{i}", f"--token=t{i}"],
                "env": {"API_KEY": f"k{i}"},
            }
            if i % 3
            else {"type": "http", "url": f"https://mcp{i}.example.com/mcp", "headers": {"Authorization": "x"}}
        )
        tables[i % len(files)][f"server-{i}"] = entry
    for (path, key), table in zip(files, tables, strict=False):
        m.write_json(path, {key: table})
    for i in range(skills):
        m.write(
            m.h(f".claude/skills/skill-{i}/SKILL.md"),
            f"---\nname: skill-{i}\ndescription: Skill {i}\n---\n" + "Body text.\n" * 50,
        )


def swell_claude_json(m: SyntheticMachine, mib: int) -> None:
    """Give ``~/.claude.json`` a prompt history of about ``mib`` MiB over 20 projects, as heavy users' files
    have (pasted texts and all): the scan reads it in pieces, without the history."""
    path = m.host(m.h(".claude.json"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    pasted = 'def handle(request):\n    """Return the "user" record."""\n\treturn db.get(request.args["id"])\n' * 60
    entry = {"display": "why does this fail? " * 4, "pastedContents": {"1": {"type": "text", "content": pasted}}}
    per_project = max(1, mib * 1024 * 1024 // 20 // len(json.dumps(entry)))
    doc["projects"] = {m.h(f"src/p{i}"): {"history": [entry] * per_project, "mcpServers": {}} for i in range(20)}
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def add_workspaces(m: SyntheticMachine, count: int) -> None:
    """``count`` folders VS Code has opened (its workspaceStorage names each), a third with workspace settings:
    each is looked in for its MCP servers and the settings the conditions name."""
    for i in range(count):
        folder = m.h(f"src/proj{i}")
        m.write_json(f"{m.ud}/Code/User/workspaceStorage/{i:032x}/workspace.json", {"folder": f"file://{folder}"})
        m.write(folder + "/README.md", "A project.\n")
        if i % 3 == 0:
            m.write_json(folder + "/.vscode/settings.json", {"editor.tabSize": 2})


def add_unrelated(m: SyntheticMachine, count: int) -> None:
    """Project files in the home: a scan that walked the home would slow down with these."""
    for i in range(count):
        m.write(m.h(f"projects/p{i // 500}/src/module_{i}.py"), "print('hello')\n")


def build_big_pack(folder: Path, tools: int) -> Path:
    """The bundled pack with ``tools`` extra tools in the catalog, each with a conditional rule in the policy."""
    import shutil

    shutil.copytree(bundled_content_dir(), folder)
    catalog, policy = [], []
    for i in range(tools):
        catalog += [
            "",
            "[[tool]]",
            f'id = "bench-tool-{i}"',
            f'name = "Bench tool {i}"',
            'vendor = "Bench"',
            'category = "coding-agent"',
            f'npm = ["bench-tool-{i}"]',
            f'executables = ["bench-tool-{i}"]',
        ]
        policy += [
            "",
            f"[tools.bench-tool-{i}]",
            'status = "conditional"',
            'rationale = "Benchmark."',
            f"[[tools.bench-tool-{i}.conditions]]",
            'id = "ack"',
            'text = "I confirm the rules."',
            "attest = true",
        ]
    with open(folder / "catalog.toml", "a", encoding="utf-8") as fh:
        fh.write("\n".join(catalog) + "\n")
    with open(folder / "policy.toml", "a", encoding="utf-8") as fh:
        fh.write("\n".join(policy) + "\n")
    return folder


def floor(report) -> None:
    floor_of(report.audit.dirs_listed, report.audit.paths_read)


def floor_decoding(report) -> None:
    """:func:`floor`, and each JSON file read decoded as much as a scanner must: a browser's Preferences only
    its ``"settings"`` tables (what the scan decodes of them: the rest is browsing state nobody needs), every
    other JSON file whole (``json.loads``; a file that is not JSON fails at once). The work no scanner that
    reads the extension settings and the MCP configs can leave out."""
    floor_of(report.audit.dirs_listed, [])
    decoder = json.JSONDecoder()
    for path in report.audit.paths_read:
        with open(path, "rb") as fh:
            data = fh.read()
        if path.endswith("Preferences"):
            text = data.decode("utf-8", "replace")
            at = text.find('"settings"')
            while at >= 0:
                start = text.find("{", at)
                if start >= 0 and not text[at + 10 : start].strip(" :\n\t"):
                    try:
                        decoder.raw_decode(text, start)
                    except ValueError:
                        pass
                at = text.find('"settings"', at + 10)
            continue
        try:
            json.loads(data)
        except ValueError:
            pass


def breakdown(machine, pack, runs: int) -> list[tuple[str, float, float]]:
    """Where the large machine's scan time goes: each channel and each part of the agent surface, timed on
    its own (in scan order, one audited Disk per run as in a scan), beside the floor of the folders it listed
    and the files it read first (a folder or file an earlier part already read is that part's cost)."""
    samples: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        for label, spent, fl in _parts_once(machine, pack):
            samples.setdefault(label, []).append((spent, fl))
    return [
        (label, statistics.median(s for s, _ in pairs), statistics.median(f for _, f in pairs))
        for label, pairs in samples.items()
    ]


def _parts_once(machine, pack) -> list[tuple[str, float, float]]:
    from tui.core.agents.extensions import scan_extensions
    from tui.core.agents.mcp import scan_mcp, scan_plugin_servers
    from tui.core.agents.models import Surface
    from tui.core.channels import NAMES
    from tui.core.channels.base import Context
    from tui.core.channels.registry import channel
    from tui.core.machine import Disk
    from tui.core.models import Audit
    from tui.core.surface_judge import judge_surface

    audit = Audit()
    disk = Disk(machine, audit)
    ctx = Context(disk, machine, pack.catalog)
    found: dict = {}
    parts = [(f"channel {name}", lambda name=name: channel(name).scan(ctx)) for name in NAMES]
    parts += [
        ("agent skills, plugins, hooks", lambda: found.setdefault("ext", scan_extensions(disk))),
        ("MCP servers", lambda: found.setdefault("mcp", scan_mcp(disk) + scan_plugin_servers(disk, found["ext"]))),
        ("judging the agent surface", lambda: judge_surface(pack, Surface(found["mcp"], found["ext"]))),
    ]
    out = []
    for label, fn in parts:
        d0, f0 = len(audit.dirs_listed), len(audit.paths_read)
        t0 = time.perf_counter()
        fn()
        spent = time.perf_counter() - t0
        t0 = time.perf_counter()
        floor_of(audit.dirs_listed[d0:], audit.paths_read[f0:])
        out.append((label, spent, time.perf_counter() - t0))
    return out


def scan_without_containment(machine, pack):
    """The scan with symbolic links left to the operating system: Disk's walk (each path component resolved
    inside the root, a ``readlink`` for each name no listing vouches for) returns paths as written. Not a
    scan aicheck would ever make (an absolute link would lead out of a disk image); a bound for how much
    trusting the kernel could save (``--bound``)."""
    import tui.core.scanner as scanner_module
    from tui.core.machine import Disk, _normal

    class KernelLinks(Disk):
        def _walk(self, path: str) -> tuple[str, bool]:
            return _normal(path), False

        def _walk_normal(self, path: str) -> tuple[str, bool]:
            return path, False

    saved = scanner_module.Disk
    scanner_module.Disk = KernelLinks  # type: ignore[misc]
    try:
        return scan(machine, pack)
    finally:
        scanner_module.Disk = saved  # type: ignore[misc]


def floor_of(dirs: list[str], files: list[str]) -> None:
    for folder in dirs:
        with os.scandir(folder) as it:
            for entry in it:
                entry.is_dir()
    for path in files:
        with open(path, "rb") as fh:
            fh.read()


def timed_pair(first, second, runs: int) -> tuple[float, float, float, float]:
    """Medians of ``first`` and ``second``, run in turn ``runs`` times each: wall-clock time, then the
    process's CPU time (which time spent waiting for a core shared with other work does not inflate)."""
    a, b, ca, cb = [], [], [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        first()
        a.append(time.perf_counter() - t0)
        ca.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        second()
        b.append(time.perf_counter() - t0)
        cb.append(time.process_time() - c0)
    md = statistics.median
    return md(a), md(b), md(ca), md(cb)


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def peak_rss_mib(m: SyntheticMachine) -> float:
    """Peak resident memory of a fresh ``aicheck scan --json`` process on this machine.

    Linux's ``VmHWM`` (the process image's own high-water mark), not ``ru_maxrss``: that one keeps the
    high-water mark of the copy of this benchmark process the child was forked from, so it said at least what
    this process held (tens of MiB of built machines, and more with the swollen ~/.claude.json)."""
    code = (
        "import io, contextlib, resource, sys\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({['scan', '--json', *m.cli_args()]!r})\n"
        "try:\n"
        "    hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
        "    print(int(hwm.split()[1]) * 1024)\n"
        "except OSError:  # no /proc: ru_maxrss is in bytes on macOS, in KiB elsewhere\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    print(peak if sys.platform == 'darwin' else peak * 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--unrelated", type=int, default=30000, help="unrelated project files for the home test")
    ap.add_argument("--pack-tools", type=int, default=8000, help="extra tools in the large-pack parsing case")
    ap.add_argument("--breakdown", action="store_true", help="also time each part of the large machine's scan")
    ap.add_argument("--workspaces", type=int, default=300, help="VS Code workspaces in the last-but-one case")
    ap.add_argument("--swollen", type=int, default=64, help="MiB of prompt history in ~/.claude.json, last case")
    ap.add_argument(
        "--bound", action="store_true", help="also time the large scan with links left to the OS (no containment)"
    )
    args = ap.parse_args()
    pack = load_pack(bundled_content_dir())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small = build_small(tmp / "small")
        large = build_large(tmp / "large")
        for name, m in (("small (demo machine)", small), ("large", large)):
            machine = m.machine()
            report = scan(machine, pack)
            # alternate scan and floor run by run, so both see the same cache state and the same load
            scan_t, floor_t, scan_cpu, floor_cpu = timed_pair(
                lambda machine=machine: scan(machine, pack), lambda report=report: floor(report), args.runs
            )
            rows.append(
                (
                    name,
                    len(report.audit.dirs_listed),
                    len(report.audit.paths_read),
                    scan_t,
                    floor_t,
                    scan_cpu,
                    floor_cpu,
                    peak_rss_mib(m),
                )
            )
            print(
                f"{name}: {len(report.surface.servers)} MCP servers, {len(report.surface.extensions)} agent extensions",
                file=sys.stderr,
            )
        parts = breakdown(large.machine(), pack, args.runs) if args.breakdown else []
        bound = None
        if args.bound:  # side by side: the scan, the scan without containment, the floor
            lm = large.machine()
            report = scan(lm, pack)
            walked, kernel, _, _ = timed_pair(
                lambda: scan(lm, pack), lambda: scan_without_containment(lm, pack), args.runs
            )
            floor_t = timed(lambda: floor(report), args.runs)
            bound = (walked, kernel, floor_t)
        lm = large.machine()
        large_report = scan(lm, pack)
        decoded = timed_pair(lambda: scan(lm, pack), lambda: floor_decoding(large_report), args.runs)[:2]
        base_t = timed(lambda: scan(large.machine(), pack), args.runs)
        add_unrelated(large, args.unrelated)
        os.sync()  # the 30,000 new files are written back now, not while the scan after them is timed
        more_t = timed(lambda: scan(large.machine(), pack), args.runs)
        from tui.core.content import read_pack

        big_pack = build_big_pack(tmp / "big-pack", args.pack_tools)
        problems = read_pack(big_pack)[1]
        if problems:
            raise SystemExit("the benchmark pack does not validate: " + "; ".join(map(str, problems[:3])))
        pack_t = timed(lambda: read_pack(big_pack), max(1, args.runs // 3))
        add_workspaces(large, args.workspaces)
        ws_machine = large.machine()
        ws_report = scan(ws_machine, pack)
        ws_t, ws_floor, _, _ = timed_pair(lambda: scan(ws_machine, pack), lambda: floor(ws_report), args.runs)
        swell_claude_json(large, args.swollen)
        swollen_size = large.host(large.h(".claude.json")).stat().st_size / 2**20
        swollen_report = scan(large.machine(), pack)
        if swollen_report.surface.unchecked:
            raise SystemExit(f"the swollen ~/.claude.json was not checked: {swollen_report.surface.unchecked}")
        swollen_t, swollen_floor, _, _ = timed_pair(
            lambda: scan(large.machine(), pack), lambda: floor(swollen_report), max(1, args.runs // 3)
        )
        swollen_rss = peak_rss_mib(large)

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {args.runs} runs\n")
    print("| machine | folders listed | files read | scan | floor | ratio | ratio of CPU time | peak RSS (process) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, dirs, files, s, f, sc, fc, rss in rows:
        print(
            f"| {name} | {dirs} | {files} | {s * 1000:.1f} ms | {f * 1000:.1f} ms | {s / f:.2f}x | "
            f"{sc * 1000:.1f} / {fc * 1000:.1f} ms = {sc / fc:.2f}x | {rss:.0f} MiB |"
        )
    print(
        f"\nLarge machine against a floor that also decodes the JSON the scan must (each JSON file whole, of a "
        f"browser's Preferences its extension settings tables alone): "
        f"{decoded[0] * 1000:.1f} ms against {decoded[1] * 1000:.1f} ms, {decoded[0] / decoded[1]:.2f}x."
    )
    print(
        f"\nLarge machine, before and after adding {args.unrelated} unrelated files to the home: "
        f"{base_t * 1000:.1f} ms vs {more_t * 1000:.1f} ms (ratio {more_t / base_t:.2f})."
    )
    print(
        f"\nParsing and checking a pack with {args.pack_tools} extra tools (catalog and policy): "
        f"{pack_t * 1000:.0f} ms (target: under a second; parsing is linear in the pack's size)."
    )
    print(
        f"\nLarge machine with {args.workspaces} folders VS Code has opened (a third with workspace settings): "
        f"{ws_t * 1000:.1f} ms against a floor of {ws_floor * 1000:.1f} ms ({ws_t / ws_floor:.2f}x), "
        f"{len(ws_report.audit.dirs_listed)} folders listed and {len(ws_report.audit.paths_read)} files read."
    )
    print(
        f"\nLarge machine whose ~/.claude.json holds {swollen_size:.0f} MiB of prompt history (read in pieces, without "
        f"it): {swollen_t * 1000:.0f} ms against a floor of {swollen_floor * 1000:.0f} ms, peak RSS {swollen_rss:.0f} MiB."
    )
    if bound:
        walked, kernel, floor_t = bound
        print(
            f"\nLarge machine, links left to the OS (no containment walk): {kernel * 1000:.1f} ms against "
            f"{walked * 1000:.1f} ms with it; floor {floor_t * 1000:.1f} ms: {kernel / floor_t:.2f}x and "
            f"{walked / floor_t:.2f}x."
        )
    if parts:
        print("\nLarge machine, part by part (each beside the floor of what it listed and read first):\n")
        print("| part | time | floor | over the floor |")
        print("|---|---|---|---|")
        for label, spent, fl in sorted(parts, key=lambda p: p[2] - p[1]):
            if spent >= 0.0001:
                print(f"| {label} | {spent * 1000:.2f} ms | {fl * 1000:.2f} ms | {(spent - fl) * 1000:.2f} ms |")
        total, total_floor = sum(p[1] for p in parts), sum(p[2] for p in parts)
        print(
            f"| all parts | {total * 1000:.1f} ms | {total_floor * 1000:.1f} ms | {(total - total_floor) * 1000:.1f} ms |"
        )
    print(json.dumps({"rows": rows}, default=str), file=sys.stderr)


if __name__ == "__main__":
    main()
