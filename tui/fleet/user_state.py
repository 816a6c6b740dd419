"""Another user's own aicheck state, for a scan of every user: the signed grants and confirmed conditions in
their aicheck data folder, their requests approved but still waiting for a grant, and the email a grant must name (their aicheck config, else their git config).

Everything is read from the scanned disk through that user's confined, audited :class:`~tui.core.machine.Disk`
(a link out of their home is refused, every file read is listed) with the bounded reader; grants are parsed
and checked exactly as for the user running aicheck (:func:`~tui.core.grants.parse_grant`,
:class:`~tui.core.grants.GrantPolicy`). Nothing is executed: git is never run."""

from __future__ import annotations

from tui.core.bounded_read import CONFIG_LIMIT, RECORD_LIMIT, FileMissing, ReadSkipped
from tui.core.content import Pack
from tui.core.grant_ids import GRANT_ID_RE
from tui.core.grants import CheckedGrant, GrantError, GrantPolicy, parse_grant, this_host
from tui.core.machine import Disk
from tui.core.safe_toml import parse_toml
from tui.grants.store import MAX_GRANT_FILE_BYTES, MAX_STORED, damaged_grant, too_many_grants, waiting_for_grant
from tui.requests.gitident import MAX_INCLUDE_DEPTH, parse_git_config
from tui.services import attestations

# platformdirs' user_data_dir / user_config_dir for "aicheck" (no app author), relative to the home
DATA_DIR = {
    "linux": ".local/share/aicheck",
    "macos": "Library/Application Support/aicheck",
    "windows": "AppData/Local/aicheck",
}
CONFIG_DIR = {
    "linux": ".config/aicheck",
    "macos": "Library/Application Support/aicheck",
    "windows": "AppData/Local/aicheck",
}
GIT_CONFIG_FILES = (".config/git/config", ".gitconfig")  # lowest precedence first, as git reads them


def _in_home(disk: Disk, rel: str) -> str:
    return disk.machine.home.rstrip("/") + "/" + rel


def user_email(disk: Disk, problems: list[str] | None = None) -> str:
    """``[user] email`` in the user's aicheck config, else ``user.email`` in their git config ("" if neither).
    A config that is there but cannot be read or is wrong (bad TOML, an unknown key, an email that is no string)
    names no one, as it stops the user's own ``check`` (exit 2): "" and a line in ``problems``, never git's
    email in silence (a red team had --all-users and osquery say compliant where the user's check said 2)."""
    from pathlib import Path

    from tui.config import check_known
    from tui.core.text import clean
    from tui.errors import ConfigError

    config = _in_home(disk, CONFIG_DIR[disk.machine.platform] + "/config.toml")
    unread = problems if problems is not None else []
    try:
        text: str | None = disk.read_text(config, CONFIG_LIMIT).removeprefix("\ufeff")
    except FileMissing:
        text = None
    except ReadSkipped as exc:
        disk.skip(config, str(exc))
        unread.append(f"{clean(disk.display(config), 500)}: {clean(_unreadable(exc), 600)}; its grants are not counted")
        return ""
    if text is not None:
        try:
            data = parse_toml(text)
            check_known(Path(disk.display(config)), text, data)
        except ReadSkipped as exc:  # (a TOML error: ParseFailed, with its line)
            disk.skip(config, str(exc))
            unread.append(f"{clean(disk.display(config), 500)}: {clean(str(exc), 600)}; its grants are not counted")
            return ""
        except ConfigError as exc:
            disk.skip(config, str(exc))
            unread.append(f"{clean(str(exc), 800)}; its grants are not counted")
            return ""
        user = data.get("user")
        if isinstance(user, dict) and isinstance(user.get("email"), str) and user["email"].strip():
            return str(user["email"]).strip().lower()
    values: dict[str, str] = {}
    for rel in GIT_CONFIG_FILES:
        _git_config_into(disk, _in_home(disk, rel), values, 0)
    return values.get("user.email", "").strip().lower()


def _git_config_into(disk: Disk, path: str, values: dict[str, str], depth: int) -> None:
    text = _read(disk, path, CONFIG_LIMIT)
    for key, value in parse_git_config(text or ""):
        if key == "include.path" and depth < MAX_INCLUDE_DEPTH and value:
            inc = disk.machine.home.rstrip("/") + value[1:] if value.startswith("~/") else value
            if not inc.startswith("/"):
                inc = path.rpartition("/")[0] + "/" + inc
            _git_config_into(disk, inc, values, depth + 1)
        else:
            values[key] = value


def _read(disk: Disk, path: str, limit: int) -> str | None:
    """The text of ``path``, or None when it is missing; any other refusal (a link out of the home, a FIFO,
    too large) is noted in the audit."""
    try:
        return disk.read_text(path, limit)
    except FileMissing:
        return None
    except ReadSkipped as exc:
        disk.skip(path, str(exc))
        return None


def user_grants(disk: Disk, pack: Pack, problems: list[str] | None = None) -> list[CheckedGrant]:
    """Each grant file in the user's data folder, parsed and checked for that user (see :class:`GrantPolicy`).
    ``problems``: a line per grant file that is there but cannot be read (it grants nothing, as in the user's
    own scan: :func:`tui.grants.store.damaged_grant`), and one when there are more than a scan reads."""
    folder = _in_home(disk, DATA_DIR[disk.machine.platform] + "/grants")
    if not disk.is_dir(folder):
        return []
    names = sorted(
        n
        for n in disk.children(folder)
        if n.startswith("GRT-") and n.endswith(".grant") and GRANT_ID_RE.match(n.removesuffix(".grant"))
    )
    if not names:
        return []
    unread = problems if problems is not None else []
    if len(names) > MAX_STORED:
        unread.append(too_many_grants(disk.display(folder), len(names)))
    # the user's config is read only when there are grants; the host is the one osquery runs on
    policy = GrantPolicy.from_pack(
        pack, user_email(disk, problems), this_host(disk.machine.root, disk.audit.paths_read)
    )
    out: list[CheckedGrant] = []
    for name in names[:MAX_STORED]:
        stem = name.removesuffix(".grant")
        path = f"{folder}/{name}"
        try:
            text = disk.read_text(path, MAX_GRANT_FILE_BYTES)
        except FileMissing:
            continue
        except ReadSkipped as exc:
            disk.skip(path, str(exc))
            unread.append(damaged_grant(disk.display(path), _unreadable(exc)))
            continue
        try:
            grant = parse_grant(text)
        except GrantError as exc:
            disk.skip(path, str(exc))
            unread.append(damaged_grant(disk.display(path), exc))
            continue
        if grant.id != stem:
            disk.skip(path, f"holds grant {grant.id}")
            unread.append(damaged_grant(disk.display(path), f"holds grant {grant.id}"))
            continue
        out.append(CheckedGrant(grant, policy.refusal(grant), disk.display(path)))
    return out


def user_approvals(disk: Disk) -> list[CheckedGrant]:
    """The user's exception requests the intake reported approved: they change no verdict, but the user's scan
    says the signed grant is still awaited, as the user's own scan does."""
    from tui.errors import RecordError
    from tui.requests.model import ExceptionRequest
    from tui.requests.store import REQUEST_ID_RE

    folder = _in_home(disk, DATA_DIR[disk.machine.platform] + "/requests")
    if not disk.is_dir(folder):
        return []
    names = sorted(n for n in disk.children(folder) if n.startswith("REQ-") and n.endswith(".toml"))
    out: list[CheckedGrant] = []
    for name in names[:MAX_STORED]:
        if not REQUEST_ID_RE.match(name.removesuffix(".toml")):
            continue
        path = f"{folder}/{name}"
        text = _read(disk, path, RECORD_LIMIT)
        if text is None:
            continue
        try:
            req = ExceptionRequest.from_dict(parse_toml(text), source=disk.display(path))
        except (ReadSkipped, RecordError) as exc:
            disk.skip(path, str(exc))
            continue
        if req.state == "approved":
            out.append(waiting_for_grant(req))
    return out


def user_attested(disk: Disk, pack: Pack, problems: list[str] | None = None) -> set[tuple[str, str]]:
    """The conditions the user confirmed, for this policy version and wording. A file that is there but cannot
    be read, or is damaged (:func:`tui.services.attestations.damage`), confirms nothing, as in the user's own
    scan, and says so in ``problems`` (with the file, and the line where there is one)."""
    from tui.core.text import clean

    path = _in_home(disk, DATA_DIR[disk.machine.platform] + "/" + attestations.FILE)
    shown = disk.display(path)
    unread = problems if problems is not None else []
    try:
        text = disk.read_text(path, RECORD_LIMIT)
        data = parse_toml(text)
    except FileMissing:
        return set()
    except ReadSkipped as exc:
        disk.skip(path, str(exc))
        unread.append(f"{clean(shown, 500)}: {clean(_unreadable(exc), 600)}; its attestations are not counted")
        return set()
    problem = attestations.damage(data, shown, text)
    if problem:
        disk.skip(path, problem)
        unread.append(f"{problem}; its attestations are not counted")
        return set()
    return attestations.matching(pack.policy, attestations.confirmed_in(data))


def user_state(disk: Disk, pack: Pack) -> tuple[list[CheckedGrant], set[tuple[str, str]], list[str]]:
    """(checked grants and approvals waiting for one, attested (tool, condition) pairs, the user's records that
    cannot be read: scan errors of that user's, never silence) of the user whose home ``disk.machine`` is."""
    problems: list[str] = []
    grants = user_grants(disk, pack, problems) + user_approvals(disk)
    return grants, user_attested(disk, pack, problems), problems


def _unreadable(exc: Exception) -> str:
    """Why a file was not read, said once: the reader's own words may already begin "unreadable:"."""
    why = str(exc)
    return why if why.startswith("unreadable") else f"unreadable: {why}"
