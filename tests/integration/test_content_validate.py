"""`aicheck content validate`: every problem of a malformed pack, compiler-style, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.content import read_pack
from tui.paths import bundled_content_dir


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), target)
    return target


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in read_pack(folder)[1]]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_bundled_pack_is_valid(capsys):
    assert main(["content", "validate", str(bundled_content_dir())]) == 0


def test_toml_syntax_error_has_line_and_column(pack_dir, capsys):
    (pack_dir / "policy.toml").write_text('[organization]\nname = "X"\n[policy\nversion = "1"\n')
    code = main(["content", "validate", str(pack_dir)])
    out = capsys.readouterr().out
    assert code == 2
    assert "policy.toml:3:" in out and "TOML syntax error" in out


def test_wrong_type_unknown_key_bad_status_point_at_their_lines(pack_dir):
    policy = pack_dir / "policy.toml"
    policy.write_text(policy.read_text() + '\n[tools.zed]\nstatus = "banned-ish"\nrationale = "r"\n')
    bad_status_line = line_of(policy, "banned-ish")
    replace(policy, "exception_max_days = 90", 'exception_max_days = "ninety"')
    catalog = pack_dir / "catalog.toml"
    replace(catalog, 'executables = ["claude"]', 'executabels = ["claude"]')
    typo_line = line_of(catalog, "executabels")
    found = "\n".join(problems_of(pack_dir))
    assert f"policy.toml:{bad_status_line}:" in found and "unknown status 'banned-ish'" in found
    assert "'exception_max_days' must be an integer, not str" in found
    assert f"catalog.toml:{typo_line}:1: unknown key 'executabels'" in found


@pytest.mark.parametrize("days", [3661, 10**20])
def test_an_exception_longer_than_ten_years_is_refused_where_the_pack_allows_it(pack_dir, days):
    """A request record with more than ten years is refused as damage when it is read back: a pack whose
    exception_max_days allows more would let the form write drafts aicheck then cannot read. It is refused in
    the pack, at its line."""
    policy = pack_dir / "policy.toml"
    replace(policy, "exception_max_days = 90", f"exception_max_days = {days}")
    found = "\n".join(problems_of(pack_dir))
    line = line_of(policy, "exception_max_days =")
    assert f"policy.toml:{line}:" in found and "exception_max_days must be between 1 and 3660" in found, found


def test_duplicate_ids_unknown_alternatives_and_cycles(pack_dir):
    catalog = pack_dir / "catalog.toml"
    catalog.write_text(
        catalog.read_text() + '\n[[tool]]\nid = "cursor"\nname = "Again"\nvendor = "X"\ncategory = "editor"\n'
    )
    policy = pack_dir / "policy.toml"
    policy.write_text(
        policy.read_text() + '\n[tools.zed]\nstatus = "conditional"\nrationale = "r"\n'
        'alternatives = ["warp", "no-such-tool"]\n'
        '[tools.warp]\nstatus = "conditional"\nrationale = "r"\nalternatives = ["zed"]\n'
    )
    found = "\n".join(problems_of(pack_dir))
    assert "duplicate tool id 'cursor'" in found
    assert "alternative 'no-such-tool' of 'zed' is not in the catalog" in found
    assert "alternatives form a cycle: zed -> warp -> zed" in found or "cycle" in found


def test_bad_version_ranges(pack_dir):
    replace(pack_dir / "policy.toml", 'versions = ">=2.1.198"', 'versions = ">=two"')
    adv = pack_dir / "advisories" / "AICHECK-2026-0001.json"
    data = json.loads(adv.read_text())
    data["affected"][0]["ranges"][0]["events"] = [{"fixed": "1.0"}]
    adv.write_text(json.dumps(data, indent=2))
    found = "\n".join(problems_of(pack_dir))
    assert "bad version constraint" in found
    assert "a range needs an 'introduced' event" in found


def test_invalid_advisory_json_position(pack_dir):
    (pack_dir / "advisories" / "broken.json").write_text('{\n  "id": "X",\n  "affected": [,]\n}\n')
    found = problems_of(pack_dir)
    assert any(
        p.startswith(str(pack_dir / "advisories" / "broken.json") + ":3:") or ":3:" in p
        for p in found
        if "broken.json" in p
    )


def test_guidance_link_to_missing_page_and_traversal(pack_dir):
    page = pack_dir / "guidance" / "overview.md"
    page.write_text(page.read_text() + "\nSee [secrets](../../etc/passwd) and [gone](missing-page.md).\n")
    found = "\n".join(problems_of(pack_dir))
    assert "link to '../../etc/passwd' does not name a page of this pack" in found
    assert "link to 'missing-page.md' does not name a page of this pack" in found


def test_condition_shapes(pack_dir):
    policy = pack_dir / "policy.toml"
    policy.write_text(
        policy.read_text() + '\n[tools.zed]\nstatus = "conditional"\nrationale = "r"\n'
        '[[tools.zed.conditions]]\nid = "c"\ntext = "t"\nfiles = ["{home}/.x.json"]\n'
    )
    found = "\n".join(problems_of(pack_dir))
    assert "condition 'c' lists files but no 'key'" in found


def test_oversized_and_non_utf8_files(pack_dir):
    (pack_dir / "catalog.toml").write_bytes(b"# " + b"x" * (9 * 1024 * 1024))
    (pack_dir / "guidance" / "bad.md").write_bytes(b"# Title\n\xff\xfe")
    found = "\n".join(problems_of(pack_dir))
    assert "file too large" in found and "not valid UTF-8" in found


def test_missing_pack_folder(tmp_path, capsys):
    assert main(["content", "validate", str(tmp_path / "nope")]) == 2
    assert f"{tmp_path / 'nope'}: no such folder" in capsys.readouterr().err


def test_a_missing_guide_page_and_an_overlong_number_point_at_their_lines(pack_dir):
    """Every pack problem names its file and line: a guide page that does not exist (it had no line), and a
    number too long to read in an advisory (it showed Python's own advice to raise a limit)."""
    policy = pack_dir / "policy.toml"
    text = policy.read_text()
    page = next(line.split('"')[1] for line in text.splitlines() if line.startswith('guide = "'))
    replace(policy, f'guide = "{page}"', 'guide = "no-such-page"')
    guide_line = line_of(policy, 'guide = "no-such-page"')
    advisory = next((pack_dir / "advisories").glob("*.json"))
    advisory.write_text('{\n  "id": "X-1",\n  "modified": ' + "7" * 5000 + "\n}\n")
    found = "\n".join(problems_of(pack_dir))
    assert f"policy.toml:{guide_line}:" in found and "names page 'no-such-page' which does not exist" in found
    assert f"{advisory.name}:3:15: invalid JSON: a number too long to read" in found, found
    assert "set_int_max_str_digits" not in found


@pytest.mark.parametrize(
    "moved", ["advisories/AICHECK-2026-0001.JSON", "advisories/2026/AICHECK-2026-0001.json", "advisories/A.json.txt"]
)
def test_an_advisory_file_that_would_not_be_read_is_a_problem_naming_it(
    pack_dir, tmp_path, capsys, monkeypatch, machine_factory, moved
):
    """Red team: an advisory with an upper-case suffix or in a sub-folder was skipped without a word: validate
    said OK with "0 advisories", `content pack` signed it, and the affected Claude Code was a clean bill."""
    from tui.core.signing import generate_key, sign_file
    from tui.packs.archive import build_archive

    (pack_dir / moved).parent.mkdir(exist_ok=True)
    (pack_dir / "advisories" / "AICHECK-2026-0001.json").rename(pack_dir / moved)
    (pack_dir / "advisories" / ".DS_Store").write_bytes(b"\0")  # a dot-file: left out of an archive, not read
    assert main(["content", "validate", str(pack_dir)]) == 2
    out = capsys.readouterr().out
    kind = "folder" if moved.count("/") == 2 else "file"
    shown = "advisories/2026" if kind == "folder" else moved
    assert f"{shown}: a {kind} in advisories/ that is not read" in out and ".DS_Store" not in out, out
    # the same pack signed and passed as an archive (read from its bytes): refused the same way
    key = tmp_path / "k.pem"
    public = generate_key(key)
    archive = tmp_path / "p.tar.gz"
    (pack_dir / "pack.toml").write_text('id = "acme"\nversion = "2026.12.1"\n')
    build_archive(pack_dir, archive)
    sign_file(archive, key)
    config = tmp_path / "config.toml"
    config.write_text(f'[content]\npublic_key = "{public}"\n')
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    monkeypatch.setenv("AICHECK_CONFIG", str(config))
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(tmp_path / "cache"))
    code = main(["check", "--content", str(archive), *m.cli_args()])
    err = capsys.readouterr().err
    assert code == 2 and "that is not read" in err, err
