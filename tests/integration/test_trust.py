"""The checker hides nothing: a scan executes nothing, opens no socket, writes nothing, and every file it
reads on the scanned disk is in its own audit list. Proved twice: with Python's audit hooks in-process,
and with the operating system's tracing (strace) around a real ``aicheck scan`` process."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.scanner import scan
from tui.demo import build_demo

REPO = Path(__file__).resolve().parents[2]

_events: list[tuple[str, tuple]] = []
_recording = False


def _hook(event: str, args: tuple) -> None:
    if _recording and (
        event
        in (
            "open",
            "os.scandir",
            "os.listdir",
            "subprocess.Popen",
            "os.system",
            "os.exec",
            "os.posix_spawn",
            "os.spawn",
            "os.fork",
            "os.startfile",
            "os.remove",
            "os.rename",
            "os.mkdir",
            "os.rmdir",
            "os.symlink",
            "os.chmod",
            "os.truncate",
            "shutil.rmtree",
        )
        or event.startswith("socket.")
    ):
        _events.append((event, args))


sys.addaudithook(_hook)


@pytest.fixture
def busy_machine(tmp_path):
    from support.agents import add_agent_surface

    m = build_demo(tmp_path / "demo")
    add_agent_surface(m)  # MCP configs of every client, plugins, skills and hooks
    # a subagent whose front matter holds a hook and an inline server, and one whose front matter is broken
    m.write(
        m.h(".claude/agents/helper.md"),
        "---\nname: helper\npermissionMode: bypassPermissions\nmcpServers:\n  - x: {command: npx, args: [-y, pkg]}\n"
        "hooks:\n  Stop:\n    - hooks: [{type: command, command: /opt/bin/notify}]\n---\nBody\n",
    )
    m.write(m.h(".claude/agents/team/broken.md"), "---\nname: [\n")
    return m


def test_scan_in_process_touches_only_what_it_reports(busy_machine, pack):
    global _recording
    _events.clear()
    _recording = True
    try:
        report = scan(busy_machine.machine(), pack)
    finally:
        _recording = False
    assert report.findings, "the demo machine has tools"
    kinds = {e for e, _ in _events}
    assert not kinds & {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"}
    assert not any(k.startswith("socket.") for k in kinds)
    assert not kinds & {"os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.symlink", "os.chmod", "os.truncate"}
    root = str(busy_machine.root.resolve())
    opened = set()
    for event, args in _events:
        if event == "open":
            path, mode, flags = args
            path = os.fsdecode(path) if isinstance(path, (bytes, str)) else str(path)
            write = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            assert not write, f"scan opened {path} for writing"
            if path.startswith(root):
                opened.add(path)
    listed = {os.fsdecode(args[0]) for event, args in _events if event in ("os.scandir", "os.listdir")}
    assert opened <= set(report.audit.paths_read)
    # an attempt on a folder that does not exist reads nothing and is not listed in the audit
    assert {p for p in listed if p.startswith(root) and os.path.isdir(p)} <= set(report.audit.dirs_listed)
    assert opened, "the scan read manifests"
    assert len(report.surface.servers) > 20, "the MCP configs were read"
    assert any(p.endswith("/.claude/agents/team/broken.md") for p in opened), "the subagent files were read"


def _strace_works() -> bool:
    if not shutil.which("strace"):
        return False
    proc = subprocess.run(["strace", "-qq", "-e", "trace=execve", "-o", os.devnull, "true"], capture_output=True)
    return proc.returncode == 0


def _scan_under_strace(tmp_path, *scan_args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """``aicheck scan SCAN_ARGS`` under strace (files, network, processes, writes): the process and the trace."""
    trace = tmp_path / "trace.txt"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    cmd = ["strace", "-f", "-qq", "-e", "trace=%file,%network,%process,write", "-o", str(trace)]
    cmd += [sys.executable, "-m", "tui", "scan", *scan_args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    return proc, trace.read_text(errors="replace").splitlines() if trace.exists() else []


@pytest.mark.strace
@pytest.mark.skipif(not _strace_works(), reason="strace is not available or ptrace is not permitted here")
def test_scan_process_under_strace(busy_machine, tmp_path):
    proc, lines = _scan_under_strace(tmp_path, "--json", *busy_machine.cli_args())
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    root = str(busy_machine.root.resolve())

    execs = [ln for ln in lines if re.search(r"\bexecve\(", ln) and "= 0" in ln]
    assert len(execs) == 1, execs  # only the Python interpreter itself
    assert not [ln for ln in lines if re.search(r"\b(clone|fork|vfork|clone3)\(", ln) and "CLONE_THREAD" not in ln], (
        "no child processes"
    )
    assert not [ln for ln in lines if re.search(r"\b(socket|connect|sendto|bind)\(", ln)], "no sockets"
    writes = [
        ln
        for ln in lines
        if re.search(r"\bopenat?\(", ln) and re.search(r"O_WRONLY|O_RDWR|O_CREAT", ln) and "= -1" not in ln
    ]
    assert writes == [], writes
    mutations = [
        ln
        for ln in lines
        if re.search(
            r"\b(unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|rmdir|"
            r"symlink|chmod|fchmodat|truncate)\(",
            ln,
        )
        and "= -1" not in ln
    ]
    assert mutations == [], mutations

    read_files, listed_dirs = set(), set()
    for ln in lines:
        m = re.search(r'\bopenat\(AT_FDCWD, "([^"]+)", ([A-Z_|]+)', ln)
        if not m or "= -1" in ln or not m.group(1).startswith(root):
            continue
        (listed_dirs if "O_DIRECTORY" in m.group(2) else read_files).add(m.group(1))
    assert read_files, "the scan read manifests under the scanned root"
    assert read_files <= set(report["audit"]["paths_read"]), read_files - set(report["audit"]["paths_read"])
    assert listed_dirs <= set(report["audit"]["dirs_listed"]), listed_dirs - set(report["audit"]["dirs_listed"])


@pytest.mark.strace
@pytest.mark.skipif(not _strace_works(), reason="strace is not available or ptrace is not permitted here")
def test_the_live_check_asks_no_daemon_for_the_account_and_lists_the_password_file(tmp_path):
    """On this machine `check` compares the home with the account's. The C library's lookup of the account
    read its own settings (nsswitch.conf) and tried nscd's socket, none of it in the audit, though aicheck
    opens no socket: the password file is read by aicheck itself and listed (`own_files_read`)."""
    from tui.core.machine import PASSWD

    try:
        held = any(line.split(":")[2:3] == [str(os.getuid())] for line in Path(PASSWD).read_text().splitlines())
    except OSError:
        held = False
    if not held:
        pytest.skip("this account is not in /etc/passwd: only the C library can look it up")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    for output in ((), ("--json",)):  # the text's first line says whether the home is the account's
        trace = tmp_path / "trace.txt"
        cmd = ["strace", "-f", "-qq", "-e", "trace=%file,%network", "-o", str(trace), sys.executable, "-m", "tui"]
        cmd += ["check", *output, "--content", "example", "--home", str(home)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
        lines = trace.read_text(errors="replace").splitlines()
        assert not [ln for ln in lines if re.search(r"\b(socket|connect|sendto|bind)\(", ln)], "no sockets"
        assert not [ln for ln in lines if "nsswitch.conf" in ln]
        opened = any(re.search(r'\bopenat\(AT_FDCWD, "/etc/passwd"', ln) and "= -1" not in ln for ln in lines)
        if output:
            own = json.loads(proc.stdout)["audit"]["own_files_read"]
            assert opened == ("/etc/passwd" in own), own
        else:
            assert "not yours" in proc.stdout.splitlines()[0]


@pytest.mark.skipif(not _strace_works(), reason="strace is not available or ptrace is not permitted here")
def test_every_user_scan_under_strace(tmp_path):
    """``scan --all-users`` as root would run it: no exec, no socket, no write; every file opened under the root
    is in a user's audit or the users audit; a user's links to another home or to a secret are never followed."""
    from support.fleet import SECRET, add_user_grants, build_users_machine
    from support.grants import new_key

    disk = tmp_path / "disk"
    build_users_machine(disk)
    add_user_grants(disk, new_key(tmp_path / "keys")[0])  # each user's own grants are read too
    proc, lines = _scan_under_strace(tmp_path, "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    root = str(disk.resolve())
    assert len([ln for ln in lines if re.search(r"\bexecve\(", ln) and "= 0" in ln]) == 1
    assert not [ln for ln in lines if re.search(r"\b(socket|connect|sendto|bind)\(", ln)], "no sockets"
    assert not [
        ln
        for ln in lines
        if re.search(r"\bopenat?\(", ln) and re.search(r"O_WRONLY|O_RDWR|O_CREAT", ln) and "= -1" not in ln
    ]
    read = set(data["users_audit"]["paths_read"])
    listed = set(data["users_audit"]["dirs_listed"])
    for u in data["users"]:
        read |= set(u["report"]["audit"]["paths_read"])
        listed |= set(u["report"]["audit"]["dirs_listed"])
    opened_files, opened_dirs = set(), set()
    for ln in lines:
        m = re.search(r'\bopenat\(AT_FDCWD, "([^"]+)", ([A-Z_|]+)', ln)
        if not m or "= -1" in ln or not m.group(1).startswith(root):
            continue
        (opened_dirs if "O_DIRECTORY" in m.group(2) else opened_files).add(m.group(1))
    assert root + "/etc/passwd" in opened_files
    assert opened_files <= read, opened_files - read
    assert opened_dirs <= listed, opened_dirs - listed
    secret_or_ada_from_bob = [
        p for p in opened_files | opened_dirs if p == root + SECRET or p.startswith(root + "/home/bob/.vscode")
    ]
    assert secret_or_ada_from_bob == []
    assert not [ln for ln in lines if SECRET in ln and re.search(r"\bopenat\(", ln)], "the secret is never opened"
    assert root + "/home/ada/.config/aicheck/config.toml" in opened_files
    assert not [p for p in opened_files if p.startswith(root + "/srv/")], "a grant linked out of bob's home"


def _mutations(lines: list[str]) -> list[str]:
    """What a trace shows written, created, renamed or removed (attempts that failed left out)."""
    changed = re.compile(r"\b(unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|rmdir|symlink|chmod|fchmodat|truncate)\(")
    opened = re.compile(r"\bopenat?\(.*(O_WRONLY|O_RDWR|O_CREAT)")
    return [ln for ln in lines if (changed.search(ln) or opened.search(ln)) and "= -1" not in ln]


@pytest.mark.strace
@pytest.mark.skipif(not _strace_works(), reason="strace is not available or ptrace is not permitted here")
def test_a_scan_with_a_local_pack_archive_writes_nothing(busy_machine, tmp_path, monkeypatch):
    """Red team: `check --content p.tar.gz` unpacked the archive into the cache on every run (a tmp-in-* folder,
    the archive copied, state.json written, renamed, removed): a scan writes nothing. The archive is read and
    verified in memory; the one write left is the record of a newer version of the configured signed pack
    (rollback protection), made once, atomically, and never again for the same version."""
    from tui.core.signing import generate_key, sign_file
    from tui.packs.archive import build_archive
    from tui.paths import bundled_content_dir

    archive = tmp_path / "p.tar.gz"
    build_archive(bundled_content_dir(), archive)
    proc, lines = _scan_under_strace(tmp_path, "--json", "--content", str(archive), *busy_machine.cli_args())
    assert proc.returncode == 0, proc.stderr
    assert _mutations(lines) == [] and not [ln for ln in lines if re.search(r"\b(socket|connect)\(", ln)]

    public = generate_key(tmp_path / "k.pem")
    sign_file(archive, tmp_path / "k.pem")
    Path(os.environ["AICHECK_CONFIG"]).write_text(f'[content]\nurl = "{archive}"\npublic_key = "{public}"\n')
    monkeypatch.delenv("AICHECK_CONTENT", raising=False)  # the configured pack
    proc, lines = _scan_under_strace(tmp_path, "--json", *busy_machine.cli_args())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["policy"]["pack"]["signature_verified"] is True
    seen = Path(os.environ["AICHECK_CACHE_DIR"]) / "packs" / "versions-seen.json"
    written = {m.group(1) for ln in _mutations(lines) if (m := re.search(r'"([^"]+)"', ln))}
    cache = seen.parent.parent  # made for the record when it was not there: the cache, its packs folder, the file
    assert written and all(p in (str(cache), str(seen.parent)) or Path(p).parent == seen.parent for p in written)
    assert seen.is_file() and [p for p in seen.parent.iterdir()] == [seen]  # no slot, no temporary file
    proc, lines = _scan_under_strace(tmp_path, "--json", *busy_machine.cli_args())
    assert proc.returncode == 0 and _mutations(lines) == [], _mutations(lines)
