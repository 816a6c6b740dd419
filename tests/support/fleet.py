"""A synthetic machine with several users, for the multi-user scan, the osquery extension and the trust test."""

from __future__ import annotations

from pathlib import Path

from tui.demo.synthetic import SyntheticMachine

PASSWD = """root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
ada:x:1000:1000:Ada:/home/ada:/bin/bash
bob:x:1001:1001:Bob:/home/bob:/bin/zsh
carol:x:1002:1002:Carol:/home/carol:/bin/bash
svc:x:1003:1003:service:/home/svc:/usr/sbin/nologin
ghost:x:1004:1004:no home:/home/ghost:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
"""
SECRET = "/etc/aicheck-test-secret.json"


def build_users_machine(root: Path) -> dict[str, SyntheticMachine]:
    """ada: an affected Claude Code and Copilot. bob: links out of his home (into ada's extensions and to a
    system secret) and Aider. carol: nothing. svc (nologin), ghost (no home folder) and system accounts: skipped."""
    root = Path(root)
    users = {name: SyntheticMachine(root, "linux", home=f"/home/{name}") for name in ("ada", "bob", "carol")}
    system = users["ada"]
    system.write("/etc/passwd", PASSWD)
    system.write(SECRET, '{"token": "s3cr3t-value"}')
    system.mkdir("/home/svc")
    ada = users["ada"]
    ada.npm("@anthropic-ai/claude-code", "2.1.150", manager="user", bin_name="claude")
    ada.native(ada.h(".local/share/claude/versions"), "2.1.150", link=ada.h(".local/bin/claude"))
    ada.vscode_extension("GitHub.copilot-chat", "0.31.2")
    ada.write_json(  # an MCP server in her Cursor config, with a token that must never reach a row
        ada.h(".cursor/mcp.json"),
        {
            "mcpServers": {
                "gh": {
                    "command": "npx",
                    "args": ["-y", "@modelcontextprotocol/server-github@1.0.0"],
                    "env": {"GITHUB_TOKEN": "ghp-mcp-secret-value"},
                }
            }
        },
    )
    bob = users["bob"]
    bob.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")
    bob.symlink(bob.h(".vscode"), "/home/ada/.vscode")  # another user's folder
    bob.symlink(bob.h(".claude.json"), SECRET)  # a system secret
    bob.symlink(bob.h(".cursor"), "../ada/.vscode")  # relative, still outside his home
    return users
