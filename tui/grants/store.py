"""Grants the employee added (``<data_dir>/grants/<id>.grant``, the armoured text as received).

A grant is verified against the content pack when it is added (:func:`add_grant`) and again at every
scan (:func:`checked_grants`): a stored file proves nothing by itself. Writes are atomic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from tui.atomic import write_atomic
from tui.core.bounded_read import ReadSkipped, read_bounded_text
from tui.core.clock import local_today
from tui.core.grants import (
    GRANT_ID_RE,
    CheckedGrant,
    Grant,
    GrantError,
    GrantPolicy,
    parse_grant,
)

if TYPE_CHECKING:
    from tui.config import Config
    from tui.requests.model import ExceptionRequest

MAX_GRANT_FILE_BYTES = 16 * 1024
MAX_STORED = 500


def grants_dir(data_dir: Path | None = None) -> Path:
    if data_dir is None:
        from tui.paths import data_dir as default

        data_dir = default()
    return Path(data_dir) / "grants"


def add_grant(text: str, policy: GrantPolicy, *, data_dir: Path | None = None, today: dt.date | None = None) -> Grant:
    """Parse and verify ``text`` against the pack, then store it atomically. Raises GrantError saying why
    it was refused (nothing is stored then)."""
    grant = parse_grant(text)
    why = policy.signature_refusal(grant)
    if why is None and policy.user and grant.user != policy.user:
        why = f"issued to {grant.user}, not to you ({policy.user})"
    today = today or local_today()
    if why is None and grant.until < today:
        why = f"expired on {grant.until.isoformat()}"
    if why:
        raise GrantError(f"grant {grant.id} refused: {why}")
    write_atomic(grants_dir(data_dir) / f"{grant.id}.grant", grant.armour())
    return grant


def stored_grants(data_dir: Path | None = None) -> list[tuple[Path, Grant | GrantError]]:
    """Every stored grant file, parsed, or the error that says why it cannot be read."""
    folder = grants_dir(data_dir)
    if not folder.is_dir():
        return []
    out: list[tuple[Path, Grant | GrantError]] = []
    for path in sorted(folder.glob("GRT-*.grant"))[:MAX_STORED]:
        if not GRANT_ID_RE.match(path.stem):
            continue
        try:
            try:  # a regular file under the cap: a FIFO or a link to a device is refused, never waited on
                text = read_bounded_text(path, MAX_GRANT_FILE_BYTES)
            except ReadSkipped as exc:
                raise GrantError(f"{path.name}: unreadable: {exc}") from None
            grant = parse_grant(text)
            if grant.id != path.stem:
                raise GrantError(f"{path.name}: holds grant {grant.id}")
            out.append((path, grant))
        except (OSError, UnicodeDecodeError) as exc:
            out.append((path, GrantError(f"{path.name}: unreadable: {exc}")))
        except GrantError as exc:
            out.append((path, exc))
    return out


def checked_grants(
    policy: GrantPolicy, data_dir: Path | None = None, read: list[str] | None = None
) -> list[CheckedGrant]:
    """Each readable stored grant with why it does not count (None when it does, before expiry/versions).
    ``read``: each grant file looked at is added to it."""
    stored = stored_grants(data_dir)
    if read is not None:
        read += [str(path) for path, _ in stored]
    return [CheckedGrant(g, policy.refusal(g), str(path)) for path, g in stored if isinstance(g, Grant)]


def approvals_waiting(data_dir: Path | None = None, read: list[str] | None = None) -> list[CheckedGrant]:
    """Requests the intake reported approved: they change no verdict, but the scan says a signed grant is
    still awaited ("approved in SEC-1 - waiting for the signed grant")."""
    from tui.requests.store import RequestStore

    store = RequestStore(data_dir)
    if read is not None:
        read += [str(store.path(rid)) for rid in store.ids()]
    reqs, _problems = store.list(clean=False)  # a scan writes nothing, not even a stale temporary's removal
    return [waiting_for_grant(r) for r in reqs if r.state == "approved"]


def waiting_for_grant(r: ExceptionRequest) -> CheckedGrant:
    """An approved request as the scan shows it: no verdict change, a note that the signed grant is awaited."""
    where = r.delivery.ticket or r.id
    return CheckedGrant(
        None,
        f"Exception request {r.id} approved in {where} - waiting for the signed grant (aicheck grant add FILE).",
        str(r.id),
        r.tool.id,
    )


def current_user_email(config: Config | None = None, read: list[str] | None = None) -> str:
    """The user a grant must name: ``[user] email`` in the aicheck config, else git's ``user.email`` (read
    from git's config files; git is never run). ``read``: git's files read are added to it."""
    from tui.config import configured_email, load_config

    email = configured_email(config if config is not None else load_config())
    if email:
        return email.lower()
    from tui.requests.gitident import git_identity

    return git_identity(read=read).email.strip().lower()
