"""Durable records: one TOML file per request (``<data_dir>/requests/<id>.toml``) and per impact document
(``<data_dir>/impact/<id>.toml``).

Every write is atomic (:func:`tui.atomic.write_atomic`), and every change to a request happens inside
:meth:`RequestStore.transaction`, which holds that request's lock file while it reads, changes and
rewrites the record: two aicheck processes never overwrite each other's changes.

Records never change a verdict: an approved request only says a signed grant is awaited
(:func:`tui.grants.store.approvals_waiting`); exceptions count through signed grants alone.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.atomic import file_lock, remove_stale_temps, write_atomic
from tui.core.bounded_read import RECORD_LIMIT, FileMissing, ReadSkipped, TooLarge
from tui.core.safe_toml import read_toml
from tui.errors import RecordError

if TYPE_CHECKING:
    from tui.requests.impact import ImpactDoc
    from tui.requests.model import ExceptionRequest

REQUEST_ID_RE = re.compile(r"^REQ-\d{8}-[0-9A-F]{6}$")
DELIVERED_STATES = ("submitted", "approved", "denied")  # states only a delivery (with its ticket) leads to
IMPACT_ID_RE = re.compile(r"^IMP-\d{8}-[0-9A-F]{6}$")


def _data_dir(data_dir: Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from tui.paths import data_dir as default

    return default()


def _read_toml(path: Path) -> dict[str, Any]:
    """A record's TOML: a regular file under the size cap (a FIFO, a folder or a link to a device is
    refused without blocking), valid UTF-8 and TOML; otherwise RecordError saying what is wrong."""
    from tui.core.text import clean

    try:
        return read_toml(path, RECORD_LIMIT)  # regular files only, bounded: a FIFO or /dev/zero is refused
    except FileMissing:
        raise FileNotFoundError(2, "No such file or directory", str(path)) from None
    except TooLarge as exc:  # an older aicheck wrote records it could not read back: say how to set one aside
        raise RecordError(
            f"{path}: unreadable record: {clean(str(exc), 200)}; a record may hold at most {RECORD_LIMIT:,} "
            f"bytes (an earlier aicheck could save a larger one): move the file out of {path.parent} to "
            "set it aside, and aicheck carries on without it"
        ) from None
    except ReadSkipped as exc:
        raise RecordError(f"{path}: unreadable record: {clean(str(exc), 600)}") from None


def _dump_toml(d: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(d)


def _record_text(d: dict[str, Any], path: Path) -> str:
    """The record's TOML, if it can be read back (at most :data:`RECORD_LIMIT` bytes); else RecordError, and
    nothing is written: a record the reader refuses would block every later save, send and list of it."""
    text = _dump_toml(d)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > RECORD_LIMIT:
        raise RecordError(
            f"{path}: not saved: the record would be {size:,} bytes, more than the {RECORD_LIMIT:,} a record "
            "may hold; the file on disk is unchanged (shorten the longest field)"
        )
    return text


def _resolve_id(folder: Path, ident: str, pattern: re.Pattern, kind: str) -> str:
    """An exact id, or an unambiguous tail of one (``7KQ2M3`` for ``REQ-20260301-7KQ2M3``)."""
    ident = ident.strip()
    if pattern.match(ident.upper()):
        return ident.upper()
    if not re.fullmatch(r"[0-9A-Za-z-]{3,}", ident):
        raise RecordError(f"'{ident}' is not a {kind} id")
    matches = sorted(p.stem for p in folder.glob("*.toml") if p.stem.upper().endswith(ident.upper()))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise RecordError(f"no {kind} '{ident}' (in {folder})")
    raise RecordError(f"'{ident}' matches several {kind}s: {', '.join(matches)}")


class RequestStore:
    def __init__(self, data_dir: Path | None = None):
        self.folder = _data_dir(data_dir) / "requests"
        self.lock_folder = self.folder / ".locks"

    def path(self, request_id: str) -> Path:
        if not REQUEST_ID_RE.match(request_id):
            raise RecordError(f"'{request_id}' is not a request id")
        return self.folder / f"{request_id}.toml"

    def resolve(self, ident: str) -> str:
        return _resolve_id(self.folder, ident, REQUEST_ID_RE, "request")

    def exists(self, request_id: str) -> bool:
        return self.path(request_id).exists()

    def load(self, ident: str) -> ExceptionRequest:
        from tui.requests.model import ExceptionRequest

        request_id = self.resolve(ident)
        path = self.path(request_id)
        try:
            data = _read_toml(path)
        except FileNotFoundError:
            raise RecordError(f"no request '{ident}' (in {self.folder})") from None
        req = ExceptionRequest.from_dict(data, source=str(path))
        if req.id != request_id:
            # copied or restored under another request's name: every lock, write and send goes by the id,
            # so acting on it would act on another file (or on none): named, never used
            raise RecordError(
                f"{path}: the record's id is {req.id}, not the {request_id} its file name says (a record copied "
                f"or restored under another name): name the file {req.id}.toml, or move it out of {self.folder}"
            )
        return req

    def write_locked(self, req: ExceptionRequest) -> None:
        """Write a request atomically; the caller holds its lock (see :meth:`lock`)."""
        path = self.path(req.id)
        write_atomic(path, _record_text(req.to_dict(), path))

    def create(self, req: ExceptionRequest) -> None:
        """Save a new request; refuses to overwrite an existing id."""
        with self.lock(req.id):
            if self.exists(req.id):
                raise RecordError(f"request {req.id} already exists")
            self.write_locked(req)

    def save(self, req: ExceptionRequest) -> None:
        """Save (create or overwrite) a request under its lock: the form's autosave for drafts."""
        from tui.requests.model import now_utc

        with self.lock(req.id):
            req.updated = now_utc()
            self.write_locked(req)

    @contextlib.contextmanager
    def lock(self, request_id: str, *, blocking: bool = True) -> Iterator[None]:
        self.path(request_id)  # validates the id
        with file_lock(self.lock_folder / f"{request_id}.lock", blocking=blocking):
            yield

    @contextlib.contextmanager
    def transaction(self, ident: str, *, blocking: bool = True) -> Iterator[ExceptionRequest]:
        """Lock a request, yield the current record, and save it atomically when the block ends without
        an exception (an exception leaves the record as it was)."""
        from tui.requests.model import now_utc

        request_id = self.resolve(ident)
        with self.lock(request_id, blocking=blocking):
            req = self.load(request_id)
            yield req
            req.updated = now_utc()
            self.write_locked(req)

    def claimed_delivery(self, req: ExceptionRequest) -> str | None:
        """What is wrong with a record that says delivered (submitted, approved, denied) and has no ticket:
        every delivery records one (a webhook's is its fingerprint when the answer names none), so it was
        never sent, or the record was edited by hand; None for any other record. Said by ``request list``:
        nothing in aicheck acts on it (a decision is asked by the ticket, and a verdict by signed grants)."""
        if req.state not in DELIVERED_STATES or req.delivery.ticket:
            return None
        return (
            f"{req.id}: its record says {req.state}, but it has no ticket: it may never have been sent "
            f'({self.path(req.id)} edited by hand?); if it was not, set state = "queued" there and run: '
            f"aicheck request submit {req.id}"
        )

    def list_with_problems(self) -> tuple[list[ExceptionRequest], list[str]]:
        """:meth:`list` and every problem a list of requests says: the records that cannot be read and those
        that claim a delivery they have no ticket for (:meth:`claimed_delivery`). What ``request list`` and
        the app's requests screen both show, from this one place."""
        reqs, problems = self.list()
        return reqs, problems + [p for p in map(self.claimed_delivery, reqs) if p]

    def ids(self) -> list[str]:
        return _ids(self.folder, "REQ-*.toml", REQUEST_ID_RE)

    def list(self, clean: bool = True) -> tuple[list[ExceptionRequest], list[str]]:
        """All readable requests, oldest first, and a message per record that could not be read
        (quarantined: named with what is wrong, never fatal). Stale temporaries are cleaned on the way,
        unless ``clean`` is False (a scan, which writes nothing)."""
        if clean:
            _clean_temps(self.folder)
            _clean_temps(self.folder.parent)  # the checklist's and the attestations' temporaries
        out: list[ExceptionRequest] = []
        problems: list[str] = []
        for rid in self.ids():
            try:
                out.append(self.load(rid))
            except RecordError as exc:
                problems.append(str(exc))
        out.sort(key=lambda r: (r.created, r.id))
        return out, problems


class ImpactStore:
    def __init__(self, data_dir: Path | None = None):
        self.folder = _data_dir(data_dir) / "impact"

    def path(self, impact_id: str) -> Path:
        if not IMPACT_ID_RE.match(impact_id):
            raise RecordError(f"'{impact_id}' is not an impact document id")
        return self.folder / f"{impact_id}.toml"

    def resolve(self, ident: str) -> str:
        return _resolve_id(self.folder, ident, IMPACT_ID_RE, "impact document")

    def save(self, doc: ImpactDoc) -> Path:
        """Write the document atomically (the app calls this on every edit: drafts autosave)."""
        path = self.path(doc.id)
        text = _record_text(doc.to_dict(), path)  # refused before the lock: the file on disk stays as it was
        with file_lock(self.folder / ".locks" / f"{doc.id}.lock"):
            write_atomic(path, text)
        return path

    def load(self, ident: str) -> ImpactDoc:
        return load_impact_file(self.path(self.resolve(ident)))

    def list(self) -> tuple[list[ImpactDoc], list[str]]:
        _clean_temps(self.folder)
        out: list[ImpactDoc] = []
        problems: list[str] = []
        if self.folder.is_dir():
            for ident in _ids(self.folder, "IMP-*.toml", IMPACT_ID_RE):
                try:
                    out.append(load_impact_file(self.folder / f"{ident}.toml"))
                except RecordError as exc:
                    problems.append(str(exc))
        out.sort(key=lambda d: (d.created, d.id))
        return out, problems


def _ids(folder: Path, pattern: str, id_re: re.Pattern[str]) -> list[str]:
    """Record ids in ``folder`` (none when it is missing, unreadable or not a folder)."""
    try:
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob(pattern) if id_re.match(p.stem))
    except OSError:
        return []


def _clean_temps(folder: Path) -> None:
    with contextlib.suppress(OSError):
        if folder.is_dir():
            remove_stale_temps(folder)


def load_impact_file(path: Path) -> ImpactDoc:
    from tui.requests.impact import ImpactDoc

    try:
        data = _read_toml(Path(path))
    except FileNotFoundError:
        raise RecordError(f"{path}: no such impact document") from None
    return ImpactDoc.from_dict(data, source=str(path))


# -- approved exceptions, for the judgement -----------------------------------------------------------
