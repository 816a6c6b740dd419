"""Agent extensions: Claude Code plugins and marketplaces, skills (SKILL.md folders) and Claude Code hooks.

Files read (all bounded, never a walk):
- ``{claude}/plugins/installed_plugins.json`` (``plugins``: ``"name@marketplace"`` → install record or a list of them)
  and ``{claude}/plugins/known_marketplaces.json`` (marketplace name → ``source``);
- ``{claude}/settings.json``: ``enabledPlugins`` (on/off per plugin) and ``hooks`` (event → matchers → commands);
- hooks also from ``{claude}/settings.local.json``, from ``.claude/settings.json`` and ``.claude/settings.local.json``
  in each project ``~/.claude.json`` lists (bounded, :mod:`.projects`), and from each installed plugin's
  ``hooks/hooks.json`` (the same ``hooks`` table);
- skills: ``{claude}/skills/*/SKILL.md``, ``{codex}/skills/*/SKILL.md``, ``~/.agents/skills/*/SKILL.md`` (Codex's
  user skills folder) and ``/etc/codex/skills/*/SKILL.md`` (Codex's admin skills, Linux and macOS): ``name`` and
  ``description`` from the YAML front matter (simple ``key: value`` lines only).
"""

from __future__ import annotations

import json
import re
import shlex

from tui.core.agents.formats import (
    entries_left,
    note_overflow,
    note_unchecked,
    read_config,
    read_judged,
    scan_bound,
    spend_entries,
)
from tui.core.agents.identity import LineProgram, line_commands, program_name
from tui.core.agents.locations import (
    GEMINI_INSTALL_RECORD,
    HOOK_LOCATIONS,
    PROJECT_HOOK_LOCATIONS,
    QWEN_INSTALL_RECORD,
    McpLocation,
    agent_token_sets,
    expand_location,
)
from tui.core.agents.managed import last_set, managed_settings
from tui.core.agents.models import AgentExtension
from tui.core.agents.plugin_files import component_sources
from tui.core.agents.program_paths import program_path
from tui.core.agents.projects import (
    claude_project_trees,
    expand_project_template,
    location_files,
    project_location_paths,
    project_paths,
    with_linked,
)
from tui.core.agents.redact import (
    MAX_ARGS,
    REDACTED,
    opaque,
    redact_text,
    redact_url,
    shown_command_line,
    shown_version,
)
from tui.core.locations import expand
from tui.core.machine import Disk, ReadSkipped

CLAUDE, CLAUDE_LABEL = "claude-code", "Claude Code"  # the client whose files hold plugins and hooks
UNIX = ("linux", "macos")
ALL_PLATFORMS = ("linux", "macos", "windows")
# (client, folder of skill folders, platforms): Codex reads $HOME/.agents/skills (user) and /etc/codex/skills
# (admin) beside its older {codex}/skills (developers.openai.com/codex/skills); Gemini CLI ~/.gemini/skills (and
# ~/.agents/skills, read above), under GEMINI_CLI_HOME too; Copilot CLI its own {copilot}/skills
SKILL_ROOTS = (
    ("claude-code", "{claude}/skills", ALL_PLATFORMS),
    ("openai-codex", "{codex}/skills", ALL_PLATFORMS),
    ("openai-codex", "{home}/.agents/skills", ALL_PLATFORMS),
    ("openai-codex", "/etc/codex/skills", UNIX),
    ("gemini-cli", "{home}/.gemini/skills", ALL_PLATFORMS),
    ("gemini-cli", "{env:GEMINI_CLI_HOME}/.gemini/skills", ALL_PLATFORMS),
    # the skills an installed Gemini CLI extension bundles (one level of extensions listed)
    ("gemini-cli", "{home}/.gemini/extensions/*/skills", ALL_PLATFORMS),
    ("gemini-cli", "{env:GEMINI_CLI_HOME}/.gemini/extensions/*/skills", ALL_PLATFORMS),
    ("github-copilot", "{copilot}/skills", ALL_PLATFORMS),
    # Qwen Code (a Gemini CLI fork): skills/ in ~/.qwen, or in the folder QWEN_HOME moves it to, beside
    # ~/.agents/skills (read above); and each installed extension's skills/ (Storage.getUserSkillsDirs and the
    # extension loader, @qwen-code/qwen-code 0.15.10)
    ("qwen-code", "{home}/.qwen/skills", ALL_PLATFORMS),
    ("qwen-code", "{env:QWEN_HOME}/skills", ALL_PLATFORMS),
    ("qwen-code", "{home}/.qwen/extensions/*/skills", ALL_PLATFORMS),
    ("qwen-code", "{env:QWEN_HOME}/extensions/*/skills", ALL_PLATFORMS),
)
# the install record of an extension whose skills a "*" row lists: a linked extension's are in its source folder
SKILL_LINKS = {"gemini-cli": GEMINI_INSTALL_RECORD, "qwen-code": QWEN_INSTALL_RECORD}
# the skills a project brings, in each folder of the client's own project list: Claude Code's projects'
# .claude/skills, Codex's trusted projects' .agents/skills (and the older .codex/skills), Copilot's (CLI-trusted
# and VS Code-opened folders) .github/skills, Gemini CLI's trusted folders' .gemini/skills and .agents/skills
PROJECT_SKILL_ROOTS = (
    ("claude-code", "{claude_project}/.claude/skills"),
    ("openai-codex", "{codex_project}/.agents/skills"),
    ("openai-codex", "{codex_project}/.codex/skills"),
    ("github-copilot", "{copilot_project}/.github/skills"),
    ("github-copilot", "{vscode_project}/.github/skills"),
    ("gemini-cli", "{gemini_project}/.gemini/skills"),
    ("gemini-cli", "{gemini_project}/.agents/skills"),
)
# Claude Code settings files whose "hooks" run automatically, above the user's {claude}/settings.json
HOOK_SETTINGS = (
    "{claude}/settings.local.json",
    "{claude_project}/.claude/settings.json",
    "{claude_project}/.claude/settings.local.json",
)
MAX_PLUGIN_HOOK_FILES = 1000  # as many as plugins are listed (MAX_PLUGINS)
MAX_SKILLS_PER_ROOT = 500
MAX_EXTENSION_SKILL_ROOTS = 100  # extensions whose skills folder is read (as their manifests: MAX_FOLDER_FILES)
MAX_SKILL_BYTES = 256 * 1024
MAX_PLUGINS = 1000
MAX_HOOKS = 500


def _text(value: object, limit: int = 300) -> str:
    return value[:limit] if isinstance(value, str) else ""


HAS_HOOKS = "\0hooks"  # in a front_matter(): the front matter has a top-level hooks key (never a shown key)


def front_matter(text: str) -> dict[str, str]:
    """``key: value`` lines between the leading ``---`` lines (no YAML parser: nested values are ignored)."""
    if not text.lstrip("\ufeff").startswith("---"):
        return {}
    end = text.find("\n---", 3)
    lines = text[: end if 0 < end < 20000 else 20000].splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    out: dict[str, str] = {}
    for line in lines[1:200]:
        if line.strip() == "---":
            break
        if line[:1].isspace() or ":" not in line:
            continue
        key, _, value = line.partition(":")
        if key.strip() == "hooks":  # a nested table (read by YAML where it matters: see :func:`_front_hooks`)
            out[HAS_HOOKS] = "1"
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key.strip() and value and value not in ("|", ">", "|-", ">-"):
            out.setdefault(key.strip(), value[:500])
    return out


def scan_skills(disk: Disk, toks: dict[str, str]) -> list[AgentExtension]:
    out: list[AgentExtension] = []
    for client, template, platforms in SKILL_ROOTS:
        root = expand(template, disk.machine, toks) if disk.machine.platform in platforms else None
        for folder in _skill_roots(disk, client, root) if root else ():
            out += _skills_in(disk, client, folder)
    return out


def _skill_roots(disk: Disk, client: str, root: str) -> list[str]:
    """``root``, or the folders a ``*`` in it stands for (each extension's ``skills``, one level listed): at most
    :data:`MAX_EXTENSION_SKILL_ROOTS`, more is an unchecked config."""
    if "*" not in root:
        return [root]
    found = disk.glob_dirs(root)
    if client in SKILL_LINKS:
        label = SKILL_CLIENTS.get(client, client)
        linked = McpLocation(client, label, root, "json", "skills", linked_by=SKILL_LINKS[client])
        found = with_linked(disk, root, found, linked, "skills")
    if len(found) > MAX_EXTENSION_SKILL_ROOTS:
        reason = f"{len(found)} extensions with skills: the first {MAX_EXTENSION_SKILL_ROOTS} read"
        parent = root.partition("*")[0].rstrip("/")
        note_overflow(disk, parent, reason, client=client, label=SKILL_CLIENTS.get(client, client), holds="skills")
    return found[:MAX_EXTENSION_SKILL_ROOTS]


def scan_project_skills(disk: Disk) -> list[AgentExtension]:
    """The skills of the projects each client lists (:data:`PROJECT_SKILL_ROOTS`), each folder once."""
    out: list[AgentExtension] = []
    for client, template in PROJECT_SKILL_ROOTS:
        for root in project_paths(disk, template):
            out += _skills_in(disk, client, root)
    for root in claude_project_trees(disk, "/.claude/skills"):  # up to the repository's root (Claude Code)
        out += _skills_in(disk, CLAUDE, root)
    return out


def _skills_in(disk: Disk, client: str, root: str) -> list[AgentExtension]:
    """The skill folders of one folder of skills: each one's SKILL.md front matter (at most
    :data:`MAX_SKILLS_PER_ROOT`; more is an unchecked config)."""
    out: list[AgentExtension] = []
    children = disk.children(root)
    names = sorted(children)
    if len(names) > MAX_SKILLS_PER_ROOT:
        reason = f"{len(names)} skill folders: the first {MAX_SKILLS_PER_ROOT} read"
        label = SKILL_CLIENTS.get(client, client)
        note_overflow(disk, root, reason, client=client, label=label, holds="skills")
    for folder in names[:MAX_SKILLS_PER_ROOT]:
        if folder.startswith("."):
            continue
        skill_md = f"{root}/{folder}/SKILL.md"
        meta = _skill_meta(disk, skill_md)
        if isinstance(meta, ReadSkipped):
            if str(meta) == "missing":
                continue
            disk.skip(skill_md, str(meta))
            meta = {}
        out.append(
            AgentExtension(
                "skill",
                client,
                meta.get("name") or folder,
                disk.display(skill_md),
                description=redact_text(meta.get("description", "")),  # free text: a URL's token, a key
                version=_skill_version(meta.get("version")),
            )
        )
        if client == CLAUDE and HAS_HOOKS in meta:
            out += _front_hooks(disk, skill_md, "skill")
    return out


def _skill_version(value: str | None) -> str | None:
    """A skill's ``version`` as shown: itself when it reads as a version, else :data:`REDACTED` (a value the
    user wrote there, a token's shape among them, a red team found printed whole)."""
    return value if value is None or shown_version(value) else REDACTED


def _front_hooks(disk: Disk, path: str, what: str) -> list[AgentExtension]:
    """The hooks a Claude Code skill's or command's front matter registers (``hooks:``, Claude Code 2.1.0 and
    later: they run while it is active), read as a settings file's are; its YAML read only where the key is
    there. One that cannot be read is an unchecked config (never passed over: a red team's PreToolUse hook in a
    SKILL.md passed where the same hook in settings.json needed action)."""
    parts = path.rsplit("/", 2)
    name = parts[-2] if what == "skill" and len(parts) > 2 else parts[-1].removesuffix(".md")  # the skill's folder
    label = f"{CLAUDE_LABEL} {what} {name}"
    data = read_judged(disk, path, "markdown", holds="hooks", client=CLAUDE, label=label[:200])
    if not isinstance(data, dict) or "hooks" not in data:
        return []
    return scan_hooks(disk, path, {"hooks": data["hooks"]})


# Claude Code's slash commands (commands and skills share one mechanism since 2.1.3): the user's and each listed
# project's, a folder of them one level deep for namespacing; only their front matter's hooks matter here
COMMAND_FOLDERS = ("{claude}/commands",)
PROJECT_COMMAND_FOLDERS = ("{claude_project}/.claude/commands",)
MAX_COMMAND_FILES = MAX_SKILLS_PER_ROOT


def _command_hooks(disk: Disk, folder: str, depth: int = 0) -> list[AgentExtension]:
    """The front-matter hooks of the ``*.md`` commands of one folder (and of its folders, one level)."""
    children = disk.children(folder)
    names = sorted(children)
    if len(names) > MAX_COMMAND_FILES:
        reason = f"{len(names)} commands: the first {MAX_COMMAND_FILES} read"
        note_overflow(disk, folder, reason, client=CLAUDE, label=f"{CLAUDE_LABEL} commands", holds="hooks")
    out: list[AgentExtension] = []
    for name in names[:MAX_COMMAND_FILES]:
        path = f"{folder}/{name}"
        if children[name].is_dir:
            if depth == 0:
                out += _command_hooks(disk, path, 1)
            continue
        if not name.endswith(".md"):
            continue
        meta = _skill_meta(disk, path)  # (the same bounded reading as a SKILL.md's)
        if isinstance(meta, ReadSkipped):
            if str(meta) != "missing":
                disk.skip(path, str(meta))
                note_unchecked(
                    disk, path, client=CLAUDE, label=f"{CLAUDE_LABEL} command", holds="hooks", reason=str(meta)
                )
            continue
        if HAS_HOOKS in meta:
            out += _front_hooks(disk, path, "command")
    return out


def scan_command_hooks(disk: Disk, toks: dict[str, str]) -> list[AgentExtension]:
    """The front-matter hooks of the user's Claude Code commands (with ``toks``) and of each listed project's."""
    folders = [expand(t, disk.machine, toks) for t in COMMAND_FOLDERS]
    out: list[AgentExtension] = []
    projects = [f for t in PROJECT_COMMAND_FOLDERS for f in project_paths(disk, t)]
    projects += claude_project_trees(disk, "/.claude/commands")  # up to the repository's root
    for folder in [f for f in folders if f] + projects:
        out += _command_hooks(disk, folder)
    return out


# disk.remembered: SKILL.md path -> its front matter, or why it was not read
SKILL_READS = "SKILL.md front matters"


def _skill_meta(disk: Disk, skill_md: str) -> dict[str, str] | ReadSkipped:
    """The front matter of one SKILL.md, or why it was not read, read once a scan (per scan: one Disk is one
    scan). The skills folders are looked in once for each set of folders the scan reads with (the defaults,
    then those a variable moves, :func:`~.locations.agent_token_sets`), and a folder the variable does not
    move (``~/.claude/skills`` when only ``XDG_CONFIG_HOME`` is moved) is the same folder each time: its
    files are read once, and what is noted about one is noted each time, as before."""
    memo: dict[str, dict[str, str] | ReadSkipped] = disk.remembered(SKILL_READS, dict)
    found = memo.get(skill_md)
    if found is None:
        try:  # one stat and one open: a plain file or a folder without SKILL.md reads as "missing"
            found = front_matter(disk.read_text(skill_md, MAX_SKILL_BYTES))
        except ReadSkipped as exc:
            found = exc
        memo[skill_md] = found
    return found


SKILL_CLIENTS = {
    "claude-code": "Claude Code",
    "openai-codex": "Codex",
    "gemini-cli": "Gemini CLI",
    "github-copilot": "Copilot",
    "qwen-code": "Qwen Code",
}


def _plugin_records(value: object) -> list[dict]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return [value] if isinstance(value, dict) else []


def scan_plugins(disk: Disk, toks: dict[str, str], settings: dict | None) -> list[AgentExtension]:
    base = toks["claude"] + "/plugins"
    out: list[AgentExtension] = []
    enabled = settings.get("enabledPlugins") if isinstance(settings, dict) else None
    enabled = enabled if isinstance(enabled, dict) else {}
    known_path = base + "/known_marketplaces.json"
    known = read_judged(disk, known_path, "json", holds="plugin marketplaces", client=CLAUDE, label=CLAUDE_LABEL) or {}
    if len(known) > MAX_PLUGINS:
        reason = f"{len(known)} marketplaces: the first {MAX_PLUGINS} read"
        note_overflow(disk, known_path, reason, holds="plugin marketplaces", client=CLAUDE, label=CLAUDE_LABEL)
    sources: dict[str, str] = {}  # marketplace name -> where it is fetched from: what a plugin's name stands for
    for name, body in list(known.items())[:MAX_PLUGINS]:
        source = body.get("source") if isinstance(body, dict) else None
        where = None
        if isinstance(source, dict):
            where = _text(source.get("repo")) or (
                redact_url(source["url"]) if isinstance(source.get("url"), str) else _text(source.get("path"))
            )
        out.append(
            AgentExtension(
                "marketplace",
                "claude-code",
                str(name)[:200],
                disk.display(known_path),
                key=str(name)[:200],
                source=where or None,
            )
        )
        if where:
            sources[str(name)[:200]] = where
    installed_path = base + "/installed_plugins.json"
    installed = read_judged(disk, installed_path, "json", holds="plugins", client=CLAUDE, label=CLAUDE_LABEL) or {}
    plugins = installed.get("plugins", {})
    if not isinstance(plugins, dict):
        disk.skip(installed_path, "'plugins' is not an object")
        plugins = {}
    if len(plugins) > MAX_PLUGINS:
        reason = f"{len(plugins)} plugins: the first {MAX_PLUGINS} read"
        note_overflow(disk, installed_path, reason, holds="plugins", client=CLAUDE, label=CLAUDE_LABEL)
    for plugin_id, value in list(plugins.items())[:MAX_PLUGINS]:
        name, _, marketplace = str(plugin_id).partition("@")
        records = _plugin_records(value) or [{}]
        on = enabled.get(plugin_id)
        for record in records:
            out.append(
                AgentExtension(
                    "plugin",
                    "claude-code",
                    name[:200],
                    disk.display(installed_path),
                    key=f"plugins[{json.dumps(str(plugin_id)[:300])}]",
                    marketplace=marketplace[:200] or None,
                    source=sources.get(marketplace[:200]),
                    version=_text(record.get("version"), 60) or None,
                    enabled=on if isinstance(on, bool) else None,
                    install_path=_text(record.get("installPath"), 1000) or None,
                )
            )
    return out


# settings keys whose value is a command Claude Code runs by itself, as a hook runs (the status line on every
# prompt, with the session's details on its input; the credential helpers whenever it needs them)
COMMAND_SETTINGS = ("statusLine", "apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "otelHeadersHelper")
# the helpers whose output is a credential: their lines often hold one (echo sk-…), so only the programs show
CREDENTIAL_HELPERS = frozenset(("apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "otelHeadersHelper"))


def _hook(
    disk: Disk,
    shown: str,
    event: str,
    key: str,
    matcher: str | None,
    command: str | None,
    kind_of: object,
    *,
    client: str = CLAUDE,
    marketplace: str | None = None,
    source: str | None = None,
    plugin: str | None = None,
) -> AgentExtension:
    """One command an agent runs by itself, as a record: its line read program by program (the shell runs
    every command of it, so each program is judged, not the first alone), each by its name and by where the
    line writes it (:mod:`.program_paths`: the name alone is anyone's)."""
    found, unread = line_commands(command) if command else ([], "")
    if key in CREDENTIAL_HELPERS and command:  # a key pasted in place of the command is no program to show
        found = [p if _program_like(p.name) else LineProgram(REDACTED, "") for p in found]
    machine = disk.machine
    home, windows = machine.display(machine.home), machine.platform == "windows"
    programs = [p.name for p in found]
    paths = [program_path(p.written, home, windows) for p in found]
    program = programs[0] if programs else (_text(kind_of, 40) or None)
    return AgentExtension(
        "hook",
        client,
        f"{event}:{program or '?'}",
        shown,
        key=key,
        event=event[:100],
        matcher=matcher,
        program=program,
        program_path=paths[0] if paths else None,
        command=(
            _programs_only(command, programs)
            if key in CREDENTIAL_HELPERS
            else shown_command_line(command, lambda word: program_name(word) in programs)
        )
        if command
        else None,
        marketplace=marketplace,
        source=source,
        plugin=plugin,
        also_runs=tuple(programs[1:]),  # at most MAX_COMMANDS: every one is judged
        also_runs_paths=tuple(paths[1:]),
        runs_unread=bool(unread),
        unread_why=unread,
    )


_PROGRAM = re.compile(r"^[a-z][a-z0-9._+-]{0,39}$")


def _program_like(name: str) -> bool:
    """Whether a credential helper's first word reads as a program's name (``op``, ``aws-vault``,
    ``security``), not as a key pasted in its place (``Tok3n-shrt-91x``)."""
    return bool(_PROGRAM.match(name)) and sum(c.isdigit() for c in name) <= 2 and not opaque(name)


def _programs_only(command: str, programs: list[str]) -> str:
    """A credential helper's line as it may be shown: the programs it runs, every other word hidden."""
    words = shown_command_line(command, lambda word: program_name(word) in programs).split()
    shown = [
        w if (i == 0 and _program_like(program_name(w))) or program_name(w) in programs else REDACTED
        for i, w in enumerate(words)
    ]
    return " ".join(w for i, w in enumerate(shown) if w != REDACTED or i == 0 or shown[i - 1] != REDACTED)


def scan_hooks(
    disk: Disk,
    path: str,
    settings: dict | None,
    marketplace: str | None = None,
    plugin: str | None = None,
    source: str | None = None,
    *,
    client: str = CLAUDE,
    label: str = CLAUDE_LABEL,
) -> list[AgentExtension]:
    """The hooks of one Claude Code settings file, and the commands its other keys run by themselves
    (COMMAND_SETTINGS: kind ``hook`` too, their event the key's name). ``client``: another agent whose hooks
    have Claude Code's shape (:data:`~tui.core.agents.locations.HOOK_LOCATIONS`); its hooks alone are read."""
    if not isinstance(settings, dict):
        return []
    out: list[AgentExtension] = []
    shown = disk.display(path)
    hooks = settings.get("hooks")
    left = entries_left(disk, "hooks")  # of this scan's in all: each project's settings may hold MAX_HOOKS
    for event, groups in hooks.items() if isinstance(hooks, dict) else ():
        for gi, group in enumerate(groups if isinstance(groups, list) else []):
            if not isinstance(group, dict):
                continue
            matcher = _text(group.get("matcher"), 200) or None
            hooks_list = group.get("hooks")
            for hi, hook in enumerate(hooks_list if isinstance(hooks_list, list) else []):
                if len(out) >= MAX_HOOKS or len(out) >= left:
                    reason = (
                        f"more than {MAX_HOOKS} hooks: the rest not listed"
                        if len(out) >= MAX_HOOKS
                        else scan_bound("hooks")
                    )
                    note_overflow(disk, path, reason, holds="hooks", client=client, label=label)
                    spend_entries(disk, "hooks", len(out))
                    return out
                if not isinstance(hook, dict):
                    continue
                command = hook.get("command") if isinstance(hook.get("command"), str) else None
                key = f"hooks.{event}[{gi}].hooks[{hi}]"
                out.append(
                    _hook(
                        disk,
                        shown,
                        str(event),
                        key,
                        matcher,
                        command,
                        hook.get("type"),
                        client=client,
                        marketplace=marketplace,
                        source=source,
                        plugin=plugin,
                    )
                )
    for key in COMMAND_SETTINGS if client == CLAUDE else ():
        value = settings.get(key)
        if isinstance(value, dict):  # statusLine: {"type": "command", "command": "..."}
            value = value.get("command") if value.get("type", "command") == "command" else None
        if isinstance(value, str) and value.strip():
            out.append(
                _hook(disk, shown, key, key, None, value, None, marketplace=marketplace, source=source, plugin=plugin)
            )
    spend_entries(disk, "hooks", len(out))
    return out


CURSOR_HOOKS = "{home}/.cursor/hooks.json"  # Cursor: {"version": 1, "hooks": {event: [{"command", "matcher"}]}}
CODEX_CONFIG = "{codex}/config.toml"  # Codex: notify = ["program", "arg"], run after every turn


def scan_other_hooks(disk: Disk, toks: dict[str, str]) -> list[AgentExtension]:
    """The commands other agents run by themselves: Cursor's user-level hooks, and Codex's ``notify``."""
    out: list[AgentExtension] = []
    cursor = CURSOR_HOOKS.format(**toks)
    data = read_judged(disk, cursor, "json", holds="hooks", client="cursor", label="Cursor")
    hooks = data.get("hooks") if isinstance(data, dict) else None
    for event, entries in hooks.items() if isinstance(hooks, dict) else ():
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if len(out) >= MAX_HOOKS:
                reason = f"more than {MAX_HOOKS} hooks: the rest not listed"
                note_overflow(disk, cursor, reason, holds="hooks", client="cursor", label="Cursor")
                return out
            if isinstance(entry, dict):
                command = entry.get("command") if isinstance(entry.get("command"), str) else None
                matcher = _text(entry.get("matcher"), 200) or None
                out.append(
                    _hook(
                        disk,
                        disk.display(cursor),
                        str(event),
                        f"hooks.{event}[{i}]",
                        matcher,
                        command,
                        entry.get("type"),
                        client="cursor",
                    )
                )
    codex = CODEX_CONFIG.format(**toks)
    # the MCP scan judges this file too (an unusable one is noted there once, as holding MCP servers)
    config = read_config(disk, codex, "toml")
    notify = config.get("notify") if isinstance(config, dict) else None
    if isinstance(notify, list) and notify and all(isinstance(a, str) for a in notify):
        line = shlex.join(notify[:MAX_ARGS])  # a program and its arguments, run without a shell
        out.append(_hook(disk, disk.display(codex), "notify", "notify", None, line, None, client="openai-codex"))
    return out


MANAGED_HOOK_SWITCHES = ("disableAllHooks", "allowManagedHooksOnly")


def scan_managed_hooks(disk: Disk) -> list[AgentExtension]:
    """The hooks (and commands run by themselves) of Claude Code's managed settings and their drop-ins: the
    company's own, and judged all the same (anyone with admin rights on the machine can add one)."""
    return [e for path, data in managed_settings(disk) for e in scan_hooks(disk, path, data)]


def mark_unrun_hooks(disk: Disk, extensions: list[AgentExtension]) -> None:
    """Mark the Claude Code hooks an administrator's managed settings keep from running: ``disableAllHooks``
    turns every hook off, ``allowManagedHooksOnly`` every hook but the managed settings' own (user, project,
    local and plugin hooks). The last managed file that sets a switch decides it, as Claude Code merges them
    (:mod:`.managed`). A command a setting runs by itself (``statusLine``, the credential helpers) is no hook
    event and still runs."""
    managed = {disk.display(path) for path, _data in managed_settings(disk)}
    for switch in MANAGED_HOOK_SWITCHES:
        found = last_set(disk, switch)
        if found is not None and found[0] is True:
            why = f"the administrator's {found[1]} sets {switch}"
            for e in extensions:
                # the managed settings' own hooks still run under allowManagedHooksOnly
                still_runs = e.config in managed and switch != "disableAllHooks"
                if e.kind == "hook" and e.client == CLAUDE and e.event not in COMMAND_SETTINGS and not still_runs:
                    e.not_started = why
            return


def _hook_files(disk: Disk, toks: dict[str, str]) -> list[str]:
    out: list[str] = []
    for template in HOOK_SETTINGS:
        projects = expand_project_template(template, disk)
        out += projects if projects is not None else [template.format(**toks)]
    return out


def scan_plugin_hooks(disk: Disk, plugins: list[AgentExtension]) -> list[AgentExtension]:
    """Hooks an installed plugin brings (``<installPath>/hooks/hooks.json``, and what its manifest declares:
    inline, or files in the plugin's folder; see :mod:`.plugin_files`); the plugin's marketplace is kept so a
    policy can judge them by it."""
    out: list[AgentExtension] = []
    folders = [p for p in plugins if p.kind == "plugin" and p.install_path][:MAX_PLUGIN_HOOK_FILES]
    for plugin in folders:
        for source in component_sources(disk, plugin, "hooks", "hooks/hooks.json", holds="hooks"):
            out += scan_hooks(
                disk,
                source.path,
                source.table,
                marketplace=plugin.marketplace,
                plugin=plugin.name,
                source=plugin.source,
            )
    return out


def scan_settings_hooks(disk: Disk) -> list[AgentExtension]:
    """The hooks of the agents whose settings files hold them in Claude Code's shape (Gemini CLI, Qwen Code,
    Tabnine's CLI: :data:`HOOK_LOCATIONS`), user, system and the trusted projects' own, each file once."""
    out: list[AgentExtension] = []
    seen: set[str] = set()
    places = [
        (path, loc.format, loc.client, loc.label)
        for loc in HOOK_LOCATIONS
        for toks in agent_token_sets(disk.machine)
        if (pattern := expand_location(loc, disk.machine, toks)) is not None
        for path in location_files(disk, pattern, loc, holds="hooks")
    ]
    for loc in PROJECT_HOOK_LOCATIONS:
        places += [(path, loc.format, loc.client, loc.label) for path in project_location_paths(disk, loc)]
    for path, fmt, client, label in places:
        if path not in seen:
            seen.add(path)
            data = read_judged(disk, path, fmt, holds="hooks", client=client, label=label)
            if isinstance(data, dict) and "hooks" not in data and path.endswith("/hooks.json"):
                data = {"hooks": data}  # an extension's hooks.json may hold the events without the wrapper
            out += scan_hooks(disk, path, data, client=client, label=label)
    return out


def scan_extensions(disk: Disk) -> list[AgentExtension]:
    """Plugins, skills and hooks from the default folders and from those CLAUDE_CONFIG_DIR/CODEX_HOME name, then
    the projects' skills and the other agents' hooks (each file once, in that order)."""
    out: list[AgentExtension] = []
    seen: set[tuple[str, str, str, str]] = set()
    found = [e for toks in agent_token_sets(disk.machine) for e in _extensions(disk, toks)]
    # once a scan: the projects' lists are the same for every token set, and the hook files' own rows are
    # expanded with each token set inside
    found += scan_project_skills(disk) + scan_settings_hooks(disk)
    for e in found:
        key = (e.kind, e.config, e.key, e.name)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _extensions(disk: Disk, toks: dict[str, str]) -> list[AgentExtension]:
    settings_path = toks["claude"] + "/settings.json"
    settings = read_judged(
        disk, settings_path, "json", holds="hooks and plugin settings", client=CLAUDE, label=CLAUDE_LABEL
    )
    plugins = scan_plugins(disk, toks, settings)
    hooks = scan_hooks(disk, settings_path, settings)
    for path in _hook_files(disk, toks):
        hooks += scan_hooks(
            disk, path, read_judged(disk, path, "json", holds="hooks", client=CLAUDE, label=CLAUDE_LABEL)
        )
    return (
        plugins
        + scan_skills(disk, toks)
        + hooks
        + scan_plugin_hooks(disk, plugins)
        + scan_other_hooks(disk, toks)
        + scan_managed_hooks(disk)
        + scan_command_hooks(disk, toks)
    )
