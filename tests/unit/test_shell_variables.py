"""How a shell startup file sets a variable: exported for every session of that shell, only partly (one
command, an alias, a block, after && or ||, without export), or unset. Only a plain export counts for a
condition that asks for the value; every other way of setting it can be what a session has instead."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.shell_variables import (
    CSH,
    ELVISH,
    EXPORTED,
    FISH,
    NU,
    PARTLY,
    POWERSHELL,
    SH,
    UNSET,
    XONSH,
    StartupScript,
    dialect_of,
    variable_lines,
)

NAME = "ANTHROPIC_BASE_URL"
GW = "https://gw.example"


def _read(text: str, dialect: str = SH, **kw) -> list[tuple[int, str, str | None]]:
    return [(v.line, v.how, v.known) for v in variable_lines(text, NAME, dialect, **kw)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"export {NAME}={GW}\n", [(1, EXPORTED, GW)]),
        (f"# the gateway\n\nexport {NAME}='{GW}'  # trailing comment\n", [(3, EXPORTED, GW)]),
        (f'declare -x {NAME}="{GW}"\ntypeset -gx {NAME}={GW}\n', [(1, EXPORTED, GW), (2, EXPORTED, GW)]),
        (f"export A=1 \\\n  {NAME}={GW}\n", [(1, EXPORTED, GW)]),  # a continued line: one command
        (f'export X="a;b" {NAME}={GW}\n', [(1, EXPORTED, GW)]),  # a separator inside quotes is no separator
        # one command, an alias, a function: that command's value, not every session's
        (f"alias claude='{NAME}=https://direct.test claude'\n", [(1, PARTLY, "https://direct.test")]),
        (f"alias claude=\"{NAME}='{GW}' claude\"\n", [(1, PARTLY, GW)]),
        (f"{NAME}={GW} claude\n", [(1, PARTLY, GW)]),
        (f"env {NAME}={GW} claude\n", [(1, PARTLY, GW)]),
        (f'claude() {{\n  {NAME}=x command claude "$@"\n}}\n', [(2, PARTLY, "x")]),
        (f"f(){{ export {NAME}={GW}; }}\n", [(1, PARTLY, GW)]),
        (f"function f {{\n  export {NAME}={GW}\n}}\nexport {NAME}=top\n", [(2, PARTLY, GW), (4, EXPORTED, "top")]),
        # assigned, and exported by name in the same file (either order, both at the top): an export
        (f"{NAME}={GW}\nexport {NAME}\n", [(1, EXPORTED, GW)]),
        (f"export {NAME}\n{NAME}='{GW}'\n", [(2, EXPORTED, GW)]),
        (f'A=1 {NAME}="{GW}"\nexport A {NAME}\n', [(1, EXPORTED, GW)]),
        # assigned without export; or for one command; or the export only in a block: not every session's
        (f"{NAME}={GW}\n", [(1, PARTLY, GW)]),
        (f"{NAME}={GW} claude\nexport {NAME}\n", [(1, PARTLY, GW)]),
        (f"{NAME}={GW}\nif x; then export {NAME}; fi\n", [(1, PARTLY, GW)]),
        (f"if x; then {NAME}={GW}; fi\nexport {NAME}\n", [(1, PARTLY, GW)]),
        # blocks and chains the shell may skip
        (f"if false; then\n  export {NAME}={GW}\nfi\nexport {NAME}=top\n", [(2, PARTLY, GW), (4, EXPORTED, "top")]),
        (f"if false; then export {NAME}={GW}; fi\n", [(1, PARTLY, GW)]),
        (f"[ -f x ] && export {NAME}={GW}\n", [(1, PARTLY, GW)]),
        (f"[ -f x ] &&\n  export {NAME}={GW}\n", [(2, PARTLY, GW)]),
        (f"[ -f x ] || {{ export {NAME}={GW}; }}\n", [(1, PARTLY, GW)]),
        (f"for i in 1; do export {NAME}={GW}; done\nexport {NAME}=after\n", [(1, PARTLY, GW), (2, EXPORTED, "after")]),
        (f"case $- in\n  *i*) export {NAME}={GW} ;;\nesac\n", [(2, PARTLY, GW)]),
        (f"echo | export {NAME}={GW}\n", [(1, PARTLY, GW)]),  # a pipeline's command runs in a subshell
        (f"( export {NAME}={GW} )\n", [(1, PARTLY, GW)]),
        (f"export {NAME}={GW} &\n", [(1, PARTLY, GW)]),
        # what is closed is closed: the lines after a block are every session's again
        (f"case $- in *i*) ;; *) return;; esac\nexport {NAME}={GW}\n", [(2, EXPORTED, GW)]),
        (f"x=$(if true; then echo 1; fi)\nexport {NAME}={GW}\n", [(2, EXPORTED, GW)]),
        (f"echo ${{HOME}} {{a,b}}\nexport {NAME}={GW}\n", [(2, EXPORTED, GW)]),  # braces that open nothing
        # a here-document is data, unless something runs it: never every session's
        (f"cat <<EOF\nexport {NAME}=doc\nEOF\nexport {NAME}={GW}\n", [(2, PARTLY, "doc"), (4, EXPORTED, GW)]),
        (f"cat <<-'EOF'\n\texport {NAME}=doc\n\tEOF\nexport {NAME}={GW}\n", [(2, PARTLY, "doc"), (4, EXPORTED, GW)]),
        # unset, and the forms that take the export away
        (f"export {NAME}={GW}\nunset {NAME}\n", [(1, EXPORTED, GW), (2, UNSET, None)]),
        (f"unset -v OTHER {NAME}\nexport -n {NAME}\n", [(1, UNSET, None), (2, UNSET, None)]),
        # a value the shell computes cannot be known
        (f'export {NAME}="$GATEWAY"\nexport {NAME}=$(cat f)\n', [(1, EXPORTED, None), (2, EXPORTED, None)]),
        (f"export {NAME}='$literal'\n", [(1, EXPORTED, "$literal")]),  # single quotes: nothing computed
        # reading it is not setting it
        (f'echo "${NAME}" ${{{NAME}}} $OTHER_{NAME}\nMY_{NAME}=x\n', []),
        ("export OTHER=1\n", []),
    ],
)
def test_sh_family(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"set -gx {NAME} {GW}\n", [(1, EXPORTED, GW)]),
        (f"set --export --global {NAME} '{GW}'\n", [(1, EXPORTED, GW)]),
        (f"set -g {NAME} {GW}\n", [(1, PARTLY, GW)]),  # not exported
        (f"set -lx {NAME} {GW}\n", [(1, PARTLY, GW)]),  # local to the file: gone after it
        (
            f"if status is-interactive\n    set -gx {NAME} {GW}\nend\nset -gx {NAME} top\n",
            [(2, PARTLY, GW), (4, EXPORTED, "top")],
        ),
        (f"function claude\n    set -lx {NAME} x\n    command claude $argv\nend\n", [(2, PARTLY, "x")]),
        (f"test -f x; and set -gx {NAME} {GW}\n", [(1, PARTLY, GW)]),
        (f"env {NAME}={GW} claude\n", [(1, PARTLY, GW)]),
        (f"set -e {NAME}\nset --erase {NAME}\n", [(1, UNSET, None), (2, UNSET, None)]),
        (f"set -gx {NAME} (cat f)\n", [(1, EXPORTED, None)]),
    ],
)
def test_fish(text, expected):
    assert _read(text, FISH) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"$env:{NAME} = '{GW}'\n", [(1, EXPORTED, GW)]),
        (f'$env:anthropic_base_url="{GW}"  # case does not matter\n', [(1, EXPORTED, GW)]),
        (f"if ($x) {{ $env:{NAME} = 'in' }}\n$env:{NAME} = 'top'\n", [(1, PARTLY, "in"), (2, EXPORTED, "top")]),
        (f"function claude {{\n  $env:{NAME}='x'; claude.exe @args\n}}\n", [(2, PARTLY, "x")]),
        (
            f"Remove-Item Env:{NAME}\nRemove-Item -Path Env:\\{NAME}\n$env:{NAME} = $null\n",
            [(1, UNSET, None), (2, UNSET, None), (3, UNSET, None)],
        ),
        (f"[Environment]::SetEnvironmentVariable('{NAME}', 'y', 'User')\n", [(1, PARTLY, "y")]),
        (f"Set-Item Env:{NAME} x\n", [(1, PARTLY, None)]),
        (f"$env:{NAME} = $other\n", [(1, EXPORTED, None)]),
        (f"Test-Path Env:{NAME}\nWrite-Host $env:{NAME}\n<# $env:{NAME} = 'commented' #>\n", []),
    ],
)
def test_powershell(text, expected):
    assert _read(text, POWERSHELL) == expected


@pytest.mark.parametrize(
    "text, dialect, known",
    [
        # one word of several quoted parts is one value; a part the shell computes makes the whole unknown
        (f"export {NAME}='https://gw'\".example\"\n", SH, GW),
        (f"export {NAME}='{GW}'\"$(cat ~/suffix)\"\n", SH, None),
        (f"export {NAME}='https://gw'\".example\"$SUFFIX\n", SH, None),
        # inside double quotes a backslash escapes $, `, " and itself: the shell's value has none of them
        (f'export {NAME}="{{\\"url\\": \\"{GW}\\", \\"k\\": \\"\\$x\\"}}"\n', SH, f'{{"url": "{GW}", "k": "$x"}}'),
        (f'export {NAME}="(literal)"\n', SH, "(literal)"),  # ( only starts a subshell outside quotes
        # fish expands $ only outside single quotes
        (f"set -gx {NAME} '{{\"$schema\": 1}}'\n", FISH, '{"$schema": 1}'),
        (f"set -gx {NAME} '$literal'\"\"\n", FISH, "$literal"),
    ],
)
def test_a_values_parts_and_escapes_are_read_as_the_shell_reads_them(text, dialect, known):
    """Red team: only the first quoted part of a word was read (`'{"mcp": {}}'"$(cat more)"` looked known and
    complete), a double-quoted value kept its backslashes, and fish took a `$` inside single quotes as computed."""
    [(_line, _how, value)] = _read(text, dialect)
    assert value == known


@pytest.mark.parametrize(
    "text, dialect, expected",
    [
        # tcsh: setenv at the top is every session's; inside `if … then … endif`, after a one-line `if`, or in
        # an alias, some sessions'; `set` is the shell's own variable and sets nothing for a program
        (f"setenv {NAME} {GW}\n", CSH, [(1, EXPORTED, GW)]),
        (f"if ($?prompt) then\n  setenv {NAME} {GW}\nelse if (1) then\n  setenv {NAME} x\nendif\nsetenv {NAME} {GW}\n",
         CSH, [(2, PARTLY, GW), (4, PARTLY, "x"), (6, EXPORTED, GW)]),
        (f"if (-d /x) setenv {NAME} {GW}\n", CSH, [(1, PARTLY, GW)]),
        (f"alias claude 'env {NAME}={GW} claude'\nset {NAME} = x\nunsetenv {NAME}\n", CSH,
         [(1, PARTLY, GW), (3, UNSET, None)]),
        (f"setenv {NAME} `cat /x`\n", CSH, [(1, EXPORTED, None)]),
        # nushell: $env.NAME = at the top; a block, a def, a record of load-env or with-env: some sessions'
        (f"$env.{NAME} = '{GW}'\n", NU, [(1, EXPORTED, GW)]),
        (f'if $nu.is-interactive {{\n  $env.{NAME} = "{GW}"\n}}\ndef --env f [] {{ $env.{NAME} = "x" }}\n', NU,
         [(2, PARTLY, GW), (4, PARTLY, "x")]),
        (f'load-env {{ A: 1, {NAME}: "{GW}" }}\nwith-env {{{NAME}: x}} {{ claude }}\nhide-env {NAME}\n', NU,
         [(1, PARTLY, GW), (2, PARTLY, "x"), (3, UNSET, None)]),
        (f"$env.{NAME} = ($env.HOME | path join x)\n", NU, [(1, PARTLY, None)]),
        # xonsh: $NAME = at the top; an indented line, what a compound statement runs, ${...}[…]: some sessions'
        (f"${NAME} = '{GW}'\n", XONSH, [(1, EXPORTED, GW)]),
        (f"if True:\n    ${NAME} = '{GW}'\nif x: ${NAME} = 'y'\n${{...}}['{NAME}'] = 'z'\ndel ${NAME}\n", XONSH,
         [(2, PARTLY, GW), (3, PARTLY, "y"), (4, PARTLY, "z"), (5, UNSET, None)]),
        (f"${NAME} = $HOME + '/x'\n", XONSH, [(1, EXPORTED, None)]),
        (f'"""\n${NAME} = \'x\'\n"""\n', XONSH, [(1, PARTLY, None)]),  # inside a string: never every session's
        # elvish: set-env and set E:NAME = at the top; inside braces (a function, an if) some sessions'
        (f"set-env {NAME} {GW}\nset E:{NAME} = '{GW}'\n", ELVISH, [(1, EXPORTED, GW), (2, EXPORTED, GW)]),
        (f"fn claude {{|@a| set-env {NAME} x; e:claude $@a }}\ntmp E:{NAME} = y\nunset-env {NAME}\n", ELVISH,
         [(1, PARTLY, "x"), (2, PARTLY, "y"), (3, UNSET, None)]),
    ],
)  # fmt: skip
def test_shells_of_their_own_syntax(text, dialect, expected):
    assert _read(text, dialect) == expected


def test_names_fold_on_windows_only():
    text = f"export anthropic_base_url={GW}\n"
    assert _read(text) == []
    assert _read(text, fold=True) == [(1, EXPORTED, GW)]


@pytest.mark.parametrize(
    "path, dialect",
    [
        ("/h/.zshrc", SH),
        ("/h/.config/fish/config.fish", FISH),
        ("/h/Documents/PowerShell/profile.PS1", POWERSHELL),
        ("/h/.kshrc", SH),
        ("/h/.mkshrc", SH),
        ("/etc/profile.d/a.sh", SH),
        ("/h/.tcshrc", CSH),
        ("/h/.cshrc", CSH),
        ("/h/.login", CSH),
        ("/h/.config/nushell/env.nu", NU),
        ("/h/.xonshrc", XONSH),
        ("/h/.config/xonsh/rc.d/a.xsh", XONSH),
        ("/h/.config/elvish/rc.elv", ELVISH),
    ],
)
def test_dialect_by_file_name(path, dialect):
    assert dialect_of(path) == dialect


@pytest.mark.parametrize(
    "text",
    [
        f"if true; then\nexport {NAME}={GW}\n",  # a block never closed: what follows may be skipped
        f"cat <<EOF\nexport {NAME}={GW}\n",  # a here-document never ended
        f"alias x='unterminated\nexport {NAME}={GW}\n",  # an open quote swallows the line
    ],
)
def test_what_cannot_be_placed_is_never_every_session(text):
    assert all(how != EXPORTED for _, how, _ in _read(text))


def test_a_huge_startup_file_is_read_in_one_pass():
    """A megabyte of aliases, blocks and quotes: read once, linear (no backtracking), lines exact."""
    chunk = "alias a{i}='ls -l'\nif [ -d /x{i} ]; then\n  PATH=/x{i}:$PATH\nfi\n"
    text = "".join(chunk.format(i=i) for i in range(12_000)) + f"export {NAME}={GW}\n"
    assert len(text) > 500_000
    assert _read(text) == [(48_001, EXPORTED, GW)]


def _sourced(text: str, dialect: str = SH) -> list[tuple[int, str, bool]]:
    return [(s.line, s.word, s.top) for s in StartupScript(text, dialect).sourced()]


@pytest.mark.parametrize(
    "text, dialect, expected",
    [
        ("source ~/.aliases\n", SH, [(1, "~/.aliases", True)]),
        ('# x\n. "$HOME/.aliases"  # comment\n', SH, [(2, "$HOME/.aliases", True)]),
        # Debian's .bashrc: guarded by a test that the same file exists, so every session runs it
        ("if [ -f ~/.bash_aliases ]; then\n    . ~/.bash_aliases\nfi\n", SH, [(2, "~/.bash_aliases", True)]),
        ("[[ -r ~/.a ]] && source ~/.a\n", SH, [(1, "~/.a", True)]),
        ("test -f ~/.a && . ~/.a\n", SH, [(1, "~/.a", True)]),
        # any other guard, or another file's test, or a block with more in it: some sessions only
        ('if [ -n "$WORK" ]; then . ~/.a; fi\n', SH, [(1, "~/.a", False)]),
        ("[ -f ~/.b ] && . ~/.a\n", SH, [(1, "~/.a", False)]),
        ("if [ -f ~/.a ]; then . ~/.a; else . ~/.b; fi\n", SH, [(1, "~/.a", False), (1, "~/.b", False)]),
        ("[ -f ~/.a ]\n. ~/.a\n", SH, [(2, "~/.a", True)]),
        ("true || . ~/.a\n", SH, [(1, "~/.a", False)]),
        ("w() { source ~/.a; }\n", SH, [(1, "~/.a", False)]),
        ("echo source ~/.a\nalias s='. ~/.a'\n", SH, []),  # words of other commands are no source
        ("cat <<EOF\nsource ~/.a\nEOF\n", SH, [(2, "~/.a", False)]),  # a here-document's body: data, partly
        ("dotenv\nsource_env ../.envrc\n", SH, [(1, ".env", True), (2, "../.envrc", True)]),
        ("if test -f ~/a.fish\n  source ~/a.fish\nend\n", FISH, [(2, "~/a.fish", True)]),
        # one word of quoted and unquoted parts, as the shell joins them (a test of the same file guards it)
        ('source "$HOME"/.aliases 2>/dev/null\n', SH, [(1, "$HOME/.aliases", True)]),
        ("[ -f \"$HOME\"/'.my_aliases' ] && . \"$HOME\"/'.my_aliases'\n", SH, [(1, "$HOME/.my_aliases", True)]),
        (". \"$HOME\"/'my aliases'\n", SH, [(1, "$HOME/my aliases", True)]),
        ('source $ZSH/"custom"/x.zsh; echo\n', SH, [(1, "$ZSH/custom/x.zsh", True)]),
        ("source ~/My\\ Files/x.zsh\n", SH, [(1, "~/My Files/x.zsh", True)]),
        ('source "$HOME"/.x.fish\n', FISH, [(1, "$HOME/.x.fish", True)]),
        ('. "$(brew --prefix)"/etc/x.sh\n', SH, [(1, "$(brew --prefix)/etc/x.sh", True)]),  # as before
        ("test -f x; and source x\n", FISH, [(1, "x", False)]),
        (
            ". $PSScriptRoot\\a.ps1\n. 'C:\\x\\b.ps1'\n",
            POWERSHELL,
            [(1, "$PSScriptRoot\\a.ps1", True), (2, "C:\\x\\b.ps1", True)],
        ),
    ],
)
def test_which_files_a_startup_file_sources(text, dialect, expected):
    assert _sourced(text, dialect) == expected


def _looped(text: str, dialect: str = SH) -> list[tuple[int, tuple[str, ...], bool]]:
    return [(s.line, s.each, s.top) for s in StartupScript(text, dialect).sourced()]


FEDORA = 'if [ -d ~/.bashrc.d ]; then\n  for rc in ~/.bashrc.d/*; do\n    if [ -f "$rc" ]; then\n      . "$rc"\n    fi\n  done\nfi\n'


@pytest.mark.parametrize(
    "text, dialect, expected",
    [
        (FEDORA, SH, [(4, ("~/.bashrc.d/*",), True)]),
        ("for f in ~/.a/*.sh ~/.b; do source $f; done\n", SH, [(1, ("~/.a/*.sh", "~/.b"), True)]),
        ('for f in "$HOME"/.a/*; do . "${f}"; done\n', SH, [(1, ("$HOME/.a/*",), True)]),
        ('for f in ~/.{x,y}; do [ -r "$f" ] && [ -f "$f" ] && source "$f"; done\n', SH, [(1, ("~/.{x,y}",), True)]),
        ("for f in ~/.a/*\n  source $f\nend\n", FISH, [(2, ("~/.a/*",), True)]),
        # anything else around the loop or the source line: some sessions only
        ('if [ -n "$W" ]; then for f in ~/.a/*; do . "$f"; done; fi\n', SH, [(1, ("~/.a/*",), False)]),
        ('for f in ~/.a/*; do [ -r "$f" ] || . "$f"; done\n', SH, [(1, ("~/.a/*",), False)]),
        ('for f in ~/.a/*; do [ -r ~/.z ] && . "$f"; done\n', SH, [(1, ("~/.a/*",), False)]),
        ('for f in ~/.a/*; do if [ -f ~/.z ]; then . "$f"; fi; done\n', SH, [(1, ("~/.a/*",), False)]),
        ('while true; do for f in ~/.a/*; do . "$f"; done; done\n', SH, [(1, ("~/.a/*",), False)]),
        ('w() { for f in ~/.a/*; do . "$f"; done; }\n', SH, [(1, ("~/.a/*",), False)]),
        ('for f in ~/.a/*; do :; done\n. "$f"\n', SH, [(2, (), True)]),  # after the loop: not its variable
        ('for g in ~/.a/*; do . "$f"; done\n', SH, [(1, (), False)]),  # another variable
    ],
)
def test_what_a_loop_sources(text, dialect, expected):
    assert _looped(text, dialect) == expected


def test_a_huge_block_of_loop_source_lines_is_read_in_one_pass():
    """Each source line's blocks come from one pass over the file: 30,000 of them in one `if`, and 30,000
    loops under 30,000 nested blocks, read in well under a second (looking back from each line took
    minutes: the file's size squared)."""
    text = "if x; then\n" + '. "$f"\n' * 30_000 + "fi\n"
    assert len(_looped(text)) == 30_000
    text = "if x; then\n" * 30_000 + 'for f in ~/a/*; do . "$f"; done\n' * 30_000
    found = _looped(text)
    assert len(found) == 30_000 and found[0] == (30_001, ("~/a/*",), False)


_words = st.sampled_from(
    ["if", "then", "fi", "{", "}", ";", "&&", "||", "|", "'", '"', "#", "\\", "\n", "case", "esac", "do", "done",
     "<<EOF", "EOF", "(", ")", "$(", "`", "x", "export", f"{NAME}=v", "unset", NAME, "set", "-gx", "end", "$env:",
     "source", ".", "dotenv", "[", "-f", "]", "test", "for", "f", "in", "~/.a/*", '"$f"', "$f", "-d"]
)  # fmt: skip


@given(st.lists(_words, max_size=40), st.sampled_from([SH, FISH, POWERSHELL, CSH, NU, XONSH, ELVISH]))
def test_any_text_is_read_without_error(words, dialect):
    """Whatever a startup file holds, the reading ends, and gives line numbers inside the file."""
    text = " ".join(words)
    lines = text.count("\n") + 1
    for line, how, _value in _read(text, dialect):
        assert 1 <= line <= lines and how in (EXPORTED, PARTLY, UNSET)
    for line, word, _top in _sourced(text, dialect):
        assert 1 <= line <= lines and word


@given(st.lists(_words, max_size=20))
def test_a_block_around_an_export_always_makes_it_partly(words):
    """However the inside of an `if` reads, the export inside it is never every session's."""
    body = " ".join(w for w in words if w not in ("fi", "'", '"', "\\", "<<EOF", "`", "$(", "#", "}", "esac", "done"))
    text = f"if [ -n x ]; then\n{body}\nexport {NAME}={GW}\nfi\n"
    assert all(how != EXPORTED for _, how, _ in _read(text))


# a command that sets the variable to what it takes in when the shell runs it: a value that cannot be known,
# exported by an `export NAME` at the top as an assignment is (read, printf -v, mapfile, getopts ... each once)
@pytest.mark.parametrize(
    "text, expected",
    [
        (f"read -r -d '' {NAME} <<'EOF'\n{GW}\nEOF\nexport {NAME}\n", [(1, EXPORTED, None)]),
        (f"export {NAME}\nread -r {NAME} <<< '{GW}'\n", [(2, EXPORTED, None)]),
        (f"IFS= read -rd '' {NAME} < ~/.gw; export {NAME}\n", [(1, EXPORTED, None)]),
        (f"read a b {NAME} < ~/.gw\n", [(1, PARTLY, None)]),  # without export: the shell's alone
        (f"printf -v {NAME} '%s' '{GW}'\nexport {NAME}\n", [(1, EXPORTED, None)]),
        (f"mapfile -t {NAME} < ~/.gw\nreadarray {NAME} < ~/.gw\n", [(1, PARTLY, None), (2, PARTLY, None)]),
        (f"getopts ab {NAME}\nvared {NAME}\n", [(1, PARTLY, None), (2, PARTLY, None)]),
        (f"if true; then read -r {NAME} < ~/.gw; fi\nexport {NAME}\n", [(1, PARTLY, None)]),
        (f"[ -f ~/.gw ] && read -r {NAME} < ~/.gw\n", [(1, PARTLY, None)]),
        # a name written in quotes for declare, and a value added to one set elsewhere
        (f'declare -x "{NAME}"={GW}\n', [(1, EXPORTED, GW)]),
        (f"declare -x {NAME}+=/v1\n{NAME}+=/v1\n", [(1, EXPORTED, None), (2, PARTLY, None)]),
        # the variable read from, or named in a prompt: not set
        (f'printf \'%s\' "${{{NAME}}}" "${NAME}"\nread -p \'{NAME}? \' answer\nread -r x <<< "${NAME}"\n', []),
        (f"printf '%s\\n' {NAME}\n", []),  # printf sets a variable only after -v
    ],
)
def test_a_value_taken_in_at_run_time_cannot_be_known(text, expected):
    assert _read(text) == expected


def test_fish_read_sets_the_variable_to_what_cannot_be_known():
    assert _read(f"read -gx {NAME} < ~/.gw\n", FISH) == [(1, PARTLY, None)]
