"""Claude Code's subagents: Markdown files whose YAML front matter may give an agent its own ``hooks`` (the
shape of settings.json's), its own ``mcpServers`` (a list: the name of a configured server, or an inline
``{name: {type, url, command, args, env, …}}`` definition) and its own ``permissionMode``.

Files read (bounded, never a walk of the home): ``*.md`` in ``{claude}/agents`` (``~/.claude``, and the folder
``CLAUDE_CONFIG_DIR`` names) and in ``.claude/agents`` of each project ``~/.claude.json`` lists
(:mod:`.projects`), and in each folder directly inside one of them (Claude Code reads subfolders too). At most
:data:`MAX_AGENT_FILES` files and folders in one folder, and a folder nested deeper than one level is not
read: either is an unchecked config, as is a file that cannot be read whole (too big, malformed front matter,
not a regular file, a link loop). Plugin subagents are not read: Claude Code refuses them these fields.

``permissionMode`` is judged by the pack (a condition whose ``files`` name these files: the condition engine
reads a ``.md`` file's front matter as a settings document); the hooks are judged here as any other
(:func:`.extensions.scan_hooks`), the inline servers in :mod:`.subagent_servers` (:func:`.mcp.servers_in`)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.agents.extensions import CLAUDE, CLAUDE_LABEL, scan_hooks
from tui.core.agents.formats import note_overflow, note_unchecked, read_judged
from tui.core.agents.locations import MAX_FOLDER_FILES, agent_token_sets
from tui.core.agents.models import AgentExtension
from tui.core.agents.projects import claude_project_trees, project_paths
from tui.core.machine import Disk

USER_AGENTS = "{claude}/agents"  # with each agent token set: ~/.claude, and CLAUDE_CONFIG_DIR's folder
PROJECT_AGENTS = "{claude_project}/.claude/agents"
HOLDS = "hooks and MCP servers"
FOLDER_LABEL = f"{CLAUDE_LABEL} subagents"  # what a folder of them that cannot be read whole is shown as
MAX_AGENT_FILES = MAX_FOLDER_FILES  # files and folders read in one agents folder; more is an unchecked config
# and on the whole scan (a user folder and each listed project's): a front matter of 50,000 nodes takes about a
# second to parse, so thousands of them would hold a scan for hours; past either bound a file is unchecked
MAX_AGENT_FILES_PER_SCAN = 500
MAX_AGENT_BYTES_PER_SCAN = 4 << 20
_PAST_BOUND = (
    f"past the {MAX_AGENT_FILES_PER_SCAN} subagent files or {MAX_AGENT_BYTES_PER_SCAN >> 20} MiB of them a scan reads"
)


@dataclass(frozen=True)
class Subagent:
    path: str  # as the machine names it
    name: str
    front: dict  # the front matter as read (never shown: only what each reader keeps of it)


def subagents(disk: Disk) -> list[Subagent]:
    """Every subagent file's front matter, read once a scan (hooks, MCP servers and conditions share it)."""
    return [a for a in _files(disk).values() if a is not None]


def front_matter(disk: Disk, path: str) -> tuple[bool, object] | None:
    """(readable, front matter) of a subagent file as this scan's one reading found it (False: it could not be
    read whole, or was past the scan's bound), or None for a file that is no subagent file aicheck looks for:
    the condition engine judges what the subagent reader read, never a second reading of its own."""
    found = _files(disk)
    if path not in found:
        return None
    agent = found[path]
    return (True, agent.front) if agent is not None else (False, None)


def _files(disk: Disk) -> dict[str, Subagent | None]:
    return disk.remembered(subagents, lambda: _read_all(disk))


def _read_all(disk: Disk) -> dict[str, Subagent | None]:
    folders: list[str] = []
    for toks in agent_token_sets(disk.machine):
        folder = USER_AGENTS.format(**toks)
        if folder not in folders:
            folders.append(folder)
    folders += [f for f in project_paths(disk, PROJECT_AGENTS) if f not in folders]
    folders += [f for f in claude_project_trees(disk, "/.claude/agents") if f not in folders]
    out: dict[str, Subagent | None] = {}
    files = size = 0
    for folder in folders:
        for path in _agent_files(disk, folder, nested=True):
            out[path] = None  # (until it is read whole)
            if files >= MAX_AGENT_FILES_PER_SCAN or size > MAX_AGENT_BYTES_PER_SCAN:
                # a bound on the whole scan (a big front matter takes a second to parse): past it, unchecked
                note_overflow(disk, path, _PAST_BOUND, client=CLAUDE, label=_label(path), holds=HOLDS)
                continue
            files += 1
            size += disk.size(path) or 0
            data = read_judged(disk, path, "markdown", client=CLAUDE, label=_label(path), holds=HOLDS)
            if data is not None:
                name = data.get("name")
                stem = path.rpartition("/")[2].removesuffix(".md")
                out[path] = Subagent(path, name[:200] if isinstance(name, str) and name.strip() else stem, data)
    return out


def _agent_files(disk: Disk, folder: str, *, nested: bool) -> list[str]:
    """The ``*.md`` files of an agents folder (anything so named but a folder: a FIFO or a link loop is read,
    and refused, so it is unchecked) and, when ``nested``, of each folder in it."""
    children = disk.children(folder)
    names = sorted(children)
    if len(names) > MAX_AGENT_FILES:
        reason = f"{len(names)} subagent files: the first {MAX_AGENT_FILES} read"
        note_overflow(disk, folder, reason, client=CLAUDE, label=FOLDER_LABEL, holds=HOLDS)
    out: list[str] = []
    for name in names[:MAX_AGENT_FILES]:
        path = f"{folder}/{name}"
        if children[name].is_dir:
            if nested:
                out += _agent_files(disk, path, nested=False)
            else:
                reason = "a folder of subagents nested deeper than one level: not read"
                disk.skip(path, reason)
                note_unchecked(disk, path, client=CLAUDE, label=FOLDER_LABEL, holds=HOLDS, reason=reason)
        elif name.endswith(".md"):
            out.append(path)
    return out


def _label(path: str) -> str:
    return f"{CLAUDE_LABEL} subagent {path.rpartition('/')[2].removesuffix('.md')}"[:200]


def scan_subagent_hooks(disk: Disk) -> list[AgentExtension]:
    """The hooks a subagent's front matter gives it (run while it is active), read as settings.json's are; the
    agent's other keys are not settings (a ``statusLine`` there runs nothing)."""
    return [
        e for a in subagents(disk) if "hooks" in a.front for e in scan_hooks(disk, a.path, {"hooks": a.front["hooks"]})
    ]
