"""Quitting the app while a request is being sent: prompt, and nothing lost (the outbox's exactly-once rules
take the send cut short for an attempt that may have arrived)."""

from __future__ import annotations

import contextlib
import os

import pytest

from support.app import git_identity
from tui.cli import main
from tui.requests.store import RequestStore

CHILD = """
import asyncio, sys
from pathlib import Path
import support.app, support.idle
import tui.paths
support.idle.install()
support.app.DEMO_PARENT = Path(sys.argv[1])
tui.paths.managed_config_file = lambda: Path(sys.argv[1]) / "managed.toml"
from support.app import demo_app
from test_app_requests import preview_a_filled_form
from tui.requests.store import RequestStore

async def main():
    app = demo_app()
    said = []
    shown = app.notify
    app.notify = lambda message, **kw: (said.append(str(message)), shown(message, **kw))[1]
    async with app.run_test() as pilot:
        await preview_a_filled_form(pilot, app)
        await pilot.press("s")
        for _ in range(2000):  # until the attempt is on disk and the request on its way to the silent intake
            await pilot.pause(0.01)
            reqs = RequestStore().list()[0]
            if reqs and reqs[0].delivery.in_flight:
                break
        await pilot.press("q")
        await pilot.pause()
        print("SAID", said[-1] if said else "")
        print("SENDING", sorted(app.sending))
        await pilot.press("ctrl+q")
    print("QUIT", flush=True)

asyncio.run(main())
"""


@pytest.fixture(autouse=True)
def git_home(tmp_path, monkeypatch):
    """The request's requester (its form, in the child too) comes from this git identity, never the account's
    running the suite (which may have none: the form then had two problems and was never sent)."""
    return git_identity(tmp_path, monkeypatch)


def _use_webhook_waiting_120_s(port: int, monkeypatch) -> None:
    """The user config's [intake]: a webhook on ``port`` of loopback that aicheck waits 120 s for."""
    from pathlib import Path

    from support.intake_server import SECRET

    monkeypatch.setenv("T_SECRET", SECRET)
    Path(os.environ["AICHECK_CONFIG"]).write_text(
        f'[intake]\nkind = "webhook"\nurl = "http://127.0.0.1:{port}/hook"\nsecret_env = "T_SECRET"\ntimeout = 120\n'
    )


def _child(tmp_path, text: str, *args: str):
    """The app driven by ``text`` (a pilot script) in a process of its own, whose end the test waits for."""
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "child.py"
    script.write_text(text)
    here = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(here.parent.parent), str(here.parent), str(here)]))
    return subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "demo"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_quitting_while_a_send_waits_on_a_silent_intake_is_prompt_and_the_request_is_sent_once_later(
    tmp_path, monkeypatch
):
    """Red team: with an intake that accepts and never answers (timeout 120 s here), q said nothing while
    "Sending…", and Ctrl+Q cleared the screen but the process ended only when the timeout ran out. Now q
    says how to quit, Ctrl+Q ends the process at once, and the attempt cut short is on disk as one that may
    have arrived: the next sync re-sends it with the same webhook id, so the intake sees one request."""
    import socket
    import threading

    from support.intake_server import FakeIntake

    silent = socket.socket()
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                held.append(silent.accept()[0])  # accepted, never answered

    threading.Thread(target=accept, daemon=True).start()
    port = silent.getsockname()[1]
    _use_webhook_waiting_120_s(port, monkeypatch)
    proc = _child(tmp_path, CHILD)
    try:
        out, err = proc.communicate(timeout=100)  # the intake's timeout is 120 s: quitting must not wait for it
    finally:
        if proc.poll() is None:
            proc.kill()
        with contextlib.suppress(OSError):
            silent.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread, so the address is free again
        silent.close()
        for conn in held:
            conn.close()
    assert proc.returncode == 0 and "QUIT" in out, (out, err)
    assert "Ctrl+Q quits now" in out
    [req] = RequestStore().list()[0]
    assert req.state == "queued" and req.delivery.in_flight and req.delivery.attempts == 1
    assert "SENDING ['" + req.id + "']" in out

    # the intake answers again (the same address: what was shown is what goes): the next sync takes the attempt
    # cut short for one that may have arrived and re-sends it with its webhook id, for the receiver to drop a copy
    intake = FakeIntake()
    intake.start(port)
    try:
        assert main(["request", "sync", "--now"]) == 0
    finally:
        intake.stop()
    [req] = RequestStore().list()[0]
    assert req.state == "submitted"
    assert any("was interrupted" in event["event"] for event in req.history), req.history
    assert [r["method"] for r in intake.received] == ["POST"]


RETRY_CHILD = """
import asyncio, contextlib, socket, sys, threading
from datetime import timedelta
from pathlib import Path
import support.app, support.idle
import tui.paths
support.idle.install()
support.app.DEMO_PARENT = Path(sys.argv[1])
tui.paths.managed_config_file = lambda: Path(sys.argv[1]) / "managed.toml"
port = int(sys.argv[2])
from support.app import demo_app
from test_app_requests import preview_a_filled_form
from tui.app import app as app_module
from tui.requests import outbox
from tui.requests.store import RequestStore
app_module.RETRY_CHECK_SECONDS = 0.2

async def main():
    app = demo_app()
    async with app.run_test() as pilot:
        await preview_a_filled_form(pilot, app)
        await pilot.press("s")  # nothing listens yet: refused, queued with a retry time
        await app.workers.wait_for_complete()
        await pilot.pause()
        [req] = RequestStore().list()[0]
        assert req.state == "queued" and req.delivery.attempts == 1, req
        silent = socket.socket()  # now an intake that accepts and never answers
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        silent.bind(("127.0.0.1", port))
        silent.listen(8)
        held = []
        def accept():
            with contextlib.suppress(OSError):
                while True:
                    held.append(silent.accept()[0])
        threading.Thread(target=accept, daemon=True).start()
        later = req.delivery.next_attempt_at + timedelta(seconds=1)
        outbox.now_utc = lambda: later  # its retry time has come: the background retry sends it
        for _ in range(3000):
            await pilot.pause(0.01)
            if RequestStore().load(req.id).delivery.attempts == 2:
                break
        print("RETRYING", RequestStore().load(req.id).delivery.attempts, flush=True)
        await pilot.press("ctrl+q")
    print("QUIT", flush=True)

asyncio.run(main())
"""


def test_quitting_while_a_background_retry_waits_on_a_silent_intake_is_prompt(tmp_path, monkeypatch):
    """The running app retries a queued request in the background once its retry time has come. With the
    intake accepting and never answering (timeout 120 s), Ctrl+Q during that retry waited the timeout out
    with the screen cleared, as a send from the preview did: the retry runs where quitting does not wait for it
    (the attempt is on disk before any byte leaves: the next sync delivers it exactly once, as above)."""

    from support.intake_server import free_port

    port = free_port()
    _use_webhook_waiting_120_s(port, monkeypatch)
    proc = _child(tmp_path, RETRY_CHILD, str(port))
    try:
        out, err = proc.communicate(timeout=100)  # the intake's timeout is 120 s: quitting must not wait for it
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "RETRYING 2" in out and "QUIT" in out, (out, err)
    [req] = RequestStore().list()[0]
    assert req.state == "queued" and req.delivery.in_flight and req.delivery.attempts == 2


def test_a_sync_that_outlives_the_app_ends_quietly():
    """CI showed it: a background sync that ended after the app had quit told the closed app its result, and
    the thread died with a RuntimeError (a traceback over the user's shell at exit, had it been the user's).
    What the sync did is on disk for the next one to say: telling a closed app is skipped."""
    import asyncio
    import threading

    from support.app import demo_app, settle
    from tui.requests.model import PolicyContext

    async def run_and_quit():
        app = demo_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.session is not None
            return app, PolicyContext.from_pack(app.session.pack)

    app, policy = asyncio.run(run_and_quit())  # the app's loop is closed when this returns, as at exit
    errors: list[BaseException] = []

    def run() -> None:
        try:
            app._sync_thread(policy, False, False)  # nothing queued: it would tell the app "Nothing to send."
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive() and errors == []
