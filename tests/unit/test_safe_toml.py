"""The linear check in front of tomllib (tui.core.safe_toml): it follows every TOML text tomllib accepts to its
end, refuses nothing a real file holds, counts levels as the parsed data nests them, and takes time linear in
the text whatever the text is."""

from __future__ import annotations

import time
import tomllib

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tui.core.safe_toml import MAX_NESTING, TomlError, check_toml, parse_toml, parse_toml_nesting
from tui.core.tomldoc import too_deep

# TOML that tomllib accepts and a reader of it could trip on
VALID = [
    "a = 1979-05-27 07:32:00\nb = 1979-05-27T07:32:00.999-07:00\nc = 07:32:00\nd = 1979-05-27\n",
    "when = [1979-05-27 07:32:00Z, 1979-05-27 07:32:00 ]  # a date and time may be parted by a space\n",
    's = """\na "quoted" ""line"" \\""" \\\n  end"""\nt = """four quotes""""\nu = """five quotes"""""\n',
    "l = '''it's '' here''''\nm = 'C:\\path'\n",
    '"a.b".c = 1\n\'d.e\' . "f" = 2\n[x."y.z"]\nq = 3\n[ x . "w" ]\n',
    "arr = [\n  1, # one\n  # a whole line\n  2,\n]\nempty = [ ]\nnested = [[], [[]], {}, { a = [] }]\n",
    'inline = { a.b = 1, "c" = { d = [1, { e = "}" }] }, f = "]" }\n',
    "[[fruit]]\nname = 'apple'\n[fruit.physical]\ncolor = 'red'\n[[fruit.variety]]\nname = 'x'\n[[fruit]]\n",
    "n = [+1, -2, 0xdead_beef, 0o7, 0b1, 1e3, -1.5E-3, 1_000, inf, -inf, true, false]\n",
    "a = 1\r\nb = [\r\n 2,\r\n]\r\n# crlf\r\n",
    '"" = 1\n\'lit\' = 2\nkey-with_dash = "#not a comment"\n3 = "bare digits"\n',
    "big = " + "9" * 4300 + "\nfloat = " + "9" * 5000 + ".5\n",
    "\n\n# only comments\n\n",
    "",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_toml_is_followed_to_its_end_and_parsed_as_tomllib_parses_it(text):
    assert check_toml(text) is True
    assert parse_toml(text) == tomllib.loads(text)


_KEYS = st.text(alphabet="ab.-_ \"'#=[]{}é\n", min_size=0, max_size=6)
_SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1), st.booleans(), st.text(max_size=8), st.floats(allow_nan=False), st.dates()
)
_DATA = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3))


@given(st.dictionaries(_KEYS, _DATA, max_size=4), st.booleans())
def test_any_document_a_writer_makes_is_read_whole(data, multiline):
    """Documents as tomli_w writes them (tables, arrays of tables, quoted keys with any character in them)."""
    text = tomli_w.dumps(data, multiline_strings=multiline)
    assert check_toml(text) is True
    assert parse_toml(text) == tomllib.loads(text)


def _nested(levels: int, kind: str) -> str:
    """A document whose deepest table or array is ``levels`` levels down, written one way or another."""
    if kind == "arrays":
        return "x = " + "[" * levels + "]" * levels + "\n"
    if kind == "inline tables":
        return "x = " + "{ a = " * (levels - 1) + "{}" + " }" * (levels - 1) + "\n"
    if kind == "dotted key":
        return ".".join(["k"] * (levels + 1)) + " = 1\n"
    if kind == "header":
        return "[" + ".".join(["k"] * levels) + "]\n"
    if kind == "array of tables":
        return "[[" + ".".join(["k"] * (levels - 1)) + "]]\n"
    if kind == "header and dotted key":
        return "[" + ".".join(["h"] * (levels - 2)) + "]\nk.k = [1]\n"
    return "[[h]]\nx = { a = [" + "[" * (levels - 4) + "]" * (levels - 4) + "] }\n"  # all of them


KINDS = ["arrays", "inline tables", "dotted key", "header", "array of tables", "header and dotted key", "mixed"]


@pytest.mark.parametrize("kind", KINDS)
def test_levels_are_counted_as_the_parsed_data_nests(kind):
    """64 levels are read, 65 refused, however they are written; the parsed data says the same (too_deep, the
    walk a pack's data gets after parsing)."""
    fine = _nested(MAX_NESTING, kind)
    assert check_toml(fine) is True
    assert too_deep(parse_toml(fine), MAX_NESTING) is None
    deep = _nested(MAX_NESTING + 1, kind)
    assert too_deep(tomllib.loads(deep), MAX_NESTING) is not None
    with pytest.raises(TomlError) as refused:
        parse_toml(deep)
    assert refused.value.kind == "nesting too deep" and refused.value.line is not None


def _depth(data: object) -> int:
    """How deep the deepest table or array of parsed data nests (the document itself 0)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


# arrays of tables, which nest deeper in the data than their headers say ([[a]] then [a.b]: b is in a's latest
# element)
UNDER_ARRAYS = [
    "[[a]]\n[a.b]\nc = 1\n[[a.b.d]]\ne = [{ f = [1] }]\n",
    "".join("[[q" + ".q" * i + "]]\n" for i in range(40)),  # 80 levels, from 41 counted
    "[[a]]\n[[a.b]]\nx.y.z = 1\n[[a.b.c]]\nw = { v = { u = [[[]]] } }\n",
]


@pytest.mark.parametrize(
    "text", [*VALID, *UNDER_ARRAYS, *(_nested(MAX_NESTING, kind) for kind in KINDS)], ids=lambda t: t[:20]
)
def test_the_nesting_it_gives_is_never_less_than_the_datas(text):
    """The bound that spares a pack of thousands of tables the walk of its parsed data (too_deep) is never
    below what the walk would find, arrays of tables included."""
    data, nesting = parse_toml_nesting(text)
    assert data == tomllib.loads(text)
    assert nesting is not None and nesting >= _depth(data)


@given(st.dictionaries(_KEYS, _DATA, max_size=4))
def test_the_nesting_of_any_document_a_writer_makes_is_bounded(data):
    text = tomli_w.dumps(data)
    parsed, nesting = parse_toml_nesting(text)
    assert nesting is not None and nesting >= _depth(parsed)


def test_a_pack_of_shallow_tables_needs_no_walk():
    """The bundled policy (arrays of tables under tables) is bounded well under the limit."""
    from tui.paths import bundled_content_dir

    for name in ("catalog.toml", "policy.toml", "pack.toml"):
        text = (bundled_content_dir() / name).read_text()
        data, nesting = parse_toml_nesting(text)
        assert nesting is not None and _depth(data) <= nesting <= MAX_NESTING // 4, name


def test_a_key_counts_its_parts_not_the_dots_in_them():
    key = ".".join(['"a.b.c.d"'] * 60)  # 60 parts, 240 dots
    assert check_toml(f"{key} = 1\n") is True
    with pytest.raises(TomlError, match=r"nesting too deep: more than 64 levels .* \(at line 1, column 385\)"):
        check_toml(".".join(["'x.y'"] * 70) + " = 1\n")  # the 65th part, where the limit is passed


PATHOLOGICAL = {  # texts the check reads to their end or to their first error, whatever they hold
    "comments": "#\n" * 1_000_000,
    "blank lines": "\n" * 2_000_000,
    "escapes": 'x = "' + "\\t" * 1_000_000 + '"\n',
    "a string never closed": 'x = "' + "\\\\" * 1_000_000,
    "a multi-line string of quotes": 'x = """' + '""\\"' * 500_000 + '"""\n',
    "a literal never closed": "x = '''" + "''x" * 700_000,
    "keys": "".join(f"k{i} = {i}\n" for i in range(200_000)),
    "brackets never closed": "x = " + "[" * 2_000_000,
    "dots": "a" + "." * 2_000_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_the_check_takes_linear_time_whatever_the_text(text):
    """2 MB of each takes a fraction of a second (a bound 10 times that, for a busy machine)."""
    started = time.monotonic()
    try:
        check_toml(text)
    except TomlError:
        pass
    assert time.monotonic() - started < 3.0
