"""The verdict palette (tui/app/text.py) measured: distinct for colour-blind readers, readable on every
built-in theme, unchanged in 256 colours and five different colours in 16, and never the only signal."""

from __future__ import annotations

from itertools import combinations

import pytest
from rich.cells import cell_len
from rich.color import Color, ColorSystem
from textual.theme import BUILTIN_THEMES

from support.colour import VISIONS, ciede2000, contrast, difference
from tui.app.text import MARKS, VERDICT_COLOURS
from tui.core.models import VERDICTS, Verdict

SIDES = {"dark": 0, "light": 1}
# Side by side, a CIEDE2000 difference of about 2 is just noticeable; from 7 two colours read as different
# ones at a glance. The pairs a reader must never mix up stay much further apart, in every vision.
APART = 7.0
NEVER_MIXED = ((Verdict.EXCEPTED, Verdict.CONDITIONAL), (Verdict.UNREVIEWED, Verdict.PROHIBITED))
FAR_APART = 20.0
READABLE = 3.0  # WCAG 2's contrast for bold text (the verdicts are always bold)
# the ANSI colours a 16-colour terminal may show for each verdict: its own hue, in either brightness
ANSI_FAMILY = {
    Verdict.PROHIBITED: {1, 9},  # red
    Verdict.CONDITIONAL: {3, 11},  # yellow
    Verdict.UNREVIEWED: {5, 13},  # magenta
    Verdict.EXCEPTED: {4, 6, 12, 14},  # blue or cyan
    Verdict.APPROVED: {2, 10},  # green
}
XTERM_16 = {  # xterm's default palette: what a 16-colour terminal shows for those ANSI colours
    1: "#cd0000", 2: "#00cd00", 3: "#cdcd00", 4: "#0000ee", 5: "#cd00cd", 6: "#00cdcd",
    9: "#ff0000", 10: "#00ff00", 11: "#ffff00", 12: "#5c5cff", 13: "#ff00ff", 14: "#00ffff",
}  # fmt: skip


def colours(side: str) -> dict[str, str]:
    return {v: pair[SIDES[side]] for v, pair in VERDICT_COLOURS.items()}


def ansi(colour: str) -> int:
    number = Color.parse(colour).downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return number


def test_ciede2000_matches_published_pairs():
    """Sharma, Wu & Dalal (2005), pairs 1, 7 and 17 of their test data."""
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert difference("#808080", "#808080", "deuteranopia") == pytest.approx(0, abs=0.5)  # greys stay grey


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("vision", ["normal", "protanopia", "deuteranopia"])
def test_every_pair_of_verdict_colours_stays_apart(side, vision):
    palette = colours(side)
    close = [
        (a, b, round(difference(palette[a], palette[b], vision), 1))
        for a, b in combinations(palette, 2)
        if difference(palette[a], palette[b], vision) < APART
    ]
    assert not close, f"{side} verdict colours too close for {vision}: {close}"


@pytest.mark.parametrize("side", SIDES)
def test_excepted_and_conditional_unreviewed_and_prohibited_never_look_alike(side):
    palette = colours(side)
    for a, b in NEVER_MIXED:
        for vision in VISIONS:
            assert difference(palette[a], palette[b], vision) >= FAR_APART, (side, a, b, vision)


@pytest.mark.parametrize("name", [n for n in BUILTIN_THEMES if not n.startswith("ansi-")])
def test_verdict_colours_are_readable_on_every_theme(name):
    """On the theme's own background, in the variant the app picks for it (dark or light)."""
    theme = BUILTIN_THEMES[name]
    background = theme.to_color_system().generate()["background"]
    palette = colours("dark" if theme.dark else "light")
    low = {v: round(contrast(c, background), 2) for v, c in palette.items() if contrast(c, background) < READABLE}
    assert not low, f"{name} ({background}): {low}"


@pytest.mark.parametrize("side", SIDES)
def test_256_and_16_colour_terminals(side):
    """256 colours: each colour is an xterm-256 one, shown unchanged. 16 colours: five different ANSI colours,
    each of its verdict's hue, and in xterm's palette the pairs never to mix up still stay apart."""
    palette = colours(side)
    for colour in palette.values():
        assert Color.parse(colour).downgrade(ColorSystem.EIGHT_BIT).get_truecolor().hex == colour
    numbers = {v: ansi(c) for v, c in palette.items()}
    assert len(set(numbers.values())) == len(numbers), numbers
    assert all(numbers[v] in ANSI_FAMILY[v] for v in numbers), numbers
    for a, b in NEVER_MIXED:
        for vision in VISIONS:
            assert difference(XTERM_16[numbers[a]], XTERM_16[numbers[b]], vision) >= FAR_APART, (a, b, vision)


def test_each_verdict_has_its_own_mark():
    """Colour is never the only signal: one distinct, one-cell mark per verdict."""
    marks = [MARKS[v] for v in VERDICTS]
    assert len(set(marks)) == len(VERDICTS)
    assert all(cell_len(m) == 1 and m.strip() for m in marks)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_the_stylesheet_reads_the_same_palette(theme):
    from tui.app.app import AicheckApp

    variables = AicheckApp(theme=theme).get_css_variables()
    side = 0 if BUILTIN_THEMES[theme].dark else 1
    assert {v: variables[f"verdict-{v}"] for v in VERDICTS} == {v: VERDICT_COLOURS[v][side] for v in VERDICTS}
