"""Where a rule of a surface section is written: found by its header without indexing the whole file (a pack
of thousands of tools), and the same line the full index gives, also where a search could be fooled."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.core.tomldoc import TomlDoc
from tui.paths import bundled_content_dir


def _lines(text: str) -> tuple[list[int | None], list[int | None]]:
    count = len(tomllib.loads(text)["mcp"]["rules"])
    fast = TomlDoc(Path("policy.toml"), "policy.toml", text)
    full = TomlDoc(Path("policy.toml"), "policy.toml", text)
    searched = [fast.table_line(("mcp", "rules", i), count) for i in range(count)]
    return searched, [full.pos(("mcp", "rules", i))[0] for i in range(count)]


def test_the_bundled_policys_rules():
    searched, indexed = _lines((bundled_content_dir() / "policy.toml").read_text())
    assert searched == indexed and len(searched) >= 5


RULE = 'match = { npm = "x" }\nstatus = "approved"\n'


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"[[mcp.rules]]\n{RULE}\n[[mcp.rules]]\n{RULE}", [1, 5]),
        (f"[[ mcp . rules ]]\n{RULE}\n  [[mcp.rules]]\n{RULE}", [1, 5]),  # spaces
        # a header written inside a multi-line string is text, not a header
        (f'[x]\nnote = """\n[[mcp.rules]]\n"""\n[[mcp.rules]]\n{RULE}', [5]),
        # quoted keys: the search finds fewer headers than rules, and the index answers
        (f'[["mcp".rules]]\n{RULE}\n[[mcp.rules]]\n{RULE}', [1, 5]),
        # a commented header is no header, nor one in a string after a key
        (f"# [[mcp.rules]]\n[[mcp.rules]]\n{RULE}", [2]),
        (f'[x]\nnote = "[[mcp.rules]]"\n\t[[mcp.rules]]\n{RULE}', [3]),
    ],
)
def test_headers_a_search_could_miscount(text, expected):
    searched, indexed = _lines(text)
    assert searched == indexed == expected
