"""A pack nested deeper than anything walks safely is a problem with its file and line, never a crash.

Red team: a policy.toml with one dotted table header 30,000 keys deep parsed (tomllib builds dotted keys
without recursion), then the policy's fingerprint (json.dumps) ran out of stack: `check` and `content
validate` ended in an internal error (exit 3), also when the pack came as a signed update (the refusal path
was never taken). Real packs, the real CLI, a real HTTP server for the update."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support.packs import company_pack, isolate_cli, run_cli, serve_folder
from tui.core.signing import generate_key, sign_file
from tui.packs.archive import build_archive
from tui.paths import bundled_content_dir

DEEP_HEADER = "\n[tools.ollama." + ".".join(["a"] * 30000) + "]\n"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


def _pack(tmp_path: Path, name: str = "pack") -> Path:
    root = tmp_path / name
    shutil.copytree(bundled_content_dir(), root)
    return root


def _append(path: Path, text: str) -> int:
    """Append ``text``; the line number its last line gets (the one that nests too deep)."""
    before = path.read_text()
    path.write_text(before + text)
    return before.count("\n") + 1 + text.rstrip("\n").count("\n")


def _validate(capsys, root: Path) -> str:
    code, out, err = run_cli(capsys, "content", "validate", str(root))
    assert code == 2 and "internal error" not in err and "Traceback" not in err, (out, err)
    return out + err


@pytest.mark.parametrize(
    ("file", "text"),
    [
        ("policy.toml", DEEP_HEADER),
        ("policy.toml", "\n[tools.ollama.x]\ny = " + "{ a = " * 70 + "1" + " }" * 70 + "\n"),
        ("policy.toml", "\n[tools.ollama.zz]\nz." + ".".join(["b"] * 80) + " = 1\n"),
        (
            "catalog.toml",
            '\n[[tool]]\nid = "deep"\nname = "d"\nvendor = "v"\ncategory = "cli"\n'
            "[tool." + ".".join(["c"] * 80) + "]\n",
        ),
        ("pack.toml", "\n[" + ".".join(["p"] * 5000) + "]\n"),
    ],
    ids=["dotted-header", "inline-tables", "dotted-key", "catalog", "pack-toml"],
)
def test_a_toml_file_nested_too_deep_is_a_problem_with_its_line(tmp_path, capsys, machine_factory, file, text):
    root = _pack(tmp_path)
    line = _append(root / file, text)
    said = _validate(capsys, root)
    where = re.compile(rf"{file}:{line}:\d+: TOML nesting too deep: more than 64 levels of tables, arrays")
    assert where.search(said), said
    m = machine_factory("linux")
    code, out, err = run_cli(capsys, "check", "--content", str(root), *m.cli_args())
    assert code == 2 and out == "" and where.search(err), err


def test_an_advisory_nested_too_deep_is_a_problem_with_its_line(tmp_path, capsys):
    root = _pack(tmp_path)
    adv = root / "advisories" / "AICHECK-2026-0001.json"
    text = adv.read_text()
    # a field aicheck does not read, 100 levels deep (json parses it; what walks it later might not)
    adv.write_text(text.replace("{", '{"deep":\n' + "[" * 100 + "]" * 100 + ",", 1))
    said = _validate(capsys, root)
    assert "AICHECK-2026-0001.json:2:65: JSON nesting too deep: more than 64 levels" in said, said
    # deeper than Python's JSON parser goes (a RecursionError): said the same way, with its place
    adv.write_text(text.replace("{", '{"deep": ' + "[" * 100000 + "]" * 100000 + ",", 1))
    said = _validate(capsys, root)
    assert "AICHECK-2026-0001.json:1:74: JSON nesting too deep: more than 64 levels" in said, said


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "policy.toml",
            '\n[[tools.ollama.conditions]]\nid = "x"\ntext = "x"\nfiles = ["{home}/.ollama/x.json"]\n'
            'key = "a"\nnone_matching = [\'' + "(" * 5000 + ")" * 5000 + "']\n",
            "nests its groups too deep",
        ),
        (
            "catalog.toml",
            'npm_version_marks = [{ file = "x.js", pattern = \'' + "(" * 5000 + ")" * 5000 + "' }]\n",
            "its groups are nested too deep",
        ),
    ],
    ids=["none_matching", "npm_version_marks"],
)
def test_a_regular_expression_nested_too_deep_is_a_problem(tmp_path, capsys, file, text, message):
    """Python's regex parser recurses into groups: a pattern of 5,000 nested groups raised RecursionError."""
    root = _pack(tmp_path)
    _append(root / file, text)
    said = _validate(capsys, root)
    assert message in said and file in said, said


def test_a_signed_update_nested_too_deep_is_refused_and_the_good_copy_kept(tmp_path, capsys, machine_factory):
    key_file = tmp_path / "company.pem"
    public = generate_key(key_file)
    site = tmp_path / "site"
    site.mkdir()
    build_archive(company_pack(tmp_path / "good", None), site / "p.tar.gz")
    sign_file(site / "p.tar.gz", key_file)
    m = machine_factory("linux")
    m.executable("cursor")  # prohibited by the pack
    with serve_folder(site) as (base, _stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        assert run_cli(capsys, "check", *m.cli_args())[0] == 1
        bad = company_pack(tmp_path / "bad", None, version="2026.12.2")
        _append(bad / "policy.toml", DEEP_HEADER)
        build_archive(bad, site / "p.tar.gz")
        sign_file(site / "p.tar.gz", key_file)
        code, out, err = run_cli(capsys, "check", *m.cli_args())
        assert code == 1 and "✗ Cursor" in out, (out, err)
        assert "REFUSED" in err and "TOML nesting too deep" in err and "internal error" not in err
        code, _out, err = run_cli(capsys, "content", "fetch")
        assert code == 2 and "TOML nesting too deep" in err
