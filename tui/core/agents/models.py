"""What the agent surface scan finds: MCP servers and agent extensions (plugins, marketplaces, skills, hooks).

These are not catalog tools: each record names the client (a catalog tool id) whose configuration holds it.
No field ever holds a secret value: environment variables and headers are kept by name only, and arguments,
URLs and hook commands are redacted before they are stored (:mod:`tui.core.agents.redact`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.agents.client_urls import UNREADABLE_HOST
from tui.core.agents.program_paths import command_path, relative_path

# the key of a server that comes with a Claude Desktop extension (its manifest's line, see .bundles): the fix is
# to remove the extension, never to edit the file
BUNDLE_KEY = "server.mcp_config"


@dataclass(slots=True)  # not frozen: a frozen 17-field init costs 6 us, times hundreds of servers
class McpServer:
    client: str  # catalog tool id of the client whose config holds it (claude-code, cursor, ...)
    client_label: str  # human name of the client ("Claude Code", "VS Code")
    config: str  # the config file, as the scanned machine names it
    key: str  # where in that file: "mcpServers.github", "projects["/src/app"].mcpServers.db", "mcp_servers.x"
    name: str  # the server's name in the file (never used for judgement)
    transport: str  # stdio | http | sse
    command: str | None = None  # redacted command (stdio)
    args: tuple[str, ...] = ()  # redacted arguments
    npm: str | None = None  # npm package run by npx/bunx/pnpm dlx
    pypi: str | None = None  # PyPI package run by uvx/pipx run
    docker: str | None = None  # docker image (without tag)
    version: str | None = None  # pinned version of the package or the image tag
    url: str | None = None  # redacted remote URL
    url_host: str | None = None  # host of the remote URL (or of a URL passed to a stdio bridge)
    env_names: tuple[str, ...] = ()
    header_names: tuple[str, ...] = ()
    disabled: bool = False
    # more packages the launcher line installs beside the one it runs (npx -p a -p b, uvx --with c): each
    # (kind, name, version) is judged as the server's identity is (see surface_judge)
    extra_packages: tuple[tuple[str, str, str | None], ...] = ()
    # why its client never starts it, whatever it is (an administrator's config that takes exclusive control
    # of the client's servers), or "": it is still listed and judged, and needs no action
    not_started: str = ""
    # why the host it connects to cannot be known (a placeholder, a URL with no host aicheck can read), or "":
    # url_host is None then, and only a rule that matches every host (url_host = "*") matches it
    host_unread: str = ""
    # the variables written ``${VAR:-URL}`` that replace the host url_host names when the client's environment
    # sets them (url_host is the default's): judged as a host that cannot be known too, the worse verdict wins
    host_variables: tuple[str, ...] = ()
    # whether the scanned machine is Windows: how command_path reads the command (a backslash, a drive)
    windows: bool = False
    # whether aicheck named the command (``claude-extension:<id>``, ``zed-extension:<name>``: an extension's
    # server), not the config: then the command is its own command_path, which an approving rule may name
    named_by_aicheck: bool = False
    # the folder its client starts it in, when its config is a project's (``projects.<path>.mcpServers``, a
    # project's ``.mcp.json``): npm reads that project's own ``.npmrc`` (see .indexes.project_indexes)
    project: str | None = None
    # (an ``unread`` item of extra_packages, the smaller fix that ends it): a setting in a file the user edits
    # (``script-shell`` in an npmrc, an export in a startup file), whose line to remove is the fix
    setting_fixes: tuple[tuple[str, str], ...] = ()
    # its own ``cwd`` as written (redacted): the folder its client starts it in, when the client reads the key
    cwd: str | None = None
    # that folder written one way (as command_path writes paths), when aicheck can place it (an absolute folder,
    # ``${workspaceFolder}`` of a project's server, ``${userHome}``), else None (see .mcp.place_cwds)
    cwd_path: str | None = None
    # whether its client is known to start it in its cwd (VS Code's format, Codex): only then is a relative
    # command the file in that folder (a client that ignores the key starts it somewhere else)
    cwd_used: bool = False
    # the dotenv file its ``envFile`` names (VS Code, Cursor), as written ("" when it is no text), or None: its
    # variables' names are read at scan time and judged as ``env``'s are (see .env_files)
    env_file: str | None = None

    @property
    def command_path(self) -> str | None:
        """Where the command is, when the config writes it as an absolute path (written one way, as a hook's
        ``program_path``), or as a relative one (``./bin/x``) in a cwd its client is known to start it in;
        else None: a bare name is found on the search path, which the user's own folders can come first in. A
        client starts it without a shell, so ``~`` is no home here."""
        if self.named_by_aicheck:
            return self.command
        if not self.command:
            return None
        path = command_path(self.command, self.windows)
        if path is None and self.cwd_used and self.cwd_path is not None:
            path = relative_path(self.command, self.cwd_path, self.windows)
        return path

    @property
    def identity_kind(self) -> str:
        for kind in ("npm", "pypi", "docker"):
            if getattr(self, kind):
                return kind
        if self.transport != "stdio" and (self.url_host or self.host_unread):
            return "url"
        return "command"

    @property
    def identity(self) -> str:
        """What the server runs or connects to, e.g. ``npm @scope/pkg@1.2.3`` or ``url mcp.example.com``."""
        kind = self.identity_kind
        if kind in ("npm", "pypi", "docker"):
            value = getattr(self, kind)
            sep = ":" if kind == "docker" else "@"
            return f"{kind} {value}{sep + self.version if self.version else ''}"
        if kind == "url":
            return f"url {self.url_host or '(host unknown)'}"
        return f"command {self.command or '?'}"

    def facts(self) -> dict[str, str | None]:
        """The values a policy rule may match (never the server's name)."""
        return {
            "npm": self.npm,
            "pypi": self.pypi,
            "docker": self.docker,
            "url_host": UNREADABLE_HOST if self.host_unread else self.url_host,  # see surface_policy
            "command": self.command,
            "command_path": self.command_path,
            "transport": self.transport,
        }

    def details(self) -> str:
        """What it runs, where it connects and which names it is given (values never), in one line."""
        parts = []
        if self.command:
            parts.append("runs: " + " ".join([self.command, *self.args]))
        if self.url:
            parts.append("url: " + self.url)
        if self.env_names:
            parts.append("env: " + ", ".join(self.env_names))
        if self.header_names:
            parts.append("headers: " + ", ".join(self.header_names))
        if self.cwd:
            parts.append("cwd: " + self.cwd)
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {
            "client": self.client,
            "client_label": self.client_label,
            "config": self.config,
            "key": self.key,
            "name": self.name,
            "transport": self.transport,
            "identity": self.identity,
            "command": self.command,
            "command_path": self.command_path,
            "args": list(self.args),
            "npm": self.npm,
            "pypi": self.pypi,
            "docker": self.docker,
            "version": self.version,
            "url": self.url,
            "url_host": self.url_host,
            "host_unread": self.host_unread or None,
            "host_variables": list(self.host_variables),
            "env": list(self.env_names),
            "headers": list(self.header_names),
            "disabled": self.disabled,
            "extra_packages": [{"kind": k, "name": n, "version": v} for k, n, v in self.extra_packages],
            "not_started": self.not_started or None,
            "cwd": self.cwd,
        }


@dataclass(slots=True)  # not frozen: a frozen 17-field init costs 6 us, times hundreds of servers
class AgentExtension:
    kind: str  # plugin | marketplace | skill | hook
    client: str  # catalog tool id (claude-code, openai-codex, ...)
    name: str
    config: str  # the file it was read from
    key: str = ""  # where in that file (plugins/hooks), or "" for a skill folder
    marketplace: str | None = None  # plugins: the marketplace it came from
    version: str | None = None
    description: str = ""
    # marketplaces: where it is fetched from (repo or redacted URL); plugins and their hooks: their marketplace's,
    # from known_marketplaces.json (a plugin's marketplace is only a name, which anyone can give their own)
    source: str | None = None
    event: str | None = None  # hooks: PreToolUse, SessionStart, ...
    matcher: str | None = None  # hooks: the tool matcher
    program: str | None = None  # hooks: the program the command runs (its name: any file may have it)
    # hooks: where the line writes that program, when it writes an absolute path a rule may trust, written one
    # way (``/opt/acme/bin/guard``, ``C:/Program Files/Acme/guard.exe``; see .program_paths), else None
    program_path: str | None = None
    command: str | None = None  # hooks: the redacted command
    enabled: bool | None = None
    install_path: str | None = None  # plugins: the folder it is installed in (its .mcp.json is read)
    plugin: str | None = None  # hooks: the installed plugin that brings it (its hooks/hooks.json)
    # hooks: the other programs the command runs (`guard; curl ... | sh`), each judged as the first is, and
    # whether it runs what no rule can name (a command substitution, a line too long to read)
    also_runs: tuple[str, ...] = ()
    also_runs_paths: tuple[str | None, ...] = ()  # the path of each, as program_path (same order)
    runs_unread: bool = False
    unread_why: str = ""  # what it runs that no rule can name, in words (SUBSTITUTED, a loader variable ...)
    not_started: str = ""  # hooks: why Claude Code never runs it (see McpServer.not_started), or ""

    def details(self) -> str:
        """A hook's event, matcher and (redacted) command; otherwise the description or where it comes from."""
        if self.kind == "hook":
            matcher = f", matcher {self.matcher}" if self.matcher else ""
            return f"event {self.event}{matcher}: {self.command or ''}"
        return self.description or (f"source: {self.source}" if self.source else "")

    def facts(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "name": self.name,
            "marketplace": self.marketplace,
            "source": self.source,
            "event": self.event,
            "program": self.program,
            "path": self.program_path,
            "client": self.client,
        }

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "client": self.client,
            "name": self.name,
            "config": self.config,
            "key": self.key,
            "marketplace": self.marketplace,
            "version": self.version,
            "description": self.description,
            "source": self.source,
            "event": self.event,
            "matcher": self.matcher,
            "program": self.program,
            "program_path": self.program_path,
            "command": self.command,
            "enabled": self.enabled,
            "plugin": self.plugin,
            "also_runs": list(self.also_runs),
            "also_runs_paths": list(self.also_runs_paths),
            "runs_unread": self.runs_unread,
            "unread_why": self.unread_why or None,
            "not_started": self.not_started or None,
        }


@dataclass(frozen=True, slots=True)
class UncheckedConfig:
    """A client's config file that exists but could not be read whole (malformed, too big, unreadable, or
    holding more entries than the scan lists): which MCP servers, hooks or plugins it sets up is unknown, so it
    needs action like a prohibited item. Otherwise breaking a file by hand would hide what it holds."""

    client: str  # catalog tool id of the client that reads it
    client_label: str
    config: str  # the file, as the scanned machine names it
    reason: str  # why it could not be checked (never quotes the file's content)
    holds: str  # what it may set up: "MCP servers", "hooks", "plugins", "plugin marketplaces"

    @property
    def fix(self) -> str:
        return (
            f"repair or remove {self.config}: until aicheck can read it, it cannot tell which {self.holds} "
            "it sets up (aicheck never edits it)"
        )

    def to_json(self) -> dict:
        return {
            "client": self.client,
            "client_label": self.client_label,
            "config": self.config,
            "reason": self.reason,
            "holds": self.holds,
            "action_required": True,
            "fix": self.fix,
        }


@dataclass
class Surface:
    """Everything the agent surface scan found."""

    servers: list[McpServer] = field(default_factory=list)
    extensions: list[AgentExtension] = field(default_factory=list)
    unchecked: list[UncheckedConfig] = field(default_factory=list)
