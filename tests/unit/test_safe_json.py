"""JSONC read in one linear pass (tui.core.safe_json): what is blanked, what is kept, where errors are said."""

from __future__ import annotations

import json
import time

import pytest

from tui.core.safe_json import JsonError, load_json, load_jsonc, strip_jsonc


def test_comments_and_trailing_commas_become_blanks_in_place():
    text = '{"a": "x // y /* z */", // one\n "b": [1, /* two\n three */ ], "c": {"d": 1,\t}, }'
    stripped = strip_jsonc(text)
    assert len(stripped) == len(text) and stripped.count("\n") == text.count("\n")  # positions kept
    assert json.loads(stripped) == {"a": "x // y /* z */", "b": [1], "c": {"d": 1}}


def test_a_comment_never_closed_comments_out_the_rest_and_is_said():
    assert strip_jsonc('{"a": 1 /* x\n"b": 2}').rstrip() == '{"a": 1'
    with pytest.raises(
        JsonError, match=r"^invalid JSON: a comment opened with /\* is never closed \(line 2, column 8\)$"
    ):
        load_jsonc('{\n"a": 1 /* x\n"b": 2}')


def test_a_string_never_closed_ends_with_its_line():
    """JSON strings hold no line break: one never closed stops there, and what follows is read as JSON."""
    assert strip_jsonc('{"a": "x // y\n, "b": 1, /* c */ }') == '{"a": "x // y\n, "b": 1          }'


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"a":\n [}', "invalid JSON: Expecting value (line 2, column 3)"),
        (
            "[" * 10_000 + "]" * 10_000,
            "invalid JSON: nested too deep to read (more than 500 levels) (line 1, column 501)",
        ),
        (
            '{\n"n": 1, "m": -' + "1" * 5000 + "}",
            "invalid JSON: a number too long to read (more than 4,300 digits) (line 2, column 14)",
        ),
    ],
    ids=["syntax", "nesting", "number"],
)
def test_every_failure_says_what_and_where_in_plain_words(text, said):
    for load in (load_json, load_jsonc):
        with pytest.raises(JsonError) as failed:
            load(text)
        assert str(failed.value) == said


def test_a_long_float_is_no_long_integer():
    assert load_json("[" + "1" * 5000 + ".5, 1e" + "0" * 5000 + "1]")[1] == 10.0


PATHOLOGICAL = {
    "comments never closed": "{" + "/* " * 400_000,
    "a string never closed": '{"a": "' + "x" * 4_000_000,
    "escapes never closed": '{"a": "' + '\\"' * 1_000_000,
    "commas and blanks": "[" + ", " * 1_000_000,
    "line comments": "//\n" * 1_000_000,
    "stars": "/*" + "*" * 2_000_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_the_lenient_reading_takes_linear_time(text):
    """Each took seconds to minutes with the DOTALL pattern (40,000 ``/* ``: 20 s); now a fraction of one."""
    started = time.monotonic()
    with pytest.raises(JsonError):
        load_jsonc(text)
    assert time.monotonic() - started < 3.0
