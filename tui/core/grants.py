"""Signed exception grants: the only thing that turns a tool's verdict into ``excepted``.

A grant is a small text block an approver signs with an Ed25519 key that the content pack pins in
``policy.toml`` (``[exceptions] approver_keys``); it survives being pasted into a ticket comment or a
webhook answer, and is found there again by :func:`find_grant_blocks`::

    -----BEGIN AICHECK GRANT-----
    id: GRT-20261123-3F9A1C
    user: alice@example.com
    tool: cursor
    issued: 2026-11-23
    until: 2026-12-20
    ticket: SEC-123
    versions: >=1.7,<2
    advisories: AICHECK-2026-0001
    host: alice-mbp
    key: ed25519:1a2b3c4d5e6f7a8b
    signature: <base64 Ed25519 signature of the canonical payload>
    -----END AICHECK GRANT-----

The signed bytes are the canonical payload: ``aicheck-grant/1`` and then one ``name: value`` line per
field present, in the order above (without ``signature``), joined by ``\\n``. Leading quote marks and
spaces that a comment system adds to each line are ignored.

:class:`GrantPolicy` is the trust decision: it says why a grant does not count (forged, unpinned key,
revoked, another user, another tool, expired, versions outside the range), at every scan again.
Signatures use the same helpers as pack signing (:mod:`tui.core.signing`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.grant_ids import GRANT_ID_RE, new_grant_id
from tui.errors import AicheckError, PackError

if TYPE_CHECKING:
    from tui.core.advisories import Advisory
    from tui.core.content import Pack

BEGIN = "-----BEGIN AICHECK GRANT-----"
END = "-----END AICHECK GRANT-----"
FORMAT = "aicheck-grant/1"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOOL_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
HOST_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}(\.[a-z0-9][a-z0-9-]{0,62})*$")
FIELDS = ("id", "user", "tool", "issued", "until", "ticket", "versions", "advisories", "host", "key")
REQUIRED = ("id", "user", "tool", "issued", "until", "key")
MAX_VALUE = 200
MAX_BLOCK_CHARS = 8192
MAX_SCAN_CHARS = 4 * 1024 * 1024
WARN_DAYS = 7


class GrantError(AicheckError):
    """A grant that cannot be read or issued (exit 2)."""


@dataclass(frozen=True)
class Grant:
    """A parsed grant (not yet trusted: see :class:`GrantPolicy`)."""

    id: str
    user: str
    tool: str
    issued: dt.date
    until: dt.date
    key_id: str
    signature: str = ""
    ticket: str | None = None
    versions: str | None = None
    advisories: tuple[str, ...] = ()
    # the machine it holds on (its host name), when the approver bound it to one: the user's email alone is
    # whatever the user's own config says, so a grant copied from a colleague would hold on any machine
    host: str | None = None

    def _values(self) -> dict[str, str]:
        values = {
            "id": self.id,
            "user": self.user,
            "tool": self.tool,
            "issued": self.issued.isoformat(),
            "until": self.until.isoformat(),
            "ticket": self.ticket or "",
            "versions": self.versions or "",
            "advisories": ", ".join(self.advisories),
            "host": self.host or "",
            "key": self.key_id,
        }
        return {k: values[k] for k in FIELDS if values[k]}

    def payload(self) -> bytes:
        """The exact bytes the approver signs."""
        return "\n".join([FORMAT] + [f"{k}: {v}" for k, v in self._values().items()]).encode("utf-8")

    def armour(self) -> str:
        lines = [BEGIN] + [f"{k}: {v}" for k, v in self._values().items()] + [f"signature: {self.signature}", END]
        return "\n".join(lines) + "\n"

    # the judgement and the reports read these names
    @property
    def tool_id(self) -> str:
        return self.tool

    @property
    def expires(self) -> dt.date:
        return self.until

    def covers_advisory(self, advisory_id: str, aliases: Iterable[str] = ()) -> bool:
        named = {a.upper() for a in self.advisories}
        return advisory_id.upper() in named or any(a.upper() in named for a in aliases)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "user": self.user,
            "tool": self.tool,
            "issued": self.issued.isoformat(),
            "until": self.until.isoformat(),
            "ticket": self.ticket,
            "versions": self.versions,
            "advisories": list(self.advisories),
            "host": self.host,
            "approver_key": self.key_id,
        }


def _clean_value(name: str, value: str) -> str:
    value = value.strip()
    if len(value) > MAX_VALUE:
        raise GrantError(f"grant {name}: longer than {MAX_VALUE} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise GrantError(f"grant {name}: control characters are not allowed")
    return value


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise GrantError(f"grant {name}: {value!r} is not a date like 2026-12-31") from None


def make_grant(
    *,
    user: str,
    tool: str,
    issued: dt.date,
    until: dt.date,
    key_id: str,
    ticket: str | None = None,
    versions: str | None = None,
    advisories: Iterable[str] = (),
    grant_id: str | None = None,
    host: str | None = None,
) -> Grant:
    """A grant with checked field values (unsigned)."""
    user = _clean_value("user", user).lower()
    if not EMAIL_RE.match(user):
        raise GrantError(f"grant user: {user!r} is not an email address")
    tool = _clean_value("tool", tool)
    if not TOOL_ID_RE.match(tool):
        raise GrantError(f"grant tool: {tool!r} is not a tool id")
    ticket = _clean_value("ticket", ticket) if ticket else None
    if versions:
        from tui.core.versions import Constraint, InvalidVersion

        versions = _clean_value("versions", versions)
        try:
            Constraint.parse(versions)
        except InvalidVersion as exc:
            raise GrantError(f"grant versions: {exc}") from None
    advs = tuple(_clean_value("advisories", a) for a in advisories if a.strip())
    if any("," in a or " " in a for a in advs):
        raise GrantError("grant advisories: one advisory id per value, no commas or spaces")
    if until < issued:
        raise GrantError(f"grant until: {until.isoformat()} is before the issue date {issued.isoformat()}")
    if host:
        host = _clean_value("host", host).lower()
        if not HOST_RE.match(host):
            raise GrantError(f"grant host: {host!r} is not a host name")
    grant_id = grant_id or new_grant_id(issued)
    if not GRANT_ID_RE.match(grant_id):
        raise GrantError(f"grant id: {grant_id!r} is not a grant id like GRT-20261123-3F9A1C")
    return Grant(grant_id, user, tool, issued, until, key_id, "", ticket, versions or None, advs, host or None)


def _strip_quote(line: str) -> str:
    """A line as the approver wrote it, without the quote marks / indentation a comment system adds."""
    return line.strip().lstrip(">").strip().lstrip("|").strip()


def parse_grant(text: str) -> Grant:
    """The one grant in ``text`` (the armoured block, anywhere in it). Raises GrantError saying why not."""
    blocks = find_grant_blocks(text)
    if not blocks:
        raise GrantError(f"no grant found (expected a block between '{BEGIN}' and '{END}')")
    if len(blocks) > 1:
        raise GrantError(f"{len(blocks)} grants in one text; add them one at a time")
    return parse_block(blocks[0])


def parse_block(block: str) -> Grant:
    lines = [_strip_quote(x) for x in block.splitlines()]
    lines = [x for x in lines if x]
    if not lines or lines[0] != BEGIN or lines[-1] != END:
        raise GrantError("not a grant block")
    values: dict[str, str] = {}
    for line in lines[1:-1]:
        name, sep, value = line.partition(":")
        name = name.strip().lower()
        if not sep or name not in (*FIELDS, "signature"):
            raise GrantError(f"grant: unexpected line {line[:60]!r}")
        if name in values:
            raise GrantError(f"grant: '{name}' given twice")
        values[name] = _clean_value(name, value)
    missing = [k for k in (*REQUIRED, "signature") if not values.get(k)]
    if missing:
        raise GrantError(f"grant: missing {', '.join(missing)}")
    advisories = [a.strip() for a in values.get("advisories", "").split(",")]
    g = make_grant(
        user=values["user"],
        tool=values["tool"],
        issued=_date("issued", values["issued"]),
        until=_date("until", values["until"]),
        key_id=values["key"],
        ticket=values.get("ticket"),
        versions=values.get("versions"),
        advisories=advisories,
        grant_id=values["id"],
        host=values.get("host"),
    )
    if g.user != values["user"] or (g.host or "") != values.get("host", ""):
        raise GrantError("grant user and host: must be written in lower case")
    return replace(g, signature=values["signature"])


def find_grant_blocks(data: str | bytes | object) -> list[str]:
    """Every armoured grant block in ``data``: text, bytes, or a decoded JSON value (its strings are
    searched, so a grant inside a JSON string with escaped newlines is found too). Duplicates once."""
    if isinstance(data, bytes):
        text = data[:MAX_SCAN_CHARS].decode("utf-8", errors="replace")
        if BEGIN in text and text.lstrip()[:1] in ("{", "["):
            try:
                return find_grant_blocks(json.loads(text))  # the strings, with their newlines decoded
            except (ValueError, RecursionError):
                pass
        return _unique(_blocks_in_text(text))
    if isinstance(data, str):
        return _unique(_blocks_in_text(data[:MAX_SCAN_CHARS]))
    strings: list[tuple[object, str]] = []  # (key it was found under, text)
    stack: list[tuple[object, object]] = [(None, data)]
    seen = 0
    while stack and seen < 100_000:  # document order, so a block split over text nodes joins up again
        key, item = stack.pop()
        seen += 1
        if isinstance(item, str):
            strings.append((key, item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((key, x) for x in reversed(item))
    found = [b for _, x in strings if BEGIN in x for b in _blocks_in_text(x)]
    if not found and any(BEGIN in x for _, x in strings):
        # an Atlassian document (Jira Cloud comment): one "text" node per pasted line
        found = _blocks_in_text("\n".join(x for k, x in strings if k == "text")[:MAX_SCAN_CHARS])
    return _unique(found)


def _blocks_in_text(text: str) -> list[str]:
    out: list[str] = []
    start = text.find(BEGIN)
    while start >= 0:
        end = text.find(END, start)
        if end < 0:
            break
        block = text[start : end + len(END)]
        if len(block) <= MAX_BLOCK_CHARS and BEGIN not in block[len(BEGIN) :]:
            out.append(block)
        start = text.find(BEGIN, start + len(BEGIN))
    return out


def _unique(blocks: list[str]) -> list[str]:
    out: list[str] = []
    canon: set[str] = set()
    for b in blocks:
        key = "\n".join(x for x in (_strip_quote(line) for line in b.splitlines()) if x)
        if key not in canon:
            canon.add(key)
            out.append(b)
    return out


# -- issuing ----------------------------------------------------------------------------------------------


def key_id(public_key_b64: str) -> str:
    from tui.core.signing import fingerprint

    return fingerprint(public_key_b64)


def sign_grant(grant: Grant, key_file: Path) -> Grant:
    from tui.core.signing import public_key_of, sign_bytes

    try:
        public = public_key_of(key_file)
        unsigned = replace(grant, key_id=key_id(public), signature="")
        return Grant(**{**vars(unsigned), "signature": sign_bytes(unsigned.payload(), key_file)})
    except PackError as exc:
        raise GrantError(str(exc)) from None


# -- the trust decision ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantPolicy:
    """What makes a grant count on this machine: a key the pack pins, not revoked, a known tool, for this
    user. ``refusal`` returns why a grant does not count (``None``: it does)."""

    approver_keys: tuple[str, ...] = ()
    revoked: frozenset[str] = frozenset()
    tools: frozenset[str] = frozenset()
    user: str = ""
    max_days: int = 90
    # this machine's host name (None: it cannot be known, a disk image): a grant bound to a host holds there only
    host: str | None = None
    _keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        keys: dict[str, str] = {}
        for k in self.approver_keys:
            try:
                keys[key_id(k)] = k
            except PackError:
                continue  # policy.py reports it where it is written
        object.__setattr__(self, "_keys", keys)

    @classmethod
    def from_pack(cls, pack: Pack, user: str = "", host: str | None = None) -> GrantPolicy:
        pol = pack.policy
        return cls(
            tuple(getattr(pol, "approver_keys", ()) or ()),
            frozenset(getattr(pol, "revoked", ()) or ()),
            frozenset(pack.catalog.tools),
            user.strip().lower(),
            int(pol.exception_max_days),
            host,
        )

    def signature_refusal(self, g: Grant) -> str | None:
        """Whether the company signed it: pinned key, valid signature, not revoked, a tool it knows."""
        if not self._keys:
            return "the content pack pins no approver keys ([exceptions] approver_keys in policy.toml)"
        public = self._keys.get(g.key_id)
        if public is None:
            return f"signed with key {g.key_id}, which the content pack does not pin"
        from tui.core.signing import verify_bytes

        try:
            verify_bytes(g.payload(), g.signature, public, what=f"grant {g.id}", sig_where=f"grant {g.id} signature")
        except PackError:
            return f"the signature does not verify with {g.key_id}: the grant was altered or forged"
        if g.id in self.revoked:
            return "revoked by the content pack ([exceptions] revoked)"
        if self.tools and g.tool not in self.tools:
            return f"names tool '{g.tool}', which the content pack's catalog does not know"
        days = (g.until - g.issued).days
        if (
            days > self.max_days
        ):  # what `grant issue` refuses to sign, however it was signed (or if the pack lowered it)
            return f"runs {days} days, longer than the policy allows ({self.max_days}, exception_max_days)"
        return None

    def refusal(self, g: Grant) -> str | None:
        """Why ``g`` does not count for this user (signature, key, revocation, user); expiry and versions
        are decided per scan by :func:`applies`."""
        why = self.signature_refusal(g)
        if why:
            return why
        if not self.user:
            return (
                "your email is unknown, so no grant can be matched to you: set [user] email in the aicheck "
                "config or git's user.email"
            )
        if g.user != self.user:
            return f"issued to {g.user}, not to you ({self.user})"
        if g.host and not self.host:
            return (
                f"bound to the machine {g.host}, and this machine's name cannot be known here (another machine's "
                "disk, or a user namespace, where the host name is the user's to set)"
            )
        if g.host and not same_host(g.host, self.host or ""):
            return f"bound to the machine {g.host}, not this one ({clean_host(self.host or '')})"
        return None


def clean_host(name: str) -> str:
    return name.strip().lower().rstrip(".")[:253]


def same_host(granted: str, here: str) -> bool:
    """Whether the machine a grant names is this one: the same name, or the same first label when only one of
    them is qualified (``alice-mbp`` and ``alice-mbp.local``, as macOS and a DNS search domain add)."""
    a, b = clean_host(granted), clean_host(here)
    if not a or not b:
        return False
    if a == b:
        return True
    return ("." not in a or "." not in b) and a.split(".", 1)[0] == b.split(".", 1)[0]


def this_host(root: object, read: list[str] | None = None) -> str | None:
    """The host name of the machine a scan looks at: this one's on a live scan, None for another machine's
    disk (its name cannot be known from here). Read with the operating system's uname: no socket. None too in
    a Linux user namespace (:func:`in_user_namespace`), where any user sets the host name the uname gives
    (``unshare --user --uts``: a red team held a colleague's host-bound grant so). ``read``: told the files
    read for it."""
    import platform

    if str(root) != "/" or in_user_namespace(read):
        return None
    return clean_host(platform.node()) or None


UID_MAP = "/proc/self/uid_map"


def in_user_namespace(read: list[str] | None = None) -> bool:
    """Whether this process runs in a Linux user namespace other than the machine's own: its uid map is not
    the whole identity map (``0 0 4294967295``). False where there is no such file (another system)."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        with open(UID_MAP, encoding="ascii", errors="replace") as f:
            text = f.read(4096)
    except OSError:
        return False
    if read is not None and UID_MAP not in read:
        read.append(UID_MAP)
    return [line.split() for line in text.splitlines() if line.strip()] != [["0", "0", "4294967295"]]


UNKNOWN_VERSION = "a version that cannot be read"  # an install's, given as its version: inside no range


def version_refusal(g: Grant, versions: Iterable[str]) -> str | None:
    """Why an installed version is outside the grant's ``versions`` range (None when all are inside)."""
    if not g.versions:
        return None
    from tui.core.versions import Constraint, try_parse

    allowed = Constraint.parse(g.versions)
    outside = []
    for v in versions:
        parsed = try_parse(v)
        if parsed is None or not allowed.allows(parsed):
            outside.append(v)
    if outside:
        return f"covers versions {g.versions} only; installed {', '.join(sorted(set(outside)))}"
    return None


@dataclass(frozen=True)
class CheckedGrant:
    """A stored grant and, if it does not count, why (before expiry and versions, which depend on the scan).
    ``grant`` is None for a request the intake approved without a signed grant (``problem`` says so)."""

    grant: Grant | None
    problem: str | None
    source: str = ""
    tool: str = ""

    @property
    def tool_id(self) -> str:
        return self.grant.tool if self.grant else self.tool


@dataclass
class GrantChoice:
    live: list[Grant]  # the grants that hold today, the longest-lasting first
    notes: list[str]

    @property
    def grant(self) -> Grant | None:
        return self.live[0] if self.live else None

    def covering(self, advisories: Iterable[Advisory]) -> Grant | None:
        """The first live grant that names every one of ``advisories`` (else the first live one)."""
        for g in self.live:
            if all(g.covers_advisory(a.id, a.aliases) for a in advisories):
                return g
        return self.grant


def choose_grant(
    candidates: Iterable[CheckedGrant],
    tool_id: str,
    versions: list[str],
    today: dt.date,
    started: dt.date | None = None,
) -> GrantChoice:
    """The grant that applies to ``tool_id`` today (the one lasting longest) and a note per grant for this
    tool that does not (why), for warnings. An expired grant is noted only when no other one holds. ``started``:
    the day a grant must have been issued by (the earlier of the zones' dates, :func:`~tui.core.clock.
    local_dates`; ``today`` when not given)."""
    started = started or today
    live: list[Grant] = []
    notes: list[str] = []
    expired: list[Grant] = []
    waiting: list[str] = []
    for c in candidates:
        if c.tool_id != tool_id:
            continue
        if c.grant is None:
            waiting.append(c.problem or "")
            continue
        g = c.grant
        why = c.problem or version_refusal(g, versions)
        if why:
            notes.append(f"Grant {g.id} is ignored: {why}.")
        elif g.until < today:
            expired.append(g)
        elif g.issued > started:
            notes.append(f"Grant {g.id} is ignored: issued {g.issued.isoformat()}, in the future.")
        else:
            live.append(g)
    if live:
        return GrantChoice(sorted(live, key=lambda g: (g.until, g.id), reverse=True), notes)
    if expired:
        last = max(expired, key=lambda g: g.until)
        notes.append(f"Exception grant {last.id} expired on {last.until.isoformat()}.")
    notes += [w for w in waiting if w]
    return GrantChoice([], notes)
