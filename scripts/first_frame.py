"""Start an app headless and exit right after its first frame is painted (used by benchmark.py).

    python scripts/first_frame.py minimal   # a minimal Textual app: Header, a Static, Footer
    python scripts/first_frame.py aicheck   # the aicheck app on the demo machine

The process's whole wall time, measured by the caller, is the time to first frame: interpreter start,
imports, app construction and the first paint.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Minimal().run(headless=True, size=(100, 32))


def aicheck() -> None:
    import argparse

    from tui.app.app import AicheckApp
    from tui.app.main import demo_args

    args = demo_args(argparse.Namespace(content=None, root=None, home=None, platform=None, search_path=None,
                                        demo=True))

    class FirstFrame(AicheckApp):
        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    FirstFrame(args).run(headless=True, size=(100, 32))


if __name__ == "__main__":
    {"minimal": minimal, "aicheck": aicheck}[sys.argv[1]]()
