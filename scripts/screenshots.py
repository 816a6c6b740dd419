#!/usr/bin/env python3
"""Regenerate screenshots/ from the real app running on the bundled demo machine.

    python scripts/screenshots.py [--out screenshots] [--size 120x40] [--only impact,exception-form]

Writes one SVG per main screen (Textual's own export) and a PNG beside it when CairoSVG is importable
(install the ``fonts-firacode`` Debian package for faithful glyphs: every glyph the app draws is in
Fira Code), and screenshots/tour.gif from some of the PNGs when Pillow is importable. Uses a throw-away data folder, so
your own onboarding progress never appears in a picture, and a fixed clock and fixed ids (:func:`fixed_clock`), so
running it again changes no file unless the app's look changed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import re
import sys
import tempfile
import types
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the day the screenshots judge for, so they show the example pack's dated change with its countdown
# whenever they are taken (the pack announces Aider prohibited from 2026-12-15)
SCREENSHOT_DAY = dt.date(2026, 11, 23)
# the instant every clock in the pictures reads (scan time, request and impact records, onboarding steps,
# the webhook's signed timestamp), the request's id and the scan's duration: the same on every run
SCREENSHOT_NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
REQUEST_ID = "REQ-20261123-5EED02"
IMPACT_ID = "IMP-20261123-5EED03"
SCAN_SECONDS = 0.04
sys.path.insert(0, str(ROOT))

# what the pictures show in place of the throw-away folder (no path of the machine that took them)
SHOWN_FOLDER = "~/.cache/aicheck"

JUSTIFICATION = "Porting 12 services to the new billing API needs multi-repo refactors that Copilot lacks."


def seed_impact(app) -> None:
    """A filled-in impact document for Claude Code (what a user would have typed)."""
    from tui.demo.samples import sample_impact
    from tui.requests.store import ImpactStore

    ImpactStore().save(sample_impact())


def fill_form(app) -> None:
    """The exception form as a user fills it: justification, data, duration, mitigations, the impact doc."""
    from textual.widgets import Checkbox, Input, Select, TextArea

    form = app.screen
    form.query_one("#justification", TextArea).text = JUSTIFICATION
    form.query_one("#days", Input).value = "45"
    for cid in ("#dc-1", "#dc-4", "#mit-1", "#mit-2"):
        form.query_one(cid, Checkbox).value = True
    form.query_one("#impact-doc", Select).value = "IMP-20261103-5EED01"
    form.query_one("#justification", TextArea).focus()


@contextlib.contextmanager
def fixed_clock() -> Iterator[None]:
    """Every clock and random id the pictures show, fixed for the run (the module attributes the app
    looks up when it runs; the tests fix the same ones with monkeypatch)."""
    import tui.core.scanner
    import tui.intake.webhook
    import tui.requests.impact
    import tui.requests.model
    import tui.requests.outbox
    import tui.services.onboarding

    real_scan = tui.core.scanner.scan  # looked up there at each scan (the session imports it then)

    def scan_at_a_fixed_time(*args, **kwargs):  # the About screen shows when and how long
        report = real_scan(*args, **kwargs)
        report.started, report.seconds = SCREENSHOT_NOW, SCAN_SECONDS
        return report

    def now() -> dt.datetime:
        return SCREENSHOT_NOW

    fixed = (
        (tui.requests.model, "now_utc", now),
        (tui.requests.outbox, "now_utc", now),
        (tui.requests.impact, "_now", now),
        (tui.services.onboarding, "_now", now),
        (tui.requests.model, "new_request_id", lambda now=None: REQUEST_ID),
        (tui.requests.model, "new_fingerprint", lambda: tui.requests.model.fingerprint_of(REQUEST_ID)),
        (tui.requests.impact, "new_impact_id", lambda now=None: IMPACT_ID),
        (tui.core.scanner, "scan", scan_at_a_fixed_time),
        # the preview's webhook-timestamp header (time.time() in that module only)
        (tui.intake.webhook, "time", types.SimpleNamespace(time=SCREENSHOT_NOW.timestamp)),
    )
    saved = [(module, name, getattr(module, name)) for module, name, _ in fixed]
    for module, name, value in fixed:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def light(app) -> None:
    app.theme = "textual-light"


# each step: a key to press, or a function of the app to call; then optional {"size": (w, h), "demo": False}.
# The shots run on the demo disk with the bundled example pack. Those that show where a request goes run as
# plain `aicheck` ("demo": False): they show the pack's webhook intake, its signed headers with the secret
# redacted, and the title says "bundled example pack". Run as `aicheck --demo` they would claim "demo: nothing
# is kept or sent" above a webhook URL, while the real demo sends to its local intake (a folder).
SENDS = {"demo": False}
SHOTS = (
    ("dashboard", ()),
    ("dashboard-80x24", (), {"size": (80, 24)}),
    ("dashboard-light", (light, "down", "down", "down", "down")),
    ("detail", ("enter",)),
    ("detail-hostile-text", ("down", "enter")),
    ("detail-80x24", ("enter",), {"size": (80, 24)}),
    ("detail-light", (light, "down", "down", "down", "down", "down", "enter")),
    ("walkthrough", ("enter", "w")),
    ("guidance", ("g",)),
    ("onboarding", ("o",)),
    ("onboarding-80x24", ("o",), {"size": (80, 24)}),
    ("surface", ("m",)),
    ("about", ("a",)),
    ("help", ("question_mark",)),
    ("impact", (seed_impact, "enter", "i")),
    ("exception-form", (seed_impact, "enter", "e", fill_form)),
    ("exception-form-80x24", (seed_impact, "enter", "e", fill_form), {"size": (80, 24)}),
    ("exception-preview", (seed_impact, "enter", "e", fill_form, "ctrl+o"), SENDS),
    ("exception-payload", (seed_impact, "enter", "e", fill_form, "ctrl+o", "p"), SENDS),
    ("requests", (seed_impact, "enter", "e", fill_form, "ctrl+s", "escape", "x")),
)
# the README's tour: these shots, in this order, as the frames of screenshots/tour.gif
TOUR = ("dashboard", "dashboard-light", "detail", "exception-form", "exception-preview", "exception-payload")


async def shoot(name: str, keys: tuple, out: Path, size: tuple[int, int], machine_dir: Path, demo: bool = True) -> Path:
    from tui.app.app import AicheckApp
    from tui.app.main import demo_args

    args = demo_args(argparse.Namespace(content=None, demo=demo), root=machine_dir)
    app = AicheckApp(args, theme="textual-dark", today=SCREENSHOT_DAY, cursor_blink=False)  # the same picture every run
    async with app.run_test(size=size) as pilot:

        async def settle():
            for _ in range(100):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if not app.scanning:
                    break

        await settle()
        for step in keys:
            if callable(step):
                step(app)
            else:
                await pilot.press(step)
            await settle()
        await pilot.pause(0.2)
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
    path.write_text(path.read_text(encoding="utf-8").replace(str(machine_dir.parent), SHOWN_FOLDER), encoding="utf-8")
    return path


def to_png(svg: Path) -> Path | None:
    try:
        import cairosvg
    except ImportError:
        return None
    png = svg.with_suffix(".png")
    # Textual's SVG names Fira Code by @font-face rules whose sources are a CDN's URLs (CairoSVG would try
    # to fetch them), and as the list "Fira Code, monospace", which cairo takes as one family's name: either
    # way the text falls back to a proportional font that breaks the columns. Without the rules and with one
    # family, it is the installed Fira Code (fontconfig)
    text = re.sub(r"@font-face\s*\{[^}]*\}", "", svg.read_text(encoding="utf-8"))
    text = text.replace("font-family: Fira Code, monospace;", "font-family: Fira Code;")  # unquoted: cairo keeps quotes
    cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(png))  # natural size: scaling shifts glyphs
    return png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--only", default="", metavar="NAMES", help="comma-separated shots to regenerate")
    opts = parser.parse_args()
    # The pictures are of a true-colour terminal, whatever terminal (or none) runs this script: the app
    # asks it how many colours there are (a 16-colour one gets another focus frame).
    os.environ["COLORTERM"] = "truecolor"
    width, height = (int(x) for x in opts.size.split("x"))
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HOME"] = tmp  # aicheck shows its own files as ~/...: no temporary path in a picture
        os.environ["AICHECK_DATA_DIR"] = str(Path(tmp) / "aicheck-data")
        os.environ["AICHECK_STATE_DIR"] = str(Path(tmp) / "state")  # the theme you chose stays out of them
        os.environ["AICHECK_CONFIG"] = str(Path(tmp) / "config.toml")  # the pack's own [intake]: see SENDS
        (Path(tmp) / "config.toml").write_text("")  # a config AICHECK_CONFIG names must be there
        gitconfig = Path(tmp) / "gitconfig"  # a made-up requester, never yours
        gitconfig.write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
        os.environ["GIT_CONFIG_GLOBAL"] = str(gitconfig)
        machine_dir = Path(tmp) / "demo-machine"
        only = {n.strip() for n in opts.only.split(",") if n.strip()}
        with fixed_clock():
            for name, keys, *options in SHOTS:
                if only and name not in only:
                    continue
                option = options[0] if options else {}
                size = option.get("size", (width, height))
                svg = asyncio.run(shoot(name, keys, out, size, machine_dir, option.get("demo", True)))
                png = to_png(svg)
                print(svg.relative_to(ROOT) if svg.is_relative_to(ROOT) else svg, "+ png" if png else "")
    tour = make_tour(out)
    if tour is not None:
        print(tour.relative_to(ROOT) if tour.is_relative_to(ROOT) else tour)
    return 0


def make_tour(out: Path) -> Path | None:
    """A multi-frame tour (an animated GIF, 3 s a frame) from the PNGs, when Pillow is importable."""
    try:
        from PIL import Image
    except ImportError:
        return None
    pngs = [out / f"{name}.png" for name in TOUR]
    if not all(p.exists() for p in pngs):
        return None
    frames = [Image.open(p).convert("RGB") for p in pngs]
    width = max(f.width for f in frames)
    frames = [f.resize((width, round(f.height * width / f.width))) if f.width != width else f for f in frames]
    gif = out / "tour.gif"
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=3000, loop=0, optimize=True)
    return gif


if __name__ == "__main__":
    raise SystemExit(main())
