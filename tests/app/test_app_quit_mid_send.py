"""Quitting the app while a request is being sent: prompt, and nothing lost (the outbox's exactly-once rules
take the send cut short for an attempt that may have arrived)."""

from __future__ import annotations

import contextlib
import os

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


def test_quitting_while_a_send_waits_on_a_silent_intake_is_prompt_and_the_request_is_sent_once_later(
    tmp_path, monkeypatch
):
    """Red team: with an intake that accepts and never answers (timeout 120 s here), q said nothing while
    "Sending…", and Ctrl+Q cleared the screen but the process ended only when the timeout ran out. Now q
    says how to quit, Ctrl+Q ends the process at once, and the attempt cut short is on disk as one that may
    have arrived: the next sync re-sends it with the same webhook id, so the intake sees one request."""
    import socket
    import subprocess
    import sys
    import threading
    from pathlib import Path

    from support.intake_server import SECRET, FakeIntake

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
    monkeypatch.setenv("T_SECRET", SECRET)
    config = Path(os.environ["AICHECK_CONFIG"])
    config.write_text(
        f'[intake]\nkind = "webhook"\nurl = "http://127.0.0.1:{port}/hook"\nsecret_env = "T_SECRET"\ntimeout = 120\n'
    )
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    here = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(here.parent.parent), str(here.parent), str(here)]))
    proc = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "demo")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
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
