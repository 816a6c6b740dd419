"""A pack of thousands of tools: each problem still names its file and the line it is written on.

Loading such a pack skips work a valid pack does not need (a key an entry does not hold is not looked at, the
parsed data is walked for its nesting only when the check allows too deep a nesting, a surface rule's header
is searched for from its ``[[``), none of which may cost a problem its place: errors far down a big catalog and
policy, read from the folder and from the bytes of a signed archive alike, through the real CLI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support.packs import isolate_cli, run_cli
from tui.core.content import read_pack
from tui.paths import bundled_content_dir

TOOLS = 2000


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


def _tool(i: int) -> str:
    return (
        f'\n[[tool]]\nid = "many-{i}"\nname = "Many {i}"\nvendor = "Many"\ncategory = "coding-agent"\n'
        f'npm = ["many-{i}"]\nexecutables = ["many-{i}"]\n'
    )


def _rule(i: int) -> str:
    return (
        f'\n[tools.many-{i}]\nstatus = "conditional"\nrationale = "Many."\n'
        f'[[tools.many-{i}.conditions]]\nid = "ack"\ntext = "I confirm the rules."\nattest = true\n'
    )


def _big_pack(root: Path, catalog_edits: dict[int, tuple[str, str]], policy_edits: dict[int, tuple[str, str]]) -> Path:
    """The bundled pack with :data:`TOOLS` more tools, each with a conditional rule; ``*_edits``: for a tool's
    number, a text of its entry replaced by another."""
    shutil.copytree(bundled_content_dir(), root)
    for name, part, edits in (("catalog.toml", _tool, catalog_edits), ("policy.toml", _rule, policy_edits)):
        pieces = []
        for i in range(TOOLS):
            piece = part(i)
            if i in edits:
                old, new = edits[i]
                assert old in piece
                piece = piece.replace(old, new)
            pieces.append(piece)
        with open(root / name, "a", encoding="utf-8") as fh:
            fh.write("".join(pieces))
    return root


def _line(path: Path, needle: str) -> int:
    """The line ``needle`` is on (it must be on one line alone)."""
    found = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def test_a_valid_big_pack_has_no_problem(tmp_path):
    pack, problems = read_pack(_big_pack(tmp_path / "pack", {}, {}))
    assert problems == [] and len(pack.catalog.tools) > TOOLS and len(pack.policy.rules) > TOOLS


def test_problems_far_down_a_big_pack_name_their_lines(tmp_path, capsys):
    root = _big_pack(
        tmp_path / "pack",
        {
            1000: ('name = "Many 1000"', 'name = "  "'),  # an empty text
            1200: ('vendor = "Many"', "vendor = 1200"),  # a text of the wrong type
            1500: ('npm = ["many-1500"]', 'npm = "many-1500"'),  # a wrong type
            1998: ('vendor = "Many"', 'vendor = "Many"\ncolour = "red"'),  # an unknown key
            1999: ('name = "Many 1999"\n', ""),  # a required key missing: said at the entry's header
        },
        {
            1700: ("attest = true", 'attest = "yes"'),
            1800: ('text = "I confirm the rules."\n', ""),
            1900: ('rationale = "Many."', 'rationale = "Many."\nguide = "no-such-page"'),
        },
    )
    catalog, policy = root / "catalog.toml", root / "policy.toml"
    with open(policy, "a", encoding="utf-8") as fh:  # surface rules after them all, their lines found by a search
        fh.write('\n[[mcp.rules]]\nmatch = { npm = "many-mcp" }\nstatus = "tolerated"\n')
        fh.write('\n[[mcp.rules]]\nmatch = { npm = "many-mcp-2" }\nstatus = "approved"\n')
    expected = [
        (catalog, _line(catalog, 'id = "many-1000"') + 1, "'name' must not be empty"),
        (catalog, _line(catalog, "vendor = 1200"), "'vendor' must be a string, not int"),
        (catalog, _line(catalog, 'npm = "many-1500"'), "'npm' must be an array, not str"),
        (catalog, _line(catalog, 'colour = "red"'), "unknown key 'colour'"),
        (catalog, _line(catalog, 'id = "many-1999"') - 1, "missing required key 'name'"),
        (policy, _line(policy, 'attest = "yes"'), "'attest' must be true or false, not str"),
        (policy, _line(policy, "[[tools.many-1800.conditions]]"), "missing required key 'text'"),
        (policy, _line(policy, 'guide = "no-such-page"'), "names page 'no-such-page' which does not exist"),
        (policy, _line(policy, 'status = "tolerated"'), "unknown status 'tolerated'"),
    ]
    code, out, err = run_cli(capsys, "content", "validate", str(root))
    assert code == 2 and "Traceback" not in err, (out, err)
    for path, line, message in expected:
        said = rf"{re.escape(path.name)}:{line}:\d+: .*{re.escape(message)}"
        assert re.search(said, out), (said, out)

    # the same pack from the bytes of its signed archive: the same problems on the same lines
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    (pack, problems), (in_memory, from_archive) = read_pack(root), read_pack(root, files)
    assert [(p.line, p.message) for p in from_archive] == [(p.line, p.message) for p in problems]
    assert len(problems) >= len(expected)
    # where the last surface rule is written (shown beside a verdict it gives), after the bundled policy's own
    last = _line(policy, 'npm = "many-mcp-2"') - 1
    assert len(pack.policy.mcp.rules) > 1 and pack.policy.mcp.rules[-1].line == last
    assert in_memory.policy.mcp.rules[-1].line == last


def test_a_big_pack_nested_too_deep_through_arrays_of_tables_is_refused(tmp_path, capsys):
    """Only the parsed data shows how deep arrays of tables nest (``[[q]]``, ``[[q.q]]``, ...: each part an
    array's element): still refused, however big the pack around it."""
    root = _big_pack(tmp_path / "pack", {}, {})
    with open(root / "catalog.toml", "a", encoding="utf-8") as fh:
        fh.write("".join("\n[[q" + ".q" * i + "]]" for i in range(40)) + "\n")
    code, out, err = run_cli(capsys, "content", "validate", str(root))
    assert code == 2 and "Traceback" not in err, (out, err)
    assert "catalog.toml: TOML nesting too deep: more than 64 levels" in out and "(under q.0.q.0" in out, out


def test_loading_a_big_pack_runs_no_cycle_collection_and_leaves_the_collector_as_it_was(tmp_path):
    """Python's cycle collector, started every 700 new objects, went through everything parsed again and again
    (finding nothing): it is held off while a pack loads and on again after, also when loading fails, and left
    off when it was off."""
    import gc

    root = _big_pack(tmp_path / "pack", {}, {})
    passes: list[str] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(phase)

    gc.callbacks.append(count)
    try:
        assert gc.isenabled()
        assert read_pack(root)[1] == []
        assert passes == [] and gc.isenabled()
        (root / "policy.toml").write_text("[broken\n")
        assert read_pack(root)[1] and gc.isenabled()
        gc.disable()
        try:
            read_pack(root)
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(count)
