"""What of an MCP server's line and a hook's command may be shown: only what is known not to be a secret (the
program and the launcher's options, the package it runs, flag names, paths, URLs with their credentials
hidden, variables' names); every other value is ``<redacted>``, whatever it looks like. A red team found
secrets of no recognisable shape (``-k SECRET``, a positional word, a JSON argument past 4,000 characters)
shown verbatim in every output."""

from __future__ import annotations

import json

import pytest

from support.agents import ODD_SECRET as S
from support.agents import ODD_SECRETS_PAD as PAD
from support.agents import add_odd_secrets, every_output
from tui.core.agents.redact import REDACTED, shown_args, shown_command_line


def test_a_value_not_known_to_be_safe_is_never_shown_in_any_output(capsys, machine_factory):
    m = machine_factory("linux")
    add_odd_secrets(m)
    outputs = every_output(m, capsys)
    for argv, out in outputs.items():
        assert S not in out and S.lower() not in out.lower(), (argv, out[out.lower().find(S.lower()) - 200 :][:400])
    found = {s["name"]: s for s in json.loads(outputs["scan --json"])["mcp_servers"]}
    assert found["weird1"]["args"] == ["-y", "some-mcp", "-k", REDACTED, "--access", REDACTED, REDACTED]
    assert found["weird1"]["identity"] == "npm some-mcp"  # the identity is read from the line as written
    assert found["weird4"]["args"] == ["mcp-x", "--config", REDACTED] and found["weird4"]["identity"] == "pypi mcp-x"
    assert found["weird4b"]["args"] == ["mcp-x", "--config", '{"apiKey":"<redacted>","on":true}']
    assert found["weird5"]["command"] == "/opt/bin/mcp -k <redacted>"
    assert found["weird7"]["args"][2] == "--db=mysql://<redacted>@h/db"
    assert found["docker"]["args"] == ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "-e", "K=<redacted>", "ghcr.io/acme/mcp:1.2", REDACTED]  # fmt: skip
    assert found["docker"]["identity"] == "docker ghcr.io/acme/mcp:1.2"
    assert found["paths"]["args"] == ["/usr/lib/node_modules/@scope/pkg/dist/index.js", "--root", "/srv/data", "/srv/<redacted>/x"]  # fmt: skip
    assert found["wrapped"]["args"][1].startswith("npx -y wrapped-mcp --opt <redacted> & & node /srv/x.js <redacted>")
    assert "runs: npx -y some-mcp -k <redacted> --access <redacted> <redacted>" in outputs["scan --explain"]
    hooks = [e for e in json.loads(outputs["scan --json"])["agent_extensions"] if e["kind"] == "hook"]
    assert [h["command"] for h in hooks] == ["curl -s https://hooks.example.com/x -d token=<redacted> -k <redacted>"]


@pytest.mark.parametrize(
    "args",
    [
        [f"{S}"],
        ["-y", "pkg", f"{S}"],
        ["--anything", f"{S}"],
        ["-x", f"{S}"],
        [f"-x{S}"],
        [f"--anything={S}"],
        [f"NAME={S}"],
        [f"{S}:{S}"],
        [f"{S}@host"],
        [f"{S}!#?,;"],
        [json.dumps({"k": S})],
        [json.dumps({"k": [1, {"deep": S}]})],
        [json.dumps({"k": S, "pad": PAD})],
        ["{" + S],
        [f"{{apiKey:{S}}}"],
        [f"https://h.example/{S}1234567/sse?x={S}#{S}"],
        [f"/srv/{S}0123456789/x"],
        ["-c", f"node x.js {S}"],
        ["/c", f"npx -y pkg --flag {S} & other {S}"],
        ["--note", f"{S} is free text"],
        ["--header", f"X-Key: {S}"],
        ["-H", "Authorization:", "Bearer", S],
        ["-c", f"{S} --x"],  # a word pasted where a line's program goes (no program the line is known to run)
        ["-lc", f"guard --key {S}"],
        ["--port", f"{S}"],
        ["--host", f"{S}"],
        [f"{S}.pw1"],
        ["--python", f"{S}"],
        ["-m", f"{S}"],
    ],
)
def test_a_secret_in_any_position_is_hidden(args):
    shown = " ".join(shown_args(args, "npx"))
    assert S not in shown and REDACTED in shown, shown


def test_what_is_known_safe_stays():
    args = ["-y", "--port", "8080", "--transport", "stdio", "${API_KEY}", "{env:TOKEN}", "./x.json", "3.12", "--"]
    assert shown_args(args, "npx") == tuple(args)
    assert shown_args(["run", "x.py"], "python") == ("run", "x.py")
    assert shown_args(["--header", "X-Key: v"]) == ("--header", "X-Key: <redacted>")
    assert shown_args(["--host", "api.example.com", "--host=127.0.0.1", "openapi.v3.yaml"]) == (
        "--host",
        "api.example.com",
        "--host=127.0.0.1",
        "openapi.v3.yaml",
    )
    assert shown_args(["-lc", "npx -y pkg --x 1.2"], "bash") == ("-lc", "npx -y <redacted> --x 1.2")
    assert shown_args(["-lc", "npx -y pkg --x 1.2"], "bash", known=lambda w: w == "pkg")[1] == "npx -y pkg --x 1.2"
    assert shown_command_line(f"FOO={S} /opt/x/guard --check ~/.cfg | tee /tmp/log") == (
        "FOO=<redacted> /opt/x/guard --check ~/.cfg | tee /tmp/log"
    )


# red team: the word after -e/--env was shown for any program (it names a variable for docker and podman
# only: node -e runs code, a server's own -e is anything), and a JSON argument's keys were shown whatever
# they were (a token written as a key)
@pytest.mark.parametrize(
    "program, args",
    [
        ("npx", ["-y", "srv", "-e", S]),
        ("npx", ["-y", "srv", "--env", S]),
        ("node", ["-e", S]),
        ("uvx", ["srv", "-e", S]),
        ("sh", ["-c", f"npx -y srv -e {S}"]),
        ("bash", ["-lc", f"docker run -i img && node -e {S}"]),
        ("npx", ["-y", "srv", "--config", json.dumps({S: "v"})]),
        ("npx", ["-y", "srv", "--config", json.dumps({"a": {S: 1}})]),
        ("npx", ["-y", "srv", "--config", json.dumps({f"{S}pw": 1, "b": [{S.lower(): True}]})]),
        ("npx", ["-y", "srv", "--config", json.dumps({"x" * 50 + S: 1})]),
    ],
)
def test_a_secret_after_e_or_as_a_json_key_is_hidden(program, args):
    shown = " ".join(shown_args(args, program))
    assert S not in shown and S.lower() not in shown and REDACTED in shown, shown


def test_docker_variables_and_plain_json_keys_stay():
    assert shown_args(["run", "-i", "-e", "GITHUB_TOKEN", "--env", f"K={S}", "img"], "docker") == (
        "run",
        "-i",
        "-e",
        "GITHUB_TOKEN",
        "--env",
        "K=<redacted>",
        REDACTED,
    )
    assert shown_args(["run", "-e", "GITHUB_TOKEN", "img"], "/usr/bin/podman")[2] == "GITHUB_TOKEN"
    line = shown_args(["-c", "docker run -e GITHUB_TOKEN img"], "sh")[1]
    assert line == f"docker run -e GITHUB_TOKEN {REDACTED}", line
    config = {
        "apiKey": S,
        "tenant_id": "acme",
        "base-url": "https://h.example",
        "retryCount": True,
        S: 1,
        "t0k3n": None,
    }
    shown = shown_args(["--config", json.dumps(config)], "npx")[1]
    assert json.loads(shown) == {
        "apiKey": REDACTED,
        "tenant_id": REDACTED,
        "base-url": "https://h.example",
        "retryCount": True,
        REDACTED: REDACTED,  # (a number is no value known safe either)
        f"{REDACTED} 2": None,
    }


URL_SECRETS = ["kQxZbTfRmWpLsNvYhJdGcA", "SEKRETzzSEKRETzz", "Sk3t0k", "qzxkvbnwrtplm", "abcdefghijklmnopqrst"]


def test_a_url_path_segment_is_shown_only_when_known_not_to_be_a_secret(capsys, machine_factory):
    """A red team: a credential in an MCP server's URL path (``/kQxZbTfRmWpLsNvYhJdGcA/sse``: 16 random bytes
    in base64url, about one in a hundred with no digit) was printed by ``scan --json``, ``--explain`` and
    ``check --json``: segments were hidden by a guess at a token's shape. Now only a segment known not to be a
    secret is shown (a lower-case word, a version, a date, a placeholder); the host always is."""
    m = machine_factory("linux")
    servers = {f"s{i}": {"url": f"https://mcp.gateway.example.com/{s}/sse"} for i, s in enumerate(URL_SECRETS)}
    servers["plain"] = {"url": "https://mcp.gateway.example.com/v1/acme-corp/2025-06-18/streamable-http/mcp"}
    servers["matrix"] = {"url": "https://mcp.gateway.example.com/api/sse;session=abc;Tok3nX/index.json"}
    servers["tenant"] = {"url": "https://mcp.gateway.example.com/${TENANT}/mcp?key=k"}
    m.write_json(m.h(".cursor/mcp.json"), {"mcpServers": servers})
    outputs = every_output(m, capsys)
    for argv, out in outputs.items():
        assert not [s for s in URL_SECRETS if s in out], argv
    found = {s["name"]: s for s in json.loads(outputs["scan --json"])["mcp_servers"]}
    assert {found[f"s{i}"]["url"] for i in range(len(URL_SECRETS))} == {
        "https://mcp.gateway.example.com/<redacted>/sse"
    }
    assert found["plain"]["url"] == "https://mcp.gateway.example.com/v1/acme-corp/2025-06-18/streamable-http/mcp"
    assert found["matrix"]["url"] == "https://mcp.gateway.example.com/api/sse;session=<redacted>;<redacted>/index.json"
    assert found["tenant"]["url"] == "https://mcp.gateway.example.com/${TENANT}/mcp?key=<redacted>"
    assert "url: https://mcp.gateway.example.com/<redacted>/sse" in outputs["scan --explain"]
