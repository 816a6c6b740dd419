"""The user's own records and state files, damaged by hand or by a bad disk, through the real command line:
every one is read through the bounded reader (a FIFO is refused, never waited on), every damage is a clear
message naming the file and the key (exit 2), never a traceback, a hang or Python's own words; and a
damaged attestations file is reported, never silently read as "nothing confirmed" and overwritten."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from support.bounded_run import run_bounded
from support.intake_server import make_request
from tui.cli import main
from tui.paths import data_dir
from tui.requests.store import ImpactStore, RequestStore

WAIT = 10.0  # seconds: reading a small file takes microseconds; a FIFO nobody writes to blocks for ever


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    return code, out, err


def returns_in_time(fn: Callable[[], object], fifo: Path) -> object:
    """``fn()``, run in a thread that must end within :data:`WAIT` seconds. One blocked on opening ``fifo``
    (the bug) is released by opening the FIFO's other end, so that a failing test never hangs the suite."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(fn()), daemon=True)
    thread.start()
    thread.join(WAIT)
    if thread.is_alive():
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # the reader waits: this open succeeds, close is EOF
        os.close(fd)
        thread.join(WAIT)
        pytest.fail(f"blocked reading the FIFO {fifo}")
    return result[0] if result else None


# -- state files: app.json and the demo's stamps --------------------------------------------------------


def _state_file() -> Path:
    from tui.app import prefs

    path = prefs.prefs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_a_fifo_in_place_of_app_json_is_the_default_theme_not_a_hang():
    from tui.app import prefs

    path = _state_file()
    os.mkfifo(path)
    assert returns_in_time(prefs.saved_theme, path) is None


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_app_json_linked_to_dev_zero_is_refused_before_a_byte_is_read():
    """Without the bounded reader the endless file fills memory: a child process with an address-space
    limit, so that a failing test ends in MemoryError rather than in a swapped-out machine."""
    import resource
    import subprocess
    import sys

    from support.bounded_run import MEMORY_BOUND

    _state_file().symlink_to("/dev/zero")
    proc = subprocess.run(
        [sys.executable, "-c", "from tui.app import prefs; print(prefs.saved_theme())"],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND)),
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, "None"), proc.stderr[-2000:]


@pytest.mark.parametrize(
    "data",
    [b'{"theme": ' + b"[" * 100_000, b'{"theme": "textual-light"' + b" " * (1024 * 1024) + b"}", b"\xff"],
    ids=["nested-beyond-the-stack", "over-the-cap", "not-utf8"],
)
def test_a_damaged_app_json_is_the_default_theme(data):
    from tui.app import prefs

    _state_file().write_bytes(data)
    assert prefs.load() == {} and prefs.saved_theme() is None


def test_the_demo_stamp_and_a_sandbox_pid_as_fifos_are_not_waited_on(tmp_path, monkeypatch):
    import tempfile

    import tui.demo as demo

    root = tmp_path / "demo-machine"
    root.mkdir()
    os.mkfifo(root / ".aicheck-demo")
    options = returns_in_time(lambda: demo.demo_options(root), root / ".aicheck-demo")
    assert isinstance(options, dict) and (root / ".aicheck-demo").read_text().strip() == demo.DEMO_VERSION  # rebuilt

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    sandbox = tmp_path / f"{demo.SANDBOX_PREFIX}left"
    sandbox.mkdir()
    os.mkfifo(sandbox / "pid")
    returns_in_time(demo._remove_abandoned_sandboxes, sandbox / "pid")
    assert sandbox.is_dir()  # not readable as one of ours: left alone


# -- grant add ------------------------------------------------------------------------------------------


def test_grant_add_refuses_a_fifo_at_once(tmp_path):
    fifo = tmp_path / "grant.txt"
    os.mkfifo(fifo)
    outcome = run_bounded("grant", "add", str(fifo))  # a child with a time bound: the bug blocked for ever
    assert outcome.code == 2
    assert f"{fifo}: cannot read: not a regular file (a FIFO)" in outcome.err


VERSIONS_GRANT = """-----BEGIN AICHECK GRANT-----
id: GRT-20261123-3F9A1C
user: ada@example.com
tool: cursor
issued: 2026-11-23
until: 2026-12-20
versions: {versions}
key: ed25519:1a2b3c4d5e6f7a8b
signature: c2lnbmF0dXJl
-----END AICHECK GRANT-----
"""


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("hello", "no grant found (expected a block between"),
        (VERSIONS_GRANT.format(versions="~~>>1"), "grant versions: '~~>>1' is not a version"),
        (VERSIONS_GRANT.format(versions="2.*"), "grant versions: '2.*': no wildcards; write the range, like '>=2,<3'"),
    ],
    ids=["no-grant", "not-a-version", "wildcard"],
)
def test_grant_add_names_the_file_and_says_what_is_wrong(capsys, tmp_path, text, says):
    f = tmp_path / "from-the-ticket.txt"
    f.write_text(text)
    code, _out, err = run(capsys, "grant", "add", str(f))
    assert code == 2 and f"aicheck: {f}: {says}" in err, err


def test_grant_add_names_a_missing_file_and_a_folder(capsys, tmp_path):
    code, _out, err = run(capsys, "grant", "add", str(tmp_path / "nope.txt"))
    assert code == 2 and f"{tmp_path / 'nope.txt'}: no such file" in err
    code, _out, err = run(capsys, "grant", "add", str(tmp_path))
    assert code == 2 and f"{tmp_path}: cannot read: not a regular file (a folder)" in err


# -- exception requests ---------------------------------------------------------------------------------


def _queued_request(edit: Callable[[str], str]) -> tuple[str, Path]:
    """A queued request whose record text is then changed by ``edit``: its id and file."""
    store = RequestStore()
    req = make_request(store)
    path = store.path(req.id)
    text = path.read_text().replace('state = "draft"', 'state = "queued"')
    path.write_text(edit(text))
    return req.id, path


def _set(key: str, value: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        new, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert n == 1, key
        return new

    return edit


@pytest.mark.parametrize(
    ("key", "value"),
    [("created", "0001-01-01 00:00:00+14:00"), ("updated", "9999-12-31 23:59:59-12:00")],
    ids=["year-1-at-utc+14", "year-9999-at-utc-12"],
)
def test_a_time_with_no_utc_time_is_a_damaged_record_not_an_internal_error(capsys, key, value):
    rid, path = _queued_request(_set(key, value))
    expected = f"{path}: malformed exception request: {key} = {value} is out of range"
    code, out, err = run(capsys, "request", "list", "--json")
    assert code == 2 and json.loads(out) == [] and expected in err
    code, out, _err = run(capsys, "request", "list")
    assert code == 2 and f"PROBLEM  {expected}" in out
    code, _out, err = run(capsys, "request", "sync", "--now")
    assert code == 2 and expected in err and "(not synced; repair or remove it)" in err
    code, _out, err = run(capsys, "request", "retry", rid, "--yes")
    assert code == 2 and expected in err


def test_an_out_of_range_time_in_the_history_is_a_damaged_record_too(capsys):
    from datetime import datetime, timedelta, timezone

    store = RequestStore()
    req = make_request(store)
    req.log("edited by hand", datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))))
    store.write_locked(req)
    path = store.path(req.id)
    code, _out, err = run(capsys, "request", "show", req.id, "--json")
    assert code == 2 and f"{path}: malformed exception request: history[" in err and "].at = 0001-01-01" in err


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda text: re.sub(r"(?ms)^\[tool\]\n.*?\n\n", "", text), "malformed exception request: [tool] is missing"),
        (
            lambda text: re.sub(r'(?m)^(\[tool\]\n)id = "cursor"\n', r"\1", text),
            "malformed exception request: tool.id is missing",
        ),
    ],
    ids=["no-tool-table", "no-tool-id"],
)
def test_a_request_missing_a_required_key_says_which_in_plain_words(capsys, edit, says):
    _rid, path = _queued_request(edit)
    code, out, _err = run(capsys, "request", "list")
    assert code == 2 and f"PROBLEM  {path}: {says}" in out
    assert "__init__" not in out and "positional argument" not in out


def test_any_time_in_any_zone_is_a_record_error_or_survives_every_use():
    """Every time field of a request, set to any date and time in any whole-minute UTC offset: refused as a
    damaged record, or usable by everything that reads it (the payload, ``show --json``, the expiry)."""
    from datetime import UTC, datetime, timedelta, timezone

    from hypothesis import given
    from hypothesis import strategies as st

    from tui.errors import RecordError
    from tui.requests.model import ExceptionRequest, grant_expiry, iso

    record = make_request().to_dict()
    record["state"] = "approved"
    keys = [("created",), ("updated",), ("delivery", "next_attempt_at"), ("decision", "decided_at")]
    offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
    times = st.one_of(
        st.datetimes(timezones=offsets),
        st.sampled_from([datetime.min, datetime.max]).flatmap(
            lambda edge: offsets.map(lambda tz: edge.replace(tzinfo=tz))
        ),
    )

    @given(st.sampled_from(keys), times)
    def check(key: tuple[str, ...], when: datetime) -> None:
        data = json.loads(json.dumps(record, default=str))
        data["created"] = data["updated"] = datetime(2026, 11, 20, tzinfo=UTC)
        target = data
        for part in key[:-1]:
            target = target[part]
        target[key[-1]] = when
        try:
            req = ExceptionRequest.from_dict(data, source="REQ.toml")
        except RecordError as exc:
            assert f"{'.'.join(key)} = " in str(exc) and "out of range" in str(exc)
            return
        req.payload()
        json.dumps(req.to_dict(), default=iso)
        grant_expiry(req)

    check()


# -- impact documents -----------------------------------------------------------------------------------


def _impact(capsys, edit: Callable[[str], str]) -> tuple[str, Path]:
    code, out, err = run(
        capsys, "impact", "new", "--tool", "cursor", "--title", "T", "--workflow", "Write:240:40:3", "--cost", "20"
    )
    assert code == 0, err
    doc_id = out.split(":")[0]
    path = ImpactStore().path(doc_id)
    path.write_text(edit(path.read_text()))
    return doc_id, path


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda t: t.replace("minutes_without = 240.0", "minutes_without = nan"), "workflow[0].minutes_without = nan"),
        (lambda t: t.replace("minutes_without = 240.0", "minutes_without = inf"), "workflow[0].minutes_without = inf"),
        (lambda t: t.replace("per_week = 3.0", "per_week = -1e308"), "workflow[0].per_week = -1e+308 is out of range"),
        (lambda t: t.replace("per_week = 3.0", "per_week = 1e308"), "workflow[0].per_week = 1e+308 is out of range"),
        (lambda t: t.replace("cost_per_month = 20.0", "cost_per_month = -inf"), "cost_per_month = -inf"),
        (
            lambda t: t.replace("minutes_without = 240.0", 'minutes_without = "lots"'),
            "workflow[0].minutes_without must be a number, not str 'lots'",
        ),
        (
            lambda t: re.sub(r"(?ms)^workflow = \[.*?^\]\n", "workflow = 3\n", t),
            "workflow must be a list of workflows ([[workflow]] tables), not int 3",
        ),
        (_set("created", "0001-01-01 00:00:00+14:00"), "created = 0001-01-01 00:00:00+14:00 is out of range"),
        (_set("title", "5"), "title must be a string, not int 5"),
    ],
    ids=["nan", "inf", "-1e308", "1e308", "cost-inf", "a-word", "not-a-list", "year-1", "title-int"],
)
def test_a_damaged_impact_document_names_the_file_and_the_key(capsys, edit, says):
    doc_id, path = _impact(capsys, edit)
    for command in ("show", "export"):
        code, _out, err = run(capsys, "impact", command, doc_id)
        assert code == 2 and f"{path}: malformed impact document: {says}" in err, err
        assert "could not convert" not in err and "object is not iterable" not in err
    code, _out, err = run(capsys, "impact", "list")
    assert code == 2 and f"{path}: malformed impact document: {says}" in err  # a script learns of it


def test_an_impact_cost_a_record_could_not_hold_is_refused_when_written(capsys):
    code, _out, err = run(
        capsys, "impact", "new", "--tool", "cursor", "--workflow", "Write:240:40:3", "--cost", "1e300"
    )
    assert code == 2 and "tool cost per month is too large: at most" in err
    assert not list((data_dir() / "impact").glob("IMP-*.toml")) if (data_dir() / "impact").is_dir() else True


def test_extreme_but_finite_numbers_give_a_chart_not_a_crash():
    """What a record may hold (finite, at most MAX_NUMBER either way), however lopsided, totals and charts."""
    from tui.app.impact import chart, totals_content
    from tui.requests.fields import MAX_NUMBER
    from tui.requests.impact import Workflow, new_impact
    from tui.requests.markdown import impact_markdown

    tiny = 5e-324
    doc = new_impact("cursor", "T").edited(
        workflows=(Workflow("a", MAX_NUMBER, tiny, MAX_NUMBER), Workflow("b", -MAX_NUMBER, tiny, tiny)),
        cost_per_month=MAX_NUMBER,
    )
    t = doc.totals()
    assert t.speedup is None or t.speedup < float("inf")
    impact_markdown(doc)
    chart(doc.chart_rows(), 80)
    totals_content(doc)
    # a draft's negative minutes against a scale of almost nothing: a bar of minus infinity cells, once
    lopsided = new_impact("cursor", "T").edited(workflows=(Workflow("a", 1e-300, 0, 1), Workflow("b", -1e12, 0, 1e12)))
    assert "b  without │ " in impact_markdown(lopsided)
    chart(lopsided.chart_rows(), 80)


# -- attestations ---------------------------------------------------------------------------------------

TOOL, CONDITION = "github-copilot", "business-seat"


def _attestations() -> Path:
    path = data_dir() / "attestations.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


GOOD_ENTRY = (
    '[[confirmed]]\npolicy_version = "2026.11"\ntool = "cursor"\ncondition = "x"\ntext_sha256 = "ab"\n'
    "at = 2026-11-20 09:00:00+00:00\n"
)
DAMAGED_ATTESTATIONS = {
    "garbage": ("]]\n", ":", "TOML syntax error"),
    "wrong-type": ('format = 2\nconfirmed = "x"\n', ":2:", "confirmed must be a list of [[confirmed]] tables"),
    "entry-wrong-type": (
        f"format = 2\n{GOOD_ENTRY}\n[[confirmed]]\npolicy_version = 5\ntool = 5\n",
        ":10:",
        "confirmed[1].policy_version must be a string that is not empty, not int 5",
    ),
    "newer-format": (f"format = 9\n{GOOD_ENTRY}", ":1:", "format = 9: this aicheck reads format 2"),
}


@pytest.mark.parametrize(("text", "line", "says"), DAMAGED_ATTESTATIONS.values(), ids=DAMAGED_ATTESTATIONS.keys())
def test_a_damaged_attestations_file_is_named_and_never_overwritten(capsys, machine_factory, text, line, says):
    path = _attestations()
    path.write_text(text)
    where = f"{path}{line}"
    code, out, err = run(capsys, "attest", TOOL)
    assert code == 2 and f"{CONDITION}: " in out and "[not confirmed]" in out
    assert where in err and says in err and "repair it, or move it away" in err
    code, _out, err = run(capsys, "attest", TOOL, CONDITION, "--yes")
    assert code == 2 and where in err and says in err and "not changed" in err
    assert path.read_text() == text  # the user's other attestations are still in it

    m = machine_factory("linux")
    code, out, _err = run(capsys, "scan", "--json", *m.cli_args())
    errors = json.loads(out)["errors"]
    assert any(where in e and says in e for e in errors), errors
    code, out, _err = run(capsys, "scan", "--explain", *m.cli_args())
    assert where in out and says in out
    code, out, _err = run(capsys, "check", *m.cli_args())
    # unreadable, it confirms nothing: the verdicts can only ask for more, never pass; and it is said
    assert code == 2 and f"! scan error: {where}" in out and "incomplete" in out


def test_a_fifo_in_place_of_the_attestations_file_is_named_not_waited_on(capsys):
    path = _attestations()
    os.mkfifo(path)
    code, _out, err = returns_in_time(lambda: run(capsys, "attest", TOOL, CONDITION, "--yes"), path)
    assert code == 2 and f"{path}: unreadable: not a regular file (a FIFO)" in err
    assert Path(path).is_fifo()


def test_an_older_aicheck_attestations_file_is_replaced_without_a_word(capsys, machine_factory):
    """Written before confirmations were kept per policy version (no format, keyed by the policy file's
    sha256): nothing in it can count any more, so it is neither damage nor worth keeping."""
    path = _attestations()
    path.write_text(f'policy_sha256 = "{"ab" * 32}"\n[[confirmed]]\ntool = "{TOOL}"\ncondition = "{CONDITION}"\n')
    m = machine_factory("linux")
    code, out, _err = run(capsys, "scan", "--json", *m.cli_args())
    assert not any("attestations" in e for e in json.loads(out)["errors"])
    code, _out, err = run(capsys, "attest", TOOL, CONDITION, "--yes")
    assert code == 0, err
    code, out, _err = run(capsys, "attest", TOOL)
    assert code == 0 and "[confirmed]" in out


# -- the config's [user] email --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["3", '["ada@example.com"]', "true"], ids=["int", "list", "bool"])
def test_a_user_email_that_is_not_a_string_is_refused_with_its_line(capsys, value):
    config = Path(os.environ["AICHECK_CONFIG"])
    config.write_text(f"# who I am\n[user]\nemail = {value}\n")
    for argv in (["grant", "list"], ["impact", "new", "--tool", "cursor", "--workflow", "Write:240:40:3"]):
        code, _out, err = run(capsys, *argv)
        assert code == 2 and f"{config}:3: [user] email is " in err and "it must be a string" in err, err
