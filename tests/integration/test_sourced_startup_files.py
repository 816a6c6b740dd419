"""The files a shell startup file sources are the session's too. `source ~/.aliases` in `~/.zshrc` (or Debian's
`if [ -f ~/.bash_aliases ]; then . ~/.bash_aliases; fi`, fish's `source`, PowerShell's dot-sourcing) runs that
file in the same shell: an alias there that starts Claude Code unattended, or sends it past the gateway, was
unseen, and the check passed. So was zsh's ZDOTDIR, which moves `.zshrc` out of the home altogether."""

from __future__ import annotations

import json

import pytest

from support.oh_my_zsh import OMZ_NVM, OMZ_ZSHRC, P10K_THEME, PLANTED, omz_home
from support.packs import isolate_cli, run_cli
from tui.core.sourced_files import MAX_SOURCED_FILES

GATEWAY = "https://ai-gateway.example.com"
DIRECT = "https://api.example-direct.test/SECRET-MARKER-5c1e"


def _claude(machine_factory, platform: str = "linux"):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    return m


def _conditions(m, monkeypatch, tmp_path, capsys, *extra: str) -> tuple[int, dict, str]:
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", m.platform, "--home", m.home, *extra)
    code, out, err = run_cli(capsys, *args, "--json")
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    _code, text, err2 = run_cli(capsys, *args)
    assert "SECRET-MARKER" not in out + text + err + err2
    return code, {c["id"]: c for c in finding["conditions"]}, text


# (platform, the startup file, how it sources, the sourced file, written as)
SOURCING = [
    ("linux", ".zshrc", "source ~/.aliases", ".aliases"),
    ("linux", ".zshrc", 'source "$HOME/.config/zsh/aliases.zsh"', ".config/zsh/aliases.zsh"),
    ("linux", ".zshrc", "[[ -f ~/.aliases ]] && source ~/.aliases", ".aliases"),
    ("linux", ".bashrc", "if [ -f ~/.bash_extra ]; then\n    . ~/.bash_extra\nfi", ".bash_extra"),
    ("linux", ".zshrc", "source ${XDG_CONFIG_HOME:-$HOME/.config}/shell/aliases", ".config/shell/aliases"),
    # one word of quoted and unquoted parts: the file is what they make together
    ("linux", ".zshrc", 'source "$HOME"/.aliases', ".aliases"),
    ("linux", ".bashrc", ". \"$HOME\"/'.bash extra'", ".bash extra"),
    ("linux", ".zshrc", 'source $HOME/".config/zsh"/aliases.zsh', ".config/zsh/aliases.zsh"),
    ("macos", ".config/fish/config.fish", "source ~/.config/fish/aliases.fish", ".config/fish/aliases.fish"),
    (
        "windows",
        "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
        ". $PSScriptRoot\\aliases.ps1",
        "Documents/PowerShell/aliases.ps1",
    ),
]
UNATTENDED = {
    "linux": "alias claude='claude --dangerously-skip-permissions'",
    "macos": "alias claude 'claude --dangerously-skip-permissions'",
    "windows": "function claude { claude.exe --dangerously-skip-permissions @args }",
}


@pytest.mark.parametrize("platform, startup, sourcing, sourced", SOURCING)
def test_an_alias_in_a_sourced_file_starts_the_agent_unattended(
    tmp_path, machine_factory, monkeypatch, capsys, platform, startup, sourcing, sourced
):
    m = _claude(machine_factory, platform)
    m.write(m.h(startup), f"# my settings\n{sourcing}\n")
    path = m.write(m.h(sourced), f"# aliases\n\n{UNATTENDED[platform]}\n")
    shown = m.machine().display(path)
    code, states, text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    state = states["not-started-unattended"]
    assert state["state"] == "unmet", state
    assert f"{shown} line 3 starts claude with '--dangerously-skip-permissions'" in state["detail"]
    assert f"{shown} line 3" in text


def test_without_the_source_line_the_same_file_is_not_read(tmp_path, machine_factory, monkeypatch, capsys):
    """The other half: the alias file alone, sourced by nothing, is no startup file and changes nothing."""
    m = _claude(machine_factory)
    m.write(m.h(".zshrc"), "# my settings\n")
    m.write(m.h(".aliases"), UNATTENDED["linux"] + "\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met"


def test_an_export_in_a_sourced_file_meets_the_gateway_and_an_alias_there_breaks_it(
    tmp_path, machine_factory, monkeypatch, capsys
):
    """A file sourced at the top of `.zshrc` runs in every session: its export is every session's. The
    same export in a file sourced inside an `if` is some sessions' only, and an alias there breaks it."""
    m = _claude(machine_factory)
    m.write(m.h(".zshrc"), "source ~/.env.zsh\n")
    env = m.write(m.h(".env.zsh"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["gateway"]["state"] == "met", states["gateway"]
    assert states["gateway"]["detail"].endswith(f"in {m.machine().display(env)} line 1")

    m.write(m.h(".zshrc"), "if [[ -n $WORK ]]; then\n  source ~/.env.zsh\nfi\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["gateway"]["state"] == "unmet"
    assert "sets it for some sessions only" in states["gateway"]["detail"]

    m.write(m.h(".zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\nsource ~/.work/aliases\n")
    aliases = m.write(m.h(".work/aliases"), f"alias claude='ANTHROPIC_BASE_URL={DIRECT} claude'\n")
    code, states, text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert states["gateway"]["state"] == "unmet"
    shown = m.machine().display(aliases)
    assert states["gateway"]["detail"].endswith(f"in {shown} line 1")
    assert f"In {shown} line 1: take ANTHROPIC_BASE_URL out of the line." in text


@pytest.mark.parametrize(
    "zshrc",
    [
        'source "$HOME"/.env.zsh\n',
        '[[ -f "$HOME"/.env.zsh ]] && source "$HOME"/.env.zsh\n',
        'if [ -r "$HOME"/".env.zsh" ]; then\n  . "$HOME"/".env.zsh"\nfi\n',
    ],
)
def test_a_file_named_in_quoted_and_unquoted_parts_runs_in_every_session(
    tmp_path, machine_factory, monkeypatch, capsys, zshrc
):
    """`source "$HOME"/.env.zsh` sources ~/.env.zsh (it was read as `source $HOME`: the home, which cannot be
    read as a file, and the condition could not be confirmed); guarded by a test that the same file exists,
    written the same way, it still runs in every session."""
    m = _claude(machine_factory)
    m.write(m.h(".zshrc"), zshrc)
    env = m.write(m.h(".env.zsh"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["gateway"]["state"] == "met", states["gateway"]
    assert states["gateway"]["detail"].endswith(f"in {m.machine().display(env)} line 1")
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]


def test_a_chain_of_sourced_files_is_followed_and_a_loop_ends(tmp_path, machine_factory, monkeypatch, capsys):
    m = _claude(machine_factory)
    m.write(m.h(".zshrc"), "source ~/.a\n")
    m.write(m.h(".a"), "source ~/.b\nsource ~/.zshrc\n")
    deep = m.write(m.h(".b"), "source ~/.a\nalias cc='claude --dangerously-skip-permissions'\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "unmet"
    assert f"{m.machine().display(deep)} line 2" in states["not-started-unattended"]["detail"]


def test_a_name_the_shell_computes_is_not_followed_and_the_audit_says_so(
    tmp_path, machine_factory, monkeypatch, capsys, pack
):
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    zshrc = m.write(m.h(".zshrc"), 'for f in $(ls ~/.zsh.d); do source "$f"; done\nsource $(cat ~/.name)/x.sh\n')
    report = scan(m.machine(), pack)
    notes = [s.reason for s in report.audit.skipped if s.path == m.machine().display(zshrc)]
    assert notes == [
        "line 1 runs a file named at run time: not read",
        "line 2 runs a file named at run time: not read",
    ]


def test_sourced_files_are_bounded(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """A thousand files each sourcing the next: a few levels are read, the rest noted, the scan quick."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    m.write(m.h(".zshrc"), "source ~/.s0\n")
    for i in range(1000):
        m.write(m.h(f".s{i}"), f"source ~/.s{i + 1}\n")
    report = scan(m.machine(), pack)
    read = [p for p in report.audit.paths_read if "/.s" in p]
    assert 0 < len(read) <= 8
    assert any("sources more files than are followed" in s.reason for s in report.audit.skipped)


def test_zdotdir_moves_the_zsh_files_out_of_the_home(tmp_path, machine_factory, monkeypatch, capsys):
    """`export ZDOTDIR=~/.config/zsh` in ~/.zshenv: zsh reads ~/.config/zsh/.zshrc and never ~/.zshrc. An alias
    there was unseen; an export of the gateway left behind in ~/.zshrc met the condition."""
    m = _claude(machine_factory)
    m.write(m.h(".zshenv"), 'export ZDOTDIR="$HOME/.config/zsh"\n')
    m.write(m.h(".zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    moved = m.write(m.h(".config/zsh/.zshrc"), "alias claude='claude --dangerously-skip-permissions'\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert f"{m.machine().display(moved)} line 1" in states["not-started-unattended"]["detail"]
    assert states["gateway"]["state"] == "unmet"  # ~/.zshrc is no longer read by zsh: some sessions' at most

    m.write(m.h(".config/zsh/.zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met"
    assert states["gateway"]["state"] == "met", states["gateway"]  # the leftover holds the same value
    assert states["gateway"]["detail"].endswith(f"in {m.machine().display(moved)} line 1")
    m.write(m.h(".zshrc"), f"export ANTHROPIC_BASE_URL={DIRECT}\n")  # a leftover to another endpoint
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["gateway"]["state"] == "unmet", states["gateway"]


def test_a_zdotdir_set_for_the_check_alone_moves_nothing(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """`ZDOTDIR=/tmp/clean aicheck check`: aicheck's own environment may be this run's alone. A folder it
    names is read as some sessions' files (it can break a condition, never meet one), the home's files are
    still every session's, and `${ZDOTDIR:-$HOME}` in them still names the home."""
    import dataclasses

    from tui.core.scanner import scan

    m = _claude(machine_factory)
    m.write(m.h(".zshrc"), "source ${ZDOTDIR:-$HOME}/.aliases\n")
    aliases = m.write(m.h(".aliases"), "alias claude='claude --dangerously-skip-permissions'\n")
    m.write(m.h("clean/.zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    m.write(m.h("clean/.aliases"), "# nothing\n")
    machine = dataclasses.replace(m.machine(), env={"ZDOTDIR": m.h("clean")})
    finding = scan(machine, pack).finding("claude-code")
    states = {c.condition.id: c for c in finding.conditions}
    assert states["not-started-unattended"].state == "unmet"
    assert machine.display(aliases) in states["not-started-unattended"].detail
    assert states["gateway"].state == "unmet"


def test_what_a_sourced_file_hands_the_tool_is_followed_too(machine_factory, pack):
    """The other readers of the startup files follow the same files: an alias in ~/.aliases that moves
    Claude Code's settings folder (`CLAUDE_CONFIG_DIR`) or hands it an MCP config (`--mcp-config`)."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    m.write(m.h(".zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\nsource ~/.aliases\n")
    m.write(
        m.h(".aliases"),
        "alias claude='CLAUDE_CONFIG_DIR=$HOME/.claude-work claude'\nalias cm='claude --mcp-config ~/w/mcp.json'\n",
    )
    moved = m.write_json(m.h(".claude-work/settings.json"), {"env": {"ANTHROPIC_BASE_URL": DIRECT}})
    m.write_json(m.h("w/mcp.json"), {"mcpServers": {"tracker": {"type": "http", "url": "https://mcp.evil.example/"}}})
    report = scan(m.machine(), pack)
    states = {c.condition.id: c for c in report.finding("claude-code").conditions}
    assert states["gateway"].state == "unmet"
    assert f"is set to another value in {m.machine().display(moved)}" in states["gateway"].detail
    [server] = [s for s in report.surface.servers if s.item.name == "tracker"]
    assert server.verdict == "prohibited"
    assert server.item.client_label == f"Claude Code (--mcp-config in {m.machine().display(m.h('.aliases'))} line 2)"


def test_a_direnv_dotenv_file_is_read_with_its_envrc(tmp_path, machine_factory, monkeypatch, capsys):
    """`.envrc` holding `dotenv` loads the folder's `.env` (NAME=value lines) into the sessions started there."""
    m = _claude(machine_factory)
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    proj = m.h("src/api")
    m.write_json(m.h(".claude.json"), {"projects": {proj: {}}})
    m.write(proj + "/.envrc", "dotenv\n")
    env = m.write(proj + "/.env", f"DEBUG=1\nCLAUDE_CODE_USE_BEDROCK=1\nANTHROPIC_BASE_URL={DIRECT}\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    shown = m.machine().display(env)
    assert states["no-direct-bedrock"]["state"] == "unmet"
    assert states["no-direct-bedrock"]["detail"].endswith(f"in {shown} line 2")
    assert states["gateway"]["state"] == "unmet" and states["gateway"]["detail"].endswith(f"in {shown} line 3")


OH_MY_ZSH = """# a shortened oh-my-zsh.sh: what it sources is named at run time
for config_file ("$ZSH"/lib/*.zsh); do
  source "$config_file"
done
for config_file ("$ZSH_CUSTOM"/*.zsh(N)); do
  source "$config_file"
done
"""


@pytest.mark.parametrize("custom_line, custom", [("", ".oh-my-zsh/custom"), ('ZSH_CUSTOM="$HOME/.zsh"', ".zsh")])
def test_oh_my_zsh_custom_files_are_startup_files(machine_factory, pack, custom_line, custom):
    """oh-my-zsh runs every `*.zsh` of its custom folder (`$ZSH_CUSTOM`, by default `$ZSH/custom`), the place
    its docs give for a user's own aliases. `.zshrc` names the framework through a variable it sets itself."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    zshrc = f'export ZSH="$HOME/.oh-my-zsh"\n{custom_line}\nplugins=(git)\nsource $ZSH/oh-my-zsh.sh\n'
    m.write(m.h(".zshrc"), zshrc)
    m.write(m.h(".oh-my-zsh/oh-my-zsh.sh"), OH_MY_ZSH)
    m.write(m.h(f"{custom}/example.zsh"), "# You can put files here to add functionality separated per file\n")
    aliases = m.write(m.h(f"{custom}/work.zsh"), "alias cc='claude --dangerously-skip-permissions'\n")
    m.write(m.h(f"{custom}/notes.txt"), "alias cc='claude --dangerously-skip-permissions'\n")  # not a .zsh
    report = scan(m.machine(), pack)
    state = next(c for c in report.finding("claude-code").conditions if c.condition.id == "not-started-unattended")
    assert state.state == "unmet"
    assert (
        state.detail
        == f"{m.machine().display(aliases)} line 1 starts claude with '--dangerously-skip-permissions' (forbidden by the policy)"
    )
    framework = m.machine().display(m.h(".oh-my-zsh/oh-my-zsh.sh"))
    assert {s.reason for s in report.audit.skipped if s.path == framework} == {  # what the loops run is read
        "line 3 runs a file oh-my-zsh's loader picks at run time: each it picks is read",
        "line 6 runs a file oh-my-zsh's loader picks at run time: each it picks is read",
    }


def _write(m, files: dict[str, str]) -> None:
    for rel, text in files.items():
        m.write(m.h(rel), text)


def test_what_oh_my_zsh_runs_is_read_as_it_picks_it(machine_factory, pack):
    """oh-my-zsh's loader runs its lib (a custom file of the same name in place of the shipped one), the
    plugins .zshrc names (custom first), its custom folder and the theme (custom first): each is read, in that
    order, and nothing else of the clone. Only the two lib folders are listed: no folder of plugins or themes
    (oh-my-zsh ships some 300), each plugin and theme looked for by its name."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    zshrc = OMZ_ZSHRC.replace("(git)", "(\n  git\n  mine  # my own\n  missing\n)")
    files = {
        "custom/lib/git.zsh": "# mine, in place of lib/git.zsh\n",
        "custom/plugins/mine/mine.plugin.zsh": "alias m=make\n",
        "plugins/docker/docker.plugin.zsh": PLANTED,  # not named
        "custom/themes/robbyrussell.zsh-theme": "PROMPT='> '\n",
    }
    _write(m, omz_home(zshrc, files))
    report = scan(m.machine(), pack)
    state = next(c for c in report.finding("claude-code").conditions if c.condition.id == "not-started-unattended")
    assert state.state == "met", state.detail
    omz = m.h(".oh-my-zsh")
    read = [p[len(str(m.root)) :] for p in report.audit.paths_read if "/.oh-my-zsh/" in p]
    assert read == [
        f"{omz}/oh-my-zsh.sh",
        f"{omz}/lib/cli.zsh",
        f"{omz}/custom/lib/git.zsh",
        f"{omz}/lib/grep.zsh",
        f"{omz}/plugins/git/git.plugin.zsh",
        f"{omz}/custom/plugins/mine/mine.plugin.zsh",
        f"{omz}/custom/example.zsh",
        f"{omz}/custom/themes/robbyrussell.zsh-theme",
    ]
    listed = {p[len(str(m.root)) :] for p in report.audit.dirs_listed if "/.oh-my-zsh" in p}
    assert listed == {f"{omz}/lib", f"{omz}/custom/lib", f"{omz}/custom"}


@pytest.mark.parametrize(
    "zshrc, note",
    [
        (OMZ_ZSHRC.replace("(git)", "(git $EXTRA)"), "line 3 names oh-my-zsh's plugins at run time: not read"),
        (
            OMZ_ZSHRC.replace('"robbyrussell"', "$(cat ~/.theme)"),
            "line 2 names oh-my-zsh's theme at run time: not read",
        ),
        (
            OMZ_ZSHRC.replace("plugins=", 'ZSH_CUSTOM="$DOTFILES/omz"\nplugins='),
            "line 5 runs oh-my-zsh with a custom folder named at run time: not read",
        ),
        (
            OMZ_ZSHRC.replace("plugins=(git)\n", ""),
            "line 3 runs oh-my-zsh with plugins set in {zshenv} line 1: not known",
        ),
    ],
)
def test_what_oh_my_zsh_runs_named_at_run_time_cannot_confirm(
    tmp_path, machine_factory, monkeypatch, capsys, zshrc, note, pack
):
    """A plugins list, theme or custom folder the shell computes, or one another file zsh runs sets, names
    files aicheck cannot know: the line that sources oh-my-zsh cannot confirm the condition, and the audit
    says why."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    _write(m, omz_home(zshrc, home={".zshenv": "plugins=(git docker)\n"}))
    report = scan(m.machine(), pack)
    shown = m.machine().display(m.h(".zshrc"))
    note = note.format(zshenv=m.machine().display(m.h(".zshenv")))
    assert note in {s.reason for s in report.audit.skipped if s.path == shown}
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    detail = states["not-started-unattended"]["detail"]
    assert detail.startswith("cannot confirm") and f"{shown} line " in detail, detail


@pytest.mark.parametrize(
    "zshrc, every",
    [
        (OMZ_ZSHRC.replace("(git)", "(git work)"), True),
        (OMZ_ZSHRC.replace("(git)\n", "(git)\nplugins+=(work)\n"), True),
        (OMZ_ZSHRC.replace("(git)\n", "(git)\n[[ -n $WORK ]] && plugins+=(work)\n"), False),
        (OMZ_ZSHRC.replace("(git)\n", "(git work)\n[[ -n $WORK ]] && plugins+=(docker)\n"), True),
        (OMZ_ZSHRC.replace("(git)\n", "(git work)\nif [[ -n $HOME_PC ]]; then\n  plugins=(git)\nfi\n"), False),
        (OMZ_ZSHRC.replace("(git)\n", "(git work)\n[[ -n $HOME_PC ]] && unset plugins\n"), False),
        (OMZ_ZSHRC.replace("(git)\n", "(work)\nplugins=(git)\n"), False),
        (OMZ_ZSHRC + "plugins+=(work)\n", False),
    ],
)
def test_an_oh_my_zsh_plugin_named_in_some_sessions_runs_in_those_only(
    tmp_path, machine_factory, monkeypatch, capsys, zshrc, every
):
    """A plugin named at the top of .zshrc before oh-my-zsh is sourced runs in every session: its export meets
    the gateway. One named inside a block, or only by a line another one sets anew or after the loader ran, is
    read all the same, as some sessions' (its export cannot meet the gateway; an alias there would break it)."""
    m = _claude(machine_factory)
    env = f"export ANTHROPIC_BASE_URL={GATEWAY}\n"
    _write(m, omz_home(zshrc, {"custom/plugins/work/work.plugin.zsh": env}))
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]
    if every:
        assert states["gateway"]["state"] == "met", states["gateway"]
    else:
        assert states["gateway"]["state"] == "unmet"
        assert "sets it for some sessions only" in states["gateway"]["detail"], states["gateway"]


def test_oh_my_zsh_lib_past_the_bound_cannot_confirm(tmp_path, machine_factory, monkeypatch, capsys):
    """A lib folder of more files than are followed for one question: the rest is not read, and the line
    that sources oh-my-zsh cannot confirm the condition."""
    m = _claude(machine_factory)
    _write(m, omz_home(omz={f"lib/{i:03d}.zsh": "x=1\n" for i in range(MAX_SOURCED_FILES + 5)}))
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert "sources more files than aicheck follows" in states["not-started-unattended"]["detail"]


NVM_ZSHRC = OMZ_ZSHRC.replace("(git)", "(git nvm)")
P10K_ZSHRC = OMZ_ZSHRC.replace('"robbyrussell"', '"powerlevel10k/powerlevel10k"')
RANDOM_ZSHRC = OMZ_ZSHRC.replace("robbyrussell", "random")
BESIDE = 'source "${0:h:A}/extra.zsh"\nsource "$ZSH_CACHE_DIR/nvm-cache.zsh"\n'  # a file beside it, and a computed one
# (id, .zshrc, files under ~/.oh-my-zsh, files in the home, what the condition says: "met", "found" (the flag)
# or "cannot confirm", and the lines it names, under the home)
SHIPPED = [
    # what oh-my-zsh ships (its lib, plugins and themes beside the oh-my-zsh.sh sourced): a file it names at
    # run time is the framework's, as the loader's own are; its own lines, and a file it names, are read
    ("plugin", NVM_ZSHRC, {"plugins/nvm/nvm.plugin.zsh": OMZ_NVM}, {}, "met", []),
    (
        "plugin-planted",
        NVM_ZSHRC,
        {"plugins/nvm/nvm.plugin.zsh": OMZ_NVM + PLANTED},
        {},
        "found",
        [".oh-my-zsh/plugins/nvm/nvm.plugin.zsh line 12"],
    ),
    (
        "plugin-sources-a-file-beside-it",
        NVM_ZSHRC,
        {"plugins/nvm/nvm.plugin.zsh": BESIDE, "plugins/nvm/extra.zsh": "x=1\n" + PLANTED},
        {},
        "found",
        [".oh-my-zsh/plugins/nvm/extra.zsh line 2"],
    ),
    ("lib", OMZ_ZSHRC, {"lib/zz.zsh": 'source "$ZSH_CACHE_DIR/zz-cache.zsh"\n'}, {}, "met", []),
    ("theme-random", RANDOM_ZSHRC, {}, {}, "met", []),
    # the custom folder is the user's own, wherever it is: a name computed there cannot confirm
    (
        "custom-plugin",
        NVM_ZSHRC,
        {"custom/plugins/nvm/nvm.plugin.zsh": OMZ_NVM, "plugins/nvm/nvm.plugin.zsh": OMZ_NVM},
        {},
        "cannot confirm",
        [".oh-my-zsh/custom/plugins/nvm/nvm.plugin.zsh line 11"],
    ),
    (
        "custom-lib-in-place",
        OMZ_ZSHRC,
        {"lib/zz.zsh": "x=1\n", "custom/lib/zz.zsh": 'source "$ZSH_CACHE_DIR/zz-cache.zsh"\n'},
        {},
        "cannot confirm",
        [".oh-my-zsh/custom/lib/zz.zsh line 1"],
    ),
    (  # the whole clone is the custom folder: the lib's own computed names too are the user's
        "custom-folder-is-the-clone",
        NVM_ZSHRC.replace("plugins=", 'ZSH_CUSTOM="$ZSH"\nplugins='),
        {"plugins/nvm/nvm.plugin.zsh": OMZ_NVM},
        {},
        "cannot confirm",
        [
            *(f".oh-my-zsh/lib/cli.zsh line {n}" for n in (7, 16, 18, 20)),
            ".oh-my-zsh/lib/grep.zsh line 4",
            ".oh-my-zsh/plugins/nvm/nvm.plugin.zsh line 11",
        ],
    ),
    (
        "theme-random-picks-a-custom-theme",
        RANDOM_ZSHRC,
        {"custom/themes/mine.zsh-theme": PLANTED},
        {},
        "found",
        [".oh-my-zsh/custom/themes/mine.zsh-theme line 1"],
    ),
    (
        "theme-random-picks-a-custom-candidate",
        RANDOM_ZSHRC.replace("plugins=", "ZSH_THEME_RANDOM_CANDIDATES=(robbyrussell dir/mine)\nplugins="),
        {"custom/themes/dir/mine.zsh-theme": PLANTED},
        {},
        "found",
        [".oh-my-zsh/custom/themes/dir/mine.zsh-theme line 1"],
    ),
    # a file of the clone sourced without oh-my-zsh.sh is no part of what its loader runs
    (
        "plugin-without-the-loader",
        "source ~/.oh-my-zsh/plugins/nvm/nvm.plugin.zsh\n",
        {"plugins/nvm/nvm.plugin.zsh": OMZ_NVM},
        {},
        "cannot confirm",
        [".oh-my-zsh/plugins/nvm/nvm.plugin.zsh line 11"],
    ),
    # Powerlevel10k, cloned into the custom folder, is the user's as it is sourced directly (which already
    # cannot confirm: its folder and its cache are named at run time)
    (
        "p10k-in-the-custom-folder",
        P10K_ZSHRC,
        {"custom/themes/powerlevel10k/powerlevel10k.zsh-theme": P10K_THEME},
        {},
        "cannot confirm",
        [f".oh-my-zsh/custom/themes/powerlevel10k/powerlevel10k.zsh-theme line {n}" for n in (4, 7)],
    ),
    (
        "p10k-sourced-directly",
        "source ~/powerlevel10k/powerlevel10k.zsh-theme\n",
        {},
        {"powerlevel10k/powerlevel10k.zsh-theme": P10K_THEME},
        "cannot confirm",
        [f"powerlevel10k/powerlevel10k.zsh-theme line {n}" for n in (4, 7)],
    ),
]


@pytest.mark.parametrize("zshrc, omz, home, says, lines", [c[1:] for c in SHIPPED], ids=[c[0] for c in SHIPPED])
def test_a_name_computed_in_a_file_oh_my_zsh_ships_is_the_frameworks(
    machine_factory, pack, zshrc, omz, home, says, lines
):
    """oh-my-zsh's shipped plugins (nvm, fzf, python, ssh-agent …) and the random theme source files by names
    they compute: the framework's own, as oh-my-zsh.sh's are, so with such a plugin enabled the condition is
    met. A line of theirs that starts claude with the flag is found all the same; the custom folder's files,
    and a shipped file sourced without oh-my-zsh, are the user's: a name computed there cannot confirm."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    _write(m, omz_home(zshrc, omz, home))
    report = scan(m.machine(), pack)
    state = next(c for c in report.finding("claude-code").conditions if c.condition.id == "not-started-unattended")
    expected = {"found": "--dangerously-skip-permissions' (forbidden", "cannot confirm": "cannot confirm"}
    assert state.state == ("met" if says == "met" else "unmet"), state.detail
    assert says == "met" or expected[says] in state.detail, state.detail
    shown = m.machine().display
    assert list(state.offending_files) == [
        shown(m.h(file)) + f" line {n}" for file, _, n in (x.partition(" line ") for x in lines)
    ]


def test_the_audit_says_what_oh_my_zsh_names_at_run_time(machine_factory, pack):
    """The loader's lines that run what it picks say those files are read; a shipped plugin's computed name
    is the framework's, not read; a custom plugin's is named at run time."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    custom = OMZ_NVM.replace("NVM_DIR", "MY_DIR")
    _write(
        m,
        omz_home(
            OMZ_ZSHRC.replace("(git)", "(git nvm mine)"),
            {"plugins/nvm/nvm.plugin.zsh": OMZ_NVM, "custom/plugins/mine/mine.plugin.zsh": custom},
        ),
    )
    report = scan(m.machine(), pack)
    reasons = {(s.path, s.reason) for s in report.audit.skipped}
    shown = m.machine().display
    loader = shown(m.h(".oh-my-zsh/oh-my-zsh.sh"))
    assert (loader, "line 2 runs a file named at run time: not read") in reasons  # tools/check_for_upgrade.sh
    for line in (6, 8, 18, 22, 24, 26):
        assert (
            loader,
            f"line {line} runs a file oh-my-zsh's loader picks at run time: each it picks is read",
        ) in reasons
    nvm = shown(m.h(".oh-my-zsh/plugins/nvm/nvm.plugin.zsh"))
    assert (
        nvm,
        "line 11 runs a file named at run time, from a file oh-my-zsh ships: the framework's own, not read",
    ) in reasons
    mine = shown(m.h(".oh-my-zsh/custom/plugins/mine/mine.plugin.zsh"))
    assert (mine, "line 11 runs a file named at run time: not read") in reasons


def test_fish_conf_d_files_run_in_every_session(tmp_path, machine_factory, monkeypatch, capsys):
    m = _claude(machine_factory, "macos")
    m.write(m.h(".config/fish/conf.d/gateway.fish"), f"set -gx ANTHROPIC_BASE_URL {GATEWAY}\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["gateway"]["state"] == "met", states["gateway"]
    bend = m.write(m.h(".config/fish/conf.d/zz-mine.fish"), "alias claude 'claude --dangerously-skip-permissions'\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert f"{m.machine().display(bend)} line 1" in states["not-started-unattended"]["detail"]


HOSTILE_WORDS = [
    "/dev/zero",
    "/dev/stdin",
    "~",
    "~/",
    "/",
    ".",
    "..",
    "../../../../etc/passwd",
    "$HOME",
    "${HOME",
    "${:-}",
    "${ZDOTDIR:-${XDG_CONFIG_HOME:-${HOME}}}/x",
    "${A:-${B:-${C:-${D:-${E:-$HOME/deep}}}}}",
    "'~/.a b'",
    '"',
    "'",
    "\\",
    "$(rm -rf ~)",
    "`id`",
    "<(echo)",
    "~other/.x",
    "C:\\Users\\x\\a.ps1",
    "%USERPROFILE%\\a",
    "a" * 5000,
    "x\x00y",
    "~/.zshrc",
    "$env:USERPROFILE/../../x",
    "${ZSH_CUSTOM}",
    "$ZSH/$ZSH/$ZSH",
]


def test_hostile_source_lines_end_cleanly(machine_factory, pack):
    """Whatever a source line names (a device, the root, itself, a computed or malformed name, a folder),
    the scan ends, reads only regular files inside the image, and the verdict is given."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    m.write(m.h(".a"), "ZSH=$ZSH/x\n")  # a variable that names itself
    loops = [*HOSTILE_WORDS, "/dev/*", "/*", "~/../../*", "~/.a/**/*", "~/[", "~/.{a,b}/*", "~/{,}", "$(ls)/*"]
    m.write(
        m.h(".zshrc"),
        "ZSH=$ZSH/x\nsource ~/.a\n"
        + "".join(f"source {w}\n. {w}\n" for w in HOSTILE_WORDS)
        + "".join(f'for f in {w}; do . "$f"; done\n' for w in loops),
    )
    m.write("/dev/zero", "not a device here, but a name a loop may meet\n")
    m.host(m.h("dir")).mkdir()
    m.write(m.h(".bashrc"), "source ~/dir\n")
    report = scan(m.machine(), pack)
    assert report.finding("claude-code") is not None
    assert all(p.startswith(str(m.root)) for p in report.audit.paths_read)
    assert not report.errors, report.errors


BASHRC = """# ~/.bashrc: run by bash for non-login shells, written in the style most distributions ship
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"
if [ -z "${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
fi
if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi
if ! shopt -oq posix; then
  if [ -f /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
  elif [ -f /etc/bash_completion ]; then
    . /etc/bash_completion
  fi
fi
export ANTHROPIC_BASE_URL=https://ai-gateway.example.com
"""
ZSHRC = """# the shape of oh-my-zsh's template
export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="robbyrussell"
plugins=(git)
source $ZSH/oh-my-zsh.sh
export ANTHROPIC_BASE_URL=https://ai-gateway.example.com
"""


def test_a_typical_home_is_read_as_it_runs(machine_factory, pack):
    """A distribution-style .bashrc (aliases in a guarded ~/.bash_aliases, completion sourced inside blocks)
    and an oh-my-zsh .zshrc, both exporting the gateway: it is met, nothing starts Claude Code unattended, the
    guarded aliases file and oh-my-zsh's custom folder are read, and the only notes are oh-my-zsh's own loops."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    m.write(m.h(".bashrc"), BASHRC)
    m.write(m.h(".bash_aliases"), "alias ll='ls -alF'\nalias cc='claude --model opus'\n")
    m.write(m.h(".zshrc"), ZSHRC)
    m.write(m.h(".oh-my-zsh/oh-my-zsh.sh"), OH_MY_ZSH)
    custom = m.write(m.h(".oh-my-zsh/custom/example.zsh"), "# You can put files here\n")
    m.write("/usr/share/bash-completion/bash_completion", "complete -F _longopt ls\n")
    report = scan(m.machine(), pack)
    states = {c.condition.id: c for c in report.finding("claude-code").conditions}
    assert states["gateway"].state == "met", states["gateway"].detail
    assert states["not-started-unattended"].state == "met"
    read = {p[len(str(m.root)) :] for p in report.audit.paths_read}
    assert {m.h(".bash_aliases"), m.h(".oh-my-zsh/oh-my-zsh.sh"), custom} <= read
    assert "/usr/share/bash-completion/bash_completion" in read  # sourced inside blocks: some sessions'
    notes = {(s.path, s.reason) for s in report.audit.skipped if "run time" in s.reason}
    picks = "runs a file oh-my-zsh's loader picks at run time: each it picks is read"
    assert notes == {(m.h(".oh-my-zsh/oh-my-zsh.sh"), f"line {n} {picks}") for n in (3, 6)}


FEDORA_BASHRC = """# .bashrc

# Source global definitions
if [ -f /etc/bashrc ]; then
    . /etc/bashrc
fi

# User specific environment
if ! [[ "$PATH" =~ "$HOME/.local/bin:$HOME/bin:" ]]; then
    PATH="$HOME/.local/bin:$HOME/bin:$PATH"
fi
export PATH

# User specific aliases and functions
if [ -d ~/.bashrc.d ]; then
    for rc in ~/.bashrc.d/*; do
        if [ -f "$rc" ]; then
            . "$rc"
        fi
    done
fi
unset rc
"""


def test_fedoras_bashrc_d_files_are_startup_files(tmp_path, machine_factory, monkeypatch, capsys):
    """Fedora's `.bashrc` sources every file of `~/.bashrc.d` in a loop, the place it gives for a user's
    aliases: an alias there started Claude Code unattended unseen (the audit only named the loop's line).
    The files run in every session (the loop is guarded by tests that the folder and the file exist), so an
    export there meets the gateway; a hidden file or a folder there is not sourced, and is not read."""
    m = _claude(machine_factory)
    m.write(m.h(".bashrc"), FEDORA_BASHRC)
    env = m.write(m.h(".bashrc.d/10-env.sh"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["gateway"]["state"] == "met", states["gateway"]
    assert states["gateway"]["detail"].endswith(f"in {m.machine().display(env)} line 1")
    assert states["not-started-unattended"]["state"] == "met"

    m.write(m.h(".bashrc.d/.hidden"), UNATTENDED["linux"] + "\n")  # `*` does not match it
    m.write(m.h(".bashrc.d/old/aliases"), UNATTENDED["linux"] + "\n")  # a folder: `[ -f "$rc" ]` is false
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met"

    aliases = m.write(m.h(".bashrc.d/aliases.sh"), f"# mine\n{UNATTENDED['linux']}\n")
    code, states, text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    shown = m.machine().display(aliases)
    assert (
        f"{shown} line 2 starts claude with '--dangerously-skip-permissions'"
        in states["not-started-unattended"]["detail"]
    )
    assert f"{shown} line 2" in text


@pytest.mark.parametrize(
    "loop, every",
    [
        # mathiasbynens/dotfiles' .bash_profile: one file per name, each tested before it is sourced
        (
            'for file in ~/.{path,exports,aliases}; do\n\t[ -r "$file" ] && [ -f "$file" ] && source "$file";\ndone;',
            True,
        ),
        ('for f in "$HOME"/.shell/*.sh; do source "$f"; done', True),
        ('if [ -n "$WORK" ]; then\n  for f in ~/.shell/*.sh; do source "$f"; done\nfi', False),
        ('for f in ~/.shell/*.sh; do [ -r "$f" ] || source "$f"; done', False),
    ],
)
def test_a_loop_over_files_sources_each_of_them(tmp_path, machine_factory, monkeypatch, capsys, loop, every):
    """What a `for` loop sources is read, file by file: in every session when nothing but tests that the
    file exists stands between the loop and the source line, else in some sessions only (an export there
    cannot meet the gateway)."""
    m = _claude(machine_factory)
    m.write(m.h(".bashrc"), f"# mine\n{loop}\n")
    env = m.write(m.h(".exports" if "{" in loop else ".shell/exports.sh"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    m.write(m.h(".shell/notes.txt"), UNATTENDED["linux"] + "\n")  # not `*.sh`: never sourced
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["not-started-unattended"]["state"] == "met"
    if every:
        assert states["gateway"]["state"] == "met", states["gateway"]
        assert states["gateway"]["detail"].endswith(f"in {m.machine().display(env)} line 1")
    else:
        assert states["gateway"]["state"] == "unmet"
        assert "sets it for some sessions only" in states["gateway"]["detail"]


def test_a_fish_loop_over_files_sources_each_of_them(tmp_path, machine_factory, monkeypatch, capsys):
    m = _claude(machine_factory, "macos")
    m.write(m.h(".config/fish/config.fish"), "for f in ~/.config/fish/mine/*.fish\n    source $f\nend\n")
    aliases = m.write(m.h(".config/fish/mine/aliases.fish"), UNATTENDED["macos"] + "\n")
    code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert code == 1
    assert f"{m.machine().display(aliases)} line 1" in states["not-started-unattended"]["detail"]


def test_a_guarded_file_before_another_block_runs_in_every_session(tmp_path, machine_factory, monkeypatch, capsys):
    """Debian's `.bashrc` shape: `if [ -f ~/.bash_env ]; then . ~/.bash_env; fi` and right after it another
    `if` block. The file runs in every session; it was taken for some sessions' (the next block's opening
    line was read as more of the guard's block), so its export could not meet the gateway. (Debian's own
    `~/.bash_aliases` is a startup file aicheck reads anyway.)"""
    m = _claude(machine_factory)
    m.write(
        m.h(".bashrc"),
        "if [ -f ~/.bash_env ]; then\n    . ~/.bash_env\nfi\nif ! shopt -oq posix; then\n  :\nfi\n",
    )
    env = m.write(m.h(".bash_env"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    _code, states, _text = _conditions(m, monkeypatch, tmp_path, capsys)
    assert states["gateway"]["state"] == "met", states["gateway"]
    assert states["gateway"]["detail"].endswith(f"in {m.machine().display(env)} line 1")


def test_a_loop_over_a_big_folder_is_bounded(machine_factory, pack):
    """A loop over a folder of a thousand files: the folder is listed once, a bounded number of its files
    are read, the rest noted; the scan is quick and gives its verdict."""
    from tui.core.scanner import scan

    m = _claude(machine_factory)
    bashrc = m.write(m.h(".bashrc"), 'for rc in ~/.bashrc.d/*; do . "$rc"; done\n')
    for i in range(1000):
        m.write(m.h(f".bashrc.d/{i:04d}.sh"), f"A{i}=1\n")
    report = scan(m.machine(), pack)
    read = [p for p in report.audit.paths_read if "/.bashrc.d/" in p]
    assert 0 < len(read) <= MAX_SOURCED_FILES
    assert (m.machine().display(bashrc), "line 1 sources more files than are followed: not read") in {
        (s.path, s.reason) for s in report.audit.skipped
    }
    assert report.finding("claude-code") is not None and not report.errors


def test_a_loop_with_many_words_is_bounded_in_time_and_memory(machine_factory, pack):
    """A loop line written to exhaust the scan: a glob over 2,000 files repeated 1,000 times, and a `{…}`
    group of 50,000 names. Only one file more than are followed is ever worked out (the rest is noted), so the
    scan's memory stays small: working out every match first held two million paths."""
    import tracemalloc

    from tui.core.scanner import scan

    m = _claude(machine_factory)
    for i in range(2000):
        m.write(m.h(f".a/{i:04d}.sh"), "x=1\n")
    words = " ".join(["~/.a/*"] * 1000) + " ~/.{" + ",".join(str(i) for i in range(50_000)) + "}"
    bashrc = m.write(m.h(".bashrc"), f'for f in {words}; do . "$f"; done\n')
    machine = m.machine()
    tracemalloc.start()
    try:
        report = scan(machine, pack)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, peak
    read = [p for p in report.audit.paths_read if "/.a/" in p]
    assert read == [str(m.host(m.h(f".a/{i:04d}.sh"))) for i in range(MAX_SOURCED_FILES)]
    assert (machine.display(bashrc), "line 1 sources more files than are followed: not read") in {
        (s.path, s.reason) for s in report.audit.skipped
    }
