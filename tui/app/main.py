"""Entry point of ``aicheck`` with no sub-command: open the app (on the demo machine with ``--demo``)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.app.app import AicheckApp


def demo_args(args: argparse.Namespace, root: Path) -> argparse.Namespace:
    """``args`` pointed at the bundled demo machine under ``root`` (built there unless it is already)."""
    from tui.demo import demo_options

    new = argparse.Namespace(**vars(args))
    for key, value in demo_options(root).items():
        setattr(new, key, value)
    return new


@contextmanager
def open_app(args: argparse.Namespace, *, demo_root: Path | None = None, **app_options: Any) -> Iterator[AicheckApp]:
    """The app for ``args``. With ``--demo``: on the demo machine, inside :func:`tui.demo.demo_sandbox`
    (its own throw-away data folder, a local intake and the demo disk itself) for as long as the app runs."""
    from tui.app.app import AicheckApp

    if not getattr(args, "demo", False):
        yield AicheckApp(args, **app_options)
        return
    from tui.demo import demo_sandbox

    with demo_sandbox() as sandbox:  # the demo disk is built in the sandbox too: removed with it at exit
        demo = demo_args(args, root=demo_root or sandbox / "machine")
        yield AicheckApp(demo, **app_options)


def run_app(args: argparse.Namespace, *, headless: bool = False) -> int:
    """Run the app; a bug inside it exits 3 with one line, like a command's (see :mod:`tui.cli` and :mod:`tui.crashlog`)."""
    import sys

    from tui.errors import ExitCode

    with open_app(args) as app:
        app.run(headless=headless)
    for request_id in sorted(app.sending):  # quit while it was being sent: never a send that just vanished
        print(
            f"aicheck: {request_id} was being sent when you quit; it is kept queued and is sent exactly once by the "
            "next start of aicheck or `aicheck request sync`",
            file=sys.stderr,
        )
    if app.crash_report is not None:
        from tui.crashlog import save_traceback

        print(f"aicheck: internal error, details in {save_traceback(app.crash_report)}", file=sys.stderr)
        return ExitCode.INTERNAL
    return app.return_code or 0
