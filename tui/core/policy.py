"""The company's policy (``policy.toml``): a status, rationale, alternatives and conditions per tool."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

from tui.core.agents.projects import PROJECT_TOKENS
from tui.core.catalog import Catalog, PathSpec, check_schema, path_specs
from tui.core.grant_ids import GRANT_ID_RE
from tui.core.pack_files import PackPath
from tui.core.regex_safety import backtracking_problem, pattern_problem
from tui.core.surface_policy import SurfacePolicy
from tui.core.tomldoc import Table, TomlDoc, load_toml
from tui.core.urls import url_problem
from tui.core.versions import Constraint, InvalidVersion
from tui.errors import Problem

STATUSES = ("approved", "conditional", "prohibited")
DEFAULT_STATUSES = ("unreviewed", "prohibited", "conditional", "approved")
INTAKE_KINDS = ("webhook", "jira", "github", "servicenow")


class FieldPattern(str):
    """A ``none_matching`` entry written as a table (``{ decision = 'allow', commandPrefix = '' }``): it matches
    an entry of a list of tables (Gemini CLI's ``[[rule]]``) whose every named field matches its pattern whole,
    a field the entry lacks read as ``""`` (so ``''`` asks that it be unset) and a list field by any of its
    items. The string is how a detail or a fix shows it (never a value read); ``fields`` are the patterns."""

    fields: tuple[tuple[str, str], ...]

    def __new__(cls, fields: tuple[tuple[str, str], ...]) -> FieldPattern:
        named = [f"{name} /{pattern}/" for name, pattern in fields if pattern]
        unset = [name for name, pattern in fields if not pattern]
        listed = ", ".join(unset[:-1]) + " or " + unset[-1] if len(unset) > 1 else "".join(unset)
        shown = ", ".join(named) + ("; " if named and unset else "") + (f"no {listed}" if unset else "")
        made = super().__new__(cls, "{" + shown + "}")
        made.fields = fields
        return made


@dataclass(frozen=True)
class EnvLists:
    """``env_lists = { keys = [...], files = [...] }``: settings keys that set variables for some of the tool's
    sessions, as a list of ``{name, value}`` tables (``claudeCode.environmentVariables``) or a table of
    ``NAME = value`` (``terminal.integrated.env.*``); ``key = "…"`` names one."""

    keys: tuple[str, ...]
    files: tuple[PathSpec, ...]


@dataclass(frozen=True)
class Condition:
    """A condition under which a tool may be used: machine-checkable (env var / settings key) or attested."""

    id: str
    text: str
    env: str | None = None
    files: tuple[PathSpec, ...] = ()
    key: str | None = None
    equals: str | None = None
    prefix: str | None = None
    present: bool = False
    attest: bool = False
    # what must NOT be set (autonomy and data settings): the value must differ / be one of / be none of
    # the listed values, or the key must be absent. Values read from the machine are compared, never kept.
    not_equals: str | None = None
    one_of: tuple[str, ...] | None = None
    none_of: tuple[str, ...] | None = None
    # regular expressions no value may match whole (Python's re): a rule that allows every shell command is
    # written many ways (Bash(*), Bash(***), Bash( * ), Bash(bash:*)), which a list of values cannot close; a
    # FieldPattern among them for the entries of a list of tables (Gemini CLI's [[rule]] decision = "allow")
    none_matching: tuple[str, ...] | None = None
    absent: bool = False
    # flags the tool's commands must never be started with by the user's shell startup files (an alias or a
    # function: `alias claude='claude --dangerously-skip-permissions'`); a condition of its own
    startup_flags: tuple[str, ...] = ()
    # settings files that outrank ``files`` (a project's settings over the user's): another value there
    # breaks a condition that asks for a value; what they hold cannot meet it (a project's covers one project)
    overridden_by: tuple[PathSpec, ...] = ()
    # settings an administrator deploys (Claude Code's managed-settings.json): they outrank every other place,
    # so a value there decides the condition for every session
    enforced_by: tuple[PathSpec, ...] = ()
    # a key of the enforced_by files that lists the values the tool may take at all (Codex's requirements.toml
    # allowed_sandbox_modes): when it allows no forbidden value, nothing else can set one
    allowed_key: str | None = None
    # a (key, value) of the enforced_by files that turns off what the condition forbids for every session
    # (Claude Code's managed permissions.disableBypassPermissionsMode = "disable"): then it is met
    settled_by: tuple[str, str] | None = None
    # keys in the same files that outrank ``key`` in the sessions that use them (Codex's legacy profiles:
    # profiles.*.model_provider): another value there breaks a condition that asks for a value
    overriding_keys: tuple[str, ...] = ()
    # settings files whose key holds a list of {name, value} tables that sets ``env`` for some of the tool's
    # sessions (the Claude Code extension's claudeCode.environmentVariables in VS Code's settings)
    env_lists: EnvLists | None = None
    # shell files that set ``env`` for the sessions started in one folder (direnv's .envrc in a project):
    # read like a startup file; what they set can break the condition, never meet it
    env_files: tuple[PathSpec, ...] = ()
    # startup flags (as startup_flags writes them) with which the tool does not read ``files`` at all (Claude
    # Code's ``--setting-sources=!user``: a list of sources without the user's): a startup line that starts it
    # so leaves what they hold unset in those sessions, so they cannot meet a condition that asks for a value
    files_skipped_by: tuple[str, ...] = ()
    # the tool reads ``files`` as strict JSON (RFC 8259) and skips one that is not whole (Claude Code): a file
    # with a comment, a trailing comma, NaN or a byte order mark cannot meet a condition that asks for a value
    strict_json: bool = False

    @property
    def forbids(self) -> bool:
        """True for the operators that say what must not be set (met where nothing forbidden is found)."""
        return (
            self.not_equals is not None
            or self.none_of is not None
            or self.none_matching is not None
            or self.absent
            or bool(self.startup_flags)
        )


@dataclass(frozen=True)
class Rule:
    tool_id: str
    status: str
    rationale: str
    alternatives: tuple[str, ...] = ()
    versions: Constraint | None = None
    guide: str | None = None
    conditions: tuple[Condition, ...] = ()
    # a dated change: ``status`` holds from ``effective`` on, ``before`` until then (``notice``: what to say meanwhile)
    effective: dt.date | None = None
    before: str | None = None
    notice: str | None = None

    def status_on(self, today: dt.date) -> str:
        """The status in force on ``today`` (the new one from the effective date on, that day included)."""
        return self.before if self.pending(today) and self.before else self.status

    def pending(self, today: dt.date) -> bool:
        """Whether a dated change is announced but not in force yet."""
        return self.effective is not None and today < self.effective


# the longest exception a policy may allow: a record or grant holding more is damage, not a decision (the
# request records refuse it), so a pack allowing more is refused where it is written
MAX_EXCEPTION_DAYS = 3660


@dataclass
class Policy:
    org_name: str = ""
    contacts: list[dict] = field(default_factory=list)
    version: str = ""
    effective: dt.date | None = None
    default_status: str = "unreviewed"
    exception_default_days: int = 30
    exception_max_days: int = 90
    data_classes: list[str] = field(default_factory=list)
    intake: dict | None = None
    rules: dict[str, Rule] = field(default_factory=dict)
    sha256: str = ""  # of policy.toml's bytes: what a record cites
    fingerprint: str = ""  # of what policy.toml says (its parsed data): a comment or a reordering keeps it
    approver_keys: tuple[str, ...] = ()  # [exceptions]: base64 Ed25519 keys whose grants count
    revoked: tuple[str, ...] = ()  # grant ids that no longer count
    mcp: SurfacePolicy = field(default_factory=SurfacePolicy)  # [mcp]: MCP servers by what they run
    agents: SurfacePolicy = field(default_factory=SurfacePolicy)  # [agents]: plugins, skills, hooks
    notes: list[str] = field(default_factory=list)  # what `content validate` says of a valid policy

    def rule(self, tool_id: str) -> Rule | None:
        return self.rules.get(tool_id)


def _condition(t: Table, tool_id: str) -> Condition | None:
    cid = t.text("id", required=True)
    text = t.text("text", required=True)
    env = t.text("env")
    files = path_specs(t, "files", PROJECT_TOKENS)  # {claude_project}/...: a file in each listed project
    overridden_by = path_specs(t, "overridden_by", PROJECT_TOKENS)
    enforced_by = path_specs(t, "enforced_by", moved_by=True)
    allowed_key = t.text("allowed_key")
    settled_by = _settled_by(t)
    overriding_keys = t.str_list("overriding_keys")
    env_lists = _env_lists(t)
    env_files = path_specs(t, "env_files", PROJECT_TOKENS, upward=True)
    key = t.text("key")
    equals = t.text("equals")
    prefix = t.text("prefix")
    present = bool(t.get("present", bool, default=False))
    attest = bool(t.get("attest", bool, default=False))
    ops = _setting_operators(t)
    startup_flags = t.str_list("startup_flags") if "startup_flags" in t.data else None
    files_skipped_by = t.str_list("files_skipped_by")
    strict_json = bool(t.get("strict_json", bool, default=False))
    t.check_unknown()
    if startup_flags is not None:
        return _startup_condition(
            t,
            tool_id,
            cid,
            text,
            startup_flags,
            attest
            or env
            or files
            or overridden_by
            or allowed_key
            or overriding_keys
            or env_lists
            or env_files
            or key
            or ops
            or files_skipped_by
            or strict_json,
            enforced_by,
            settled_by,
        )
    machine = bool(env or files)
    if attest and machine:
        t._bad("attest", "a condition is either attested or machine-checked (env/files), not both")
        return None
    if not attest and not machine:
        t.problems.append(t.doc.problem(t.keypath, f"condition '{cid}' of {tool_id} needs env, files or attest = true"))
        return None
    if files and not key:
        t.problems.append(t.doc.problem(t.keypath, f"condition '{cid}' lists files but no 'key'"))
        return None
    if machine and sum(x is not None and x is not False for x in (equals, prefix, present or None, *ops.values())) != 1:
        t.problems.append(
            t.doc.problem(
                t.keypath,
                f"condition '{cid}' needs exactly one of equals, prefix, present, not_equals, one_of, none_of, "
                "none_matching, absent",
            )
        )
        return None
    # what must NOT be set (Condition.forbids, from the operators as written)
    forbidding = bool(ops.get("not_equals") or ops.get("none_of") or ops.get("none_matching") or ops.get("absent"))
    if overridden_by and (forbidding or not files):
        # a forbidding condition reads every file it lists alike; overridden_by qualifies the files of one
        # that asks for a value
        t._bad(
            "overridden_by",
            f"condition '{cid}': overridden_by goes with files and equals, prefix, present or one_of "
            "(a condition that forbids a value lists every file in files)",
        )
        return None
    if overriding_keys and (not key or forbidding):
        t._bad(
            "overriding_keys", f"condition '{cid}': overriding_keys goes with key and equals, prefix, present or one_of"
        )
        return None
    if env_lists and not env:
        t._bad("env_lists", f"condition '{cid}': env_lists goes with env (the variable the lists set)")
        return None
    if env_files and not env:
        t._bad("env_files", f"condition '{cid}': env_files goes with env (the variable the files set)")
        return None
    if (files_skipped_by or strict_json) and (forbidding or not files):
        # what the tool does not read can only find less of what a forbidding condition forbids
        name = "files_skipped_by" if files_skipped_by else "strict_json"
        t._bad(name, f"condition '{cid}': {name} goes with files and equals, prefix, present or one_of")
        return None
    if files_skipped_by and (bad := _bad_flags(files_skipped_by)):
        t._bad("files_skipped_by", f"condition '{cid}': {bad!r} is not a command-line flag (such as '--yolo')")
        return None
    if settled_by and not (enforced_by and forbidding):
        t._bad("settled_by", f"condition '{cid}': settled_by goes with enforced_by and a forbidding operator")
        return None
    if allowed_key and not (enforced_by and (ops.get("not_equals") or ops.get("none_of"))):
        t._bad("allowed_key", f"condition '{cid}': allowed_key goes with enforced_by and not_equals or none_of")
        return None
    if enforced_by and not files:
        t._bad("enforced_by", f"condition '{cid}': enforced_by goes with files and key (the places it outranks)")
        return None
    if key and "*" in key.split(".") and not forbidding:
        # "every profile's x" reads as "no profile sets x": with a condition that something must be set it
        # would say nothing about which profile is used
        t._bad("key", f"condition '{cid}': a '*' in key works only with not_equals, none_of, none_matching or absent")
        return None
    if not (cid and text):
        return None
    return Condition(
        cid,
        text,
        env,
        files,
        key,
        equals,
        prefix,
        present,
        attest,
        **ops,
        overridden_by=overridden_by,
        enforced_by=enforced_by,
        allowed_key=allowed_key,
        settled_by=settled_by,
        overriding_keys=overriding_keys,
        env_lists=env_lists,
        env_files=env_files,
        files_skipped_by=files_skipped_by,
        strict_json=strict_json,
    )


def _bad_flags(flags: tuple[str, ...]) -> str | None:
    """The first of ``flags`` that is not a command-line flag (``--x``, ``--x=value``, ``--x=!value``), or None."""
    return next((f for f in flags if not f.startswith("-") or len(f) < 2 or any(c.isspace() for c in f)), None)


def _env_lists(t: Table) -> EnvLists | None:
    """``env_lists = { keys = ["claudeCode.environmentVariables", "terminal.integrated.env.*"], files = [...] }``
    (or ``key = "…"`` for one), or None."""
    raw = t.get("env_lists", dict)
    if raw is None:
        return None
    sub = t.sub("env_lists", raw)
    one = sub.text("key")
    keys = sub.str_list("keys")
    files = path_specs(sub, "files", PROJECT_TOKENS)
    sub.check_unknown()
    if (one is None) == (not keys):
        both = ", not both" if one is not None else ""
        t._bad("env_lists", f"env_lists needs key (one settings key) or keys (a list of them){both}")
        return None
    if not files:
        t._bad("env_lists", "env_lists needs files (the settings files that hold the list)")
        return None
    named = tuple(k.strip() for k in ((one,) if one is not None else keys))
    if not all(named):
        t._bad("env_lists", "env_lists: a key must not be empty")
        return None
    return EnvLists(named, files)


def _settled_by(t: Table) -> tuple[str, str] | None:
    """``settled_by = { key = "...", equals = "..." }``, or None."""
    raw = t.get("settled_by", dict)
    if raw is None:
        return None
    st = t.sub("settled_by", raw)
    key, value = st.text("key", required=True), st.text("equals", required=True)
    st.check_unknown()
    return (key, value) if key and value is not None else None


def _startup_condition(
    t: Table,
    tool_id: str,
    cid: str | None,
    text: str | None,
    flags: tuple[str, ...],
    other: object,
    enforced_by: tuple[PathSpec, ...] = (),
    settled_by: tuple[str, str] | None = None,
) -> Condition | None:
    """A ``startup_flags`` condition: the flags alone say what it forbids, so nothing else may be given (but
    the administrator's settings that turn those flags off: ``enforced_by`` with ``settled_by``)."""
    if other or t.data.get("equals") is not None or t.data.get("prefix") is not None or t.data.get("present"):
        t._bad(
            "startup_flags",
            f"condition '{cid}' of {tool_id}: startup_flags is a condition of its own (no env, files, key, operator or attest)",
        )
        return None
    if bool(enforced_by) != bool(settled_by):
        t._bad("startup_flags", f"condition '{cid}' of {tool_id}: enforced_by and settled_by go together here")
        return None
    if not flags:
        t._bad("startup_flags", f"condition '{cid}' of {tool_id}: startup_flags needs at least one flag")
        return None
    bad = _bad_flags(flags)
    if bad:
        t._bad(
            "startup_flags", f"condition '{cid}' of {tool_id}: {bad!r} is not a command-line flag (such as '--yolo')"
        )
        return None
    if not (cid and text):
        return None
    return Condition(cid, text, startup_flags=flags, enforced_by=enforced_by, settled_by=settled_by)


def _setting_operators(t: Table) -> dict:
    """The operators that say what must not be set (``not_equals``, ``none_of``, ``none_matching``, ``absent``)
    and ``one_of``;
    only those given are returned (so they count towards "exactly one operator")."""
    ops: dict = {}
    not_equals = t.text("not_equals")
    if not_equals is not None:
        ops["not_equals"] = not_equals
    for name in ("one_of", "none_of"):
        if name in t.data:
            values = t.str_list(name)
            if not values:
                t._bad(name, f"'{name}' needs at least one value")
            ops[name] = values
    if "none_matching" in t.data:
        ops["none_matching"] = _none_matching(t)
    for pattern in _patterns(ops.get("none_matching", ())):
        try:
            re.compile(pattern)
        except re.error as exc:
            t._bad("none_matching", f"none_matching: {pattern!r} is not a regular expression ({exc})")
            continue
        except RecursionError:  # groups nested thousands deep: Python's regex parser recurses
            t._bad("none_matching", f"none_matching: {pattern[:40]!r}... nests its groups too deep")
            continue
        why = backtracking_problem(pattern)  # it runs on values the user writes
        if why is not None:
            message = f"none_matching: {pattern[:80]!r} {why}"
            t.problems.append(pattern_problem(t.doc, (*t.keypath, "none_matching"), pattern, message))
    if t.get("absent", bool, default=False):
        ops["absent"] = True
    return ops


def _none_matching(t: Table) -> tuple[str, ...]:
    """``none_matching``: regular expressions, and tables of a field's name to one (:class:`FieldPattern`)."""
    out: list[str] = []
    for i, item in enumerate(t.get("none_matching", list, default=[])):
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and item and all(isinstance(v, str) and k.strip() for k, v in item.items()):
            out.append(FieldPattern(tuple((k.strip(), v) for k, v in item.items())))
        else:
            t._bad(
                "none_matching",
                f"'none_matching[{i}]' must be a regular expression, or a table of field names to regular "
                "expressions (at least one), not "
                + (
                    "an empty table"
                    if item == {}
                    else "a table with a value that is not a string"
                    if isinstance(item, dict)
                    else type(item).__name__
                ),
            )
    if not out:
        t._bad("none_matching", "'none_matching' needs at least one value")
    return tuple(out)


def _patterns(items: tuple[str, ...]) -> list[str]:
    """The regular expressions of ``none_matching``: each string's, and each of a :class:`FieldPattern`'s."""
    return [p for item in items for p in ([v for _k, v in item.fields] if isinstance(item, FieldPattern) else [item])]


def _rule(t: Table, tool_id: str) -> Rule | None:
    status = t.text("status", required=True)
    rationale = t.text("rationale", required=True)
    alternatives = t.str_list("alternatives")
    versions_text = t.text("versions")
    guide = t.text("guide")
    effective, before, notice = _dated(t, status)
    conditions = []
    ids = set()
    for i, item in t.table_list("conditions"):
        c = _condition(t.sub("conditions", item, i), tool_id)
        if c is None:
            continue
        if c.id in ids:
            t.problems.append(t.doc.problem((*t.keypath, "conditions", i), f"duplicate condition id '{c.id}'"))
            continue
        ids.add(c.id)
        conditions.append(c)
    t.check_unknown()
    if status is not None and status not in STATUSES:
        t._bad("status", f"unknown status {status!r} (one of: {', '.join(STATUSES)})")
        return None
    versions = None
    if versions_text is not None:
        try:
            versions = Constraint.parse(versions_text)
        except InvalidVersion as exc:
            t._bad("versions", f"bad version constraint: {exc}")
    if not (status and rationale is not None):
        return None
    if conditions and status == "prohibited" and before in (None, "prohibited"):
        # a ban of a tool that was conditional (the status changed, the conditions left as they were, for when
        # it is allowed again): nothing meets a ban, so they are not checked; validate says so (load_policy)
        conditions = []
    return Rule(tool_id, status, rationale, alternatives, versions, guide, tuple(conditions), effective, before, notice)


def _dated(t: Table, status: str | None) -> tuple[dt.date | None, str | None, str | None]:
    """A dated change (``effective``, ``before``, optional ``notice``): all or nothing, else a problem."""
    dated = "effective" in t.data
    effective = t.date("effective", "the day the status takes effect")
    before = t.text("before")
    notice = t.text("notice")
    if before is not None and before not in STATUSES:
        t._bad("before", f"unknown status {before!r} for 'before' (one of: {', '.join(STATUSES)})")
        before = None
    elif before is not None and before == status:
        t._bad("before", f"'before' is the same as 'status' ({status!r}): nothing changes on the effective date")
        before = None
    if dated and "before" not in t.data:
        t._bad("effective", "'effective' needs 'before': the status in force until that date")
    if before is not None and not dated:
        t._bad("before", "'before' needs 'effective': the date from which 'status' holds")
    if notice is not None and not dated:
        t._bad("notice", "'notice' needs 'effective' and 'before': it is shown until the change takes effect")
    if effective is None or before is None:
        return None, None, None
    return effective, before, notice


def _fingerprint(data: dict) -> str:
    """The digest of the policy's meaning: its parsed TOML as canonical JSON (dates as ISO text)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_policy(path: PackPath, display: str, problems: list[Problem], catalog: Catalog) -> Policy:
    doc, data = load_toml(path, display, problems)
    policy = Policy()
    if doc is None or data is None:
        return policy
    policy.sha256 = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()  # the bytes parsed, not read again
    policy.fingerprint = _fingerprint(data)
    top = Table(doc, (), data, problems)
    check_schema(top)
    org = top.sub("organization", top.get("organization", dict, required=True, default={}))
    pol = top.sub("policy", top.get("policy", dict, required=True, default={}))
    intake = top.get("intake", dict)
    tools = top.get("tools", dict, default={})
    exceptions = top.get("exceptions", dict)
    _load_surface(top, policy)
    top.check_unknown()
    if exceptions is not None:
        _load_exceptions(top.sub("exceptions", exceptions), policy)

    policy.org_name = org.text("name", required=True) or ""
    for i, contact in org.table_list("contacts"):
        c = org.sub("contacts", contact, i)
        c.text("name", required=True), c.text("email"), c.text("url")
        c.check_unknown()
        policy.contacts.append({k: v for k, v in contact.items() if isinstance(v, str)})
    org.check_unknown()

    policy.version = pol.text("version", required=True) or ""
    effective = pol.get("effective", object)
    if effective is not None and not isinstance(effective, dt.date):
        pol._bad("effective", "'effective' must be a date like 2026-11-01")
    elif isinstance(effective, dt.datetime):
        policy.effective = effective.date()
    else:
        policy.effective = effective
    policy.default_status = pol.text("default_status", default="unreviewed") or "unreviewed"
    if policy.default_status not in DEFAULT_STATUSES:
        pol._bad("default_status", f"unknown default_status {policy.default_status!r}")
        policy.default_status = "unreviewed"
    policy.exception_default_days = pol.get("exception_default_days", int, default=30)
    policy.exception_max_days = pol.get("exception_max_days", int, default=90)
    if not 1 <= policy.exception_max_days <= MAX_EXCEPTION_DAYS:
        pol._bad("exception_max_days", f"exception_max_days must be between 1 and {MAX_EXCEPTION_DAYS} (ten years)")
    elif not 1 <= policy.exception_default_days <= policy.exception_max_days:
        pol._bad("exception_default_days", "exception_default_days must be between 1 and exception_max_days")
    policy.data_classes = list(pol.str_list("data_classes"))
    pol.check_unknown()

    if intake is not None:
        kind = intake.get("kind")
        if kind not in INTAKE_KINDS:
            problems.append(doc.problem(("intake", "kind"), f"intake kind must be one of: {', '.join(INTAKE_KINDS)}"))
        url = intake.get("url")
        if not isinstance(url, str):
            problems.append(doc.problem(("intake",), "intake needs a 'url' string"))
        elif kind != "local" and (problem := url_problem(url.strip())) is not None:
            problems.append(doc.problem(("intake", "url"), f"intake url is not a URL to send to: {problem}"))
        policy.intake = dict(intake)

    for tool_id, body in tools.items():
        where = ("tools", tool_id)
        if not isinstance(body, dict):
            problems.append(doc.problem(where, f"tools.{tool_id} must be a table"))
            continue
        if tool_id not in catalog.tools and catalog.tools:
            problems.append(doc.problem(where, f"policy names tool '{tool_id}' which is not in the catalog"))
        rule = _rule(Table(doc, where, body, problems), tool_id)
        if rule is not None:
            policy.rules[tool_id] = rule
            if body.get("conditions") and not rule.conditions:
                line = doc.pos((*where, "status"))[0]
                policy.notes.append(
                    f"{display}:{line}: tools.{tool_id} is prohibited, so its conditions are not checked "
                    "(kept for when it is conditional again)"
                )

    _check_alternatives(policy, catalog, doc, problems)
    return policy


def _load_surface(top: Table, policy: Policy) -> None:
    """``[mcp]`` and ``[agents]``: rules on what MCP servers run and on agent extensions (see surface_policy)."""
    from tui.core.surface_policy import AGENT_MATCH_KEYS, MCP_MATCH_KEYS, load_surface_policy

    for section, keys in (("mcp", MCP_MATCH_KEYS), ("agents", AGENT_MATCH_KEYS)):
        body = top.get(section, dict)
        if body is not None:
            setattr(policy, section, load_surface_policy(top.sub(section, body), section, keys))


def _load_exceptions(t: Table, policy: Policy) -> None:
    """``[exceptions]``: the approver keys whose signed grants count, and revoked grant ids."""
    from tui.core.signing import decode_public_key
    from tui.errors import PackError

    keys = []
    for i, key in enumerate(t.str_list("approver_keys")):
        try:
            decode_public_key(key)
        except PackError as exc:
            t._bad("approver_keys", f"approver_keys[{i}]: {exc}")
            continue
        if key.strip() not in keys:
            keys.append(key.strip())
    revoked = []
    for i, gid in enumerate(t.str_list("revoked")):
        if not GRANT_ID_RE.match(gid):
            t._bad("revoked", f"revoked[{i}]: {gid!r} is not a grant id like GRT-20261123-3F9A1C")
        else:
            revoked.append(gid)
    t.check_unknown()
    policy.approver_keys, policy.revoked = tuple(keys), tuple(revoked)


def _check_alternatives(policy: Policy, catalog: Catalog, doc: TomlDoc, problems: list[Problem]) -> None:
    for rule in policy.rules.values():
        for alt in rule.alternatives:
            where = ("tools", rule.tool_id, "alternatives")
            if alt == rule.tool_id:
                problems.append(doc.problem(where, f"'{rule.tool_id}' lists itself as its alternative"))
            elif catalog.tools and alt not in catalog.tools:
                problems.append(doc.problem(where, f"alternative '{alt}' of '{rule.tool_id}' is not in the catalog"))
            elif policy.rules.get(alt) and policy.rules[alt].status == "prohibited":
                problems.append(doc.problem(where, f"alternative '{alt}' of '{rule.tool_id}' is itself prohibited"))
            elif policy.rules.get(alt) and policy.rules[alt].before == "prohibited":
                problems.append(
                    doc.problem(
                        where,
                        f"alternative '{alt}' of '{rule.tool_id}' is prohibited until {policy.rules[alt].effective}",
                    )
                )
    # cycles: following alternatives must never lead back to where it started
    graph = {r.tool_id: [a for a in r.alternatives if a != r.tool_id] for r in policy.rules.values()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt]
                problems.append(
                    doc.problem(("tools", node, "alternatives"), "alternatives form a cycle: " + " -> ".join(cycle))
                )
            elif state.get(nxt) is None:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
