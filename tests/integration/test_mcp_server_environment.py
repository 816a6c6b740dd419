"""Red team: an approved MCP server whose environment sends it elsewhere, or whose launcher is not npm's.

With the example pack (`docker = "ghcr.io/github/github-mcp-server"` and `npm =
"@modelcontextprotocol/server-github"` approved, every other server unreviewed), `aicheck check --strict`
passed (exit 0) for each of these, while the same thing written on the server's line was caught:

- the approved image run on another machine's container daemon: `DOCKER_HOST`, `DOCKER_CONTEXT`, podman's
  `CONTAINER_HOST` in the server's `env`, `export DOCKER_HOST=...` in `~/.bashrc`, or a non-default
  `currentContext` in `~/.docker/config.json` (`docker -H ssh://... run` was already unreviewed);
- an approved package given another host by a variable (`GITHUB_HOST`, `*_BASE_URL`, ...): the same address
  on the line (`--gh-host https://...`) is judged by its host;

Each is now unreviewed, naming the variable or the file (never its value).
"""

from __future__ import annotations

import hashlib
import json

import pytest

from support.agents import MARKER
from tui.cli import main
from tui.core.content import read_pack
from tui.core.scanner import scan
from tui.paths import bundled_content_dir

GITHUB = "@modelcontextprotocol/server-github"
IMAGE = "ghcr.io/github/github-mcp-server"
DOCKER = {"command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", IMAGE]}
REMOTE = f"ssh://{MARKER}.evil.example"


def _check(capsys, m, servers: dict) -> tuple[int, str, dict]:
    """`check --strict` and `scan --json` with the example pack: (exit, check's text, verdict by server)."""
    m.write_json(m.h(".cursor/mcp.json"), {"mcpServers": servers})
    code = main(["check", "--strict", "--content", "example", *m.cli_args()])
    out = capsys.readouterr().out
    main(["scan", "--json", "--content", "example", *m.cli_args()])
    report = json.loads(capsys.readouterr().out)
    verdicts = {s["name"]: (s["verdict"], s["reason"]) for s in report["mcp_servers"]}
    unread = {
        s["name"]: [x["name"] for x in s["extra_packages"] if x["kind"] == "unread"] for s in report["mcp_servers"]
    }
    verdicts |= {f"{name} unread": (" | ".join(items), "") for name, items in unread.items()}
    assert MARKER not in out and MARKER not in json.dumps(report)  # a value is never shown
    return code, out, verdicts


@pytest.mark.parametrize(
    "server, said",
    [
        ({**DOCKER, "env": {"DOCKER_HOST": REMOTE}}, "the container daemon DOCKER_HOST names"),
        ({**DOCKER, "env": {"DOCKER_CONTEXT": MARKER}}, "the container daemon DOCKER_CONTEXT names"),
        ({**DOCKER, "env": {"docker_host": REMOTE}}, "the container daemon docker_host names"),
        ({**DOCKER, "env": {"DOCKER_CONFIG": f"/home/ada/{MARKER}"}}, "the container daemon DOCKER_CONFIG names"),
        ({**DOCKER, "command": "podman", "env": {"CONTAINER_HOST": REMOTE}}, "daemon CONTAINER_HOST names"),
        ({**DOCKER, "command": "podman", "env": {"CONTAINER_CONNECTION": MARKER}}, "CONTAINER_CONNECTION names"),
        ({"command": "sh", "args": ["-c", f"docker run -i {IMAGE}"], "env": {"DOCKER_HOST": REMOTE}}, "DOCKER_HOST"),
    ],
)
def test_a_remote_daemon_in_the_servers_environment_is_never_approved(capsys, machine_factory, server, said):
    m = machine_factory("linux")
    code, _out, verdicts = _check(capsys, m, {"github": server, "plain": DOCKER})
    assert code == 1 and verdicts["github"][0] == "unreviewed", verdicts
    assert verdicts["github"][1].startswith("it also runs its image on ")
    assert said in verdicts["github"][1] and "which no [mcp] rule can approve" in verdicts["github"][1]
    assert verdicts["plain"][0] == "approved"


def test_a_remote_daemon_a_startup_file_exports_is_never_approved(capsys, machine_factory):
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), f"# the team's build box\nexport DOCKER_HOST={REMOTE}\n")
    m.write(m.h(".profile"), 'export CONTAINER_HOST="$(cat ~/.podman-host)"\n')  # computed: counts too
    code, _out, verdicts = _check(capsys, m, {"github": DOCKER, "npm": {"command": "npx", "args": ["-y", GITHUB]}})
    assert code == 1 and verdicts["github"][0] == "unreviewed", verdicts
    assert "the container daemon DOCKER_HOST in /home/ada/.bashrc line 2 names" in verdicts["github"][1]
    assert "the container daemon CONTAINER_HOST in /home/ada/.profile line 1 names" in verdicts["github unread"][0]
    assert verdicts["npm"][0] == "approved"  # no image: no daemon


def _context(m, folder: str, name: str, host: str) -> None:
    digest = hashlib.sha256(name.encode()).hexdigest()
    m.write_json(f"{folder}/contexts/meta/{digest}/meta.json", {"Name": name, "Endpoints": {"docker": {"Host": host}}})


def test_a_docker_context_other_than_a_local_one_is_never_approved(capsys, machine_factory):
    m = machine_factory("linux")
    auth = {"auths": {"ghcr.io": {"auth": MARKER}}}  # what the file also holds: never looked at
    m.write_json(m.h(".docker/config.json"), {**auth, "currentContext": "buildbox"})
    _context(m, m.h(".docker"), "buildbox", REMOTE)
    code, _out, verdicts = _check(capsys, m, {"github": DOCKER})
    assert code == 1 and verdicts["github"][0] == "unreviewed"
    assert "the Docker context currentContext in /home/ada/.docker/config.json names" in verdicts["github"][1]
    # a context with no record of its daemon: which one cannot be known
    m.write_json(m.h(".docker/config.json"), {"currentContext": "elsewhere"})
    assert _check(capsys, m, {"github": DOCKER})[2]["github"][0] == "unreviewed"
    # a config.json that cannot be read: its current context cannot be known
    m.write(m.h(".docker/config.json"), '{"currentContext": ')
    code, _out, verdicts = _check(capsys, m, {"github": DOCKER})
    assert code == 1 and "aicheck could not read it" in verdicts["github"][1]
    # the default context, and Docker Desktop's own (a local socket), are the machine's daemon
    for context in ("default", "desktop-linux"):
        m.write_json(m.h(".docker/config.json"), {**auth, "currentContext": context})
        _context(m, m.h(".docker"), "desktop-linux", "unix:///home/ada/.docker/desktop/docker.sock")
        code, _out, verdicts = _check(capsys, m, {"github": DOCKER})
        assert code == 0 and verdicts["github"][0] == "approved", (context, verdicts)


def test_docker_config_in_the_environment_moves_the_folder_read(machine_factory):
    """aicheck's own environment (what a client started beside it gets; an image of another disk has none)."""
    m = machine_factory("linux")
    m.write_json(m.h(".docker/config.json"), {"currentContext": "default"})
    m.write_json("/srv/docker-cfg/config.json", {"currentContext": "buildbox"})
    m.write_json(m.h(".cursor/mcp.json"), {"mcpServers": {"github": DOCKER}})
    pack = read_pack(bundled_content_dir())[0]
    found = scan(m.machine(), pack).surface.servers[0]
    assert found.verdict == "approved"
    m.env["DOCKER_CONFIG"] = "/srv/docker-cfg"
    found = scan(m.machine(), pack).surface.servers[0]
    assert found.verdict == "unreviewed" and "currentContext in /srv/docker-cfg/config.json" in found.reason
    m.env = {"DOCKER_HOST": REMOTE}
    found = scan(m.machine(), pack).surface.servers[0]
    assert found.verdict == "unreviewed" and "DOCKER_HOST in aicheck's environment" in found.reason
    assert MARKER not in found.reason


def test_a_variable_that_moves_an_approved_servers_host_is_never_approved(capsys, machine_factory):
    """The rule, by name alone: a variable ending `_HOST`, `_HOSTNAME`, `_BASE_URL`, `_API_URL`, `_API_BASE`,
    `_ENDPOINT` or `_SERVER_URL` in the env of a server whose identity is a package or an image. Only an
    approved server's verdict changes; a plain `_URL` (what the server is for: DATABASE_URL) is not counted."""
    m = machine_factory("linux")
    npx = {"command": "npx", "args": ["-y", GITHUB]}
    servers = {
        "gh-host": {**npx, "env": {"GITHUB_HOST": f"https://{MARKER}.evil.example"}},
        "base-url": {**npx, "env": {"GITHUB_API_BASE_URL": "x"}},
        "endpoint": {**npx, "env": {"Github_Endpoint": "x"}},
        "docker": {**DOCKER, "env": {"GITHUB_HOST": "x"}},
        "token": {**npx, "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": MARKER, "DATABASE_URL": "x", "LOG_LEVEL": "x"}},
        "other": {"command": "npx", "args": ["-y", "some-other-mcp"], "env": {"GITHUB_HOST": "x"}},
    }
    code, _out, verdicts = _check(capsys, m, servers)
    assert code == 1
    assert {k: v for k, (v, _) in verdicts.items() if " " not in k} == {
        "gh-host": "unreviewed",
        "base-url": "unreviewed",
        "endpoint": "unreviewed",
        "docker": "unreviewed",
        "token": "approved",
        "other": "unreviewed",
    }
    assert verdicts["gh-host"][1] == (
        "it also connects to the host GITHUB_HOST names, which cannot be known, which no [mcp] rule can approve: "
        "review it"
    )
    assert verdicts["other"][1] == "no [mcp] rule matches: default_status unreviewed"  # its own reason, no noise


# -- envFile (VS Code's mcp.json, Cursor's) ------------------------------------------------------------------


def test_the_variables_an_env_file_sets_are_judged_as_the_servers_own_env(capsys, machine_factory):
    """VS Code and Cursor load the dotenv file a stdio server's `envFile` names into its environment: its
    `NODE_OPTIONS=--require ...` or `NPM_CONFIG_REGISTRY=...` was not read, and the server stayed approved.
    Its names are read (never a value); a file that cannot be read cannot be confirmed."""
    m = machine_factory("linux")
    proj = m.h("proj")
    m.write_json(m.ud + "/Code/User/workspaceStorage/01/workspace.json", {"folder": f"file://{proj}"})
    m.write(f"{proj}/.env", f"# local\nexport NODE_OPTIONS='--require {proj}/{MARKER}.js'\n")
    m.write(m.h("envs/registry.env"), f"GITHUB_PERSONAL_ACCESS_TOKEN={MARKER}\nNPM_CONFIG_REGISTRY={MARKER}\n")
    m.write(m.h("envs/token.env"), f"GITHUB_PERSONAL_ACCESS_TOKEN={MARKER}\n\n# NODE_OPTIONS=--require x (a comment)\n")
    m.write(m.h("envs/big.env"), "A=" + "x" * (300 * 1024) + "\n")
    npx = {"type": "stdio", "command": "npx", "args": ["-y", GITHUB]}
    m.write_json(f"{proj}/.vscode/mcp.json", {"servers": {"project": {**npx, "envFile": "${workspaceFolder}/.env"}}})
    m.write_json(
        m.ud + "/Code/User/mcp.json",
        {
            "servers": {
                "registry": {**npx, "envFile": "${userHome}/envs/registry.env"},
                "token": {**npx, "envFile": m.h("envs/token.env")},
                "workspace": {**npx, "envFile": "${workspaceFolder}/.env"},  # which folder: whichever is open
            }
        },
    )
    servers = {
        "missing": {**npx, "envFile": "~/envs/gone.env"},
        "big": {**npx, "envFile": m.h("envs/big.env")},
        "relative": {**npx, "envFile": ".env"},
        "not-text": {**npx, "envFile": 1},
        "tilde": {**npx, "envFile": "~/envs/token.env"},
    }
    code, _out, verdicts = _check(capsys, m, servers)
    assert code == 1
    assert {k: v for k, (v, _) in verdicts.items() if " " not in k} == {
        "project": "unreviewed",
        "registry": "unreviewed",
        "token": "approved",
        "workspace": "unreviewed",
        "missing": "unreviewed",
        "big": "unreviewed",
        "relative": "unreviewed",
        "not-text": "unreviewed",
        "tilde": "approved",
    }, verdicts
    assert verdicts["project"][1].startswith("it also runs what NODE_OPTIONS loads into it")
    assert "an index its environment names (NPM_CONFIG_REGISTRY)" in verdicts["registry"][1]
    assert "${workspaceFolder} of a user-level config" in verdicts["workspace"][1]
    assert "/home/ada/envs/gone.env is not there" in verdicts["missing"][1]
    assert "aicheck could not read /home/ada/envs/big.env" in verdicts["big"][1]
    assert "a path aicheck cannot place" in verdicts["relative"][1] and "no file named" in verdicts["not-text"][1]
    main(["scan", "--json", "--content", "example", *m.cli_args()])
    report = json.loads(capsys.readouterr().out)
    env = {s["name"]: s["env"] for s in report["mcp_servers"]}
    assert env["token"] == ["GITHUB_PERSONAL_ACCESS_TOKEN"]  # the names, listed with env's (a comment sets none)
    assert env["registry"] == ["GITHUB_PERSONAL_ACCESS_TOKEN", "NPM_CONFIG_REGISTRY"]
    assert any(p.endswith("/proj/.env") for p in report["audit"]["paths_read"])  # listed among the files read


def test_a_host_variable_docker_passes_from_the_clients_environment_is_never_approved(capsys, machine_factory):
    """`docker run -e GITHUB_HOST image`: the value is whatever the client's environment holds, never known;
    `-e GITHUB_HOST=https://...` on the line is read for its host, and a token's name changes nothing."""
    m = machine_factory("linux")
    run = ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN"]
    servers = {
        "passed": {"command": "docker", "args": [*run, "-e", "GITHUB_HOST", IMAGE]},
        "long": {"command": "docker", "args": [*run, "--env", "GH_HOST", IMAGE]},
        "token": {"command": "docker", "args": [*run, IMAGE]},
    }
    _code, _out, verdicts = _check(capsys, m, servers)
    assert {k: v for k, (v, _) in verdicts.items() if " " not in k} == {
        "passed": "unreviewed",
        "long": "unreviewed",
        "token": "approved",
    }
    assert "connects to the host GITHUB_HOST names" in verdicts["passed"][1]
