"""A policy condition on an environment variable gets the same answer on every path: the live ``check``, a disk
image (``--root``), every user (``--all-users``) and the JSON rows. (The osquery tables, through osquery's own
protocol, are in test_osquery_extension.py.)

A condition that asks for a variable (the example pack's Aider ``gateway``: ``OPENAI_API_BASE`` starting with the
gateway) is met only where the places every session takes its environment from set it; aicheck's own
environment never meets it. So where none of the files read sets it, it is unmet wherever the scan runs: it was
"unknown" on an image and in a fleet's scan, which counted as compliant while the live check said action
required."""

from __future__ import annotations

import json

import pytest

from support.fleet import as_root
from tui.cli import main
from tui.demo.synthetic import SyntheticMachine

GATEWAY = "https://ai-gateway.example.com/v1"
PASSWD = "root:x:0:0:root:/root:/bin/bash\nada:x:1000:1000:Ada:/home/ada:/bin/bash\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def aider_image(tmp_path, monkeypatch) -> SyntheticMachine:
    """ada's Aider on a Linux disk image; nothing on it sets OPENAI_API_BASE, nor does aicheck's environment."""
    monkeypatch.delenv("OPENAI_API_BASE", raising=False)
    m = SyntheticMachine(tmp_path / "img", "linux", home="/home/ada")
    m.write("/etc/passwd", PASSWD)
    m.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")
    return m


def _gateway(report: dict) -> tuple[bool, str, str]:
    """(Aider needs action, its gateway condition's state, its detail) in a scan/check JSON report."""
    [aider] = [t for t in report["tools"] if t["id"] == "aider"]
    [gateway] = [c for c in aider["conditions"] if c["id"] == "gateway"]
    return aider["action_required"], gateway["state"], gateway["detail"]


def test_a_required_variable_nothing_sets_is_unmet_live_and_on_the_image(capsys, aider_image):
    m = aider_image
    live_code, out, err = run(capsys, "check", "--json", "--home", str(m.root / "home/ada"))
    live = _gateway(json.loads(out))
    image_code, out, err = run(capsys, "check", "--json", *m.cli_args())
    image = _gateway(json.loads(out))
    assert live_code == image_code == 1, err
    assert live == image == (True, "unmet", "expected starts with 'https://ai-gateway.example.com': $OPENAI_API_BASE")


def test_a_value_in_aicheck_s_environment_alone_meets_it_nowhere(capsys, aider_image, monkeypatch):
    monkeypatch.setenv("OPENAI_API_BASE", GATEWAY)
    m = aider_image
    code, out, _ = run(capsys, "check", "--json", "--home", str(m.root / "home/ada"))
    assert code == 1 and _gateway(json.loads(out))[:2] == (True, "unmet")
    code, out, _ = run(capsys, "check", "--json", *m.cli_args())
    assert code == 1 and _gateway(json.loads(out))[:2] == (True, "unmet")


def test_every_user_gets_the_same_answer(capsys, aider_image, monkeypatch):
    as_root(monkeypatch)  # --all-users, as root runs it
    root = str(aider_image.root)
    code, out, err = run(capsys, "check", "--all-users", "--json", "--root", root, "--platform", "linux")
    data = json.loads(out)
    assert code == 1 and data["check"]["users_needing_action"] == ["ada"], err
    assert _gateway(data["users"][0]["report"])[:2] == (True, "unmet")
    code, out, _ = run(capsys, "check", "--all-users", "--root", root, "--platform", "linux")
    assert code == 1 and "All users: action required for 1 of 1 user: ada" in out
    # what does meet it, on an image and for every user alike: the export every session of the shell gets
    m = aider_image
    m.write(m.h(".bashrc"), f"export OPENAI_API_BASE={GATEWAY}\n")
    code, out, err = run(capsys, "check", "--json", *m.cli_args())
    assert code == 0 and _gateway(json.loads(out))[:2] == (False, "met"), err
    code, out, err = run(capsys, "check", "--all-users", "--root", str(m.root), "--platform", "linux")
    assert code == 0 and "All users: compliant (1 user)" in out, err
