"""Project folders that a tool's own user-level config names: where its project-level settings live.

A policy condition may list ``{claude_project}/.claude/settings.json`` or ``{codex_project}/.codex/config.toml``:
such a template stands for that file in each project folder the tool itself lists (never a walk of the home).
One table, data rather than code:

- ``{claude_project}``: the keys of ``projects`` in ``~/.claude.json`` (and in the one ``CLAUDE_CONFIG_DIR``
  names, and in the files Claude Code reads in its place: ``~/.claude/.config.json``, ``.claude-custom-oauth.json``), the folders Claude Code has been used in; Claude Code reads ``.claude/settings.json`` and
  ``.claude/settings.local.json`` there, above the user's own ``~/.claude/settings.json``.
- ``{codex_project}``: the ``[projects."<path>"]`` tables of ``~/.codex/config.toml`` (and ``CODEX_HOME``'s)
  whose ``trust_level`` is ``"trusted"``: Codex loads a project's ``.codex/config.toml`` only in a trusted
  project.
- ``{copilot_project}``: the ``trustedFolders`` of ``~/.copilot/config.json`` and ``settings.json`` (and
  ``COPILOT_HOME``'s): Copilot CLI loads a project's ``.mcp.json`` and ``.github/mcp.json`` only there.
- ``{gemini_project}``, ``{qwen_project}``: the folders ``~/.gemini/trustedFolders.json`` (``~/.qwen``'s) trusts,
  ``TRUST_FOLDER`` or ``TRUST_PARENT`` (then its parent too, and the folders in that parent, one level down;
  deeper ones are not looked for); with folder trust on, Gemini CLI reads a project's ``.gemini/settings.json``
  only there.
- ``{vscode_project}``, ``{cursor_project}``, ``{kiro_project}``: the folders the editor has opened, each named
  by a ``workspace.json`` (``{"folder": "file:///…"}``) in its own folder of the editor's
  ``User/workspaceStorage``; the editor reads ``.vscode/mcp.json``, ``.cursor/mcp.json`` or
  ``.kiro/settings/mcp.json`` there. A multi-root workspace's ``.code-workspace`` file gives its folders;
  folders on other machines (``vscode-remote://``) are not followed.
- ``{zed_project}``: the folders of the workspaces in Zed's own database (``db/0-<channel>/db.sqlite``, read in
  memory: :mod:`.zed_projects`); Zed reads ``context_servers`` in a project's ``.zed/settings.json``.

At most :data:`~tui.core.agents.locations.MAX_PROJECTS` folders per list, the bound MCP project files use; a
longer list is an unchecked config (it needs action), except an editor's workspaces, which are noted in the
audit (the editor's list was never complete).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from tui.core.agents.formats import (
    CLAUDE_JSON_BULK,
    MAX_CLAUDE_JSON_BYTES,
    MAX_CONFIG_BYTES,
    found_unusable,
    note_overflow,
    note_unchecked,
    read_config,
)
from tui.core.agents.locations import MAX_FOLDER_FILES, MAX_PROJECTS, PROJECT_LIST_HOLDS, McpLocation, agent_token_sets
from tui.core.agents.zed_projects import DATABASES as ZED_DATABASES
from tui.core.agents.zed_projects import zed_workspace_folders
from tui.core.locations import expand
from tui.core.machine import Disk, folders_above, to_machine_path
from tui.core.pruned_json import JsonPath


@dataclass(frozen=True)
class ProjectList:
    token: str  # the {token} a condition's file template starts with
    template: str  # the user-level config that names the projects ({claude_json}, {codex}: agent tokens)
    format: str  # json | toml
    key: str  # the table whose keys are project folders
    client: str  # the tool whose list it is (catalog id), and its name
    label: str
    limit: int = MAX_CONFIG_BYTES
    trusted_only: bool = False  # only entries with trust_level = "trusted"
    also: tuple[str, ...] = ()  # more configs that may hold the list, read the same way
    alt_keys: tuple[str, ...] = ()  # the key as other versions spell it (a table, or a list of folders)
    bulk: tuple[JsonPath, ...] = ()  # what a config too big to hold is read without (formats.read_config)
    workspaces: bool = False  # template is an editor's workspaceStorage folder: each workspace.json names one
    # the values an entry must have to count (a trust level as a string), when not every entry does; and the
    # one of them that trusts the folder's parent as well (listed then too)
    trust_values: tuple[str, ...] = ()
    parent_value: str = ""


# the files Claude Code reads in place of .claude.json, in its shape (the rows of the MCP table beside
# {claude_json}'s): their projects are listed as its are
CLAUDE_JSON_ALSO = (
    "{claude}/.config.json",
    "{home}/.claude-custom-oauth.json",
    "{env:CLAUDE_CONFIG_DIR}/.claude-custom-oauth.json",
)
# Qwen Code's trust file where QWEN_HOME moves ~/.qwen, and the one QWEN_CODE_TRUSTED_FOLDERS_PATH names
# (getTrustedFoldersPath, qwen-code 0.24.4)
QWEN_TRUST_ALSO = ("{env:QWEN_HOME}/trustedFolders.json", "{env:QWEN_CODE_TRUSTED_FOLDERS_PATH}")

PROJECT_LISTS: tuple[ProjectList, ...] = (
    ProjectList(
        "claude_project",
        "{claude_json}",
        "json",
        "projects",
        "claude-code",
        "Claude Code",
        MAX_CLAUDE_JSON_BYTES,
        bulk=CLAUDE_JSON_BULK,
        also=CLAUDE_JSON_ALSO,
    ),
    ProjectList("codex_project", "{codex}/config.toml", "toml", "projects", "openai-codex", "Codex", trusted_only=True),
    # Copilot CLI loads a project's MCP servers only in a folder the user trusted (config.json, since 2026 also
    # settings.json; trustedFolders, in older versions trusted_folders)
    ProjectList(
        "copilot_project",
        "{copilot}/config.json",
        "json",
        "trustedFolders",
        "github-copilot",
        "Copilot CLI",
        also=("{copilot}/settings.json",),
        alt_keys=("trusted_folders",),
    ),
    # the folders an editor has opened (each named by a workspace.json in its workspaceStorage)
    ProjectList(
        "vscode_project",
        "{ud}/Code/User/workspaceStorage",
        "json",
        "folder",
        "github-copilot",
        "VS Code",
        also=("{ud}/Code - Insiders/User/workspaceStorage", "{ud}/VSCodium/User/workspaceStorage"),
        workspaces=True,
    ),
    ProjectList(
        "cursor_project", "{ud}/Cursor/User/workspaceStorage", "json", "folder", "cursor", "Cursor", workspaces=True
    ),
    ProjectList("kiro_project", "{ud}/Kiro/User/workspaceStorage", "json", "folder", "kiro", "Kiro", workspaces=True),
    # the workspaces in Zed's database (each release channel's; the format names the reader: .zed_projects)
    ProjectList("zed_project", ZED_DATABASES[0], "zed-db", "", "zed", "Zed", also=ZED_DATABASES[1:]),
    # the folders the user trusted in Gemini CLI's trust dialog: the whole file maps a folder to its trust level
    # (folder trust on, its default since 2026, Gemini CLI reads a project's .gemini/settings.json only there).
    # GEMINI_CLI_HOME moves the file with the rest of ~/.gemini; GEMINI_CLI_TRUSTED_FOLDERS_PATH names it
    ProjectList(
        "gemini_project",
        "{home}/.gemini/trustedFolders.json",
        "jsonc",
        "",
        "gemini-cli",
        "Gemini CLI",
        also=("{env:GEMINI_CLI_HOME}/.gemini/trustedFolders.json", "{env:GEMINI_CLI_TRUSTED_FOLDERS_PATH}"),
        trust_values=("TRUST_FOLDER", "TRUST_PARENT"),
        parent_value="TRUST_PARENT",
    ),
    ProjectList(
        "qwen_project",
        "{home}/.qwen/trustedFolders.json",
        "jsonc",
        "",
        "qwen-code",
        "Qwen Code",
        also=QWEN_TRUST_ALSO,
        trust_values=("TRUST_FOLDER", "TRUST_PARENT"),
        parent_value="TRUST_PARENT",
    ),
)
PROJECT_TOKENS: tuple[str, ...] = tuple(p.token for p in PROJECT_LISTS)
MAX_WORKSPACE_FILE_BYTES = 64 * 1024  # a workspace.json holds one URI
MAX_WORKSPACE_ROOTS = 50  # folders read from one multi-root workspace file
MAX_PROJECT_NAMES = 2000  # names a project folder's listing holds (project_location_paths); a bigger one: probes


def project_folders(disk: Disk, plist: ProjectList) -> list[str]:
    """The first :data:`MAX_PROJECTS` project folders the list names, as machine paths (read once per scan:
    hooks and every condition share them)."""
    cache: dict[str, list[str]] = disk.remembered(project_folders, dict)
    if plist.token in cache:
        return cache[plist.token]
    folders: dict[str, None] = {}  # in the order named; a dict, so a list of 100,000 is not searched 100,000 times
    for path in _list_paths(disk, plist):  # the default config, and the one an environment variable names
        if plist.workspaces:
            entries = _workspace_entries(disk, path, plist)
        elif plist.format == "zed-db":
            entries = [(f, None) for f in zed_workspace_folders(disk, path)] if disk.exists(path) else []
        else:
            data = read_config(disk, path, plist.format, plist.limit, bulk=plist.bulk) if disk.exists(path) else None
            entries = _entries(data, (plist.key, *plist.alt_keys))
        named = 0
        for folder, body in entries:
            if plist.trusted_only and not (isinstance(body, dict) and body.get("trust_level") == "trusted"):
                continue
            if plist.trust_values and body not in plist.trust_values:
                continue  # Gemini CLI's DO_NOT_TRUST: the project's settings are not read there
            shown = str(folder).strip()
            if shown.startswith(("/", "\\")) or (len(shown) > 2 and shown[1] == ":"):  # absolute folders only
                named += 1
                if len(folders) >= MAX_PROJECTS:
                    continue  # counted (said below), never looked at
                machine_path = to_machine_path(shown).rstrip("/")
                parent = machine_path.rpartition("/")[0] if body == plist.parent_value and body else ""
                # a trusted parent trusts the folders in it: the project's siblings, where the user works
                # next (one level: deeper ones are not looked for)
                siblings = _subfolders(disk, parent) if parent else []
                for trusted in (machine_path, parent, *siblings) if parent else (machine_path,):
                    folders.setdefault(trusted)
        if named > MAX_PROJECTS:  # (Zed's database is read to one past the bound: more are not counted)
            counted = f"more than {MAX_PROJECTS}" if plist.format == "zed-db" else named
            reason = f"{counted} projects named: project settings read in the first {MAX_PROJECTS} only"
            note_overflow(disk, path, reason, client=plist.client, label=plist.label, holds=PROJECT_LIST_HOLDS)
    cache[plist.token] = first = list(folders)[:MAX_PROJECTS]
    return first


def _subfolders(disk: Disk, folder: str) -> list[str]:
    """The folders in ``folder`` (not hidden), by name; none when it holds more than
    :data:`MAX_PROJECT_NAMES` names (a home's parent, /home: not a project's)."""
    children = disk.small_children(folder, MAX_PROJECT_NAMES)
    if children is None:
        return []
    return [
        f"{folder}/{name}" for name in sorted(children.names()) if not name.startswith(".") and children[name].is_dir
    ]


def _entries(data: object, keys: tuple[str, ...]) -> list[tuple[object, object]]:
    """(folder, its table or None) of each key's table (folders as keys) or list (folders as items)."""
    out: list[tuple[object, object]] = []
    for key in keys:
        table = (data if key == "" else data.get(key)) if isinstance(data, dict) else None  # "": the whole file
        if isinstance(table, dict):
            out += table.items()
        elif isinstance(table, list):
            out += [(item, None) for item in table if isinstance(item, str)]
    return out


def _workspace_entries(disk: Disk, storage: str, plist: ProjectList) -> list[tuple[object, object]]:
    """(folder, None) for each workspace an editor's ``workspaceStorage`` folder holds, as its
    ``workspace.json`` names it: a local ``file://`` folder, or a multi-root workspace file whose folders are
    read (:func:`_workspace_folders`); remote folders are left. The first :data:`MAX_PROJECTS` by name are read."""
    out: list[tuple[object, object]] = []
    children = disk.children(storage)
    workspaces = [name for name in sorted(children) if children[name].is_dir]
    if len(workspaces) > MAX_PROJECTS:
        # noted, not unchecked: the editor's list was never complete (a folder opened tomorrow is in none, and
        # deleting an entry hides nothing from the editor), so a long one hides no more than a short one
        disk.skip(storage, f"{len(workspaces)} workspaces: project files read in the first {MAX_PROJECTS}")
    for name in workspaces[:MAX_PROJECTS]:
        data = read_config(disk, f"{storage}/{name}/workspace.json", "json", MAX_WORKSPACE_FILE_BYTES)
        folder = _file_uri(data.get(plist.key) if data is not None else None)
        if folder is not None:
            out.append((folder, None))
        workspace_file = _file_uri(data.get("workspace") if data is not None else None)
        if workspace_file is not None:  # a multi-root workspace: each folder its .code-workspace file lists
            out += [(f, None) for f in _workspace_folders(disk, workspace_file)]
    return out


def _file_uri(uri: object) -> str | None:
    """The local path a ``file:///`` URI names (percent-decoded), or None for anything else."""
    if not isinstance(uri, str) or not uri.startswith("file:///"):
        return None
    path = unquote(uri[len("file://") :])
    # file:///c%3A/Users/u/src on Windows: the drive's letter follows the first slash
    return path[1:] if len(path) > 2 and path[2] == ":" else path


def _workspace_folders(disk: Disk, workspace_file: str) -> list[str]:
    """The folders a multi-root workspace file (``.code-workspace``, JSON with comments) lists: ``path``
    relative to the file's own folder or absolute, or a ``file://`` ``uri``; at most :data:`MAX_WORKSPACE_ROOTS`."""
    shown = to_machine_path(workspace_file)
    data = read_config(disk, shown, "jsonc", MAX_CONFIG_BYTES)
    roots = data.get("folders") if data is not None else None
    out: list[str] = []
    for root in roots[:MAX_WORKSPACE_ROOTS] if isinstance(roots, list) else ():
        path = root.get("path") if isinstance(root, dict) else None
        if isinstance(path, str) and path.strip():
            path = path.strip().replace("\\", "/")
            absolute = path.startswith("/") or (len(path) > 2 and path[1] == ":")
            out.append(path if absolute else posixpath.normpath(f"{shown.rpartition('/')[0]}/{path}"))
        elif isinstance(root, dict) and (uri := _file_uri(root.get("uri"))) is not None:
            out.append(uri)
    return out


def _list_paths(disk: Disk, plist: ProjectList) -> list[str]:
    paths: list[str] = []
    for toks in agent_token_sets(disk.machine):
        for template in (plist.template, *plist.also):
            path = expand(template, disk.machine, toks)
            if path and path not in paths:
                paths.append(path)
    return paths


def unreadable_project_list(template: str, disk: Disk) -> str | None:
    """The config (as the machine names it) that should list the projects of a ``{<project token>}/rest``
    template but exists and cannot be used: then no project can be confirmed. None otherwise."""
    for plist in PROJECT_LISTS:
        if template.startswith("{" + plist.token + "}"):
            project_folders(disk, plist)
            unusable = [p for p in _list_paths(disk, plist) if found_unusable(disk, p)]
            return disk.display(unusable[0]) if unusable else None
    return None


def location_files(disk: Disk, pattern: str, loc: McpLocation, holds: str = "MCP servers") -> list[str]:
    """The files a location stands for (``pattern``: its template expanded): a ``*`` in the file's name lists
    its folder; one in a folder's name (``~/.gemini/extensions/*/gemini-extension.json``) lists that folder's
    parent, one level. At most :data:`MAX_FOLDER_FILES`; more is an unchecked config (padding a folder hides
    nothing)."""
    folder, _, name = pattern.rpartition("/")
    if "*" in folder:
        parent = folder.partition("*")[0].rpartition("/")[0]
        folders = disk.glob_dirs(folder)
        if loc.linked_by:
            folders = with_linked(disk, folder, folders, loc, holds)
        if len(folders) > MAX_FOLDER_FILES:
            reason = f"{len(folders)} folders: the first {MAX_FOLDER_FILES} read"
            note_overflow(disk, parent, reason, client=loc.client, label=loc.label, holds=holds)
        return [f"{f}/{name}" for f in folders[:MAX_FOLDER_FILES]]
    if "*" not in name:
        return [pattern]
    prefix, _, suffix = name.partition("*")
    names = sorted(n for n in disk.children(folder) if n.startswith(prefix) and n.endswith(suffix))
    if len(names) > MAX_FOLDER_FILES:
        reason = f"{len(names)} files: the first {MAX_FOLDER_FILES} read"
        note_overflow(disk, folder, reason, client=loc.client, label=loc.label, holds=holds)
    return [f"{folder}/{n}" for n in names[:MAX_FOLDER_FILES]]


MAX_INSTALL_RECORD_BYTES = 64 * 1024  # an extension's install record: a source, a type, a ref


def with_linked(disk: Disk, folder: str, found: list[str], loc: McpLocation, holds: str) -> list[str]:
    """``found`` (the folders ``<extensions>/*<rest>`` stands for) as the client reads them: a linked extension's
    ``<rest>`` in the folder its install record names, instead of its own (which holds the record alone).
    Read there on any scan; a confined one refuses a source outside what it may read, and says so (unchecked)."""
    star, _, rest = folder.partition("*")
    if not star.endswith("/") or (rest and not rest.startswith("/")):  # "*" is not a whole name: nothing to link
        return found
    links = extension_links(disk, star.rstrip("/"), loc, holds)
    if not links:
        return found
    out = [f for f in found if f[: len(f) - len(rest)] not in links]
    return out + sorted(source + rest for source in links.values() if source)


def extension_links(disk: Disk, extensions: str, loc: McpLocation, holds: str) -> dict[str, str | None]:
    """Each extension folder in ``extensions`` whose install record (``loc.linked_by``) says it is a link, with
    the folder its ``source`` names (None when that cannot be placed: a relative path or no path, an unchecked
    config). A record that is missing or unreadable leaves the folder as it is, as the client does. Read once a
    scan, the first :data:`MAX_FOLDER_FILES` extensions (as their manifests)."""
    cache: dict[tuple[str, str], dict[str, str | None]] = disk.remembered(extension_links, dict)
    key = (extensions, loc.linked_by)
    if key in cache:
        return cache[key]
    links: dict[str, str | None] = {}
    for ext in disk.glob_dirs(extensions + "/*")[:MAX_FOLDER_FILES]:
        record = f"{ext}/{loc.linked_by}"
        data = read_config(disk, record, "json", MAX_INSTALL_RECORD_BYTES)
        if not isinstance(data, dict) or data.get("type") != "link":
            continue
        source = data.get("source")
        source = source.strip() if isinstance(source, str) else ""
        if source.startswith(("/", "\\")) or (len(source) > 2 and source[1] == ":"):
            links[ext] = to_machine_path(source)
        else:
            links[ext] = None
            reason = "a linked extension whose source folder cannot be located (a relative path, or none)"
            note_unchecked(disk, record, client=loc.client, label=loc.label, holds=holds, reason=reason)
    cache[key] = links
    return links


def project_location_paths(disk: Disk, loc: McpLocation) -> list[str]:
    """The files a location whose template starts with a project token stands for: the rest of the template in
    each folder of that list (a ``*`` in it is left for the reader to list, one folder each). A folder that is
    there and holds no first name of the rest (``.roo`` of ``/.roo/mcp.json``) is left out at once: a dozen
    clients' files are looked for in each of hundreds of folders, and one listing of the folder (its names
    only, one level) answers for all of them. A folder that is not there is kept, for the reader to say why (a
    link that leads nowhere is not the same as nothing)."""
    return project_paths(disk, loc.template)


def project_paths(disk: Disk, template: str) -> list[str]:
    """:func:`project_location_paths` of a template."""
    paths = expand_project_template(template, disk) or []
    rest = template[template.index("}") + 1 :]
    first = rest.strip("/").split("/", 1)[0]
    if not first or "*" in first:
        return paths
    # macOS's and Windows' file systems ignore case: a tool opens ".Roo/mcp.json" as ".roo/mcp.json", so a name
    # is compared the same way there (renaming the folder's case hides nothing)
    fold = disk.machine.platform in ("macos", "windows")
    want = first.casefold() if fold else first
    names: dict[str, frozenset[str] | None] = disk.remembered(project_location_paths, dict)
    out: list[str] = []
    for path in paths:
        folder = path[: len(path) - len(rest)]
        if folder not in names:
            listing = disk.small_children(folder, MAX_PROJECT_NAMES)
            # None: not there, too big or not listable: each file is looked for by itself (and the reader says why)
            held = (
                (frozenset(n.casefold() for n in listing) if fold else frozenset(listing)) if listing else frozenset()
            )
            names[folder] = held if listing is not None and listing.listed else None
        found = names[folder]
        if found is None or want in found:
            out.append(path)
    return out


def claude_project_trees(disk: Disk, rest: str) -> list[str]:
    """``{folder}{rest}`` for each folder above a listed Claude Code project up to its repository's root (the
    first folder holding ``.git``), never the home or above it: Claude Code loads ``.claude/agents``,
    ``skills`` and ``commands`` from the session's folder up to the git root or the home (cli.js 2.1.100), so a
    monorepo root's subagent applies to a session in ``pkg/`` (a red team's exit 0). The projects' own folders
    are :func:`project_paths`'; a folder with no ``.git`` above it up to the home adds nothing. The folders are
    worked out once a scan (agents, skills and commands each ask)."""
    return [folder + rest for folder in disk.remembered(claude_project_trees, lambda: _claude_trees(disk))]


def _claude_trees(disk: Disk) -> list[str]:
    plist = next(p for p in PROJECT_LISTS if p.token == "claude_project")
    home = disk.machine.home.rstrip("/")
    seen: set[str] = set()
    out: list[str] = []
    for project in project_folders(disk, plist):
        folder = project.rstrip("/")
        if folder == home or not folder.startswith(home + "/") or disk.exists(f"{folder}/.git"):
            continue  # (a project outside the home, or its own repository's root: nothing above it counts)
        above: list[str] = []
        for parent in folders_above(folder):
            if parent == home or not parent.startswith(home + "/"):
                above = []  # no repository root below the home: Claude Code stops at the home
                break
            above.append(parent)
            if disk.exists(f"{parent}/.git"):
                break
        for f in above:
            if f not in seen:
                seen.add(f)
                out.append(f)
    return out


def listed_names(disk: Disk, folder: str) -> frozenset[str] | None:
    """The names ``folder`` holds (case-folded on macOS and Windows), when this scan has listed it already for
    the project files (:func:`project_paths`), else None: a name not among them is not there, with no look."""
    names: dict[str, frozenset[str] | None] = disk.remembered(project_location_paths, dict)
    return names.get(folder)


def expand_project_template(template: str, disk: Disk) -> list[str] | None:
    """The files a ``{<project token>}/rest`` template stands for, or None when it names no project list."""
    for plist in PROJECT_LISTS:
        head = "{" + plist.token + "}"
        if template.startswith(head):
            rest = template[len(head) :]
            return [folder + rest for folder in project_folders(disk, plist)]
    return None
