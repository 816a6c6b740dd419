#!/usr/bin/env python3
"""Regenerate screenshots/ from the real app running on the bundled demo machine.

    python scripts/screenshots.py [--out screenshots] [--size 100x32]

Writes one SVG per main screen (Textual's own export) and a PNG beside it when CairoSVG is importable
(install the ``fonts-firacode`` Debian package for faithful glyphs). Uses a throw-away data folder, so
your own onboarding progress never appears in a picture.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHOTS = (
    ("dashboard", ()),
    ("detail", ("enter",)),
    ("detail-hostile-text", ("down", "enter")),
    ("walkthrough", ("enter", "w")),
    ("guidance", ("g",)),
    ("onboarding", ("o",)),
    ("about", ("a",)),
    ("help", ("question_mark",)),
)


async def shoot(name: str, keys: tuple[str, ...], out: Path, size: tuple[int, int], machine_dir: Path) -> Path:
    from tui.app.app import AicheckApp
    from tui.app.main import demo_args

    args = demo_args(argparse.Namespace(content=None, demo=True), root=machine_dir)
    app = AicheckApp(args, theme="textual-dark")
    async with app.run_test(size=size) as pilot:
        async def settle():
            for _ in range(100):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if not app.scanning:
                    break
        await settle()
        for key in keys:
            await pilot.press(key)
            await settle()
        await pilot.pause(0.2)
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
        return path


def to_png(svg: Path) -> Path | None:
    try:
        import cairosvg
    except ImportError:
        return None
    png = svg.with_suffix(".png")
    cairosvg.svg2png(url=str(svg), write_to=str(png), output_width=1400)
    return png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--size", default="100x32")
    opts = parser.parse_args()
    width, height = (int(x) for x in opts.size.split("x"))
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AICHECK_DATA_DIR"] = str(Path(tmp) / "data")
        machine_dir = Path(tmp) / "demo-machine"
        for name, keys in SHOTS:
            svg = asyncio.run(shoot(name, keys, out, (width, height), machine_dir))
            png = to_png(svg)
            print(svg.relative_to(ROOT) if svg.is_relative_to(ROOT) else svg, "+ png" if png else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
