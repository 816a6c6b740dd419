"""``aicheck report summarize``: a team's compliance summary from many ``check --json`` / ``scan --json`` reports
(one per machine or user; ``--all-users`` files count once per user). A machine is compliant exactly when
``check`` exits 0 for it: by the report's ``check`` member, else by the gate's own rules applied to the scan
(:func:`tui.report.gate.report_exit_code`); a report that lacks what they read is "cannot be decided", never
compliant. Files that are unreadable, too big, not JSON or not aicheck's are reported by name and skipped;
nothing in a report is trusted to be well-formed.

Nor is a report taken at its word on how it was made: one made from a home other than the account's own
(``--home``, ``--root``, a ``HOME`` set for the run), with a search path other than the session's (``--search-path``,
a ``PATH`` narrowed for the run: see :mod:`tui.services.search_path`), by ``--all-users`` run by another account
than root (for every home but that account's own), judged by a pack that is not the company's signed one (the
bundled example, an unverified pack, another key or pack id than :class:`Expected` names), or by a scan with
errors is "not trusted", with the reasons, and never counted compliant; so is one the summary's reader would not
take (:class:`Expected`): judged by a pack that has expired by today, or older than ``--min-pack-version``, or
made more than ``--max-age-days`` ago. ``--strict`` decides every report as ``check --strict`` does. A report the
user can write is still self-attested (the JSON can be edited): only reports collected by root (the osquery extension,
``check --all-users``) into a folder users cannot write are evidence.

Every text a report holds is data to its reader: it is read once through :func:`tui.core.text.clean` (terminal
escapes and invisible characters made visible, cut to a length), and each output escapes what its own syntax
gives meaning to on top: the Markdown every ASCII punctuation character (:func:`_md`: no HTML, image, link or
emphasis), the CSV a leading formula character (:func:`_cell`), the JSON through ``printable_json``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.models import VERDICTS
from tui.core.text import clean, printable_json
from tui.fleet import MAX_AGE_DAYS

if TYPE_CHECKING:
    from packaging.version import Version

MAX_REPORT_BYTES = 16 * 1024 * 1024
MAX_FILES = 100_000
SCAN_SCHEMA, USERS_SCHEMA = "aicheck.scan/1", "aicheck.users/1"


@dataclass
class MachineResult:
    """One machine (and user) as its report describes it."""

    source: str  # file name
    host: str
    user: str
    # what `aicheck check` said of it (its JSON's check member), or would say (a scan report, decided by the
    # same rules: tui.report.gate): "compliant", "action required", "incomplete scan", or "cannot be decided:
    # ..." when the report lacks what the gate decides on (never compliant)
    result: str
    policy_version: str
    policy_sha256: str
    scanned_at: str
    tools: list[dict]  # id, name, verdict, action_required, versions, advisories, grant
    # why the report is not evidence of the company's check of this account (see _untrusted); empty: trusted
    untrusted: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        """Compliant by its report, and the report made as the company's check is (never otherwise)."""
        return self.result == COMPLIANT and not self.untrusted

    @property
    def status(self) -> str:
        """The result as the summary shows it: a report that is not trusted says so first."""
        return f"not trusted (its report says: {self.result})" if self.untrusted else self.result


@dataclass(frozen=True)
class Expected:
    """What the summary's reader requires of every report. The company's own pack, as they name it: the
    fingerprints of the keys its packs are signed with (``--pack-key``, else the config's pinned ``[content]
    public_key``), when given its pack ids (``--pack-id``) and the oldest pack version still accepted
    (``--min-pack-version``: pack.toml's ``version``, compared as pack versions are); a pack that has not expired
    by ``today``; and a report made within ``max_age_days`` of ``today`` (``--max-age-days``; 0: no limit). With
    no key, no report's pack can be told to be the company's: none is trusted."""

    keys: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    keys_from: str = ""  # where the keys came from (shown with the summary)
    min_version: str = ""  # a pack version (tui.core.versions.pack_version_problem says it is one); "": any
    max_age_days: int = MAX_AGE_DAYS
    today: dt.date = field(default_factory=dt.date.today)


COMPLIANT = "compliant"
RESULTS = {0: COMPLIANT, 1: "action required", 2: "incomplete scan"}  # by `aicheck check`'s exit code


@dataclass
class Summary:
    machines: list[MachineResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    expected: Expected = field(default_factory=Expected)
    today: dt.date = field(default_factory=dt.date.today)
    expiring_days: int = 30
    strict: bool = False  # every report decided as `check --strict` decides

    @property
    def compliant(self) -> list[MachineResult]:
        return [m for m in self.machines if m.compliant]

    @property
    def untrusted(self) -> list[MachineResult]:
        return [m for m in self.machines if m.untrusted]

    def exit_code(self) -> int:
        """As ``check`` answers for one machine: 1 when any report says action is required, else 2 when any
        is not compliant for another reason (not trusted, cannot be decided, an incomplete scan) or a file
        was skipped (a machine whose report could not be read), else 0: every machine compliant."""
        if any(m.result == RESULTS[1] for m in self.machines):
            return 1
        return 2 if self.problems or any(not m.compliant for m in self.machines) else 0

    def by_verdict(self) -> dict[str, dict[str, int]]:
        """tool name -> verdict -> how many machines."""
        out: dict[str, dict[str, int]] = {}
        for m in self.machines:
            for t in m.tools:
                out.setdefault(t["name"], {v: 0 for v in VERDICTS})[t["verdict"]] += 1
        return dict(sorted(out.items()))

    def affected(self) -> list[dict]:
        """Tool versions with an advisory: which advisories and on how many machines."""
        seen: dict[tuple[str, str], dict] = {}
        for m in self.machines:
            for t in m.tools:
                if not t["advisories"]:
                    continue
                for version in t["versions"] or ["?"]:
                    row = seen.setdefault(
                        (t["name"], version),
                        {"tool": t["name"], "version": version, "advisories": set(), "machines": 0},
                    )
                    row["advisories"].update(t["advisories"])
                    row["machines"] += 1
        return [{**r, "advisories": sorted(r["advisories"])} for _, r in sorted(seen.items())]

    def expiring(self) -> list[dict]:
        """Exceptions (signed grants) that expire within ``expiring_days`` (or have expired)."""
        limit = self.today + dt.timedelta(days=self.expiring_days)
        out = []
        for m in self.machines:
            for t in m.tools:
                g = t["grant"]
                if g and g["expires"] <= limit:
                    out.append(
                        {
                            "host": m.host,
                            "user": m.user,
                            "tool": t["name"],
                            "grant": g["id"],
                            "expires": g["expires"].isoformat(),
                            "days_left": (g["expires"] - self.today).days,
                        }
                    )
        return sorted(out, key=lambda r: (r["expires"], r["host"], r["user"]))

    def newest_policy(self) -> str | None:
        versions = {m.policy_version for m in self.machines if m.policy_version}
        return max(versions, key=_version_key) if versions else None

    def old_policy(self) -> list[MachineResult]:
        newest = self.newest_policy()
        return [m for m in self.machines if m.policy_version != newest]


def _version_key(text: str) -> tuple[int, Version | None, str]:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(text), text)
    except InvalidVersion:
        return (0, None, text)


# -- reading ---------------------------------------------------------------------------------------
class Foreign(Exception):
    pass


def _files(paths: list[str], problems: list[str]) -> list[Path]:
    out: list[Path] = []
    for text in paths:
        p = Path(text)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.json") if not f.is_dir())
            if not found:
                problems.append(f"{text}: no *.json report in this folder")
            out += found
        elif p.exists():
            out.append(p)
        else:
            problems.append(f"{text}: no such file or folder")
        if len(out) > MAX_FILES:
            problems.append(f"more than {MAX_FILES} files: the rest are skipped")
            return out[:MAX_FILES]
    return out


def _read(path: Path) -> object:
    if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device is never opened
        raise Foreign("not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise Foreign("not a regular file")
        data = fh.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        raise Foreign(f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Foreign("not UTF-8 text") from None
    except (ValueError, RecursionError) as exc:
        raise Foreign(f"not JSON ({clean(str(exc), 120)})") from None


def _str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise Foreign(f"{what} is not text")
    return value


def _date(value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise Foreign(f"grant expiry {clean(str(value), 40)!r} is not a date") from None


def _list(t: dict, key: str) -> list:
    """A tool's list ``key`` (none: empty); anything else is not what aicheck writes."""
    value = t.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Foreign(f"a tool's {key} is {type(value).__name__}, not a list")
    return value


def _tool(t: object) -> dict:
    if not isinstance(t, dict):
        raise Foreign("a tool entry is not an object")
    versions = []
    for i in _list(t, "installs"):
        v = i.get("version") if isinstance(i, dict) else None
        if isinstance(v, str) and clean(v, 80) not in versions:
            versions.append(clean(v, 80))
    advisories = []
    for a in _list(t, "advisories"):
        if not isinstance(a, dict) or not isinstance(a.get("id"), str):
            raise Foreign("an advisory of a tool is not an object with a text id")
        advisories.append(clean(a["id"], 80))
    grant = t.get("grant") or t.get("exception")
    if grant is not None:
        if not isinstance(grant, dict):
            raise Foreign("grant is not an object")
        grant = {
            "id": clean(str(grant.get("id") or grant.get("request_id") or "?"), 80),
            "expires": _date(grant.get("expires")),
        }
    verdict = t.get("verdict")
    if verdict not in VERDICTS:
        raise Foreign(f"unknown verdict {clean(str(verdict), 40)!r}")
    return {
        "id": clean(_str(t.get("id"), "tool id"), 80),
        "name": clean(_str(t.get("name"), "tool name"), 80),
        "verdict": verdict,
        "action_required": bool(t.get("action_required")),
        "versions": versions,
        "advisories": advisories,
        "grant": grant,
    }


def _machine(
    report: object,
    source: str,
    user: str | None = None,
    expected: Expected | None = None,
    all_users: bool = False,
    strict: bool = False,
) -> MachineResult:
    if not isinstance(report, dict) or report.get("schema") != SCAN_SCHEMA:
        raise Foreign('not an aicheck report (no "schema": "aicheck.scan/1")')
    host = report.get("host")
    host = host if isinstance(host, dict) else {}
    policy = report.get("policy")
    policy = policy if isinstance(policy, dict) else {}
    tools = report.get("tools")
    if not isinstance(tools, list):
        raise Foreign("tools is not a list")
    parsed = [_tool(t) for t in tools]
    result = _result(report, strict)
    home = str(host.get("home") or "")
    name = user or home.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or "?"
    hostname = host.get("hostname") or Path(source).stem
    return MachineResult(
        source,
        clean(str(hostname), 80),
        clean(name, 60),
        result,
        clean(str(policy.get("version") or ""), 40),
        clean(str(policy.get("sha256") or ""), 80),
        clean(str(report.get("scanned_at") or ""), 40),
        parsed,
        _untrusted(report, expected or Expected(), all_users),
    )


def _untrusted(report: dict, expected: Expected, all_users: bool = False) -> list[str]:
    """Why the report is not evidence of the company's check of the account it names (empty: nothing found).
    Read from the report's own account of how it was made (``host.home_source``, ``host.search_path_source``,
    ``host.scanned_as``, ``policy.pack``, ``errors``), so it catches a report made the wrong way, not one edited
    by hand (see the module's note). ``all_users``: one user's report in an ``--all-users`` document."""
    reasons: list[str] = []
    host = report.get("host")
    host = host if isinstance(host, dict) else {}
    home, root = clean(str(host.get("home") or "?"), 200), clean(str(host.get("root") or "?"), 200)
    made = host.get("home_source")
    if made == "--home":
        reasons.append(f"made from a home given with --home ({home}), not the account's own")
    elif made == "--root":
        reasons.append(f"made from a disk image mounted at {root} (--root), not the running machine")
    elif made == "environment":
        reasons.append(f"its home ({home}) came from HOME or USERPROFILE, not known to be the account's own")
    elif made not in ("account", "all-users"):
        reasons.append("it does not say whose home was scanned (no host.home_source: an older aicheck's report)")
    reasons += _search_path_untrusted(host)
    if made == "all-users" or all_users:
        reasons += _all_users_untrusted(host, home)
    policy = report.get("policy")
    pack = policy.get("pack") if isinstance(policy, dict) else None
    if not isinstance(pack, dict):
        reasons.append("it does not say which content pack judged it (no policy.pack)")
    else:
        pack_id = clean(str(pack.get("id") or "?"), 80)
        key = pack.get("key")
        if pack.get("source") == "bundled":
            reasons.append("judged by the bundled example pack, not the company's")
        elif pack.get("signature_verified") is not True:
            where = clean(str(pack.get("location") or pack.get("from") or "?"), 200)
            reasons.append(f"its pack {pack_id} ({where}) was not signature-verified")
        elif not expected.keys:
            reasons.append("no company pack key to compare its pack's with (give --pack-key)")
        elif not isinstance(key, str) or key not in expected.keys:  # a list is never a key (nor hashable)
            shown = clean(str(key), 40) if isinstance(key, str) else "an unnamed key"
            reasons.append(f"its pack {pack_id} was verified with {shown}, not the company's key")
        if expected.ids and not (isinstance(pack.get("id"), str) and pack["id"] in expected.ids):
            reasons.append(f"its pack is {pack_id}, not the company's ({', '.join(sorted(expected.ids))})")
        if pack.get("configured") is False:
            reasons.append("judged by another pack than its config names (--content or AICHECK_CONTENT)")
        reasons += _pack_untrusted(pack, pack_id, expected)
    if expected.max_age_days:
        reasons += _age_untrusted(report.get("scanned_at"), expected)
    errors = report.get("errors")
    if isinstance(errors, list) and errors:
        reasons.append(f"its scan had {len(errors)} error(s): {clean(str(errors[0]), 160)}")
    return reasons


def _pack_untrusted(pack: dict, pack_id: str, expected: Expected) -> list[str]:
    """A pack past its last day of use (pack.toml's ``expires``: ``check`` refuses it from the next day on) is
    not the company's policy today, however the report was made; nor is one older than ``--min-pack-version``
    (an older pack the company signed may still approve a tool it has since prohibited)."""
    from packaging.version import Version

    from tui.core.versions import pack_version_problem

    reasons = []
    expires = pack.get("expires")
    if expires is not None:
        try:
            last = dt.date.fromisoformat(expires) if isinstance(expires, str) else None
        except ValueError:
            last = None
        if last is None:
            reasons.append(f"its pack {pack_id} gives its expiry as {clean(str(expires), 40)!r}, not a date")
        elif last < expected.today:
            reasons.append(f"its pack {pack_id} expired on {last.isoformat()}")
    if expected.min_version:
        version = pack.get("version")
        if not isinstance(version, str) or not version:
            reasons.append("it does not say its pack's version (no policy.pack.version) to hold to --min-pack-version")
        elif pack_version_problem(version) is not None:
            reasons.append(f"its pack {pack_id} gives its version as {clean(version, 40)!r}, not a version number")
        elif Version(version) < Version(expected.min_version):
            reasons.append(f"its pack {pack_id} {version} is older than --min-pack-version {expected.min_version}")
    return reasons


def _age_untrusted(value: object, expected: Expected) -> list[str]:
    """A report older than ``--max-age-days`` (a machine that stopped reporting, or a clean report kept and
    handed in again) is not today's check of the machine; nor is one dated after today (more than a time zone
    ahead: a wrong clock) or not dated at all, whose age cannot be told. Days are counted on this machine's
    calendar, as ``today`` is."""
    limit = expected.max_age_days
    if value is None or value == "":
        return [
            f"it does not say when it was made (no scanned_at), so its age cannot be held to --max-age-days {limit}"
        ]
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        when = dt.datetime.fromisoformat(value)
        day = when.astimezone().date() if when.tzinfo else when.date()  # astimezone: OverflowError near year 1
    except (ValueError, OverflowError):
        return [
            f"its scanned_at {clean(str(value), 40)!r} is not a date and time: its age cannot be held to "
            f"--max-age-days {limit}"
        ]
    age, shown = (expected.today - day).days, clean(str(value), 40)
    if age > limit:
        return [f"made {age} days ago ({shown}), more than --max-age-days {limit}"]
    if age < -1:
        return [f"dated after today ({shown}: a wrong clock?): its age cannot be held to --max-age-days {limit}"]
    return []


def _search_path_untrusted(host: dict) -> list[str]:
    """The session's PATH (``environment``) and each home's standard folders in a scan of every user
    (``standard``) are the company's check; folders given with --search-path, or a PATH narrowed for the run,
    are not: a command in a folder only the session's PATH names went unseen. A disk image (``--root``) is
    already not trusted for its home."""
    source = host.get("search_path_source")
    if source in ("environment", "standard", "--root"):
        return []
    if source == "--search-path":
        return ["its search path was given with --search-path, not the PATH of the account's session"]
    if source == "narrowed":
        missing = host.get("search_path_missing")
        folders = [clean(str(f), 120) for f in missing[:6]] if isinstance(missing, list) else []
        return [
            f"its PATH was narrowed for the run (it lacked {', '.join(folders) or 'a system folder'}): a command in "
            "a folder only the session's PATH names went unseen"
        ]
    return ["it does not say how its search path was chosen (no host.search_path_source: an older aicheck's report)"]


def _all_users_untrusted(host: dict, home: str) -> list[str]:
    """A scan of every user is each home's check when root ran it (it reads every file) or the home is the
    scanning account's own; another account sees only what it may read in another's home, and a tool in a
    folder it cannot read looks absent (a home it cannot open at all is a scan error besides)."""
    account = host.get("scanned_as")
    if not isinstance(account, dict):
        return ["it does not say which account scanned every user (no host.scanned_as: an older aicheck's report)"]
    if account.get("root") is True or account.get("own_home") is True:
        return []
    uid = account.get("uid")
    who = f"uid {uid}" if type(uid) is int else "an account"
    return [
        f"made with --all-users by {who}, not root: what that account cannot read in this home ({home}) looked absent"
    ]


def _result(report: dict, strict: bool = False) -> str:
    """What ``aicheck check`` said of the machine (``check --json``: its exit code), else what it would say of
    the scan the report describes (``scan --json``), by the gate's own rules; a report that lacks what they
    decide on is named as such, never counted compliant. ``strict`` (``summarize --strict``): what ``check
    --strict`` says or would say of it, whether or not the report was made with ``--strict``."""
    from tui.report.gate import Undecided, report_exit_code

    check = report.get("check")
    if check is not None and not isinstance(check, dict):
        raise Foreign(f"its check member is {type(check).__name__}, not an object")
    made_strict = isinstance(check, dict) and check.get("strict") is True
    try:
        scanned = report_exit_code(report, made_strict)
        judged = report_exit_code(report, True) if strict and not made_strict else scanned
    except Undecided as exc:
        return f"cannot be decided: {exc}"
    if isinstance(check, dict):
        code, compliant = check.get("exit_code"), check.get("compliant")
        if not (type(code) is int and code in RESULTS and compliant is (code == 0)):  # never True, 0.0 or a list
            return "cannot be decided: its check member has no exit code that agrees with compliant"
        if code != scanned:  # `check` decides by the same rules: the two never differ in a report as written
            return (
                f"cannot be decided: its check member says {RESULTS[code]} but the scan it reports says "
                f"{RESULTS[scanned]} (edited?)"
            )
    return RESULTS[judged]


def read_report(path: Path, expected: Expected | None = None, strict: bool = False) -> list[MachineResult]:
    data = _read(path)
    source = clean(str(path), 300)  # a file name in a folder users write to is theirs too
    if isinstance(data, dict) and data.get("schema") == USERS_SCHEMA:
        users = data.get("users")
        if not isinstance(users, list):
            raise Foreign("users is not a list")
        machines = [
            _machine(
                u.get("report") if isinstance(u, dict) else None,
                source,
                str(u.get("user")) if isinstance(u, dict) else None,
                expected,
                all_users=True,
                strict=strict,
            )
            for u in users
        ]
        rest = _not_scanned(data.get("not_scanned"), machines, source)
        return machines + ([rest] if rest else [])
    return [_machine(data, source, expected=expected, strict=strict)]


def _not_scanned(member: object, scanned: list[MachineResult], source: str) -> MachineResult | None:
    """The homes a ``--all-users`` run did not scan (past ``--max-users``, or not listed), as one row that is
    an incomplete scan: they may hold what needs action, so the machine is never all compliant. None when it
    scanned every home."""
    if member is None:
        return None
    first = scanned[0] if scanned else None
    host = first.host if first else clean(Path(source).stem, 80)
    version, sha = (first.policy_version, first.policy_sha256) if first else ("", "")
    users = member.get("users") if isinstance(member, dict) else None
    folders = member.get("folders_not_listed", []) if isinstance(member, dict) else None
    if type(users) is not int or users < 0 or not isinstance(folders, list):
        result, who = "cannot be decided: its not_scanned member has no count of users", "(homes not scanned)"
    elif not users and not folders:
        return None
    else:
        result = RESULTS[2]
        who = f"({users} more users, not scanned)" if users else "(homes not listed)"
    return MachineResult(source, host, who, result, version, sha, "", [])


def summarize_paths(
    paths: list[str],
    *,
    expiring_days: int = 30,
    today: dt.date | None = None,
    expected: Expected | None = None,
    strict: bool = False,
) -> Summary:
    """``expected`` says what each report must be (its ``today``, replaced by ``today`` when given, is the
    day the summary is made); ``strict``: decide every report as ``check --strict`` does."""
    expected = expected or Expected()
    if today is not None:
        expected = replace(expected, today=today)
    summary = Summary(expiring_days=expiring_days, today=expected.today, expected=expected, strict=strict)
    for path in _files(paths, summary.problems):
        try:
            summary.machines += read_report(path, expected, strict)
        except Foreign as exc:
            summary.problems.append(f"{clean(str(path), 300)}: skipped: {exc}")
        except OSError as exc:
            summary.problems.append(f"{clean(str(path), 300)}: skipped: unreadable ({exc.strerror or exc})")
    return summary


# -- presenting ------------------------------------------------------------------------------------
def to_json(s: Summary) -> str:
    data = {
        "schema": "aicheck.summary/1",
        "today": s.today.isoformat(),
        "machines": len(s.machines),
        "compliant": len(s.compliant),
        "exit_code": s.exit_code(),
        "strict": s.strict,
        "max_age_days": s.expected.max_age_days,
        "expected_pack": {
            "keys": sorted(s.expected.keys),
            "ids": sorted(s.expected.ids),
            "keys_from": s.expected.keys_from,
            "min_version": s.expected.min_version or None,
        },
        "newest_policy": s.newest_policy(),
        "tools_by_verdict": s.by_verdict(),
        "affected_versions": s.affected(),
        "expiring_exceptions": s.expiring(),
        "expiring_days": s.expiring_days,
        "old_policy": [
            {"host": m.host, "user": m.user, "policy_version": m.policy_version, "file": m.source}
            for m in s.old_policy()
        ],
        "not_compliant": [
            {
                "host": m.host,
                "user": m.user,
                "result": m.result,
                "trusted": not m.untrusted,
                "not_trusted": list(m.untrusted),
                "file": m.source,
            }
            for m in s.machines
            if not m.compliant
        ],
        "not_trusted": [
            {"host": m.host, "user": m.user, "result": m.result, "reasons": list(m.untrusted), "file": m.source}
            for m in s.untrusted
        ],
        "skipped": list(s.problems),
    }
    return printable_json(data) + "\n"


def to_csv(s: Summary) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "host",
            "user",
            "compliant",
            "policy_version",
            "scanned_at",
            "action_required_tools",
            *VERDICTS,
            "file",
            "result",
            "trusted",
            "not_trusted",
        ]
    )
    for m in s.machines:
        counts = {v: sum(t["verdict"] == v for t in m.tools) for v in VERDICTS}
        w.writerow(
            _cell(c) if isinstance(c, str) else c
            for c in [
                m.host,
                m.user,
                int(m.compliant),
                m.policy_version,
                m.scanned_at,
                ";".join(t["id"] for t in m.tools if t["action_required"]),
                *(counts[v] for v in VERDICTS),
                m.source,
                m.result,
                int(not m.untrusted),
                "; ".join(m.untrusted),
            ]
        )
    return buf.getvalue()


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (every text cell goes through here)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _bar(n: int, most: int, width: int = 30) -> str:
    return "█" * max(1 if n else 0, round(width * n / most)) if most else ""


def _lines(s: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report's sections as (title, header, rows), shared by the table and Markdown."""
    total = len(s.machines)
    by_verdict = s.by_verdict()
    return (
        [
            (
                "Tools by verdict (machines)",
                ["tool", *VERDICTS],
                [[name, *(str(c[v]) for v in VERDICTS)] for name, c in by_verdict.items()],
            ),
            (
                "Affected versions",
                ["tool", "version", "advisories", "machines"],
                [[a["tool"], a["version"], ", ".join(a["advisories"]), str(a["machines"])] for a in s.affected()],
            ),
            (
                f"Exceptions expiring within {s.expiring_days} days",
                ["host", "user", "tool", "grant", "expires", "days left"],
                [
                    [e["host"], e["user"], e["tool"], e["grant"], e["expires"], str(e["days_left"])]
                    for e in s.expiring()
                ],
            ),
            (
                f"On an older policy than {s.newest_policy() or '-'}",
                ["host", "user", "policy", "file"],
                [[m.host, m.user, m.policy_version or "?", m.source] for m in s.old_policy()],
            ),
            (
                "Not trusted (how, when or by which pack its report was made)",
                ["host", "user", "why", "file"],
                [[m.host, m.user, "; ".join(m.untrusted), m.source] for m in s.untrusted],
            ),
            (
                "Not compliant",
                ["host", "user", "result", "tools needing action", "file"],
                [
                    [
                        m.host,
                        m.user,
                        m.status,
                        ", ".join(t["name"] for t in m.tools if t["action_required"]) or "-",
                        m.source,
                    ]
                    for m in s.machines
                    if not m.compliant
                ],
            ),
        ]
        if total
        else []
    )


def to_table(s: Summary) -> str:
    total = len(s.machines)
    out = [f"Machines compliant: {len(s.compliant)} of {total} ({_pct(len(s.compliant), total)}){_judged(s)}"]
    if s.untrusted:
        out.append(f"Not trusted: {len(s.untrusted)} of {total} (never counted compliant; why, below)")
    out.append("")
    for title, header, rows in _lines(s):
        out.append(f"{title}:")
        if not rows:
            out += ["  none", ""]
            continue
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for r in [header, *rows]:
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip())
        out.append("")
    return "\n".join(out)


def _judged(s: Summary) -> str:
    return ", judged as `check --strict` judges" if s.strict else ""


# What gives text a meaning in (GitHub-flavoured) Markdown inside a line: HTML and entities (< > &), links and
# images ([ ]), code, emphasis, strike-through and math (` * _ ~ $), a table cell's end (|), a heading (#, after a
# list item's "- "), autolinks (the ':' of http://, the '@' of an address; "www." below) and the escape itself.
_MD_SPECIAL = re.compile(r"([\\`*_~$\[\]<>&|#:@!])")
_MD_WWW = re.compile(r"(?i)(www)\.")


def _md(text: str) -> str:
    """Text (a report's, or one naming a report's) as Markdown shows it literally: each character Markdown gives a
    meaning to backslash-escaped (CommonMark allows it for any ASCII punctuation), so no HTML, image, link,
    autolink, code span or emphasis comes of it and no table cell ends in it; a line break is a space."""
    if text.isalnum():
        return text
    return _MD_WWW.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " ")))


_BACKTICKS = re.compile("`+")


def _fenced(lines: list[str]) -> list[str]:
    """``lines`` in a code block whose fence is longer than any run of backticks in them (none closes it)."""
    longest = max((len(m) for line in lines for m in _BACKTICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


def to_markdown(s: Summary) -> str:
    total = len(s.machines)
    out = [
        "# AI-tool compliance summary",
        "",
        f"{s.today.isoformat()}: **{len(s.compliant)} of {total}** machines compliant "
        f"({_pct(len(s.compliant), total)}){_judged(s)}, newest policy {_md(s.newest_policy() or '-')}"
        + (f"; {len(s.untrusted)} not trusted (never counted compliant)." if s.untrusted else "."),
        "",
        "```text",
        f"compliant       {_bar(len(s.compliant), total)} {len(s.compliant)}",
        f"not compliant   {_bar(total - len(s.compliant), total)} {total - len(s.compliant)}",
        "```",
        "",
    ]
    by_verdict = s.by_verdict()
    if by_verdict:
        most = max(sum(c.values()) for c in by_verdict.values())
        width = max(len(n) for n in by_verdict)
        bars = [
            f"{name.ljust(width)} {_bar(sum(c.values()), most)} {sum(c.values())}"
            + (f" ({c['prohibited']} prohibited)" if c["prohibited"] else "")
            for name, c in by_verdict.items()
        ]
        out += ["## Machines per tool", "", *_fenced(bars), ""]
    for title, header, rows in _lines(s):
        out += [f"## {_md(title)}", ""]
        if not rows:
            out += ["None.", ""]
            continue
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
        out.append("")
    if s.problems:
        out += ["## Skipped files", ""] + [f"- {_md(p)}" for p in s.problems] + [""]
    return "\n".join(out)
