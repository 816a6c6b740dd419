"""A forbidden flag held in a shell variable. `F=--dangerously-skip-permissions` then `alias claude="claude $F"`
starts every session of that shell unattended, yet no line holds the flag as written: the check read lines
as written and said compliant (exit 0). So did an array, a function body, fish's `set`, PowerShell's
`$F = …` and `@F`, a flag split across variables and an `eval`. Each now exits 1 and names the line and the
variable, never its value; a line that starts the tool with what the startup files do not tell cannot
confirm the condition; and a harmless variable (`--model $MODEL`, `MODEL=opus`) stays clean."""

from __future__ import annotations

import json

import pytest

from support.agents import every_output
from support.packs import isolate_cli, run_cli

SECRET = "SECRET-MARKER-9d41"  # a value read from a startup file: in no output, ever
PROFILE = "Documents/PowerShell/Microsoft.PowerShell_profile.ps1"


def _claude(machine_factory, platform: str = "linux"):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    return m


def _check(m, monkeypatch, tmp_path, capsys) -> tuple[int, dict, str]:
    """`aicheck check --json` and `aicheck check` of the machine's disk: (exit code, Claude Code's conditions
    by id, both outputs)."""
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", m.platform, "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--json")
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    code2, text, err2 = run_cli(capsys, *args)
    assert code2 == code
    return code, {c["id"]: c for c in finding["conditions"]}, out + err + text + err2


# (platform, {startup file: text}, the file and line that start claude, the variable named)
FLAG_IN_A_VARIABLE = [
    ("linux", {".bashrc": 'F=--dangerously-skip-permissions\nalias claude="claude $F"\n'}, ".bashrc", 2, "$F"),
    ("linux", {".bashrc": 'F=--dangerously-skip-permissions\nalias cc="claude ${F}"\n'}, ".bashrc", 2, "$F"),
    ("linux", {".zshrc": "export F='--dangerously-skip-permissions'\nalias cc='claude $F'\n"}, ".zshrc", 2, "$F"),
    (
        "linux",
        {".zshrc": "A=(--dangerously-skip-permissions)\nalias claude='claude \"${A[@]}\"'\n"},
        ".zshrc",
        2,
        "$A",
    ),
    (  # an array written over lines, with a comment among its words
        "linux",
        {
            ".zshrc": 'ARGS=(\n  --model opus  # the big one\n  "--dangerously-skip-permissions"\n)\nalias c="claude $ARGS"\n'
        },
        ".zshrc",
        5,
        "$ARGS",
    ),
    (  # what adds to an array
        "linux",
        {".bashrc": "A=(--model opus)\nA+=(--dangerously-skip-permissions)\nalias cc='claude \"${A[@]}\"'\n"},
        ".bashrc",
        3,
        "$A",
    ),
    (
        "macos",
        {".bashrc": 'F=--dangerously-skip-permissions\nclaude() { command claude $F "$@"; }\n'},
        ".bashrc",
        2,
        "$F",
    ),
    (
        "linux",
        {".config/fish/config.fish": 'set F --dangerously-skip-permissions\nalias claude "claude $F"\n'},
        ".config/fish/config.fish",
        2,
        "$F",
    ),
    (
        "macos",
        {
            ".config/fish/config.fish": "set -gx F --dangerously-skip-permissions\n",
            ".config/fish/functions/claude.fish": "function claude\n    command claude $F $argv\nend\n",
        },
        ".config/fish/functions/claude.fish",
        2,
        "$F",
    ),
    (
        "windows",
        {PROFILE: "$F = '--dangerously-skip-permissions'\nfunction claude { claude.exe $F @args }\n"},
        PROFILE,
        2,
        "$F",
    ),
    (  # splatting an array
        "windows",
        {PROFILE: "$Unattended = @('--dangerously-skip-permissions')\nfunction cc { claude @Unattended @args }\n"},
        PROFILE,
        2,
        "@Unattended",
    ),
    (  # a flag split between a variable and the line's own text
        "linux",
        {".bashrc": 'A=--dangerously\nalias claude="claude ${A}-skip-permissions"\n'},
        ".bashrc",
        2,
        "$A",
    ),
    (  # and between two variables
        "linux",
        {".bashrc": "A=--dangerously-skip\nB=-permissions\nalias claude='claude $A$B'\n"},
        ".bashrc",
        3,
        "$A and $B",
    ),
    ("linux", {".bashrc": 'F=--dangerously-skip-permissions\neval "claude $F"\n'}, ".bashrc", 2, "$F"),
    (  # set in one startup file, used in another
        "linux",
        {
            ".zshenv": "export CLAUDE_FLAGS=--dangerously-skip-permissions\n",
            ".zshrc": 'alias c="claude $CLAUDE_FLAGS"\n',
        },
        ".zshrc",
        1,
        "$CLAUDE_FLAGS",
    ),
    (  # a variable holding a variable, with a default
        "linux",
        {".bashrc": "MODE=bypassPermissions\nP=\"$MODE\"\nalias claude='claude --permission-mode ${P:-default}'\n"},
        ".bashrc",
        3,
        "$P",
    ),
    (  # a name that stands for another (bash's nameref)
        "linux",
        {".bashrc": "F=--dangerously-skip-permissions\ndeclare -n R=F\nalias claude='claude $R'\n"},
        ".bashrc",
        3,
        "$R",
    ),
    (  # bash's own arguments, which an alias's "$@" gives (a function's are its caller's)
        "linux",
        {".bashrc": "set -- --dangerously-skip-permissions\nalias claude='claude \"$@\"'\n"},
        ".bashrc",
        2,
        "$@",
    ),
]


@pytest.mark.parametrize("platform, files, where, line, variable", FLAG_IN_A_VARIABLE)
def test_a_flag_held_in_a_variable_breaks_the_condition(
    tmp_path, machine_factory, monkeypatch, capsys, platform, files, where, line, variable
):
    m = _claude(machine_factory, platform)
    for rel, text in files.items():
        m.write(m.h(rel), text)
    code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    state = states["not-started-unattended"]
    assert state["state"] == "unmet", state
    shown = m.machine().display(m.h(where))
    flag = "--permission-mode=bypassPermissions" if "bypass" in str(files) else "--dangerously-skip-permissions"
    assert (
        f"{shown} line {line} starts claude with '{flag}' from {variable} (forbidden by the policy)" in state["detail"]
    )


@pytest.mark.parametrize(
    "line, harmless, forbidden",
    [
        ('alias claude="claude --model $MODEL"', "MODEL=opus", "MODEL='opus --dangerously-skip-permissions'"),
        (
            "alias claude='claude \"${FLAGS[@]}\"'",
            "FLAGS=(--verbose)\nFLAGS+=(--model opus)",
            "FLAGS=(--verbose)\nFLAGS+=(--dangerously-skip-permissions)",
        ),
        ('CLAUDE=claude\nalias cc="$CLAUDE --model opus"', "", "CLAUDE='claude --dangerously-skip-permissions'"),
        ('alias claude="$HOME/.claude/local/claude"', "", 'HOME="$HOME --dangerously-skip-permissions"'),
        ("alias claude='claude \"${@:2}\"'", "", "set -- x --dangerously-skip-permissions"),  # the shell's own
    ],
)
def test_a_harmless_value_stays_clean_and_the_same_line_with_a_flag_does_not(
    tmp_path, machine_factory, monkeypatch, capsys, line, harmless, forbidden
):
    """No false alarm: the line is met with what the files set it to, and its home's path, a function's own
    arguments and a folder named after the tool expand to no flag. The same line with a value holding the
    flag breaks it."""
    m = _claude(machine_factory)
    rest = 'claude() { command claude "$@"; }\nexport PATH="/opt/claude/bin:$PATH"\n'
    m.write(m.h(".bashrc"), f"{harmless}\n{line}\n{rest}")
    code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]
    m.write(m.h(".bashrc"), f"{forbidden}\n{line}\n{rest}")
    code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert states["not-started-unattended"]["state"] == "unmet", states["not-started-unattended"]
    assert "starts claude with '--dangerously-skip-permissions' from $" in states["not-started-unattended"]["detail"]


# (startup file text, the line that starts claude, the reference the detail names, what the fix asks)
UNKNOWABLE = [
    ('alias claude="claude --model $MODEL"\n', 1, "$MODEL", "set $MODEL in your shell startup files"),
    ('alias claude="claude $(cat ~/.claude-flags)"\n', 1, "$(…)", "write out on the line what the command's output"),
    ('F=$(cat ~/.claude-flags)\nalias claude="claude $F"\n', 2, "$F", "set $F in your shell startup files"),
    (
        'FLAGS="$FLAGS --verbose"\nalias claude="claude $FLAGS"\n',
        2,
        "$FLAGS",
        "set $FLAGS",
    ),  # adds to the environment's
    ('alias claude="claude ${F#x}"\nF=x--dangerously-skip-permissions\n', 1, "$F", "set $F"),  # the shell computes it
]


@pytest.mark.parametrize("text, line, reference, fix", UNKNOWABLE)
def test_a_value_the_startup_files_do_not_give_cannot_confirm_the_condition(
    tmp_path, machine_factory, monkeypatch, capsys, text, line, reference, fix
):
    """A variable set elsewhere (the environment, the desktop session, a file aicheck does not read) or a
    command's output on the tool's line could hold the flag: never a clean bill, but action required with
    the reason, naming the line and the reference only."""
    m = _claude(machine_factory)
    m.write(m.h(".bashrc"), text)
    code, states, outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    state = states["not-started-unattended"]
    assert state["state"] == "unmet", state
    shown = m.machine().display(m.h(".bashrc"))
    assert state["detail"].startswith("cannot confirm that no shell startup file adds '--dangerously-skip-permissions'")
    assert f"{shown} line {line} starts claude with " in state["detail"] and reference in state["detail"]
    assert f"In {shown} line {line}: {fix}" in outputs


def _text_line(files: dict[str, str]) -> int:
    """The number of the last line of the (one) startup file: the line that starts claude."""
    return next(iter(files.values())).count("\n")


COMPUTED = [  # (platform, {startup file: text}, the reference the detail names)
    (
        "windows",
        {PROFILE: "$F = '--dangerously-skip-{0}' -f 'permissions'\nfunction claude { claude.exe $F @args }\n"},
        "$F",
    ),
    ("windows", {PROFILE: "$F = $G + 'permissions'\nfunction claude { claude.exe $F @args }\n"}, "$F"),
    ("linux", {".xonshrc": "F = '--dangerously-skip-permissions'\naliases['claude'] = 'claude ' + F\n"}, "F"),
    ("linux", {".xonshrc": "F = '--dangerously-skip-permissions'\naliases['claude'] = f'claude {F}'\n"}, "f'{…}'"),
    ("linux", {".xonshrc": "F = '--dangerously-skip-permissions'\naliases['claude'] = ['claude', F]\n"}, "F"),
    # more brace forms than are looked at: any may be the flag
    ("linux", {".bashrc": "alias claude='claude " + "{,x}" * 7 + "--dangerously-skip-{permissions,y}'\n"}, "{…}"),
]


@pytest.mark.parametrize("platform, files, reference", COMPUTED)
def test_a_value_the_shell_computes_cannot_confirm_the_condition(
    tmp_path, machine_factory, monkeypatch, capsys, platform, files, reference
):
    """PowerShell's ``-f`` and ``+`` with what is not a string, xonsh's Python (a name, an f-string) make a
    value aicheck does not work out: it was read as harmless text (exit 0). It is now one that cannot be
    known, and an alias that is only strings stays clean."""
    m = _claude(machine_factory, platform)
    for rel, text in files.items():
        m.write(m.h(rel), text)
    code, states, outputs = _check(m, monkeypatch, tmp_path, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    assert (
        state["detail"].startswith("cannot confirm")
        and f"line {_text_line(files)} starts claude with " in state["detail"]
    )
    assert reference in state["detail"]
    if reference == "{…}":
        assert "braces ({…}) that make more words than aicheck expands" in state["detail"]
        assert "write out on the line the words its braces ({…}) make" in outputs


def test_a_xonsh_alias_of_strings_alone_stays_clean(tmp_path, machine_factory, monkeypatch, capsys):
    m = _claude(machine_factory)
    m.write(m.h(".xonshrc"), "aliases['cc'] = ['claude', '--model', 'opus']\naliases['c'] = 'claude ' + '--verbose'\n")
    _code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]


@pytest.mark.parametrize(
    "line",
    [
        "alias cc='claude --add-dir \"$PWD/docs\"'",  # the system's own values: the folder, the user, the host
        'cc() { command claude --add-dir "$TMPDIR/x" --name "$USER@$HOSTNAME" "$@"; }',
        "alias cc='claude --append-system-prompt \"I am $SOMEONE_ELSEWHERE\"'",  # a word that starts with text
        'cc() { claude --append-system-prompt "Answer in $LANGUAGE_ELSEWHERE" "$@"; }',
    ],
)
def test_what_can_never_become_a_flag_is_no_unknown(tmp_path, machine_factory, monkeypatch, capsys, line):
    """Ordinary wrappers read "cannot confirm" (exit 1): the shell's own $PWD or $USER, and a value inside a
    quoted word that starts with other text (one argument, never a flag), whatever the environment holds."""
    m = _claude(machine_factory)
    m.write(m.h(".bashrc"), line + "\n")
    _code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]


NU = ".config/nushell/config.nu"
PARAMETERS = [  # (platform, file, text): a function's parameters are what the user types
    ("linux", NU, "def cc [...rest] { ^claude --model opus ...$rest }\n"),
    ("linux", NU, "def --wrapped cc [...rest] { ^claude --model opus ...$rest }\n"),
    ("linux", NU, 'def cc [model: string = "opus", ...rest] {\n  ^claude --model $model ...$rest\n}\n'),
    ("windows", PROFILE, "function cc { param([string]$Model = 'opus') claude --model $Model @args }\n"),
    (
        "windows",
        PROFILE,
        "function cc {\n  param(\n    [Parameter()][string]$Model = 'opus'\n  )\n  claude --model $Model @args\n}\n",
    ),
]


@pytest.mark.parametrize("platform, rel, text", PARAMETERS)
def test_a_functions_parameters_are_what_the_user_types(
    tmp_path, machine_factory, monkeypatch, capsys, platform, rel, text
):
    """nushell's rest parameter and PowerShell's param() read "cannot confirm" (exit 1) on ordinary wrappers.
    A parameter holds what the user types, or its default; the same name outside the function is unknown,
    and a default that holds the flag is found."""
    m = _claude(machine_factory, platform)
    m.write(m.h(rel), text)
    _code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]
    reference = "$Model" if rel == PROFILE else "$rest"
    call = "claude.exe $Model" if rel == PROFILE else "^claude ...$rest"
    if "\n  param(" not in text:  # (a param block's own line is read as a setting of the name: not unknown)
        m.write(m.h(rel), text + call + "\n")
        code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
        state = states["not-started-unattended"]
        assert code == 1 and state["detail"].startswith("cannot confirm") and f"with {reference}" in state["detail"]
    m.write(m.h(rel), text.replace("opus", "--dangerously-skip-permissions"))
    if "opus" in text.partition("]")[0] + text.partition(")")[0]:  # the default holds the flag
        code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
        state = states["not-started-unattended"]
        assert code == 1 and "starts claude with '--dangerously-skip-permissions'" in state["detail"], state


@pytest.mark.parametrize(
    "line, reference",
    [
        ("alias cc='claude --dangerously-${X}'", "$X"),  # a word that starts with "-"
        ("alias cc='claude $X'", "$X"),  # a bare reference: split into words
        ('alias cc="claude $X"', "$X"),  # read again, with the value in it, when the alias runs
        ('alias cc="claude --append-system-prompt \\"I am $X\\""', "$X"),  # and so may close the quotes
        ("alias cc='claude \"$X rest\"'", "$X"),  # the word starts with the value
        ("alias cc='claude I-am-$X'", "$X"),  # not quoted: split into words
        ('function cc { claude --append-system-prompt "I am $X" @args }', "$X"),
    ],
)
def test_a_word_the_unknown_may_make_a_flag_still_cannot_confirm(
    tmp_path, machine_factory, monkeypatch, capsys, line, reference
):
    """A value that may start a word, be split into words, or close the quotes around it may be the flag.
    (PowerShell's line, last: a native command and Windows' claude.cmd split what it passes again.)"""
    windows = line.startswith("function")
    m = _claude(machine_factory, "windows" if windows else "linux")
    m.write(m.h(PROFILE if windows else ".bashrc"), line + "\n")
    code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    assert state["detail"].startswith("cannot confirm") and f"starts claude with {reference}" in state["detail"]


def test_bounds_never_make_a_clean_bill(tmp_path, machine_factory, monkeypatch, capsys):
    """A variable set more often, named through more variables, or combined in more ways than aicheck
    follows is one whose value cannot be known: the condition is not met."""
    many = "".join(f'if [ -n "$W{i}" ]; then F=--opt{i}; fi\n' for i in range(20))
    chain = "".join(f"C{i}=$C{i + 1}\n" for i in range(8)) + "C8=--dangerously-skip-permissions\n"
    wide = "".join(f"V{i}=a{i}\nV{i}=b{i}\n" for i in range(8))
    for text in (
        many + 'alias claude="claude $F"\n',
        chain + 'alias claude="claude $C0"\n',
        wide + 'alias claude="claude ' + " ".join(f"$V{i}" for i in range(8)) + '"\n',
    ):
        m = _claude(machine_factory)
        m.write(m.h(".bashrc"), text)
        code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
        assert code == 1
        assert states["not-started-unattended"]["state"] == "unmet", states["not-started-unattended"]


def test_no_value_of_a_variable_reaches_any_output(machine_factory, capsys, tmp_path, monkeypatch):
    """Startup files hold tokens: whether a variable breaks the condition or cannot be known, every way of
    reporting names the file, the line, the command, the variable and the policy's own flag, never a value."""
    isolate_cli(monkeypatch, tmp_path)
    m = _claude(machine_factory)
    m.write(
        m.h(".bashrc"),
        f"export ANTHROPIC_AUTH_TOKEN={SECRET}\n"
        f'F="--dangerously-skip-permissions --append-system-prompt {SECRET}"\n'
        'alias claude="claude $F"\n'
        f'alias cc="claude --api-key $ANTHROPIC_AUTH_TOKEN $UNSET_ELSEWHERE --name {SECRET}-literal"\n',
    )
    outputs = every_output(m, capsys)
    assert all(SECRET not in o for o in outputs.values())
    report = json.loads(outputs["check --json"])
    states = {c["id"]: c for c in next(f for f in report["tools"] if f["id"] == "claude-code")["conditions"]}
    assert (
        "line 3 starts claude with '--dangerously-skip-permissions' from $F"
        in states["not-started-unattended"]["detail"]
    )
    assert "line 4 starts claude with $UNSET_ELSEWHERE" in states["settings-aicheck-can-see"]["detail"]


@pytest.mark.parametrize("depth", [3, 600])
def test_defaults_nested_past_the_bound_are_unknown_and_never_crash(
    tmp_path, machine_factory, monkeypatch, capsys, depth
):
    """``${A:-${A:-…}}`` written hundreds deep (a hostile startup file) ran the expander out of Python's stack:
    exit 3, and ``--all-users`` lost every user. A default is followed as deep as a value's references; past
    that it is a value that cannot be known, so the condition cannot be confirmed."""
    m = _claude(machine_factory)
    m.write(m.h(".bashrc"), "alias claude='claude " + "${A:-" * depth + "--model" + "}" * depth + "'\n")
    code, states, outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1 and "Traceback" not in outputs
    state = states["not-started-unattended"]
    assert state["state"] == "unmet" and state["detail"].startswith("cannot confirm"), state


# (platform, {startup file: text}): the flag as the shell puts it together from how a file spells it
SPELLED = [
    # a backslash before a line end is taken out with it: nothing stands between the two halves
    ("linux", {".bashrc": "F=--dangerously-skip-\\\npermissions\nalias claude='claude $F'\n"}),
    ("linux", {".bashrc": 'F="--dangerously-skip-\\\npermissions"\nalias claude="claude $F"\n'}),
    ("linux", {".bashrc": "alias claude='claude --dangerously-skip-\\\npermissions'\n"}),
    # bash's and zsh's ANSI-C quoting: $'…' with its escapes, in a value and on the line itself
    ("linux", {".bashrc": "F=$'--dangerously-skip-permission\\x73'\nalias claude=\"claude $F\"\n"}),
    ("linux", {".bashrc": "F=$'--dangerously-skip-permission\\163'\nalias claude=\"claude $F\"\n"}),
    ("linux", {".zshrc": "F=$'--dangerously-skip-permission\\u0073'\nalias claude=\"claude $F\"\n"}),
    ("linux", {".bashrc": "alias claude=$'claude --dangerously-skip-permission\\x73'\n"}),
    ("macos", {".bashrc": "claude() { command claude $'--dangerously-skip-permission\\U00000073' \"$@\"; }\n"}),
    # brace expansion: bash's groups of words, fish's group of one
    ("linux", {".bashrc": "alias claude='claude --{dangerously-skip-permissions,verbose}'\n"}),
    ("linux", {".zshrc": "alias claude='claude --dangerously-{skip-{permissions,x},y}'\n"}),
    ("linux", {".config/fish/config.fish": "alias claude 'claude --dangerously-skip-{permissions}'\n"}),
    # strings joined with "+": PowerShell's in a value, xonsh's (Python's) on the alias's line
    ("windows", {PROFILE: "$F = '--dangerously-skip-' + 'permissions'\nfunction claude { claude.exe $F @args }\n"}),
    ("linux", {".xonshrc": "aliases['claude'] = 'claude --dangerously' + '-skip-permissions'\n"}),
]


@pytest.mark.parametrize("platform, files", SPELLED)
def test_a_flag_the_shell_puts_together_breaks_the_condition(
    tmp_path, machine_factory, monkeypatch, capsys, platform, files
):
    """Each of these starts claude with the forbidden flag, yet no line writes it out: the check said
    compliant (exit 0). Each is now the flag, found where the shell finds it; no value is shown."""
    m = _claude(machine_factory, platform)
    for rel, text in files.items():
        m.write(m.h(rel), text)
    code, states, outputs = _check(m, monkeypatch, tmp_path, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    assert "starts claude with '--dangerously-skip-permissions'" in state["detail"], state
    assert "permission\\" not in outputs and "skip-\\" not in outputs  # the line as written is not shown either


@pytest.mark.parametrize(
    "platform, text",
    [
        ("linux", "alias cc='cla''ude --dangerously-skip-permissions'\n"),
        ("linux", 'cc() { cla""ude --dangerously-skip-permissions "$@"; }\n'),
        ("linux", "alias cc=$'claud\\x65 --dangerously-skip-permissions'\n"),
        ("linux", 'read -r C <<< claude\nalias cc="$C --dangerously-skip-permissions"\n'),
        ("linux", 'printf -v C %s claude\nalias cc="$C --dangerously-skip-permissions"\n'),
        ("linux", 'for c in claude\ndo alias cc="$c --dangerously-skip-permissions"\ndone\n'),
        ("linux", 'C=cla\nalias cc="${C}ude --dangerously-skip-permissions"\n'),
    ],
    ids=["quoted", "function-quoted", "ansi-c-name", "read", "printf-v", "for", "split-name"],
)
def test_the_command_written_another_way_or_worked_out_by_the_shell_never_passes(
    machine_factory, monkeypatch, tmp_path, capsys, platform, text
):
    """Red team: the flag was found as the shell passes the line, the command only as written (`cla''ude`),
    and a line naming neither the command nor a variable set to it was never read through its variables
    (`read -r C <<< claude; alias cc="$C --flag"`): exit 0. The flag given to a command the shell works out
    may be given to the tool: the condition cannot be confirmed, or is broken."""
    m = _claude(machine_factory, platform)
    m.write(m.h(".bashrc"), text)
    code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1 and states["not-started-unattended"]["state"] == "unmet", states["not-started-unattended"]


def test_a_block_comment_never_stretches_a_powershell_functions_parameters(
    machine_factory, monkeypatch, tmp_path, capsys
):
    """Red team: `function helper($F) { <# { #>` made $F a parameter (what the user types) for the rest of the
    profile: a flag set in $F afterwards passed (exit 0)."""
    m = _claude(machine_factory, "windows")
    m.write(
        m.h("Documents/PowerShell/Microsoft.PowerShell_profile.ps1"),
        "function helper($F) { <# { #>\n}\n$F = '--dangerously-skip-permissions'\n"
        "function claude { claude.exe $F @args }\n",
    )
    code, states, _outputs = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1 and states["not-started-unattended"]["state"] == "unmet", states["not-started-unattended"]
