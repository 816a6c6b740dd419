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
from tui.core.grant_ids import GRANT_ID_RE
from tui.core.grants import (
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
    """Every stored grant file (the first :data:`MAX_STORED`), parsed, or the error that says why it cannot
    be read."""
    return _stored(data_dir)[0]


def _stored(data_dir: Path | None) -> tuple[list[tuple[Path, Grant | GrantError]], int]:
    """(:func:`stored_grants`, how many grant files there are in all)."""
    folder = grants_dir(data_dir)
    if not folder.is_dir():
        return [], 0
    out: list[tuple[Path, Grant | GrantError]] = []
    names = sorted(p for p in folder.glob("GRT-*.grant") if GRANT_ID_RE.match(p.stem))
    for path in names[:MAX_STORED]:
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
    return out, len(names)


def damaged_grant(path: str | Path, why: object) -> str:
    """The scan error for a grant file that cannot be read (``why``: what is wrong with it). It grants
    nothing, which can only leave a tool needing action; but the user must learn that their exception is not
    in effect because of the file, never by its silent absence."""
    from tui.core.text import clean

    text = str(why)
    name = Path(path).name
    text = text[len(name) + 2 :] if text.startswith(f"{name}: ") else text
    return (
        f"{clean(str(path), 500)}: {clean(text, 600)}; it grants nothing until it is repaired or removed "
        "(aicheck grant list)"
    )


def too_many_grants(folder: str | Path, count: int) -> str:
    """The scan error for a grants folder holding more files than a scan reads."""
    from tui.core.text import clean

    return (
        f"{clean(str(folder), 500)}: {count} grant files, more than the {MAX_STORED} aicheck reads; the others "
        "grant nothing: remove the ones that expired"
    )


def checked_grants(
    policy: GrantPolicy,
    data_dir: Path | None = None,
    read: list[str] | None = None,
    problems: list[str] | None = None,
) -> list[CheckedGrant]:
    """Each readable stored grant with why it does not count (None when it does, before expiry/versions).
    ``read``: each grant file looked at is added to it; ``problems``: a line per grant file that cannot be read
    (:func:`damaged_grant`), and one when there are more than a scan reads."""
    stored, count = _stored(data_dir)
    if read is not None:
        read += [str(path) for path, _ in stored]
    if problems is not None:
        problems += [damaged_grant(path, g) for path, g in stored if not isinstance(g, Grant)]
        if count > MAX_STORED:
            problems.append(too_many_grants(grants_dir(data_dir), count))
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
