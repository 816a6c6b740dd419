"""Judging the agent surface: each MCP server and agent extension against ``[mcp]`` / ``[agents]`` and, for
servers that run a pinned npm or PyPI package, against the pack's OSV advisories.

A prohibited or affected item needs action (``aicheck check`` exits 1); its fix names the file and the key to
remove. aicheck never edits those files."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.advisories import Advisory, matching
from tui.core.agents.client_urls import PLACEHOLDER_HOST
from tui.core.agents.identity import LAUNCHER_KINDS, SUBSTITUTED
from tui.core.agents.models import BUNDLE_KEY, AgentExtension, McpServer, Surface, UncheckedConfig
from tui.core.agents.program_paths import command_path
from tui.core.content import Pack
from tui.core.models import Verdict
from tui.core.surface_policy import SURFACE_STATUSES, SurfacePolicy, SurfaceRule
from tui.core.verdicts import VERDICTS

ECOSYSTEMS = {"npm": "npm", "pypi": "PyPI"}
# the verdicts an MCP server or agent extension can get, in the Verdict order
SURFACE_VERDICTS: tuple[Verdict, ...] = tuple(v for v in Verdict if v in SURFACE_STATUSES)


@dataclass(slots=True)
class SurfaceFinding:
    item: McpServer | AgentExtension
    verdict: str  # approved | unreviewed | prohibited
    policy_status: str
    reason: str
    rule: SurfaceRule | None = None
    advisories: tuple[Advisory, ...] = ()
    fix: str = ""

    @property
    def not_started(self) -> str:
        """Why the client never starts this server or runs this hook (see :attr:`McpServer.not_started`), or ""."""
        return self.item.not_started

    @property
    def action_required(self) -> bool:
        return self.verdict == "prohibited" and not self.not_started

    @property
    def client(self) -> str:
        return self.item.client

    def to_json(self) -> dict:
        rule = None if self.rule is None else {"match": dict(self.rule.match), "line": self.rule.line}
        return self.item.to_json() | {
            "verdict": self.verdict,
            "policy_status": self.policy_status,
            "action_required": self.action_required,
            "reason": self.reason,
            "rule": rule,
            "advisories": [a.to_json() for a in self.advisories],
            "fix": self.fix or None,
        }


@dataclass
class SurfaceReport:
    servers: list[SurfaceFinding] = field(default_factory=list)
    extensions: list[SurfaceFinding] = field(default_factory=list)
    unchecked: list[UncheckedConfig] = field(default_factory=list)  # each needs action: what it holds is unknown

    def findings(self) -> list[SurfaceFinding]:
        return self.servers + self.extensions

    def for_client(self, tool_id: str) -> list[SurfaceFinding]:
        return [f for f in self.findings() if f.client == tool_id]

    def unchecked_for(self, tool_id: str) -> list[UncheckedConfig]:
        return [u for u in self.unchecked if u.client == tool_id]

    def counts(self) -> dict[str, int]:
        items = self.findings()
        out = {v: sum(f.verdict == v for f in items) for v in SURFACE_VERDICTS}
        return out | {
            "action_required": sum(f.action_required for f in items) + len(self.unchecked),
            "mcp_servers": len(self.servers),
            "agent_extensions": len(self.extensions),
            "unchecked_configs": len(self.unchecked),
        }


def _reason(policy: SurfacePolicy, status: str, rule: SurfaceRule | None, section: str) -> str:
    if rule is not None:
        return f"{status} by the [{section}] rule {rule.describe()}" + (f": {rule.rationale}" if rule.rationale else "")
    if not policy.configured:
        return f"the policy has no [{section}] section: {status}"
    return f"no [{section}] rule matches: default_status {status}"


def server_fix(s: McpServer, advisories: tuple[Advisory, ...], instead: str = "") -> str:
    """Removing the server always ends the action; ``instead``: the smaller change that does too, when what
    needs action is one part of its line (a chained program, another index, a URL beside its command)."""
    where = f"remove the server '{s.name}' from {s.config} (key {s.key})"
    if s.key == BUNDLE_KEY and s.client == "claude-desktop":  # it comes with an extension: that goes
        folder = s.config.rsplit("/", 1)[0].rsplit("\\", 1)[0]
        where = f"remove the extension '{s.name}' in Claude Desktop (Settings, Extensions); it is installed in {folder}"
    if (advisories and s.npm) or (advisories and s.pypi):
        return f"pin a version without {', '.join(a.id for a in advisories)}, or {where}"
    return f"{instead}, or {where}" if instead else where


def extension_fix(e: AgentExtension) -> str:
    if e.kind == "skill":
        return f"remove the skill folder {e.config.rsplit('/', 1)[0].rsplit(chr(92), 1)[0]}"
    if e.kind == "plugin":
        return (
            f"uninstall the plugin in Claude Code (/plugin uninstall {e.name}"
            f"{'@' + e.marketplace if e.marketplace else ''}); it is listed in {e.config}"
        )
    if e.kind == "hook" and e.plugin:  # the plugin would bring it back: it is the plugin that goes
        return (
            f"the hook comes with the plugin {e.plugin}: uninstall it in Claude Code (/plugin uninstall {e.plugin}"
            f"{'@' + e.marketplace if e.marketplace else ''}); the hook is in {e.config} (key {e.key})"
        )
    if e.kind == "marketplace":
        return f"remove the marketplace in Claude Code (/plugin marketplace remove {e.name}); listed in {e.config}"
    return f"remove the hook from {e.config} (key {e.key})"


_INDEX_FIX = "fetch its packages from a registry [mcp] registries lists (its line, ~/.npmrc, uv.toml or pip.conf)"
_URL_FIX = "remove its url (and type), keeping the command"
_VARIABLE_FIX = "write its host itself, not as a ${VAR:-...} default"
_WHOLE_FIXES = (_INDEX_FIX, _URL_FIX, _VARIABLE_FIX)  # each said as it is, not as a part of the line


def _smaller_fix(parts: list[str] | None, settings: tuple[str, ...] = ()) -> str:
    """ "take a and b out of its command line; remove its url ..." for the parts of a line that need action
    (``settings``: those that are a setting's line in a file to remove, said as they are)."""
    if not parts:
        return ""
    whole = (*_WHOLE_FIXES, *settings)
    fixes = [p for p in dict.fromkeys(parts) if p in whole]
    names = [p for p in dict.fromkeys(parts) if p not in whole]
    if names:
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        fixes.insert(0, f"take {listed} out of its command line")
    return "; ".join(fixes)


def _unread_verb(what: str) -> str:
    return "runs" if what.startswith("what ") else "installs"


_OWN_VERB = ("runs ", "connects ", "sends ", "hands ")  # an unread item that says its own verb (its image elsewhere,
# another host, a proxy, the whole environment)


def _unread_phrase(what: str) -> str:
    return what if what.startswith(_OWN_VERB) else f"{_unread_verb(what)} {what}"


def judge_server(pack: Pack, s: McpServer) -> SurfaceFinding:
    policy = pack.policy.mcp
    facts = s.facts()
    status, rule, passed = policy.decide_server(facts)
    reason = _reason(policy, status, rule, "mcp") + _command_name_note(passed, s.command)
    if s.host_unread and rule is not None and any(key == "url_host" for key, _ in rule.match):
        reason = f"{s.host_unread}: {reason}"  # decided by a rule for every host: say why the host is unknown
    # the parts of the line that alone make it prohibited: taking them out is a smaller fix than removing the
    # server (None once something no part of the line can fix decides: its own package, an unread item)
    parts: list[str] | None = [] if status != "prohibited" else None
    # an unread item that is a setting in a file the user edits: removing its line is the smaller fix
    setting_fixes = dict(s.setting_fixes) if s.setting_fixes else {}
    # every package the launcher line installs is judged as the first is: the most serious verdict wins
    for kind, name, _version in s.extra_packages:
        if kind == "index" and policy.registry_allowed(name):
            continue  # a registry the policy lists ([mcp] registries) serves what the rules mean
        if kind in ("unread", "index", *LAUNCHER_KINDS):  # what no rule can name: the default, never approved
            also, also_rule = policy.decide(facts | {"npm": None, "pypi": None, "docker": None, "command": None})
            if also == "approved" or also_rule is None:
                also, also_rule = policy.unnamed_status, None
            if kind == "index":
                what = f"it installs its packages from {name}, which [mcp] registries does not list"
            else:
                what = f"it also {_unread_phrase(name)}, which no [mcp] rule can approve"
            if also == "unreviewed" and status == "approved":
                status, rule, reason = also, None, f"{what}: review it"
            elif also == "prohibited" and status != "prohibited":
                status, rule = also, also_rule
                reason = f"{what}: " + _reason(policy, also, also_rule, "mcp")
            if also == "prohibited" and parts is not None:
                setting = setting_fixes.get(name) if kind == "unread" else None
                parts = [*parts, _INDEX_FIX] if kind == "index" else [*parts, setting] if setting else None
            continue
        # judged as the server would be if it ran that package or command alone (transport and host kept)
        alone: dict[str, str | None] = {"npm": None, "pypi": None, "docker": None, kind: name}
        if kind == "command":
            alone["command_path"] = command_path(name, s.windows)
        also, also_rule, passed = policy.decide_server(facts | alone)
        if VERDICTS.index(also) < VERDICTS.index(status):
            status, rule = also, also_rule
            # a command: a docker line's own entrypoint, or another program its wrapper's line runs
            what = f"runs {name}" if kind == "command" else f"also installs {kind} {name}"
            reason = f"it {what}: " + _reason(policy, also, also_rule, "mcp")
            reason += _command_name_note(passed, name if kind == "command" else s.command)
        if also == "prohibited" and parts is not None:
            parts.append(name)

    def judged_also(override: dict[str, str | None], why: str, fix: str) -> None:
        """The server judged again as ``override`` makes it (another place it may connect to): the more
        serious verdict wins, its reason prefixed with ``why``, and ``fix`` is the part to take out."""
        nonlocal status, rule, reason
        also, also_rule, passed = policy.decide_server(facts | override)
        if VERDICTS.index(also) < VERDICTS.index(status):
            status, rule = also, also_rule
            reason = why + _reason(policy, also, also_rule, "mcp") + _command_name_note(passed, s.command)
        if also == "prohibited" and parts is not None:
            parts.append(fix)

    unread = f"{s.host_unread}; " if s.host_unread else ""
    remote_alone: dict[str, str | None] = {"npm": None, "pypi": None, "docker": None, "command": None}
    if s.url and s.command:
        # an entry with both a command and a URL: which one a client uses depends on the client (a "type"
        # that says http, or a client that prefers the URL), so the remote server is judged too, on its own
        judged_also(remote_alone, f"{unread}its entry also names the remote server {s.url_host or s.url}: ", _URL_FIX)
    if not s.url and s.command and (s.npm or s.pypi or s.docker) and (s.url_host or s.host_unread):
        # a package given a web address (--gh-host https://..., -e GITHUB_HOST=https://...) connects there:
        # the address is judged on its own too, so an approved package cannot be pointed anywhere
        where = s.url_host or "an address that cannot be known"
        judged_also(remote_alone, f"{unread}it is given the address {where}: ", "the address it is given")
    if s.host_variables:
        # ${GW:-https://gateway...}: the client connects to whatever GW holds when its environment sets it,
        # which no scan sees, so the server is judged as one whose host cannot be known too
        names = " or ".join(s.host_variables)
        why = f"its host is whatever {names} holds when set ({s.url_host} otherwise): "
        judged_also({"url_host": PLACEHOLDER_HOST}, why, _VARIABLE_FIX)
    own = "npm" if s.npm else "pypi" if s.pypi else None
    pinned = [(own, getattr(s, own), s.version)] if own and s.version else []
    if s.extra_packages:
        pinned += [(k, n, v) for k, n, v in s.extra_packages if v and k in ECOSYSTEMS]
    advisories: tuple[Advisory, ...] = ()
    for eco, package, version in reversed(pinned):  # the server's own package named first in the reason
        found = tuple(matching(pack.advisories, {(ECOSYSTEMS[eco], package)}, f"mcp:{package}", version))
        if found:
            advisories = found + advisories
            reason = f"{eco} {package}@{version} is affected by {', '.join(a.id for a in found)}; " + reason
    verdict = "prohibited" if advisories else status
    if s.disabled:
        reason += " (disabled in the config, still configured)"
    if s.not_started:
        reason += f" (never started: {s.not_started}; nothing to do)"
    return SurfaceFinding(
        s,
        verdict,
        status,
        reason,
        rule,
        advisories,
        server_fix(s, advisories, _smaller_fix(parts, tuple(setting_fixes.values())))
        if verdict == "prohibited" and not s.not_started
        else "",
    )


def _command_name_note(passed: SurfaceRule | None, command: str | None) -> str:
    """What a finding says of a rule that would have approved a server by a command it does not trust."""
    if passed is None:
        return ""
    return (
        f" ({_named(passed)} approves no server by {command or 'its command'}: only a command the config writes"
        " at the absolute path the rule names is approved, since any file of that name would pass)"
    )


def _by_name_note(passed: SurfaceRule | None, program: str | None) -> str:
    """What a finding says of a rule that would have approved a hook by its program's name alone."""
    if passed is None:
        return ""
    return (
        f" ({_named(passed)} names {program or 'the program'} only, which approves no hook: any file of that"
        " name would pass; approve it by path)"
    )


def _named(rule: SurfaceRule) -> str:
    """A rule passed over, as a finding names it: its match and its line in policy.toml."""
    return f"the rule {rule.describe()}" + (f" (line {rule.line})" if rule.line else "")


def judge_extension(pack: Pack, e: AgentExtension) -> SurfaceFinding:
    policy = pack.policy.agents
    facts = e.facts()
    if e.kind != "hook":
        status, rule = policy.decide(facts)
        reason = _reason(policy, status, rule, "agents")
    else:  # never approved by a program's name alone (see surface_policy)
        status, rule, passed = policy.decide_hook(facts)
        reason = _reason(policy, status, rule, "agents") + _by_name_note(passed, e.program)
    # a hook's line runs each of its programs: each is judged as if the hook ran it alone (by its own name and
    # path), the most serious wins
    paths = e.also_runs_paths if len(e.also_runs_paths) == len(e.also_runs) else (None,) * len(e.also_runs)
    for program, path in zip(e.also_runs, paths, strict=True):
        also, also_rule, passed = policy.decide_hook(
            facts | {"program": program, "path": path, "name": f"{e.event}:{program}"}
        )
        if VERDICTS.index(also) < VERDICTS.index(status):
            status, rule = also, also_rule
            reason = f"it also runs {program}: " + _reason(policy, also, also_rule, "agents")
            reason += _by_name_note(passed, program)
    if e.runs_unread:  # what no rule can name: the default, and never approved
        also = policy.unnamed_status
        if VERDICTS.index(also) < VERDICTS.index(status):
            status, rule = also, None
            reason = f"it also runs {e.unread_why or SUBSTITUTED}, which no [agents] rule can approve: " + (
                "review it" if also == "unreviewed" else f"default_status {also}"
            )
    if e.not_started:
        reason += f" (never run: {e.not_started}; nothing to do)"
    fix = extension_fix(e) if status == "prohibited" and not e.not_started else ""
    return SurfaceFinding(e, status, status, reason, rule, (), fix)


def judge_surface(pack: Pack, surface: Surface) -> SurfaceReport:
    return SurfaceReport(
        [judge_server(pack, s) for s in surface.servers],
        [judge_extension(pack, e) for e in surface.extensions],
        list(surface.unchecked),
    )
