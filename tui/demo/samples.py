"""Sample records of the demo: what a user would have typed, for the screenshots and the app's snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from tui.requests.impact import ImpactDoc, Workflow


def sample_impact(created: dt.datetime | None = None) -> ImpactDoc:
    """A filled-in impact document for Claude Code (``created`` fixes its clock, for pictures that never change)."""
    doc = ImpactDoc(
        id="IMP-20261103-5EED01",
        tool_id="claude-code",
        title="Claude Code for the Q3 service migration",
        workflows=(
            Workflow("Write a schema migration", 240, 40, 3, "with tests"),
            Workflow("Review pull requests", 45, 20, 10),
            Workflow("Draft runbooks", 90, 30, 1),
        ),
        cost_per_month=40,
        author="Ada Lovelace",
    )
    return doc if created is None else replace(doc, created=created, updated=created)
