"""Every output option (``-o``/``--output``) writes only where nothing is yet, or over a regular file.

``content pack/sign/keygen`` learnt this first (tests/integration/test_pack_outputs.py). ``grant issue -o`` and
``impact export -o`` renamed their file over whatever the path was and exited 0: a FIFO was gone (a reader
waiting on it left hanging), a symbolic link replaced by a file (the file it named left stale, and the grant
not where the link said), and, run as root, a device node replaced by a regular file. Now the same one check
refuses it (exit 2, one line naming the path) before anything is written. Only FIFOs, links and folders under
tmp_path here: never a real device node."""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path

import pytest

from support.grants import USER, new_key, pack_pinning, set_user
from support.in_the_way import dangling, fifo, folder, link
from support.in_the_way import kind as kind_of
from support.packs import run_cli

IN_THE_WAY = {"a FIFO": fifo, "a link to a file": link, "a dangling link": dangling, "a folder": folder}


@pytest.fixture
def issue_grant(tmp_path, capsys):
    """``aicheck grant issue … -o OUT``: (exit code, stdout, stderr)."""
    key_file, public = new_key(tmp_path / "keys")
    pack = pack_pinning(tmp_path, [public])
    set_user(USER)
    until = (dt.date.today() + dt.timedelta(days=20)).isoformat()

    def issue(out: Path) -> tuple[int, str, str]:
        fixed = ("--key", str(key_file), "--user", USER, "--tool", "cursor", "--until", until)
        return run_cli(capsys, "grant", "issue", *fixed, "-o", str(out), "--content", str(pack))

    return issue


@pytest.fixture
def export_impact(capsys):
    """``aicheck impact export ID -o OUT`` of a fresh impact document: (exit code, stdout, stderr)."""
    code, out, err = run_cli(capsys, "impact", "new", "--tool", "cursor", "--workflow", "Review:60:30:4")
    assert code == 0, err
    doc_id = re.search(r"IMP-[0-9A-Z-]+", out)
    assert doc_id, out

    def export(path: Path) -> tuple[int, str, str]:
        return run_cli(capsys, "impact", "export", doc_id.group(0), "-o", str(path))

    return export


@pytest.mark.parametrize("what", sorted(IN_THE_WAY))
@pytest.mark.parametrize("command", ["grant issue", "impact export"])
def test_an_output_option_never_writes_over_what_is_not_a_regular_file(tmp_path, request, command, what):
    write = request.getfixturevalue("issue_grant" if command == "grant issue" else "export_impact")
    out = tmp_path / "out.txt"
    other = IN_THE_WAY[what](out)
    kind = kind_of(out)
    code, stdout, err = write(out)
    assert code == 2 and str(out) in err and "internal error" not in err, (code, err)
    assert len(err.strip().splitlines()) == 1, err
    assert kind_of(out) == kind and stdout == ""
    if what == "a link to a file":
        assert other.read_text() == "someone else's file\n"
    if what == "a dangling link":
        assert not other.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


@pytest.mark.parametrize("command", ["grant issue", "impact export"])
def test_an_output_option_replaces_a_regular_file_atomically(tmp_path, request, command):
    write = request.getfixturevalue("issue_grant" if command == "grant issue" else "export_impact")
    out = tmp_path / "out.txt"
    out.write_text("an older copy\n")
    code, _, err = write(out)
    assert code == 0, err
    text = out.read_text()
    assert ("BEGIN AICHECK GRANT" in text) if command == "grant issue" else text.startswith("#")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
