"""A content pack's problems are listed as a compiler lists them: each file's in line order."""

from __future__ import annotations

from tui.errors import ContentError, Problem


def test_problems_are_listed_in_line_order_per_file():
    found = [
        Problem("policy.toml", "b", 53, 1),
        Problem("guidance/x.md", "d", 9, 2),
        Problem("policy.toml", "a", 39, 1),
        Problem("policy.toml", "no line"),
        Problem("guidance/x.md", "c", 3, 12),
    ]
    assert [p.message for p in ContentError(found).problems] == ["no line", "a", "b", "c", "d"]
