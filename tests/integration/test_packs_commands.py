"""`aicheck content keygen|pack|sign|verify|fetch` through the real command line (tui.cli.main)."""

from __future__ import annotations

import functools
import gzip
import io
import tarfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import tui.packs.cache as cache_mod
from tui.cli import main

REAL_VALIDATOR = cache_mod.load_validator


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setattr(cache_mod, "load_validator", lambda: None)
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AICHECK_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "config.toml").touch()  # named by AICHECK_CONFIG: there, and empty
    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("AICHECK_CONTENT", raising=False)
    monkeypatch.chdir(tmp_path)


def make_pack(folder: Path, version: str = "1.0") -> Path:
    (folder / "guidance").mkdir(parents=True)
    (folder / "pack.toml").write_text(f'id = "acme"\nversion = "{version}"\n')
    (folder / "guidance" / "overview.md").write_text("# Overview\n")
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def signed(tmp_path, capsys):
    """(archive, public key): a pack built and signed with the CLI."""
    code, out, _ = run(capsys, "content", "keygen", "-o", "k.pem")
    assert code == 0
    public = out.strip()
    make_pack(tmp_path / "pack")
    (tmp_path / "site").mkdir()
    code, out, _ = run(capsys, "content", "pack", "pack", "-o", "site/p.tar.gz", "--sign-key", "k.pem")
    assert code == 0 and "wrote site/p.tar.gz.sig" in out
    return tmp_path / "site" / "p.tar.gz", public


def test_keygen_prints_the_public_key_and_never_overwrites(tmp_path, capsys, signed):
    _, public = signed
    assert len(public) == 44
    code, _, err = run(capsys, "content", "keygen", "-o", "k.pem")
    assert code == 2 and "already exists" in err


def test_verify_exit_codes(tmp_path, capsys, signed):
    archive, public = signed
    code, out, _ = run(capsys, "content", "verify", str(archive), "--public-key", public)
    assert code == 0 and "signature OK" in out and "acme 1.0" in out

    code, _, err = run(capsys, "content", "verify", str(archive))
    assert code == 2 and "no public key" in err
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')
    assert run(capsys, "content", "verify", str(archive))[0] == 0

    archive.write_bytes(archive.read_bytes()[:-1] + b"\1")
    code, _, err = run(capsys, "content", "verify", str(archive))
    assert code == 2 and "does not verify" in err


def test_sign_then_verify_and_rebuild_drops_a_stale_signature(tmp_path, capsys, signed):
    archive, public = signed
    (tmp_path / "pack" / "guidance" / "new.md").write_text("# New\n")
    code, _, err = run(capsys, "content", "pack", "pack", "-o", str(archive))
    assert code == 0 and "removed" in err and not Path(str(archive) + ".sig").exists()
    code, out, _ = run(capsys, "content", "sign", str(archive), "--key", "k.pem")
    assert code == 0 and "signs pack acme 1.0" in out
    assert run(capsys, "content", "verify", str(archive), "--public-key", public)[0] == 0


def test_sign_refuses_an_unsafe_archive(tmp_path, capsys, signed):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("../evil")
        tar.addfile(info, io.BytesIO(b""))
    (tmp_path / "evil.tar.gz").write_bytes(gzip.compress(buf.getvalue()))
    code, _, err = run(capsys, "content", "sign", "evil.tar.gz", "--key", "k.pem")
    assert code == 2 and "'..'" in err and not (tmp_path / "evil.tar.gz.sig").exists()


def test_pack_reports_invalid_content_with_file_names(tmp_path, capsys, monkeypatch):
    def reject(root):
        from tui.errors import ContentError, Problem

        raise ContentError([Problem(str(Path(root) / "catalog.toml"), "file is missing")])

    monkeypatch.setattr(cache_mod, "load_validator", lambda: reject)
    make_pack(tmp_path / "pack")
    code, _, err = run(capsys, "content", "pack", "pack", "-o", "p.tar.gz")
    assert code == 2 and "catalog.toml: file is missing" in err and not (tmp_path / "p.tar.gz").exists()


@pytest.fixture
def site(tmp_path):
    (tmp_path / "site").mkdir(exist_ok=True)

    class Quiet(SimpleHTTPRequestHandler):  # sends Last-Modified and answers If-Modified-Since with 304
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()

    def stop():
        if thread.is_alive():
            httpd.shutdown()
            httpd.server_close()

    yield f"http://127.0.0.1:{httpd.server_address[1]}", stop
    stop()


def test_fetch_and_content_path_from_a_url(tmp_path, capsys, signed, site):
    _archive, public = signed
    base, stop = site
    url = f"{base}/p.tar.gz"
    (tmp_path / "config.toml").write_text(f'[content]\nurl = "{url}"\npublic_key = "{public}"\n')
    code, out, err = run(capsys, "content", "fetch")
    assert code == 0 and "fetched" in err and "signature verified" in err
    unpacked = Path(out.strip())
    assert (unpacked / "pack.toml").is_file() and unpacked.is_relative_to(tmp_path / "cache")

    code, out, err = run(capsys, "content", "path")
    assert code == 0 and Path(out.strip()) == unpacked and err == ""  # up to date: nothing to say

    stop()
    code, out, err = run(capsys, "content", "fetch")
    assert code == 1 and Path(out.strip()) == unpacked and "offline: using the cached pack from just now" in err
    code, out, err = run(capsys, "content", "path")
    assert code == 0 and Path(out.strip()) == unpacked and "offline" in err


def test_content_url_over_plain_http_is_refused(capsys):
    code, _, err = run(capsys, "--content", "http://example.com/p.tar.gz", "content", "path")
    assert code == 2 and "plain http" in err


def test_fetch_with_nothing_configured(capsys):
    code, _, err = run(capsys, "content", "fetch")
    assert code == 2 and "nothing to fetch" in err


def test_real_validation_refuses_an_invalid_update_and_keeps_the_good_pack(tmp_path, capsys, monkeypatch, site):
    """End to end with the real content validator (tui.core.content) on a copy of the bundled pack."""
    import os
    import shutil

    from tui import paths
    from tui.core.content import read_pack
    from tui.core.signing import public_key_of, sign_file
    from tui.packs.archive import build_archive

    if read_pack(paths.bundled_content_dir())[1]:
        pytest.skip("the bundled pack does not validate right now")
    monkeypatch.setattr(cache_mod, "load_validator", REAL_VALIDATOR)
    base, _ = site
    shutil.copytree(paths.bundled_content_dir(), tmp_path / "pack")
    assert run(capsys, "content", "keygen", "-o", "k.pem")[0] == 0
    public = public_key_of(tmp_path / "k.pem")
    archive = tmp_path / "site" / "p.tar.gz"
    code, _, err = run(capsys, "content", "pack", "pack", "-o", str(archive), "--sign-key", "k.pem")
    assert code == 0, err
    (tmp_path / "config.toml").write_text(f'[content]\nurl = "{base}/p.tar.gz"\npublic_key = "{public}"\n')
    code, out, err = run(capsys, "content", "fetch")
    assert code == 0, err
    good = Path(out.strip())

    meta = tmp_path / "pack" / "pack.toml"
    meta.write_text(meta.read_text().replace('version = "', 'version = "9'))
    policy = tmp_path / "pack" / "policy.toml"
    policy.write_text(policy.read_text().replace('\nstatus = "', '\nstatus = "maybe-', 1))
    build_archive(tmp_path / "pack", archive)  # bypasses the CLI's own validation
    sign_file(archive, tmp_path / "k.pem")
    os.utime(archive, (archive.stat().st_mtime + 10,) * 2)  # Last-Modified has 1-second granularity
    code, out, err = run(capsys, "content", "fetch")
    assert code == 2 and "invalid, so it is refused" in err and "\n  policy.toml:" in err, err
    # every other command goes on with the verified good copy, with a loud warning (never silently)
    code, out, err = run(capsys, "content", "path")
    assert code == 0 and Path(out.strip()) == good, err
    assert "WARNING" in err and "REFUSED" in err and "invalid, so it is refused" in err
    assert (good / "policy.toml").read_text() == (paths.bundled_content_dir() / "policy.toml").read_text()
    state = cache_mod.PackCache.for_source(tmp_path / "cache", f"{base}/p.tar.gz").current()
    assert state.path == good and not state.meta.version.startswith("9")


def test_a_pinned_key_refuses_a_pack_folder_and_an_unchecked_pack_says_so(
    tmp_path, capsys, machine_factory, monkeypatch
):
    """A pack folder has no signature: once the config pins the company's key, --content DIR (or AICHECK_CONTENT)
    would be a way round it, so it is an error (exit 2), never a clean bill from a policy someone rewrote.
    Without a pin such a pack is used, and every report says it was not signature-checked, and where from."""
    import json
    import shutil

    from tui.paths import bundled_content_dir

    m = machine_factory("linux")
    m.write_json(m.h(".gemini/settings.json"), {"mcpServers": {"r": {"httpUrl": "https://r.example/mcp"}}})
    shutil.copytree(bundled_content_dir(), tmp_path / "company")
    code, out, _ = run(capsys, "content", "keygen", "-o", "k.pem")
    public = out.strip()
    (tmp_path / "site").mkdir()
    assert run(capsys, "content", "pack", "company", "-o", "site/p.tar.gz", "--sign-key", "k.pem")[0] == 0
    mine = shutil.copytree(tmp_path / "company", tmp_path / "mine")
    policy = mine / "policy.toml"
    policy.write_text(policy.read_text().replace('status = "prohibited"', 'status = "approved"'))
    config = tmp_path / "config.toml"
    config.write_text(f'[content]\npublic_key = "{public}"\n')

    code, out, err = run(capsys, "check", "--content", "site/p.tar.gz", *m.cli_args())
    assert code == 1 and "not signature-checked" not in out, err  # the company's signed pack: the server fails
    code, out, err = run(capsys, "check", "--content", str(mine), *m.cli_args())
    assert code == 2 and out == ""
    assert f"{mine} (from --content): a pack folder cannot be signature-checked" in err
    assert f"{config} pins a [content] public_key" in err
    monkeypatch.setenv("AICHECK_CONTENT", str(mine))
    code, _, err = run(capsys, "check", *m.cli_args())
    monkeypatch.delenv("AICHECK_CONTENT")
    assert code == 2 and "(from AICHECK_CONTENT): a pack folder cannot be signature-checked" in err

    config.write_text("")  # no pin: the folder is used, and says what it is
    code, out, _ = run(capsys, "check", "--content", str(mine), *m.cli_args())
    first = out.splitlines()[0]
    assert code == 0 and first.endswith(f"- pack not signature-checked: {mine} - disk image {m.root}")
    code, out, _ = run(capsys, "check", "--json", "--content", str(mine), *m.cli_args())
    origin = json.loads(out)["policy"]["pack"]
    assert origin["source"] == "path" and origin["location"] == str(mine) and origin["signature_verified"] is False


def test_a_managed_config_pins_the_key_and_the_users_config_cannot_undo_it(
    tmp_path, capsys, machine_factory, monkeypatch
):
    """IT installs the company's [content] in the managed config, which only an administrator can write: it is
    read before the user's own, and a user config that drops the pin or names another key changes nothing."""
    import shutil

    import tui.paths
    from tui.paths import bundled_content_dir

    m = machine_factory("linux")
    m.write_json(m.h(".gemini/settings.json"), {"mcpServers": {"r": {"httpUrl": "https://r.example/mcp"}}})
    shutil.copytree(bundled_content_dir(), tmp_path / "company")
    public = run(capsys, "content", "keygen", "-o", "k.pem")[1].strip()
    mine_key = run(capsys, "content", "keygen", "-o", "mine.pem")[1].strip()
    (tmp_path / "site").mkdir()
    assert run(capsys, "content", "pack", "company", "-o", "site/p.tar.gz", "--sign-key", "k.pem")[0] == 0
    mine = shutil.copytree(tmp_path / "company", tmp_path / "mine")
    policy = mine / "policy.toml"
    policy.write_text(policy.read_text().replace('status = "prohibited"', 'status = "approved"'))
    assert run(capsys, "content", "pack", "mine", "-o", "site/mine.tar.gz", "--sign-key", "mine.pem")[0] == 0

    managed = tmp_path / "etc" / "config.toml"
    managed.parent.mkdir()
    managed.write_text(f'[content]\npublic_key = "{public}"\n')
    monkeypatch.setattr(tui.paths, "managed_config_file", lambda: managed)
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{mine_key}"\n')  # the user's own attempt

    code, out, err = run(capsys, "check", "--content", "site/p.tar.gz", *m.cli_args())
    assert code == 1 and "not signature-checked" not in out, err  # the company's pack, verified
    code, out, err = run(capsys, "check", "--content", "site/mine.tar.gz", *m.cli_args())
    assert code == 2 and out == "" and "does not verify" in err  # signed, but not with the company's key
    code, out, err = run(capsys, "check", "--content", str(mine), *m.cli_args())
    assert code == 2 and f"{managed} pins a [content] public_key" in err
    managed.unlink()  # no managed config: the user's own settings apply again
    assert run(capsys, "check", "--content", "site/mine.tar.gz", *m.cli_args())[0] == 0


def test_a_mistyped_intake_kind_is_said_by_every_command_not_at_the_first_send(tmp_path, capsys, machine_factory):
    """A new user: `kind = "webhok"` in [intake] passed check, scan and the app; `request sync` alone said it,
    once a request was waiting. A value that is one of a few words is checked with the keys."""
    m = machine_factory("linux")
    config = tmp_path / "config.toml"
    config.write_text('[intake]\nkind = "webhok"\nurl = "https://intake.example.com/hook"\n')
    for command in ("check", "scan"):
        code, out, err = run(capsys, command, "--content", "example", *m.cli_args())
        assert code == 2 and out == ""
        assert f"{config}:2: [intake] kind is 'webhok' (did you mean webhook?)" in err, err


@pytest.mark.parametrize(
    "text, line, hint",
    [
        ('[Content]\nurl = "{pack}"\n', 1, "did you mean [content]?"),
        ('[content]\nURL = "{pack}"\n', 2, "did you mean url?"),
        ('# the company pack\n[content]\nurl_ = "{pack}"\n', 3, "did you mean url?"),
        ('url = "{pack}"\n', 1, "key 'url' outside any table"),
        ('[user]\nemail = "a@b.example"\nname = "A"\n[content]\nurl = "{pack}"\n', 3, "in [user]"),
    ],
)
def test_a_mistyped_config_key_is_an_error_never_the_example_policy(
    tmp_path, capsys, machine_factory, text, line, hint
):
    """A key or table aicheck does not know in the user's config would be ignored, and the scan would judge by
    the bundled example policy instead of the company's: it is exit 2, with its line and the name it is like."""
    import shutil

    from tui.paths import bundled_content_dir

    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    company = shutil.copytree(bundled_content_dir(), tmp_path / "company")
    policy = company / "policy.toml"
    policy.write_text(policy.read_text().replace('name = "Example Corp"', 'name = "Acme Corp"', 1))
    config = tmp_path / "config.toml"
    config.write_text(text.format(pack=company))
    code, out, err = run(capsys, "check", *m.cli_args())
    assert code == 2 and out == "" and f"{config}:{line}: unknown" in err and hint in err, err
    config.write_text(f'[content]\nurl = "{company}"\n')
    code, out, err = run(capsys, "check", *m.cli_args())
    assert code in (0, 1) and "Acme Corp" in out, err


def test_the_managed_config_holds_content_alone_and_a_pinned_key_needs_a_pack(
    tmp_path, capsys, machine_factory, monkeypatch
):
    """IT's managed config is read for [content] alone: another table there would be silently unused, so it
    is refused. A public_key pinned with no pack named would leave the unsigned example pack to judge: that is
    an error too, not a clean bill."""
    import tui.paths

    m = machine_factory("linux")
    public = run(capsys, "content", "keygen", "-o", "k.pem")[1].strip()
    managed = tmp_path / "etc" / "config.toml"
    managed.parent.mkdir()
    monkeypatch.setattr(tui.paths, "managed_config_file", lambda: managed)
    managed.write_text(f'[content]\npublic_key = "{public}"\n\n[intake]\nkind = "webhook"\n')
    code, out, err = run(capsys, "check", *m.cli_args())
    assert code == 2 and f"{managed}:4: unknown table [intake]" in err, err
    managed.write_text(f'[content]\npublic_key = "{public}"\n')
    code, out, err = run(capsys, "check", *m.cli_args())
    assert code == 2 and out == "" and "pins a [content] public_key but names no pack" in err, err
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')  # the user's own, the same
    managed.unlink()
    code, out, err = run(capsys, "check", *m.cli_args())
    assert code == 2 and "names no pack" in err, err


@pytest.mark.parametrize(
    "text, message",
    [
        ("[content]\n", "[content] names no pack"),
        ('[content]\nurl = "~no-such-user-here/pack"\n', "'~' names no user's home folder here"),
    ],
)
def test_a_content_table_that_names_no_usable_pack_is_an_error(tmp_path, capsys, machine_factory, text, message):
    """An empty [content] (a template left half filled), or a pack under ~someone who does not exist (that
    crashed with a RuntimeError): exit 2 with the reason, never the example pack."""
    (tmp_path / "config.toml").write_text(text)
    code, out, err = run(capsys, "check", *machine_factory("linux").cli_args())
    assert code == 2 and out == "" and message in err and "Traceback" not in err, err
