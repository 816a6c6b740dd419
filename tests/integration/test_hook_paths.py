"""A hook is approved by where its program is, never by its name: the example pack approves the company's guard
at its installed path, and a file the user saves as `aicheck-guard` anywhere else (`/tmp/x`, `~/bin`, the
working folder, a bare name the search path finds) is not it. Real settings files on synthetic machines,
through the real scan and `aicheck check`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from support.agents import GUARD_PATHS, MARKER, guard
from tui.cli import main
from tui.core.content import load_pack
from tui.core.scanner import scan
from tui.paths import bundled_content_dir

SCHEMAS = Path(__file__).resolve().parents[2] / "tui" / "schemas"
EVENTS = (
    "PreToolUse", "PostToolUse", "Stop", "SessionStart", "Notification", "SubagentStop", "PreCompact",
    "UserPromptSubmit", "SessionEnd", "PermissionRequest",
)  # fmt: skip


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


# the events whose hooks cannot answer a permission request: the example pack forbids any hook on the other two
# (PreToolUse, PermissionRequest) but the company's guard, so a line judged by its programs alone is put here
NEUTRAL = tuple(e for e in EVENTS if e not in ("PreToolUse", "PermissionRequest"))


def hooks_of(m, lines: dict[str, str], order: tuple[str, ...] = EVENTS) -> dict[str, str]:
    """``lines`` written as one hook each in ~/.claude/settings.json (one event each, in ``order``); event ->
    label."""
    assert len(lines) <= len(order)
    events = dict(zip(order, lines, strict=False))
    settings = {
        "hooks": {
            event: [{"matcher": "*", "hooks": [{"type": "command", "command": lines[label]}]}]
            for event, label in events.items()
        }
    }
    m.write_json(m.h(".claude/settings.json"), settings)
    return events


def judged(m, pack, lines: dict[str, str], order: tuple[str, ...] = NEUTRAL) -> dict:
    events = hooks_of(m, lines, order)
    report = scan(m.machine(), pack)
    return {events[f.item.event]: f for f in report.surface.extensions if f.item.kind == "hook"}


def pack_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the bundled pack with ``old`` (which must be in its policy.toml) replaced by ``new``."""
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    policy = (root / "policy.toml").read_text(encoding="utf-8")
    assert old in policy
    (root / "policy.toml").write_text(policy.replace(old, new), encoding="utf-8")
    return root


POSIX_LINES = {
    "installed": "/opt/aicheck/bin/aicheck-guard --mode strict",
    "written-loosely": "//opt/aicheck//bin/./aicheck-guard",  # the same file, written another way
    "tmp": "/tmp/x/aicheck-guard --mode strict",
    "home-bin": "~/bin/aicheck-guard",
    "home-var": "$HOME/bin/aicheck-guard",
    "relative": "./aicheck-guard",
    "bare": "aicheck-guard",
    # `..` after a link is taken from where the link leads (~/l -> /tmp/a/b/c: ~/l/../../../opt is /tmp/opt)
    "dotdot": "/home/ada/l/../../../opt/aicheck/bin/aicheck-guard",
    "variable": "$ACME/bin/aicheck-guard",  # whatever the hook's environment holds
    "backslashes": r"'/opt\aicheck\bin\aicheck-guard'",  # one name in / on Linux and macOS, not four
}
WINDOWS_LINES = {
    "installed": r'"C:\Program Files\aicheck\aicheck-guard.exe" --mode strict',
    "written-loosely": '"c:/program files/AICHECK//aicheck-guard.exe"',  # Windows paths know no case
    "other-drive": r'"D:\Program Files\aicheck\aicheck-guard.exe"',  # a drive the user may own (a USB stick)
    "no-drive": r'"\Program Files\aicheck\aicheck-guard.exe"',  # on whatever drive the hook starts in
    "share": r'"\\fileserver\Program Files\aicheck\aicheck-guard.exe"',
    "profile": r'"%USERPROFILE%\aicheck-guard.exe"',
    "bare": "aicheck-guard.exe",
}


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_the_guard_is_approved_at_its_installed_path_and_nowhere_else(machine_factory, pack, platform):
    """The example pack approves the guard at its installed path (the same file written with `//` or `.`,
    or in another case on Windows, too); a file of that name anywhere else is prohibited: the user's own
    folders, the home however written, a relative or bare name (the search path finds the user's first), and
    on Windows another drive, no drive, a network share."""
    m = machine_factory(platform)
    m.write(m.h("bin/aicheck-guard"), "#!/bin/sh\necho allow\n")  # the user's own file, never run
    lines = WINDOWS_LINES if platform == "windows" else POSIX_LINES
    found = judged(m, pack, lines, EVENTS)  # the installed guard on PreToolUse, where it belongs
    verdicts = {label: f.verdict for label, f in found.items()}
    assert verdicts == {
        label: "approved" if label in ("installed", "written-loosely") else "prohibited" for label in lines
    }
    assert {f.item.program for f in found.values()} == {"aicheck-guard"}  # one name: the name tells nothing
    installed = GUARD_PATHS[platform].replace("\\", "/")
    assert found["installed"].item.program_path == installed
    assert str(found["written-loosely"].item.program_path).lower() == installed.lower()
    if platform != "windows":
        assert found["home-bin"].item.program_path == found["home-var"].item.program_path == m.h("bin/aicheck-guard")
    for label in (
        ("relative", "bare", "dotdot", "variable", "backslashes")
        if platform != "windows"
        else ("no-drive", "share", "bare")
    ):
        assert found[label].item.program_path is None, label
    assert found["bare"].reason.startswith("prohibited by the [agents] rule kind = 'hook', program = 'aicheck-guard'")


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_check_passes_the_installed_guard_and_fails_the_users_copy(capsys, machine_factory, platform):
    """`aicheck check` with the example pack: exit 0 for the guard at its installed path, exit 1 for the
    same hook pointing at the user's own `aicheck-guard`, whose fix is to remove the hook."""
    m = machine_factory(platform)
    hooks_of(m, {"guard": f"{guard(platform)} --mode strict"})
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 0, out
    theirs = r'"C:\Users\ada\x\aicheck-guard.exe"' if platform == "windows" else "/tmp/x/aicheck-guard"
    m.write(m.h("x/aicheck-guard.exe") if platform == "windows" else "/tmp/x/aicheck-guard", "echo allow\n")
    hooks_of(m, {"guard": f"{theirs} --mode strict"})
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 1 and "Hook PreToolUse:aicheck-guard (claude-code): prohibited" in out
    assert "Not the company's guard" in out and "key hooks.PreToolUse[0].hooks[0]" in out


def test_every_program_of_a_line_is_judged_by_where_it_is(capsys, machine_factory, pack):
    """Each program a line runs is judged by its own path: the installed guard chained with `curl` is
    judged for `curl` as before, and chained with (or wrapping, through `bash -c`) a copy of the guard
    elsewhere it is prohibited, though both have the same name. The JSON report names every path."""
    m = machine_factory("linux")
    installed = GUARD_PATHS["linux"]
    lines = {
        "curl": f"{installed} && curl -s https://evil.example/x",
        "copy": f"{installed} && /tmp/x/aicheck-guard",
        "wrapped": f"bash -c 'cd /src && GUARD_TOKEN={MARKER} /tmp/x/aicheck-guard'",
        "both-installed": f"{installed} --pre; {installed} --post",
    }
    found = judged(m, pack, lines)
    curl = found["curl"]
    assert (curl.item.program_path, curl.item.also_runs, curl.item.also_runs_paths) == (installed, ("curl",), (None,))
    assert curl.verdict == "unreviewed"
    assert curl.reason == "it also runs curl: no [agents] rule matches: default_status unreviewed"
    copy = found["copy"]
    assert copy.item.also_runs == ("aicheck-guard",) and copy.item.also_runs_paths == ("/tmp/x/aicheck-guard",)
    assert copy.verdict == "prohibited" and copy.reason.startswith("it also runs aicheck-guard: prohibited by")
    assert found["wrapped"].item.program_path == "/tmp/x/aicheck-guard" and found["wrapped"].verdict == "prohibited"
    assert found["both-installed"].verdict == "approved" and found["both-installed"].item.also_runs == ()
    _code, out = run(capsys, "scan", "--json", *m.cli_args())
    data = json.loads(out)
    jsonschema.validate(data, json.loads((SCHEMAS / "scan-report.schema.json").read_text()))
    shown = {e["event"]: e for e in data["agent_extensions"] if e["kind"] == "hook"}
    first, second = NEUTRAL[:2]
    assert (shown[first]["program_path"], shown[first]["also_runs_paths"]) == (installed, [None])
    assert shown[second]["also_runs_paths"] == ["/tmp/x/aicheck-guard"]
    assert MARKER not in out


OLD_RULE = """[[agents.rules]]
match = { kind = "hook", path = "/opt/aicheck/bin/aicheck-guard" }"""
BY_NAME = """[[agents.rules]]
match = { kind = "hook", program = "aicheck-guard" }
status = "approved"
rationale = "Written before rules could name a path."

[[agents.rules]]
match = { kind = "hook", path = "/opt/aicheck/bin/aicheck-guard" }"""


def test_a_rule_on_the_program_name_alone_approves_no_hook(capsys, machine_factory, tmp_path):
    """A pack written before `path` (approving `program = "aicheck-guard"`) still loads, but its rule
    approves no hook: it is passed over, so the rules below it decide (here the example pack's own, which
    approves the installed path and prohibits the name elsewhere), and the finding says why. Under a pack
    whose only other word is `default_status = "prohibited"`, the user's copy is prohibited: naming a file
    after an approved program never turns a verdict into a pass."""
    root = pack_with(tmp_path, OLD_RULE, BY_NAME)
    assert run(capsys, "content", "validate", str(root))[0] == 0
    m = machine_factory("linux")
    lines = {"installed": GUARD_PATHS["linux"], "tmp": "/tmp/x/aicheck-guard", "bare": "aicheck-guard"}
    found = judged(m, load_pack(root), lines)
    assert {k: f.verdict for k, f in found.items()} == {
        "installed": "approved",
        "tmp": "prohibited",
        "bare": "prohibited",
    }
    assert "(the rule kind = 'hook', program = 'aicheck-guard' (line " in found["tmp"].reason
    assert "names aicheck-guard only, which approves no hook" in found["tmp"].reason
    # the rule alone, under a prohibiting default: the user's copy is prohibited, the check fails
    alone = tmp_path / "alone"
    shutil.copytree(root, alone)
    policy = (alone / "policy.toml").read_text(encoding="utf-8")
    policy = policy[: policy.index(OLD_RULE)].replace(
        '[agents]\ndefault_status = "unreviewed"', '[agents]\ndefault_status = "prohibited"'
    )
    (alone / "policy.toml").write_text(policy, encoding="utf-8")
    hooks_of(m, {"tmp": "/tmp/x/aicheck-guard"})
    code, out = run(capsys, "check", "--content", str(alone), *m.cli_args())
    assert code == 1 and "Hook PreToolUse:aicheck-guard (claude-code): prohibited" in out
    assert "no [agents] rule matches: default_status prohibited" in out
    # a rule on the hook's name (EVENT:program) is a rule on the program's name too
    by_event_name = (
        (alone / "policy.toml")
        .read_text(encoding="utf-8")
        .replace('program = "aicheck-guard" }', 'name = "PreToolUse:aicheck-guard" }')
    )
    (alone / "policy.toml").write_text(by_event_name, encoding="utf-8")
    assert run(capsys, "check", "--content", str(alone), *m.cli_args())[0] == 1


def test_a_rule_that_names_no_program_still_approves(machine_factory, tmp_path):
    """What the rule on names closes is approval by a name: a rule for a hook event (every status line),
    or one that pins the path beside the name, approves as written."""
    extra = (
        '\n[[agents.rules]]\nmatch = { kind = "hook", event = "statusLine" }\nstatus = "approved"\n'
        '\n[[agents.rules]]\nmatch = { kind = "hook", program = "audit-hook", path = "/usr/local/bin/audit-hook" }\n'
        'status = "approved"\n'
    )
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    with open(root / "policy.toml", "a", encoding="utf-8") as fh:
        fh.write(extra)
    m = machine_factory("linux")
    m.write_json(
        m.h(".claude/settings.json"),
        {
            "statusLine": {"type": "command", "command": "~/.claude/statusline.sh"},
            "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "/usr/local/bin/audit-hook --all"}]}]},
        },
    )
    report = scan(m.machine(), load_pack(root))
    verdicts = {f.item.event: f.verdict for f in report.surface.extensions if f.item.kind == "hook"}
    assert verdicts == {"statusLine": "approved", "Stop": "approved"}


@pytest.mark.parametrize(
    "pattern",
    ["aicheck-guard", "*/aicheck-guard", "./bin/aicheck-guard", "/opt/../tmp/x/aicheck-guard", "/*/aicheck-guard",
     "?:/Program Files/aicheck/aicheck-guard.exe", "~/bin/aicheck-guard", "//server/share/aicheck-guard"],
)  # fmt: skip
def test_a_path_rule_names_an_absolute_path(capsys, tmp_path, pattern):
    """`path` is an absolute path (a glob) with its first folder written out: a name, a relative path, a
    leading wildcard (any drive, any top folder: /tmp), `..` or a network share would match a file
    anywhere, so `aicheck content validate` refuses it with the rule's line."""
    root = pack_with(tmp_path, 'path = "/opt/aicheck/bin/aicheck-guard"', f"path = '{pattern}'")
    code, out = run(capsys, "content", "validate", str(root))
    assert code != 0 and "is not an absolute path with its first folder written out" in out
    assert "policy.toml" in out


def test_a_windows_path_rule_may_be_written_with_backslashes(machine_factory, tmp_path):
    r"""A rule's path written the Windows way (`C:\Program Files\...`, a TOML literal string) is the same
    path: it matches the hook however its line writes it."""
    root = pack_with(
        tmp_path,
        '"C:/Program Files/aicheck/aicheck-guard.exe"',
        r"'c:\Program Files\aicheck\aicheck-guard.exe'",
    )
    m = machine_factory("windows")
    found = judged(m, load_pack(root), {"guard": guard("windows")})
    assert found["guard"].verdict == "approved"


def test_a_name_given_to_the_program_is_not_the_program(machine_factory, pack):
    """`exec -a NAME prog` (and GNU env's `-a NAME`, BSD env's `-P FOLDER`, GNU time's `-o FILE`) runs
    `prog`: the word after the option is its value, so the approved path written there approves nothing,
    and the program that runs is judged by its own path."""
    installed = GUARD_PATHS["linux"]
    lines = {
        "exec": f"exec -a {installed} /tmp/x/evil",
        "exec-flags": f"exec -cla {installed} /tmp/x/evil",
        "env-argv0": f"env -a {installed} /tmp/x/evil",
        "env-path": f"env -P {installed} /tmp/x/evil",
        "time": f"time -o {installed} /tmp/x/evil",
        "in-bash": f"bash -c 'X=1 exec -a {installed} /tmp/x/evil'",
    }
    m = machine_factory("linux")
    found = judged(m, pack, lines)
    assert {k: (f.item.program_path, f.verdict) for k, f in found.items()} == dict.fromkeys(
        lines, ("/tmp/x/evil", "unreviewed")
    )


LOADED_LINES = {
    "preload": "LD_PRELOAD=/tmp/x/evil.so /opt/aicheck/bin/aicheck-guard",
    "exported": "export BASH_ENV=/tmp/x/rc; /opt/aicheck/bin/aicheck-guard",
    "env": "env NODE_OPTIONS=--require=/tmp/x/evil.js /opt/aicheck/bin/aicheck-guard",
    "inside": "bash -c 'DYLD_INSERT_LIBRARIES=/tmp/x/e.dylib /opt/aicheck/bin/aicheck-guard'",
    "harmless": "LANG=C /opt/aicheck/bin/aicheck-guard",
}


def test_a_variable_that_loads_code_into_the_approved_guard_is_not_approved(capsys, machine_factory, pack):
    """The next way around approval by path: the approved guard with LD_PRELOAD, BASH_ENV, NODE_OPTIONS or
    DYLD_INSERT_LIBRARIES set on its line runs the user's code inside it. Such a line runs what no rule can
    name: never approved, and the reason names the variable (never its value)."""
    m = machine_factory("linux")
    found = judged(m, pack, LOADED_LINES)
    assert found["harmless"].verdict == "approved"
    for label in ("preload", "exported", "env", "inside"):
        f = found[label]
        assert f.verdict == "unreviewed" and f.item.runs_unread, label
        assert "loads into it, which no [agents] rule can approve" in f.reason and "/tmp/x" not in f.reason
    assert "what LD_PRELOAD loads into it" in found["preload"].reason
    _code, out = run(capsys, "check", "--json", *m.cli_args())
    hooks = [e for e in json.loads(out)["agent_extensions"] if e["kind"] == "hook"]
    assert {e["unread_why"] for e in hooks} >= {"what BASH_ENV loads into it", None}


@pytest.mark.parametrize(
    "line",
    [
        "LD_PRELOAD=/tmp/x/evil.so; export LD_PRELOAD; /opt/aicheck/bin/aicheck-guard",
        "export LD_PRELOAD; LD_PRELOAD=/tmp/x/evil.so; /opt/aicheck/bin/aicheck-guard",
        "set -a; NODE_OPTIONS=--require=/tmp/x/evil.js; /opt/aicheck/bin/aicheck-guard",
        "typeset -x LD_PRELOAD=/tmp/x/evil.so; /opt/aicheck/bin/aicheck-guard",
        "BASH_FUNC_aicheck-guard%%='() { /tmp/x/evil; }' /opt/aicheck/bin/aicheck-guard",
        "OPENSSL_CONF=/tmp/x/engine.cnf /opt/aicheck/bin/aicheck-guard",
        "PYTHONUSERBASE=/tmp/x /opt/aicheck/bin/aicheck-guard",
        "set -a; read LD_PRE''LOAD <<< /tmp/x/evil.so; /opt/aicheck/bin/aicheck-guard",
        "set -a; read LD_PRE\\LOAD <<< /tmp/x/evil.so; /opt/aicheck/bin/aicheck-guard",
        "set -a; read $'LD_PRE\\x4cOAD' <<< /tmp/x/evil.so; /opt/aicheck/bin/aicheck-guard",
    ],
)
def test_a_loader_variable_set_any_way_on_the_line_is_never_approved(machine_factory, pack, line):
    """Red team: only `NAME=x prog`, `env NAME=x` and `export NAME=x` were caught: an assignment exported on its
    own (`export LD_PRELOAD`), `set -a`, `typeset -x`, a function imported through BASH_FUNC_, and more loader
    variables (OPENSSL_CONF loads engines, PYTHONUSERBASE runs .pth files) left the guard approved."""
    m = machine_factory("linux")
    [f] = judged(m, pack, {"hook": line}).values()
    assert f.verdict == "unreviewed" and f.item.runs_unread and f.item.unread_why.endswith(" loads into it"), f.reason
    assert "/tmp/x" not in f.reason + f.item.unread_why


def test_the_env_command_is_no_loader_variable(machine_factory, pack):
    m = machine_factory("linux")
    [f] = judged(m, pack, {"hook": "env LANG=C /opt/aicheck/bin/aicheck-guard"}).values()
    assert f.verdict == "approved", f.reason


@pytest.mark.parametrize(
    "line",
    [
        f"pwsh -c \"$env:ANTHROPIC_API_KEY='sk-{MARKER}'; C:/tools/guard.exe\"",
        f"$env:ANTHROPIC_API_KEY='sk-{MARKER}'; guard",
        f"powershell -c \"$key = '{MARKER} with spaces {MARKER}'; guard --key $key\"",
        f'$key="{MARKER}"; guard',
        f"cd C:/x;$env:ANTHROPIC_API_KEY='{MARKER}';guard",
        f"[string]$apiKey='{MARKER}'; guard",
        f"$env:K = 'sk-' + '{MARKER}'; guard",
        f'pwsh -c "Set-Item Env:ANTHROPIC_API_KEY {MARKER}; guard"',
        f"pwsh -c \"[Environment]::SetEnvironmentVariable('K','{MARKER}'); guard\"",
        f'pwsh -c "Set-Variable -Name apiKey -Value {MARKER}; guard"',
        f'sh -c "cd /x;ANTHROPIC_API_KEY={MARKER} guard"',
    ],
)
def test_a_value_a_powershell_line_assigns_is_never_shown(capsys, machine_factory, line):
    """Red team: the sh forms (`X=T prog`, export, env) were redacted, but PowerShell's `$env:X='T'` and
    `$x = 'T'` reached scan --json's command, --explain and the fleet's rows whole."""
    m = machine_factory("windows")
    hooks_of(m, {"hook": line})
    for argv in (("scan", "--json"), ("scan", "--explain"), ("check",)):
        _code, out = run(capsys, *argv, *m.cli_args())
        assert MARKER not in out, argv


def test_a_hook_that_can_answer_a_permission_request_is_the_company_guard_or_needs_action(capsys, machine_factory):
    """A Claude Code hook on PreToolUse or PermissionRequest can answer for the user ("permissionDecision":
    "allow" skips the prompt, Claude Code's hooks reference): approval without a person, which a user's own hook
    there gave while check exited 0 (unreviewed). The example pack keeps those events for the company's guard;
    a hook on another event stays unreviewed."""
    m = machine_factory("linux")
    hooks_of(m, {"guard": f"{guard('linux')} --mode strict", "after": "notify-send done"})
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 0, out  # the guard on PreToolUse, a notification after the tool
    for event in ("PreToolUse", "PermissionRequest"):
        m.write_json(
            m.h(".claude/settings.json"),
            {"hooks": {event: [{"matcher": "*", "hooks": [{"type": "command", "command": "~/bin/auto-yes"}]}]}},
        )
        code, out = run(capsys, "check", *m.cli_args())
        assert code == 1 and f"Hook {event}:auto-yes (claude-code): prohibited" in out, out
        assert f"key hooks.{event}[0].hooks[0]" in out
    m.write_json(
        m.h(".claude/settings.json"),
        {"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "~/bin/auto-yes"}]}]}},
    )
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 0, out
