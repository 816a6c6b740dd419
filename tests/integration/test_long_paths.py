"""A path longer than the operating system allows is a usage error naming it, for every option that takes one.

Before, ``scan --root``, ``--home`` (with ``--root``), ``scan``/``check --content``, ``content validate`` and
``report summarize`` given a name of 300 characters ended with an internal error (exit 3, an uncaught
``OSError: [Errno 36] File name too long``), where ``grant add`` and ``AICHECK_CONFIG`` already said it in one
line. The options' own checks now say it (exit 2), and so does a pack named by AICHECK_CONTENT."""

from __future__ import annotations

import os

import pytest

from support.packs import isolate_cli, run_cli

LONG_NAME = "a" * 300  # longer than any file system's limit for one name (255 bytes)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path)


@pytest.fixture
def long(tmp_path) -> str:
    return str(tmp_path / LONG_NAME)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        return run_cli(capsys, *argv)
    except SystemExit as exc:  # refused by the option's own check
        out, err = capsys.readouterr()
        return int(exc.code or 0), out, err


COMMANDS = {
    "scan --root": lambda long, tmp: ("scan", "--root", long),
    "scan --home": lambda long, tmp: ("scan", "--home", long),
    "scan --root --home": lambda long, tmp: ("scan", "--root", str(tmp), "--home", "/home/" + LONG_NAME),
    "scan --content": lambda long, tmp: ("scan", "--content", long),
    "check --content": lambda long, tmp: ("check", "--content", long),
    "app --content": lambda long, tmp: ("--content", long),
    "content path --content": lambda long, tmp: ("content", "path", "--content", long),
    "content validate": lambda long, tmp: ("content", "validate", long),
    "content pack DIR": lambda long, tmp: ("content", "pack", long, "-o", str(tmp / "p.tar.gz")),
    "content pack -o": lambda long, tmp: ("content", "pack", str(tmp), "-o", long),
    "content sign": lambda long, tmp: ("content", "sign", long, "--key", str(tmp / "k.pem")),
    "content sign --key": lambda long, tmp: ("content", "sign", str(tmp / "p.tar.gz"), "--key", long),
    "content verify": lambda long, tmp: ("content", "verify", long, "--public-key", "A" * 43 + "="),
    "content fetch": lambda long, tmp: ("content", "fetch", long),
    "content keygen": lambda long, tmp: ("content", "keygen", "-o", long),
    "report summarize": lambda long, tmp: ("report", "summarize", long),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_path_too_long_for_the_os_is_one_usage_error_naming_it(tmp_path, capsys, long, command):
    code, out, err = _run(capsys, *COMMANDS[command](long, tmp_path))
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert LONG_NAME in err and "File name too long" in err, err
    assert out == ""


def test_a_pack_too_long_a_name_in_aicheck_content_is_one_error(tmp_path, capsys, monkeypatch, long):
    monkeypatch.setenv("AICHECK_CONTENT", long)
    code, out, err = _run(capsys, "scan")
    assert code == 2 and "AICHECK_CONTENT" in err and "File name too long" in err and out == "", err


def test_the_same_options_still_take_a_path_that_does_not_exist(tmp_path, capsys):
    """Only what the OS cannot even look up is refused there: a missing folder is the command's to say."""
    missing = str(tmp_path / "missing")
    code, _, err = _run(capsys, "scan", "--root", missing)
    assert code == 2 and "no such folder" in err
    code, _, err = _run(capsys, "content", "validate", missing)
    assert code == 2 and "no such folder" in err
    assert not os.path.exists(missing)
