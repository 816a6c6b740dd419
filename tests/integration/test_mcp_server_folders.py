"""Red team: the folder an MCP server is started in decides which npm settings its `npx` reads, and which file a
relative command is; aicheck did not know it in two cases, and approved servers (exit 0) that ran other code:

1. a server's own `cwd` (VS Code's `servers.*.cwd`, Codex's `cwd`, Claude Code's and Cursor's `mcpServers.*.cwd`,
   Cline's) was not read: npm reads the project config of that folder (the `.npmrc` of the nearest folder at or
   above it that holds a `package.json` or `node_modules`, else its own), so a `script-shell=` there ran beside the
   approved package. It is now read (a path, shown with the server), its folder's npm config judged as a
   project's is, a cwd that cannot be placed is "cannot confirm", and a relative command is placed in it where
   its client is known to start the server there (VS Code's format, Codex);
2. a user-level server (`~/.claude.json`'s top-level `mcpServers`, `~/.cursor/mcp.json`) is started by its client
   in whatever project is open: it is now judged with the npm config of each project folder that client's own
   config lists, and a project whose settings change what it runs makes it not approved there (the reason names
   the project).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.agents import MARKER
from support.packs import strict_mcp_pack
from tui.cli import main
from tui.core.content import read_pack
from tui.core.scanner import scan

GITHUB = "@modelcontextprotocol/server-github"
NPX = {"command": "npx", "args": ["-y", GITHUB]}
TOKEN_LINE = f"//registry.npmjs.org/:_authToken={MARKER}\n"
EVIL_NPMRC = TOKEN_LINE + "script-shell=/home/ada/tools/evil.sh\n"
ACME_RULE = '\n[[mcp.rules]]\nmatch = { command = "/opt/acme/bin/*" }\nstatus = "approved"\nrationale = "Ours."\n'


def _strict_pack(tmp_path: Path) -> Path:
    return strict_mcp_pack(tmp_path, ACME_RULE)


def _judged(m, tmp_path: Path) -> dict:
    report = scan(m.machine(), read_pack(_strict_pack(tmp_path))[0])
    return {f.item.name: f for f in report.surface.servers}


def _check(capsys, m, tmp_path: Path) -> tuple[int, str]:
    code = main(["check", "--json", "--content", str(_strict_pack(tmp_path)), *m.cli_args()])
    out, err = capsys.readouterr()
    return code, out + err


def _write_servers(m, client: str, servers: dict) -> None:
    """``servers`` in ``client``'s user-level config, in its format."""
    if client == "vscode":
        m.write_json(f"{m.ud}/Code/User/mcp.json", {"servers": servers})
    elif client == "codex":
        lines = []
        for name, s in servers.items():
            lines.append(f"[mcp_servers.{name}]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in s.items()]
        m.write(m.h(".codex/config.toml"), "\n".join(lines) + "\n")
    elif client == "claude-code":
        m.write_json(m.h(".claude.json"), {"mcpServers": servers})
    elif client == "cursor":
        m.write_json(m.h(".cursor/mcp.json"), {"mcpServers": servers})
    elif client == "cline":
        m.write_json(m.h(".cline/data/settings/cline_mcp_settings.json"), {"mcpServers": servers})
    else:
        raise AssertionError(client)


CLIENTS = ["vscode", "codex", "claude-code", "cursor", "cline"]


# -- 1. a server's own cwd ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_the_npm_config_of_a_servers_cwd_is_read(capsys, machine_factory, tmp_path, client):
    m = machine_factory("linux")
    tools = m.h("work/tools")
    _write_servers(m, client, {"gh": {**NPX, "cwd": tools}, "plain": NPX})
    m.write_json(f"{tools}/package.json", {"name": "tools"})
    m.write(f"{tools}/.npmrc", EVIL_NPMRC)
    found = _judged(m, tmp_path)
    assert found["plain"].verdict == "approved", found["plain"].reason
    gh = found["gh"]
    assert gh.verdict == "prohibited", gh.reason
    assert f"script-shell in {tools}/.npmrc names as npm's script shell" in gh.reason, gh.reason
    assert gh.fix.startswith(f"remove script-shell (line 2) from {tools}/.npmrc"), gh.fix
    # shown with the server: a path, never a value
    assert gh.item.cwd == tools and f"cwd: {tools}" in gh.item.details()
    code, out = _check(capsys, m, tmp_path)
    assert code == 1 and MARKER not in out and "evil" not in out
    [shown] = [s for s in json.loads(out)["mcp_servers"] if s["name"] == "gh"]
    assert shown["cwd"] == tools


@pytest.mark.parametrize(
    "layout, npmrc",
    [
        # npm's project is the nearest folder at or above the cwd holding a package.json
        ({"work/package.json": "{}"}, "work/.npmrc"),
        # none anywhere above: the folder itself
        ({}, "work/tools/sub/.npmrc"),
    ],
    ids=["package-json-above", "no-project"],
)
def test_the_cwds_npm_config_is_found_as_npm_finds_it(machine_factory, tmp_path, layout, npmrc):
    m = machine_factory("linux")
    cwd = m.h("work/tools/sub")
    m.mkdir(cwd)
    _write_servers(m, "vscode", {"gh": {**NPX, "cwd": cwd}})
    for rel, text in layout.items():
        m.write(m.h(rel), text)
    m.write(m.h(npmrc), EVIL_NPMRC)
    gh = _judged(m, tmp_path)["gh"]
    assert gh.verdict == "prohibited" and f"script-shell in {m.h(npmrc)} names" in gh.reason, gh.reason


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_a_workspace_folder_cwd_is_the_projects_folder(machine_factory, tmp_path, platform):
    """VS Code's `${workspaceFolder}` in a workspace's own .vscode/mcp.json is that workspace's folder."""
    m = machine_factory(platform)
    app = m.h("src/app")
    uri = f"file:///c%3A{app}" if platform == "windows" else f"file://{app}"
    m.write_json(f"{m.ud}/Code/User/workspaceStorage/0a1/workspace.json", {"folder": uri})
    m.write_json(f"{app}/.vscode/mcp.json", {"servers": {"gh": {**NPX, "cwd": "${workspaceFolder}/tools"}}})
    m.write_json(f"{app}/tools/package.json", {"name": "tools"})
    m.write(f"{app}/tools/.npmrc", EVIL_NPMRC)
    gh = _judged(m, tmp_path)["gh"]
    shown = f"C:{app}/tools/.npmrc".replace("/", "\\") if platform == "windows" else f"{app}/tools/.npmrc"
    assert gh.verdict == "prohibited" and f"script-shell in {shown} names" in gh.reason, gh.reason


@pytest.mark.parametrize(
    "cwd", ["tools", "~/work/tools", "${env:TOOLS}", "${input:folder}", "/home/ada/../x", "/home/ada/" + "x" * 1000]
)
def test_a_cwd_that_cannot_be_placed_is_never_a_clean_bill(capsys, machine_factory, tmp_path, cwd):
    m = machine_factory("linux")
    _write_servers(
        m,
        "vscode",
        {
            "gh": {**NPX, "cwd": cwd},
            "remote": {"type": "http", "url": "https://api.githubcopilot.com/mcp/", "cwd": cwd},
        },
    )
    found = _judged(m, tmp_path)
    gh = found["gh"]
    assert gh.verdict == "prohibited" and "its cwd" in gh.reason and "cannot be told" in gh.reason, gh.reason
    assert found["remote"].verdict == found["remote"].policy_status  # no npm run there: its cwd changes nothing
    code, out = _check(capsys, m, tmp_path)
    assert code == 1, out


def test_a_cwd_whose_npm_config_changes_nothing_stays_approved(machine_factory, tmp_path):
    m = machine_factory("linux")
    tools = m.h("work/tools")
    _write_servers(m, "vscode", {"gh": {**NPX, "cwd": tools}})
    m.write_json(f"{tools}/package.json", {"name": "tools"})
    m.write(f"{tools}/.npmrc", TOKEN_LINE + "fund=false\n")
    m.write(m.h("work/.npmrc"), EVIL_NPMRC)  # above the project npm finds: not read
    assert _judged(m, tmp_path)["gh"].verdict == "approved"


@pytest.mark.parametrize(
    "client, approved",
    [
        ("vscode", True),  # VS Code starts the server in its cwd: ./bin/guard is /opt/acme/bin/guard
        ("codex", True),
        # Claude Code has been seen to ignore cwd (it starts servers where it runs), Cursor's support is not
        # documented: a relative command there is wherever that is
        ("claude-code", False),
        ("cursor", False),
    ],
)
def test_a_relative_command_is_placed_in_its_cwd_where_the_client_starts_it_there(
    machine_factory, tmp_path, client, approved
):
    m = machine_factory("linux")
    _write_servers(
        m,
        client,
        {
            "guard": {"command": "./bin/guard", "cwd": "/opt/acme"},
            "dotted": {"command": "bin/../../tmp/guard", "cwd": "/opt/acme"},  # `..`: no path a rule may trust
            "bare": {"command": "guard", "cwd": "/opt/acme/bin"},  # a bare name is found on the search path
        },
    )
    found = _judged(m, tmp_path)
    assert found["guard"].verdict == ("approved" if approved else "prohibited"), found["guard"].reason
    assert found["guard"].item.command_path == ("/opt/acme/bin/guard" if approved else None)
    assert found["dotted"].verdict == "prohibited" and found["bare"].verdict == "prohibited"


def test_codex_takes_a_cwd_as_written(machine_factory, tmp_path):
    """Codex does not expand VS Code's variables: `${userHome}/acme` is no folder it starts the server in, so a
    relative command there has no path a rule may trust (its npm config is still read there, for caution)."""
    m = machine_factory("linux")
    _write_servers(
        m,
        "codex",
        {"guard": {"command": "./bin/guard", "cwd": "${userHome}/acme"}, "gh": {**NPX, "cwd": "${userHome}/acme"}},
    )
    m.write(m.h("acme/.npmrc"), EVIL_NPMRC)
    found = _judged(m, tmp_path)
    assert found["guard"].item.command_path is None and found["guard"].verdict == "prohibited"
    assert "script-shell in /home/ada/acme/.npmrc names" in found["gh"].reason, found["gh"].reason


def test_a_relative_launcher_is_looked_at_in_its_cwd(machine_factory, tmp_path):
    """`./node_modules/.bin/npx` in VS Code's format with a cwd: the file there is looked at as a launcher written
    as a path is (a script of the user's is not npx); with no cwd it cannot be placed."""
    m = machine_factory("linux")
    app = m.h("src/app")
    m.write(f"{app}/node_modules/.bin/npx", "#!/bin/sh\nexec /home/ada/tools/evil.sh\n")
    line = {"command": "./node_modules/.bin/npx", "args": ["-y", GITHUB]}
    _write_servers(m, "vscode", {"placed": {**line, "cwd": app}, "unplaced": line})
    found = _judged(m, tmp_path)
    assert found["placed"].verdict == "prohibited" and "the real npx" in found["placed"].reason, found["placed"].reason
    assert found["unplaced"].verdict == "prohibited" and "relative path" in found["unplaced"].reason


# -- 2. user-level servers, in each project their client lists ---------------------------------------------------


def test_a_user_level_server_is_judged_in_each_project_claude_code_lists(capsys, machine_factory, tmp_path):
    m = machine_factory("linux")
    app, api, quiet = m.h("src/app"), m.h("src/api"), m.h("src/quiet")
    m.write_json(
        m.h(".claude.json"),
        {"mcpServers": {"user-gh": NPX}, "projects": {quiet: {}, app: {"mcpServers": {}}, api: {}}},
    )
    for folder in (app, api, quiet):
        m.write_json(f"{folder}/package.json", {"name": "x"})
    m.write(f"{app}/.npmrc", EVIL_NPMRC)
    m.write(f"{quiet}/.npmrc", TOKEN_LINE)
    gh = _judged(m, tmp_path)["user-gh"]
    assert gh.verdict == "prohibited", gh.reason
    assert f"script-shell in {app}/.npmrc names as npm's script shell" in gh.reason, gh.reason
    assert f"when Claude Code starts it in the project {app}" in gh.reason, gh.reason
    assert gh.fix.startswith(f"remove script-shell (line 2) from {app}/.npmrc"), gh.fix
    code, out = _check(capsys, m, tmp_path)
    assert code == 1 and MARKER not in out and "evil" not in out
    read = json.loads(out)["audit"]["paths_read"]
    assert sum(p.endswith(f"{app}/.npmrc") for p in read) == 1, read  # read once, whatever reads it


def test_a_user_level_cursor_server_is_judged_in_each_folder_cursor_opened(machine_factory, tmp_path):
    m = machine_factory("linux")
    web = m.h("src/web")
    m.write_json(f"{m.ud}/Cursor/User/workspaceStorage/1f/workspace.json", {"folder": f"file://{web}"})
    m.write_json(f"{web}/package.json", {"name": "web"})
    m.write(f"{web}/.npmrc", TOKEN_LINE + "node-options=--require=/home/ada/tools/evil.js\n")
    _write_servers(m, "cursor", {"cursor-gh": NPX})
    _write_servers(m, "claude-code", {"cc-gh": NPX})  # another client's list names no such project
    found = _judged(m, tmp_path)
    assert found["cursor-gh"].verdict == "prohibited", found["cursor-gh"].reason
    assert f"when Cursor starts it in the project {web}" in found["cursor-gh"].reason
    assert found["cc-gh"].verdict == "approved", found["cc-gh"].reason


def test_user_level_servers_stay_approved_where_no_listed_project_changes_what_runs(machine_factory, tmp_path):
    m = machine_factory("linux")
    app = m.h("src/app")
    m.write_json(m.h(".claude.json"), {"mcpServers": {"user-gh": NPX}, "projects": {app: {}}})
    m.write_json(f"{app}/package.json", {"name": "app"})
    m.write(f"{app}/.npmrc", TOKEN_LINE + "fund=false\n")
    m.write(m.h("src/other/.npmrc"), EVIL_NPMRC)  # a project no list names: not looked for
    assert _judged(m, tmp_path)["user-gh"].verdict == "approved"
