"""Nothing that ships or is published names a folder of the machine that built it: the installed package
(with the bundled pack, i.e. the wheel's files when installed from one), the content pack, the docs, the
README and the screenshots."""

from __future__ import annotations

from pathlib import Path

import tui

REPO = Path(__file__).resolve().parents[2]
# temporary folders (tempfile, pytest), and the homes of build machines and CI runners
MACHINE_PATHS = (b"/tmp/tmp", b"/work/", b"/root/", b"pytest-of-", b"/home/runner/")


def _published_files() -> list[Path]:
    package = Path(tui.__file__).resolve().parent
    roots = [package, REPO / "content", REPO / "docs", REPO / "screenshots", REPO / "README.md"]
    files: list[Path] = []
    for root in roots:
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        # compiled bytecode records where it was compiled; it is not part of the wheel
        files += [p for p in candidates if "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return files


def test_published_files_name_no_machine_path():
    files = _published_files()
    assert any(p.name == "catalog.toml" for p in files) and any(p.suffix == ".svg" for p in files)
    leaks = [f"{p}: {needle.decode()}" for p in files for needle in MACHINE_PATHS if needle in p.read_bytes()]
    assert not leaks, "a build machine's path in a published file:\n" + "\n".join(leaks)
