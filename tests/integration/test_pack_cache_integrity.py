"""The pack cache is a folder the user can write: with a pinned key, editing it never changes a verdict.

Before, the unpacked copy of the company's signed pack was trusted as it lay in the cache: rewriting its
policy.toml there (or writing a whole slot and a state.json that named the company's key) turned a
prohibited tool into a clean bill, online (the server answered 304) and offline. Real signed packs, a
real HTTP server on loopback, the real CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from support.packs import company_pack, isolate_cli, run_cli, serve_folder
from tui.core.signing import generate_key, sign_file
from tui.packs.archive import build_archive
from tui.packs.cache import SEEN_FILE


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


run = run_cli


def publish(tmp_path: Path, key_file: Path, name: str = "p") -> Path:
    archive = tmp_path / "site" / f"{name}.tar.gz"
    archive.parent.mkdir(exist_ok=True)
    build_archive(company_pack(tmp_path / f"src-{name}", None), archive)
    sign_file(archive, key_file)
    return archive


def approve_everything(pack: Path) -> None:
    """What a user who wants a clean bill writes into a pack folder: no advisories, and every tool approved
    for every version, with no conditions."""
    shutil.rmtree(pack / "advisories")
    (pack / "advisories").mkdir()
    policy = pack / "policy.toml"
    lines, skip = [], False
    for line in policy.read_text().splitlines():
        if line.startswith("["):
            skip = line.startswith("[[tools.")  # conditions of a tool
        if skip or line.startswith("versions = "):
            continue
        if line.startswith("status = "):
            line = 'status = "approved"'
        lines.append(line)
    policy.write_text("\n".join(lines) + "\n")


@pytest.fixture
def home(machine_factory):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")  # affected: prohibited by the pack
    return m


@pytest.fixture
def company(tmp_path):
    """(public key, archive): the company's signed pack, pinned in the config with its URL."""
    key_file = tmp_path / "company.pem"
    public = generate_key(key_file)
    return public, publish(tmp_path, key_file)


def test_the_tampering_itself_would_bend_the_verdict(tmp_path, capsys, home):
    """The control: the same edit in a pack folder used as such (no key pinned) gives a clean bill, so the
    tests below fail if the cache took the edited folder as it is."""
    folder = company_pack(tmp_path / "mine", None)
    assert run(capsys, "check", "--content", str(folder), *home.cli_args())[0] == 1
    approve_everything(folder)
    code, out, _ = run(capsys, "check", "--content", str(folder), *home.cli_args())
    assert code == 0 and "✓ Claude Code" in out


@pytest.mark.parametrize("online", [True, False])
def test_a_cached_copy_edited_by_hand_is_unpacked_again_from_the_signed_archive(
    tmp_path, capsys, home, company, online
):
    public, _archive = company
    with serve_folder(tmp_path / "site") as (base, stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        code, out, _ = run(capsys, "check", *home.cli_args())
        assert code == 1 and "✗ Claude Code" in out
        cached = Path(run(capsys, "content", "path")[1].strip())
        original = (cached / "policy.toml").read_text()
        approve_everything(cached)
        (cached / "guidance" / "extra.md").write_text("# Not from the company\n")
        if not online:
            stop()
        code, out, err = run(capsys, "check", *home.cli_args())
    assert code == 1 and "✗ Claude Code" in out, (out, err)
    assert ("offline: using the cached pack" in err) is not online
    assert (cached / "policy.toml").read_text() == original
    assert not (cached / "guidance" / "extra.md").exists() and any((cached / "advisories").iterdir())


def test_a_slot_written_by_hand_with_another_key_is_no_cached_copy(tmp_path, capsys, home, company):
    """The user's own pack, signed with their own key, put where the company's copy was, with a state.json
    that names the company's key: offline, there is no good copy (exit 2), never a clean bill."""
    public, _archive = company
    with serve_folder(tmp_path / "site") as (base, stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        assert run(capsys, "check", *home.cli_args())[0] == 1
        stop()
    cached = Path(run(capsys, "content", "path")[1].strip())
    mine = company_pack(tmp_path / "mine", None)
    approve_everything(mine)
    mine_archive = cached.with_name(cached.name + ".tar.gz")
    build_archive(mine, mine_archive)
    generate_key(tmp_path / "mine.pem")
    sign_file(mine_archive, tmp_path / "mine.pem")
    shutil.rmtree(cached)
    shutil.copytree(mine, cached)
    code, out, err = run(capsys, "check", *home.cli_args())
    assert code == 2 and out == "" and "there is no cached copy to use" in err

    # the same folder, its archive replaced by the user's and the state's digest made to match
    state_file = cached.parent / "state.json"
    state = json.loads(state_file.read_text())
    digest = hashlib.sha256(mine_archive.read_bytes()).hexdigest()
    moved = cached.with_name(f"pack-{digest[:16]}")
    os.rename(cached, moved)
    os.rename(mine_archive, moved.with_name(moved.name + ".tar.gz"))
    os.rename(Path(str(mine_archive) + ".sig"), moved.with_name(moved.name + ".tar.gz.sig"))
    state_file.write_text(json.dumps(state | {"sha256": digest, "dir": moved.name}))
    code, out, err = run(capsys, "check", *home.cli_args())
    assert code == 2 and out == "" and "there is no cached copy to use" in err


def test_the_unpacked_copy_of_a_local_signed_archive_is_checked_too(tmp_path, capsys, home, company):
    """A scan judges a local archive from its own verified bytes, never from a copy in the cache (which it does
    not write either); `content fetch` unpacks it again over a copy edited by hand."""
    public, archive = company
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')
    assert run(capsys, "check", "--content", str(archive), *home.cli_args())[0] == 1
    cached = Path(run(capsys, "content", "path", "--content", str(archive))[1].strip())
    approve_everything(cached)
    (cached / "policy.toml").unlink()
    (cached / "policy.toml").symlink_to(tmp_path / "src-p" / "catalog.toml")  # a link is no file of the pack
    code, out, _ = run(capsys, "check", "--content", str(archive), *home.cli_args())
    assert code == 1 and "✗ Claude Code" in out
    assert (cached / "policy.toml").is_symlink()  # check reads the archive itself, and writes nothing
    code, out, _ = run(capsys, "content", "fetch", str(archive))  # unpacking it again repairs the copy
    assert code == 0 and not (cached / "policy.toml").is_symlink()


def test_an_unchanged_cache_is_used_as_it_is(tmp_path, capsys, home, company):
    """Checking is reading: an untouched copy is neither unpacked again nor rewritten."""
    public, _archive = company
    with serve_folder(tmp_path / "site") as (base, _stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        assert run(capsys, "check", *home.cli_args())[0] == 1
        cached = Path(run(capsys, "content", "path")[1].strip())
        before = {p: p.stat().st_ino for p in cached.rglob("*")}
        assert run(capsys, "check", *home.cli_args())[0] == 1
    assert {p: p.stat().st_ino for p in cached.rglob("*")} == before


def _older_signed(tmp_path: Path, key_file: Path) -> Path:
    """An older pack the company once signed (version 2026.10.1) in which every tool is approved."""
    folder = company_pack(tmp_path / "src-older", None, version="2026.10.1")
    approve_everything(folder)
    archive = tmp_path / "older.tar.gz"
    build_archive(folder, archive)
    sign_file(archive, key_file)
    return archive


def _roll_back(slot: Path, older: Path, tmp_path: Path, **state_changes: str) -> None:
    """What a user does to bring back the older pack: put it in the slot as a cached copy and point state.json
    at it, with a Last-Modified from the future so that a server answering If-Modified-Since says 304."""
    digest = hashlib.sha256(older.read_bytes()).hexdigest()
    folder = slot / f"pack-{digest[:16]}"
    shutil.copy(older, folder.with_name(folder.name + ".tar.gz"))
    shutil.copy(Path(f"{older}.sig"), folder.with_name(folder.name + ".tar.gz.sig"))
    shutil.copytree(tmp_path / "src-older", folder, dirs_exist_ok=True)
    state_file = slot / "state.json"
    state = json.loads(state_file.read_text())
    changes = {"dir": folder.name, "sha256": digest, "version": "2026.10.1"} | state_changes
    state_file.write_text(json.dumps(state | {"last_modified": "Fri, 01 Jan 2100 00:00:00 GMT", **changes}))


def test_an_older_signed_pack_put_back_in_the_cache_is_replaced_by_the_one_the_server_serves(
    tmp_path, capsys, home, company
):
    """Red team: an older pack the company signed (every tool approved), put in the slot with a state.json
    naming it and a Last-Modified of 2100: the server answered 304 to that and the old pack judged, online,
    without a word (exit 0). The server's signature now says which pack is current: the old copy is replaced."""
    public, _archive = company
    older = _older_signed(tmp_path, tmp_path / "company.pem")
    with serve_folder(tmp_path / "site") as (base, _stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        assert run(capsys, "check", *home.cli_args())[0] == 1
        cached = Path(run(capsys, "content", "path")[1].strip())
        _roll_back(cached.parent, older, tmp_path)
        code, out, err = run(capsys, "check", *home.cli_args())
        assert code == 1 and "✗ Claude Code" in out, (out, err)
        # the version state.json claims is not believed either: 9999 would refuse every update as a downgrade
        _roll_back(cached.parent, older, tmp_path, version="9999")
        code, out, err = run(capsys, "check", *home.cli_args())
        assert code == 1 and "REFUSED" not in err, err
        assert "2026.12.1" in run(capsys, "content", "fetch")[2]


def test_a_signed_pack_is_judged_from_its_verified_bytes_not_the_folder_read_after_the_check(
    tmp_path, capsys, home, company
):
    """Red team: the folder was compared with the signed archive, then read again to load the pack; a file
    swapped in between (an inotify watcher did it on the first try) was judged while the report said
    "signature verified". The pack is now loaded from the archive's bytes that were verified: the folder
    changed after resolving is never read for the verdict."""
    from tui.packs.resolve import load_resolved, resolve_content

    public, archive = company
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')
    resolved = resolve_content(str(archive), install=True)  # its copy in the cache
    approve_everything(resolved.path)  # the swap, after the check and before the reading
    pack = load_resolved(resolved)
    assert pack.policy.rules["claude-code"].status != "approved" and pack.advisories
    unsigned = company_pack(tmp_path / "plain", None)  # a folder (no key) is read as it lies
    approve_everything(unsigned)
    (tmp_path / "config.toml").write_text("")
    assert load_resolved(resolve_content(str(unsigned))).policy.rules["claude-code"].status == "approved"


def test_the_reported_digest_of_a_signed_pack_is_of_its_verified_bytes(tmp_path, capsys, home, company):
    """Red team: `policy.pack.sha256` was read from the cache folder after the scan: a file a watcher kept
    writing there changed it (signature_verified true beside it), and one linked to a 1.5 GB file took the
    run to 3.1 GB. It is the digest of the archive's verified files; the folder is not read for it."""
    from tui.core.content import pack_digest
    from tui.packs.resolve import load_resolved, resolve_content

    public, archive = company
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')
    resolved = resolve_content(str(archive), install=True)  # its copy in the cache
    clean = pack_digest(resolved.path)
    (resolved.path / "zz-extra").write_text("not from the company\n")
    (resolved.path / "zz-big").symlink_to("/dev/zero")
    pack = load_resolved(resolved)
    assert pack.digest() == clean != pack_digest(resolved.path)


def test_two_checks_unpacking_the_same_update_at_once_both_succeed(tmp_path, monkeypatch, company):
    """Red team: six checks at once during an update; one lost the race to rename its unpacked copy into place
    ('Directory not empty', exit 2). The other's copy of the same archive is as good: used."""
    import tui.packs.cache as cache_mod
    from tui.packs.cache import PackCache

    public, archive = company
    cache = PackCache.for_source(tmp_path / "cache", "race")
    real_rename = os.rename

    def the_other_one_first(src, dst):
        if Path(src).name.startswith("tmp-") and Path(dst).name.startswith("pack-") and not Path(dst).exists():
            shutil.copytree(src, dst)  # another aicheck's rename of the same archive, just before ours
        return real_rename(src, dst)

    monkeypatch.setattr(cache_mod.os, "rename", the_other_one_first)
    installed = cache.install(archive, public_key=public, signature=Path(f"{archive}.sig").read_bytes())
    assert installed.path.is_dir() and (installed.path / "policy.toml").is_file()


def _signed_variant(tmp_path: Path, key_file: Path, name: str, pack_id: str, version: str) -> Path:
    """Another pack signed with the company's key (another department's, a staging one), every tool approved."""
    folder = company_pack(tmp_path / f"src-{name}", None, version=version)
    (folder / "pack.toml").write_text(f'id = "{pack_id}"\nversion = "{version}"\n')
    approve_everything(folder)
    archive = tmp_path / f"{name}.tar.gz"
    build_archive(folder, archive)
    sign_file(archive, key_file)
    return archive


@pytest.mark.parametrize(
    ("pack_id", "version", "says"),
    [("acme-research", "2026.12.1", "the pack id changed"), ("acme", "2027.1.0", "a downgrade is refused")],
)
def test_another_signed_pack_put_in_the_cache_never_wins_over_the_servers(
    tmp_path, capsys, home, company, pack_id, version, says
):
    """Red team: another pack signed with the company's key (another department's, or a staging one of a higher
    version), installed by the user in the cache slot of the configured URL, verified; the server's current pack
    was then refused (id changed, downgrade) and the planted copy judged, online: exit 0 with one WARNING line.
    Which pack is current cannot be told on this machine, so that is an error that says how to settle it."""
    from tui.packs.cache import PackCache

    public, _archive = company
    planted = _signed_variant(tmp_path, tmp_path / "company.pem", "planted", pack_id, version)
    with serve_folder(tmp_path / "site") as (base, _stop):
        url = f"{base}/p.tar.gz"
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{url}"\npublic_key = "{public}"\n')
        PackCache.for_source(tmp_path / "cache", url).install(
            planted, public_key=public, signature=Path(f"{planted}.sig").read_bytes()
        )
        code, out, err = run(capsys, "check", *home.cli_args())
        assert code == 2 and out == "" and says in err and "REFUSED" not in err, (out, err)
        assert "aicheck content fetch" in err and str(tmp_path / "cache" / "packs") in err
        code, out, err = run(capsys, "check", "--json", *home.cli_args())
        assert code == 2 and out == ""
        assert run(capsys, "content", "fetch")[0] == 2  # the same refusal, never the cached copy
        # the way out the message gives: the company's pack again
        shutil.rmtree(tmp_path / "cache" / "packs")
        assert run(capsys, "content", "fetch")[0] == 0
        code, out, err = run(capsys, "check", *home.cli_args())
        assert code == 1 and "✗ Claude Code" in out, (out, err)


def test_an_older_signed_pack_from_another_source_is_a_scan_error_and_another_pack_is_said(
    tmp_path, capsys, monkeypatch, home, company
):
    """Red team: with the key pinned in the user config, `check --content old.tar.gz` (or AICHECK_CONTENT) with an
    older pack the company signed gave a clean bill: each source had its own cache slot, so no downgrade check,
    and nothing said the pack was not the configured one. The highest version of the configured pack used with
    the key is now compared across sources: an older one is a scan error (as an expired pack is: exit 2 unless
    something needs action), and a pack other than the configured one says so in the header and the JSON."""
    public, archive = company
    older = _older_signed(tmp_path, tmp_path / "company.pem")
    with serve_folder(tmp_path / "site") as (base, _stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        code, out, _ = run(capsys, "check", "--json", *home.cli_args())
        assert code == 1 and json.loads(out)["policy"]["pack"]["configured"] is True
        code, out, _err = run(capsys, "check", "--content", str(older), *home.cli_args())
        assert code == 2 and "! scan error: the content pack acme 2026.10.1 is older than version 2026.12.1" in out
        assert f"- not the configured pack: {older} (from --content)" in out.splitlines()[0]
        monkeypatch.setenv("AICHECK_CONTENT", str(older))
        code, out, _err = run(capsys, "check", "--json", *home.cli_args())
        report = json.loads(out)
        assert code == 2 and report["check"]["exit_code"] == 2 and report["policy"]["pack"]["configured"] is False
        assert any("is older than version 2026.12.1" in e for e in report["errors"]), report["errors"]
        monkeypatch.delenv("AICHECK_CONTENT")
        # the same signed pack as an archive of its own: used, and said to be another than the configured one
        code, out, _ = run(capsys, "check", "--content", str(archive), *home.cli_args())
        assert code == 1 and f"- not the configured pack: {archive} (from --content)" in out.splitlines()[0]
        code, out, _ = run(capsys, "check", "--json", "--content", str(archive), *home.cli_args())
        assert json.loads(out)["policy"]["pack"]["configured"] is False


def test_content_fetch_alone_remembers_the_version_it_fetched(tmp_path, capsys, home, company):
    """Red team: after `content fetch` of the company's pack, `check --content old.tar.gz` (an older pack the
    company signed, every tool approved) exited 0: only a scan remembered the version used, not the fetch."""
    public, _archive = company
    older = _older_signed(tmp_path, tmp_path / "company.pem")
    with serve_folder(tmp_path / "site") as (base, _stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        assert run(capsys, "content", "fetch")[0] == 0
        code, out, _err = run(capsys, "check", "--content", str(older), *home.cli_args())
        assert code == 2 and "! scan error: the content pack acme 2026.10.1 is older than version 2026.12.1" in out
        # the server itself handing out the older pack after the newer was fetched: refused (as it was)
        shutil.copy(older, tmp_path / "site" / "p.tar.gz")
        shutil.copy(f"{older}.sig", tmp_path / "site" / "p.tar.gz.sig")
        code, out, err = run(capsys, "content", "fetch")
        assert code == 2 and "2026.10.1 is older than" in err, (out, err)


def test_offline_an_older_signed_pack_put_back_in_the_cache_is_a_scan_error_too(tmp_path, capsys, home, company):
    """The highest version used is checked where a pack is used, so in the offline fallback too: an older pack the
    company signed, put back in the slot of the configured URL while its server cannot be reached, is a scan
    error (exit 2 unless something needs action), never a clean bill."""
    public, _archive = company
    older = _older_signed(tmp_path, tmp_path / "company.pem")
    with serve_folder(tmp_path / "site") as (base, stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
        assert run(capsys, "check", *home.cli_args())[0] == 1
        stop()
        cached = Path(run(capsys, "content", "path")[1].strip())
        _roll_back(cached.parent, older, tmp_path)
        code, out, err = run(capsys, "check", *home.cli_args())
    assert code == 2 and "! scan error: the content pack acme 2026.10.1 is older" in out, (out, err)
    assert "offline: using the cached pack" in err


@pytest.mark.parametrize("online", [True, False])
def test_an_unsigned_company_pack_is_loaded_from_its_archive_not_the_edited_folder(tmp_path, capsys, home, online):
    """Red team: a company pack served without a signature (a url, no public_key), its unpacked copy in the cache
    edited by hand: the server answered 304 and the edited folder judged (exit 0). The pack is loaded from the
    archive kept beside the folder, as a signed one is (still never called signature-checked)."""
    archive = tmp_path / "site" / "p.tar.gz"
    archive.parent.mkdir()
    build_archive(company_pack(tmp_path / "src", None), archive)
    with serve_folder(tmp_path / "site") as (base, stop):
        (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\n')
        assert run(capsys, "check", *home.cli_args())[0] == 1
        cached = Path(run(capsys, "content", "path")[1].strip())
        approve_everything(cached)
        if not online:
            stop()
        code, out, err = run(capsys, "check", *home.cli_args())
        assert code == 1 and "✗ Claude Code" in out and "pack not signature-checked" in out, (out, err)
        if online:  # an archive gone from the cache: downloaded again, never the folder alone
            cached.with_name(cached.name + ".tar.gz").unlink()
            code, out, err = run(capsys, "check", *home.cli_args())
            assert code == 1 and "✗ Claude Code" in out, (out, err)


@pytest.mark.parametrize("floor", [None, "2026.12.1"])
def test_a_managed_min_version_refuses_an_older_pack_from_a_cache_the_user_emptied(
    tmp_path, capsys, home, company, monkeypatch, floor
):
    """Red team: the record of versions used lives in the user's cache; with AICHECK_CACHE_DIR pointed at a new
    folder, an older pack the company signed put in the configured URL's slot and the fetch failing, that pack
    judged under the managed config: exit 0. A company that must never see an older pack come back sets
    [content] min_version in the managed config, which the user cannot write: then it is a scan error."""
    public, _archive = company
    older = _older_signed(tmp_path, tmp_path / "company.pem")
    managed = tmp_path / "managed.toml"
    monkeypatch.setattr("tui.paths.managed_config_file", lambda: managed)
    with serve_folder(tmp_path / "site") as (base, stop):
        floor_line = f'min_version = "{floor}"\n' if floor else ""
        managed.write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n{floor_line}')
        monkeypatch.setenv("AICHECK_CACHE_DIR", str(tmp_path / "fresh-cache"))  # a cache of the user's choosing
        assert run(capsys, "check", *home.cli_args())[0] == 1
        stop()
        for record in (tmp_path / "fresh-cache").rglob(SEEN_FILE):  # the record of versions used, emptied
            record.unlink()
        slot = next((tmp_path / "fresh-cache").rglob("state.json")).parent
        _roll_back(slot, older, tmp_path)
        code, out, err = run(capsys, "check", *home.cli_args())
    if floor is None:  # the limit the README states: without a floor, offline, the cache decides
        assert code == 0, (out, err)
    else:
        assert code == 2 and "is older than 2026.12.1, the lowest version" in out, (out, err)


@pytest.mark.parametrize(
    "table, message",
    [
        ('min_version = "2026.12.1"\n', "min_version goes with public_key"),
        ('public_key = "{public}"\nmin_version = "not a version"\n', "[content] min_version:"),
        ('public_key = "{public}"\nmin_version = 3\n', "it must be a string"),
    ],
)
def test_a_min_version_that_cannot_be_used_is_a_config_error(tmp_path, capsys, home, company, table, message):
    public, _archive = company
    (tmp_path / "config.toml").write_text(
        '[content]\nurl = "https://x.example/p.tar.gz"\n' + table.format(public=public)
    )
    code, out, err = run(capsys, "check", *home.cli_args())
    assert code == 2 and message in err, (out, err)
