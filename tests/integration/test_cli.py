"""The command line as scripts and fleet tools use it: output streams, JSON shape, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.paths import bundled_content_dir

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dirty(machine_factory):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.120", bin_name="claude")
    m.vscode_extension("github.copilot", "1.300.0")
    return m


@pytest.fixture
def clean(machine_factory):
    m = machine_factory("linux", name="clean")
    m.vscode_extension("github.copilot", "1.300.0")
    return m


def test_scan_json_report_shape(capsys, dirty):
    code, out, _err = run(capsys, "scan", "--json", *dirty.cli_args())
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "aicheck.scan/1"
    assert set(data) >= {"host", "policy", "tools", "audit", "summary"}
    assert data["policy"]["name"] == "Example Corp" and len(data["policy"]["sha256"]) == 64
    assert data["host"] == {
        "platform": "linux",
        "root": str(dirty.root.resolve()),
        "home": "/home/ada",
        "search_path": dirty.search_path,
        "hostname": None,
        "home_source": "--root",  # how the home was chosen: a disk image's
        "search_path_source": "--search-path",  # and the search path: given on the command line
        "search_path_missing": [],
        "scanned_as": {"uid": os.geteuid(), "root": os.geteuid() == 0, "own_home": False},  # who ran it
    }
    tools = {t["id"]: t for t in data["tools"]}
    claude = tools["claude-code"]
    assert claude["verdict"] == "prohibited" and claude["action_required"]
    assert {i["channel"] for i in claude["installs"]} == {"npm", "path"}
    assert all(set(i) >= {"channel", "version", "path"} for i in claude["installs"])
    assert [a["id"] for a in claude["advisories"]] == ["AICHECK-2026-0001"]
    assert [a["id"] for a in claude["alternatives"]] == ["github-copilot"]
    assert tools["github-copilot"]["verdict"] == "approved"
    assert data["summary"]["prohibited"] == 1 and data["summary"]["approved"] == 1
    root = str(dirty.root.resolve())
    assert data["audit"]["paths_read"] and all(p.startswith(root) for p in data["audit"]["paths_read"])
    assert all(p.startswith(root) for p in data["audit"]["dirs_listed"])


def test_scan_table_and_explain(capsys, dirty):
    code, out, _err = run(capsys, "scan", *dirty.cli_args())
    assert code == 0 and "Claude Code" in out and "prohibited" in out and "\x1b[" not in out
    code, out, _err = run(capsys, "scan", "--explain", *dirty.cli_args())
    assert "AICHECK-2026-0001" in out and "executed nothing" in out
    assert "/usr/local/lib/node_modules/@anthropic-ai/claude-code/package.json" in out


def test_check_exit_codes(capsys, dirty, clean, machine_factory):
    code, out, _err = run(capsys, "check", *dirty.cli_args())
    assert code == 1 and "✗ Claude Code" in out and "action required" in out
    code, out, _err = run(capsys, "check", *clean.cli_args())
    # approved, with an attestation not yet confirmed: a warning, still compliant
    assert code == 0 and "! GitHub Copilot" in out and "Please confirm" in out
    clean.executable("ollama")
    code, out, _err = run(capsys, "check", *clean.cli_args())
    assert code == 0 and "✓ Ollama" in out
    empty = machine_factory("linux", name="empty")
    code, out, _err = run(capsys, "check", *empty.cli_args())
    assert code == 0 and "No AI tools found" in out


def test_check_strict_fails_on_unreviewed(capsys, machine_factory):
    m = machine_factory("linux")
    m.npm("@qwen-code/qwen-code", "0.1.0")
    code, out, _ = run(capsys, "check", *m.cli_args())
    assert code == 0 and "Result: compliant (0 tools need action, 1 detected" in out
    code, out, _ = run(capsys, "check", "--strict", *m.cli_args())
    # the count says what failed the gate (it said "action required (0 tools need action" under --strict)
    assert code == 1 and "Result: action required (1 tool needs action, 1 detected" in out, out


def test_check_json_carries_the_gate_result(capsys, dirty):
    code, out, _err = run(capsys, "check", "--json", *dirty.cli_args())
    data = json.loads(out)
    assert code == 1 and data["check"]["exit_code"] == 1 and not data["check"]["compliant"]


def test_usage_error_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--platform", "beos"])
    assert exc.value.code == 2


def test_content_error_exit_2_without_traceback(capsys, tmp_path, clean):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "catalog.toml").write_text("[[tool]]\nid = 'x'\nname = \n")
    (bad / "policy.toml").write_text("")
    code, out, err = run(capsys, "check", "--content", str(bad), *clean.cli_args())
    assert code == 2 and out == ""
    assert "catalog.toml:3:" in err and "Traceback" not in err


def test_content_path_and_env_override(capsys, tmp_path, monkeypatch):
    code, out, _err = run(capsys, "content", "path")
    assert code == 0 and Path(out.strip()) == (REPO / "content")
    monkeypatch.setenv("AICHECK_CONTENT", str(REPO / "content"))
    assert run(capsys, "content", "path")[1].strip() == str(REPO / "content")


def test_global_options_before_the_subcommand_are_kept(capsys, dirty):
    code, _out, _err = run(capsys, *dirty.cli_args(), "check")
    assert code == 1


def test_no_color_and_colour_only_on_terminals(capsys, dirty, monkeypatch):
    from tui.report.style import use_colour

    class Tty:
        def isatty(self):
            return True

    assert use_colour(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())


def _run_cli_in_subprocess(code: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)


def test_scan_and_check_never_import_textual_or_httpx(dirty):
    args = json.dumps(["check", "--json", *dirty.cli_args()])
    proc = _run_cli_in_subprocess(
        "import sys, json, contextlib, io\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(json.loads({args!r}))\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'httpx', 'rich'))\n"
        "print(code, heavy)\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1 []"


def test_console_script_from_another_directory(tmp_path):
    exe = Path(sys.executable).with_name("aicheck")
    if not exe.exists():
        pytest.skip("aicheck console script not installed in this environment")
    proc = subprocess.run(
        [str(exe), "content", "validate", str(REPO / "content")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_check_names_the_exact_removal_commands(capsys, dirty):
    _code, out, _err = run(capsys, "check", *dirty.cli_args())
    assert "update to >=2.1.198, or remove the tool:" in out
    assert "remove: npm uninstall --global @anthropic-ai/claude-code" in out


def test_attest_from_the_command_line_clears_the_warning(capsys, clean):
    code, out, err = run(capsys, "attest", "github-copilot")
    assert code == 0 and "business-seat" in out and "[not confirmed]" in out
    assert run(capsys, "attest", "github-copilot", "business-seat")[0] == 2  # no terminal, no --yes
    code, out, err = run(capsys, "attest", "github-copilot", "business-seat", "--yes")
    assert code == 0 and "Confirmed" in err
    code, out, err = run(capsys, "check", *clean.cli_args())
    assert "✓ GitHub Copilot" in out and "Please confirm" not in out
    assert run(capsys, "attest", "cursor")[0] == 2  # nothing to attest for a banned tool


def test_a_wrong_root_or_home_is_not_silently_clean(capsys, clean):
    code, out, err = run(capsys, "check", "--root", "/nonexistent/disk")
    assert code == 2 and "--root /nonexistent/disk: no such folder" in err and out == ""
    args = clean.cli_args()
    args[args.index("--home") + 1] = "/home/nobody"
    code, out, err = run(capsys, "check", *args)
    assert code == 2 and out == ""
    assert "--home /home/nobody: no such folder inside the image" in err
    assert "homes there: /home/ada (e.g. --home /home/ada, the path inside the image)" in err
    assert len(err.strip().splitlines()) == 1


def test_a_home_written_as_a_host_path_under_root_is_translated(capsys, dirty):
    args = dirty.cli_args()
    args[args.index("--home") + 1] = str(dirty.root / "home" / "ada")
    code, out, err = run(capsys, "check", "--json", *args)
    data = json.loads(out)
    assert code == 1 and data["host"]["home"] == "/home/ada" and err == ""
    assert any(t["id"] == "claude-code" for t in data["tools"])


def test_a_missing_home_on_the_live_machine_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, "check", "--home", str(tmp_path / "nobody"))
    assert code == 2 and out == ""
    assert f"--home {tmp_path / 'nobody'}: no such folder on this machine" in err


def test_another_platform_on_the_live_machine_is_a_usage_error(capsys, tmp_path):
    """Windows folders looked for on a Linux disk are all missing: a scan that finds nothing there must not read
    as compliant. --platform describes a disk image (--root); on the live machine it must match."""
    from tui.core.machine import current_platform

    other = next(p for p in ("linux", "macos", "windows") if p != current_platform())
    code, out, err = run(capsys, "check", "--home", str(tmp_path), "--platform", other)
    assert code == 2 and out == ""
    assert f"--platform {other}: this machine runs {current_platform()}" in err and "--root" in err
    assert run(capsys, "scan", "--home", str(tmp_path), "--platform", current_platform())[0] == 0


@pytest.mark.parametrize("euid", [1000, 0], ids=["an account", "root"])
def test_another_home_on_the_live_machine_is_said_in_the_first_line(capsys, tmp_path, monkeypatch, euid):
    """--home on this machine scans that folder, not the user's own: the report says so (an empty folder gives
    a clean scan, which must never pass silently for the user's). Run by root, the standard folders of that
    home are searched (root's PATH is not its owner's), and that is said too."""
    monkeypatch.setattr(os, "geteuid", lambda: euid)  # who runs the check (the suite's own account may be any)
    code, out, _ = run(capsys, "check", "--home", str(tmp_path))
    said = f" - home {tmp_path}, not yours"
    if euid == 0:
        said += " - the standard folders of that home and the system searched (root's PATH is not its owner's)"
    assert code == 0 and out.splitlines()[0].endswith(said), out
    code, out, _ = run(capsys, "scan", "--home", str(Path.home()))
    assert "not yours" not in out.splitlines()[0]


def test_a_home_set_for_the_check_alone_is_a_usage_error(capsys, tmp_path, monkeypatch):
    """Red team: `HOME=/some/empty/dir aicheck check` checked that empty folder and said compliant. The gate
    judges the account's home (the password database's); another is checked on purpose, with --home."""
    from tui.core.machine import account_home

    account = account_home()
    if account is None or not account.is_dir() or account.resolve() == tmp_path.resolve():
        pytest.skip("no account home to compare with here")
    monkeypatch.setenv("HOME", str(tmp_path))
    code, out, err = run(capsys, "check")
    assert code == 2 and out == ""
    assert f"judges your account's home ({account}), but HOME is {tmp_path}" in err and "--home" in err
    code, out, err = run(capsys, "check", "--root", "/")  # this machine, named: the same refusal
    assert code == 2 and "but HOME is" in err
    code, out, _ = run(capsys, "check", "--home", str(tmp_path))
    assert code == 0 and "not yours" in out.splitlines()[0]  # on purpose, and said


@pytest.mark.parametrize("command", ["check", "scan"])
def test_demo_with_a_command_is_a_usage_error_not_a_scan_of_this_machine(capsys, command):
    code, out, err = run(capsys, "--demo", command)
    assert code == 2 and out == ""
    assert "--demo opens the app on a bundled demo machine and takes no command" in err and command in err


def test_an_image_scanned_as_another_platform_is_a_usage_error(capsys, tmp_path):
    """A mounted Windows disk scanned with Linux folder conventions finds nothing: never a clean bill."""
    image = tmp_path / "image"
    (image / "Windows" / "System32").mkdir(parents=True)
    (image / "Users" / "ada").mkdir(parents=True)
    args = ("--root", str(image), "--home", "/Users/ada", "--search-path", "")
    code, out, err = run(capsys, "check", *args, "--platform", "linux")
    assert code == 2 and out == ""
    assert "the image looks like windows (Windows/System32 exists) but is scanned as linux" in err
    assert "--platform windows" in err
    code, out, _ = run(capsys, "check", *args, "--platform", "windows")
    assert code == 0 and out.splitlines()[0].endswith(f" - disk image {image}")  # never taken for this machine


def test_a_search_path_with_no_existing_folder_is_a_usage_error(capsys, clean):
    args = clean.cli_args()
    args[args.index("--search-path") + 1] = "/opt/none/bin:/nowhere/bin"
    code, out, err = run(capsys, "check", *args)
    assert code == 2 and out == ""
    assert "--search-path /opt/none/bin:/nowhere/bin: none of its folders exists inside the image" in err


def test_a_root_that_is_a_file_is_a_usage_error_for_the_app_too(capsys, tmp_path):
    (tmp_path / "disk.img").write_bytes(b"")
    code, _out, err = run(capsys, "--root", str(tmp_path / "disk.img"))  # the app: fails before the screen
    assert code == 2 and "not a folder" in err
    code, _out, err = run(capsys, "--root", str(tmp_path), "--home", "/home/bob")
    assert code == 2 and "--home /home/bob: no such folder inside the image" in err


def test_scan_errors_show_in_check_output_and_json(clean, pack):
    from tui.core.scanner import scan
    from tui.report import check
    from tui.report.style import Painter

    report = scan(clean.machine(), pack)
    report.errors.append("npm: PermissionError: [Errno 13] Permission denied: '/usr/lib/node_modules'")
    code, text = check.render(report, False, Painter(False))
    assert "! scan error: npm: PermissionError: [Errno 13] Permission denied" in text
    assert "the scan is incomplete: 1 scan error above" in text
    # a failed channel may hide a tool: with no failure found, the gate says "incomplete" (2), never compliant
    assert code == 2 and "Result: incomplete scan" in text
    data = check.check_json(report, False)
    assert data["errors"] == report.errors
    assert data["check"]["exit_code"] == 2 and data["check"]["compliant"] is False


def test_an_unexpected_error_exits_3_with_one_line_and_a_log(capsys, monkeypatch, clean, tmp_path):
    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr("tui.services.session.open_cli_session", broken)  # stands in for any bug in a command
    monkeypatch.setenv("AICHECK_STATE_DIR", str(tmp_path / "state"))
    code, out, err = run(capsys, "check", *clean.cli_args())
    assert code == 3 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("aicheck: internal error, details in ")
    log = Path(line.removeprefix("aicheck: internal error, details in "))
    assert log.parent == tmp_path / "state" / "logs"
    assert "RuntimeError: a bug" in log.read_text("utf-8") and "Traceback" in log.read_text("utf-8")


def test_a_bug_inside_the_app_exits_3_with_one_line_and_a_log(capsys, monkeypatch, clean, tmp_path):
    import argparse

    from tui.app.app import AicheckApp
    from tui.app.main import run_app

    def broken(self):
        raise RuntimeError("a bug in the app")

    monkeypatch.setattr(AicheckApp, "start_scan", broken)  # stands in for any bug in a handler
    monkeypatch.setenv("AICHECK_STATE_DIR", str(tmp_path / "state"))
    args = argparse.Namespace(
        root=str(clean.root),
        home=clean.home,
        platform=clean.platform,
        search_path=":".join(clean.search_path),
        content=None,
        demo=False,
    )
    code = run_app(args, headless=True)
    _out, err = capsys.readouterr()
    assert code == 3
    [line] = err.strip().splitlines()
    log = Path(line.removeprefix("aicheck: internal error, details in "))
    assert log.parent == tmp_path / "state" / "logs" and "RuntimeError: a bug in the app" in log.read_text()


def test_a_crash_log_keeps_the_command_line_without_a_urls_credentials(monkeypatch, tmp_path):
    """A crash log wrote `sys.argv` as it was: a pack named by a URL with a token in it (`--content
    https://user:TOKEN@packs…/p.tar.gz?sig=…`) went into a file the user may attach to a bug report."""
    from tui.crashlog import save_traceback

    monkeypatch.setenv("AICHECK_STATE_DIR", str(tmp_path / "state"))
    url = "https://deploy:CANARY-TOKEN@packs.example.com/p.tar.gz?sig=CANARY-SIG"
    monkeypatch.setattr(sys, "argv", ["aicheck", "check", "--content", url, f"--content={url}"])
    text = Path(save_traceback("a bug")).read_text()
    assert "CANARY" not in text and text.count("https://<redacted>@packs.example.com/…") == 2, text
    assert "'check', '--content'" in text and text.endswith("a bug")


def test_a_relative_home_is_taken_from_the_current_folder(capsys, tmp_path, monkeypatch):
    """A new user: `--home ./relhome` was read from / ("--home /relhome: no such folder")."""
    (tmp_path / "relhome").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # an account's own check (root's adds its search path note)
    code, out, err = run(capsys, "scan", "--home", "./relhome")
    assert code == 0, err
    assert out.splitlines()[0].endswith(f" - home {tmp_path / 'relhome'}, not yours")


@pytest.mark.parametrize("option", ["--home", "--root", "--search-path"])
def test_an_empty_home_or_root_is_a_usage_error_never_the_current_folder(capsys, tmp_path, monkeypatch, option):
    """Red team: `check --home "$UNSET"` took the current folder for the home and said compliant, and
    `--search-path "$UNSET"` searched nowhere (every tool on PATH unseen: compliant)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--content", "example", f"{option}=")
    assert code == 2 and out == "" and f"{option} is empty" in err
    if option == "--search-path":  # also written as separators or white space alone (a tab, a no-break space)
        for blank in ("::", "\t", " \t\n", ":\t:", "\x0b", "\u00a0"):
            code, out, err = run(capsys, "check", "--content", "example", f"{option}={blank}")
            assert code == 2 and out == "" and f"{option} is empty" in err, repr(blank)


@pytest.mark.parametrize("command", ["check", "scan"])
def test_an_empty_content_is_a_usage_error_never_another_pack(capsys, tmp_path, monkeypatch, command):
    """Red team: `check --content "$UNSET"` took the pack from AICHECK_CONTENT or the config (a folder the user
    named: exit 0), where an empty --home is refused; an empty AICHECK_CONTENT is refused the same way."""
    monkeypatch.chdir(tmp_path)
    users = tmp_path / "users-pack"
    shutil.copytree(bundled_content_dir(), users)
    monkeypatch.setenv("AICHECK_CONTENT", str(users))
    with pytest.raises(SystemExit) as exited:  # argparse's usage error, as for any option it refuses
        main([command, "--content", "", "--home", str(tmp_path)])
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and "argument --content: is empty" in err
    for blank in ("", " ", "\t"):
        monkeypatch.setenv("AICHECK_CONTENT", blank)
        code, out, err = run(capsys, command, "--home", str(tmp_path))
        assert code == 2 and out == "" and "AICHECK_CONTENT is set but empty" in err, repr(blank)


def _gate(dirty, *extra, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "check", *extra, *dirty.cli_args()], cwd=REPO, stderr=subprocess.PIPE, **popen
    )


@pytest.mark.parametrize("extra", [(), ("--json",)], ids=["text", "json"])
def test_a_reader_that_leaves_early_never_turns_the_gate_green(dirty, extra):
    """Red team: `aicheck check | true` (or `| grep -q …`, `| head -n 1`) exited 0, "compliant", while action
    was required: the reader closed the pipe and aicheck took the broken pipe for success. The exit code is
    the gate's answer whatever became of its output."""
    proc = _gate(dirty, *extra, stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader leaves before aicheck has written a word (it is still starting)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err


def _streams(buffering: str) -> dict[str, str]:
    """The environment with Python's standard streams buffered (as a user's shell has them) or not (as CI's
    PYTHONUNBUFFERED=1 has them): a failed write is found at another moment in each."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return env if buffering == "buffered" else dict(env, PYTHONUNBUFFERED="1")


@pytest.mark.parametrize("buffering", ["buffered", "unbuffered"])
def test_output_that_cannot_be_written_is_an_error(dirty, buffering):
    """With buffered streams (no PYTHONUNBUFFERED: a user's shell), what stayed buffered failed again in the
    interpreter's last flush, and the process exited 120 instead of 2."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        proc = _gate(dirty, stdout=full, env=_streams(buffering))
        err = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 2 and "aicheck: cannot write to standard output: No space left on device" in err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.parametrize("command", [("scan",), ("scan", "--json"), ("check",)], ids=" ".join)
def test_a_closed_standard_output_is_an_error_like_a_full_one(dirty, command):
    """Red team: started with its standard output closed (`aicheck scan >&-`), Python has no sys.stdout and
    print did nothing: the scan exited 0 with its report written nowhere. It is the same error as
    >/dev/full (exit 2, said on stderr)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *command, *dirty.cli_args()],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # started with `>&-`
    )
    err = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 2, err
    assert "aicheck: cannot write to standard output: it is closed" in err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.skipif(not hasattr(os, "set_blocking") or sys.platform != "linux", reason="a Linux pipe's size is set")
def test_a_non_blocking_output_pipe_gets_the_whole_document(dirty):
    """`check --json` into a pipe another program left non-blocking, read only after aicheck ended: the
    report was cut at the pipe's size with no error (exit 1, half a document). The whole document arrives."""
    import fcntl
    import threading

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: a small pipe, so the report cannot fit at once
    os.set_blocking(write_end, False)
    proc = _gate(dirty, "--json", stdout=write_end)
    kept = os.dup(write_end)  # the same open pipe: its mode is every writer's, the parent's too
    os.close(write_end)
    chunks: list[bytes] = []
    started = threading.Event()

    def drain() -> None:
        started.wait(timeout=60)
        while chunk := os.read(read_end, 65536):
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    time.sleep(1.5)  # the reader comes late: aicheck has filled the pipe by now
    started.set()
    err = proc.communicate(timeout=60)[1].decode()
    restored = not os.get_blocking(kept)  # put back as it was found, once everything was written
    os.close(kept)
    reader.join(timeout=60)
    os.close(read_end)
    assert proc.returncode == 1, err
    assert restored
    report = json.loads(b"".join(chunks))
    assert report["check"]["exit_code"] == 1


@pytest.mark.parametrize(
    "platform, made, hint",
    [
        ("windows", (".profile", ".config/Cursor/"), "--platform linux or --platform macos"),
        ("linux", ("AppData/Roaming/Cursor/", "NTUSER.DAT"), "--platform windows"),
        ("macos", ("AppData/Local/",), "--platform windows"),
    ],
)
def test_a_home_copied_alone_and_scanned_as_another_family_is_a_usage_error(capsys, tmp_path, platform, made, hint):
    """Red team: a Linux home copied alone (no system folders to tell its platform), checked with --platform
    windows, said "No AI tools found" (exit 0): every Windows folder is missing there. A home that shows
    one family alone (AppData, or a shell's and tools' dot-folders) must be scanned as that family."""
    image = tmp_path / "copy"
    home = image / "home" / "ada"
    home.mkdir(parents=True)
    for rel in made:  # a folder ends with "/", a file does not
        (home / rel).mkdir(parents=True) if rel.endswith("/") else (home / rel).write_text("")
    args = ("--root", str(image), "--home", "/home/ada", "--search-path", "", "--content", "example")
    code, out, err = run(capsys, "check", *args, "--platform", platform)
    assert code == 2 and out == "" and "but is scanned as " + platform in err and hint in err, err
    both = image / "home" / "ada" / ("AppData" if platform == "windows" else ".bashrc")
    both.mkdir() if platform == "windows" else both.write_text("")
    code, out, err = run(capsys, "check", *args, "--platform", platform)
    assert code in (0, 1) and "but is scanned as" not in err, err  # both families shown: taken as given


@pytest.mark.parametrize("buffering", ["buffered", "unbuffered"])
def test_odd_streams_keep_the_answer(dirty, buffering):
    """Red team: with stderr unwritable (2>/dev/full) a usage error exited 1 (a traceback that could not be
    printed either), and PYTHONIOENCODING=ascii made `check` crash on its first ✓ (exit 3). With buffered
    streams the message that could not be written failed again as the interpreter ended: exit 120."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "tui", "check", "--bogus"],
            cwd=REPO,
            stderr=full,
            stdout=subprocess.PIPE,
            timeout=60,
            env=_streams(buffering),
        )
    assert proc.returncode == 2
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "check", *dirty.cli_args()], cwd=REPO, env=env, capture_output=True, timeout=60
    )
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr
    assert b"\\u2717" in proc.stdout  # the mark the encoding cannot write, shown escaped
