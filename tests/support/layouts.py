"""The layouts real installers wrote (tests/fixtures/layouts, recorded by scripts/record_layouts.py), replayed
under tmp_path as real folders, files and symbolic links."""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.machine import Machine
from tui.demo.synthetic import SyntheticMachine

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


def load(name_or_path: str | Path) -> dict:
    path = name_or_path if isinstance(name_or_path, Path) else LAYOUTS / f"{name_or_path}.json"
    return json.loads(path.read_text())


def replay(fixture: dict, root: Path) -> Machine:
    """Lay the recorded entries out under ``root`` (the machine's ``/``), as real files and links."""
    m = SyntheticMachine(root, fixture["platform"], home=fixture["home"])
    m.recorded_layout(fixture)
    return Machine(root=root, home=fixture["home"], platform=fixture["platform"], search_path=m.search_path, env={})
