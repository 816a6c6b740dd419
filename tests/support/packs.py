"""Content packs for tests: copies of the bundled pack with a pack.toml of their own."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui.paths import bundled_content_dir


def company_pack(folder: Path, expires: str | None, version: str = "2026.12.1") -> Path:
    """A copy of the bundled pack as the company ``acme`` (``expires`` written as given, in TOML syntax)."""
    shutil.copytree(bundled_content_dir(), folder)
    meta = f'id = "acme"\nversion = "{version}"\n' + (f"expires = {expires}\n" if expires else "")
    (folder / "pack.toml").write_text(meta)
    return folder
