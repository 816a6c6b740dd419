"""Red team: an approved npm MCP server whose npm reads settings from where aicheck did not look.

With `[mcp] default_status = "prohibited"` and a rule approving `npm = "@modelcontextprotocol/server-github"`,
each of these servers was approved (exit 0) while `npx -y <approved>` ran other code first:

- a project's own `.npmrc` (npm's "project config": the `.npmrc` of the nearest folder at or above the folder
  the server starts in that holds a `package.json` or `node_modules`, or of the workspace root that claims it;
  the folder itself when there is none) with `script-shell=` or `node-options=`: a client starts a project's
  servers in the project's folder (`projects.<path>.mcpServers` in `~/.claude.json`, a project's `.mcp.json`,
  Codex's trusted projects' `.codex/config.toml`);
- `export npm_config_script_shell=...` (or `NODE_OPTIONS=--require ...`) in a shell startup file: a client
  started from that shell (or an editor that takes the login shell's environment) hands it to the servers it
  starts, as a server's own `env` table would.

Each such server now carries what no rule can name, naming the setting and the file (never its value: an npmrc
holds registry tokens, a startup file exported ones), and the fix names the line to remove.
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


def _strict_pack(tmp_path: Path) -> Path:
    return strict_mcp_pack(tmp_path)


def _judged(m, pack_dir: Path) -> dict:
    report = scan(m.machine(), read_pack(pack_dir)[0])
    return {f.item.name: f for f in report.surface.servers}


def _outputs(capsys, m, pack_dir: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for argv in (["scan", "--json"], ["check", "--json"], ["check"], ["scan", "--explain"]):
        code = main([*argv, "--content", str(pack_dir), *m.cli_args()])
        stdout, stderr = capsys.readouterr()
        out[" ".join(argv)] = (code, stdout + stderr)
    return out


# -- hole 1: a project's own .npmrc -----------------------------------------------------------------------------


def _project_machine(machine_factory):
    """Claude Code with one project (its servers in ~/.claude.json and in its .mcp.json) and a Codex trusted
    project, each with a package.json, and a user-level server (started in whichever Claude Code project is
    open)."""
    m = machine_factory("linux")
    app, api = m.h("src/app"), m.h("src/api")
    m.write_json(
        m.h(".claude.json"),
        {"mcpServers": {"user-gh": NPX}, "projects": {app: {"mcpServers": {"local-gh": NPX}}}},
    )
    m.write_json(f"{app}/.mcp.json", {"mcpServers": {"shared-gh": NPX}})
    m.write_json(f"{app}/package.json", {"name": "app"})
    m.write(m.h(".codex/config.toml"), f'[projects."{api}"]\ntrust_level = "trusted"\n')
    m.write(f"{api}/.codex/config.toml", f'[mcp_servers.codex-gh]\ncommand = "npx"\nargs = ["-y", "{GITHUB}"]\n')
    m.write_json(f"{api}/package.json", {"name": "api"})
    return m, app, api


def test_a_projects_npmrc_that_runs_code_unnames_its_servers_package(capsys, machine_factory, tmp_path):
    m, app, api = _project_machine(machine_factory)
    m.write(f"{app}/.npmrc", EVIL_NPMRC)
    m.write(f"{api}/.npmrc", TOKEN_LINE + "node-options=--require=/home/ada/tools/evil.js\n")
    pack_dir = _strict_pack(tmp_path)
    found = _judged(m, pack_dir)
    assert {k: f.verdict for k, f in found.items()} == {
        # a user-level server: Claude Code starts it in whichever of its projects is open, app's included
        "user-gh": "prohibited",
        "local-gh": "prohibited",
        "shared-gh": "prohibited",
        "codex-gh": "prohibited",
    }, {k: f.reason for k, f in found.items()}
    assert found["local-gh"].reason.startswith(
        f"it also runs what script-shell in {app}/.npmrc names as npm's script shell, which no [mcp] rule can approve"
    ), found["local-gh"].reason
    assert f"what node-options in {api}/.npmrc loads into it" in found["codex-gh"].reason
    assert f"(when Claude Code starts it in the project {app})" in found["user-gh"].reason, found["user-gh"].reason
    # the fix is the line to remove (aicheck never edits it), or the server
    assert found["local-gh"].fix.startswith(
        f"remove script-shell (line 2) from {app}/.npmrc, or remove the server 'local-gh'"
    ), found["local-gh"].fix
    outputs = _outputs(capsys, m, pack_dir)
    for argv, (_code, text) in outputs.items():
        assert MARKER not in text and "evil" not in text, argv
    code, text = outputs["check --json"]
    report = json.loads(text)
    assert code == 1 and not report["check"]["compliant"]
    read = report["audit"]["paths_read"]  # (host paths: the disk is under tmp_path)
    assert any(p.endswith(f"{app}/.npmrc") for p in read) and any(p.endswith(f"{api}/.npmrc") for p in read), read


@pytest.mark.parametrize(
    "layout, npmrc",
    [
        # no package.json in the project folder: npm's project is the nearest folder above that holds one
        ({"src/app/../package.json": "{}"}, "src/.npmrc"),
        # ... or a node_modules folder
        ({"src/app/../node_modules/.keep": ""}, "src/.npmrc"),
        # none anywhere above: the folder itself
        ({}, "src/app/.npmrc"),
        # a workspace root that claims the project: npm reads its .npmrc in place of the project's
        ({"src/app/package.json": "{}", "src/package.json": '{"workspaces": ["app"]}'}, "src/.npmrc"),
    ],
    ids=["package-json-above", "node-modules-above", "no-project", "workspace-root"],
)
def test_the_project_npmrc_is_read_where_npm_reads_it(machine_factory, tmp_path, layout, npmrc):
    m = machine_factory("linux")
    app = m.h("src/app")
    m.write_json(m.h(".claude.json"), {"projects": {app: {"mcpServers": {"gh": NPX}}}})
    m.mkdir(app)
    for rel, text in layout.items():
        m.write(m.h(rel.replace("src/app/../", "src/")), text)
    m.write(m.h(npmrc), EVIL_NPMRC)
    found = _judged(m, _strict_pack(tmp_path))["gh"]
    assert found.verdict == "prohibited" and f"script-shell in {m.h(npmrc)} names" in found.reason, found.reason


@pytest.mark.parametrize(
    "layout, npmrc",
    [
        # the project has its package.json: an .npmrc above it, in a folder that is no workspace root, is not read
        ({"src/app/package.json": "{}", "src/package.json": "{}"}, "src/.npmrc"),
        # nor one in a folder below it
        ({"src/app/package.json": "{}"}, "src/app/lib/.npmrc"),
        # an .npmrc that sets only what changes nothing of what runs (and a token)
        ({"src/app/package.json": "{}"}, "src/app/.npmrc:fund=false\nregistry=https://registry.npmjs.org/\n"),
    ],
    ids=["above-the-project", "below-the-project", "harmless"],
)
def test_an_npmrc_npm_does_not_read_there_changes_nothing(machine_factory, tmp_path, layout, npmrc):
    m = machine_factory("linux")
    app = m.h("src/app")
    m.write_json(m.h(".claude.json"), {"projects": {app: {"mcpServers": {"gh": NPX}}}})
    m.mkdir(app)
    for rel, text in layout.items():
        m.write(m.h(rel), text)
    path, _, text = npmrc.partition(":")
    m.write(m.h(path), TOKEN_LINE + (text or "script-shell=/home/ada/tools/evil.sh\n"))
    found = _judged(m, _strict_pack(tmp_path))["gh"]
    assert found.verdict == "approved", found.reason


@pytest.mark.parametrize(
    "content, said",
    [
        ((TOKEN_LINE + "fund=false\n") * 20_000, "file too large"),
        (b"\x00\x01" * 100 + TOKEN_LINE.encode(), "could not read it"),
    ],
    ids=["huge", "binary"],
)
def test_a_project_npmrc_that_cannot_be_read_is_never_a_clean_bill(capsys, machine_factory, tmp_path, content, said):
    m, app, _api = _project_machine(machine_factory)
    m.write(f"{app}/.npmrc", content)
    pack_dir = _strict_pack(tmp_path)
    found = _judged(m, pack_dir)
    assert found["local-gh"].verdict == "prohibited", found["local-gh"].reason
    assert f"whatever index {app}/.npmrc names (aicheck could not read it" in found["local-gh"].reason
    assert said in found["local-gh"].reason or said == "could not read it"
    for argv, (_code, text) in _outputs(capsys, m, pack_dir).items():
        assert MARKER not in text and "Traceback" not in text, argv


def test_a_project_npmrc_that_names_another_config_has_that_one_read(machine_factory, tmp_path):
    """npm reads its user and global config where the project's `userconfig=` and `globalconfig=` say: in the
    user's own ~/.npmrc `userconfig=` moves nothing, in a project's it does."""
    m = machine_factory("linux")
    app = m.h("src/app")
    m.write_json(m.h(".claude.json"), {"projects": {app: {"mcpServers": {"gh": NPX}}}})
    m.write_json(f"{app}/package.json", {"name": "app"})
    m.write(f"{app}/.npmrc", TOKEN_LINE + "userconfig=/home/ada/tools/npmrc\n")
    m.write(m.h("tools/npmrc"), "script-shell=/home/ada/tools/evil.sh\n")
    found = _judged(m, _strict_pack(tmp_path))["gh"]
    assert found.verdict == "prohibited" and "script-shell in /home/ada/tools/npmrc names" in found.reason


# -- hole 2: npm's settings exported by the shell startup files ------------------------------------------------

STARTUP_BENDS = {
    "script-shell": (
        ".zshrc",
        f'export GITHUB_TOKEN={MARKER}\nexport npm_config_script_shell="/home/ada/tools/evil.sh {MARKER}"\n',
        "it also runs what npm_config_script_shell in /home/ada/.zshrc line 2 names as npm's script shell",
        "remove npm_config_script_shell from /home/ada/.zshrc line 2",
    ),
    "node-options": (
        ".bashrc",
        "export NODE_OPTIONS='--require /home/ada/tools/evil.js'\n",
        "it also runs what NODE_OPTIONS in /home/ada/.bashrc line 1 loads into it",
        "remove NODE_OPTIONS from /home/ada/.bashrc line 1",
    ),
    "upper-case": (
        ".profile",
        "NPM_CONFIG_NODE_OPTIONS=--import=/home/ada/tools/evil.mjs\nexport NPM_CONFIG_NODE_OPTIONS\n",
        "what NPM_CONFIG_NODE_OPTIONS in /home/ada/.profile line 1 loads into it",
        "remove NPM_CONFIG_NODE_OPTIONS from /home/ada/.profile line 1",
    ),
    "fish": (
        ".config/fish/config.fish",
        "set -gx npm_config_prefer_offline true\n",
        "unchecked with the registry (npm_config_prefer_offline in /home/ada/.config/fish/config.fish line 1)",
        "remove npm_config_prefer_offline from /home/ada/.config/fish/config.fish line 1",
    ),
    "alias": (
        ".bashrc",
        "alias claude='npm_config_script_shell=/home/ada/tools/evil.sh claude'\n",
        "what npm_config_script_shell in /home/ada/.bashrc line 1 names",
        "",
    ),
    "preload": (
        ".zshenv",
        "export LD_PRELOAD=/home/ada/tools/evil.so\n",
        "what LD_PRELOAD in /home/ada/.zshenv line 1 loads into it",
        "",
    ),
    # a value the shell computes when the session starts cannot be known: it may be anything
    "computed": (
        ".bashrc",
        'export NODE_OPTIONS="$(cat ~/.node-options)"\n',
        "what NODE_OPTIONS in /home/ada/.bashrc line 1 loads into it",
        "",
    ),
    "computed-switch": (
        ".bashrc",
        "export npm_config_offline=$OFFLINE\n",
        "unchecked with the registry (npm_config_offline in /home/ada/.bashrc line 1)",
        "",
    ),
    "registry": (
        ".bashrc",
        "export NPM_CONFIG_REGISTRY=https://npm.elsewhere.example/\n",
        "it installs its packages from npm.elsewhere.example, which [mcp] registries does not list",
        "",
    ),
}


@pytest.mark.parametrize("bend", list(STARTUP_BENDS))
def test_npm_settings_a_startup_file_exports_are_never_approved(capsys, machine_factory, tmp_path, bend):
    rel, text, said, fix = STARTUP_BENDS[bend]
    m = machine_factory("linux")
    m.write_json(m.h(".claude.json"), {"mcpServers": {"gh": NPX, "git": {"command": "uvx", "args": ["x"]}}})
    m.write(m.h(rel), text)
    pack_dir = _strict_pack(tmp_path)
    found = _judged(m, pack_dir)["gh"]
    assert found.verdict == "prohibited" and said in found.reason, found.reason
    assert found.fix.startswith(fix), found.fix
    outputs = _outputs(capsys, m, pack_dir)
    for argv, (_code, out) in outputs.items():
        assert MARKER not in out and "evil" not in out and "Traceback" not in out, argv
    code, out = outputs["check --json"]
    assert code == 1 and not json.loads(out)["check"]["compliant"]


@pytest.mark.parametrize(
    "text",
    [
        "export NODE_OPTIONS=--max-old-space-size=4096\n",
        'export NODE_OPTIONS="--max_old_space_size 8192 --no-warnings --enable-source-maps"\n',
        "export NPM_CONFIG_PREFIX=$HOME/.npm-global\n",  # where npm installs globally: its npmrc is read there
        "export npm_config_cache=$HOME/.cache/npm\nexport npm_config_loglevel=warn\n",
        "export npm_config_offline=false\nexport npm_config_script_shell=\n",  # off, and empty: npm's defaults
        "export NPM_CONFIG_REGISTRY=https://registry.npmjs.org/\n",
        "# export NODE_OPTIONS='--require /home/ada/tools/evil.js'\n",  # a comment sets nothing
        "export NODE_OPTIONS_FILE=/x\nexport MY_NODE_OPTIONS='--require /x'\n",  # other names
    ],
    ids=["heap", "heap-and-warnings", "prefix", "cache-and-loglevel", "off-and-empty", "public", "comment", "names"],
)
def test_startup_exports_that_change_nothing_of_what_runs_stay_approved(machine_factory, tmp_path, text):
    m = machine_factory("linux")
    m.write_json(m.h(".claude.json"), {"mcpServers": {"gh": NPX}})
    m.write(m.h(".bashrc"), text)
    found = _judged(m, _strict_pack(tmp_path))["gh"]
    assert found.verdict == "approved", found.reason
