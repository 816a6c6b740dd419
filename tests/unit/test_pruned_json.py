"""tui.core.pruned_json: a JSON document too big to hold, read in pieces without its bulky parts, gives what a
whole read gives for the rest (checked against json.loads on generated documents cut at every size), places
its errors as json.loads does, and holds little memory however big the part it leaves out."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.pruned_json import KeptTooLarge, PrunedJsonError, load_pruned

HISTORY = (("projects", "*", "history"),)

keys = st.sampled_from(["projects", "history", "mcpServers", "a", "p", 'q"\\', "é", ""])
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=30
)
paths = st.lists(st.lists(keys | st.just("*"), min_size=1, max_size=3).map(tuple), max_size=3).map(tuple)


def pieces(data: bytes, size: int):
    return (data[i : i + size] for i in range(0, len(data), size))


def pruned(value, leave_out, path=()):
    """What load_pruned should give: the document without the values at ``leave_out``, in objects it descends."""
    if not isinstance(value, dict) or not any(len(p) > len(path) and _match(p[: len(path)], path) for p in leave_out):
        return value
    out = {}
    for key, item in value.items():
        if not any(_match(p, (*path, key)) for p in leave_out):
            out[key] = pruned(item, leave_out, (*path, key))
    return out


def _match(pattern, path):
    return len(pattern) == len(path) and all(p in ("*", k) for p, k in zip(pattern, path, strict=True))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(doc=st.dictionaries(keys, documents, max_size=5), leave_out=paths, size=st.integers(1, 40), indent=st.booleans())
def test_what_is_kept_equals_a_whole_read(doc, leave_out, size, indent):
    data = json.dumps(doc, indent=2 if indent else None, ensure_ascii=size % 2 == 0).encode()
    assert load_pruned(pieces(data, size), leave_out, len(data)) == pruned(json.loads(data), leave_out)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=60) | st.text(alphabet='{}[]",:\\ 1aé\n', max_size=60).map(str.encode))
def test_any_bytes_give_a_document_or_a_placed_error(data):
    try:
        load_pruned(pieces(data, 3), HISTORY, 1000)
    except PrunedJsonError as exc:
        assert exc.line >= 1 and exc.column >= 1


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1,}',
        '{"a" 1}',
        '{\n  "a":\n  [1,\n   2,,]}',
        '{"projects": {"/p": {"history": [], "mcpServers": {"s": tru}}}}',
        '{"projects": {"/p": {"mcpServers": {"s":\n\n  {"command" "npx"}}}}}',
        "[1] x",
        "",
    ],
)
def test_an_error_in_what_is_kept_is_placed_as_json_loads_places_it(text):
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(text)
    for size in (1, 4, 1000):
        with pytest.raises(PrunedJsonError) as streamed:
            load_pruned(pieces(text.encode(), size), HISTORY, 1000)
        assert (streamed.value.msg, streamed.value.line, streamed.value.column) == (
            whole.value.msg,
            whole.value.lineno,
            whole.value.colno,
        )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"projects": {"/p": {"history": [{"display": "a"}}}}', "mismatched bracket"),
        ('{"projects": {"/p": {"history": [{"display": "a', "Unterminated string"),
        ('{"projects": {"/p": {"history": ' + "[" * 1100 + "]" * 1100 + "}}}", "nested too deeply"),
        ('{"a": "\xff"}', "not valid UTF-8"),
    ],
)
def test_a_broken_left_out_part_is_still_an_error(text, why):
    data = text.encode("latin-1") if "\xff" in text else text.encode()
    with pytest.raises(PrunedJsonError, match=why):
        load_pruned(pieces(data, 7), HISTORY, 10_000)


def test_a_byte_order_mark_is_read_past_as_the_whole_read_does():
    assert load_pruned(pieces(b'\xef\xbb\xbf{"a": 1}', 1), HISTORY, 100) == {"a": 1}


def test_more_to_keep_than_the_limit_is_too_large_however_it_is_spread():
    big = {"projects": {f"/p{i}": {"history": ["x" * 50], "allowed": "y" * 50} for i in range(40)}}
    data = json.dumps(big).encode()
    assert len(load_pruned(pieces(data, 64), HISTORY, 4000)["projects"]) == 40
    with pytest.raises(KeptTooLarge):
        load_pruned(pieces(data, 64), HISTORY, 3000)


def test_a_huge_history_is_passed_over_in_little_memory():
    """40 MB of prompt history (long pasted texts, nested contents, escapes) holds a few MB at most: the window
    and what is kept, never the history."""
    entry = {"display": 'run "tests" \\ ' + "x" * 3000, "pastedContents": {"1": {"content": "line\n" * 400}}}
    history = json.dumps([entry] * 8).encode()
    project = b'{"mcpServers": {"s": {"command": "npx"}}, "history": [' + b",".join([history[1:-1]] * 1000) + b"]}"
    data = b'{"projects": {"/p": ' + project + b', "/q": {"history": []}}, "mcpServers": {}}'
    assert len(data) > 40_000_000
    tracemalloc.start()
    try:
        got = load_pruned(pieces(data, 1 << 20), HISTORY, 1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == {"projects": {"/p": {"mcpServers": {"s": {"command": "npx"}}}, "/q": {}}, "mcpServers": {}}
    assert peak < 8 * 1024 * 1024
