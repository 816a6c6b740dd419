"""Parse each stylesheet once per test process, not once per app.

Every app a test starts parses the same CSS again (aicheck.tcss and every widget's DEFAULT_CSS), and again
whenever the theme's variables are set: Textual's parse cache belongs to one app's stylesheet and is emptied
on ``set_variables``. That was about 55 ms of CPU per app start, and the app tests start about 120 apps.
Here the parsed rules are kept for the process, keyed on everything the parse depends on: the CSS text, where
it came from, its defaults flag, tie breaker and scope, and the variables it was parsed with. Textual already
treats parsed rule sets as read-only (its own cache hands the same lists to every reparse), so apps sharing
them see exactly the rules a fresh parse gives. A CSS error is not kept: it is raised again on every parse.
"""

from __future__ import annotations

from typing import Any

_PARSED: dict[tuple[Any, ...], list[Any]] = {}


def install() -> None:
    """Share parsed rules between the apps of this process (Textual is pinned exactly)."""
    from textual.css.stylesheet import Stylesheet

    textual_parse_rules = Stylesheet._parse_rules
    if getattr(textual_parse_rules, "shared", False):
        return

    def parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[Any]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        rules = _PARSED.get(key)
        if rules is None:
            rules = _PARSED[key] = textual_parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return rules

    parse_rules.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]
