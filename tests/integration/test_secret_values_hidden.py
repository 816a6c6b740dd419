"""A report-only red team's findings of ways a secret value still reached aicheck's output (the scan records
names, never values): a placeholder's default, a secret-named option's value written ``--opt=VALUE`` in the
shape of a path, the lines of a multi-line value in a dotenv file read as names, values written where an env
or header name goes, a skill's description, a package's "version". Each through the real scan, every output."""

from __future__ import annotations

import json

from support.agents import every_output
from support.packs import isolate_cli, run_cli, strict_mcp_pack
from tui.core.agents.redact import REDACTED, shown_args

TOKEN = "ghp_CANARYzz1b2C3d4E5f6G7h8I9j0K1l2M3n4"  # a GitHub token's shape
C = "Zq3canary"  # a value of no recognisable shape: every secret below holds it


def _servers(m, servers: dict, path: str = ".claude.json") -> None:
    m.write_json(m.h(path), {"mcpServers": servers})


def _none_shown(outputs: dict[str, str], *canaries: str) -> None:
    for argv, out in outputs.items():
        for canary in canaries:
            assert canary not in out, (argv, canary, out[max(0, out.find(canary) - 200) :][:400])


def _found(outputs: dict[str, str]) -> dict[str, dict]:
    return {s["name"]: s for s in json.loads(outputs["scan --json"])["mcp_servers"]}


def test_a_placeholders_default_is_a_value_and_is_hidden_unless_known_safe(capsys, machine_factory):
    """``${GITHUB_TOKEN:-ghp_…}`` passed as a placeholder and was printed whole (in ``--api-key=…``, alone, in a
    JSON argument, in a path); a default known safe (a file's path, a log level) stays."""
    m = machine_factory("linux")
    _servers(
        m,
        {
            "gh": {
                "command": "npx",
                "args": ["-y", "@modelcontextprotocol/server-github", f"--api-key=${{GITHUB_TOKEN:-{TOKEN}}}"],
            },
            "gh2": {"command": "npx", "args": ["-y", "some-server", f"${{GITHUB_TOKEN-{TOKEN}}}"]},
            "gh3": {"command": "npx", "args": ["-y", "other-server", f"${{UPSTREAM:={C}a}}", f"${{X:+{C}b}}"]},
            "cfg": {
                "command": "npx",
                "args": [
                    "-y",
                    "smithery-x",
                    "--config",
                    json.dumps({"apiKey": f"${{K:-{TOKEN}}}", "v": f"${{V:-{C}c}}"}),
                ],
            },
            "path": {
                "command": "npx",
                "args": ["-y", "path-server", f"--root=/srv/${{DIR-{C}d}}/x", f"~/${{D:-{C}e}}"],
            },
            "safe": {
                "command": "npx",
                "args": ["-y", "safe-server", "${CONFIG_FILE:-./config.json}", "--log=${LOG_LEVEL:-info}", "${HOME}/x"],
            },
            "cmd": {"command": f"${{MCP_BIN:-{C}f}}", "args": ["--stdio"]},
            "cmdpath": {"command": f"/opt/${{D-{C}g}}/server"},
            "named": {"command": "npx", "args": ["-y", "named-server", "${DB_PASSWORD:-./pw.txt}", f"${{{TOKEN}}}"]},
        },
    )
    outputs = every_output(m, capsys)
    _none_shown(outputs, TOKEN, "CANARYzz", C)
    found = _found(outputs)
    assert found["gh"]["args"][-1] == "--api-key=<redacted>"
    assert found["gh2"]["args"][-1] == "${GITHUB_TOKEN-<redacted>}"
    assert found["gh3"]["args"][-2:] == ["${UPSTREAM:=<redacted>}", "${X:+<redacted>}"]
    assert json.loads(found["cfg"]["args"][-1]) == {"apiKey": "<redacted>", "v": "${V:-<redacted>}"}
    assert found["path"]["args"][-2:] == ["--root=<redacted>", "<redacted>"]
    assert found["safe"]["args"][-3:] == ["${CONFIG_FILE:-./config.json}", "--log=${LOG_LEVEL:-info}", "${HOME}/x"]
    assert (found["cmd"]["command"], found["cmdpath"]["command"]) == ("${MCP_BIN:-<redacted>}", "<redacted>")
    assert found["named"]["args"][-2:] == ["${DB_PASSWORD:-<redacted>}", "<redacted>"]
    assert "runs: npx -y some-server ${GITHUB_TOKEN-<redacted>}" in outputs["scan --explain"]


def test_a_secret_named_options_value_is_hidden_whatever_its_shape(capsys, machine_factory):
    """``--password=x.txt``, ``--db-password=/x``, ``--token=~x``, ``{"password": "x.json"}``: shown as a file's
    name or a path when written with ``=`` or as a JSON key's value, hidden when written apart."""
    m = machine_factory("linux")
    _servers(
        m,
        {
            "a": {"command": "npx", "args": ["-y", "pkg-a", f"--password={C}a.txt"]},
            "b": {"command": "npx", "args": ["-y", "pkg-b", f"--db-password=/{C}b"]},
            "c": {"command": "npx", "args": ["-y", "pkg-c", f"--token=~{C}c"]},
            "d": {
                "command": "npx",
                "args": [
                    "-y",
                    "pkg-d",
                    "--config",
                    json.dumps({"password": f"{C}d.json", "auth": {"file": f"~/{C}e"}, "root": "/srv/data"}),
                ],
            },
            "f": {"command": "npx", "args": ["-y", "pkg-f", f"--client-secret=aB3/{C}f+qW7zK"]},
            "g": {"command": "npx -y pkg-g --token T --password=/" + C + "g"},
            "h": {"command": "npx", "args": ["-y", "pkg-h", "--config=./settings.json", "--root=/srv/data"]},
        },
    )
    outputs = every_output(m, capsys)
    _none_shown(outputs, C)
    found = _found(outputs)
    assert found["a"]["args"][-1] == "--password=<redacted>"
    assert found["b"]["args"][-1] == "--db-password=<redacted>"
    assert found["c"]["args"][-1] == "--token=<redacted>"
    assert json.loads(found["d"]["args"][-1]) == {
        "password": "<redacted>",
        "auth": {"file": "<redacted>"},
        "root": "/srv/data",
    }
    assert found["f"]["args"][-1] == "--client-secret=<redacted>"
    assert found["g"]["command"] == "npx -y pkg-g --token <redacted> --password=<redacted>"
    assert found["h"]["args"][-2:] == ["--config=./settings.json", "--root=/srv/data"]  # not secret-named: shown
    assert "runs: npx -y pkg-a --password=<redacted>" in outputs["scan --explain"]


PEM = f"""PRIVATE_KEY="-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7{C}aZq9
Q2FOQVJZMDZiU2VjcmV0S2V5TWF0ZXJpYWxUaGF0SXNMb25nRW5vdWdo=
{C}b: notreally
{C}c=x
-----END PRIVATE KEY-----"
export API_TOKEN=value
# {C}d=commented
SINGLE='one
{C}e=inside single quotes'
ESCAPED="a \\" {C}f=still inside"
AFTER=1
"""


def test_a_dotenv_files_multi_line_value_is_no_name(capsys, machine_factory):
    """A VS Code ``envFile`` and a docker ``--env-file`` naming a ``.env`` with a PEM key in quotes: the key's
    lines were taken for variables' names and printed. dotenv reads a quoted value to its closing quote, over
    lines; docker has no quoting, and only what is shaped like a variable's name (not like a token) is one."""
    m = machine_factory("linux")
    m.write(m.h("proj/.env"), PEM)
    # docker's reading of such a file: a line NAME=VALUE is a name whatever quotes came before it, so its
    # own file has the key's lines alone (and a name alone, which docker hands on from the client's own)
    m.write(m.h("proj/docker.env"), "\n".join(PEM.splitlines()[:4] + PEM.splitlines()[5:8] + ["PASSED_ON", ""]))
    m.write_json(
        m.h(".config/Code/User/mcp.json"),
        {
            "servers": {
                "v": {"command": "npx", "args": ["-y", "pkg-v"], "envFile": "/home/ada/proj/.env"},
                "d": {"command": "docker", "args": ["run", "-i", "--env-file", "/home/ada/proj/docker.env", "mcp/img"]},
            }
        },
    )
    outputs = every_output(m, capsys)
    _none_shown(outputs, C, "MIIEv", "Q2FOQVJZ", "BEGIN")
    found = _found(outputs)
    assert found["v"]["env"] == ["AFTER", "API_TOKEN", "ESCAPED", "PRIVATE_KEY", "SINGLE"]
    # docker: each line a NAME or NAME=VALUE, no quotes; a line of the key is no name (or one shaped as a token)
    assert found["d"]["env"] == ["API_TOKEN", "PASSED_ON", "PRIVATE_KEY"]


def test_values_written_where_env_or_header_names_go_are_hidden_and_counted(capsys, machine_factory):
    """An env key ``K=T``, ``Authorization: Bearer T``, a token as a key, a bare word in an env list, a header
    key ``Bearer T``: each printed as a name. Only a variable's name (a header field's name) not shaped like a
    token is one; the others are ``<redacted>``, numbered."""
    m = machine_factory("linux")
    _servers(
        m,
        {
            "a": {"command": "npx", "args": ["-y", "pkg-a"], "env": ["GITHUB_TOKEN=" + C + "a", C + "b"]},
            "b": {
                "command": "npx",
                "args": ["-y", "pkg-b"],
                "env": {
                    TOKEN: "",
                    f"K={C}d": "",
                    f"Authorization: Bearer {C}e": "",
                    "AZURE_OPENAI_API_KEY_2024": "",
                    "npm_config_registry": "",
                },
            },
            "c": {
                "type": "http",
                "url": "https://mcp.example.com/mcp",
                "headers": {f"Bearer {C}f": "", f"X-Key={C}g": "v", "X-Api-Key": "v"},
            },
        },
    )
    outputs = every_output(m, capsys)
    _none_shown(outputs, C, "CANARYzz")
    found = _found(outputs)
    assert found["a"]["env"] == ["<redacted>", "GITHUB_TOKEN"]
    assert found["b"]["env"] == [
        "<redacted>",
        "<redacted> 2",
        "<redacted> 3",
        "AZURE_OPENAI_API_KEY_2024",
        "npm_config_registry",
    ]
    assert found["c"]["headers"] == ["<redacted>", "<redacted> 2", "X-Api-Key"]
    assert "env: <redacted>, GITHUB_TOKEN" in outputs["scan --explain"]


def test_args_given_as_a_string_leave_what_runs_unknown_and_never_approved(
    capsys, machine_factory, tmp_path, monkeypatch
):
    """``"args": "-y pkg --token T"`` (a string, not a list) was dropped without a word: the server read as
    its command alone, which a rule naming the command approves. Clients that check reject such an entry; what it
    runs cannot be known, so no rule approves it. The same for a list holding an object, a list or null."""
    isolate_cli(monkeypatch, tmp_path)
    rule = '\n[[mcp.rules]]\nmatch = { command = "/opt/srv/bin/*" }\nstatus = "approved"\n'
    pack = strict_mcp_pack(tmp_path, rule)
    m = machine_factory("linux")
    m.write("/opt/srv/bin/server", "#!/bin/sh\n")
    srv = "/opt/srv/bin/server"
    _servers(
        m,
        {
            "plain": {"command": srv, "args": ["--stdio"]},
            "string": {"command": srv, "args": f"--token {C} --upstream https://other.example"},
            "mixed": {"command": srv, "args": ["--stdio", {"token": C}, None, ["--key", C]]},
        },
    )
    code, out, _err = run_cli(capsys, "scan", "--json", "--content", str(pack), *m.cli_args())
    assert C not in out
    found = {s["name"]: s for s in json.loads(out)["mcp_servers"]}
    assert found["plain"]["verdict"] == "approved", found["plain"]["reason"]  # the rule approves the command
    for name in ("string", "mixed"):
        assert found[name]["verdict"] == "prohibited", (name, found[name]["reason"])
        assert "not a list of words" in found[name]["reason"], found[name]["reason"]
    code, out, _err = run_cli(capsys, "check", "--content", str(pack), *m.cli_args())
    assert code == 1 and C not in out


def test_a_skills_description_is_redacted_as_free_text(capsys, machine_factory):
    m = machine_factory("linux")
    m.write(
        m.h(".claude/skills/s1/SKILL.md"),
        f"---\nname: deploy\ndescription: Deploys with https://u:{C}a@h.example.com/x?key={C}b using {TOKEN}\n---\nbody\n",
    )
    outputs = every_output(m, capsys)
    _none_shown(outputs, C, "CANARYzz")
    skills = [e for e in json.loads(outputs["scan --json"])["agent_extensions"] if e["kind"] == "skill"]
    assert [s["description"] for s in skills] == [
        "Deploys with https://<redacted>@h.example.com/x?key=<redacted> using <redacted>"
    ]


def test_a_packages_version_is_shown_only_when_it_reads_as_one(capsys, machine_factory):
    """``npx -y pkg@hunter2``: npm takes any word as a dist-tag, so the "version" was a place for a secret, shown
    in the line, the identity and the version. Shown only when it is a version, a range, a digest or a tag of
    words (latest, beta)."""
    m = machine_factory("linux")
    _servers(
        m,
        {
            "d": {"command": "npx", "args": ["-y", f"pkg-two@{C}D"]},
            "p": {"command": "uvx", "args": [f"mcp-p=={C}"]},
            "ok1": {"command": "npx", "args": ["-y", "pkg-ok@1.2.3"]},
            "ok2": {"command": "npx", "args": ["-y", "@scope/pkg-ok@^2.1.0"]},
            "ok3": {"command": "npx", "args": ["-y", "pkg-beta@beta"]},
            "ok4": {"command": "uvx", "args": ["mcp-server-q==2.0rc1"]},
        },
    )
    outputs = every_output(m, capsys)
    _none_shown(outputs, C)
    found = _found(outputs)
    assert found["d"]["args"] == ["-y", "pkg-two@<redacted>"]
    assert (found["d"]["npm"], found["d"]["version"]) == ("pkg-two", "<redacted>")
    assert found["p"]["args"] == ["mcp-p==<redacted>"] and found["p"]["pypi"] == "mcp-p"
    assert found["ok1"]["args"][-1] == "pkg-ok@1.2.3" and found["ok1"]["version"] == "1.2.3"
    assert found["ok2"]["args"][-1] == "@scope/pkg-ok@^2.1.0"
    assert found["ok3"]["args"][-1] == "pkg-beta@beta"
    assert found["ok4"]["args"][-1] == "mcp-server-q==2.0rc1" and found["ok4"]["version"] == "2.0rc1"


def test_a_placeholder_nested_thousands_deep_is_hidden_without_a_crash():
    """The default is read as a value, which may be a placeholder again: bounded, never a RecursionError."""
    deep = "${A:-" * 5000 + C + "}" * 5000
    assert shown_args(["-y", "pkg", deep, "${A:-${B:-./x.json}}"], "npx")[2:] == (REDACTED, "${A:-${B:-./x.json}}")


def test_a_placeholders_default_is_hidden_in_the_programs_a_server_runs_through(capsys, machine_factory):
    """``env ${E:-value}`` names the program env runs by a placeholder: that program went into the server's
    identity (``extra_packages``) as written, its default whole, while its arguments were redacted. Every word
    shown on its own now hides a default (:func:`~tui.core.agents.redact.redact_word`)."""
    m = machine_factory("linux")
    _servers(
        m,
        {
            "env": {"command": "/usr/bin/env", "args": [f"${{E:-{C}h}}", "--stdio"]},
            "envline": {"command": f"env ${{F-{C}i}} --stdio"},
            "plain": {"command": "/usr/bin/env", "args": ["${SERVER_BIN}", "--stdio"]},
        },
    )
    outputs = every_output(m, capsys)
    _none_shown(outputs, C)
    found = _found(outputs)
    programs = {name: next((p["kind"], p["name"]) for p in found[name]["extra_packages"]) for name in found}
    assert programs == {
        "env": ("command", "${E:-<redacted>}"),
        "envline": ("command", "${F-<redacted>}"),
        "plain": ("command", "${SERVER_BIN}"),
    }
