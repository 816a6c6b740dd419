"""A pack whose ``advisories`` (or ``guidance``) is not a folder is a broken pack, never one without advisories.

Before, an ``advisories/`` folder replaced by a file, a FIFO or a device validated as "0 advisories", and
``check`` then no longer flagged Claude Code 2.1.100 under AICHECK-2026-0001: a clean bill from a broken
pack. Real packs (folders, and a signed archive), the real commands."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tarfile
from pathlib import Path

import pytest

from support.packs import company_pack, isolate_cli, run_cli
from tui.core.signing import generate_key, sign_file


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _file(path: Path) -> None:
    path.write_text("{}\n")


def _to_dev_null(path: Path) -> None:
    path.symlink_to(os.devnull)


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "no-such-folder")


NOT_FOLDERS = {"a file": _file, "a FIFO": _fifo, "a link to a device": _to_dev_null, "a dangling link": _dangling}


@pytest.fixture
def affected(machine_factory):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.100", bin_name="claude")  # AICHECK-2026-0001 affects it
    return m


@pytest.mark.parametrize("folder", ["advisories", "guidance"])
@pytest.mark.parametrize("kind", sorted(NOT_FOLDERS))
def test_a_pack_folder_that_is_not_a_folder_is_a_problem_for_every_command(tmp_path, capsys, affected, folder, kind):
    pack = company_pack(tmp_path / "pack", None)
    shutil.rmtree(pack / folder)
    NOT_FOLDERS[kind](pack / folder)

    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 2 and "OK" not in out, out + err
    assert f"{folder}: not a folder" in out + err, out + err
    for command in ("check", "scan"):
        code, out, err = run_cli(capsys, command, "--json", "--content", str(pack), *affected.cli_args())
        assert code == 2 and f"{folder}: not a folder" in err and out == "", (command, out, err)


def test_an_advisories_file_in_a_signed_archive_is_refused(tmp_path, capsys, affected):
    """Built by hand (``content pack`` validates first): the archive holds a file ``advisories``."""
    key_file = tmp_path / "k.pem"
    public = generate_key(key_file)
    pack = company_pack(tmp_path / "pack", None)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(p for p in pack.rglob("*") if p.is_file() and "advisories" not in p.parts):
            tar.add(path, path.relative_to(pack).as_posix())
        info = tarfile.TarInfo("advisories")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"{}\n"))
    archive = tmp_path / "p.tar.gz"
    archive.write_bytes(gzip.compress(buf.getvalue()))
    sign_file(archive, key_file)
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')
    code, out, err = run_cli(capsys, "check", "--json", "--content", str(archive), *affected.cli_args())
    assert code == 2 and "advisories: not a folder" in err and out == "", err


def test_the_pack_with_its_advisories_flags_the_affected_version(tmp_path, capsys, affected):
    """The verdict the broken packs above took away: the same machine, the intact pack."""
    pack = company_pack(tmp_path / "pack", None)
    code, out, err = run_cli(capsys, "check", "--json", "--content", str(pack), *affected.cli_args())
    assert code == 1 and "AICHECK-2026-0001" in out, err
