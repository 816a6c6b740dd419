"""TOML that Python's tomllib cannot bear, wherever aicheck reads TOML: a clear error with the file, line and
column, in bounded time and memory.

Red team: under the size caps, tomllib took quadratic time and memory on a long dotted key (``a.a.a…`` of
20,000 parts: 14 s and 1.5 GB; 100,000 parts: no end, past 10 GB), hundreds of MiB on files of many small
values (``[],`` three bytes each) or table headers, and said "TOML nesting too deep" without a line, or
"Exceeds the limit (4300 digits)… use sys.set_int_max_str_digits()", for deep arrays and long integers. That
was a scanned ``~/.codex/config.toml``, aicheck's config file, its records and the content pack alike: each
now goes through one linear check in front of tomllib (tui.core.safe_toml). Real files, the real CLI."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from support.packs import isolate_cli, run_cli
from tui.paths import bundled_content_dir

DOTTED = ".".join(["a"] * 20_000)  # a key tomllib took 10 s and 1.5 GB to read
BOUND = 5.0  # seconds: generous; the old reading took 10 s to forever on each of these
NESTING = "nesting too deep: more than 64 levels of tables, arrays or inline tables"


def _deep_lines(levels: int) -> str:
    """Arrays opened one a line: the nesting passes the limit many lines below the key."""
    return "[\n" * levels + "]\n" * levels


# (what follows a comment and a blank line, where and what the error says)
CASES = {
    "dotted key of 20,000 parts": (DOTTED + " = 1\n", f"{NESTING} (at line 3, column 129)"),
    "table header of 20,000 parts": (f"[{DOTTED}]\n", f"{NESTING} (at line 3, column 130)"),
    "array-of-tables header of 20,000 parts": (f"[[{DOTTED}]]\n", f"{NESTING} (at line 3, column 131)"),
    "quoted parts with dots in them": (
        ".".join(['"x.y"'] * 100) + " = 1\n",  # 100 parts, 200 dots: the parts count, not the dots
        f"{NESTING} (at line 3, column 385)",
    ),
    "arrays opened over 1,000 lines": ("x = " + _deep_lines(1000), f"{NESTING} (at line 67, column 1)"),
    "900 KB of empty arrays": (  # under every size cap: tomllib held it in some 50 MiB, 4 MB in 214 MiB
        "x = [" + "[]," * 300_000 + "]\n",
        "too many values: more than 250,000 in one file (at line 3, column 750003)",
    ),
    "240,000 keys under a table 62 deep": (  # tomllib walks down to each: 6 s a reading
        f"[{'.'.join(['t'] * 62)}]\n" + "".join(f"k{i} = {i}\n" for i in range(240_000)),
        "too many nested keys: more than 2,000,000 levels of keys in one file (a key N tables deep counts N)"
        " (at line 31749, column 1)",
    ),
    "a 10,000-digit integer": (
        "x = " + "9" * 10_000 + "\n",
        "an integer of 10,000 digits (at most 4,300) (at line 3, column 5)",
    ),
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path)


def _timed(capsys, *argv: str) -> tuple[int, str, str]:
    started = time.monotonic()
    code, out, err = run_cli(capsys, *argv)
    elapsed = time.monotonic() - started
    assert elapsed < BOUND, f"{elapsed:.1f} s"
    assert "Traceback" not in out + err and "internal error" not in err, err
    return code, out, err


@pytest.mark.parametrize("case", CASES)
def test_a_scanned_toml_config_tomllib_cannot_bear_is_unchecked_with_its_line(capsys, machine_factory, case):
    text, said = CASES[case]
    m = machine_factory("linux")
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.write(m.h(".codex/config.toml"), "# edited by hand\n\n" + text)
    code, out, _err = _timed(capsys, "scan", "--json", *m.cli_args())
    assert code in (0, 1)
    [unchecked] = [u for u in json.loads(out)["unchecked_configs"] if u["config"].endswith("/.codex/config.toml")]
    assert unchecked["reason"].endswith(said), unchecked["reason"]  # the config is unchecked: it needs action
    assert "sys.set_int_max_str_digits" not in out and "RecursionError" not in out


# (the config file is read up to 1 MiB)
@pytest.mark.parametrize("case", [case for case, (text, _) in CASES.items() if len(text) < 1024 * 1024])
def test_aicheck_config_file_tomllib_cannot_bear_is_one_clear_error(capsys, tmp_path, machine_factory, case):
    text, said = CASES[case]
    config = tmp_path / "config.toml"
    config.write_text("# aicheck's config\n\n" + text)
    code, out, err = _timed(capsys, "scan", *machine_factory("linux").cli_args())
    assert code == 2 and out == ""
    assert err.startswith(f"aicheck: {config}: TOML ") and err.rstrip().endswith(said), err


def _pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), root)
    return root


def _append(path: Path, text: str) -> int:
    """Append ``text`` after a blank line; the line its first line gets."""
    before = path.read_text()
    path.write_text(before + "\n" + text)
    return before.count("\n") + 2


@pytest.mark.parametrize(
    ("file", "text", "line", "said"),
    [  # [zz] (level 1) above what policy.toml gets: its last table is not this test's business
        ("policy.toml", "[zz]\n" + DOTTED + " = 1\n", 1, ":127: TOML " + NESTING),
        ("policy.toml", "[zz]\nx = " + _deep_lines(1000), 64, ":1: TOML " + NESTING),  # x = [ is level 2
        ("policy.toml", "[zz]\nx = " + "9" * 10_000 + "\n", 1, ":5: TOML number too long: an integer of 10,000"),
        # pack.toml holds two values and no table before these
        ("pack.toml", "zz = [" + "[]," * 2_700_000 + "]\n", 0, ":749998: TOML too many values: more than 250,000"),
        ("pack.toml", "[[zz]]\n" * 1_000_000, 49_999, ":1: TOML too many tables: more than 50,000 in one file"),
    ],
    ids=["dotted key", "arrays over lines", "long integer", "8 MB of empty arrays", "7 MB of table headers"],
)
def test_a_pack_file_tomllib_cannot_bear_is_a_problem_with_its_line_and_column(
    capsys, tmp_path, file, text, line, said
):
    """Before: the dotted key took minutes and gigabytes, 2.7M ``[],`` 721 MiB, 1M headers 470 MiB, the arrays
    over lines said "TOML nesting too deep" with no line, the integer how to change Python's limit."""
    root = _pack(tmp_path)
    first = _append(root / file, text)
    code, out, err = _timed(capsys, "content", "validate", str(root))
    assert code == 2 and f"{file}:{first + line}{said}" in out + err, out + err


def test_a_request_record_tomllib_cannot_bear_is_a_clear_error(capsys, tmp_path):
    folder = tmp_path / "data" / "requests"
    folder.mkdir(parents=True)
    (folder / "REQ-20260301-7A02B3.toml").write_text('id = "REQ-20260301-7A02B3"\n' + DOTTED + " = 1\n")
    code, out, err = _timed(capsys, "request", "show", "REQ-20260301-7A02B3")
    assert code == 2 and out == ""
    assert f"unreadable record: TOML {NESTING} (at line 2, column 129)" in err, err


def test_a_pack_and_a_config_that_honest_tools_write_are_read_as_before(capsys, machine_factory):
    """The check refuses nothing a real file holds: dotted keys, quoted keys with dots, dates with a space,
    multi-line strings with quotes in them, comments inside arrays, 64 levels exactly."""
    m = machine_factory("linux")
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    deep = "[" * 63 + "]" * 63
    m.write(
        m.h(".codex/config.toml"),
        'model = "o3"\nwhen = 1979-05-27 07:32:00\nnote = """a "quoted" ""line""\n"""\n'
        f'"a.b".c = {{ x.y = [1, # one\n]}}\nlevels = {deep}\n'
        '[mcp_servers."my.server"]\ncommand = "npx"\nargs = ["-y", "srv"]\n',
    )
    _code, out, _err = _timed(capsys, "scan", "--json", *m.cli_args())
    report = json.loads(out)
    assert report["unchecked_configs"] == []
    assert "my.server" in [s["name"] for s in report["mcp_servers"]]
