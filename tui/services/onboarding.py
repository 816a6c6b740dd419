"""The onboarding checklist an employee works through on their first day and after every policy change:
read the policy, acknowledge it, scan clean, set up alternatives, open exceptions for the rest.

Headless: the app shows it, this module keeps it. Progress lives in ``<data_dir>/onboarding.toml``
(``AICHECK_DATA_DIR`` overrides the folder) and belongs to one policy: when the policy's version or
what it says changes, the checklist starts again, because the user has a new policy to read. What it says
is the policy's fingerprint (its parsed content): a new comment or a reordered table in policy.toml changes
its bytes, not the policy, and does not send everyone back to the start.

The same file keeps the ticks of the alternatives' setup checklists (per guidance page and step text).

A file that is there but cannot be read (broken TOML, a key of the wrong type, a FIFO or a folder in its
place, over a megabyte) is never taken for "no progress" and never written over: it holds the user's
acknowledgement of the policy (who, when, which version), which a fresh checklist saved in its place would
lose without a word. :func:`load` gives a fresh checklist with :attr:`Onboarding.problem` saying what is wrong
(file and line), the app says it, and :meth:`Onboarding.save` refuses until the file is repaired or moved
away. The checklist is app state, not evidence: it never changes a verdict.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import paths
from tui.core.bounded_read import RECORD_LIMIT, ReadSkipped
from tui.errors import RecordError

FILE = "onboarding.toml"

READ, ACKNOWLEDGE, SCAN_CLEAN, ALTERNATIVES, EXCEPTIONS = (
    "read",
    "acknowledge",
    "scan-clean",
    "alternatives",
    "exceptions",
)
STEP_TITLES = {
    READ: "Read the AI-tool policy",
    ACKNOWLEDGE: "Acknowledge the policy",
    SCAN_CLEAN: "Scan clean: nothing on this machine needs action",
    ALTERNATIVES: "Set up approved alternatives for prohibited or restricted tools",
    EXCEPTIONS: "Request exceptions for the tools you still need",
}
MANUAL_STEPS = (ALTERNATIVES, EXCEPTIONS)  # the user may tick these by hand ("nothing to do", "done elsewhere")


@dataclass
class Acknowledgement:
    user: str
    at: dt.datetime
    policy_version: str
    policy_sha256: str


@dataclass
class StepState:
    id: str
    title: str
    done: bool
    detail: str = ""


@dataclass
class Onboarding:
    policy_version: str
    policy_sha256: str
    policy_fingerprint: str = ""  # what decides a reset (the sha256 when there is none)
    read_at: dt.datetime | None = None
    acknowledged: Acknowledgement | None = None
    last_scan_at: dt.datetime | None = None
    last_scan_action_required: int | None = None
    alternatives_verified: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    checklists: dict[str, list[str]] = field(default_factory=dict)
    reset_from: str | None = None  # the previous policy version when progress was reset on load
    problem: str | None = None  # what is wrong with the saved file (path:line: what); then it is never saved over

    # -- steps ---------------------------------------------------------------------------------
    def change_since(self, version: str) -> str:
        """How the policy differs from the one the saved progress was for (``reset_from`` set): the two
        versions, or, when the company changed the content and kept the version, that."""
        if self.reset_from == version:
            return f"new content, still version {version}"
        return f"was {self.reset_from}"

    def steps(
        self,
        *,
        needs_alternative: list[str] | None = None,
        needs_exception: list[str] | None = None,
        requested: set[str] | None = None,
        names: dict[str, str] | None = None,
    ) -> list[StepState]:
        """The five steps with their state. ``needs_alternative``: tool ids (prohibited/conditional, action
        required) that have an approved alternative; ``needs_exception``: action-required tools without one;
        ``requested``: tool ids with an open or approved exception request; ``names``: how to show each id."""
        needs_alternative = needs_alternative or []
        needs_exception = needs_exception or []
        requested = requested or set()
        shown = names or {}

        def listed(ids: list[str]) -> str:
            return ", ".join(shown.get(t, t) for t in ids)

        out = []
        out.append(
            StepState(
                READ,
                STEP_TITLES[READ],
                self.read_at is not None,
                f"read on {_fmt(self.read_at)}" if self.read_at else "open the policy overview (g)",
            )
        )
        ack = self.acknowledged
        out.append(
            StepState(
                ACKNOWLEDGE,
                STEP_TITLES[ACKNOWLEDGE],
                ack is not None,
                f"by {ack.user} on {_fmt(ack.at)}, policy {ack.policy_version} (sha256 {ack.policy_sha256[:12]})"
                if ack
                else "not yet acknowledged",
            )
        )
        if self.last_scan_action_required is None:
            out.append(StepState(SCAN_CLEAN, STEP_TITLES[SCAN_CLEAN], False, "no scan yet"))
        else:
            n = self.last_scan_action_required
            out.append(
                StepState(
                    SCAN_CLEAN,
                    STEP_TITLES[SCAN_CLEAN],
                    n == 0,
                    "clean" if n == 0 else f"{n} tool{'s' if n != 1 else ''} need action",
                )
            )
        if ALTERNATIVES in self.manual:
            alt = StepState(ALTERNATIVES, STEP_TITLES[ALTERNATIVES], True, "marked done by you")
        elif self.last_scan_action_required is None:
            alt = StepState(ALTERNATIVES, STEP_TITLES[ALTERNATIVES], False, "waiting for a scan")
        elif not needs_alternative:
            alt = StepState(ALTERNATIVES, STEP_TITLES[ALTERNATIVES], True, "nothing to replace")
        else:
            alt = StepState(
                ALTERNATIVES, STEP_TITLES[ALTERNATIVES], False, f"still to replace: {listed(needs_alternative)}"
            )
        out.append(alt)
        missing = [t for t in needs_exception if t not in requested]
        if EXCEPTIONS in self.manual:
            exc = StepState(EXCEPTIONS, STEP_TITLES[EXCEPTIONS], True, "marked done by you")
        elif self.last_scan_action_required is None:
            exc = StepState(EXCEPTIONS, STEP_TITLES[EXCEPTIONS], False, "waiting for a scan")
        elif not missing:
            exc = StepState(
                EXCEPTIONS,
                STEP_TITLES[EXCEPTIONS],
                True,
                "exceptions requested"
                if needs_exception
                else "none needed: each tool that needs action has an approved alternative (step 4)",
            )
        else:
            exc = StepState(EXCEPTIONS, STEP_TITLES[EXCEPTIONS], False, f"no request yet for: {listed(missing)}")
        out.append(exc)
        return out

    # -- changes -------------------------------------------------------------------------------
    def mark_read(self, now: dt.datetime | None = None) -> None:
        if self.read_at is None:
            self.read_at = now or _now()

    def acknowledge(self, user: str | None = None, now: dt.datetime | None = None) -> Acknowledgement:
        self.mark_read(now)
        self.acknowledged = Acknowledgement(
            user or current_user(), now or _now(), self.policy_version, self.policy_sha256
        )
        return self.acknowledged

    def record_scan(self, action_required: int, now: dt.datetime | None = None) -> None:
        self.last_scan_at = now or _now()
        self.last_scan_action_required = action_required

    def verify_alternative(self, tool_id: str) -> None:
        if tool_id not in self.alternatives_verified:
            self.alternatives_verified.append(tool_id)

    def set_manual(self, step_id: str, done: bool) -> None:
        if step_id not in MANUAL_STEPS:
            raise ValueError(f"step {step_id!r} cannot be ticked by hand")
        if done and step_id not in self.manual:
            self.manual.append(step_id)
        elif not done and step_id in self.manual:
            self.manual.remove(step_id)

    def ticked(self, checklist: str) -> set[str]:
        return set(self.checklists.get(checklist, []))

    def tick(self, checklist: str, step: str, done: bool = True) -> None:
        items = self.checklists.setdefault(checklist, [])
        if done and step not in items:
            items.append(step)
        elif not done and step in items:
            items.remove(step)

    # -- persistence ---------------------------------------------------------------------------
    def to_toml(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"policy_version": self.policy_version, "policy_sha256": self.policy_sha256}
        if self.policy_fingerprint:
            doc["policy_fingerprint"] = self.policy_fingerprint
        if self.read_at:
            doc["read_at"] = self.read_at
        if self.last_scan_at is not None and self.last_scan_action_required is not None:
            doc["last_scan"] = {"at": self.last_scan_at, "action_required": self.last_scan_action_required}
        if self.alternatives_verified:
            doc["alternatives_verified"] = list(self.alternatives_verified)
        if self.manual:
            doc["manual"] = list(self.manual)
        if self.acknowledged:
            a = self.acknowledged
            doc["acknowledged"] = {
                "user": a.user,
                "at": a.at,
                "policy_version": a.policy_version,
                "policy_sha256": a.policy_sha256,
            }
        if any(self.checklists.values()):
            doc["checklists"] = {k: list(v) for k, v in self.checklists.items() if v}
        return doc

    def save(self, data_dir: Path | None = None) -> Path:
        """Write the progress atomically; a :class:`~tui.errors.RecordError` when the file it was loaded from
        could not be read (:attr:`problem`): it is never written over."""
        import tomli_w

        from tui.atomic import file_lock, write_atomic

        if self.problem:
            raise refusal(self.problem)
        path = _path(data_dir)
        with file_lock(path.with_suffix(".lock")):
            write_atomic(path, tomli_w.dumps(self.to_toml()))
        return path


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _fmt(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else ""


def _path(data_dir: Path | None) -> Path:
    return (data_dir or paths.data_dir()) / FILE


def current_user() -> str:
    """Who acknowledges: the email from the config's ``[user] email``, else git's ``user.email`` (with git's
    ``user.name`` when there is one), else the operating-system user name."""
    try:
        from tui.requests.gitident import git_identity

        ident = git_identity()
        from tui.config import configured_email

        name, email = ident.name.strip(), (configured_email() or ident.email.strip())
        if name and email:
            return f"{name} <{email}>"
        if name or email:
            return name or email
    except Exception:  # identity is a nicety; never fail the acknowledgement over it
        pass
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown user"


def _dt(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None


def _strs(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def refusal(problem: str) -> RecordError:
    """Why nothing is saved over an onboarding file with ``problem``."""
    return RecordError(
        f"{problem}; not changed: aicheck does not overwrite a file it cannot read (it holds your "
        "acknowledgement of the policy): repair it, or move it away"
    )


def _text(value: object) -> bool:
    return isinstance(value, str)


def _time(value: object) -> bool:
    return isinstance(value, dt.datetime)


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# each key aicheck writes, with the type it writes: (key, as a message says it, the check)
_KEYS: tuple[tuple[str, str, Callable[[object], bool]], ...] = (
    ("policy_version", "a string", _text),
    ("policy_sha256", "a string", _text),
    ("policy_fingerprint", "a string", _text),
    ("read_at", "a date and time", _time),
    ("alternatives_verified", "a list of strings", _texts),
    ("manual", "a list of strings", _texts),
)
_TABLES: dict[str, tuple[tuple[str, str, Callable[[object], bool]], ...]] = {
    "last_scan": (("at", "a date and time", _time), ("action_required", "a whole number, 0 or more", _count)),
    "acknowledged": (
        ("user", "a string", _text),
        ("at", "a date and time", _time),
        ("policy_version", "a string", _text),
        ("policy_sha256", "a string", _text),
    ),
}


def damage(data: dict, path: Path, text: str) -> str | None:
    """What is wrong with a decoded ``onboarding.toml`` (``path:line: what``), or None. Every key aicheck writes
    is checked for its type: a wrong one is said, never read as "not done"."""
    from tui.core.tomldoc import TomlDoc
    from tui.errors import Problem
    from tui.requests.fields import wrong

    def at(keypath: tuple, message: str) -> str:
        return str(Problem(str(path), message, TomlDoc(path, str(path), text).pos(keypath)[0]))

    def bad(keypath: tuple, value: object, want: str) -> str:
        return at(keypath, str(wrong(".".join(map(str, keypath)), want, value)))

    for key in ("policy_version", "policy_sha256"):
        if key not in data:
            return at((), f"{key} is missing: not an onboarding file aicheck wrote")
    for key, want, ok in _KEYS:
        if key in data and not ok(data[key]):
            return bad((key,), data[key], want)
    for table, fields in _TABLES.items():
        if table not in data:
            continue
        value = data[table]
        if not isinstance(value, dict):
            return bad((table,), value, "a table")
        for key, want, ok in fields:
            if key not in value:
                return at((table,), f"{table}.{key} is missing")
            if not ok(value.get(key)):
                return bad((table, key), value.get(key), want)
    lists = data.get("checklists", {})
    if not isinstance(lists, dict):
        return bad(("checklists",), lists, "a table")
    for name, items in lists.items():
        if not _texts(items):
            return bad(("checklists", name), items, "a list of strings")
    return None


def load(policy_version: str, policy_sha256: str, data_dir: Path | None = None, fingerprint: str = "") -> Onboarding:
    """Progress for this policy; a fresh checklist if there is none, or it belongs to another policy version
    or content (``reset_from`` then names the old version). The content is compared by ``fingerprint`` when
    both sides have one, else by the policy file's sha256 (progress saved before fingerprints were kept). A
    file that cannot be read gives a fresh checklist too, with ``problem`` saying why; it is never saved over."""
    from tui.core.bounded_read import FileMissing, read_bounded_text
    from tui.core.safe_toml import parse_toml
    from tui.core.text import clean

    fresh = Onboarding(policy_version, policy_sha256, fingerprint)
    path = _path(data_dir)
    try:
        text = read_bounded_text(path, RECORD_LIMIT)  # a FIFO or a device is refused, never waited on
        data = parse_toml(text)
    except FileMissing:
        return fresh
    except ReadSkipped as exc:  # not a regular file, too large, not UTF-8, malformed
        fresh.problem = f"{clean(str(path), 500)}: unreadable: {clean(str(exc), 600)}"
        return fresh
    problem = damage(data, path, text)
    if problem:
        fresh.problem = problem
        return fresh
    saved = data.get("policy_fingerprint")
    if fingerprint and isinstance(saved, str) and saved:
        same = saved == fingerprint
    else:
        same = data.get("policy_sha256") == policy_sha256
    if data.get("policy_version") != policy_version or not same:
        old = data.get("policy_version")
        fresh.reset_from = old if isinstance(old, str) else "?"
        return fresh
    state = fresh
    state.read_at = _dt(data.get("read_at"))
    scan = data.get("last_scan")
    if isinstance(scan, dict) and isinstance(scan.get("action_required"), int) and _dt(scan.get("at")):
        state.last_scan_at = _dt(scan["at"])
        state.last_scan_action_required = scan["action_required"]
    state.alternatives_verified = _strs(data.get("alternatives_verified"))
    state.manual = [m for m in _strs(data.get("manual")) if m in MANUAL_STEPS]
    ack = data.get("acknowledged")
    ack_at = _dt(ack.get("at")) if isinstance(ack, dict) else None
    if isinstance(ack, dict) and isinstance(ack.get("user"), str) and ack_at:
        state.acknowledged = Acknowledgement(
            ack["user"], ack_at, str(ack.get("policy_version", "")), str(ack.get("policy_sha256", ""))
        )
    lists = data.get("checklists")
    if isinstance(lists, dict):
        state.checklists = {k: _strs(v) for k, v in lists.items() if isinstance(k, str)}
    return state
