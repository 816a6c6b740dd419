"""The user config file: intake override, secrets refused, merge with the pack's [intake]."""

from __future__ import annotations

import pytest

from tui.config import load_config, merge_intake
from tui.errors import ConfigError


def test_missing_config_is_empty(tmp_path):
    cfg = load_config(tmp_path / "none.toml")
    assert cfg.intake is None


def test_config_from_env_var(tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    path.write_text(
        '[content]\nurl = "https://packs.example.com/acme.tar.gz"\n'
        '[intake]\nkind = "jira"\nurl = "https://acme.atlassian.net"\n'
        'project = "SEC"\ntoken_env = "JIRA_TOKEN"\n'
    )
    monkeypatch.setenv("AICHECK_CONFIG", str(path))
    cfg = load_config()
    assert cfg.path == path and cfg.intake["project"] == "SEC"
    # the same file serves the pack settings: one config file, two readers that agree on its shape
    from tui.packs.settings import load_content_settings

    assert load_content_settings().url == "https://packs.example.com/acme.tar.gz"


@pytest.mark.parametrize(
    "text, message",
    [
        ('[intake]\nkind = "webhook"\nsecret = "whsec_abc"\n', "secrets are never stored in files"),
        ('[intake]\ntoken = "abc"\n', "token_env"),
        ("intake = 3\n", "must be a table"),
        ("[intake\n", "c.toml"),
    ],
)
def test_bad_config_is_refused_with_a_clear_message(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_merge_intake():
    pack = {"kind": "webhook", "url": "https://a.example/h", "secret_env": "S"}
    assert merge_intake(pack, None) == pack
    assert merge_intake(None, {"kind": "github", "repo": "a/b"}) == {"kind": "github", "repo": "a/b"}
    assert merge_intake(pack, {"url": "https://b.example/h"}) == {**pack, "url": "https://b.example/h"}
    other = {"kind": "jira", "url": "https://j.example", "project": "P", "token_env": "T"}
    assert merge_intake(pack, other) == other  # a different kind replaces the pack's table
    assert merge_intake(None, None) is None


@pytest.mark.parametrize("shape", ["fifo", "dev-zero", "deep-and-huge"])
def test_hostile_config_and_data_files_are_one_line_never_a_hang(tmp_path, shape, machine_factory, monkeypatch):
    """A FIFO, /dev/zero or a 5,000-digit integer as the config file is one line and exit 2 (nothing read
    before the type is checked); the attestation and checklist files in the data dir, spoiled the same way
    (or nested 1,000 deep), are never a hang or a crash: the checklist's is ignored, the attestations' is a
    scan error (its confirmations are not counted, and the user is told); each run in a bounded child process."""
    import os

    from support.bounded_run import run_bounded

    config, data = tmp_path / "config.toml", tmp_path / "data"
    data.mkdir()
    spoiled = [config, data / "attestations.toml", data / "onboarding.toml"]
    for path in spoiled:
        if shape == "fifo":
            os.mkfifo(path)
        elif shape == "dev-zero":
            path.symlink_to("/dev/zero")
        elif path == config:
            path.write_text(f"y = {'1' * 5000}\n")
        else:
            path.write_text("x = " + "[" * 1000 + "]" * 1000 + "\n")
    monkeypatch.setenv("AICHECK_CONFIG", str(config))
    monkeypatch.setenv("AICHECK_DATA_DIR", str(data))
    result = run_bounded("check", *machine_factory("linux").cli_args())
    assert result.code == 2 and str(config) in result.err and len(result.err.strip().splitlines()) == 1
    config.unlink()  # a config AICHECK_CONFIG names is not there: said, never the example pack instead
    missing = run_bounded("check", *machine_factory("linux", "second").cli_args())
    assert missing.code == 2 and "no such file (AICHECK_CONFIG names it)" in missing.err
    config.write_text("\ufeff# saved by Notepad, with a byte order mark\n")
    third = run_bounded("check", *machine_factory("linux", "third").cli_args())
    assert third.code == 2 and f"! scan error: {data / 'attestations.toml'}" in third.out
