"""Syncing exception requests with the intake, and storing the signed grants an intake returns.

It lives above both :mod:`tui.requests` (the outbox) and :mod:`tui.grants` (the grant store) so that
neither of those packages imports the other's sync logic.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.requests.model import PolicyContext, now_utc
from tui.requests.outbox import Outcome, sync
from tui.requests.store import RequestStore

if TYPE_CHECKING:
    from tui.config import Config
    from tui.requests.model import ExceptionRequest


def sync_all(
    policy: PolicyContext,
    *,
    data_dir: Path | None = None,
    force: bool = False,
    config: Config | None = None,
    now: datetime | None = None,
    retry_parked: bool = False,
    listed: list[ExceptionRequest] | None = None,
) -> list[Outcome]:
    """What ``aicheck request sync`` and the app's start run: deliver what is due, read decisions
    (``retry_parked``: also re-send what a permanent refusal parked; ``listed``: the records as the caller
    just listed them, see :func:`tui.requests.outbox.sync`).
    Raises ConfigError when the intake settings are unusable (nothing is changed then)."""
    from tui.intake.factory import build_backend, effective_intake

    store = RequestStore(data_dir)
    settings, where = effective_intake(policy.intake, config)
    accept, granted = grant_acceptor(policy, data_dir=data_dir, config=config, today=(now or now_utc()).date())
    return sync(
        store,
        build_backend(settings, where=where),
        now=now,
        force=force,
        accept_grant=accept,
        granted_tools=granted,
        retry_parked=retry_parked,
        listed=listed,
    )


def grant_acceptor(
    policy: PolicyContext, *, data_dir: Path | None = None, config: Config | None = None, today: date | None = None
) -> tuple[Callable[[str], str], frozenset[str]]:
    """What sync does with a grant block an intake returned: verify it against the pack and store it like
    ``aicheck grant add`` (returns a note for the request's history), and the tools that already have a
    valid grant (their approved requests need not be asked again)."""
    from tui.core.grants import GrantError, GrantPolicy, this_host
    from tui.grants.store import add_grant, checked_grants, current_user_email

    trust = GrantPolicy(
        policy.approver_keys,
        frozenset(policy.revoked),
        frozenset(policy.tools),
        current_user_email(config),
        policy.max_days,
        this_host("/"),  # requests are sent and synced from the machine they were made on
    )

    def accept(block: str) -> str:
        try:
            g = add_grant(block, trust, data_dir=data_dir, today=today)
        except GrantError as exc:
            return f"a grant in the answer was not accepted: {exc}"
        return f"signed grant {g.id} stored ({g.tool} until {g.until.isoformat()})"

    granted = {
        c.tool_id
        for c in checked_grants(trust, data_dir)
        if c.problem is None and c.grant and (today is None or c.grant.until >= today)
    }
    return accept, frozenset(granted)
