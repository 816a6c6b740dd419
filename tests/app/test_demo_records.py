"""``aicheck --demo`` keeps to itself: its acknowledgement, attestations and requests live in a throw-away
data folder (removed at exit) and go to a local intake. The user's records stay byte for byte the same,
and the intake the user configured receives nothing."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest
from test_app_requests import fill_valid_form
from textual.widgets import Checkbox

from support.app import SIZE, demo_machine, settle, texts
from support.intake_server import SECRET
from tui import paths
from tui.app.main import open_app
from tui.app.preview import PreviewScreen


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def users_own_records(tmp_path, monkeypatch, fake):
    """A user who already acknowledged the real policy, confirmed a condition and has an intake."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("T_SECRET", SECRET)
    data = paths.data_dir()
    data.mkdir(parents=True)
    (data / "onboarding.toml").write_text(
        'policy_version = "2025.1"\npolicy_sha256 = "abc"\nread_at = 2025-01-02T03:04:05Z\n'
    )
    (data / "attestations.toml").write_text(
        'format = 2\n[[confirmed]]\npolicy_version = "2025.1"\ntool = "x"\ncondition = "y"\ntext_sha256 = "z"\n'
    )
    paths.config_file().write_text(
        f'[user]\nemail = "ada@example.com"\n[intake]\nkind = "webhook"\n'
        f'url = "{fake.base}/hook"\nsecret_env = "T_SECRET"\ntimeout = 2\n'
    )
    return data


async def test_the_demo_never_touches_the_users_records_or_intake(users_own_records, fake):
    data, config = users_own_records, paths.config_file()
    before, config_before = snapshot(data), config.read_bytes()
    args = argparse.Namespace(demo=True, root=None, home=None, platform=None, search_path=None, content=None)
    with open_app(args, demo_root=demo_machine().root, cursor_blink=False) as app:
        sandbox = paths.data_dir()
        assert sandbox != data and not sandbox.is_relative_to(data)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "demo: nothing is kept or sent" in app.sub_title
            # acknowledge the policy (through the dialog)
            await pilot.press("o", "k")
            await pilot.pause()
            await pilot.click("#ack-confirm")
            await pilot.pause()
            assert app.onboarding.acknowledged is not None
            await pilot.press("escape")
            await pilot.pause()
            # confirm an attested condition
            app.action_open_tool("github-copilot")
            await pilot.pause()
            app.screen.query_one(".attest", Checkbox).toggle()
            await settle(pilot)
            await pilot.press("escape")
            await pilot.pause()
            # request an exception and "send" it
            app.action_open_tool("claude-code")
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            form = await fill_valid_form(pilot, app)
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, PreviewScreen)
            assert "WRITE file://" in texts(app.screen, "#payload")
            said = texts(app.screen)  # the local intake signs nothing: no word of a signature
            assert "It is written into a file there, and nothing goes over the network" in said
            assert "signature" not in said
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "LOCAL-" in texts(app.screen, "#outcome")
            [kept] = (sandbox / "local-intake").glob("*.json")
            assert json.loads(kept.read_text())["justification"] == form.req.justification
            assert (sandbox / "onboarding.toml").is_file() and (sandbox / "attestations.toml").is_file()
    assert not sandbox.exists()  # thrown away at exit
    assert os.environ["AICHECK_DATA_DIR"] == str(data) and paths.config_file() == config
    assert snapshot(data) == before and config.read_bytes() == config_before
    assert fake.received == []


def test_the_demo_folder_goes_when_the_terminal_closes_and_an_abandoned_one_at_the_next_start(tmp_path):
    """Closing the terminal (SIGHUP) ended the demo without its cleanup: its temp folder, with a request
    holding a name and an email, stayed. Now a hang-up removes it, and a folder whose demo was killed
    outright (SIGKILL) is removed when the next demo starts."""
    import signal
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from tui.demo import demo_sandbox\n"
        "with demo_sandbox() as base:\n"
        "    (base / 'data').mkdir()\n"
        "    (base / 'data' / 'request.toml').write_text('email = \"ada@example.com\"')\n"
        "    print(base, flush=True)\n"
        "    time.sleep(30)\n"
    )
    env = dict(os.environ, TMPDIR=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    for sig in (signal.SIGHUP, signal.SIGKILL):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
        base = Path(child.stdout.readline().strip())
        assert (base / "data" / "request.toml").exists()
        child.send_signal(sig)
        child.wait(timeout=10)
        if sig == signal.SIGHUP:
            assert not base.exists()
        else:
            assert base.exists()  # nothing runs on SIGKILL: the next start cleans it
            starter = subprocess.run(
                [sys.executable, "-c", "from tui.demo import demo_sandbox\nwith demo_sandbox(): pass"],
                env=env,
                timeout=20,
            )
            assert starter.returncode == 0 and not base.exists()
    assert not list(tmp_path.glob("aicheck-demo-*"))
