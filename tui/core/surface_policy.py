"""The ``[mcp]`` and ``[agents]`` sections of ``policy.toml``: a default status and ordered rules that match on
what a server runs (npm/PyPI package, docker image, URL host, command, transport) or on what an agent extension
is (kind, name, marketplace, hook event, program and the program's path), never on a server's name.

**An MCP server is never approved by its command's name** either: a rule that approves by ``command`` approves
only a command the config writes at an absolute path the rule names (:meth:`SurfacePolicy.decide_server`).

**A hook is never approved by its program's name**: a rule that would approve one by ``program`` (or by
``name``, ``EVENT:program``) without ``path`` is passed over for it (:meth:`SurfacePolicy.decide_hook`),
since any file the user saves under that name has it. Such a rule still loads, and still approves what it
is written for otherwise; a rule by name that reviews or prohibits a hook still decides.

**First match wins**: rules are read top to bottom and the first whose every ``match`` key matches decides,
like a firewall. Put exceptions (the company gateway) before the broad rule they carve out of (every remote
server). Values are case-insensitive globs (``*`` and ``?``).

**A host that cannot be known** (a server URL written as a placeholder, ``${VAR}``, ``{env:VAR}``, or one
with no host aicheck can read: :mod:`tui.core.agents.client_urls`) could be any host: only a ``url_host``
pattern that matches every host (``*``) matches it, never one that names a host, so it is never approved as
the gateway and always falls under a rule against every remote server."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import lru_cache

from tui.core.agents.identity import PUBLIC_REGISTRIES, program_name, runs_what_it_is_given
from tui.core.agents.program_paths import path_pattern
from tui.core.tomldoc import Table

SURFACE_STATUSES = ("approved", "unreviewed", "prohibited")
MCP_MATCH_KEYS = ("npm", "pypi", "docker", "url_host", "command", "transport")
AGENT_MATCH_KEYS = ("kind", "name", "marketplace", "source", "event", "program", "path", "client")
# the keys that name a hook's program by its name (a hook's name is EVENT:program): anyone's file may have it
_PROGRAM_NAME_KEYS = frozenset(("program", "name"))
AGENT_KINDS = ("plugin", "marketplace", "skill", "hook")
TRANSPORTS = ("stdio", "http", "sse")


@dataclass(frozen=True)
class SurfaceRule:
    match: tuple[tuple[str, str], ...]
    status: str
    rationale: str = ""
    line: int | None = None  # where the rule is written in policy.toml
    # (key, the lower-cased pattern when it has no wildcard, its compiled glob, and for url_host whether the
    # pattern matches every host): built once, tried per item
    _tests: tuple[tuple[str, str | None, re.Pattern[str], bool | None], ...] = field(
        init=False, default=(), repr=False, compare=False
    )

    _described: str = field(init=False, default="", repr=False, compare=False)
    # the rule's ``command`` as what an approval may trust (see :meth:`SurfacePolicy.decide_server`): the glob
    # of an absolute path (written as a server's command_path is) or of an id aicheck names an extension's
    # server by (``claude-extension:ant.dir.*``); None for a program's name, or a rule without ``command``
    _command_glob: re.Pattern[str] | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        tests = tuple(
            (
                key,
                None if any(c in pattern for c in "*?[") else pattern.lower(),
                _compiled(pattern),
                (set(pattern) == {"*"}) if key == "url_host" else None,
            )
            for key, pattern in self.match
        )
        object.__setattr__(self, "_tests", tests)
        # every finding a rule decides names it: written once, not once per server
        object.__setattr__(self, "_described", ", ".join(f"{k} = {v!r}" for k, v in self.match))
        command = dict(self.match).get("command")
        if command is not None:
            where = path_pattern(command)
            if where is None and ":" in command and not any(c in command for c in "/\\"):
                where = command  # an extension's id, as aicheck names its server's command
            if where is not None:
                object.__setattr__(self, "_command_glob", _compiled(where))

    def matches(self, facts: dict[str, str | None]) -> bool:
        for key, literal, rx, every_host in self._tests:
            value = facts.get(key)
            if value is None:
                return False
            if every_host is not None and value[:1] == "\0":  # a host that cannot be known: see the module
                if not every_host:
                    return False
                continue
            value = value.lower()
            if key == "command" and self._command_glob is not None:  # a path: matched where the command is too
                where = facts.get("command_path")
                if where is not None and self._command_glob.match(where.lower()) is not None:
                    continue
            if literal is not None:  # a glob without wildcards matches the value itself: compare
                if value != literal and not (key == "command" and program_name(value) == literal):
                    return False
            elif rx.match(value) is None and not (key == "command" and rx.match(program_name(value))):
                return False  # a command matches as written or by its program name
        return True

    def describe(self) -> str:
        return self._described

    @property
    def approves_by_name(self) -> bool:
        """Whether this rule approves by a program's name (``program``, or ``name``, which is ``EVENT:program``
        for a hook) without its ``path``: for a hook, any file the user saves under that name would pass."""
        keys = {k for k, _ in self.match}
        return self.status == "approved" and bool(keys & _PROGRAM_NAME_KEYS) and "path" not in keys

    def trusts_command(self, facts: dict[str, str | None]) -> bool:
        """Whether this rule, approving by ``command``, names where the server's command is (its
        ``command_path``): a rule on a program's name does not (any file of that name would pass), nor does a
        path rule for a command the config writes as a bare name, a relative path or with ``..``."""
        where = facts.get("command_path")
        if self._command_glob is None or where is None or self._command_glob.match(where.lower()) is None:
            return False
        # a program at an approved path that runs what it is given (python3 x.py, npx -y pkg, sh -c ...) is
        # approved for none of it: the package, image or code decides, never the folder the program is in
        return not (facts.get("npm") or facts.get("pypi") or facts.get("docker") or runs_what_it_is_given(where))

    @property
    def approves_by_command(self) -> bool:
        return self.status == "approved" and any(k == "command" for k, _ in self.match)


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern.lower()))


def _glob(value: str, pattern: str) -> bool:
    return _compiled(pattern).match(value.lower()) is not None


@dataclass(frozen=True)
class SurfacePolicy:
    default_status: str = "unreviewed"
    rules: tuple[SurfaceRule, ...] = field(default=())
    configured: bool = False  # whether policy.toml has the section at all
    registries: tuple[str, ...] = ()  # [mcp] registries: package index hosts (globs) allowed besides the public

    @property
    def unnamed_status(self) -> str:
        """What an item gets for something no rule can name (a command substitution, a package from a folder):
        the default status, and never approved."""
        return "unreviewed" if self.default_status == "approved" else self.default_status

    def registry_allowed(self, host: str) -> bool:
        host = host.lower()
        return host in PUBLIC_REGISTRIES or any(_glob(host, pattern) for pattern in self.registries)

    def decide(self, facts: dict[str, str | None]) -> tuple[str, SurfaceRule | None]:
        for rule in self.rules:
            if rule.matches(facts):
                return rule.status, rule
        return self.default_status, None

    def decide_server(self, facts: dict[str, str | None]) -> tuple[str, SurfaceRule | None, SurfaceRule | None]:
        """:meth:`decide` for an MCP server, where a rule that approves by ``command`` approves only a command
        at the path it names (:meth:`SurfaceRule.trusts_command`); otherwise it is passed over as if it did not
        match, as :meth:`decide_hook` passes over a hook's program name. Also the first rule passed over."""
        passed: SurfaceRule | None = None
        for rule in self.rules:
            if rule.matches(facts):
                if rule.approves_by_command and not rule.trusts_command(facts):
                    passed = passed or rule
                    continue
                return rule.status, rule, passed
        return self.default_status, None, passed

    def decide_hook(self, facts: dict[str, str | None]) -> tuple[str, SurfaceRule | None, SurfaceRule | None]:
        """:meth:`decide` for a hook's program, where a rule that approves by the program's name alone
        (:attr:`SurfaceRule.approves_by_name`) is passed over: the rules below it and the default decide, as
        if it did not match. A name is whatever the user calls a file, so such a rule would let any file
        pass; only where the program is (``path``) can approve it. Also the first rule passed over, or None."""
        passed: SurfaceRule | None = None
        for rule in self.rules:
            if rule.matches(facts):
                if rule.approves_by_name:
                    passed = passed or rule
                    continue
                return rule.status, rule, passed
        return self.default_status, None, passed


def load_surface_policy(t: Table, section: str, keys: tuple[str, ...]) -> SurfacePolicy:
    """One ``[mcp]`` / ``[agents]`` table, every problem reported with its file and line."""
    default = t.text("default_status", default="unreviewed") or "unreviewed"
    if default not in SURFACE_STATUSES:
        t._bad("default_status", f"unknown default_status {default!r} (one of: {', '.join(SURFACE_STATUSES)})")
        default = "unreviewed"
    rules = []
    listed = t.table_list("rules")
    for i, body in listed:
        rule = _rule(t.sub("rules", body, i), section, keys, len(t.data.get("rules") or ()))
        if rule is not None:
            rules.append(rule)
    registries: list[str] = []
    if section == "mcp":
        for value in t.get("registries", list, default=[]) or []:
            if not isinstance(value, str) or not value.strip() or "/" in value or ":" in value:
                t._bad(
                    "registries",
                    f"mcp.registries: {value!r} is not a host name (a glob such as 'npm.corp.example.com')",
                )
            else:
                registries.append(value.strip().lower())
    t.check_unknown()
    return SurfacePolicy(default, tuple(rules), True, tuple(registries))


def _rule(t: Table, section: str, keys: tuple[str, ...], count: int) -> SurfaceRule | None:
    match = t.get("match", dict, required=True)
    status = t.text("status", required=True)
    rationale = t.text("rationale", default="") or ""
    t.check_unknown()
    line = t.doc.table_line(t.keypath, count)
    ok = True
    if status is not None and status not in SURFACE_STATUSES:
        t._bad("status", f"unknown status {status!r} (one of: {', '.join(SURFACE_STATUSES)})")
        ok = False
    pairs: list[tuple[str, str]] = []
    if isinstance(match, dict):
        if not match:
            t._bad("match", f"{section}.rules: 'match' is empty: name at least one of {', '.join(keys)}")
            ok = False
        if section == "mcp" and "name" in match:
            t._bad(
                "match",
                "mcp rules match what a server runs, never its name (a renamed server would slip "
                "through): use npm, pypi, docker, url_host, command or transport",
            )
            ok = False
        for key, value in match.items():
            if key == "name" and section == "mcp":
                continue
            if key not in keys:
                t._bad("match", f"unknown match key {key!r} (one of: {', '.join(keys)})")
                ok = False
            elif not isinstance(value, str) or not value.strip():
                t._bad("match", f"match.{key} must be a non-empty string (a glob)")
                ok = False
            elif key == "transport" and not any(_glob(x, value) for x in TRANSPORTS):
                t._bad("match", f"match.transport {value!r} matches none of: {', '.join(TRANSPORTS)}")
                ok = False
            elif key == "kind" and not any(_glob(x, value) for x in AGENT_KINDS):
                t._bad("match", f"match.kind {value!r} matches none of: {', '.join(AGENT_KINDS)}")
                ok = False
            elif key == "path" and path_pattern(value) is None:
                t._bad(
                    "match",
                    f"match.path {value!r} is not an absolute path with its first folder written out (a glob "
                    "such as '/opt/acme/bin/aicheck-guard' or 'C:/Program Files/Acme/*.exe', no '..'): a "
                    "name, a relative path or a leading wildcard matches a file anywhere",
                )
                ok = False
            elif key == "path":
                pairs.append((key, str(path_pattern(value))))
            else:
                pairs.append((key, value.strip()))
        identity = [k for k in ("npm", "pypi", "docker") if k in match]
        if len(identity) > 1:
            t._bad("match", f"a server runs one package: {' and '.join(identity)} together never match")
            ok = False
    if not ok or status is None or match is None:
        return None
    return SurfaceRule(tuple(pairs), status, rationale, line)
