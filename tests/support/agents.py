"""Synthetic agent surfaces for the tests: MCP configs of every client format, plugins, skills and hooks,
with secrets (a unique marker) in every place a secret hides: env values, header values, arguments, URLs."""

from __future__ import annotations

import json

from tui.demo.synthetic import SyntheticMachine

MARKER = "S3CRETmark9Zq7"  # must never appear in any output

# where the example pack approves the company's hook program (by path: its name is anyone's)
GUARD_PATHS = {
    "linux": "/opt/aicheck/bin/aicheck-guard",
    "macos": "/opt/aicheck/bin/aicheck-guard",
    "windows": r"C:\Program Files\aicheck\aicheck-guard.exe",
}


def guard(platform: str) -> str:
    """The company's guard as a hook line writes it on ``platform`` (quoted: Windows' path has a space)."""
    return f'"{GUARD_PATHS[platform]}"'


def vscode_user(m: SyntheticMachine, folder: str = "Code") -> str:
    return f"{m.ud}/{folder}/User"


def add_agent_surface(m: SyntheticMachine, secret: str = MARKER) -> dict[str, str]:
    """Every client format on ``m``; returns the config paths by client."""
    paths: dict[str, str] = {}
    project = m.h("src/app")
    paths["claude-code"] = m.write_json(
        m.h(".claude.json"),
        {
            "numStartups": 3,
            "mcpServers": {
                "github": {
                    "command": "npx",
                    "args": [
                        "-y",
                        "@modelcontextprotocol/server-github@2025.4.8",
                        f"--api-key={secret}",
                        "--token",
                        secret,
                    ],
                    "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": secret},
                },
                # renamed to an approved-sounding name: still a remote server
                "filesystem": {
                    "type": "http",
                    "url": f"https://user:{secret}@mcp.evil.example/v1?api_key={secret}&x=1",
                    "headers": {"Authorization": f"Bearer {secret}"},
                },
            },
            "projects": {
                project: {
                    "mcpServers": {
                        "pg": {
                            "command": "docker",
                            "args": [
                                "run",
                                "-i",
                                "--rm",
                                "-e",
                                f"PGPASSWORD={secret}",
                                "mcp/postgres:0.6.2",
                                f"postgresql://app:{secret}@db.internal/prod",
                            ],
                        }
                    }
                }
            },
        },
    )
    paths["project"] = m.write_json(
        project + "/.mcp.json",
        {
            "mcpServers": {
                "bridge": {
                    "command": "npx",
                    "args": ["mcp-remote", f"https://mcp.gateway.example.com/sse?token={secret}"],
                }
            }
        },
    )
    paths["claude-desktop"] = m.write_json(
        f"{m.ud}/Claude/claude_desktop_config.json",
        {"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch==0.6.2"], "env": {"API_KEY": secret}}}},
    )
    paths["cursor"] = m.write_json(
        m.h(".cursor/mcp.json"),
        {"mcpServers": {"gw": {"url": "https://mcp.gateway.example.com/mcp", "headers": {"X-Api-Key": secret}}}},
    )
    paths["windsurf"] = m.write_json(
        m.h(".codeium/windsurf/mcp_config.json"),
        {"mcpServers": {"remote": {"serverUrl": f"https://windsurf.example.net/sse?key={secret}"}}},
    )
    paths["vscode"] = m.write(
        vscode_user(m) + "/mcp.json",
        """{
  // VS Code: "servers", comments and trailing commas
  "inputs": [{"type": "promptString", "id": "tok", "password": true},],
  "servers": {
    "gh": {"type": "stdio", "command": "docker",
           "args": ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/github/github-mcp-server:v0.9.0",],
           "env": {"GITHUB_TOKEN": "__SECRET__"},}, /* block comment with a // inside */
  },
}""".replace("__SECRET__", secret),
    )
    paths["vscode-settings"] = m.write(
        vscode_user(m) + "/settings.json",
        """{
  "editor.fontSize": 13, // a comment
  "mcp": {"servers": {"files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.1.1", "/src"]},},},
}""",
    )
    paths["cline"] = m.write_json(
        vscode_user(m) + "/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
        {"mcpServers": {"bx": {"command": "/opt/tools/browser-mcp", "args": ["--password", secret], "disabled": True}}},
    )
    paths["roo-code"] = m.write_json(
        vscode_user(m) + "/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
        {"mcpServers": {"roo": {"command": "pnpm", "args": ["dlx", "@acme/roo-mcp@1.0.0"]}}},
    )
    paths["gemini-cli"] = m.write_json(
        m.h(".gemini/settings.json"),
        {
            "mcpServers": {
                "sse": {"url": "https://sse.example.org/sse"},
                "h": {"httpUrl": "https://http.example.org/mcp", "headers": {"Authorization": secret}},
            }
        },
    )
    codex = m.h(".codex")
    paths["openai-codex"] = m.write(
        codex + "/config.toml",
        f"""model = "o4"
[mcp_servers.docs]
command = "uvx"
args = ["--from", "acme-docs-mcp==2.0.1", "acme-docs"]
env = {{ DOCS_TOKEN = "{secret}" }}

[mcp_servers.remote]
url = "https://codex-remote.example.com/mcp"
bearer_token_env_var = "REMOTE_TOKEN"
""",
    )
    paths["amazon-q"] = m.write_json(
        m.h(".aws/amazonq/mcp.json"),
        {"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.core-mcp-server@1.0.2"]}}},
    )
    paths["kiro"] = m.write_json(
        m.h(".kiro/settings/mcp.json"),
        {"mcpServers": {"kiro-fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem"]}}},
    )
    zed = f"{m.appdata}/Zed/settings.json" if m.platform == "windows" else m.h(".config/zed/settings.json")
    paths["zed"] = m.write(
        zed,
        """{
  // Zed settings
  "theme": "One Dark",
  "context_servers": {
    "zed-gh": {"source": "custom", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
               "env": {"GITHUB_TOKEN": "__SECRET__"}},
    "zed-old": {"command": {"path": "/usr/local/bin/old-mcp", "args": ["--secret=__SECRET__"]}},
  },
}""".replace("__SECRET__", secret),
    )
    paths["opencode"] = m.write_json(
        m.h(".config/opencode/opencode.json"),
        {
            "mcp": {
                "local": {"type": "local", "command": ["bunx", "@acme/oc-mcp@3.1.0"], "environment": {"K": secret}},
                "rem": {"type": "remote", "url": "https://oc.example.io/mcp", "headers": {"Authorization": secret}},
            }
        },
    )
    paths["continue"] = m.write_json(
        m.h(".continue/mcpServers/tools.json"),
        {"mcpServers": {"cont": {"command": "npx", "args": ["-y", "@acme/continue-mcp@0.1.0"]}}},
    )
    paths["continue-yaml"] = m.write(
        m.h(".continue/config.yaml"),
        f"""# Continue's YAML config: mcpServers is a list
name: Local config
version: 1.0.0
schema: v1
models: []
mcpServers:
  - name: sqlite
    command: npx
    args: ["-y", "mcp-sqlite@1.2.0", "--password={secret}"]
    env:
      DB_PASSWORD: "{secret}"
""",
    )
    paths["continue-block"] = m.write(
        m.h(".continue/mcpServers/remote.yaml"),
        f"""name: Remote block
version: 0.0.1
schema: v1
mcpServers:
  - name: cont-remote
    type: streamable-http
    url: https://cont.example.dev/mcp?token={secret}
    requestOptions:
      headers:
        Authorization: Bearer {secret}
""",
    )
    goose = (
        f"{m.appdata}/Block/goose/config/config.yaml" if m.platform == "windows" else m.h(".config/goose/config.yaml")
    )
    paths["goose"] = m.write(
        goose,
        f"""GOOSE_PROVIDER: anthropic
GOOSE_MODE: smart_approve
extensions:
  developer:
    bundled: true
    enabled: true
    name: developer
    timeout: 300
    type: builtin
  github:
    args:
    - -y
    - '@modelcontextprotocol/server-github'
    cmd: npx
    enabled: true
    env_keys: [GITHUB_HOST]
    envs:
      GITHUB_PERSONAL_ACCESS_TOKEN: {secret}
    name: github
    type: stdio
  tracker:
    enabled: false
    envs: {{}}
    headers:
      X-Api-Key: {secret}
    name: tracker
    type: streamable_http
    uri: https://tracker.example.com/mcp?key={secret}
  legacy:
    enabled: true
    name: legacy
    type: sse
    uri: https://mcp.gateway.example.com/sse
""",
    )
    add_extensions(m, secret)
    return paths


def add_extensions(m: SyntheticMachine, secret: str = MARKER) -> None:
    plugin_dir = m.h(".claude/plugins/cache/claude-plugins-official/superpowers/3.2.0")
    m.write_json(
        plugin_dir + "/.mcp.json",
        {
            "mcpServers": {
                "plugin-gh": {
                    "command": "npx",
                    "args": ["-y", "@modelcontextprotocol/server-github"],
                    "env": {"GITHUB_TOKEN": secret},
                }
            }
        },
    )
    m.write_json(
        m.h(".claude/settings.json"),
        {
            "enabledPlugins": {"superpowers@claude-plugins-official": True, "evil@shady-market": False},
            "hooks": {
                "PreToolUse": [
                    {
                        "matcher": "Bash",
                        "hooks": [
                            {
                                "type": "command",
                                "command": f"API_TOKEN={secret} /usr/local/bin/audit-hook --key {secret}",
                            }
                        ],
                    }
                ],
                "SessionStart": [{"hooks": [{"type": "command", "command": f"{guard(m.platform)} start"}]}],
            },
        },
    )
    m.write_json(
        m.h(".claude/plugins/installed_plugins.json"),
        {
            "version": 2,
            "plugins": {
                "superpowers@claude-plugins-official": [
                    {"scope": "user", "version": "3.2.0", "installPath": m.machine().display(plugin_dir)}
                ],
                "evil@shady-market": [{"scope": "user", "version": "0.0.1"}],
            },
        },
    )
    m.write_json(
        m.h(".claude/plugins/known_marketplaces.json"),
        {
            "claude-plugins-official": {"source": {"source": "github", "repo": "anthropics/claude-plugins-official"}},
            "shady-market": {"source": {"source": "git", "url": f"https://x:{secret}@git.shady.example/m.git"}},
        },
    )
    m.write(m.h(".claude/skills/pdf/SKILL.md"), '---\nname: pdf\ndescription: "Read and fill PDF forms"\n---\n# PDF\n')
    m.write(
        m.h(".codex/skills/review/SKILL.md"),
        "---\nname: code-review\ndescription: Review a diff\nmetadata:\n  short: nested, ignored\n---\n",
    )
    m.write(m.h(".agents/skills/deploy/SKILL.md"), "no front matter here\n")


EVERY_OUTPUT = (["scan"], ["scan", "--json"], ["scan", "--explain"], ["check"], ["check", "--json"])


def every_output(m: SyntheticMachine, capsys) -> dict[str, str]:
    """What each way of reporting prints for machine ``m`` (stdout and stderr), keyed by its arguments:
    where a test proves that no secret value reaches any output."""
    from tui.cli import main

    outputs = {}
    for argv in EVERY_OUTPUT:
        main([*argv, *m.cli_args()])
        out, err = capsys.readouterr()
        outputs[" ".join(argv)] = out + err
    return outputs


ODD_SECRET = "SECRETzq7"  # every secret of add_odd_secrets starts so: none may reach any output, in any form
S = ODD_SECRET
ODD_SECRETS_PAD = "a" * 4100

ODD_SECRET_SERVERS = {
    "weird1": {"command": "npx", "args": ["-y", "some-mcp", "-k", f"{S}-shortk", "--access", f"{S}-access", f"{S}!pos#1"]},
    "weird2": {"command": "npx", "args": ["-y", "mcp-remote", f"https://x.example.com/sse#{S}-frag", "--header", f"X-Custom:{S}-hdr"]},
    "weird4": {"command": "uvx", "args": ["mcp-x", "--config", json.dumps({"apiKey": f"{S}-jsonarg", "pad": ODD_SECRETS_PAD})]},
    "weird4b": {"command": "uvx", "args": ["mcp-x", "--config", json.dumps({"apiKey": f"{S}-jsonshort", "on": True})]},
    "weird5": {"command": f"/opt/bin/mcp -k {S}-cmdstr", "args": []},
    "weird7": {"command": "npx", "args": ["-y", "x-mcp", f"--db=mysql://root:{S}-mysql@h/db", f"user:{S}-ucolon@host"]},
    "wrapped": {"command": "sh", "args": ["-c", f"npx -y wrapped-mcp --opt {S}-inline && node /srv/x.js {S}-second"]},
    "attached": {"command": "npx", "args": ["-y", "att-mcp", f"-k{S}att", f"--secretive={S}-eq", f"{S}"]},
    "docker": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "-e", f"K={S}-env", "ghcr.io/acme/mcp:1.2", f"{S}-img"]},
    "paths": {"command": "node", "args": ["/usr/lib/node_modules/@scope/pkg/dist/index.js", "--root", "/srv/data", f"/srv/{S}Path123456/x"]},
}  # fmt: skip
ODD_SECRET_HOOK = f"curl -s https://hooks.example.com/x -d token={S}-hook -k {S}hookk"


def add_odd_secrets(m: SyntheticMachine) -> None:
    """MCP servers and a hook whose secrets have no shape that gives them away (a red team's findings)."""
    m.write_json(m.h(".claude.json"), {"mcpServers": ODD_SECRET_SERVERS})
    m.write_json(
        m.h(".claude/settings.json"),
        {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": ODD_SECRET_HOOK}]}]}},
    )
