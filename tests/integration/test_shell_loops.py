"""Shell forms that hid a folder of the search path or a forbidden flag from ``check`` (exit 0 where the plain
form exits 1): a ``for`` loop inside a function that puts what it is given on PATH, zsh's short loops, tcsh's
``foreach`` and PowerShell's ``foreach``; a program named at run time in a ``case`` branch, zsh's ``typeset -fu``
and ``functions -u`` (autoload by another spelling); and the files of a folder a shell runs whole past the
bound of what is read. Each runs the real CLI over a synthetic home: ``check``'s exit code and ``scan --json``'s
audit."""

from __future__ import annotations

import json
import os

import pytest

from support.packs import isolate_cli, run_cli

PKG = "@anthropic-ai/claude-code"
FLAG = "--dangerously-skip-permissions"
GATEWAY = "https://ai-gateway.example.com"
PROFILE = "Documents/PowerShell/Microsoft.PowerShell_profile.ps1"
NOT_LOOKED_IN = "cannot be worked out, not looked in"


def _prefix_install(m, prefix: str = "opt/npm") -> None:
    """Claude Code (an affected version) installed with ``npm --prefix ~/opt/npm``, which no npm root names,
    and a search path that does not lead there: only the startup file does."""
    if m.platform == "windows":
        folder = m.h(prefix)
        pkg = f"{folder}/node_modules/{PKG}"
        m.write(
            f"{folder}/claude.cmd", '@ECHO off\r\nnode "%~dp0\\node_modules\\@anthropic-ai\\claude-code\\cli.js" %*\r\n'
        )
    else:
        pkg = m.h(f"{prefix}/lib/node_modules/{PKG}")
        m.symlink(m.h(f"{prefix}/bin/claude"), f"{pkg}/cli.js")
    m.write_json(f"{pkg}/package.json", {"name": PKG, "version": "2.1.150", "bin": {"claude": "cli.js"}})
    m.write(f"{pkg}/cli.js", "#!/usr/bin/env node\n")
    m.mkdir(m.h(".local/bin"))
    m.add_to_path(m.h(".local/bin"))
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})


def _cli(m, tmp_path, monkeypatch, capsys, *extra: str) -> tuple[int, dict, dict]:
    """(``check``'s exit code, Claude Code's finding in ``check --json`` or {}, ``scan --json``'s audit)."""
    isolate_cli(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")  # the scanned disk's, whatever runs the tests
    where = ("--root", str(m.root), "--platform", m.platform, "--home", m.home, *extra)
    code, out, err = run_cli(capsys, "check", *where, "--json")
    assert "Traceback" not in err, err
    tool = next((f for f in json.loads(out)["tools"] if f["id"] == "claude-code"), {})
    plain, _text, err = run_cli(capsys, "check", *where)
    assert plain == code, err
    _code, out, err = run_cli(capsys, "scan", *where, "--json")
    assert "Traceback" not in err, err
    return code, tool, json.loads(out)["audit"]


def _versions(tool: dict) -> list[str]:
    return sorted({i["version"] for i in tool.get("installs", ()) if not i["evidence_only"]})


def _notes(audit: dict, m, rel: str) -> list[str]:
    shown = m.machine().display(m.h(rel))
    return [s["reason"] for s in audit["skipped"] if s["path"] == shown]


# -- 1 to 3: the loops that put folders on PATH ------------------------------------------------------------
LOOPS = [
    # 1. a loop inside a function that puts what it is given on PATH, then called with the folders
    ("sh-function", ".bashrc", 'pathadd() { for d in "$@"; do PATH="$d:$PATH"; done; }\npathadd ~/a ~/opt/npm/bin\n'),
    (  # the function and its call on one line: the call after the body's closing brace
        "sh-function-one-line",
        ".bashrc",
        'pathadd() { for d in "$@"; do PATH="$d:$PATH"; done; }; pathadd ~/a ~/opt/npm/bin\n',
    ),
    ("sh-function-one-line-first-word", ".bashrc", 'pathadd() { PATH="$1:$PATH"; }; pathadd ~/opt/npm/bin\n'),
    (
        "sh-function-lines",
        ".profile",
        'pathadd() {\n  for d in "$@"; do\n    [ -d "$d" ] && export PATH="$d:$PATH"\n  done\n}\npathadd ~/a ~/opt/npm/bin\n',
    ),
    (
        "sh-function-implicit",
        ".bashrc",
        'pathadd() {\n  for d; do PATH="$d:$PATH"; done\n}\npathadd ~/a ~/opt/npm/bin\n',
    ),
    ("zsh-function-array", ".zshrc", "addp() { for d in $@; do path=($d $path); done }\naddp ~/a ~/opt/npm/bin\n"),
    (
        "fish-function",
        ".config/fish/config.fish",
        "function addp\n    for d in $argv\n        fish_add_path $d\n    end\nend\naddp ~/a ~/opt/npm/bin\n",
    ),
    # 2. zsh's short loops, and its path array
    ("zsh-short", ".zshrc", 'for d (~/a ~/opt/npm/bin) PATH="$d:$PATH"\n'),
    ("zsh-short-do", ".zshrc", 'for d (~/a ~/opt/npm/bin); do PATH="$d:$PATH"; done\n'),
    ("zsh-short-lines", ".zshrc", "for d (~/a ~/opt/npm/bin)\ndo\n  path=($d $path)\ndone\n"),
    ("zsh-short-array", ".zshrc", "for d (~/a ~/opt/npm/bin) path=($d $path)\n"),
    ("zsh-short-append", ".zshrc", "for d (~/a ~/opt/npm/bin) path+=($d)\n"),
    ("zsh-path-array", ".zshrc", "path=(~/opt/npm/bin $path)\n"),
    ("zsh-path-append", ".zshrc", "typeset -U path\npath+=(~/opt/npm/bin)\n"),
    # 3. tcsh's foreach
    ("tcsh-foreach", ".tcshrc", "foreach d (~/a ~/opt/npm/bin)\n  set path = ($d $path)\nend\n"),
    ("tcsh-foreach-setenv", ".cshrc", 'foreach d ( ~/a ~/opt/npm/bin )\n  setenv PATH "${d}:${PATH}"\nend\n'),
]


@pytest.mark.parametrize("file, text", [c[1:] for c in LOOPS], ids=[c[0] for c in LOOPS])
def test_a_loop_that_puts_its_words_on_path_leads_to_the_tool(
    tmp_path, machine_factory, monkeypatch, capsys, file, text
):
    """Each word of the loop's list is a folder on the search path: the affected version kept in the second is
    found (before: exit 0, the loop's folders not looked in)."""
    m = machine_factory("linux")
    _prefix_install(m)
    m.write(m.h(file), text)
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    assert code == 1 and _versions(tool) == ["2.1.150"], tool
    assert not [n for n in _notes(audit, m, file) if NOT_LOOKED_IN in n]
    assert str(m.host(m.h(file))) in audit["paths_read"]


@pytest.mark.parametrize(
    "text",
    [
        'foreach ($d in @(\'C:\\a\', "$env:USERPROFILE\\opt\\npm")) { $env:PATH = "$d;" + $env:PATH }\n',
        "$dirs = @('C:\\a', '~\\opt\\npm')\nForEach ($d in $dirs)\n{\n    $env:Path = \"$d;$env:Path\"\n}\n",
        # the pipeline's loop and the array's method: `$_` each word in turn, as foreach's variable
        '@(\'C:\\a\', "$env:USERPROFILE\\opt\\npm") | ForEach-Object { $env:PATH = "$_;" + $env:PATH }\n',
        '@(\'C:\\a\', "$env:USERPROFILE\\opt\\npm") | % {\n  $env:PATH = "$_;" + $env:PATH\n}\n',
        '@(\'C:\\a\', "$env:USERPROFILE\\opt\\npm").ForEach({ $env:PATH = "$_;" + $env:PATH })\n',
    ],
    ids=["one-line", "array-lines", "foreach-object", "percent-lines", "method"],
)
def test_a_powershell_foreach_that_puts_its_words_on_path_leads_to_the_tool(
    tmp_path, machine_factory, monkeypatch, capsys, text
):
    m = machine_factory("windows")
    _prefix_install(m)
    m.write(m.h(PROFILE), text)
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    assert code == 1 and _versions(tool) == ["2.1.150"], tool
    assert not [n for n in _notes(audit, m, PROFILE) if NOT_LOOKED_IN in n]


def test_a_powershell_foreach_over_a_list_it_computes_is_named_in_the_audit(
    tmp_path, machine_factory, monkeypatch, capsys
):
    m = machine_factory("windows")
    _prefix_install(m)
    m.write(m.h(PROFILE), 'foreach ($d in (Get-Content ~\\dirs.txt)) { $env:PATH = "$d;" + $env:PATH }\n')
    _code, _tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    assert any(n.startswith("line 1:") and NOT_LOOKED_IN in n for n in _notes(audit, m, PROFILE)), audit["skipped"]


@pytest.mark.parametrize(
    "file, text, line",
    [
        (".bashrc", 'pathadd() { for d in "$@"; do PATH="$d:$PATH"; done; }\npathadd "$(cat ~/.dirs)"\n', 2),
        (".zshrc", 'for d ($(cat ~/.dirs)) PATH="$d:$PATH"\n', 1),
        (".zshrc", "for d ($UNSET_HERE ~/a) path=($d $path)\n", 1),
        (".tcshrc", "foreach d (`cat ~/.dirs`)\n  set path = ($d $path)\nend\n", 2),
    ],
    ids=["function-output", "zsh-short-output", "zsh-short-unset", "tcsh-output"],
)
def test_a_loop_whose_words_cannot_be_known_is_named_in_the_audit(
    tmp_path, machine_factory, monkeypatch, capsys, file, text, line
):
    """A word the shell computes: the audit names the file and line as a folder not looked in (never
    silently dropped: before, the function's and the short loop's lines were not said)."""
    m = machine_factory("linux")
    _prefix_install(m)
    m.write(m.h(file), text)
    _code, _tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    assert any(n.startswith(f"line {line}:") and NOT_LOOKED_IN in n for n in _notes(audit, m, file)), audit["skipped"]


@pytest.mark.parametrize(
    "file, text",
    [
        (".bashrc", 'pathadd() { for d in "$@"; do PATH="$d:$PATH"; done; }\npathadd {words} ~/opt/npm/bin\n'),
        (".zshrc", 'for d ({words} ~/opt/npm/bin) PATH="$d:$PATH"\n'),
        (".tcshrc", "foreach d ({words} ~/opt/npm/bin)\n  set path = ($d $path)\nend\n"),
    ],
    ids=["function", "zsh-short", "tcsh"],
)
def test_a_loop_of_a_hundred_thousand_words_is_bounded_and_never_clean(
    tmp_path, machine_factory, monkeypatch, capsys, file, text
):
    """100,000 words: the first 128 are read (the bound of every loop), the rest make the scan incomplete,
    an error (exit 2), never a clean bill; and no hang."""
    m = machine_factory("linux")
    _prefix_install(m)
    m.write(m.h(file), text.replace("{words}", " ".join(f"~/t/{i}" for i in range(100_000))))
    isolate_cli(monkeypatch, tmp_path)
    code, out, err = run_cli(capsys, "check", "--root", str(m.root), "--platform", "linux", "--home", m.home)
    assert code == 2 and "Traceback" not in err
    assert f"{m.home}/{file} line " in out and "more than 128 words" in out, out


# -- 4: a program named at run time in a case branch; zsh's autoload by another spelling -------------------
_NAMED_NOTE = "runs a program named at run time: not followed"


def _claude(machine_factory, scripts: dict[str, str]):
    m = machine_factory("linux")
    m.npm(PKG, "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    for rel, text in scripts.items():
        path = m.write(m.h(rel), text)
        os.chmod(m.host(path), 0o755)
    return m


def _state(tool: dict) -> dict:
    return next(c for c in tool["conditions"] if c["id"] == "not-started-unattended")


@pytest.mark.parametrize(
    "cc, line",
    [
        ('#!/bin/sh\ncase "$1" in\n  fast) shift\n    exec "$RUNNER" "$@" ;;\nesac\nexec claude "$@"\n', 4),
        ('#!/bin/sh\ncase "$1" in\n  fast) exec "$RUNNER" "$@" ;;\n  *) exec claude "$@" ;;\nesac\n', 3),
        ('#!/bin/sh\ncase "$1" in\n  (fast|f) "${RUNNER}" "$@" ;;\n  (*) exec claude "$@" ;;\nesac\n', 3),
        ('#!/bin/sh\ncase "$1" in -y) exec $(cat ~/.runner) ;; *) exec claude "$@" ;; esac\n', 2),
        ('#!/bin/sh\ncase "$1" in *) exec claude "$@" ;; fast) exec "$RUNNER" "$@" ;; esac\n', 2),
        ('#!/bin/sh\ncase "$1" in\n  "fast mode") exec "$RUNNER" "$@" ;;\n  *) exec claude "$@" ;;\nesac\n', 3),
        ('#!/bin/bash\ncase "$1" in\n  @(fast|quick)) exec "$RUNNER" "$@" ;;\n  *) exec claude ;;\nesac\n', 3),
        ('#!/bin/sh\ncase "$1" in\n  fast | "q x" ) exec "$RUNNER" "$@" ;;\n  *) exec claude ;;\nesac\n', 3),
        ('#!/bin/zsh\ncase "$1" in\n  fast) exec $=RUNNER "$@" ;;\n  *) exec claude "$@" ;;\nesac\n', 3),
        ('#!/bin/zsh\nexec ${=RUNNER} "$@"\n# claude\n', 2),
    ],
    ids=[
        "after-shift",
        "branch",
        "parenthesised",
        "one-line-output",
        "one-line-later",
        "quoted-pattern-space",
        "extglob",
        "pipe-spaces-quoted",
        "zsh-split",
        "zsh-split-braced",
    ],
)
def test_a_program_named_at_run_time_in_a_case_branch_cannot_confirm(
    tmp_path, machine_factory, monkeypatch, capsys, cc, line
):
    """``fast) exec "$RUNNER" "$@" ;;`` in a script of the tool's: that program may start the tool with the
    flag; the condition cannot be confirmed and the audit names the line (before: met, exit 0)."""
    m = _claude(machine_factory, {".local/bin/cc": cc})
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys, "--search-path", f"/usr/bin:{m.h('.local/bin')}")
    state = _state(tool)
    assert code == 1 and state["state"] == "unmet", state
    assert f"{m.home}/.local/bin/cc line {line} runs a file named at run time" in state["detail"], state["detail"]
    assert f"line {line} {_NAMED_NOTE}" in _notes(audit, m, ".local/bin/cc")


def test_a_case_branch_that_runs_a_known_program_or_an_argument_is_not_noted(
    tmp_path, machine_factory, monkeypatch, capsys
):
    """The case's own word, a branch's argument and ``$(…)`` before an argument are no program named at run
    time: the script's condition stays met."""
    cc = (
        '#!/bin/sh\ncase "$MODE" in\n  fast) exec claude --model opus "$@" ;;\n'
        '  slow) x=$(date) exec claude "$@" ;;\nesac\necho $(date) "$MODE"\n'
    )
    m = _claude(machine_factory, {".local/bin/cc": cc})
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys, "--search-path", f"/usr/bin:{m.h('.local/bin')}")
    assert code == 0 and _state(tool)["state"] == "met", _state(tool)
    assert not [n for n in _notes(audit, m, ".local/bin/cc") if _NAMED_NOTE in n]


@pytest.mark.parametrize(
    "zshrc",
    [
        "fpath=(~/.zfunc $fpath)\ntypeset -fu c\n",
        "fpath=(~/.zfunc $fpath)\ntypeset -f -U c\n",
        "fpath=(~/.zfunc $fpath)\nfunctions -u c\n",
        "fpath=(~/.zfunc $fpath)\nfunctions -Uu -- c\n",
        "typeset -fu ~/.zfunc/c\n",
        # a stub whose body loads the function's own file of fpath (zsh's `autoload -X`)
        "fpath=(~/.zfunc $fpath)\nc() { autoload -X }\n",
        "fpath=(~/.zfunc $fpath)\nfunction c {\n  builtin autoload -XUz\n}\n",
    ],
    ids=["typeset-fu", "typeset-f-U", "functions-u", "functions-Uu", "typeset-path", "stub-X", "stub-function-XUz"],
)
def test_a_function_autoloaded_by_another_spelling_is_read(tmp_path, machine_factory, monkeypatch, capsys, zshrc):
    """``typeset -fu c`` and ``functions -u c`` are zsh's ``autoload c``: the file ``c`` of fpath is the
    function's body (before: not read, exit 0)."""
    m = _claude(machine_factory, {})
    m.write(m.h(".zshrc"), zshrc)
    m.write(m.h(".zfunc/c"), f'claude {FLAG} "$@"\n')
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    state = _state(tool)
    assert code == 1 and state["state"] == "unmet", state
    assert f"{m.machine().display(m.h('.zfunc/c'))} line 1 starts " in state["detail"], state["detail"]
    assert str(m.host(m.h(".zfunc/c"))) in audit["paths_read"]


def test_typeset_of_other_kinds_autoloads_nothing(tmp_path, machine_factory, monkeypatch, capsys):
    """``typeset -U path`` (a unique array) and ``functions c`` (a listing) load no file, nor a function that
    autoloads another name (``X``, not on fpath here)."""
    m = _claude(machine_factory, {})
    m.write(
        m.h(".zshrc"),
        "fpath=(~/.zfunc $fpath)\ntypeset -U path c\nfunctions c\ntypeset -f c\nd() { autoload -U X }\n",
    )
    m.write(m.h(".zfunc/c"), f'claude {FLAG} "$@"\n')
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    assert code == 0 and _state(tool)["state"] == "met", _state(tool)
    assert str(m.host(m.h(".zfunc/c"))) not in audit["paths_read"]


# -- 5: a folder a shell runs whole, cut at its bound --------------------------------------------------------
@pytest.mark.parametrize(
    "folder, suffix, bound, text",
    [
        (".config/fish/conf.d", ".fish", "MAX_SOURCED_FILES", f"alias c 'claude {FLAG}'\n"),
        (".config/fish/functions", ".fish", "MAX_FISH_FUNCTIONS", f"function c\n  claude {FLAG} $argv\nend\n"),
        (".local/share/fish/vendor_conf.d", ".fish", "MAX_FOLDER_FILES", f"alias c 'claude {FLAG}'\n"),
        (
            ".local/share/fish/vendor_functions.d",
            ".fish",
            "MAX_FISH_FUNCTIONS",
            f"function c\n  claude {FLAG} $argv\nend\n",
        ),
    ],
    ids=["conf-d", "functions", "vendor-conf-d", "vendor-functions-d"],
)
def test_a_folder_cut_at_its_bound_is_noted_and_cannot_confirm(
    tmp_path, machine_factory, monkeypatch, capsys, folder, suffix, bound, text
):
    """More files in the folder than are read: the audit names the folder and counts the files past the bound,
    and a flag in one of them cannot be ruled out (before: the rest were dropped without a word, exit 0)."""
    from tui.core import sourced_files

    limit = 4
    monkeypatch.setattr(sourced_files, bound, limit)
    m = _claude(machine_factory, {})
    m.write(m.h(".config/fish/config.fish"), "set -gx EDITOR vim\n")
    for i in range(limit + 2):
        m.write(m.h(f"{folder}/a{i}{suffix}"), "set -g x 1\n")
    m.write(m.h(f"{folder}/z{suffix}"), text)
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    state = _state(tool)
    assert code == 1 and state["state"] == "unmet", state
    assert state["detail"].startswith("cannot confirm"), state["detail"]
    shown = m.machine().display(m.h(folder))
    assert f"{shown} holds more files than aicheck reads" in state["detail"], state["detail"]
    notes = [s["reason"] for s in audit["skipped"] if s["path"] == shown]
    assert notes == [f"3 files past the first {limit} (by name): not read"], audit["skipped"]


def test_a_long_call_of_a_function_that_takes_its_first_word_is_no_scan_error(
    tmp_path, machine_factory, monkeypatch, capsys
):
    """Only a function that takes every word it is given (``"$@"``, ``$argv``) goes over the words past the
    bound: ``pathadd ~/opt/npm/bin`` followed by 200 words it never reads is read as before (exit 1, no error)."""
    m = machine_factory("linux")
    _prefix_install(m)
    words = " ".join(f"~/t/{i}" for i in range(200))
    m.write(m.h(".bashrc"), f'pathadd() {{ PATH="$1:$PATH"; }}\npathadd ~/opt/npm/bin {words}\n')
    code, tool, _audit = _cli(m, tmp_path, monkeypatch, capsys)
    assert code == 1 and _versions(tool) == ["2.1.150"], tool


def test_a_variable_set_in_a_folder_past_its_bound_cannot_be_ruled_out(tmp_path, machine_factory, monkeypatch, capsys):
    """``set -gx CLAUDE_CODE_USE_BEDROCK 1`` (round the gateway) in a ``conf.d`` file past the bound: the
    condition that it is set nowhere cannot be confirmed (before: met, exit 0)."""
    from tui.core import sourced_files

    monkeypatch.setattr(sourced_files, "MAX_SOURCED_FILES", 4)
    m = _claude(machine_factory, {})
    m.write(m.h(".config/fish/config.fish"), "set -gx EDITOR vim\n")
    for i in range(6):
        m.write(m.h(f".config/fish/conf.d/a{i}.fish"), "set -g x 1\n")
    m.write(m.h(".config/fish/conf.d/z.fish"), "set -gx CLAUDE_CODE_USE_BEDROCK 1\n")
    code, tool, _audit = _cli(m, tmp_path, monkeypatch, capsys)
    state = next(c for c in tool["conditions"] if c["id"] == "no-direct-bedrock")
    assert code == 1 and state["state"] == "unmet", state
    assert f"{m.home}/.config/fish/conf.d (it holds more files than aicheck reads, the first 4" in state["detail"]


def test_a_tcsh_foreach_that_sources_each_file_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    """tcsh's ``foreach f (~/.tcsh.d/*.csh)`` … ``source $f`` … ``end``: each file is read as the loop's
    (before: a file named at run time, the flag in it unseen by name)."""
    m = _claude(machine_factory, {})
    m.write(m.h(".tcshrc"), "foreach f (~/.tcsh.d/*.csh)\n  source $f\nend\n")
    m.write(m.h(".tcsh.d/a.csh"), f"alias c 'claude {FLAG}'\n")
    code, tool, audit = _cli(m, tmp_path, monkeypatch, capsys)
    state = _state(tool)
    assert code == 1 and state["state"] == "unmet", state
    assert state["detail"].startswith(f"{m.home}/.tcsh.d/a.csh line 1 starts claude"), state["detail"]
    assert not [n for n in _notes(audit, m, ".tcshrc") if "named at run time" in n]
