"""MCP configuration places the clients load and a scan once left unread: the same agent extensions in other
VS Code-family editors, Codex's system and profile layers, Zed's overrides, opencode's other files and Gemini
CLI's linked extensions. Each place holds a remote server on a synthetic machine (real files), and the real
``check`` must find it prohibited (exit 1) and name the file and key to remove."""

from __future__ import annotations

import json

import pytest

from tui.cli import main
from tui.demo.synthetic import SyntheticMachine

REMOTE = {"type": "http", "url": "https://evil.example.com/mcp"}


def check(capsys, m: SyntheticMachine, *extra: str) -> tuple[int, dict]:
    code = main(["check", "--json", *m.cli_args(), *extra])
    out, _err = capsys.readouterr()
    return code, json.loads(out)


def found(report: dict, name: str) -> dict:
    [server] = [s for s in report["mcp_servers"] if s["name"] == name]
    return server


def expand(m: SyntheticMachine, where: str) -> str:
    return where.replace("{ud}", m.ud).replace("{home}", m.home)


@pytest.mark.parametrize(
    "editor, label",
    [
        ("Cursor", "Cursor"),
        ("Windsurf", "Windsurf"),
        ("Trae", "Trae"),
        ("Trae CN", "Trae CN"),
        ("Kiro", "Kiro"),
        ("Antigravity", "Antigravity"),
        ("VSCodium - Insiders", "VSCodium Insiders"),
    ],
)
@pytest.mark.parametrize(
    "extension, client, name",
    [
        ("saoudrizwan.claude-dev/settings/cline_mcp_settings.json", "cline", "Cline"),
        ("rooveterinaryinc.roo-cline/settings/mcp_settings.json", "roo-code", "Roo Code"),
        ("kilocode.kilo-code/settings/mcp_settings.json", "kilo-code", "Kilo Code"),
    ],
)
def test_agent_extensions_in_other_vs_code_family_editors(
    capsys, machine_factory, platform_name, editor, label, extension, client, name
):
    """Cline, Roo Code and Kilo Code keep their MCP settings in the globalStorage of the editor they run in:
    installed in Cursor, Windsurf or another fork, their servers are in that editor's user folder."""
    m = machine_factory(platform_name)
    path = m.write_json(f"{m.ud}/{editor}/User/globalStorage/{extension}", {"mcpServers": {"r": REMOTE}})
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and server["verdict"] == "prohibited" and server["action_required"]
    assert (server["client"], server["client_label"]) == (client, f"{name} ({label})")
    assert server["config"] == m.machine().display(path) and server["key"] == "mcpServers.r"


CODEX_REMOTE = '[mcp_servers.r]\nurl = "https://evil.example.com/mcp"\n'


@pytest.mark.parametrize(
    "platform_name, where, label",
    [
        ("linux", "/etc/codex/config.toml", "Codex (system)"),
        ("macos", "/etc/codex/config.toml", "Codex (system)"),
        ("windows", "/ProgramData/OpenAI/Codex/config.toml", "Codex (system)"),
        ("linux", "{home}/.codex/work.config.toml", "Codex (profile)"),
        ("macos", "{home}/.codex/work.config.toml", "Codex (profile)"),
        ("windows", "{home}/.codex/work.config.toml", "Codex (profile)"),
    ],
)
def test_codex_system_and_profile_layers(capsys, machine_factory, platform_name, where, label):
    """Codex lays its config from /etc/codex/config.toml (Windows: ProgramData\\OpenAI\\Codex) under the user's
    and from a profile's own <name>.config.toml over it (codex --profile work): servers there start too."""
    m = machine_factory(platform_name)
    m.write(m.h(".codex/config.toml"), 'model = "gpt-5"\n')
    path = m.write(expand(m, where), CODEX_REMOTE)
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and server["verdict"] == "prohibited"
    assert (server["client"], server["client_label"]) == ("openai-codex", label)
    assert server["config"] == m.machine().display(path) and server["key"] == "mcp_servers.r"


def test_codex_profiles_are_read_in_the_folder_codex_home_moves_to(capsys, machine_factory):
    """CODEX_HOME exported in ~/.bashrc moves ~/.codex: its profiles' files are read there (and only those)."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), 'export CODEX_HOME="$HOME/cfg/codex"\n')
    path = m.write(m.h("cfg/codex/ci.config.toml"), CODEX_REMOTE)
    m.write(m.h("cfg/codex/config.toml.bak"), CODEX_REMOTE.replace("[mcp_servers.r]", "[mcp_servers.other]"))
    code, report = check(capsys, m)
    assert code == 1 and found(report, "r")["config"] == path
    assert not [s for s in report["mcp_servers"] if s["name"] == "other"]  # not a profile's file: not read


ZED_SETTINGS = {
    "linux": "{home}/.config/zed/settings.json",
    "macos": "{home}/.config/zed/settings.json",
    "windows": "{ud}/Zed/settings.json",
}


@pytest.mark.parametrize("within", ["stable", "preview", "nightly", "dev", "platform"])
def test_zed_servers_in_release_channel_and_platform_overrides(capsys, machine_factory, platform_name, within):
    """Zed lays a release channel's block ("stable": {...}) and the machine's platform block ("linux": {...}) over
    the rest of settings.json: a context server in one of them starts like one at the top."""
    m = machine_factory(platform_name)
    block = platform_name if within == "platform" else within
    path = m.write(
        expand(m, ZED_SETTINGS[platform_name]),
        "// Zed settings\n" + json.dumps({"theme": "One Dark", block: {"context_servers": {"r": REMOTE}}}),
    )
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and server["verdict"] == "prohibited" and server["client"] == "zed"
    assert server["config"] == m.machine().display(path) and server["key"] == f"{block}.context_servers.r"


def test_zed_reads_another_platforms_block_nowhere(capsys, machine_factory):
    """The "macos" block of a settings.json shared through dotfiles is not applied on Linux: nothing in it runs."""
    m = machine_factory("linux")
    m.write_json(expand(m, ZED_SETTINGS["linux"]), {"macos": {"context_servers": {"r": REMOTE}}})
    code, report = check(capsys, m)
    assert code == 0 and report["mcp_servers"] == []


def test_zed_servers_in_named_settings_profiles(capsys, machine_factory, platform_name):
    """A settings profile ("profiles": {name: {"settings": {...}}}) is laid over the settings when the user
    selects it: its context servers start then. Each profile's are listed under its own key."""
    m = machine_factory(platform_name)
    profiles = {"Work": {"settings": {"context_servers": {"r": REMOTE}}}, "demo mode": {"base": "default",
                "settings": {"context_servers": {"r2": REMOTE}}}, "plain": {"settings": {"theme": "x"}}}  # fmt: skip
    path = m.write_json(expand(m, ZED_SETTINGS[platform_name]), {"profiles": profiles})
    code, report = check(capsys, m)
    assert code == 1 and found(report, "r")["key"] == "profiles.Work.settings.context_servers.r"
    assert found(report, "r2")["key"] == 'profiles["demo mode"].settings.context_servers.r2'
    assert found(report, "r2")["config"] == m.machine().display(path)


def test_zed_profiles_past_the_bound_leave_the_file_unchecked(capsys, machine_factory):
    """Padding the profiles hides nothing: past the first 100 the file needs action as an unchecked config."""
    m = machine_factory("linux")
    profiles = {f"p{i:03}": {"settings": {}} for i in range(100)} | {
        "zz": {"settings": {"context_servers": {"r": REMOTE}}}
    }
    path = m.write_json(expand(m, ZED_SETTINGS["linux"]), {"profiles": profiles})
    code, report = check(capsys, m)
    assert code == 1 and [u["config"] for u in report["unchecked_configs"]] == [path]


@pytest.mark.parametrize("folder", ["xdg", "flatpak"])
def test_zed_settings_where_xdg_config_home_or_the_flatpak_puts_them(capsys, machine_factory, folder):
    """On Linux Zed's folder is XDG_CONFIG_HOME's zed/ (here exported in ~/.profile), and the Flatpak build's
    is ~/.var/app/dev.zed.Zed/config/zed (FLATPAK_XDG_CONFIG_HOME)."""
    m = machine_factory("linux")
    if folder == "xdg":
        m.write(m.h(".profile"), 'export XDG_CONFIG_HOME="$HOME/dotfiles/config"\n')
        where = m.h("dotfiles/config/zed/settings.json")
    else:
        where = m.h(".var/app/dev.zed.Zed/config/zed/settings.json")
    path = m.write_json(where, {"context_servers": {"r": REMOTE}})
    code, report = check(capsys, m)
    assert code == 1 and found(report, "r")["config"] == path


OPENCODE_REMOTE = {"$schema": "https://opencode.ai/config.json", "mcp": {"r": {"type": "remote", "url": REMOTE["url"]}}}


@pytest.mark.parametrize(
    "where, client",
    [
        ("{home}/.config/opencode/config.json", "opencode"),
        ("{home}/.opencode/opencode.json", "opencode"),
        ("{home}/.opencode/opencode.jsonc", "opencode"),
        ("{home}/.config/kilo/config.json", "kilo-code"),
        ("{home}/.config/kilo/opencode.jsonc", "kilo-code"),
    ],
)
def test_opencode_global_config_files(capsys, machine_factory, platform_name, where, client):
    """opencode's global config.json (what `opencode mcp add` wrote) beside opencode.json(c), the ~/.opencode
    folder it reads too, and the same names in Kilo Code's folder (its fork)."""
    m = machine_factory(platform_name)
    path = m.write(expand(m, where), "// written by hand\n" + json.dumps(OPENCODE_REMOTE))
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and server["verdict"] == "prohibited" and server["client"] == client
    assert server["config"] == m.machine().display(path) and server["key"] == "mcp.r"


@pytest.mark.parametrize(
    "line, where, label",
    [
        ('export OPENCODE_CONFIG="$HOME/team/oc.json"', "team/oc.json", "opencode (OPENCODE_CONFIG)"),
        ('export OPENCODE_CONFIG_DIR="$HOME/team/oc"', "team/oc/opencode.json", "opencode (OPENCODE_CONFIG_DIR)"),
        ('export XDG_CONFIG_HOME="$HOME/cfg"', "cfg/opencode/opencode.json", "opencode"),
        ('export XDG_CONFIG_HOME="$HOME/cfg"', "cfg/kilo/kilo.json", "Kilo Code"),
    ],
)
def test_opencode_files_the_shell_startup_files_name(capsys, machine_factory, line, where, label):
    """OPENCODE_CONFIG (a file of its own), OPENCODE_CONFIG_DIR (a folder whose opencode.json(c) is read) and
    XDG_CONFIG_HOME (which moves ~/.config) exported in ~/.zshrc: every session started from the shell reads them."""
    m = machine_factory("macos")
    m.write(m.h(".zshrc"), line + "\n")
    path = m.write_json(m.h(where), OPENCODE_REMOTE)
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and server["config"] == path and server["client_label"] == label


def test_opencode_files_this_processs_environment_names(machine_factory, pack):
    """The same variables set in the environment of the live machine's scan."""
    from tui.core.scanner import scan

    m = machine_factory("linux")
    m.env = {"OPENCODE_CONFIG": m.h("x/oc.jsonc"), "OPENCODE_CONFIG_DIR": m.h("y")}
    first = m.write_json(m.h("x/oc.jsonc"), OPENCODE_REMOTE)
    second = m.write_json(m.h("y/opencode.jsonc"), {"mcp": {"r2": {"type": "remote", "url": REMOTE["url"]}}})
    report = scan(m.machine(), pack)
    got = {(f.item.name, f.item.config, f.verdict) for f in report.surface.servers}
    assert got == {("r", first, "prohibited"), ("r2", second, "prohibited")}


def link_extension(m: SyntheticMachine, source: str, *, record: str = ".gemini-extension-install.json") -> str:
    """What `gemini extensions link <source>` leaves: the extension's folder holds its install record alone."""
    folder = ".qwen/extensions/helper" if record.startswith(".qwen") else ".gemini/extensions/helper"
    shown = source.replace("/", "\\") if m.platform == "windows" and source.startswith("/") else source
    written = "C:" + shown if m.platform == "windows" and source.startswith("/") else shown
    return m.write_json(m.h(f"{folder}/{record}"), {"source": written, "type": "link"})


LINKED_MANIFEST = {"name": "helper", "version": "1.0.0", "mcpServers": {"r": {"httpUrl": REMOTE["url"]}}}


def test_a_linked_gemini_cli_extension_is_read_where_its_source_is(capsys, machine_factory, platform_name):
    """`gemini extensions link ~/src/helper-ext` copies nothing: Gemini CLI reads gemini-extension.json (and the
    hooks) in the source folder the install record names, and ignores anything in the extension's own folder."""
    m = machine_factory(platform_name)
    source = m.h("src/helper-ext")
    manifest = m.write_json(f"{source}/gemini-extension.json", LINKED_MANIFEST)
    hooks = m.write_json(
        f"{source}/hooks/hooks.json",
        {"hooks": {"BeforeTool": [{"hooks": [{"type": "command", "command": "curl https://evil.example.com"}]}]}},
    )
    link_extension(m, source)
    m.write_json(m.h(".gemini/extensions/helper/gemini-extension.json"), {"name": "helper", "version": "0.1.0",
                 "mcpServers": {"decoy": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]}}})  # fmt: skip
    m.write_json(m.h(".gemini/settings.json"), {})
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and server["verdict"] == "prohibited" and server["client"] == "gemini-cli"
    assert server["config"] == m.machine().display(manifest) and server["key"] == "mcpServers.r"
    assert not [s for s in report["mcp_servers"] if s["name"] == "decoy"]  # the folder's own: Gemini reads none of it
    [hook] = [e for e in report["agent_extensions"] if e["kind"] == "hook"]
    assert hook["config"] == m.machine().display(hooks) and hook["client"] == "gemini-cli"


def test_a_linked_gemini_cli_extensions_skills_are_read_where_its_source_is(capsys, machine_factory):
    """The skills a linked extension bundles load from its source's skills/ too."""
    m = machine_factory("macos")
    source = m.h("src/helper-ext")
    m.write_json(f"{source}/gemini-extension.json", {"name": "helper", "version": "1.0.0"})
    skill = m.write(f"{source}/skills/exfil/SKILL.md", "---\nname: exfil\ndescription: Sends things\n---\n")
    link_extension(m, source)
    _code, report = check(capsys, m)
    [found_skill] = [e for e in report["agent_extensions"] if e["kind"] == "skill"]
    assert (found_skill["name"], found_skill["client"], found_skill["config"]) == ("exfil", "gemini-cli", skill)


def test_a_linked_qwen_code_extension_is_read_where_its_source_is(capsys, machine_factory):
    m = machine_factory("linux")
    source = m.h("work/qwen-ext")
    manifest = m.write_json(f"{source}/qwen-extension.json", LINKED_MANIFEST)
    link_extension(m, source, record=".qwen-extension-install.json")
    code, report = check(capsys, m)
    assert code == 1 and found(report, "r")["config"] == manifest and found(report, "r")["client"] == "qwen-code"


@pytest.mark.parametrize("source", ["src/helper-ext", "", None])
def test_a_linked_extension_whose_source_cannot_be_placed_is_unchecked(capsys, machine_factory, source):
    """A relative source (resolved against whatever folder Gemini CLI starts in) or none: what it loads is
    unknown, so the record is an unchecked config that needs action, never a clean bill."""
    m = machine_factory("linux")
    record = m.write_json(m.h(".gemini/extensions/helper/.gemini-extension-install.json"), {"source": source, "type": "link"})  # fmt: skip
    code, report = check(capsys, m)
    [unchecked] = report["unchecked_configs"]
    assert code == 1 and unchecked["config"] == record and "cannot be located" in unchecked["reason"]


def test_an_installed_extension_keeps_its_own_folder(capsys, machine_factory):
    """A record of another type ("local", "git") or one that cannot be read: Gemini CLI reads the folder itself."""
    m = machine_factory("linux")
    ext = m.h(".gemini/extensions/helper")
    m.write_json(f"{ext}/.gemini-extension-install.json", {"source": "/somewhere/else", "type": "local"})
    manifest = m.write_json(f"{ext}/gemini-extension.json", LINKED_MANIFEST)
    m.write(m.h(".gemini/extensions/other/.gemini-extension-install.json"), "{not json")
    other = m.write_json(m.h(".gemini/extensions/other/gemini-extension.json"), {"mcpServers": {"o": REMOTE}})
    code, report = check(capsys, m)
    assert code == 1 and found(report, "r")["config"] == manifest and found(report, "o")["config"] == other


@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_confined_scan_refuses_a_linked_source_outside_the_home_and_says_so(capsys, tmp_path, where):
    """In an --all-users scan each user's scan may read their home and the system folders only: a linked
    extension's source elsewhere (/srv, the user's to write) is not read, and its manifest is an unchecked
    config (what it starts is unknown), never skipped in silence. A source in the home is read as usual."""
    m = SyntheticMachine(tmp_path / "disk", "linux", home="/home/ada")
    m.write("/etc/passwd", "ada:x:1000:1000:Ada:/home/ada:/bin/bash\n")
    source = "/srv/ext/helper" if where == "outside" else m.h("src/helper")
    manifest = m.write_json(f"{source}/gemini-extension.json", LINKED_MANIFEST)
    link_extension(m, source)
    code = main(["check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux"])
    report = json.loads(capsys.readouterr()[0])["users"][0]["report"]
    assert code == 1
    if where == "inside":
        assert found(report, "r")["config"] == manifest and report["unchecked_configs"] == []
        return
    assert report["mcp_servers"] == [] and not any("/srv/" in p for p in report["audit"]["paths_read"])
    [unchecked] = [u for u in report["unchecked_configs"] if u["config"] == manifest]
    assert "outside" in unchecked["reason"] and unchecked["client"] == "gemini-cli"


# -- places the clients' published builds read that a scan once left unread (each verified in the package) --


def hooks_in(report) -> dict[str, str]:
    """Each hook's name and the file it is in, as the scan lists them."""
    return {f.item.name: f.item.config for f in report.surface.extensions if f.item.kind == "hook"}


@pytest.mark.parametrize("where", ["{home}/.claude/.config.json", "{home}/.claude-custom-oauth.json"])
def test_claude_code_files_read_in_place_of_claude_json(capsys, machine_factory, platform_name, where):
    """~/.claude/.config.json (which Claude Code reads instead of ~/.claude.json when it is there and not empty)
    and .claude-custom-oauth.json (instead of it with CLAUDE_CODE_CUSTOM_OAUTH_URL) have .claude.json's shape:
    their servers, their projects' servers and the .mcp.json of each project they list start with Claude Code."""
    m = machine_factory(platform_name)
    project = m.h("src/app")
    shown = m.machine().display(project)
    data = {"mcpServers": {"r": REMOTE}, "projects": {shown: {"mcpServers": {"r2": REMOTE}}}}
    path = m.write_json(expand(m, where), data)
    mcp_json = m.write_json(project + "/.mcp.json", {"mcpServers": {"r3": REMOTE}})
    code, report = check(capsys, m)
    assert code == 1 and found(report, "r")["config"] == m.machine().display(path)
    assert found(report, "r")["client"] == "claude-code" and found(report, "r")["key"] == "mcpServers.r"
    assert found(report, "r2")["key"] == f"projects[{json.dumps(shown)}].mcpServers.r2"
    assert found(report, "r3")["config"] == m.machine().display(mcp_json)
    assert found(report, "r3")["client_label"] == "Claude Code (project)"


def test_claude_code_files_in_claude_config_dir_and_their_projects_settings(machine_factory, pack):
    """CLAUDE_CONFIG_DIR moves both: its .config.json and the .claude-custom-oauth.json in it are read, and the
    projects they list are Claude Code's projects (their .claude/settings.json hooks run). A project listed by
    two files has its .mcp.json listed once."""
    from tui.core.scanner import scan

    m = machine_factory("linux")
    m.write(m.h(".bashrc"), 'export CLAUDE_CONFIG_DIR="$HOME/cfg/claude"\n')
    project = m.h("src/app")
    listed = {"projects": {project: {}}}
    m.write_json(m.h("cfg/claude/.config.json"), listed | {"mcpServers": {"r": REMOTE}})
    m.write_json(m.h("cfg/claude/.claude-custom-oauth.json"), listed | {"mcpServers": {"r2": REMOTE}})
    m.write_json(m.h(".claude.json"), listed)
    m.write_json(project + "/.mcp.json", {"mcpServers": {"r3": REMOTE}})
    settings = m.write_json(
        project + "/.claude/settings.json",
        {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]}},
    )
    m.write_json(m.h(".claude.json"), {})  # the project is listed by the moved files alone
    report = scan(m.machine(), pack)
    servers = sorted((f.item.name, f.item.config) for f in report.surface.servers)
    assert servers == [
        ("r", m.h("cfg/claude/.config.json")),
        ("r2", m.h("cfg/claude/.claude-custom-oauth.json")),
        ("r3", project + "/.mcp.json"),
    ]
    assert hooks_in(report) == {"Stop:notify-send": settings}


def test_an_empty_claude_config_json_holds_nothing(capsys, machine_factory):
    """A zero-byte .config.json is no config (Claude Code 2.1.337 leaves it for .claude.json): no server, and not
    an unchecked config; a non-empty one beside it (CLAUDE_CONFIG_DIR's) is read."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), 'export CLAUDE_CONFIG_DIR="$HOME/cfg/claude"\n')
    m.write(m.h(".claude/.config.json"), "")
    m.write_json(m.h(".claude.json"), {"mcpServers": {"r": REMOTE}})
    moved = m.write_json(m.h("cfg/claude/.config.json"), {"mcpServers": {"r2": REMOTE}})
    code, report = check(capsys, m)
    assert code == 1 and found(report, "r")["config"] == m.h(".claude.json") and found(report, "r2")["config"] == moved
    assert report["unchecked_configs"] == []


@pytest.mark.parametrize("platform_name", ["linux", "macos"])
def test_codex_legacy_managed_config(capsys, machine_factory, platform_name):
    """Codex 0.171.0 still lays /etc/codex/managed_config.toml ("legacy managed_config.toml") over every other
    layer on Linux and macOS: its [mcp_servers] start."""
    m = machine_factory(platform_name)
    path = m.write("/etc/codex/managed_config.toml", CODEX_REMOTE)
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and (server["client"], server["client_label"]) == ("openai-codex", "Codex (managed)")
    assert server["config"] == m.machine().display(path) and server["key"] == "mcp_servers.r"


@pytest.mark.parametrize(
    "line, where, label",
    [
        ("", ".cline/data/settings/cline_mcp_settings.json", "Cline CLI"),
        ('export CLINE_DIR="$HOME/c"', "c/data/settings/cline_mcp_settings.json", "Cline CLI (CLINE_DIR)"),
        ('export CLINE_DATA_DIR="$HOME/d"', "d/settings/cline_mcp_settings.json", "Cline CLI (CLINE_DATA_DIR)"),
        ('export CLINE_MCP_SETTINGS_PATH="$HOME/m.json"', "m.json", "Cline CLI (CLINE_MCP_SETTINGS_PATH)"),
        ("", ".cline/plugins/helper/mcp.json", "Cline CLI plugin"),
        ('export CLINE_DIR="$HOME/c"', "c/plugins/helper/mcp.json", "Cline CLI plugin"),
        ("", "Documents/Cline/Plugins/helper/mcp.json", "Cline CLI plugin"),
        ("", ".agents/plugins/helper/mcp.json", "Cline CLI plugin"),
    ],
)
def test_cline_cli_mcp_settings(capsys, machine_factory, line, where, label):
    """Cline's CLI keeps its servers in <data>/settings/cline_mcp_settings.json (CLINE_DATA_DIR, else data/ in
    CLINE_DIR or ~/.cline; CLINE_MCP_SETTINGS_PATH names the file itself), and an agent plugin brings its own in
    its folder's mcp.json."""
    m = machine_factory("macos")
    if line:
        m.write(m.h(".zshrc"), line + "\n")
    path = m.write_json(m.h(where), {"mcpServers": {"r": REMOTE}})
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and (server["client"], server["client_label"]) == ("cline", label)
    assert server["config"] == path and server["key"] == "mcpServers.r"


@pytest.mark.parametrize("name", ["config.yaml", "mcpServers/team.yaml", "mcpServers/team.json"])
def test_continue_global_dir_moves_continues_folder(capsys, machine_factory, name):
    """CONTINUE_GLOBAL_DIR moves ~/.continue whole: its config.yaml and mcpServers/ files are read there."""
    m = machine_factory("linux")
    m.write(m.h(".profile"), 'export CONTINUE_GLOBAL_DIR="$HOME/work/continue"\n')
    if name.endswith(".json"):
        path = m.write_json(m.h(f"work/continue/{name}"), {"mcpServers": {"r": REMOTE}})
    else:
        path = m.write(
            m.h(f"work/continue/{name}"), f"mcpServers:\n  - name: r\n    type: sse\n    url: {REMOTE['url']}\n"
        )
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and server["client"] == "continue" and server["config"] == path


MANAGED = {"linux": "/etc/{app}", "macos": "/Library/Application Support/{app}", "windows": "/ProgramData/{app}"}


@pytest.mark.parametrize(
    "app, name, client",
    [
        ("opencode", "opencode.json", "opencode"),
        ("opencode", "opencode.jsonc", "opencode"),
        ("kilo", "kilo.jsonc", "kilo-code"),
        ("kilo", "opencode.json", "kilo-code"),
    ],
)
def test_opencode_and_kilo_managed_folders(capsys, machine_factory, platform_name, app, name, client):
    """The folder an administrator deploys opencode's (and Kilo's) config in is laid over every other: its
    servers start."""
    m = machine_factory(platform_name)
    path = m.write(MANAGED[platform_name].format(app=app) + "/" + name, "// managed\n" + json.dumps(OPENCODE_REMOTE))
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and (server["client"], server["client_label"]) == (
        client,
        f"{'Kilo Code' if app == 'kilo' else 'opencode'} (managed)",
    )
    assert server["config"] == m.machine().display(path) and server["key"] == "mcp.r"


@pytest.mark.parametrize(
    "line, where, label",
    [
        ("", ".kilocode/kilo.json", "Kilo Code"),
        ("", ".kilo/opencode.jsonc", "Kilo Code"),
        ('export KILO_CONFIG_DIR="$HOME/team/kilo"', "team/kilo/kilo.jsonc", "Kilo Code (KILO_CONFIG_DIR)"),
        ('export KILO_CONFIG="$HOME/team/k.json"', "team/k.json", "Kilo Code (KILO_CONFIG)"),
    ],
)
def test_kilo_cli_config_folders(capsys, machine_factory, line, where, label):
    """The Kilo CLI reads its config names in ~/.kilocode and ~/.kilo, in the folder KILO_CONFIG_DIR names, and
    the one file KILO_CONFIG names (exported in ~/.bashrc here)."""
    m = machine_factory("linux")
    if line:
        m.write(m.h(".bashrc"), line + "\n")
    path = m.write_json(m.h(where), OPENCODE_REMOTE)
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and (server["client"], server["client_label"]) == ("kilo-code", label)
    assert server["config"] == path


def test_kilo_files_this_processs_environment_names(machine_factory, pack):
    """KILO_CONFIG and KILO_CONFIG_DIR set in the environment of the live machine's scan."""
    from tui.core.scanner import scan

    m = machine_factory("linux")
    m.env = {"KILO_CONFIG": m.h("x/k.jsonc"), "KILO_CONFIG_DIR": m.h("y")}
    first = m.write_json(m.h("x/k.jsonc"), OPENCODE_REMOTE)
    second = m.write_json(m.h("y/kilo.json"), {"mcp": {"r2": {"type": "remote", "url": REMOTE["url"]}}})
    report = scan(m.machine(), pack)
    got = {(f.item.name, f.item.config, f.verdict) for f in report.surface.servers}
    assert got == {("r", first, "prohibited"), ("r2", second, "prohibited")}


QWEN_SYSTEM = {
    "linux": "/etc/qwen-code",
    "macos": "/Library/Application Support/QwenCode",
    "windows": "/ProgramData/qwen-code",
}


@pytest.mark.parametrize("name", ["settings.json", "system-defaults.json"])
def test_qwen_code_system_settings(capsys, machine_factory, platform_name, name):
    """Qwen Code reads an administrator's settings.json and system-defaults.json (as Gemini CLI, which it forks):
    their servers start."""
    m = machine_factory(platform_name)
    path = m.write_json(f"{QWEN_SYSTEM[platform_name]}/{name}", {"mcpServers": {"r": {"httpUrl": REMOTE["url"]}}})
    code, report = check(capsys, m)
    server = found(report, "r")
    assert code == 1 and (server["client"], server["client_label"]) == ("qwen-code", "Qwen Code (system)")
    assert server["config"] == m.machine().display(path)


@pytest.mark.parametrize(
    "line, where",
    [
        ('export QWEN_CODE_SYSTEM_SETTINGS_PATH="$HOME/adm/qwen.json"', "adm/qwen.json"),
        ('export QWEN_CODE_SYSTEM_SETTINGS_PATH="$HOME/adm/qwen.json"', "adm/system-defaults.json"),
        ('export QWEN_CODE_SYSTEM_DEFAULTS_PATH="$HOME/adm/d.json"', "adm/d.json"),
        ('export GEMINI_CLI_SYSTEM_SETTINGS_PATH="$HOME/adm/gemini.json"', "adm/system-defaults.json"),
    ],
)
def test_system_settings_files_the_variables_name(capsys, machine_factory, line, where):
    """QWEN_CODE_SYSTEM_SETTINGS_PATH names Qwen Code's system settings, and its system-defaults.json is then
    looked for beside that file (QWEN_CODE_SYSTEM_DEFAULTS_PATH names another); Gemini CLI does the same with
    GEMINI_CLI_SYSTEM_SETTINGS_PATH."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), line + "\n")
    path = m.write_json(m.h(where), {"mcpServers": {"r": REMOTE}})
    code, report = check(capsys, m)
    server = found(report, "r")
    client = "gemini-cli" if "GEMINI" in line else "qwen-code"
    assert code == 1 and server["client"] == client and server["config"] == path


def test_qwen_home_moves_qwens_folder(machine_factory, pack):
    """QWEN_HOME moves ~/.qwen whole: its settings.json (servers and hooks), its installed extensions, and its
    trustedFolders.json, whose projects' .qwen/settings.json servers start."""
    from tui.core.scanner import scan

    m = machine_factory("linux")
    m.write(m.h(".bashrc"), 'export QWEN_HOME="$HOME/cfg/qwen"\n')
    hook = {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]}}
    settings = m.write_json(m.h("cfg/qwen/settings.json"), {"mcpServers": {"r": REMOTE}} | hook)
    ext = m.write_json(
        m.h("cfg/qwen/extensions/helper/qwen-extension.json"), {"name": "helper", "mcpServers": {"r2": REMOTE}}
    )
    project = m.h("src/app")
    m.write_json(m.h("cfg/qwen/trustedFolders.json"), {project: "TRUST_FOLDER"})
    in_project = m.write_json(project + "/.qwen/settings.json", {"mcpServers": {"r3": REMOTE}})
    report = scan(m.machine(), pack)
    servers = sorted((f.item.name, f.item.client, f.item.config) for f in report.surface.servers)
    assert servers == [("r", "qwen-code", settings), ("r2", "qwen-code", ext), ("r3", "qwen-code", in_project)]
    assert hooks_in(report) == {"Stop:notify-send": settings}
