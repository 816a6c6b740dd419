"""A corpus of hostile content packs: each gives a clear, positioned problem, never a traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.paths import bundled_content_dir


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), target)
    return target


def validate(capsys, folder) -> tuple[int, str]:
    code = main(["content", "validate", str(folder)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_non_utf8_file_name(pack_dir, capsys):
    open(os.path.join(os.fsencode(pack_dir / "guidance"), b"bad-\xff.md"), "wb").write(b"# x\n")
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "page name" in out and "\\udcff" in out


def test_symlinked_guidance_page_is_refused(pack_dir, capsys, tmp_path):
    (tmp_path / "outside.md").write_text("# secret\n")
    os.symlink(tmp_path / "outside.md", pack_dir / "guidance" / "linked.md")
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "guidance pages must be regular files" in out


def test_deeply_nested_toml_and_json(pack_dir, capsys):
    (pack_dir / "catalog.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (pack_dir / "advisories" / "deep.json").write_text("[" * 100000 + "]" * 100000)
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "catalog.toml" in out and "deep.json" in out


def test_escape_sequences_and_markup_in_pack_text_are_printed_inert(pack_dir, capsys):
    policy = pack_dir / "policy.toml"
    policy.write_text(policy.read_text() + '\n[tools.zed]\nstatus = "\\u001b]0;owned\\u0007[bold]x"\nrationale = "r"\n')
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_wrong_top_level_types(pack_dir, capsys):
    (pack_dir / "policy.toml").write_text('organization = "Example"\npolicy = 3\ntools = []\n')
    code, out = validate(capsys, pack_dir)
    assert code == 2
    assert "'organization' must be a table" in out and "'policy' must be a table" in out


def test_advisory_of_the_wrong_shape(pack_dir, capsys):
    (pack_dir / "advisories" / "list.json").write_text("[1, 2, 3]")
    (pack_dir / "advisories" / "noid.json").write_text('{"affected": []}')
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "must be a JSON object" in out and "needs a string 'id'" in out


def test_scan_with_a_hostile_pack_exits_2_and_writes_nothing(pack_dir, capsys, machine_factory):
    (pack_dir / "catalog.toml").write_text("[[tool]]\nid = '../../etc'\nname='x'\nvendor='y'\ncategory='editor'\n")
    m = machine_factory("linux")
    before = sorted(p for p in m.root.rglob("*"))
    code = main(["check", "--content", str(pack_dir), *m.cli_args()])
    out, err = capsys.readouterr()
    assert code == 2 and "must be lower-case letters" in err and out == ""
    assert sorted(p for p in m.root.rglob("*")) == before
