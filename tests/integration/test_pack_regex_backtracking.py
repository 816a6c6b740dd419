"""A pack's regular expression that can backtrack catastrophically is refused when the pack is validated.

Before, ``content validate`` accepted a catalog ``npm_version_marks`` pattern ``'^(a+)+$'``, and a scan of a
machine whose Claude Code ``cli.js`` began with 4,000 ``a`` and a ``b`` never ended. Every pattern a pack
supplies (the catalog's ``npm_version_marks``, a policy condition's ``none_matching``) is now checked: a
repeat that can match the same text in more than one way, or a backreference, is a problem at its file, line
and column, and the pack is refused by every command that loads it. The tests assert the refusal at
validation, so that they never run such a pattern (a missing fix fails them, never hangs the suite)."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from support.packs import isolate_cli, run_cli
from tui.core.regex_safety import backtracking_problem, pack_budget
from tui.paths import bundled_content_dir


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


@pytest.fixture
def pack(tmp_path) -> Path:
    return shutil.copytree(bundled_content_dir(), tmp_path / "pack")


MARK = "pattern = '^// Version: (\\S+)$'"


def _with_mark(pack: Path, pattern: str) -> tuple[int, int]:
    """The bundled pack's Claude Code mark replaced by ``pattern``; (line, column) where it is written."""
    catalog = pack / "catalog.toml"
    text = catalog.read_text()
    assert MARK in text, "the bundled Claude Code mark changed: update this test"
    text = text.replace(MARK, f"pattern = '{pattern}'")
    catalog.write_text(text)
    line = next(n for n, written in enumerate(text.splitlines(), 1) if f"'{pattern}'" in written)
    return line, text.splitlines()[line - 1].index(f"'{pattern}'") + 2


CATASTROPHIC = ["^(a+)+$", "^(a*)*$", "^(a|aa)+$", "^// Version: (\\w+\\s?)+$", "^(\\d+)*\\.x$", "^(.*a){12}$"]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_npm_version_mark_is_refused_at_its_line(tmp_path, capsys, pack, pattern):
    line, col = _with_mark(pack, pattern)
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 2, out + err
    assert f"catalog.toml:{line}:{col}: npm_version_marks[0].pattern" in out, out
    assert "can backtrack catastrophically" in out


def test_a_backreference_in_an_npm_version_mark_is_refused(tmp_path, capsys, pack):
    line, col = _with_mark(pack, "^// Version: (\\S)\\1$")
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 2 and f"catalog.toml:{line}:{col}:" in out and "backreference" in out, out + err


def test_a_scan_or_check_with_such_a_pack_is_refused(tmp_path, capsys, pack, machine_factory):
    """The pack is refused before the machine is read (its cli.js holds no hostile text here: a missing fix fails
    this test, never hangs it)."""
    _with_mark(pack, "^(a+)+$")
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.100", bin_name="claude")
    for command in ("scan", "check"):
        code, out, err = run_cli(capsys, command, "--json", "--content", str(pack), *m.cli_args())
        assert code == 2 and "can backtrack catastrophically" in err and out == "", (command, err)


POLICY_PATTERN = "  'Bash',\n"


@pytest.mark.parametrize(
    "pattern", ["Bash\\((\\w+\\s?)+\\)", "Bash\\(([*:]+|\\s)*\\)", "(a|a)*", "Bash\\((?P<q>.)(?P=q)\\)"]
)
def test_a_catastrophic_or_backreferencing_none_matching_pattern_is_refused_at_its_line(capsys, pack, pattern):
    policy = pack / "policy.toml"
    text = policy.read_text()
    assert POLICY_PATTERN in text, "the bundled none_matching list changed: update this test"
    text = text.replace(POLICY_PATTERN, f"{POLICY_PATTERN}  '{pattern}',\n")
    policy.write_text(text)
    line = text.splitlines().index(f"  '{pattern}',") + 1
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 2 and f"policy.toml:{line}:4: none_matching: " in out, out + err
    assert "backtrack catastrophically" in out or "backreference" in out


def test_a_catastrophic_pattern_in_a_field_table_is_refused_at_its_line(capsys, pack):
    """A ``none_matching`` table (Gemini's policy rules: field name to pattern) runs each pattern on what the user
    writes, as a string entry does: each is checked the same."""
    policy = pack / "policy.toml"
    text = policy.read_text()
    assert POLICY_PATTERN in text, "the bundled none_matching list changed: update this test"
    text = text.replace(POLICY_PATTERN, f"{POLICY_PATTERN}  {{ decision = 'allow', toolName = '(a+)+' }},\n")
    policy.write_text(text)
    line = text.splitlines().index("  { decision = 'allow', toolName = '(a+)+' },") + 1
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 2 and f"policy.toml:{line}:" in out and "backtrack catastrophically" in out, out + err


def test_the_bundled_packs_patterns_are_accepted(capsys):
    code, out, err = run_cli(capsys, "content", "validate", str(bundled_content_dir()))
    assert code == 0, out + err
    assert "can backtrack" not in out + err


# -- the check itself ----------------------------------------------------------------------------------------

SAFE = [
    r"^// Version: (\S+)$",
    r"Bash\([*:\s]*\)",
    r"Bash\(\s*((sudo|env|command|exec)(\s+|\s*:\s*))*((/usr)?(/local)?/bin/)?(ba|z)?sh(\s*:\s*\*|\s+-c\b.*|\s+\*.*)\s*\)",
    r"(a|b)*c",
    r"(ab)*",
    r"(?:\w+\s)*\w+",
    r"^(\d+\.)*\d+$",
    r"(\d{2}:?){3}",
    r"(a+b){2}",
    r"[a-z]{1,100}",
    r"(a?)*b",
    r"(?:a|)+b",
    r'(?:[^"]|"")*"',
    r"(\w|\d)*x",  # Python's parser makes one character class of it
    r"x(?=y+)",
    r"\s*[*:\s]*$",  # polynomial, not exponential: left to the bounds of what is matched
]
UNSAFE = [
    r"(a+)+$",
    r"(a*)*b",
    r"(a|aa)+$",
    r"(\w+\s?)+$",
    r"(a*b*)*c",
    r"(a|a?)+$",
    r"(x+x+)+y",
    r"(a|b|ab)*c",
    r"(\s*,\s*)*$",
    r"([a-z]+\.?)+@",
    r"(a{1,3})+$",
    r"(a|a)*$",  # Python's parser reads it as a(?:|): two ways to match nothing after each a
    r"(?:\w(?:|))+$",
    r"(?=(a+)+b)x",  # in a lookahead too
    r"(?:a++)+$",  # possessive or atomic: refused all the same (the safe side)
    r"(a+){1,10}$",
    r"(?:b{2,}(?:\w?)+){1,3}$",  # a few copies of a body that repeats: their shares of the text multiply
    r"(?:(?:a|a)[ab]*?a*?){1,3}$",
]


@pytest.mark.parametrize("pattern", SAFE)
def test_patterns_that_cannot_backtrack_catastrophically_pass(pattern):
    re.compile(pattern)
    assert backtracking_problem(pattern) is None


@pytest.mark.parametrize("pattern", UNSAFE)
def test_patterns_that_can_backtrack_catastrophically_are_refused(pattern):
    re.compile(pattern)
    assert backtracking_problem(pattern) is not None


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?P<n>a)(?P=n)", r"(?i)(a)\1"])
def test_backreferences_are_refused(pattern):
    assert "backreference" in (backtracking_problem(pattern) or "")


def test_the_check_is_bounded_in_time_for_contrived_patterns():
    """A long pattern, or one whose repeats overlap everywhere, is refused as too complex rather than checked
    for minutes; many of them share one bound for the whole pack."""
    assert "too long" in (backtracking_problem("a" * 5000) or "")
    wide = "(?:" + "|".join(f"[a-{chr(ord('a') + k)}]x?y?" for k in range(25)) + ")*z"
    started = time.monotonic()
    with pack_budget():
        verdicts = [backtracking_problem(wide + "q" * i) for i in range(200)]
    assert time.monotonic() - started < 20
    assert all(v is not None for v in verdicts)
