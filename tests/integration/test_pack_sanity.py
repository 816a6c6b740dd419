"""An unknown schema, an absurd pack version and an impossible cache timestamp are errors, never taken as they are.

Before, ``policy.toml`` ``schema = 2`` (a format this aicheck does not know) and a pack ``version`` of 100,000
digits both validated OK, and a cache ``state.json`` whose ``fetched_at`` was ``-1e300`` made aicheck say it
was "using the cached pack from 1157407407407… days ago". Real packs, a real server on loopback, the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.packs import company_pack, isolate_cli, run_cli, serve_folder
from tui.core.signing import generate_key, sign_file
from tui.paths import bundled_content_dir


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


@pytest.fixture
def pack(tmp_path) -> Path:
    return shutil.copytree(bundled_content_dir(), tmp_path / "pack")


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(text))


@pytest.mark.parametrize("file", ["policy.toml", "catalog.toml"])
@pytest.mark.parametrize("schema", ["2", "0", "-1"])
def test_a_schema_this_aicheck_does_not_know_is_refused_at_its_line(capsys, pack, file, schema):
    path = pack / file
    text = path.read_text()
    text = text.replace("\nschema = 1\n", "\n") if "\nschema = 1\n" in text else text
    path.write_text(f"schema = {schema}\n" + text)
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 2, out + err
    assert f"{file}:1:1: schema {schema} is not" in out, out


def test_schema_1_and_no_schema_are_taken(capsys, pack):
    (pack / "catalog.toml").write_text("schema = 1\n" + (pack / "catalog.toml").read_text())
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 0, out + err


@pytest.mark.parametrize(
    ("version", "says"),
    [
        pytest.param("1" * 100_000, "is too long (100000 characters)", id="100,000 digits"),
        pytest.param("2026." + "1" * 21, "a number of more than 20 digits", id="a 21-digit part"),
        pytest.param("banana", "is not a version number", id="a word"),
    ],
)
def test_a_pack_version_that_is_no_sane_version_is_refused_at_its_line(capsys, pack, version, says):
    meta = pack / "pack.toml"
    meta.write_text(meta.read_text().replace('version = "2026.11.1"', f'version = "{version}"'))
    line = _line(meta, "version = ")
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 2 and f"pack.toml:{line}:1: " in out and says in out, (out + err)[-2000:]
    assert len(out) < 2000  # the version is quoted in part, never whole


def test_a_pack_version_of_20_digit_numbers_is_taken(capsys, pack):
    meta = pack / "pack.toml"
    meta.write_text(meta.read_text().replace('version = "2026.11.1"', f'version = "2026.{"9" * 20}"'))
    code, out, err = run_cli(capsys, "content", "validate", str(pack))
    assert code == 0, out + err


# -- the cache's own record ------------------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path, capsys):
    """(the folder a server serves, the public key): a signed company pack built with the CLI."""
    key_file = tmp_path / "k.pem"
    public = generate_key(key_file)
    site = tmp_path / "site"
    site.mkdir()
    company_pack(tmp_path / "src", None)
    code, _, err = run_cli(capsys, "content", "pack", str(tmp_path / "src"), "-o", str(site / "p.tar.gz"))
    assert code == 0, err
    sign_file(site / "p.tar.gz", key_file)
    return site, public


@pytest.mark.parametrize("field", ["fetched_at", "checked_at"])
@pytest.mark.parametrize("value", [-1e300, 1e300, -1.0, "NaN"])
def test_an_impossible_time_in_the_cache_state_is_a_damaged_cache(
    tmp_path, capsys, site, machine_factory, field, value
):
    folder, public = site
    m = machine_factory("linux")
    with serve_folder(folder) as (base, stop):
        url = f"{base}/p.tar.gz"
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{url}"\npublic_key = "{public}"\n')
        code, _, err = run_cli(capsys, "content", "fetch")
        assert code == 0, err
        state_file = next((tmp_path / "cache").rglob("state.json"))
        state = json.loads(state_file.read_text())
        state[field] = float(value)
        state_file.write_text(json.dumps(state))
        stop()
        code, out, err = run_cli(capsys, "scan", *m.cli_args())
    assert "internal error" not in err
    assert "days ago" not in err and "1157407" not in err, err
    assert code == 2 and "no cached copy" in err and out == "", err
