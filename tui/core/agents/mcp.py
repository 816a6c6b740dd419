"""MCP servers from every client's user-level configuration (the table in :mod:`tui.core.agents.locations`),
plus the project ``.mcp.json`` files in the project folders that ``~/.claude.json`` (and the files Claude Code
reads in its place) names (bounded)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tui.core.agents.allowlist import kept_out, managed_allowlist
from tui.core.agents.client_urls import SEVERAL_URLS, UNREAD_HOSTS, host_variables, read_host
from tui.core.agents.formats import (
    CLAUDE_JSON_BULK,
    MAX_CLAUDE_JSON_BYTES,
    entries_left,
    lookup,
    note_overflow,
    note_unchecked,
    read_config,
    read_judged,
    scan_bound,
    skip_at,
    spend_entries,
)
from tui.core.agents.identity import env_extras, identify, identify_line, identity_words, without_secrets
from tui.core.agents.locations import (
    CLAUDE_MANAGED,
    MAX_PROJECTS,
    MCP_LOCATIONS,
    PROJECT_LIST_HOLDS,
    PROJECT_MCP_LOCATIONS,
    McpLocation,
    agent_token_sets,
    expand_location,
)
from tui.core.agents.managed import joined, managed_mcp_json, managed_settings
from tui.core.agents.models import McpServer
from tui.core.agents.plugin_files import component_sources
from tui.core.agents.program_paths import absolute_path
from tui.core.agents.projects import location_files, project_location_paths
from tui.core.agents.redact import (
    MAX_ARG_CHARS,
    REDACTED,
    command_line,
    redact_args,
    redact_url,
    redact_word,
    shown_args,
    shown_command,
    token_shaped_name,
)
from tui.core.machine import Disk, folders_above, to_machine_path

MAX_SERVERS_PER_FILE = 500
MAX_NAME_CHARS = 200  # a server's name as kept (a longer one is cut)
_TRANSPORTS = {
    "stdio": "stdio",
    "local": "stdio",
    "http": "http",
    "streamable-http": "http",
    "streamablehttp": "http",
    "streamable_http": "http",
    "remote": "http",
    "sse": "sse",
}


MAX_NAMES = 100  # names of env variables or headers a server's record lists (all are looked at)


def _keys(value: object, headers: bool = False) -> list[str]:
    """Every key name of an env/headers table, whole (values are never kept); ``NAME=value`` items give NAME
    (headers: ``Name: value``; a header item with neither is a value alone, and is not named; an env item
    with neither is a name for the judging, a value alone for the record: see :func:`_shown_keys`)."""
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, list):  # ["NAME=value"], or headers as ["Name: value"]
        items = [v for v in value if isinstance(v, str)]
        if headers:
            return [_HEADER_NAME.split(v, 1)[0].strip() if _HEADER_NAME.search(v) else REDACTED for v in items]
        return [_HEADER_NAME.split(v, 1)[0].strip() for v in items]
    return []


def _shown_keys(value: object, keys: list[str]) -> list[str]:
    """``keys`` (:func:`_keys` of an env table) as a record may show them: a list's item with no ``=`` or ``:``
    is a value alone (``["GITHUB_TOKEN=T", "T2"]``), hidden."""
    if not isinstance(value, list):
        return keys
    return [
        _HEADER_NAME.split(v, 1)[0].strip() if _HEADER_NAME.search(v) else REDACTED for v in value if isinstance(v, str)
    ]


_HEADER_NAME = re.compile(r"[=:]")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,99}$")  # an environment variable's name
_FIELD_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$")  # an HTTP header field's name (RFC 9110 token)


def _names(keys: list[str], headers: bool = False) -> tuple[str, ...]:
    """The names a record keeps: sorted, unique, each and their number bounded. Only what is shaped like a
    variable's name (``headers``: a header field's name) and not like a token is a name: any other key (``"K=T"``,
    ``"Authorization: Bearer T"``, ``"ghp_…"``: a value written where a name goes) is ``<redacted>``, numbered
    when there are more, so the reader knows something was there."""
    shape = _FIELD_NAME if headers else _ENV_NAME
    if len(keys) == 1 and shape.match(keys[0]) and not token_shaped_name(keys[0]):
        return (keys[0],)
    named = {k for k in keys if shape.match(k) and not token_shaped_name(k)}
    hidden = len({k for k in keys if k not in named})
    return (*(REDACTED if i == 1 else f"{REDACTED} {i}" for i in range(1, hidden + 1)), *sorted(named))[:MAX_NAMES]


def _strs(value: object) -> list[str]:
    return [str(v) for v in value if isinstance(v, (str, int, float))] if isinstance(value, list) else []


def _words(value: object, args: list[str]) -> bool:
    """Whether a server's ``args`` (``value``, read as ``args`` by :func:`_strs`) is what clients take: none, or
    a list of words (a number as one). A string (``"-y pkg --token T"``), an object, or a list holding an
    object, a list or null: the clients that check reject the entry, others read it their own way; what the
    server runs cannot be known."""
    return value is None or (type(value) is list and len(args) == len(value))


ARGS_NOT_A_LIST = "what its args give its command (not a list of words: clients reject it or read it their own way)"


_URL_KEYS = ("url", "serverUrl", "httpUrl", "uri")
_URL_KEY_SET = frozenset(_URL_KEYS)


def parse_server(entry: object, *, client: str, label: str, config: str, key: str, name: str) -> McpServer | None:
    """One server entry of any client's format, reduced to what may be shown (see :mod:`.redact`).

    Written for speed (hundreds of servers per scan): ``"k" in entry`` and one ``get`` rather than nested
    defaults, each optional table looked at only when present."""
    if not isinstance(entry, dict):
        return None
    get = entry.get
    command = entry["command"] if "command" in entry else get("cmd")  # Goose: "cmd"
    args = _strs(entry["args"]) if "args" in entry else []
    args_unread = "args" in entry and not _words(entry["args"], args)
    env = entry["env"] if "env" in entry else get("environment", get("envs"))  # Goose: "envs" (+ "env_keys")
    if isinstance(command, dict):  # Zed's older form: "command": {"path", "args", "env"}
        args = _strs(command.get("args"))
        args_unread = not _words(command.get("args"), args)
        env = command.get("env", env)
        command = command.get("path")
    elif isinstance(command, list):  # opencode: "command": ["npx", "-y", "pkg"]
        parts = _strs(command)
        command, args = (parts[0], parts[1:] + args) if parts else (None, args)
    if not isinstance(command, str) or not command.strip():
        command = None
    url = None
    urls: list[str] = []
    if not _URL_KEY_SET.isdisjoint(entry):  # most servers have none of them: four lookups saved
        # every URL key the entry holds: Gemini CLI connects to httpUrl before url, other clients to url
        urls = [value for k in _URL_KEYS if isinstance(value := get(k), str)]
        url = urls[0] if urls else None
    headers = entry["headers"] if "headers" in entry else get("http_headers")
    if headers is None:
        request_init = get("requestInit", get("requestOptions"))  # Continue YAML: requestOptions.headers
        if isinstance(request_init, dict):
            headers = request_init.get("headers")
    header_keys = _keys(headers, headers=True)
    if "env_http_headers" in entry:
        header_keys += _keys(entry["env_http_headers"])
    api_key_header = get("api_key_header")
    if isinstance(api_key_header, str):  # Vibe: the header its api_key_env variable's value is sent in
        header_keys += [api_key_header]
    header_names = _names(header_keys, headers=True) if header_keys else ()
    if isinstance(get("bearer_token_env_var"), str):
        header_names += ("Authorization",)
    kind = entry["type"] if "type" in entry else get("transport")
    if isinstance(kind, dict):  # Continue's older form: "transport": {"type": ...}
        kind = kind.get("type")
    transport = _TRANSPORTS.get(kind.lower().replace(" ", "")) if isinstance(kind, str) else None
    if transport is None:
        if isinstance(get("httpUrl"), str):
            transport = "http"
        elif url:
            transport = "sse" if url.split("?", 1)[0].split("#", 1)[0].rstrip("/").endswith("/sse") else "http"
        else:
            transport = "stdio"
    named = False  # whether aicheck names the command (an extension's server), not the config
    if command is None and url is None:
        if get("source") == "extension" or "settings" in entry:  # Zed: an MCP server from a Zed extension
            command, named = f"zed-extension:{name}", True
        else:
            return None
    env_keys = _keys(env)
    shown_env = _shown_keys(env, env_keys) if type(env) is list else env_keys
    if "env_keys" in entry:  # Goose: the names of variables it passes on
        more = _keys(entry["env_keys"])
        env_keys, shown_env = env_keys + more, shown_env + more
    line = command if command is not None and not named and command_line(command) else ""  # "npx -y pkg"
    ident = identify_line(line, args, url) if line else identify(command, args, url)
    if len(urls) > 1 and len({read_host(u) for u in urls}) > 1:
        ident = ident._replace(url_host=SEVERAL_URLS)  # which one the client reads is the client's choice
    if env_keys:  # a variable that moves the package index or preloads code changes what runs: each is looked at
        moved = env_extras(env_keys, ident)
        if moved:
            ident = ident._replace(extra=ident.extra + moved)
    env_names = _names(shown_env) if shown_env else ()
    if args_unread:  # "args": "-y pkg --token T": no list of words, what runs cannot be known
        ident = ident._replace(extra=(*ident.extra, ("unread", ARGS_NOT_A_LIST, None)))
    guessed = redact_args(args, command or "") if args else ()  # what looks secret: never a package's name
    if guessed and (ident.npm or ident.pypi or ident.docker or ident.extra) and guessed != tuple(args):
        ident = without_secrets(ident, args, guessed)
    known = identity_words(ident, [command or "", *args])
    shown = shown_args(args, command or "", known, guessed) if args else ()  # only what is known not to be secret
    host = ident.url_host
    unread = UNREAD_HOSTS.get(host, "") if host is not None and host[:1] == "\0" else ""
    server = McpServer(  # positional, in the fields' order: cheaper than 17 keywords, hundreds of times a scan
        client,
        label,
        config,
        key,
        name[:MAX_NAME_CHARS],
        transport,
        shown_command(command, known)[:MAX_ARG_CHARS] if command else None,
        shown,
        ident.npm,
        ident.pypi,
        ident.docker,
        ident.version,
        redact_url(url) if url else None,
        None if unread else host,
        env_names,
        header_names,
        get("disabled") is True or get("enabled") is False,
        ident.extra,
    )
    if named:
        server.named_by_aicheck = True
    if "envFile" in entry:  # VS Code's and Cursor's dotenv file: its variables' names are read at scan time
        env_file = entry["envFile"]
        server.env_file = env_file if isinstance(env_file, str) else ""
    if unread:
        server.host_unread = unread
    elif host is not None and ((url and "${" in url) or any("${" in a for a in args) or "${" in line):
        texts = [*urls, *args, line]  # (a command written as a line: its words are arguments too)
        server.host_variables = tuple(dict.fromkeys(v for text in texts for v in host_variables(text)))
    return server


def _key(prefix: str, name: str) -> str:
    simple = name.replace("-", "").replace("_", "").isalnum()
    if not prefix:
        return name if simple else f"[{json.dumps(name)}]"
    return f"{prefix}.{name}" if simple else f"{prefix}[{json.dumps(name)}]"


def _listed_name(entry: object, index: int) -> str:
    """A listed server's name: its "name" (the community Grok CLI: "label", then "id"), else its place."""
    if isinstance(entry, dict):
        for key in ("name", "label", "id"):
            if isinstance(entry.get(key), str):
                return str(entry[key])
    return str(index)


# what a shell reads as more than a word: a command's end or chain (; & |), a substitution ($( and backticks), a
# redirection or process substitution (> <) and a line break
_SHELL_SYNTAX = re.compile(r"[;&|`<>\n\r]|\$\(")
ZED_SHELL = (
    "what shell syntax in its arguments makes the shell run (Zed versions that start a server's command through "
    "the system shell read it there)"
)


def _shell_syntax(entry: object) -> bool:
    """Whether a Zed server's arguments (either form), or a command written as one word, hold shell syntax:
    Zed versions that started the command through the system shell (its line joined with its arguments) had
    the shell run what it names, and which Zed reads the config is not known to a scan. (A command written
    as a line of words is read as the shell reads it already: see :func:`~.identity.identify_line`.)"""
    if not isinstance(entry, dict):
        return False
    command = entry.get("command")
    args = entry.get("args")
    if isinstance(command, dict):  # Zed's older form: "command": {"path", "args", "env"}
        args, command = command.get("args"), command.get("path")
    words = [a for a in args if isinstance(a, str)] if isinstance(args, list) else []
    if isinstance(command, str) and not command_line(command):
        words.append(command)
    return any(_SHELL_SYNTAX.search(w) for w in words)


# a server's own "cwd" (Claude Code, Cursor, Cline, Codex, VS Code...): the folder its client starts it in.
# Read wherever it is written (its npm config is read there: more caution than a client that ignores the key
# needs); a relative command is placed in it only for the clients known to start the server there: Codex
# (documented) and VS Code's own format (servers.*.cwd of its mcp.json, mcp.servers of its settings). Claude
# Code has been seen to ignore the key, and Cursor does not document it.
CWD_CLIENTS = frozenset({"openai-codex"})
CWD_KEYS = frozenset({"servers", "mcp.servers"})
_VSCODE_KEYS = tuple(CWD_KEYS)
MAX_CWD_CHARS = 1000
CWD_UNPLACED = (
    "packages from whatever project config npm reads in the folder its cwd names ({cwd}: which folder cannot be told)"
)
WORKSPACE = "${workspaceFolder}"
_USER_HOME = "${userHome}"


def cwd_folder(
    s: McpServer, home: str, project: str | None, machine: bool = False, variables: bool = True
) -> str | None:
    """The folder ``s``'s cwd names, written one way (as :func:`~.program_paths.absolute_path` writes paths), or
    None when it cannot be placed: an absolute folder, VS Code's ``${workspaceFolder}`` (``project``: the
    folder a user-level server's client opened, else its own project) and ``${userHome}``; a relative folder,
    another variable, ``~`` (no shell reads it), ``..`` or one cut at :data:`MAX_CWD_CHARS` are none.
    ``machine``: where the disk has it, which a project's folder on Windows is without its drive (a path rule is
    never matched against that); ``variables``: whether its client expands the two variables (VS Code's format
    and Cursor do; where it is not known, a folder placed by them is only ever read for more caution)."""
    text = s.cwd or ""
    if REDACTED in text or len(text) >= MAX_CWD_CHARS:
        return None
    for variable, base in ((WORKSPACE, project), (_USER_HOME, home)) if variables else ():
        if text.startswith(variable):
            if base is None:
                return None
            rest = text[len(variable) :].replace("\\", "/") if s.windows else text[len(variable) :]
            if rest and not rest.startswith("/"):
                return None
            text = base.replace("\\", "/").rstrip("/") + rest
            break
    if machine and s.windows and text.startswith("/"):  # a project's folder as the disk has it: no drive
        return absolute_path(text, False)
    return absolute_path(text, s.windows)


def place_cwds(disk: Disk, servers: list[McpServer]) -> None:
    """Each server's cwd placed (:attr:`~.models.McpServer.cwd_path`), where it can be without knowing which
    project a user-level server's client has open."""
    home = disk.machine.home
    for s in servers:
        if s.cwd is not None:  # (VS Code's format expands its variables; Codex takes the folder as written)
            s.cwd_path = cwd_folder(s, home, s.project, variables=s.key.startswith(_VSCODE_KEYS))


def servers_in(
    table: object, *, client: str, label: str, config: str, prefix: str, disk: Disk, path: str, place: str = ""
) -> list[McpServer]:
    """The servers of one table (``place``: the config as shown when it is no file, see :mod:`.env_configs`)."""
    if table is None:
        return []
    if isinstance(table, list):  # Continue's YAML, Vibe's [[mcp_servers]]: a list, each with its own name
        items = [(_listed_name(e, i), f"{prefix}[{i}]", e) for i, e in enumerate(table[: MAX_SERVERS_PER_FILE + 1])]
    elif isinstance(table, dict):
        items = [(str(n), _key(prefix, str(n)), e) for n, e in list(table.items())[: MAX_SERVERS_PER_FILE + 1]]
    else:
        skip_at(disk, path, f"'{prefix}' is not an object", place)
        return []
    out = []
    left = entries_left(disk, "MCP servers")
    for i, (name, key, entry) in enumerate(items):
        if i >= MAX_SERVERS_PER_FILE or i >= left:
            reason = (
                f"more than {MAX_SERVERS_PER_FILE} servers under '{prefix}': the rest not listed"
                if i >= MAX_SERVERS_PER_FILE
                else scan_bound("MCP servers")
            )
            note_overflow(disk, path, reason, client=client, label=label, holds="MCP servers", place=place)
            break
        server = parse_server(entry, client=client, label=label, config=config, key=key, name=name)
        if server is not None:
            if client == "zed" and _shell_syntax(entry):
                server.extra_packages += (("unread", ZED_SHELL, None),)
            if type(entry) is dict and "cwd" in entry and isinstance(entry["cwd"], str) and entry["cwd"].strip():
                server.cwd = redact_word(entry["cwd"].strip())[:MAX_CWD_CHARS]
                server.cwd_used = client in CWD_CLIENTS or prefix in CWD_KEYS
            out.append(server)
    spend_entries(disk, "MCP servers", len(out))
    return out


def _claude_json(disk: Disk, loc: McpLocation, path: str) -> list[McpServer]:
    data = read_judged(
        disk,
        path,
        "json",
        client=loc.client,
        label=loc.label,
        holds="MCP servers",
        limit=MAX_CLAUDE_JSON_BYTES,
        bulk=CLAUDE_JSON_BULK,
    )
    if data is None:
        return []
    shown = disk.display(path)
    out = servers_in(
        data.get("mcpServers"),
        client=loc.client,
        label=loc.label,
        config=shown,
        prefix="mcpServers",
        disk=disk,
        path=path,
    )
    projects = data.get("projects")
    if not isinstance(projects, dict):
        return out
    folders = []
    for project, body in projects.items():
        if not isinstance(body, dict):
            continue
        prefix = f"projects[{json.dumps(str(project)[:300])}].mcpServers"
        local = servers_in(
            body.get("mcpServers"),
            client=loc.client,
            label=loc.label,
            config=shown,
            prefix=prefix,
            disk=disk,
            path=path,
        )
        out += _started_in(local, str(project))
        folders.append(str(project))
    if len(folders) > MAX_PROJECTS:
        reason = f"{len(folders)} projects named: .mcp.json read in the first {MAX_PROJECTS} only"
        note_overflow(disk, path, reason, client=loc.client, label=loc.label, holds=PROJECT_LIST_HOLDS)
    # a project two of Claude Code's config files list (.claude.json and .config.json): its .mcp.json read once
    read: set[str] = disk.remembered(_claude_json, set)
    for folder in _mcp_json_folders(disk, folders[:MAX_PROJECTS]):
        mcp_json = folder.rstrip("/") + "/.mcp.json"
        if mcp_json in read:
            continue
        read.add(mcp_json)
        project = read_judged(
            disk, mcp_json, "json", client=loc.client, label=f"{loc.label} (project)", holds="MCP servers"
        )
        if project is not None:
            shared = servers_in(
                project.get("mcpServers"),
                client=loc.client,
                label=f"{loc.label} (project)",
                config=disk.display(mcp_json),
                prefix="mcpServers",
                disk=disk,
                path=mcp_json,
            )
            out += _started_in(shared, folder)
    return out


def _mcp_json_folders(disk: Disk, projects: list[str]) -> list[str]:
    """The folders whose ``.mcp.json`` Claude Code merges into a session's project servers: the session's folder
    and every folder above it up to, not including, the root (cli.js 2.1.100: a red team's remote server in
    ``~/src/.mcp.json``, above the listed ``~/src/app``, and in ``~/.mcp.json`` was never read). For each listed
    project (absolute, as machine paths), and the home (any session started under it reads ``~/.mcp.json``),
    each folder once."""
    out: list[str] = []
    seen: set[str] = set()
    for project in [*projects, disk.machine.home]:
        text = project.strip()
        if not (text.startswith(("/", "\\")) or (len(text) > 2 and text[1] == ":")):
            if text not in seen:  # (a relative name, as written: looked in as before, nothing above it)
                seen.add(text)
                out.append(text)
            continue
        folder = to_machine_path(text).rstrip("/")
        if not folder or folder.endswith(":"):  # the root (/, C:) is not looked in
            continue
        for f in (folder, *folders_above(folder)):
            if f in seen:  # (and every folder above it: looked in already)
                break
            seen.add(f)
            out.append(f)
    return out


def _started_in(servers: list[McpServer], folder: str) -> list[McpServer]:
    """``servers``, each marked as started in the project ``folder`` (as written: absolute folders only)."""
    text = folder.strip()
    if text.startswith(("/", "\\")) or (len(text) > 2 and text[1] == ":"):
        project = to_machine_path(text).rstrip("/") or "/"
        for s in servers:
            s.project = project
    return servers


def mark_not_started(disk: Disk, servers: list[McpServer]) -> None:
    """Mark the Claude Code servers an administrator keeps from starting (Claude Code's MCP docs):

    - a ``managed-mcp.json`` "takes exclusive control over all MCP servers": Claude Code starts the servers
      it lists and no other (user, project, local, plugin, a --mcp-config file). Only a file that exists and
      reads as a JSON object counts: one that cannot be read is an unchecked config, and decides nothing;
    - the managed settings' ``deniedMcpServers`` block a server "even if it is on the allowlist": those that
      name it (``serverName``) are believed; see :func:`_denies` for the others.

    - with ``allowManagedMcpServersOnly``, a server no entry of the managed ``allowedMcpServers`` can let
      through (:mod:`.allowlist`, which claims that only where it can be sure: a running server must never
      look stopped). The organization's own servers are not checked against it."""
    path = managed_mcp_json(disk)
    readable = path is not None and disk.exists(path) and read_config(disk, path, "json") is not None
    exclusive = disk.display(path) if path is not None and readable else ""
    denied = joined(disk, "deniedMcpServers")
    allow = managed_allowlist(disk, agent_token_sets(disk.machine)) if servers else None
    for s in servers:
        if s.client != "claude-code":
            continue
        if exclusive and s.client_label != CLAUDE_MANAGED:
            s.not_started = f"Claude Code starts only the servers the administrator's {exclusive} lists"
            continue
        shown = next((shown for entry, shown in denied if _denies(entry, s)), None)
        if shown is not None:
            s.not_started = f"the administrator's {shown} denies it (deniedMcpServers)"
        elif allow is not None and s.client_label != CLAUDE_MANAGED and kept_out(allow, s, MAX_NAME_CHARS):
            s.not_started = (
                f"no entry of the administrator's allowedMcpServers lets it through ({allow.where} sets "
                "allowManagedMcpServersOnly)"
            )


def _denies(entry: object, s: McpServer) -> bool:
    """Whether one ``deniedMcpServers`` entry names ``s`` by its ``serverName``. Entries by ``serverCommand`` or
    ``serverUrl`` are not matched: aicheck keeps a server's line and URL redacted (cut, secrets replaced, the
    host in lower case), which is not what Claude Code compares, and a server that runs must never look
    stopped; such a server is judged as if nothing denied it."""
    name = entry.get("serverName") if isinstance(entry, dict) else None
    return isinstance(name, str) and len(s.name) < MAX_NAME_CHARS and s.name == name


def scan_mcp(disk: Disk) -> list[McpServer]:
    machine = disk.machine
    out: list[McpServer] = []
    seen: set[tuple[str, str]] = set()
    for toks in agent_token_sets(machine):  # the default folders, and those CLAUDE_CONFIG_DIR/CODEX_HOME name
        for loc in MCP_LOCATIONS:
            pattern = expand_location(loc, machine, toks)
            if pattern is None:
                continue
            for path in location_files(disk, pattern, loc):
                if (path, loc.key) in seen:  # one file may hold two clients' servers (VS Code's settings.json)
                    continue
                seen.add((path, loc.key))
                out += _claude_json(disk, loc, path) if loc.format == "claude_json" else _servers_at(disk, loc, path)
    return out + _project_servers(disk) + _provided_servers(disk)


def _servers_at(disk: Disk, loc: McpLocation, path: str) -> list[McpServer]:
    """The servers of one file a location stands for (an unusable one is an unchecked config)."""
    data = read_judged(disk, path, loc.format, client=loc.client, label=loc.label, holds="MCP servers")
    if data is None:
        return []
    out: list[McpServer] = []
    for prefix, table in _tables(disk, data, loc, path):
        out += servers_in(
            table,
            client=loc.client,
            label=loc.label,
            config=disk.display(path),
            prefix=prefix,
            disk=disk,
            path=path,
        )
    return out


MAX_NAMED_BLOCKS = 100  # blocks a "*" in a location's key stands for (Zed's settings profiles); more: unchecked


def _tables(disk: Disk, data: dict, loc: McpLocation, path: str) -> list[tuple[str, object]]:
    """(the key as shown, the servers table) of ``loc.key`` in ``data``; a ``*`` part stands for each name of
    the object there (``profiles.*.settings.context_servers``: every profile's), the first
    :data:`MAX_NAMED_BLOCKS` of them (more is an unchecked config: padding hides nothing)."""
    if ".*." not in loc.key:
        return [(loc.key, lookup(data, loc.key))]
    head, _, rest = loc.key.partition(".*.")
    blocks = lookup(data, head)
    if not isinstance(blocks, dict):
        return []
    if len(blocks) > MAX_NAMED_BLOCKS:
        reason = f"{len(blocks)} blocks under '{head}': the first {MAX_NAMED_BLOCKS} read"
        note_overflow(disk, path, reason, client=loc.client, label=loc.label, holds="MCP servers")
    return [
        (f"{_key(head, str(name))}.{rest}", lookup(block, rest))
        for name, block in list(blocks.items())[:MAX_NAMED_BLOCKS]
        if isinstance(block, dict)
    ]


def _provided_servers(disk: Disk) -> list[McpServer]:
    """The remote servers the managed settings give every Claude Code session (``managedMcpServers``, 2.1.259
    and later: an object keyed by name, HTTP or SSE entries as in ``.mcp.json``): the company's own, listed and
    judged as those of managed-mcp.json are (anyone with admin rights on the machine can add one). Each managed
    file's entries are read (a later drop-in overriding an earlier one's entry leaves both listed)."""
    out: list[McpServer] = []
    for path, data in managed_settings(disk):
        provided = data.get("managedMcpServers")
        if isinstance(provided, list):  # Claude Desktop's form of the same setting: Claude Code loads none of it
            disk.skip(path, "managedMcpServers is a list (Claude Desktop's form): Claude Code loads none of it")
            continue
        out += servers_in(
            provided,
            client="claude-code",
            label=CLAUDE_MANAGED,
            config=disk.display(path),
            prefix="managedMcpServers",
            disk=disk,
            path=path,
        )
    return out


def _project_servers(disk: Disk) -> list[McpServer]:
    out: list[McpServer] = []
    seen: set[tuple[str, str]] = set()  # a folder Copilot CLI trusts and VS Code opened: its .mcp.json once
    for loc in PROJECT_MCP_LOCATIONS:
        for pattern in project_location_paths(disk, loc):
            for path in location_files(disk, pattern, loc):
                if (loc.client, path) in seen:
                    continue
                seen.add((loc.client, path))
                # the project's folder: the path less the template's part after the project's token
                depth = loc.template[loc.template.index("}") + 1 :].count("/")
                out += _started_in(_servers_at(disk, loc, path), path.rsplit("/", depth)[0])
    return out


MAX_FLAG_CONFIGS = 50  # config files the startup files may name with one flag that are read


@dataclass(frozen=True)
class ConfigFlag:
    """A flag that hands a client an MCP config file on its command line."""

    client: str
    label: str
    programs: tuple[str, ...]
    flag: str
    at_file: bool = False  # the file is written @path (a word without "@" is JSON on the line)
    variadic: bool = False  # the flag takes every word up to the next option


CONFIG_FLAGS = (
    ConfigFlag("claude-code", "Claude Code", ("claude",), "--mcp-config", variadic=True),  # <configs...>
    ConfigFlag("github-copilot", "Copilot CLI", ("copilot",), "--additional-mcp-config", at_file=True),
)


def scan_flag_servers(disk: Disk) -> list[McpServer]:
    """MCP servers from the files a shell alias or function hands a client on its command line
    (``alias cc='claude --mcp-config ~/team/mcp.json'``, ``copilot --additional-mcp-config @~/team/mcp.json``):
    every session started that way has them, and no config location names them. A file that cannot be placed
    (a relative path, a value the shell computes, JSON written on the line) or read is an unchecked config:
    what it brings is not known."""
    out: list[McpServer] = []
    for source in CONFIG_FLAGS:
        out += _flag_servers(disk, source)
    return out


def _flag_servers(disk: Disk, source: ConfigFlag) -> list[McpServer]:
    from tui.core.startup import flag_arguments

    out: list[McpServer] = []
    client, flag = source.client, source.flag
    args = flag_arguments(disk, disk.machine, source.programs, flag, at_file=source.at_file, variadic=source.variadic)
    if len(args) > MAX_FLAG_CONFIGS:  # padding the startup files hides nothing: the rest is unchecked
        first = args[MAX_FLAG_CONFIGS]
        reason = f"{len(args)} configs named with {flag}: the first {MAX_FLAG_CONFIGS} read"
        note_unchecked(
            disk,
            f"{first.source} line {first.line}",
            client=client,
            label=f"{source.label} ({flag})",
            holds="MCP servers",
            reason=reason,
        )
    for arg in args[:MAX_FLAG_CONFIGS]:
        label = f"{source.label} ({flag} in {arg.file} line {arg.line})"
        if arg.path is None:
            reason = (
                f"a config named on {source.label}'s command line that cannot be located (relative, computed or inline)"
            )
            note_unchecked(
                disk, f"{arg.source} line {arg.line}", client=client, label=label, holds="MCP servers", reason=reason
            )
            continue
        data = read_judged(disk, arg.path, "json", client=client, label=label, holds="MCP servers")
        if data is None:
            if not disk.exists(arg.path):
                reason = f"named on {source.label}'s command line, but not found"
                note_unchecked(disk, arg.path, client=client, label=label, holds="MCP servers", reason=reason)
            continue
        out += servers_in(
            data.get("mcpServers"),
            client=client,
            label=label,
            config=disk.display(arg.path),
            prefix="mcpServers",
            disk=disk,
            path=arg.path,
        )
    return out


MAX_PLUGIN_CONFIGS = 1000  # as many as plugins are listed (extensions.MAX_PLUGINS, beyond which they are unchecked)


def scan_plugin_servers(disk: Disk, plugins: list) -> list[McpServer]:
    """MCP servers that installed Claude Code plugins bring: ``<installPath>/.mcp.json`` and what the plugin's
    manifest declares (inline, or files in the plugin's folder; see :mod:`.plugin_files`)."""
    out: list[McpServer] = []
    folders = [p for p in plugins if p.kind == "plugin" and p.install_path][:MAX_PLUGIN_CONFIGS]
    for plugin in folders:
        label = f"Claude Code plugin {plugin.name}"[:200]
        for source in component_sources(disk, plugin, "mcpServers", ".mcp.json", holds="MCP servers"):
            data = source.table
            if data is None:
                continue
            # a file holds {"mcpServers": {...}} or the table itself; the manifest's field is always the table
            out += servers_in(
                data.get("mcpServers", data),
                client="claude-code",
                label=label,
                config=disk.display(source.path),
                prefix="mcpServers" if "mcpServers" in data else "",
                disk=disk,
                path=source.path,
            )
    return out
