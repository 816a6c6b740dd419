"""Entry point of ``aicheck`` with no sub-command: open the app (on the demo machine with ``--demo``)."""

from __future__ import annotations

import argparse


def demo_args(args: argparse.Namespace, root=None) -> argparse.Namespace:
    """``args`` pointed at the bundled demo machine (built once, in the cache folder)."""
    from tui.demo import default_demo_dir, demo_options

    new = argparse.Namespace(**vars(args))
    for key, value in demo_options(root or default_demo_dir()).items():
        setattr(new, key, value)
    return new


def run_app(args: argparse.Namespace) -> int:
    from tui.app.app import AicheckApp

    if getattr(args, "demo", False):
        args = demo_args(args)
    app = AicheckApp(args)
    app.run()
    return app.return_code or 0
