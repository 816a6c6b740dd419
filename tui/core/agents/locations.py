"""Where each client keeps its user-level MCP configuration: one table, data rather than code.

The table lives here rather than in the catalog because each row also names a *format* (JSON, JSONC, TOML, YAML) and
the key that holds the servers, which a reader module must understand: a new client in a known format is one
new row; a new format is one new reader. ``{tokens}`` are those of :mod:`tui.core.locations` plus ``{claude}``
(``~/.claude``, and ``CLAUDE_CONFIG_DIR`` when set: both are read), ``{claude_json}`` (``.claude.json`` in the
home, and beside the moved folder), ``{codex}`` (``~/.codex``, and ``CODEX_HOME``) and ``{copilot}``
(``~/.copilot``, and ``COPILOT_HOME``). A ``*`` in the last component lists that one folder; one in a
folder's name lists its parent (one level, each folder's file read).

YAML rows (Continue, Goose) are parsed by :mod:`tui.core.safe_yaml` (no anchors, aliases or tags; bounded).
Continue's ``mcpServers`` is a *list* of ``{name, command, args, env, type, url, requestOptions}`` (its
``packages/config-yaml`` schema); Goose's ``extensions`` maps a key to ``{enabled, type, cmd, args, envs,
env_keys, uri, headers}`` with ``type`` stdio / sse / streamable_http (``builtin`` and ``platform`` entries
run inside Goose and are not MCP servers of their own).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.locations import environment_sets, expand, token_sets
from tui.core.machine import Machine, to_machine_path

ALL = ("linux", "macos", "windows")
CLAUDE_MANAGED = "Claude Code (managed)"  # the label of an administrator's managed-mcp.json (see mcp.mark_not_started)


@dataclass(frozen=True)
class McpLocation:
    client: str  # catalog tool id
    label: str
    template: str
    format: str  # json | jsonc | toml | yaml | claude_json (mcpServers + projects.<path>.mcpServers)
    key: str  # dotted path to the servers table ("mcp.servers" also matches a literal "mcp.servers" key)
    platforms: tuple[str, ...] = ALL
    # the install record in each folder a "*" lists that may send the client elsewhere: {"type": "link", "source":
    # "/path"} makes it read that folder instead (an extension installed with `gemini extensions link`)
    linked_by: str = ""


def _gemini_settings(key: str) -> list[McpLocation]:
    """Gemini CLI's settings files, each read for ``key``: the user's (``~/.gemini``, and GEMINI_CLI_HOME's, which
    stands in for the home), and the two an administrator deploys for every session (settings.json overrides
    the user's, the defaults file sits under it), with the files GEMINI_CLI_SYSTEM_SETTINGS_PATH and
    GEMINI_CLI_SYSTEM_DEFAULTS_PATH name in their place (the user's to write, and read then instead)."""
    rows = [
        McpLocation("gemini-cli", "Gemini CLI", "{home}/.gemini/settings.json", "json", key),
        McpLocation("gemini-cli", "Gemini CLI", "{env:GEMINI_CLI_HOME}/.gemini/settings.json", "json", key),
    ]
    for platform, folder in GEMINI_SYSTEM:
        for name in ("settings.json", "system-defaults.json"):
            rows.append(McpLocation("gemini-cli", "Gemini CLI (system)", f"{folder}/{name}", "json", key, (platform,)))
    for variable in ("GEMINI_CLI_SYSTEM_SETTINGS_PATH", "GEMINI_CLI_SYSTEM_DEFAULTS_PATH"):
        rows.append(McpLocation("gemini-cli", "Gemini CLI (system)", "{env:" + variable + "}", "json", key))
    # the defaults file is looked for beside the settings file the variable names (getSystemDefaultsPath:
    # path.dirname(getSystemSettingsPath()), google-gemini-cli 0.61.0) unless its own variable names another
    rows.append(
        McpLocation(
            "gemini-cli",
            "Gemini CLI (system)",
            "{env_parent:GEMINI_CLI_SYSTEM_SETTINGS_PATH}/system-defaults.json",
            "json",
            key,
        )
    )
    return rows


def _qwen_settings(key: str) -> list[McpLocation]:
    """Qwen Code's settings files beyond ``~/.qwen/settings.json`` (a row of its own), each read for ``key``: the
    one in the folder QWEN_HOME moves ~/.qwen to, and those an administrator deploys (getSystemSettingsPath,
    qwen-code 0.24.4: /etc/qwen-code/settings.json, /Library/Application Support/QwenCode on macOS,
    %ProgramData%/qwen-code on Windows, or the file QWEN_CODE_SYSTEM_SETTINGS_PATH names; system-defaults.json
    beside it, or the file QWEN_CODE_SYSTEM_DEFAULTS_PATH names), as Gemini CLI's, which it forks."""
    rows = [McpLocation("qwen-code", "Qwen Code", "{env:QWEN_HOME}/settings.json", "json", key)]
    for platform, folder in QWEN_SYSTEM:
        for name in ("settings.json", "system-defaults.json"):
            rows.append(McpLocation("qwen-code", "Qwen Code (system)", f"{folder}/{name}", "json", key, (platform,)))
    for template in (
        "{env:QWEN_CODE_SYSTEM_SETTINGS_PATH}",
        "{env:QWEN_CODE_SYSTEM_DEFAULTS_PATH}",
        "{env_parent:QWEN_CODE_SYSTEM_SETTINGS_PATH}/system-defaults.json",
    ):
        rows.append(McpLocation("qwen-code", "Qwen Code (system)", template, "json", key))
    return rows


QWEN_SYSTEM = (
    ("linux", "/etc/qwen-code"),
    ("macos", "/Library/Application Support/QwenCode"),
    ("windows", "/ProgramData/qwen-code"),
)


# what `gemini extensions install|link` writes in the extension's folder (INSTALL_METADATA_FILENAME)
GEMINI_INSTALL_RECORD = ".gemini-extension-install.json"
QWEN_INSTALL_RECORD = ".qwen-extension-install.json"  # Qwen Code's, its fork's
GEMINI_SYSTEM = (
    ("linux", "/etc/gemini-cli"),
    ("macos", "/Library/Application Support/GeminiCli"),
    ("windows", "/ProgramData/gemini-cli"),
)


# VS Code's own builds: its MCP files and settings (Copilot's), and the agent extensions installed in it
VSCODE_BUILDS = (
    ("Code", "VS Code"),
    ("Code - Insiders", "VS Code Insiders"),
    ("VSCodium", "VSCodium"),
    ("VSCodium - Insiders", "VSCodium Insiders"),
)
# VS Code forks with MCP files of their own (rows below), in which the same agent extensions install from Open
# VSX: an extension keeps its settings in the globalStorage of the editor it runs in (its globalStorageUri,
# <user data folder>/User/globalStorage/<extension id>), so Cline in Cursor reads Cursor's folder, not Code's
VSCODE_FORKS = (
    ("Cursor", "Cursor"),
    ("Windsurf", "Windsurf"),
    ("Trae", "Trae"),
    ("Trae CN", "Trae CN"),
    ("Kiro", "Kiro"),
    ("Antigravity", "Antigravity"),
)


def _vscode_family() -> list[McpLocation]:
    rows = []
    for folder, label in VSCODE_BUILDS:
        user = "{ud}/" + folder + "/User"
        rows += [
            McpLocation("github-copilot", label, user + "/mcp.json", "jsonc", "servers"),
            # each profile's own (a profile in use reads its folder's mcp.json, not the default one's)
            McpLocation("github-copilot", f"{label} (profile)", user + "/profiles/*/mcp.json", "jsonc", "servers"),
            McpLocation("github-copilot", label, user + "/settings.json", "jsonc", "mcp.servers"),
            # Amp's editor extension: one flat key with a dot in its name, in the same settings.json
            McpLocation("amp", f"Amp ({label})", user + "/settings.json", "jsonc", "amp.mcpServers"),
        ]
    for folder, label in VSCODE_BUILDS + VSCODE_FORKS:
        rows += _agent_extensions("{ud}/" + folder + "/User/globalStorage", label)
    return rows


def _agent_extensions(storage: str, label: str) -> list[McpLocation]:
    """The MCP settings files of the agent extensions an editor's ``globalStorage`` folder may hold."""
    return [
        McpLocation(
            "cline",
            f"Cline ({label})",
            storage + "/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
            "json",
            "mcpServers",
        ),
        McpLocation(
            "roo-code",
            f"Roo Code ({label})",
            storage + "/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
            "json",
            "mcpServers",
        ),
        McpLocation(
            "roo-code",
            f"Roo Code ({label})",
            storage + "/rooveterinaryinc.roo-cline/settings/cline_mcp_settings.json",
            "json",
            "mcpServers",
        ),
        McpLocation(  # Kilo Code before its 2026 rewrite (a fork of Roo Code: the same file)
            "kilo-code",
            f"Kilo Code ({label})",
            storage + "/kilocode.kilo-code/settings/mcp_settings.json",
            "json",
            "mcpServers",
        ),
    ]


# Zed's settings.json (crates/paths/src/paths.rs config_dir): XDG_CONFIG_HOME's zed/ on Linux (the Flatpak's own
# under ~/.var/app), ~/.config/zed on macOS, %APPDATA%\Zed on Windows
ZED_SETTINGS = (
    ("{xdg_config}/zed/settings.json", "linux"),
    ("{home}/.var/app/dev.zed.Zed/config/zed/settings.json", "linux"),
    ("{home}/.config/zed/settings.json", "macos"),
    ("{appdata}/Zed/settings.json", "windows"),
)
# the settings a Zed build lays over the file's own (UserSettingsContent: ReleaseChannelOverrides { dev, nightly,
# preview, stable } for the build's channel, PlatformOverrides { macos, linux, windows } for the machine's), and
# those of each named settings profile ("profiles": {name: {"settings": {...}}}), laid over them when selected
ZED_CHANNELS = ("stable", "preview", "nightly", "dev")


def _zed() -> list[McpLocation]:
    rows = []
    for path, platform in ZED_SETTINGS:
        for within in ("", *(f"{ch}." for ch in ZED_CHANNELS), f"{platform}.", "profiles.*.settings."):
            rows.append(McpLocation("zed", "Zed", path, "jsonc", within + "context_servers", (platform,)))
    return rows


def _opencode_global(client: str, label: str, app: str, names: tuple[str, ...]) -> list[McpLocation]:
    """opencode's global config files (and its forks'): ``names`` in its folder under xdg-basedir's config folder,
    ~/.config, and XDG_CONFIG_HOME's when it moves it (Linux and macOS: the scan knows no XDG folder on Windows),
    each read for "mcp" as JSON with comments (opencode parses every one of them with jsonc-parser)."""
    rows = []
    for name in names:
        rows.append(McpLocation(client, label, f"{{home}}/.config/{app}/{name}", "jsonc", "mcp"))
        rows.append(McpLocation(client, label, f"{{xdg_config}}/{app}/{name}", "jsonc", "mcp", ("linux", "macos")))
    return rows


# the folder an administrator deploys opencode's config in, laid over every other (managedConfigDir,
# opencode-linux-x64 1.19.5: /etc/opencode, /Library/Application Support/opencode, %ProgramData%/opencode), and
# Kilo's (@kilocode/cli-linux-x64 7.7.9: /etc/kilo, ...); each read for its config files' names
OPENCODE_MANAGED = (
    ("linux", "/etc/opencode"),
    ("macos", "/Library/Application Support/opencode"),
    ("windows", "/ProgramData/opencode"),
)
KILO_MANAGED = (
    ("linux", "/etc/kilo"),
    ("macos", "/Library/Application Support/kilo"),
    ("windows", "/ProgramData/kilo"),
)
KILO_FILES = ("kilo.jsonc", "kilo.json", "opencode.jsonc", "opencode.json")  # Kilo's ALL_CONFIG_FILES


def _managed(
    client: str, label: str, folders: tuple[tuple[str, str], ...], names: tuple[str, ...]
) -> list[McpLocation]:
    return [
        McpLocation(client, label, f"{folder}/{name}", "jsonc", "mcp", (platform,))
        for platform, folder in folders
        for name in names
    ]


def _kilo_cli() -> list[McpLocation]:
    """The Kilo CLI's config folders besides ~/.config/kilo (ConfigPaths.directories, @kilocode/cli 7.7.9):
    ~/.kilocode and ~/.kilo in the home, the folder KILO_CONFIG_DIR names, the one file KILO_CONFIG names,
    and the managed folder, each folder read for KILO_FILES ("mcp", opencode's shape)."""
    rows = [
        McpLocation("kilo-code", "Kilo Code", f"{{home}}/{folder}/{name}", "jsonc", "mcp")
        for folder in (".kilocode", ".kilo")
        for name in KILO_FILES
    ]
    rows += [
        McpLocation("kilo-code", "Kilo Code (KILO_CONFIG_DIR)", f"{{env:KILO_CONFIG_DIR}}/{name}", "jsonc", "mcp")
        for name in KILO_FILES
    ]
    rows.append(McpLocation("kilo-code", "Kilo Code (KILO_CONFIG)", "{env:KILO_CONFIG}", "jsonc", "mcp"))
    return rows + _managed("kilo-code", "Kilo Code (managed)", KILO_MANAGED, KILO_FILES)


# Cline's CLI (@cline/cli-linux-x64 3.0.65): CLINE_MCP_SETTINGS_PATH names its MCP settings file, else it is
# settings/cline_mcp_settings.json in its data folder (CLINE_DATA_DIR, else data/ in CLINE_DIR or ~/.cline); and
# the mcp.json of each agent plugin in its plugin folders (<CLINE_DIR or ~/.cline>/plugins, ~/Documents/Cline/
# Plugins, ~/.agents/plugins: one level, each plugin's folder; a project's .cline/plugins is not read)
CLINE_CLI: tuple[McpLocation, ...] = (
    McpLocation("cline", "Cline CLI", "{home}/.cline/data/settings/cline_mcp_settings.json", "json", "mcpServers"),
    McpLocation(
        "cline",
        "Cline CLI (CLINE_DIR)",
        "{env:CLINE_DIR}/data/settings/cline_mcp_settings.json",
        "json",
        "mcpServers",
    ),
    McpLocation(
        "cline",
        "Cline CLI (CLINE_DATA_DIR)",
        "{env:CLINE_DATA_DIR}/settings/cline_mcp_settings.json",
        "json",
        "mcpServers",
    ),
    McpLocation("cline", "Cline CLI (CLINE_MCP_SETTINGS_PATH)", "{env:CLINE_MCP_SETTINGS_PATH}", "json", "mcpServers"),
    *(
        McpLocation("cline", "Cline CLI plugin", f"{folder}/*/mcp.json", "json", "mcpServers")
        for folder in (
            "{home}/.cline/plugins",
            "{env:CLINE_DIR}/plugins",
            "{home}/Documents/Cline/Plugins",
            "{home}/.agents/plugins",
        )
    ),
)


MCP_LOCATIONS: tuple[McpLocation, ...] = (
    McpLocation("claude-code", "Claude Code", "{claude_json}", "claude_json", "mcpServers"),
    # the files Claude Code reads in place of .claude.json, in its shape: {claude}/.config.json (cli.js 2.1.100:
    # whenever it exists; claude-code-linux-x64 2.1.337: when not empty, or writable), and, when
    # CLAUDE_CODE_CUSTOM_OAUTH_URL is set, .claude-custom-oauth.json beside .claude.json (`.claude${_F()}.json`)
    McpLocation("claude-code", "Claude Code", "{claude}/.config.json", "claude_json", "mcpServers"),
    McpLocation("claude-code", "Claude Code", "{home}/.claude-custom-oauth.json", "claude_json", "mcpServers"),
    McpLocation(
        "claude-code",
        "Claude Code",
        "{env:CLAUDE_CONFIG_DIR}/.claude-custom-oauth.json",
        "claude_json",
        "mcpServers",
    ),
    # the servers an administrator deploys for every Claude Code session of the machine (managed-mcp.json,
    # beside managed-settings.json): the company's own, and still judged (a user with admin rights can add one)
    McpLocation("claude-code", CLAUDE_MANAGED, "/etc/claude-code/managed-mcp.json", "json", "mcpServers", ("linux",)),
    McpLocation(
        "claude-code",
        CLAUDE_MANAGED,
        "/Library/Application Support/ClaudeCode/managed-mcp.json",
        "json",
        "mcpServers",
        ("macos",),
    ),
    McpLocation(
        "claude-code",
        CLAUDE_MANAGED,
        "{programfiles}/ClaudeCode/managed-mcp.json",
        "json",
        "mcpServers",
        ("windows",),
    ),
    McpLocation("claude-desktop", "Claude Desktop", "{ud}/Claude/claude_desktop_config.json", "json", "mcpServers"),
    McpLocation(  # the packaged (MSIX) install: Windows keeps its data folder apart
        "claude-desktop",
        "Claude Desktop",
        "{localappdata}/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/claude_desktop_config.json",
        "json",
        "mcpServers",
        ("windows",),
    ),
    McpLocation("cursor", "Cursor", "{home}/.cursor/mcp.json", "json", "mcpServers"),
    McpLocation("windsurf", "Windsurf", "{home}/.codeium/windsurf/mcp_config.json", "json", "mcpServers"),
    McpLocation("windsurf", "Windsurf", "{home}/.windsurf/mcp.json", "json", "mcpServers"),
    *_vscode_family(),
    *_gemini_settings("mcpServers"),
    # each installed extension's manifest: its servers start with Gemini CLI as those in settings.json do (a linked
    # one's is in the folder its install record names, which Gemini CLI reads instead)
    *(
        McpLocation(
            "gemini-cli",
            "Gemini CLI extension",
            f"{home}/.gemini/extensions/*/gemini-extension.json",
            "json",
            "mcpServers",
            linked_by=GEMINI_INSTALL_RECORD,
        )
        for home in ("{home}", "{env:GEMINI_CLI_HOME}")
    ),
    McpLocation("antigravity", "Antigravity", "{home}/.gemini/antigravity/mcp_config.json", "json", "mcpServers"),
    # Qwen Code, a fork of Gemini CLI: the same two places under ~/.qwen
    McpLocation("qwen-code", "Qwen Code", "{home}/.qwen/settings.json", "json", "mcpServers"),
    McpLocation(
        "qwen-code",
        "Qwen Code extension",
        "{home}/.qwen/extensions/*/qwen-extension.json",
        "json",
        "mcpServers",
        linked_by=QWEN_INSTALL_RECORD,
    ),
    *_qwen_settings("mcpServers"),
    McpLocation(  # the extensions in the folder QWEN_HOME moves ~/.qwen to (Storage.getUserExtensionsDir)
        "qwen-code",
        "Qwen Code extension",
        "{env:QWEN_HOME}/extensions/*/qwen-extension.json",
        "json",
        "mcpServers",
        linked_by=QWEN_INSTALL_RECORD,
    ),
    McpLocation("openai-codex", "Codex", "{codex}/config.toml", "toml", "mcp_servers"),
    # the layers Codex lays its config from (codex-rs/config/src/loader/mod.rs): the system config.toml under
    # the user's, and a profile's own file, <name>.config.toml beside config.toml, over it when selected
    # (codex --profile NAME); [mcp_servers.*] in any of them starts with Codex
    McpLocation("openai-codex", "Codex (system)", "/etc/codex/config.toml", "toml", "mcp_servers", ("linux", "macos")),
    McpLocation(
        "openai-codex", "Codex (system)", "/ProgramData/OpenAI/Codex/config.toml", "toml", "mcp_servers", ("windows",)
    ),
    McpLocation("openai-codex", "Codex (profile)", "{codex}/*.config.toml", "toml", "mcp_servers"),
    # the legacy managed layer, laid over every other ("legacy managed_config.toml", @openai/codex 0.171.0 on
    # Linux and macOS; its Windows build no longer reads one)
    McpLocation(
        "openai-codex",
        "Codex (managed)",
        "/etc/codex/managed_config.toml",
        "toml",
        "mcp_servers",
        ("linux", "macos"),
    ),
    # Copilot CLI's, and since 2026 the one VS Code's Copilot shares with it ("local" is its word for stdio)
    McpLocation("github-copilot", "Copilot CLI", "{copilot}/mcp-config.json", "json", "mcpServers"),
    McpLocation("amazon-q", "Amazon Q", "{home}/.aws/amazonq/mcp.json", "json", "mcpServers"),
    McpLocation("amazon-q", "Amazon Q", "{home}/.aws/amazonq/agents/default.json", "json", "mcpServers"),
    McpLocation("kiro", "Kiro", "{home}/.kiro/settings/mcp.json", "json", "mcpServers"),
    *_zed(),
    *_opencode_global("opencode", "opencode", "opencode", ("config.json", "opencode.json", "opencode.jsonc")),
    # the config folders opencode reads opencode.json(c) in besides its own: ~/.opencode, and OPENCODE_CONFIG_DIR;
    # and the one file OPENCODE_CONFIG names (packages/opencode/src/config/config.ts, paths.ts)
    McpLocation("opencode", "opencode", "{home}/.opencode/opencode.json", "jsonc", "mcp"),
    McpLocation("opencode", "opencode", "{home}/.opencode/opencode.jsonc", "jsonc", "mcp"),
    McpLocation(
        "opencode", "opencode (OPENCODE_CONFIG_DIR)", "{env:OPENCODE_CONFIG_DIR}/opencode.json", "jsonc", "mcp"
    ),
    McpLocation(
        "opencode", "opencode (OPENCODE_CONFIG_DIR)", "{env:OPENCODE_CONFIG_DIR}/opencode.jsonc", "jsonc", "mcp"
    ),
    McpLocation("opencode", "opencode (OPENCODE_CONFIG)", "{env:OPENCODE_CONFIG}", "jsonc", "mcp"),
    *_managed("opencode", "opencode (managed)", OPENCODE_MANAGED, ("opencode.json", "opencode.jsonc")),
    # Kilo Code since 2026, a fork of opencode (its extension and CLI share opencode's format: "mcp", a command as
    # a list), reads its own names beside opencode's in ~/.config/kilo
    *_opencode_global(
        "kilo-code", "Kilo Code", "kilo", ("config.json", "kilo.json", "kilo.jsonc", "opencode.json", "opencode.jsonc")
    ),
    *_kilo_cli(),
    McpLocation("crush", "Crush", "{home}/.config/crush/crush.json", "json", "mcp"),
    # Factory Bridge runs the MCP servers of Factory's agents (droids) on the machine
    McpLocation(
        "factory-droid", "Factory Bridge", "{ud}/Factory Bridge/mcp.json", "json", "mcpServers", ("macos", "windows")
    ),
    # Factory's droid CLI (type stdio | http; "disabled")
    McpLocation("factory-droid", "Factory Droid", "{home}/.factory/mcp.json", "json", "mcpServers"),
    # Amp's CLI (~/.config/amp on Windows too; AMP_SETTINGS_FILE names another file for one run) and the
    # settings an administrator deploys for every user
    McpLocation("amp", "Amp", "{home}/.config/amp/settings.json", "jsonc", "amp.mcpServers"),
    McpLocation("amp", "Amp", "{home}/.config/amp/settings.jsonc", "jsonc", "amp.mcpServers"),
    McpLocation("amp", "Amp", "{xdg_config}/amp/settings.json", "jsonc", "amp.mcpServers", ("linux", "macos")),
    McpLocation("amp", "Amp", "{xdg_config}/amp/settings.jsonc", "jsonc", "amp.mcpServers", ("linux", "macos")),
    McpLocation("amp", "Amp (managed)", "/etc/ampcode/managed-settings.json", "jsonc", "amp.mcpServers", ("linux",)),
    McpLocation(
        "amp",
        "Amp (managed)",
        "/Library/Application Support/ampcode/managed-settings.json",
        "jsonc",
        "amp.mcpServers",
        ("macos",),
    ),
    McpLocation(
        "amp", "Amp (managed)", "/ProgramData/ampcode/managed-settings.json", "jsonc", "amp.mcpServers", ("windows",)
    ),
    # Augment's Auggie CLI
    McpLocation("augment", "Auggie CLI", "{home}/.augment/settings.json", "json", "mcpServers"),
    # JetBrains Junie (the path the installers of MCP servers write, e.g. Laravel Boost)
    McpLocation("junie", "Junie", "{home}/.junie/mcp/mcp.json", "json", "mcpServers"),
    # Kimi CLI (KIMI_SHARE_DIR moves ~/.kimi) and its successor Kimi Code (KIMI_CODE_HOME)
    McpLocation("kimi-cli", "Kimi CLI", "{kimi}/mcp.json", "json", "mcpServers"),
    McpLocation("kimi-cli", "Kimi Code", "{kimi_code}/mcp.json", "json", "mcpServers"),
    # Mistral Vibe (VIBE_HOME moves ~/.vibe): a list of [[mcp_servers]], each with its name
    McpLocation("mistral-vibe", "Mistral Vibe", "{vibe}/config.toml", "toml", "mcp_servers"),
    McpLocation("lm-studio", "LM Studio", "{home}/.lmstudio/mcp.json", "json", "mcpServers"),
    # OpenHands CLI (OPENHANDS_PERSISTENCE_DIR moves ~/.openhands)
    McpLocation("openhands", "OpenHands", "{openhands}/mcp.json", "json", "mcpServers"),
    # ~/.grok (GROK_HOME): the community Grok CLI's settings (a list under "mcp.servers", each with an id and a
    # label), and xAI's own Grok Build (config.toml, [mcp_servers.<name>] as Codex writes them)
    McpLocation("grok-cli", "Grok CLI", "{grok}/user-settings.json", "json", "mcp.servers"),
    McpLocation("grok-cli", "Grok Build (xAI)", "{grok}/config.toml", "toml", "mcp_servers"),
    # Tabnine's agent, and the file its IDE agent read before
    McpLocation("tabnine", "Tabnine", "{home}/.tabnine/agent/settings.json", "json", "mcpServers"),
    McpLocation("tabnine", "Tabnine", "{home}/.tabnine/mcp_servers.json", "json", "mcpServers"),
    # Warp's file-based servers (those added in its window are kept in a database, which is not read)
    McpLocation("warp", "Warp", "{home}/.warp/.mcp.json", "json", "mcpServers"),
    # VS Code forks keeping MCP servers in a file of their own (as the installers of MCP servers write it)
    McpLocation("trae", "Trae", "{ud}/Trae/User/mcp.json", "json", "mcpServers"),
    McpLocation("trae", "Trae CN", "{ud}/Trae CN/User/mcp.json", "json", "mcpServers"),
    McpLocation("qoder", "Qoder", "{ud}/Qoder/SharedClientCache/mcp.json", "json", "mcpServers"),
    McpLocation("qoder", "Qoder CLI", "{home}/.qoder/settings.json", "json", "mcpServers"),
    McpLocation("continue", "Continue", "{home}/.continue/mcpServers/*.json", "json", "mcpServers"),
    McpLocation("continue", "Continue", "{home}/.continue/config.yaml", "yaml", "mcpServers"),
    McpLocation("continue", "Continue", "{home}/.continue/mcpServers/*.yaml", "yaml", "mcpServers"),
    McpLocation("continue", "Continue", "{home}/.continue/mcpServers/*.yml", "yaml", "mcpServers"),
    # CONTINUE_GLOBAL_DIR moves ~/.continue whole (continueHome, @continuedev/cli 1.5.47)
    *(
        McpLocation(
            "continue", "Continue (CONTINUE_GLOBAL_DIR)", f"{{env:CONTINUE_GLOBAL_DIR}}/{name}", fmt, "mcpServers"
        )
        for name, fmt in (
            ("config.yaml", "yaml"),
            ("mcpServers/*.json", "json"),
            ("mcpServers/*.yaml", "yaml"),
            ("mcpServers/*.yml", "yaml"),
        )
    ),
    *CLINE_CLI,
    McpLocation("goose", "Goose", "{xdg_config}/goose/config.yaml", "yaml", "extensions", ("linux", "macos")),
    McpLocation("goose", "Goose", "{appdata}/Block/goose/config/config.yaml", "yaml", "extensions", ("windows",)),
)

# project folders read from a tool's own list (~/.claude.json's projects, Codex's trusted projects); beyond it the
# list itself is an unchecked config (it needs action): a list padded by hand must not push a project out of sight
MAX_PROJECTS = 500
PROJECT_LIST_HOLDS = "project MCP servers and settings"  # what a project list past MAX_PROJECTS may hide
MAX_FOLDER_FILES = 100  # files read from one listed folder (Continue's mcpServers/); more: an unchecked config


# the folder tokens a variable moves whole (CLAUDE_CONFIG_DIR moves two: the folder and .claude.json)
# the settings files whose "hooks" have Claude Code's shape ({event: [{matcher, hooks: [{type, command}]}]}) in
# the agents that took it: Gemini CLI (the files it reads its servers from), Qwen Code, its fork, and Tabnine's
# agent CLI, built on it. The hooks of their projects' own settings: PROJECT_HOOK_LOCATIONS
HOOK_LOCATIONS: tuple[McpLocation, ...] = (
    *_gemini_settings("hooks"),
    # each installed Gemini CLI extension's hooks/hooks.json (the same shape, under "hooks")
    *(
        McpLocation(
            "gemini-cli",
            "Gemini CLI extension",
            f"{home}/.gemini/extensions/*/hooks/hooks.json",
            "json",
            "hooks",
            linked_by=GEMINI_INSTALL_RECORD,
        )
        for home in ("{home}", "{env:GEMINI_CLI_HOME}")
    ),
    McpLocation("qwen-code", "Qwen Code", "{home}/.qwen/settings.json", "json", "hooks"),
    *_qwen_settings("hooks"),
    McpLocation("tabnine", "Tabnine", "{home}/.tabnine/agent/settings.json", "json", "hooks"),
)
# the MCP files a client reads in each folder of one of its project lists (a template starting with a project
# token, tui.core.agents.projects; Claude Code's .mcp.json is read with ~/.claude.json): Codex's trusted
# projects' own config, Copilot CLI's in the folders the user trusted, Gemini CLI's and Qwen Code's in theirs,
# and the editors' in the folders they have opened, for themselves and for the agent extensions that run in
# them and read a workspace's own file (Roo Code, Kilo Code, Continue, Amazon Q)
PROJECT_MCP_LOCATIONS: tuple[McpLocation, ...] = (
    McpLocation("openai-codex", "Codex (project)", "{codex_project}/.codex/config.toml", "toml", "mcp_servers"),
    McpLocation("github-copilot", "Copilot CLI (project)", "{copilot_project}/.mcp.json", "json", "mcpServers"),
    McpLocation("github-copilot", "Copilot CLI (project)", "{copilot_project}/.github/mcp.json", "json", "mcpServers"),
    McpLocation("github-copilot", "VS Code (project)", "{vscode_project}/.vscode/mcp.json", "jsonc", "servers"),
    # since late 2026 VS Code also reads Copilot's portable format at a workspace's root
    McpLocation("github-copilot", "VS Code (project)", "{vscode_project}/.mcp.json", "json", "mcpServers"),
    McpLocation("cursor", "Cursor (project)", "{cursor_project}/.cursor/mcp.json", "json", "mcpServers"),
    McpLocation("kiro", "Kiro (project)", "{kiro_project}/.kiro/settings/mcp.json", "json", "mcpServers"),
    McpLocation("zed", "Zed (project)", "{zed_project}/.zed/settings.json", "jsonc", "context_servers"),
    McpLocation("gemini-cli", "Gemini CLI (project)", "{gemini_project}/.gemini/settings.json", "jsonc", "mcpServers"),
    McpLocation("qwen-code", "Qwen Code (project)", "{qwen_project}/.qwen/settings.json", "jsonc", "mcpServers"),
    *(
        row
        for editor in ("vscode_project", "cursor_project")
        for row in (
            McpLocation("roo-code", "Roo Code (project)", f"{{{editor}}}/.roo/mcp.json", "json", "mcpServers"),
            McpLocation("kilo-code", "Kilo Code (project)", f"{{{editor}}}/.kilocode/mcp.json", "json", "mcpServers"),
            McpLocation("amazon-q", "Amazon Q (project)", f"{{{editor}}}/.amazonq/mcp.json", "json", "mcpServers"),
            McpLocation(
                "continue", "Continue (project)", f"{{{editor}}}/.continue/mcpServers/*.yaml", "yaml", "mcpServers"
            ),
            McpLocation(
                "continue", "Continue (project)", f"{{{editor}}}/.continue/mcpServers/*.json", "json", "mcpServers"
            ),
        )
    ),
)
# the hooks of the same agents' trusted projects' own settings (in the format the MCP scan reads the file in)
PROJECT_HOOK_LOCATIONS: tuple[McpLocation, ...] = tuple(
    McpLocation(loc.client, loc.label, loc.template, loc.format, "hooks")
    for loc in PROJECT_MCP_LOCATIONS
    if loc.client in ("gemini-cli", "qwen-code")
)

_MOVED_BY = {
    "codex": "CODEX_HOME",
    "copilot": "COPILOT_HOME",
    "kimi": "KIMI_SHARE_DIR",
    "kimi_code": "KIMI_CODE_HOME",
    "vibe": "VIBE_HOME",
    "openhands": "OPENHANDS_PERSISTENCE_DIR",
    "grok": "GROK_HOME",
}


def agent_token_sets(machine: Machine) -> list[dict[str, str]]:
    """The tokens to read with: the defaults (``~/.claude``, ``~/.claude.json``, ``~/.codex``, ``~/.copilot``)
    first, then, when ``CLAUDE_CONFIG_DIR``, ``CODEX_HOME`` or ``COPILOT_HOME`` moves a folder, the moved one too. Both are read: a variable set for
    aicheck's run alone must not move the scan away from the files the tools themselves use."""
    sets = environment_sets(machine)  # XDG_CONFIG_HOME / XDG_DATA_HOME: the defaults, then the moved folders
    home = sets[0]["home"]
    ours = {
        "claude": f"{home}/.claude",
        "claude_json": f"{home}/.claude.json",
        "codex": f"{home}/.codex",
        "copilot": f"{home}/.copilot",
        "kimi": f"{home}/.kimi",
        "kimi_code": f"{home}/.kimi-code",
        "vibe": f"{home}/.vibe",
        "openhands": f"{home}/.openhands",
        "grok": f"{home}/.grok",
    }
    default = sets[0] | ours
    moved = sets[-1] | ours
    claude_dir = machine.env.get("CLAUDE_CONFIG_DIR", "").strip()
    if claude_dir:
        moved["claude"] = to_machine_path(claude_dir)
        moved["claude_json"] = to_machine_path(claude_dir) + "/.claude.json"
    for token, variable in _MOVED_BY.items():
        folder = machine.env.get(variable, "").strip()
        if folder:
            moved[token] = to_machine_path(folder)
    out = [default] if moved == default else [default, moved]
    for extra in token_sets(machine)[len(sets) :]:  # the folders the shell startup files export
        agent = extra | ours
        if "env:CLAUDE_CONFIG_DIR" in extra:
            agent["claude"] = extra["env:CLAUDE_CONFIG_DIR"]
            agent["claude_json"] = extra["env:CLAUDE_CONFIG_DIR"] + "/.claude.json"
        for token, variable in _MOVED_BY.items():
            if "env:" + variable in extra:
                agent[token] = extra["env:" + variable]
        if agent not in out:
            out.append(agent)
    return out


def expand_location(loc: McpLocation, machine: Machine, toks: dict[str, str]) -> str | None:
    if machine.platform not in loc.platforms:
        return None
    return expand(loc.template, machine, toks)
