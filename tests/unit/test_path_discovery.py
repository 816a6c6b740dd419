"""The folders the user's sessions run commands from, however the startup files name them (red team
"path-discovery"): a PATH entry built from a variable, the ``${PATH:+:${PATH}}`` idiom, fish's universal
``fish_user_paths``, an X session's own scripts, and a program an alias runs by its path. Each case is a real
npm ``--prefix`` install of Claude Code (an affected version) kept in ``~/opt/npm``, which no npm root names,
scanned with a narrow search path (``~/.local/bin``): only the startup file leads there."""

from __future__ import annotations

import pytest

from tui.core.scanner import scan
from tui.demo.synthetic import SyntheticMachine

PKG = "@anthropic-ai/claude-code"


def _prefix_install(m: SyntheticMachine, prefix: str) -> None:
    pkg = m.h(f"{prefix}/lib/node_modules/{PKG}")
    m.write_json(f"{pkg}/package.json", {"name": PKG, "version": "2.1.150", "bin": {"claude": "cli.js"}})
    m.write(f"{pkg}/cli.js", "#!/usr/bin/env node\n")
    m.symlink(m.h(f"{prefix}/bin/claude"), f"{pkg}/cli.js")
    m.mkdir(m.h(".local/bin"))
    m.add_to_path(m.h(".local/bin"))
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})


@pytest.mark.parametrize(
    ("file", "text"),
    [
        # n's installer: the prefix in a variable, then PATH from it (in the same file, or an earlier one)
        (".bashrc", 'export N_PREFIX="$HOME/opt/npm"\nexport PATH="$N_PREFIX/bin:$PATH"\n'),
        (".bashrc", 'export N_PREFIX=$HOME/opt/npm\n[[ :$PATH: == *":$N_PREFIX/bin:"* ]] || PATH+=":$N_PREFIX/bin"\n'),
        (".profile", 'TOOLS="${HOME}/opt"\nNPM_BIN=$TOOLS/npm/bin\nexport PATH=$NPM_BIN:$PATH\n'),
        (".zshrc", "export N_PREFIX=~/opt/npm\npath=($N_PREFIX/bin $path)\n"),
        (".config/fish/config.fish", "set -gx N_PREFIX ~/opt/npm\nfish_add_path $N_PREFIX/bin\n"),
        # the `${PATH:+:${PATH}}` idiom (no stray colon where PATH was empty)
        (".bashrc", 'export PATH="${HOME}/opt/npm/bin${PATH:+:${PATH}}"\n'),
        (".bashrc", 'export PATH="${PATH:+${PATH}:}$HOME/opt/npm/bin"\n'),
        # fish_add_path at the prompt: a universal variable, which fish puts before PATH
        (
            ".config/fish/fish_variables",
            "# This file contains fish universal variable definitions.\n# VERSION: 3.0\n"
            "SETUVAR fish_user_paths:/home/ada/opt/npm/bin\\x1e/home/ada/go/bin\n",
        ),
        (".config/fish/config.fish", "set -U fish_user_paths ~/opt/npm/bin $fish_user_paths\n"),
        # an X session's scripts (Debian's Xsession, GDM/LightDM/SDDM, startx, Plasma)
        (".xsessionrc", 'export PATH="$HOME/opt/npm/bin:$PATH"\n'),
        (".xprofile", 'export PATH="$HOME/opt/npm/bin:$PATH"\n'),
        (".xinitrc", 'export PATH="$HOME/opt/npm/bin:$PATH"\nexec i3\n'),
        (".config/plasma-workspace/env/path.sh", 'export PATH="$HOME/opt/npm/bin:$PATH"\n'),
        # the program an alias or function runs by its path: its folder is on no PATH at all
        (".bashrc", 'alias claude="$HOME/opt/npm/bin/claude"\n'),
        (".bashrc", 'cc() { /home/ada/opt/npm/bin/claude "$@"; }\n'),
        (".zshrc", "NPM=~/opt/npm\nalias c='$NPM/bin/claude --model opus'\n"),
        (".config/fish/config.fish", "function c\n    ~/opt/npm/bin/claude $argv\nend\n"),
        # a function that puts what it is given on PATH, then called with the folder (red team: these passed)
        (".bashrc", 'pathadd(){ PATH="$1:$PATH"; }\npathadd "$HOME/opt/npm/bin"\n'),
        (  # Fedora's pathmunge, the folder put after the rest
            ".bashrc",
            'pathmunge () {\n    case ":${PATH}:" in\n        *:"$1":*)\n            ;;\n        *)\n'
            '            if [ "$2" = "after" ] ; then\n                PATH=$PATH:$1\n            else\n'
            "                PATH=$1:$PATH\n            fi\n    esac\n}\npathmunge /usr/sbin\n"
            "pathmunge $HOME/opt/npm/bin after\nunset -f pathmunge\n",
        ),
        (".profile", 'addp() {\n  local d="$1/bin"\n  export PATH="$d:$PATH"\n}\naddp ~/opt/npm\n'),
        (".zshrc", "addp() { path=($1 $path) }\naddp ~/opt/npm/bin\n"),
        (".config/fish/config.fish", "function addp\n    set -gx PATH $argv $PATH\nend\naddp ~/go/bin ~/opt/npm/bin\n"),
        # printf -v and read's here-string give PATH their value
        (".bashrc", 'printf -v PATH "%s:%s" "$HOME/opt/npm/bin" "$PATH"\n'),
        (".bashrc", 'read -r PATH <<< "$HOME/opt/npm/bin:$PATH"\n'),
    ],
)
def test_a_folder_the_sessions_run_commands_from_is_looked_in(machine_factory, pack, file, text):
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    clean = scan(m.machine(), pack).finding("claude-code")
    assert clean is None or not clean.versions  # nothing else leads there
    m.write(m.h(file), text)
    report = scan(m.machine(), pack)
    f = report.finding("claude-code")
    assert f is not None and f.action_required and f.versions == ["2.1.150"], file
    assert not report.errors


def test_a_folder_under_a_version_read_at_run_time_is_looked_in(machine_factory, pack):
    """``~/opt/node/$(cat ~/.node-version)/bin``: the one name the scan cannot know is a folder's inside a known
    folder, so the folders there are looked in (one listing)."""
    m = machine_factory("linux")
    _prefix_install(m, "opt/node/22.11.0")
    m.write(m.h(".bashrc"), 'export PATH="$HOME/opt/node/$(cat ~/.node-version)/bin:$PATH"\n')
    f = scan(m.machine(), pack).finding("claude-code")
    assert f is not None and f.versions == ["2.1.150"]


def test_homebrew_prefix_asked_of_brew_is_each_standard_prefix(machine_factory, pack):
    """``$(brew --prefix)/opt/node@22/bin`` and ``$HOMEBREW_PREFIX/…`` (set by ``brew shellenv``): Homebrew's
    standard prefixes where brew is installed."""
    m = machine_factory("linux")
    brew = "/home/linuxbrew/.linuxbrew"
    m.write(f"{brew}/bin/brew", "#!/bin/bash\n")
    pkg = f"{brew}/opt/node@22/lib/node_modules/{PKG}"
    m.write_json(f"{pkg}/package.json", {"name": PKG, "version": "2.1.150"})
    m.write(f"{pkg}/cli.js", "#!/usr/bin/env node\n")
    m.symlink(f"{brew}/opt/node@22/bin/claude", f"{pkg}/cli.js")
    m.mkdir(m.h(".local/bin"))
    m.add_to_path(m.h(".local/bin"))
    m.write(m.h(".bashrc"), 'export PATH="$(brew --prefix)/opt/node@22/bin:$PATH"\n')
    f = scan(m.machine(), pack).finding("claude-code")
    assert f is not None and f.versions == ["2.1.150"]


def test_an_entry_that_cannot_be_worked_out_is_named_in_the_audit_and_breaks_nothing(machine_factory, pack):
    """``$(go env GOPATH)/bin`` (a command's output at the start) names no folder the scan can list: the audit
    names the file and line as a folder not looked in; it is no scan error (such lines are on most developers'
    machines, and each tool's own install is found by its channel). The entries beside it are read."""
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    m.write(m.h(".bashrc"), 'export PATH="$(go env GOPATH)/bin:$UNSET_SOMEWHERE/bin:$HOME/opt/npm/bin:$PATH"\n')
    report = scan(m.machine(), pack)
    f = report.finding("claude-code")
    assert f is not None and f.versions == ["2.1.150"] and not report.errors
    notes = [s for s in report.audit.skipped if s.path == m.h(".bashrc")]
    assert notes and all("line 1" in s.reason and "not looked in" in s.reason for s in notes)
    assert not any("go env" in s.reason or "UNSET_SOMEWHERE" in s.reason for s in report.audit.skipped)


@pytest.mark.parametrize(
    "text, line",
    [
        ("read -r PATH < ~/.path\n", 1),  # what it takes in
        ("\nmapfile -t PATH < ~/.path\n", 2),
        ('printf -v PATH "%q:%s" "$HOME/x" "$PATH"\n', 1),  # a format that is not text and %s alone
        ('PATH="$1:$PATH"\n', 1),  # what a caller gives, outside a function
        ('addp() { PATH="$1:$PATH"; }\n\naddp "$(go env GOPATH)/bin"\n', 3),  # a call's folder not known
        ('addp() { PATH="$1:$PATH"; }\naddp \'no closing quote\n', 2),
    ],
    ids=["read", "mapfile", "printf-format", "positional", "call-computed", "call-unclosed"],
)
def test_a_path_form_that_cannot_be_read_is_named_in_the_audit(machine_factory, pack, text, line):
    """A line that sets PATH in a form the scan cannot read is named in the audit (file and line), as an entry
    that cannot be worked out is; before, each was dropped with no word."""
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    m.write(m.h(".bashrc"), text)
    report = scan(m.machine(), pack)
    notes = [s.reason for s in report.audit.skipped if s.path == m.h(".bashrc")]
    assert any(f"line {line}:" in n and "not looked in" in n for n in notes), notes
    assert not report.errors


@pytest.mark.parametrize(
    ("file", "text"),
    [
        (".bashrc", 'for d in ~/go/bin ~/opt/npm/bin; do PATH="$d:$PATH"; done\n'),
        (
            ".profile",
            'for d in "$HOME/go/bin" ~/opt/npm/bin\ndo\n  [ -d "$d" ] && PATH="$d:$PATH"\ndone\nexport PATH\n',
        ),
        (".bashrc", 'for p in go opt/npm; do\n  for b in sbin bin; do export PATH="$HOME/$p/$b:$PATH"; done\ndone\n'),
        (".bashrc", 'for d in ~/{go,opt/npm}/bin; do PATH="$d:$PATH"; done\n'),
        (".bashrc", 'for d in ~/opt/*/bin; do PATH="$PATH:$d"; done\n'),  # a glob: one listing, as an unknown's
        (".bashrc", 'TOOLS=~/opt\nfor d in ~/go/bin "$TOOLS/npm/bin"; do PATH="$d:$PATH"; done\n'),
        (".bashrc", 'dirs=(~/go/bin ~/opt/npm/bin)\nfor d in "${dirs[@]}"; do PATH="$d:$PATH"; done\n'),
        (".zshrc", "for d in ~/go/bin ~/opt/npm/bin; do path=($d $path); done\n"),
        (".zshrc", "for d in ~/go/bin ~/opt/npm/bin\ndo\n  path+=($d)\ndone\n"),
        (".config/fish/config.fish", "for d in ~/go/bin ~/opt/npm/bin; set -gx PATH $d $PATH; end\n"),
        (".config/fish/config.fish", "for d in ~/go/bin ~/opt/npm/bin\n    fish_add_path $d\nend\n"),
        (".bashrc", 'for d in ~/go/bin ~/opt/npm/bin; do :; done\nPATH="$d:$PATH"\n'),  # after it: its last word
        (".bashrc", 'for d in "$HOME/a\\\\1" ~/opt/npm/bin; do PATH="$d:$PATH"; done\n'),  # a backslash: a name
    ],
)
def test_a_loop_that_puts_each_of_its_words_on_path_is_followed(machine_factory, pack, file, text):
    """``for d in ~/go/bin ~/opt/npm/bin; do PATH="$d:$PATH"; done``: each word of the loop's list is a folder
    on the search path, as the shell expands it (before, the list was read as one folder named with a space,
    with no word in the audit)."""
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    m.write(m.h(file), text)
    report = scan(m.machine(), pack)
    f = report.finding("claude-code")
    assert f is not None and f.action_required and f.versions == ["2.1.150"], file
    assert not report.errors


@pytest.mark.parametrize(
    "text, line",
    [
        ('for d in $(cat ~/.dirs); do PATH="$d:$PATH"; done\n', 1),  # a command's output
        ('\nfor d in "${dirs[@]}"; do\n  PATH="$d:$PATH"\ndone\n', 3),  # an array no file sets
        ('for d in ~/go/bin $UNSET_SOMEWHERE; do PATH="$d:$PATH"; done\n', 1),  # one word of two unknown
        ('for d in ~/op?/npm/bin; do PATH="$d:$PATH"; done\n', 1),  # a glob the scan does not expand
    ],
    ids=["output", "array-unknown", "one-word-unknown", "other-glob"],
)
def test_a_loop_whose_words_cannot_be_known_is_named_in_the_audit(machine_factory, pack, text, line):
    """A loop whose list cannot be known puts folders on the search path the scan cannot list: the audit names
    the file and the line, as any other entry that cannot be worked out (before: nothing was said)."""
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    m.write(m.h(".bashrc"), text)
    report = scan(m.machine(), pack)
    notes = [s.reason for s in report.audit.skipped if s.path == m.h(".bashrc")]
    assert any(f"line {line}:" in n and "not looked in" in n for n in notes), notes
    assert not report.errors


def test_a_loop_of_more_words_than_folders_followed_is_a_scan_error(machine_factory, pack, monkeypatch):
    """More words than the search path is followed to: a folder a later word names would go unseen."""
    from tui.core import startup

    monkeypatch.setattr(startup, "MAX_PATH_FOLDERS", 4)
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    words = " ".join(f"~/tools/{i}/bin" for i in range(6))
    m.write(m.h(".bashrc"), f'for d in {words} ~/opt/npm/bin; do PATH="$d:$PATH"; done\n')
    report = scan(m.machine(), pack)
    assert any("more than 4" in e for e in report.errors), report.errors


def test_the_calls_of_a_path_function_past_the_bound_are_a_scan_error(machine_factory, pack, monkeypatch):
    """More calls than are followed: a folder a later call adds would go unseen, never a clean bill."""
    from tui.core import path_forms

    monkeypatch.setattr(path_forms, "MAX_CALLS", 3)
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    calls = "".join(f"pathadd ~/tools/{i}/bin\n" for i in range(4))
    m.write(m.h(".bashrc"), 'pathadd(){ PATH="$1:$PATH"; }\n' + calls + "pathadd ~/opt/npm/bin\n")
    report = scan(m.machine(), pack)
    assert any("more than 3 calls followed" in e for e in report.errors), report.errors


# -- install roots of version managers and the package managers' own settings ------------------------------
def _package(m: SyntheticMachine, node_modules: str) -> None:
    pkg = f"{node_modules}/{PKG}"
    m.write_json(f"{pkg}/package.json", {"name": PKG, "version": "2.1.150", "bin": {"claude": "cli.js"}})
    m.write(f"{pkg}/cli.js", "#!/usr/bin/env node\n")


@pytest.mark.parametrize(
    ("node_modules", "files", "manager"),
    [
        # nodenv's versions (node-build), behind ~/.nodenv/shims
        ("{h}/.nodenv/versions/22.11.0/lib/node_modules", {}, "nodenv"),
        ("{h}/nodenv/versions/22.11.0/lib/node_modules", {".bashrc": "export NODENV_ROOT=~/nodenv\n"}, "nodenv"),
        # mise's npm backend (`npm install -g --prefix installs/npm-<scope>-<name>/<version>`), and bun's mode
        ("{h}/.local/share/mise/installs/npm-anthropic-ai-claude-code/2.1.150/lib/node_modules", {}, "mise-npm"),
        ("{h}/.local/share/mise/installs/npm-anthropic-ai-claude-code/2.1.150/node_modules", {}, "mise-npm"),
        # n: N_PREFIX (its installer writes it to the startup file) and the versions it keeps
        ("{h}/n/lib/node_modules", {".bashrc": 'export N_PREFIX="$HOME/n"\n'}, "n"),
        ("{h}/n/n/versions/node/22.11.0/lib/node_modules", {".zshrc": "export N_PREFIX=~/n\n"}, "n"),
        ("/usr/local/n/versions/node/22.11.0/lib/node_modules", {}, "n"),
        # a Nix profile, conda-forge's nodejs in a conda environment (or the base one)
        ("{h}/.nix-profile/lib/node_modules", {}, "nix"),
        ("{h}/miniforge3/envs/work/lib/node_modules", {}, "conda"),
        ("{h}/miniconda3/lib/node_modules", {}, "conda"),
        ("{h}/anaconda3/envs/web/lib/node_modules", {}, "conda"),
        # the package managers' own settings that move the global folder
        (
            "{h}/.npm-y/lib/node_modules",
            {
                ".config/npm/npmrc": "prefix=~/.npm-y\n",
                ".bashrc": "export NPM_CONFIG_USERCONFIG=$HOME/.config/npm/npmrc\n",
            },
            "npm",
        ),
        ("{h}/.pnpm-g/5/node_modules", {".config/pnpm/rc": "global-dir=/home/ada/.pnpm-g\n"}, "pnpm"),
        ("{h}/.pnpm-g/v11/331e-18ea95f0d08a8e04-0/node_modules", {".npmrc": "global-dir=${HOME}/.pnpm-g\n"}, "pnpm"),
        ("{h}/.yg/node_modules", {".yarnrc": 'global-folder "/home/ada/.yg"\nprefix "/home/ada/.yp"\n'}, "yarn"),
        ("{h}/.bun-g/node_modules", {".bunfig.toml": '[install]\nglobalDir = "~/.bun-g"\n'}, "bun"),
        ("{h}/.bun-g/node_modules", {".config/.bunfig.toml": '[install]\nglobalDir = "/home/ada/.bun-g"\n'}, "bun"),
    ],
)
def test_a_global_folder_a_manager_keeps_elsewhere_is_read(machine_factory, pack, node_modules, files, manager):
    m = machine_factory("linux")
    m.mkdir(m.h(".local/bin"))
    m.add_to_path(m.h(".local/bin"))
    _package(m, node_modules.format(h=m.h("").rstrip("/")))
    for rel, text in files.items():
        m.write(m.h(rel), text)
    report = scan(m.machine(), pack)
    npm = [i for i in report.installs if i.channel == "npm" and i.key == PKG]
    assert [(i.version, i.manager) for i in npm] == [("2.1.150", manager)]
    assert report.finding("claude-code").action_required and not report.errors


def test_a_setting_that_moves_the_global_folder_keeps_no_other_line(machine_factory, pack):
    """An .npmrc (and pnpm's rc) may hold registry tokens: only the setting's own line is looked at, and the
    scan's output never holds another line's value."""
    m = machine_factory("linux")
    _package(m, m.h(".pnpm-g/5/node_modules"))
    m.write(m.h(".npmrc"), "//registry.example.com/:_authToken=npm_SECRET123\nglobal-dir=~/.pnpm-g\n")
    report = scan(m.machine(), pack)
    assert [i.manager for i in report.installs if i.channel == "npm"] == ["pnpm"]
    assert "npm_SECRET123" not in repr(report)


def test_a_nix_profiles_command_is_found_and_its_fix_is_nixs(machine_factory, pack):
    """``~/.nix-profile/bin/claude`` links into the read-only store (a wrapper that runs the store's package):
    found without any PATH line, and its fix names Nix's commands, not `rm` of a store link."""
    from tui.core.remediation import fix_plan

    m = machine_factory("linux")
    store = "/nix/store/abcd1234abcd1234abcd1234abcd1234-claude-code-2.1.150"
    _package(m, f"{store}/lib/node_modules")
    m.write(
        f"{store}/bin/claude",
        f'#! /nix/store/x-bash/bin/bash -e\nexec "/nix/store/y-node/bin/node" {store}/lib/node_modules/{PKG}/cli.js "$@"\n',
    )
    m.symlink(m.h(".nix-profile"), "/nix/var/nix/profiles/per-user/ada/profile-1-link")
    m.symlink("/nix/var/nix/profiles/per-user/ada/profile-1-link/bin/claude", f"{store}/bin/claude")
    m.mkdir(m.h(".local/bin"))
    m.add_to_path(m.h(".local/bin"))
    report = scan(m.machine(), pack)
    f = report.finding("claude-code")
    assert f is not None and f.action_required and f.versions == ["2.1.150"]
    text = repr(fix_plan(f, report.machine))
    assert "nix profile remove" in text and "rm -rf" not in text


def test_a_powershell_profile_path_built_from_a_variable_is_looked_in(machine_factory, pack):
    """``$Tools = "$env:USERPROFILE\\tools"`` then ``$env:Path = "$Tools\\npm;$env:Path"`` (PowerShell's names
    in any case): the npm prefix ``~\\tools\\npm`` is on the sessions' PATH."""
    m = machine_factory("windows")
    prefix = m.h("tools/npm")
    _package(m, f"{prefix}/node_modules")
    m.write(
        f"{prefix}/claude.cmd", '@ECHO off\r\nnode "%~dp0\\node_modules\\@anthropic-ai\\claude-code\\cli.js" %*\r\n'
    )
    m.mkdir(m.h(".local/bin"))
    m.add_to_path(m.h(".local/bin"))
    clean = scan(m.machine(), pack).finding("claude-code")
    assert clean is None or not clean.versions
    m.write(
        m.h("Documents/PowerShell/Microsoft.PowerShell_profile.ps1"),
        '$Tools = "$env:USERPROFILE\\tools"\n$env:Path = "$Tools\\npm;$env:PATH"\n',
    )
    f = scan(m.machine(), pack).finding("claude-code")
    assert f is not None and f.versions == ["2.1.150"]


@pytest.mark.parametrize(
    ("files", "bin_folder"),
    [
        ({".config/pnpm/rc": "global-dir=~/.pnpm-g\nglobal-bin-dir=~/.pnpm-b\n"}, ".pnpm-b"),
        ({".yarnrc": 'global-folder "/home/ada/.pnpm-g"\nprefix "/home/ada/.yp"\n'}, ".yp/bin"),
        ({".bunfig.toml": '[install]\nglobalDir = "~/.pnpm-g"\nglobalBinDir = "~/.bun-b"\n'}, ".bun-b"),
    ],
)
def test_the_bin_folder_a_managers_settings_name_is_looked_in(machine_factory, pack, files, bin_folder):
    """pnpm's ``global-bin-dir``, yarn classic's ``prefix`` (its ``bin``), bun's ``globalBinDir``: where the
    manager puts the command a session runs, on the sessions' PATH by the user's own line (which the scan may
    not see), so the command is evidence beside the package."""
    m = machine_factory("linux")
    m.mkdir(m.h(".local/bin"))
    m.add_to_path(m.h(".local/bin"))
    _package(m, m.h(".pnpm-g/node_modules"))
    m.symlink(m.h(f"{bin_folder}/claude"), m.h(f".pnpm-g/node_modules/{PKG}/cli.js"))
    for rel, text in files.items():
        m.write(m.h(rel), text)
    report = scan(m.machine(), pack)
    [command] = [i for i in report.installs if i.channel == "path"]
    assert command.path == m.h(f"{bin_folder}/claude") and command.version == "2.1.150"
    assert "package manager's settings" in command.detail


def test_a_startup_file_of_thousands_of_programs_costs_a_bounded_scan(machine_factory, pack):
    """3000 aliases each running a program from a folder of its own, and 3000 PATH lines: at most 128 folders
    are looked in, the audit says where the scan stopped following, and the scan is incomplete (a tool in a
    folder past the bound would go unseen: never a clean bill)."""
    m = machine_factory("linux")
    _prefix_install(m, "opt/npm")
    lines = ['alias claude="$HOME/opt/npm/bin/claude"']
    lines += [f"alias t{i}=/home/ada/t{i}/bin/t{i}" for i in range(3000)]
    lines += [f'export PATH="$HOME/p{i}/bin:$PATH"' for i in range(3000)]
    m.write(m.h(".bashrc"), "\n".join(lines) + "\n")
    report = scan(m.machine(), pack)
    f = report.finding("claude-code")
    assert f is not None and f.versions == ["2.1.150"]
    assert len(report.machine.startup_path) == 128
    reasons = [s.reason for s in report.audit.skipped if s.path == m.h(".bashrc")]
    assert any("past the 128 folders" in r for r in reasons) and any("past the 256 programs" in r for r in reasons)
    errors = "\n".join(report.errors)
    assert f"{m.h('.bashrc')} line" in errors and "puts more than 128 folders on it" in errors, errors
    assert "runs more than 256 programs by their path" in errors, errors
