"""tui.core.text: untrusted text is shown with every control and format character made visible, and the
set of such characters is the one this Python's Unicode database names."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.text import _CONTROL, clean, has_control, printable_json

# the categories that never reach a terminal as themselves: controls, format characters (bidi, zero-width),
# surrogates (undecodable bytes), the line and paragraph separators
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def test_the_control_set_is_every_control_and_format_character_of_this_unicode():
    """Written out in text.py for speed: checked here against unicodedata, both ways. A newer Python whose
    Unicode adds a format character fails here with its code point (add it to text.py)."""
    matched = {i for i in range(sys.maxunicode + 1) if _CONTROL.match(chr(i))}
    unsafe = {i for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) in UNSAFE_CATEGORIES}
    assert not [hex(i) for i in sorted(unsafe - matched)], "format or control characters clean() would miss"
    # anything more is a character this Unicode has not assigned yet (format characters of a later one)
    assert {unicodedata.category(chr(i)) for i in matched - unsafe} <= {"Cn"}
    # the fast path of clean() (str.isprintable) never lets one through
    assert not [hex(i) for i in sorted(matched) if chr(i).isprintable()]


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("a\u202eb", "a\\u202eb"),  # right-to-left override
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # isolate
        ("\u200ea\u200fb\u061c", "\\u200ea\\u200fb\\u061c"),  # direction marks
        ("a\u200bb\u200c\u200d\u2060\ufeff", "a\\u200bb\\u200c\\u200d\\u2060\\ufeff"),  # zero-width
        ("x\u2028y\u2029", "x\\u2028y\\u2029"),  # line and paragraph separators
        ("tag\U000e0041", "tag\\U000e0041"),  # an invisible tag character
        ("\x1b[31mé\x9b2J", "\\x1b[31mé\\x9b2J"),  # C0 and C1 as before, beside non-ASCII text
        ("bad\udcff", "bad\\udcff"),  # an undecodable byte of a file name
        ("日本語\u202eツール 🤖 Ελλ\u00a0ηνικά", "日本語\\u202eツール 🤖 Ελλ\u00a0ηνικά"),  # the rest is kept
    ],
)
def test_clean_shows_bidi_and_invisible_characters_as_escapes(raw, shown):
    assert clean(raw) == shown and has_control(raw) and not has_control(shown)


def test_clean_cuts_after_escaping():
    assert clean("\u202e" * 10, 13) == "\\u202e\\u202e…"


@given(
    st.recursive(
        st.text() | st.none() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
    )
)
def test_printable_json_is_lossless_and_holds_no_control_character(data):
    text = printable_json(data)
    assert json.loads(text) == data
    assert not has_control(text.replace("\n", ""))  # its own line breaks (the indent) are the only ones


def test_printable_json_escapes_as_json_does():
    assert (
        printable_json(["\u009b2J\u202e\U000e0041é\udcff"], indent=None) == '["\\u009b2J\\u202e\\udb40\\udc41é\\udcff"]'
    )
