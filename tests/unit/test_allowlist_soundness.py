"""Claude Code's managed MCP allowlist as aicheck reads it (tui.core.agents.allowlist): whatever the list and
the servers, a server an entry certainly lets through is never marked as kept out. Generated lists and servers
(Hypothesis) checked against the rules Claude Code documents: a remote server whose exact URL a serverUrl entry
names, a stdio server whose exact command line a serverCommand entry names, and a server whose name a
serverName entry names while the list has no entry of its kind's stricter sort, all start."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.content import load_pack
from tui.core.scanner import scan
from tui.demo.synthetic import SyntheticMachine
from tui.paths import bundled_content_dir

_NAMES = st.sampled_from(["gh", "notes", "far", "local"])
_HOSTS = st.sampled_from(["mcp.example.com", "api.example.com", "far.test", "MCP.Example.com", "127.0.0.1"])
_PATHS = st.sampled_from(["/mcp", "/", "/v1/mcp", "/mcp?key=sk-live-0123456789abcdef0123"])
_URLS = st.builds(lambda h, p: f"https://{h}{p}", _HOSTS, _PATHS)
_PATTERNS = _URLS | st.sampled_from(
    ["https://*.example.com/*", "https://mcp.example.com", "*://far.test/*", "https://${HOST}/*"]
)
_COMMANDS = st.lists(st.sampled_from(["npx", "-y", "pkg", "uvx", "tool", "${HOME}/bin/x"]), min_size=1, max_size=3)
_ENTRY = (
    st.builds(lambda n: {"serverName": n}, _NAMES)
    | st.builds(lambda u: {"serverUrl": u}, _PATTERNS)
    | st.builds(lambda c: {"serverCommand": c}, _COMMANDS)
)
_SERVER = st.one_of(
    st.builds(lambda u: {"type": "http", "url": u}, _URLS),
    st.builds(lambda c: {"command": c[0], "args": c[1:]}, _COMMANDS),
)

PACK = load_pack(bundled_content_dir())


def _lets_through(entries: list[dict], name: str, server: dict) -> bool:
    """Whether an entry certainly lets the server through (exact matches only: a sound lower bound)."""
    urls = [e["serverUrl"] for e in entries if "serverUrl" in e]
    commands = [e["serverCommand"] for e in entries if "serverCommand" in e]
    names = {e["serverName"] for e in entries if "serverName" in e}
    if "url" in server:
        return server["url"] in urls or (not urls and name in names)
    line = [server["command"], *server["args"]]
    return line in commands or (not commands and name in names)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_ENTRY, max_size=5), servers=st.dictionaries(_NAMES, _SERVER, min_size=1, max_size=4))
def test_a_server_the_allowlist_lets_through_is_never_marked_kept_out(tmp_path_factory, entries, servers):
    m = SyntheticMachine(tmp_path_factory.mktemp("a") / "disk", "linux")
    m.write(m.h(".claude.json"), json.dumps({"mcpServers": servers}))
    m.write_json(
        "/etc/claude-code/managed-settings.json", {"allowManagedMcpServersOnly": True, "allowedMcpServers": entries}
    )
    found = {f.item.name: f.item.not_started for f in scan(m.machine(), PACK).surface.servers}
    for name, server in servers.items():
        if _lets_through(entries, name, server):
            assert not found[name], (name, server, entries)
