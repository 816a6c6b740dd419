"""Red team: ways a startup file or a wrapper starts claude unattended that the check read as compliant
(exit 0). Each now breaks the condition or cannot confirm it, through the real scan of a synthetic home; the
harmless line of the same shape stays clean (a false "action required" hurts too)."""

from __future__ import annotations

import json
import time

import pytest

from support.oh_my_zsh import OMZ_NVM, OMZ_ZSHRC, PLANTED, omz_home
from support.packs import isolate_cli, run_cli

PROFILE = "Documents/PowerShell/Microsoft.PowerShell_profile.ps1"
FLAG = "'--dangerously-skip-permissions'"
CC = "alias cc='c --dangerously-skip-permissions'\n"  # a name leading to claude, given the flag


LINK = "\0link:"  # a file of _state's given as this and a target is a symbolic link to it


def _state(tmp_path, machine_factory, monkeypatch, capsys, platform: str, files: dict[str, str]) -> dict:
    """The state of Claude Code's not-started-unattended condition on a home holding ``files``."""
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    for rel, text in files.items():  # a name starting with "/" is outside the home; LINK + target: a link
        path = rel if rel.startswith("/") else m.h(rel)
        m.symlink(path, text[len(LINK) :]) if text.startswith(LINK) else m.write(path, text)
    isolate_cli(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")  # the scanned disk's, whatever runs the tests
    code, out, err = run_cli(capsys, "check", "--root", str(m.root), "--platform", platform, "--home", m.home, "--json")
    assert "Traceback" not in err
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    state = next(c for c in tool["conditions"] if c["id"] == "not-started-unattended")
    assert code == 1 or state["state"] == "met", state
    return state


def _broken(state: dict) -> bool:
    """Found (the flag named) or cannot confirm: never a clean bill."""
    return state["state"] == "unmet" and (FLAG in state["detail"] or state["detail"].startswith("cannot confirm"))


ZINIT_BLOCK = (  # zinit's installer adds these lines to ~/.zshrc
    'ZINIT_HOME="${XDG_DATA_HOME:-${HOME}/.local/share}/zinit/zinit.git"\n'
    '[ ! -d $ZINIT_HOME ] && mkdir -p "$(dirname $ZINIT_HOME)"\n'
    '[ ! -d $ZINIT_HOME/.git ] && git clone https://github.com/zdharma-continuum/zinit.git "$ZINIT_HOME"\n'
    'source "${ZINIT_HOME}/zinit.zsh"\n'
)
ZINIT_ZSH = (  # the shape of zinit.zsh's own lines: its modules, and the plugins a zinit line names
    '.zinit-load() {\n  (( ${+functions[.zinit-service]} )) || builtin source "${ZINIT[BIN_DIR]}/zinit-additional.zsh"\n'
    '  builtin source "$ZERO"\n}\n'
)


def _zinit(folder: str, text: str = ZINIT_ZSH) -> dict[str, str]:
    """zinit's clone: its loader and the modules beside it."""
    modules = ("zinit-side.zsh", "zinit-install.zsh", "zinit-autoload.zsh")
    return {f"{folder}/zinit.zsh": text, **{f"{folder}/{name}": "" for name in modules}}


SDKMAN_BASHRC = (  # what SDKMAN's installer appends
    'export SDKMAN_DIR="$HOME/.sdkman"\n'
    '[[ -s "$HOME/.sdkman/bin/sdkman-init.sh" ]] && source "$HOME/.sdkman/bin/sdkman-init.sh"\n'
)
SDKMAN_FILES = {  # SDKMAN 5's init file and a module, which sources a hook named at run time
    ".sdkman/bin/sdkman-init.sh": (
        'if [ -z "$SDKMAN_DIR" ]; then\n\texport SDKMAN_DIR="$HOME/.sdkman"\nfi\n'
        "OLD_IFS=\"$IFS\"\nIFS=$'\\n'\n"
        'scripts=($(find "${SDKMAN_DIR}/src" "${SDKMAN_DIR}/ext" -type f -name \'sdkman-*.sh\'))\n'
        'for f in "${scripts[@]}"; do\n\tsource "$f"\ndone\nIFS="$OLD_IFS"\n'
    ),
    ".sdkman/src/sdkman-install.sh": (  # the shape of SDKMAN's own: a hook downloaded, then run
        "function __sdkman_download() {\n"
        '\tlocal post_installation_hook="${SDKMAN_DIR}/tmp/hook_post_${candidate}_${version}.sh"\n'
        '\t__sdkman_echo_debug "Get post-installation hook: ${SDKMAN_CANDIDATES_API}/hooks/post/${candidate}"\n'
        '\t__sdkman_secure_curl "${SDKMAN_CANDIDATES_API}/hooks/post/${candidate}/${version}" >| "$post_installation_hook"\n'
        '\t__sdkman_echo_debug "Copy remote post-installation hook: ${post_installation_hook}"\n'
        '\tsource "$post_installation_hook"\n'
        "}\n"
    ),
}
SDKMAN_OLD_INIT = "".join(
    f"for f in $(find \"${{SDKMAN_DIR}}/{d}\" -type f -name 'sdkman-*' -exec basename {{}} \\;); do\n"
    f'\tsource "${{SDKMAN_DIR}}/{d}/${{f}}"\ndone\n'
    for d in ("src", "ext")
)

# (id, platform, {file: text}) that start claude with the flag, or with what cannot be known
BENT = [
    # 1. printf -v with the name written onto the option: what the command takes in, not the earlier value
    (
        "printf-vF",
        "linux",
        {".bashrc": "F=--verbose\nprintf -vF -- '--dangerously-skip-permissions'\nalias claude=\"claude $F\"\n"},
    ),
    (
        "read-aF",
        "linux",
        {
            ".bashrc": "F=(--verbose)\nread -raF <<< '--dangerously-skip-permissions'\nalias claude='claude \"${F[@]}\"'\n"
        },
    ),
    # 2. ${F:=word} and ${F=word} give F the word (where it had no value), wherever they stand
    ("default-colon", "linux", {".bashrc": ': "${F:=--dangerously-skip-permissions}"\nalias claude="claude $F"\n'}),
    ("default-plain", "linux", {".bashrc": ": ${F=--dangerously-skip-permissions}\nalias claude='claude $F'\n"}),
    (
        "default-after-a-value",
        "linux",
        {".zshrc": 'F=\n: "${F:=--dangerously-skip-permissions}"\nalias claude="claude $F"\n'},
    ),
    (
        "default-as-an-argument",
        "linux",
        {".bashrc": 'F=--verbose\necho "${F:=--dangerously-skip-permissions}" >/dev/null\nalias claude="claude $F"\n'},
    ),
    (
        "default-on-the-line",
        "linux",
        {".bashrc": 'claude() { command claude ${F:=--dangerously-skip-permissions} "$@"; }\n'},
    ),
    # 3. bash's and zsh's brace sequences: expanded when small, else what the line passes cannot be known
    ("sequence-one", "linux", {".bashrc": "alias claude='claude --dangerously-{s..s}kip-permissions'\n"}),
    ("sequence-letters", "linux", {".zshrc": "alias claude='claude --dangerously-{a..z}kip-permissions'\n"}),
    (
        "sequence-step",
        "linux",
        {".bashrc": 'claude() { command claude --dangerously-{q..t..2}kip-permissions "$@"; }\n'},
    ),
    ("sequence-in-a-value", "linux", {".bashrc": 'F=--dangerously-{r..t}kip-permissions\nalias claude="claude $F"\n'}),
    ("sequence-too-long", "linux", {".bashrc": "alias claude='claude --max-turns={1..500}'\n"}),
    # 4. eval reads its words again as a line: a quoted word that starts with text may hold more words
    ("eval-quoted-word", "linux", {".bashrc": 'eval command claude "x$F"\n'}),
    ("eval-function", "linux", {".bashrc": 'cc() { eval claude --append-system-prompt "I-am-$WHO" "$@"; }\n'}),
    ("eval-in-an-alias", "linux", {".bashrc": "alias cc='eval claude \"x$F\"'\n"}),
    ("eval-string", "linux", {".bashrc": 'F=--dangerously-skip-permissions\neval "claude $F"\n'}),
    # 5. a file run by a name the shell computes: what it does cannot be known
    ("source-read-name", "linux", {".bashrc": 'read -r RC < ~/.rcname\n. "$RC"\n'}),
    # a form read as a packaged file's name, aimed at the user's own file: unknown again
    ("brew-prefix-climbing", "macos", {".zshrc": 'source "$(brew --prefix)/../../Users/ada/.x"\n'}),
    ("brew-redefined", "macos", {".zshrc": 'brew() { echo ~/.x; }\nsource "$(brew --prefix)/share/x.sh"\n'}),
    ("brew-aliased", "macos", {".zshrc": "alias brew='echo ~/.x'\nsource $(brew --prefix)/share/x.sh\n"}),
    (
        "code-redefined",
        "linux",
        {".bashrc": 'code() { echo ~/.x; }\n. "$(code --locate-shell-integration-path bash)"\n'},
    ),
    (
        "terminal-variable-set",
        "linux",
        {
            ".zshenv": "export GHOSTTY_RESOURCES_DIR=$(cat ~/.g)\n",
            ".zshrc": 'source "$GHOSTTY_RESOURCES_DIR/shell-integration/zsh/x"\n',
        },
    ),
    (
        "terminal-variable-climbing",
        "linux",
        {".bashrc": 'source "$KITTY_INSTALLATION_DIR/shell-integration/../../x"\n'},
    ),
    ("terminal-variable-elsewhere", "linux", {".bashrc": 'source "$KITTY_INSTALLATION_DIR/x.bash"\n'}),
    ("brew-other-command", "macos", {".zshrc": 'source "$(brew --cellar)/x.sh"\n'}),
    ("user-name-in-a-folder", "linux", {".zshrc": 'source "$HOME/.p-${(%):-%n}/rc.zsh"\n'}),
    ("computed-last-part", "linux", {".bashrc": 'source "$HOME/.rc-$(cat ~/.x)"\n'}),
    (
        "xdg-moved",
        "linux",
        {".zshenv": "export XDG_CACHE_HOME=$(cat ~/.c)\n", ".zshrc": "source $XDG_CACHE_HOME/x.zsh\n"},
    ),
    (
        "sdkman-loop-elsewhere",
        "linux",
        {".bashrc": 'scripts=($(find ~/.x -type f))\nfor f in "${scripts[@]}"; do\n  source "$f"\ndone\n'},
    ),
    ("source-command-output", "linux", {".zshrc": 'source "$(cat ~/.rcname)"\n'}),
    ("source-loop-computed", "linux", {".bashrc": 'for f in $(cat ~/.rclist); do . "$f"; done\n'}),
    ("ksh-env-computed", "linux", {".profile": 'export ENV="$(cat ~/.envname)"\n'}),
    ("zdotdir-computed", "linux", {".zshenv": 'export ZDOTDIR="$(cat ~/.zd)"\n'}),
    # 7. a function's parameter is what the caller passes, or what the files set it to (in the body too)
    (
        "fish-parameter-set-in-body",
        "linux",
        {
            ".config/fish/config.fish": "function claude -a F\n    set F --dangerously-skip-permissions\n    command claude $F\nend\n"
        },
    ),
    (
        "fish-parameter-outside-its-function",
        "linux",
        {".config/fish/config.fish": "function cc -a F\n    command claude $F\nend\nalias c2 'claude $F'\n"},
    ),
    (
        "powershell-parameter-set-in-body",
        "windows",
        {
            PROFILE: "function cc {\n  param($M)\n  $M = '--dangerously' + '-skip-permissions'\n  claude.exe $M @args\n}\n"
        },
    ),
    # 8. PowerShell's + and -f on the command line itself; xonsh's Python: strings side by side, %, slices, @(…)
    (
        "powershell-plus",
        "windows",
        {PROFILE: "function claude { claude.exe ('--dangerously' + '-skip-permissions') @args }\n"},
    ),
    ("powershell-format", "windows", {PROFILE: "$F = 'x'\nfunction claude { claude.exe ('{0}' -f $F) @args }\n"}),
    (
        "powershell-expression",
        "windows",
        {PROFILE: "function claude { claude.exe ('--dangerously-skip-' + $P) @args }\n"},
    ),
    ("xonsh-adjacent", "linux", {".xonshrc": "aliases['claude'] = 'claude --dangerously' '-skip-permissions'\n"}),
    ("xonsh-percent", "linux", {".xonshrc": "aliases['claude'] = 'claude --%s' % 'dangerously-skip-permissions'\n"}),
    ("xonsh-slice", "linux", {".xonshrc": "aliases['claude'] = 'claude --dangerously-skip-permissionsXX'[:-2]\n"}),
    ("xonsh-python-argument", "linux", {".xonshrc": "claude @('--dangerously-skip-permissionsXX'[:-2])\n"}),
    ("xonsh-python-argument-joined", "linux", {".xonshrc": "claude @('--dangerously' '-skip-permissions')\n"}),
    # the flag given to a name the files define that runs claude (an alias, a function, one through another)
    ("alias-chain", "linux", {".bashrc": "alias c='command claude'\nalias cc='c --dangerously-skip-permissions'\n"}),
    ("alias-chain-zsh", "linux", {".zshrc": "alias c=claude\nalias cc='c --dangerously-skip-permissions'\n"}),
    (
        "function-then-alias",
        "linux",
        {".bashrc": "c() { command claude \"$@\"; }\nalias cc='c --dangerously-skip-permissions'\n"},
    ),
    (
        "function-over-lines",
        "linux",
        {".bashrc": "c() {\n  claude \"$@\"\n}\nalias cc='c --dangerously-skip-permissions'\n"},
    ),
    (
        "three-deep",
        "linux",
        {".bashrc": "alias a=claude\nalias b=a\nalias c=b\nalias cc='c --dangerously-skip-permissions'\n"},
    ),
    (
        "fish-alias-chain",
        "linux",
        {".config/fish/config.fish": "alias c claude\nalias cc 'c --dangerously-skip-permissions'\n"},
    ),
    (
        "fish-function-chain",
        "linux",
        {
            ".config/fish/config.fish": "function c\n    claude $argv\nend\nabbr -a cc 'c --dangerously-skip-permissions'\n"
        },
    ),
    (
        "nushell-alias-chain",
        "linux",
        {".config/nushell/config.nu": "alias c = claude\nalias cc = c --dangerously-skip-permissions\n"},
    ),
    (
        "powershell-set-alias",
        "windows",
        {PROFILE: "Set-Alias c claude\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    (
        "powershell-function-chain",
        "windows",
        {PROFILE: "function c { claude.exe @args }\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    # a function that adds the flag to whatever it is given, given claude
    (
        "runner",
        "linux",
        {".bashrc": "yolo() { \"$@\" --dangerously-skip-permissions; }\nalias cc='yolo claude'\n"},
    ),
    (
        "runner-fish",
        "linux",
        {".config/fish/config.fish": "function yolo\n    $argv --dangerously-skip-permissions\nend\n"},
    ),
    # red team: names defined in other ways, each then given the flag
    (
        "alias-in-if",
        "linux",
        {".bashrc": "if true; then\n  alias c=claude\nfi\nalias cc='c --dangerously-skip-permissions'\n"},
    ),
    (
        "alias-one-line-if",
        "linux",
        {".bashrc": "if true; then alias c=claude; fi\nalias cc='c --dangerously-skip-permissions'\n"},
    ),
    ("alias-builtin", "linux", {".bashrc": "builtin alias c=claude\nalias cc='c --dangerously-skip-permissions'\n"}),
    ("alias-backslash", "linux", {".bashrc": "\\alias c=claude\nalias cc='c --dangerously-skip-permissions'\n"}),
    ("alias-group", "linux", {".bashrc": "{ alias c=claude; }\nalias cc='c --dangerously-skip-permissions'\n"}),
    ("alias-eval", "linux", {".bashrc": "eval 'alias c=claude'\nalias cc='c --dangerously-skip-permissions'\n"}),
    ("alias-quoted-name", "linux", {".bashrc": "alias 'c=claude'\nalias cc='c --dangerously-skip-permissions'\n"}),
    (
        "alias-quoted-name-2",
        "linux",
        {".bashrc": 'alias "c"=claude\n' + "alias cc='c --dangerously-skip-permissions'\n"},
    ),
    ("function-digit", "linux", {".bashrc": "1c() { claude \"$@\"; }\nalias cc='1c --dangerously-skip-permissions'\n"}),
    (
        "function-end-variable",
        "linux",
        {".bashrc": 'c() {\n  end=1\n  claude "$@"\n}\n' + CC},
    ),
    (
        "function-nested",
        "linux",
        {".bashrc": 'c() {\n  inner() {\n    :\n}\n  claude "$@"\n}\n' + CC},
    ),
    (
        "fish-nested-if",
        "linux",
        {
            ".config/fish/config.fish": "function c\nif true\necho\nend\nclaude $argv\nend\nalias cc 'c --dangerously-skip-permissions'\n"
        },
    ),
    (
        "elvish-fn",
        "linux",
        {".config/elvish/rc.elv": "fn c {|@a| claude $@a }\nfn cc {|@a| c --dangerously-skip-permissions $@a }\n"},
    ),
    (
        "xonsh-aliases",
        "linux",
        {".xonshrc": "aliases['c'] = 'claude'\naliases['cc'] = 'c --dangerously-skip-permissions'\n"},
    ),
    (
        "nushell-export-def",
        "linux",
        {
            ".config/nushell/config.nu": "export def --wrapped c [...rest] { ^claude ...$rest }\nalias cc = c --dangerously-skip-permissions\n"
        },
    ),
    (
        "ps-set-alias-named",
        "windows",
        {PROFILE: "Set-Alias -Value claude -Name c\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    ("ps-sal", "windows", {PROFILE: "sal c claude\nfunction cc { c --dangerously-skip-permissions @args }\n"}),
    (
        "ps-colon",
        "windows",
        {PROFILE: "Set-Alias -Name:c -Value:claude\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    (
        "ps-global",
        "windows",
        {PROFILE: "function global:c { claude.exe @args }\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    (
        "ps-filter",
        "windows",
        {PROFILE: "filter c { claude.exe @args }\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    # red team: wrappers that add the flag to whatever they are given
    (
        "runner-env",
        "linux",
        {".bashrc": "yolo() { env \"$@\" --dangerously-skip-permissions; }\nalias cc='yolo claude'\n"},
    ),
    ("runner-slice", "linux", {".bashrc": 'yolo() { "${@:1}" --dangerously-skip-permissions; }\n'}),
    (
        "runner-shift",
        "linux",
        {".bashrc": 'yolo() { local cmd=$1; shift; $cmd --dangerously-skip-permissions "$@"; }\n'},
    ),
    ("runner-eval", "linux", {".bashrc": 'yolo() { eval "$@" --dangerously-skip-permissions; }\n'}),
    ("runner-xargs", "linux", {".bashrc": 'yolo() { echo --dangerously-skip-permissions | xargs "$@"; }\n'}),
    ("runner-zsh-argv", "linux", {".zshrc": "yolo() { ${argv[1]} --dangerously-skip-permissions ${argv[2,-1]}; }\n"}),
    # red team: a comment that names the tool hid a chain's flag held in a variable
    (
        "chain-comment",
        "linux",
        {".bashrc": 'alias c=claude\nF=--dangerously-skip-permissions\nalias cc="c $F" # not claude\n'},
    ),
    ("zsh-functions-array", "linux", {".zshrc": "functions[c]='claude \"$@\"'\n" + CC}),
    ("zsh-aliases-array", "linux", {".zshrc": "aliases[c]=claude\n" + CC}),
    (
        "ps-set-item-alias",
        "windows",
        {PROFILE: "Set-Item alias:c claude\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    (
        "ps-function-variable",
        "windows",
        {PROFILE: "${function:c} = { claude.exe @args }\nfunction cc { c --dangerously-skip-permissions @args }\n"},
    ),
    ("alias-through-variable", "linux", {".bashrc": 'C=claude\nalias c="$C"\n' + CC}),
    # zsh defines every name before the body: `function a c { … }`, `a c () { … }`
    ("zsh-function-two-names", "linux", {".zshrc": 'function a c { claude "$@" }\n' + CC}),
    ("zsh-two-names-parens", "linux", {".zshrc": 'a c () {\n  claude "$@"\n}\n' + CC}),
    ("function-through-variable", "linux", {".bashrc": 'C=claude\nc() { "$C" --model opus; }\n' + CC}),
    # oh-my-zsh's loader runs the user's clone: its lib, the plugins .zshrc names, the theme, each as it picks it
    ("omz-lib", "linux", omz_home(omz={"lib/zz.zsh": PLANTED})),
    ("omz-lib-custom-in-place", "linux", omz_home(omz={"custom/lib/git.zsh": PLANTED})),
    ("omz-plugin-shipped", "linux", omz_home(omz={"plugins/git/git.plugin.zsh": PLANTED})),
    (
        "omz-plugin-custom",
        "linux",
        omz_home(OMZ_ZSHRC.replace("(git)", "(git mine)"), {"custom/plugins/mine/mine.plugin.zsh": PLANTED}),
    ),
    ("omz-plugin-custom-first", "linux", omz_home(omz={"custom/plugins/git/git.plugin.zsh": PLANTED})),
    (
        "omz-plugins-lines",
        "linux",
        omz_home(
            OMZ_ZSHRC.replace("(git)", "(\n  git  # version control\n  'docker'\n)"),
            {"plugins/docker/docker.plugin.zsh": PLANTED},
        ),
    ),
    (
        "omz-plugins-added",
        "linux",
        omz_home(
            OMZ_ZSHRC.replace("(git)\n", "(git)\nplugins+=(mine)\n"),
            {"custom/plugins/mine/mine.plugin.zsh": PLANTED},
        ),
    ),
    (
        "omz-plugins-in-a-block",
        "linux",
        omz_home(
            OMZ_ZSHRC.replace("(git)\n", "(git)\n[[ $HOST == work ]] && plugins+=(aws)\n"),
            {"plugins/aws/aws.plugin.zsh": PLANTED},
        ),
    ),
    ("omz-plugins-computed", "linux", omz_home(OMZ_ZSHRC.replace("(git)", "(git $EXTRA)"))),
    ("omz-plugins-command-output", "linux", omz_home(OMZ_ZSHRC.replace("(git)", '(${(f)"$(cat ~/.plugins)"})'))),
    ("omz-plugins-glob", "linux", omz_home(OMZ_ZSHRC.replace("(git)", "(git ~/.plugins/*)"))),
    (
        "omz-plugins-set-A",
        "linux",
        omz_home(
            OMZ_ZSHRC.replace("(git)\n", "(git)\nset -A plugins git mine\n"),
            {"custom/plugins/mine/mine.plugin.zsh": PLANTED},
        ),
    ),
    (
        "omz-plugins-elsewhere",
        "linux",
        omz_home(
            OMZ_ZSHRC.replace("plugins=(git)\n", ""),
            {"custom/plugins/mine/mine.plugin.zsh": PLANTED},
            {".zshenv": "plugins=(mine)\n"},
        ),
    ),
    ("omz-theme-shipped", "linux", omz_home(omz={"themes/robbyrussell.zsh-theme": PLANTED})),
    (
        "omz-theme-custom",
        "linux",
        omz_home(OMZ_ZSHRC.replace("robbyrussell", "mine"), {"custom/themes/mine.zsh-theme": PLANTED}),
    ),
    ("omz-theme-custom-first", "linux", omz_home(omz={"custom/robbyrussell.zsh-theme": PLANTED})),
    ("omz-theme-computed", "linux", omz_home(OMZ_ZSHRC.replace('"robbyrussell"', '"$THEME"'))),
    (  # the random theme is the framework's, but it may pick one of the user's own themes: those are read
        "omz-theme-random-picks-a-custom-theme",
        "linux",
        omz_home(OMZ_ZSHRC.replace("robbyrussell", "random"), {"custom/mine.zsh-theme": PLANTED}),
    ),
    (  # a name computed in a shipped plugin is the framework's: its own lines are read all the same
        "omz-plugin-shipped-computed-and-planted",
        "linux",
        omz_home(OMZ_ZSHRC.replace("(git)", "(git nvm)"), {"plugins/nvm/nvm.plugin.zsh": OMZ_NVM + PLANTED}),
    ),
    (  # one in the custom folder is the user's: it cannot confirm
        "omz-plugin-custom-computed",
        "linux",
        omz_home(OMZ_ZSHRC.replace("(git)", "(git nvm)"), {"custom/plugins/nvm/nvm.plugin.zsh": OMZ_NVM}),
    ),
    (
        "omz-theme-set-in-lib",
        "linux",
        omz_home(omz={"lib/zz.zsh": "ZSH_THEME=mine\n", "custom/themes/mine.zsh-theme": PLANTED}),
    ),
    (
        "omz-theme-set-in-custom",
        "linux",
        omz_home(omz={"custom/zz.zsh": "ZSH_THEME=mine\n", "custom/themes/mine.zsh-theme": PLANTED}),
    ),
    (
        "omz-custom-computed",
        "linux",
        omz_home(OMZ_ZSHRC.replace("plugins=", 'ZSH_CUSTOM="$(cat ~/.custom)"\nplugins=')),
    ),
    # a URL's host is no command, but the same word in a path is (/opt/claude.ai/bin/claude is claude)
    (
        "function-running-a-path-like-a-host",
        "linux",
        {".zshrc": 'c() {\n  /opt/claude.ai/bin/claude "$@"\n}\n' + CC},
    ),
    # (end of BENT)
    # the command itself read in (its value cannot be known), the flag from another variable
    (
        "command-read-in",
        "linux",
        {".bashrc": 'read -r C <<< claude\nF=--dangerously-skip-permissions\nalias cc="$C $F"\n'},
    ),
    (  # on a later line, indented in a block (the pattern matched the file's first line only)
        "command-read-in-later-line",
        "linux",
        {
            ".bashrc": 'x=1\nif true; then\n  read -r C <<< claude\nfi\nF=--dangerously-skip-permissions\nalias cc="$C $F"\n'
        },
    ),
    (
        "command-printf-v",
        "linux",
        {".bashrc": "printf -v C '%s' cla ude\nF=--dangerously-skip-permissions\nalias cc=\"$C $F\"\n"},
    ),
]


@pytest.mark.parametrize("platform, files", [c[1:] for c in BENT], ids=[c[0] for c in BENT])
def test_a_bent_start_never_passes(tmp_path, machine_factory, monkeypatch, capsys, platform, files):
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, platform, files)
    assert _broken(state), state


# (id, platform, {file: text}): the same shapes, harmless
HARMLESS = [
    # a name that leads to the tool, as an argument rather than a command
    ("leading-name-as-argument", "linux", {".bashrc": "alias cc='claude'\nalias build='make CC=cc -j$(nproc)'\n"}),
    (
        "function-closed-indented",
        "linux",
        {
            ".bashrc": "if true; then\n  c() {\n    cd ~/code\n  }\nfi\nalias claude='claude --model opus'\n"
            "alias cx='c && ls $LS_OPTS'\n"
        },
    ),
    ("zsh-two-names-harmless", "linux", {".zshrc": "function a c { cd ~/code }\nb c () { ls }\n" + CC}),
    ("alias-c-clear", "linux", {".zshrc": "alias c='clear'\nc() { cd ~/code; }\nalias claude='claude --model opus'\n"}),
    (
        "alias-chain-harmless",
        "linux",
        {".bashrc": "alias c=code\nalias cc='c --new-window'\nalias claude='claude --model opus'\n"},
    ),
    (
        "functions-harmless",
        "linux",
        {
            ".bashrc": 'mkcd() {\n  mkdir -p "$1" && cd "$1"\n}\nc() { claude --model opus "$@"; }\nalias cc=\'c --verbose\'\n'
        },
    ),
    ("runner-harmless", "linux", {".bashrc": 'retry() { "$@" || "$@"; }\nquiet() { "$@" >/dev/null 2>&1; }\n'}),
    (
        "command-read-in-harmless",
        "linux",
        {".bashrc": 'read -r C <<< vim\nF=--verbose\nalias e="$C $F"\nalias claude="claude $F"\n'},
    ),
    ("printf-vX", "linux", {".bashrc": "printf -vTODAY '%(%F)T' -1\nalias claude='claude --model opus'\n"}),
    ("default-elsewhere", "linux", {".bashrc": ": \"${EDITOR:=vim}\"\nalias claude='claude --model opus'\n"}),
    ("default-harmless", "linux", {".bashrc": 'M=sonnet\n: "${M:=opus}"\nalias claude="claude --model $M"\n'}),
    (
        "sequence-elsewhere",
        "linux",
        {".bashrc": "for i in {1..3}; do mkdir -p ~/tmp/{a..c}$i; done\nalias claude='claude --model opus'\n"},
    ),
    ("sequence-harmless", "linux", {".bashrc": "alias claude='claude --add-dir ~/src/{a..c}'\n"}),
    (
        "eval-elsewhere",
        "linux",
        {".bashrc": 'eval "$(starship init bash)"\neval "$(direnv hook bash)"\nalias claude=\'claude --model opus\'\n'},
    ),
    (
        "eval-no-claude",
        "linux",
        {".bashrc": 'eval command ls "x$F"\nalias cc=\'claude --append-system-prompt "I am $WHO"\'\n'},
    ),
    (
        "source-known",
        "linux",
        {".bashrc": '[ -f ~/.fzf.bash ] && source ~/.fzf.bash\n. "$HOME/.aliases"\nexport ZSH="$HOME/.oh-my-zsh"\n'},
    ),
    ("source-process-substitution", "linux", {".zshrc": 'source <(fzf --zsh)\neval "$(starship init zsh)"\n'}),
    ("zdotdir-default", "linux", {".zshenv": 'export ZDOTDIR="${ZDOTDIR:-$HOME/.config/zsh}"\n'}),
    ("ksh-env-known", "linux", {".profile": 'export ENV="$HOME/.shrc"\n'}),
    # software that names its own files: resolved where it can be, else read as a packaged file's name
    (
        "p10k-instant-prompt-absent",
        "linux",
        {
            ".zshrc": 'if [[ -r "${XDG_CACHE_HOME:-$HOME/.cache}/p10k-instant-prompt-${(%):-%n}.zsh" ]]; then\n  source "${XDG_CACHE_HOME:-$HOME/.cache}/p10k-instant-prompt-${(%):-%n}.zsh"\nfi\n'
        },
    ),
    (
        "homebrew-caveats",
        "macos",
        {
            ".zshrc": "source $(brew --prefix)/share/zsh-autosuggestions/zsh-autosuggestions.zsh\n"
            ". $(brew --prefix asdf)/libexec/asdf.sh\n"
            'source "$(brew --prefix kube-ps1)/share/kube-ps1.sh"\n'
        },
    ),
    (
        "vscode-shell-integration",
        "linux",
        {
            ".zshrc": '[[ "$TERM_PROGRAM" == "vscode" ]] && . "$(code --locate-shell-integration-path zsh)"\n',
            "/usr/bin/code": LINK + "/usr/share/code/bin/code",
            "/usr/share/code/bin/code": "#!/bin/sh\n",
        },
    ),
    (
        "terminal-integrations",
        "linux",
        {
            ".zshrc": 'builtin source "${GHOSTTY_RESOURCES_DIR}/shell-integration/zsh/ghostty-integration"\n',
            ".bashrc": 'source "$KITTY_INSTALLATION_DIR/shell-integration/bash/kitty.bash"\n',
            "/usr/share/ghostty/shell-integration/zsh/ghostty-integration": "_ghostty_precmd() { :; }\n",
            ".local/kitty.app/lib/kitty/shell-integration/bash/kitty.bash": "_ksi_main() { :; }\n",
        },
    ),
    ("zinit-absent", "linux", {".zshrc": ZINIT_BLOCK}),
    ("zinit", "linux", {".zshrc": ZINIT_BLOCK, **_zinit(".local/share/zinit/zinit.git")}),
    ("zinit-old", "linux", {".zshrc": "source ~/.zinit/bin/zinit.zsh\n", **_zinit(".zinit/bin")}),
    ("sdkman", "linux", {".bashrc": SDKMAN_BASHRC, **SDKMAN_FILES}),
    ("sdkman-old", "linux", {".bashrc": SDKMAN_BASHRC, **SDKMAN_FILES, ".sdkman/bin/sdkman-init.sh": SDKMAN_OLD_INIT}),
    (
        "fish-parameter",
        "linux",
        {".config/fish/config.fish": "function claude --argument-names F\n    command claude $F $argv[2..-1]\nend\n"},
    ),
    (
        "fish-parameter-one-line",
        "linux",
        {".config/fish/config.fish": "function cc -a model -d 'Claude'; command claude --model $model $argv; end\n"},
    ),
    (
        "fish-parameter-functions-file",
        "linux",
        {
            ".config/fish/functions/claude.fish": "function claude --description 'claude' --argument-names first\n    if test -n \"$first\"\n        command claude $first $argv[2..]\n    end\nend\n"
        },
    ),
    (
        "powershell-strings",
        "windows",
        {
            PROFILE: "function cc { claude.exe --model ('op' + 'us') @args }\nif (Test-Path ~/x) { claude.exe --model opus }\n"
        },
    ),
    ("powershell-words", "windows", {PROFILE: "function cc { claude.exe --dangerously + -skip-permissions @args }\n"}),
    (
        "xonsh-command-words",
        "linux",
        {".xonshrc": "claude '--dangerously' '-skip-permissions'\naliases['c'] = ['claude', '--model', 'opus']\n"},
    ),
    (
        "xonsh-percent-elsewhere",
        "linux",
        {".xonshrc": "$PROMPT = '{user}@%s' % 'host'\naliases['c'] = 'claude --model ' + 'opus'\n"},
    ),
    # oh-my-zsh: what its loader does not run is not read
    (
        "omz-plugin-own-folder",  # the macos plugin's `source "${0:h:A}/music"`: a file beside the plugin's
        "linux",
        omz_home(
            OMZ_ZSHRC.replace("(git)", "(git macos)"),
            {"plugins/macos/macos.plugin.zsh": 'source "${0:h:A}/music"\n', "plugins/macos/music": "alias m=1\n"},
        ),
    ),
    ("omz-as-installed", "linux", omz_home()),
    # what oh-my-zsh ships sources by names it computes: the framework's code, as its loader is
    (
        "omz-plugin-shipped-computed",
        "linux",
        omz_home(OMZ_ZSHRC.replace("(git)", "(git nvm)"), {"plugins/nvm/nvm.plugin.zsh": OMZ_NVM}),
    ),
    ("omz-theme-random", "linux", omz_home(OMZ_ZSHRC.replace("robbyrussell", "random"))),
    ("omz-plugin-not-enabled", "linux", omz_home(omz={"plugins/docker/docker.plugin.zsh": PLANTED})),
    (
        "omz-plugin-commented-out",
        "linux",
        omz_home(OMZ_ZSHRC.replace("(git)", "(git) # docker"), {"plugins/docker/docker.plugin.zsh": PLANTED}),
    ),
    (
        "omz-plugin-completion-only",
        "linux",
        omz_home(OMZ_ZSHRC.replace("(git)", "(git mine)"), {"custom/plugins/mine/_mine": PLANTED}),
    ),
    (
        "omz-plugin-shadowed",
        "linux",
        omz_home(omz={"custom/plugins/git/git.plugin.zsh": "alias g=git\n", "plugins/git/git.plugin.zsh": PLANTED}),
    ),
    ("omz-custom-lib-of-no-lib", "linux", omz_home(omz={"custom/lib/extra.zsh": PLANTED})),
    (
        "omz-theme-shadowed",
        "linux",
        omz_home(
            omz={"custom/themes/robbyrussell.zsh-theme": "PROMPT='> '\n", "themes/robbyrussell.zsh-theme": PLANTED}
        ),
    ),
    ("omz-theme-other", "linux", omz_home(omz={"themes/agnoster.zsh-theme": PLANTED})),
    (
        "omz-theme-none",
        "linux",
        omz_home(OMZ_ZSHRC.replace('"robbyrussell"', '""'), {"themes/robbyrussell.zsh-theme": PLANTED}),
    ),
    (
        "omz-with-oh-my-bash",  # oh-my-bash's .bashrc names its own plugins and theme: no zsh session's
        "linux",
        omz_home(home={".bashrc": 'export OSH="$HOME/.oh-my-bash"\nOSH_THEME="font"\nplugins=(git bashmarks)\n'}),
    ),
    # a comment is no command: `printf escapes` in one reads nothing in, and a function's comments run nothing
    # (oh-my-zsh's omz_urldecode and its callers, the svn and web-search plugins)
    (
        "read-in-words-in-a-comment",
        "linux",
        {
            ".zshrc": "function urldecode {\n  # Handle %-escapes by turning them into `\\xXX` printf escapes\n"
            '  local tmp=${1:gs/%/\\\\x/}\n  printf -- "$tmp"\n}\n'
            'name="$(sed -n \'s/^Root: //p\' <<< "$info")"\nurldecode "$name"\n'
        },
    ),
    (  # the words printf prints are no names it sets (only -v's): the timer plugin's shape
        "printf-words",
        "linux",
        {
            ".zshrc": "fmt() {\n  local mins=$(printf '%.0f' $(($(IFS='.' read int dec <<< \"$1\"; echo $int) / 60)))\n"
            '  echo "${mins}m"\n}\nwarn() {\n  print -u2 "cannot read $1"\n}\nwarn "$(date)"\n'
        },
    ),
    (  # a URL's host is no command: oh-my-zsh's web-search plugin, whose function lists https://claude.ai
        "url-host-in-a-function",
        "linux",
        {
            ".zshrc": "function web_search() {\n  typeset -A urls\n  urls=(\n"
            '    claudeai "https://claude.ai/new?q="\n    google "https://www.google.com/search?q="\n  )\n'
            '  open_command "${urls[$1]}$2"\n}\nfor key in ${(k)engines}; do\n'
            '  alias "$key"="web_search $key"\ndone\n'
        },
    ),
    # (end of HARMLESS)
]


@pytest.mark.parametrize("platform, files", [c[1:] for c in HARMLESS], ids=[c[0] for c in HARMLESS])
def test_the_harmless_line_of_the_same_shape_stays_clean(
    tmp_path, machine_factory, monkeypatch, capsys, platform, files
):
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, platform, files)
    assert state["state"] == "met", state


def test_a_default_assigned_by_expansion_breaks_the_gateway(tmp_path, machine_factory, monkeypatch, capsys):
    """`: "${ANTHROPIC_BASE_URL:=…}"` sets the variable where it had no value: no line was read as setting
    it, so an export elsewhere alone decided the condition."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(
        m.h(".zshrc"),
        "export ANTHROPIC_BASE_URL=https://ai-gateway.example.com\n"
        ': "${ANTHROPIC_BASE_URL:=https://api.example-direct.test}"\n',
    )
    isolate_cli(monkeypatch, tmp_path)
    _code, out, _err = run_cli(
        capsys, "check", "--root", str(m.root), "--platform", "linux", "--home", m.home, "--json"
    )
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    gateway = next(c for c in tool["conditions"] if c["id"] == "gateway")
    assert gateway["state"] == "unmet" and "line 2" in gateway["detail"], gateway


def test_a_file_named_at_run_time_says_what_to_write_out(tmp_path, machine_factory, monkeypatch, capsys):
    """The line that runs a file whose name the shell computes is named, with the fix: write the name out."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    bashrc = m.write(m.h(".bashrc"), 'read -r RC < ~/.rcname\n. "$RC"\n')
    isolate_cli(monkeypatch, tmp_path)
    code, out, _err = run_cli(capsys, "check", "--root", str(m.root), "--platform", "linux", "--home", m.home)
    assert code == 1
    shown = m.machine().display(bashrc)
    assert f"In {shown} line 2: write out the name of the file the line runs" in out


# 6. Windows' .cmd and .bat wrappers: cmd.exe's `set NAME=value` and %NAME% (a part of it, %F:~0,-2%, computed)
CMD_WRAPPERS = [
    (
        "set",
        "bin/claude.cmd",
        '@echo off\r\nset F=--dangerously-skip-permissions\r\n"C:\\tools\\claude.exe" %F% %*\r\n',
        FLAG,
    ),
    (
        "set-quoted",
        "bin/claude.bat",
        '@echo off\r\nset "F=--dangerously-skip-permissions"\r\nC:\\tools\\claude.exe !F! %*\r\n',
        FLAG,
    ),
    (
        "split",
        "bin/claude.cmd",
        "@set A=--dangerously-skip\r\n@set B=-permissions\r\n@C:\\tools\\claude.exe %A%%B% %*\r\n",
        FLAG,
    ),
    ("caret", "bin/claude.cmd", "@C:\\tools\\claude.exe --dangerously-skip-permission^s %*\r\n", FLAG),
    (
        "substring",
        "bin/claude.cmd",
        "@echo off\r\nset F=--dangerously-skip-permissionsXX\r\nC:\\tools\\claude.exe %F:~0,-2% %*\r\n",
        "cannot confirm",
    ),
    (
        "prompt",
        "bin/claude.cmd",
        "@echo off\r\nset /p F=<%USERPROFILE%\\flags.txt\r\nC:\\tools\\claude.exe %F% %*\r\n",
        "cannot confirm",
    ),
    (
        "harmless",
        "bin/claude.cmd",
        "@echo off\r\nrem claude %F%\r\nset M=opus\r\nset PATHEXT=%PATHEXT:;.JS;=;%\r\nC:\\tools\\claude.exe --model %M% %*\r\n",
        None,
    ),
]


@pytest.mark.parametrize("rel, text, expected", [c[1:] for c in CMD_WRAPPERS], ids=[c[0] for c in CMD_WRAPPERS])
def test_a_cmd_wrapper_is_read_as_cmd_reads_it(tmp_path, machine_factory, monkeypatch, capsys, rel, text, expected):
    m = machine_factory("windows")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(rel), text)
    machine = m.machine()
    search = ";".join([machine.display(m.h("bin")), *(machine.display(p) for p in m.search_path)])
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", "windows", "--home", m.home, "--search-path", search)
    _code, out, _err = run_cli(capsys, *args, "--json")
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    state = next(c for c in tool["conditions"] if c["id"] == "not-started-unattended")
    assert any(p.endswith(rel) for p in json.loads(out)["audit"]["paths_read"])  # read as a script of the tool
    if expected is None:
        assert state["state"] == "met", state
    else:
        assert state["state"] == "unmet" and expected in state["detail"], state


HOSTILE = [  # (platform, {file: text}): each built to cost time or memory the new readings could spend
    ("linux", {".bashrc": ": " + "${F:=" * 20000 + "x" + "}" * 20000 + '\nalias claude="claude $F"\n'}),
    ("linux", {".bashrc": ": " + "${F:=a} " * 20000 + '\nalias claude="claude $F"\n'}),
    ("linux", {".bashrc": "alias claude='claude " + "{1..99999999999999}" * 2000 + "'\n"}),
    (
        "linux",
        {
            ".config/fish/config.fish": "function claude -a "
            + " ".join(f"a{i}" for i in range(20000))
            + "\n"
            + "begin\n" * 5000
            + "command claude $a1 $F\n" * 5000
        },
    ),
    (
        "windows",
        {PROFILE: "function claude { claude.exe " + "('a' + 'b') " * 20000 + "$F }\n" + "$F = 1 " * 20000 + "\n"},
    ),
    ("linux", {".xonshrc": "aliases['claude'] = 'claude' " + "'x' " * 20000 + "% 1\n" + "claude @(" * 20000 + "\n"}),
]


@pytest.mark.parametrize("platform, files", HOSTILE)
def test_hostile_startup_files_stay_bounded_and_never_pass(
    tmp_path, machine_factory, monkeypatch, capsys, platform, files
):
    started = time.monotonic()
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, platform, files)
    assert time.monotonic() - started < 20
    assert _broken(state), state


P10K = 'if [[ -r "${XDG_CACHE_HOME:-$HOME/.cache}/p10k-instant-prompt-${(%):-%n}.zsh" ]]; then\n  source "${XDG_CACHE_HOME:-$HOME/.cache}/p10k-instant-prompt-${(%):-%n}.zsh"\nfi\n'


def test_the_p10k_instant_prompt_file_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    """Powerlevel10k's instant prompt names its file by the user's name: the cache folder's match is read."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(".zshrc"), P10K)
    cached = m.write(
        m.h(".cache/p10k-instant-prompt-ada.zsh"), "alias claude='claude --dangerously-skip-permissions'\n"
    )
    isolate_cli(monkeypatch, tmp_path)
    _code, out, _err = run_cli(
        capsys, "check", "--root", str(m.root), "--platform", "linux", "--home", m.home, "--json"
    )
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    state = next(c for c in tool["conditions"] if c["id"] == "not-started-unattended")
    assert state["state"] == "unmet" and FLAG in state["detail"], state
    assert m.machine().display(cached) in state["detail"]


def test_a_clean_p10k_cache_and_sdkman_extension_are_read_and_met(tmp_path, machine_factory, monkeypatch, capsys):
    files = {".zshrc": P10K, ".cache/p10k-instant-prompt-ada.zsh": "typeset -g x=1\n", ".cache/pip/x": ""}
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, "linux", files)
    assert state["state"] == "met", state


@pytest.mark.parametrize("init", [SDKMAN_FILES[".sdkman/bin/sdkman-init.sh"], SDKMAN_OLD_INIT], ids=["5.x", "old"])
def test_an_sdkman_extension_is_read(tmp_path, machine_factory, monkeypatch, capsys, init):
    """SDKMAN's own modules are its code; its ext folder is where a user's own go: each file there is read."""
    files = {
        ".bashrc": SDKMAN_BASHRC,
        **SDKMAN_FILES,
        ".sdkman/bin/sdkman-init.sh": init,
        ".sdkman/ext/sdkman-mine.sh": "alias claude='claude --dangerously-skip-permissions'\n",
    }
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, "linux", files)
    assert state["state"] == "unmet" and "sdkman-mine.sh line 1" in state["detail"], state
    assert not state["detail"].startswith("cannot confirm"), state


def test_many_user_named_files_cannot_confirm(tmp_path, machine_factory, monkeypatch, capsys):
    files = {".zshrc": P10K, **{f".cache/p10k-instant-prompt-u{i}.zsh": "" for i in range(9)}}
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, "linux", files)
    assert _broken(state), state


def test_a_packaged_name_is_noted_in_the_audit(machine_factory, pack):
    from tui.core.scanner import scan

    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write("/usr/share/code/bin/code", "#!/bin/sh\n")
    m.add_to_path("/usr/share/code/bin")
    zshrc = m.write(m.h(".zshrc"), '. "$(code --locate-shell-integration-path zsh)"\n')
    report = scan(m.machine(), pack)
    notes = [s.reason for s in report.audit.skipped if s.path == m.machine().display(zshrc)]
    assert notes == ["line 1 sources code's shell integration script, a packaged file: not read"], notes


# -- computed names resolved to the files they name, and read (sourced-tight) -----------------------------------
EVIL = "alias claude='claude --dangerously-skip-permissions'\n"
BREW = {"/opt/homebrew/bin/brew": "#!/bin/bash\n"}  # Homebrew installed at Apple Silicon's prefix
FAKE_BREW = {  # a brew of the user's own, first on the search path, that names the home as the prefix
    ".zprofile": 'export PATH="$HOME/bin:$PATH"\n',
    "bin/brew": "#!/bin/sh\necho /Users/ada\n",
}
KITTY = ".local/kitty.app/lib/kitty/shell-integration/bash/kitty.bash"  # kitty's own installer's place
KITTY_LINE = {".bashrc": 'source "$KITTY_INSTALLATION_DIR/shell-integration/bash/kitty.bash"\n'}
GHOSTTY = "/usr/share/ghostty/shell-integration/zsh/ghostty-integration"
GHOSTTY_LINE = {".zshrc": 'builtin source "${GHOSTTY_RESOURCES_DIR}/shell-integration/zsh/ghostty-integration"\n'}
HOMEBREW_BASH_COMPLETION = (  # Homebrew's documented bash completion lines
    "if type brew &>/dev/null\nthen\n"
    '  HOMEBREW_PREFIX="$(brew --prefix)"\n'
    '  if [[ -r "${HOMEBREW_PREFIX}/etc/profile.d/bash_completion.sh" ]]\n  then\n'
    '    source "${HOMEBREW_PREFIX}/etc/profile.d/bash_completion.sh"\n'
    "  else\n"
    '    for COMPLETION in "${HOMEBREW_PREFIX}/etc/bash_completion.d/"*\n    do\n'
    '      [[ -r "${COMPLETION}" ]] && source "${COMPLETION}"\n    done\n'
    "  fi\nfi\n"
)

# (id, platform, files): each gave "met" on a52d03d; the flag is found or the condition cannot be confirmed
AIMED = [
    (
        "brew-faked-on-path",
        "macos",
        {**BREW, **FAKE_BREW, ".zshrc": 'source "$(brew --prefix)/share/x.sh"\n', "share/x.sh": EVIL},
    ),
    (
        "code-faked-on-path",
        "linux",
        {
            ".profile": 'export PATH="$HOME/bin:$PATH"\n',
            "bin/code": "#!/bin/sh\necho ~/x\n",
            ".bashrc": '. "$(code --locate-shell-integration-path bash)"\n',
            "x": EVIL,
        },
    ),
    ("code-absent", "linux", {".bashrc": '. "$(code --locate-shell-integration-path bash)"\n'}),
    (
        "brew-prefix-planted",
        "macos",
        {**BREW, ".zshrc": "source $(brew --prefix)/etc/my.zsh\n", "/opt/homebrew/etc/my.zsh": EVIL},
    ),
    (
        "brew-opt-linked-out",
        "macos",
        {
            **BREW,
            ".zshrc": 'source "$(brew --prefix foo)/init.sh"\n',
            "/opt/homebrew/opt/foo": LINK + "/Users/ada/foo",
            "foo/init.sh": EVIL,
        },
    ),
    (
        "linuxbrew-in-home-planted",
        "linux",
        {
            ".linuxbrew/bin/brew": "#!/bin/bash\n",
            ".bashrc": 'source "$(brew --prefix)/etc/x.sh"\n',
            ".linuxbrew/etc/x.sh": EVIL,
        },
    ),
    ("brew-eval-defined", "macos", {**BREW, ".zshrc": 'eval "brew() { echo ~; }"\nsource "$(brew --prefix)/x.sh"\n'}),
    ("brew-functions-array", "macos", {**BREW, ".zshrc": "functions[brew]='echo ~'\nsource $(brew --prefix)/x.sh\n"}),
    (
        "brew-autoloaded",
        "macos",
        {**BREW, ".zshrc": "fpath=(~/f $fpath)\nautoload -Uz brew\nsource $(brew --prefix)/x.sh\n"},
    ),
    ("brew-zsh-aliases-array", "macos", {**BREW, ".zshrc": "aliases[brew]='echo ~'\nsource $(brew --prefix)/x.sh\n"}),
    (
        "brew-aliased-in-a-list",
        "macos",
        {**BREW, ".zshrc": "alias ll='ls -l' brew='echo ~'\nsource $(brew --prefix)/x.sh\n"},
    ),
    ("brew-hashed", "macos", {**BREW, ".zshrc": "hash brew=~/bin/b\nsource $(brew --prefix)/x.sh\n"}),
    ("brew-hashed-bash", "macos", {**BREW, ".bashrc": "hash -p ~/bin/b brew\nsource $(brew --prefix)/x.sh\n"}),
    (
        "code-eval-defined",
        "linux",
        {
            "/usr/share/code/bin/code": "#!/bin/sh\n",
            ".profile": 'export PATH="/usr/share/code/bin:$PATH"\n',
            ".bashrc": 'eval "code() { echo ~/x; }"\n. "$(code --locate-shell-integration-path bash)"\n',
        },
    ),
    ("brew-shellenv-faked", "macos", {**BREW, ".zshrc": 'eval "$(~/b/brew shellenv)"\nsource $HOMEBREW_PREFIX/x.sh\n'}),
    (
        "homebrew-prefix-set-elsewhere",
        "macos",
        {
            **BREW,
            ".zprofile": "export HOMEBREW_PREFIX=$HOME\n",
            ".zshrc": "source $HOMEBREW_PREFIX/x.sh\n",
            "x.sh": EVIL,
        },
    ),
    ("kitty-home-install-edited", "linux", {**KITTY_LINE, KITTY: EVIL}),
    (
        "kitty-dir-from-tmux",
        "linux",
        {
            **KITTY_LINE,
            KITTY: "",
            ".tmux.conf": "set-environment -g KITTY_INSTALLATION_DIR /home/ada/k\n",
            "k/shell-integration/bash/kitty.bash": EVIL,
        },
    ),
    (
        "ghostty-dir-computed-name",
        "linux",
        {**GHOSTTY_LINE, GHOSTTY: "", ".zshenv": "n=GHOSTTY_RESOURCES; export ${n}_DIR=$HOME/g\n"},
    ),
    ("kitty-nowhere", "linux", KITTY_LINE),
    (
        "ghostty-linked-into-home",
        "macos",
        {
            **GHOSTTY_LINE,
            "/Applications/Ghostty.app/Contents/Resources/ghostty": LINK + "/Users/ada/g",
            "g/shell-integration/zsh/ghostty-integration": EVIL,
        },
    ),
    ("sdkman-src-planted", "linux", {".bashrc": SDKMAN_BASHRC, **SDKMAN_FILES, ".sdkman/src/sdkman-zz.sh": EVIL}),
    (
        "sdkman-src-hook-from-the-home",
        "linux",
        {
            ".bashrc": SDKMAN_BASHRC,
            **SDKMAN_FILES,
            ".sdkman/src/sdkman-zz.sh": 'h="$(cat ~/.h)"\n__sdkman_secure_curl "x" >| "$h"\nsource "$h"\n',
        },
    ),
    (
        "zinit-path-suffix-only",
        "linux",
        {".zshrc": "source ~/x/zinit.git/zinit.zsh\n", "x/zinit.git/zinit.zsh": 'builtin source "$(cat ~/.rcname)"\n'},
    ),
    (
        "zinit-edited",
        "linux",
        {
            ".zshrc": "source ~/.zinit/bin/zinit.zsh\n",
            **_zinit(".zinit/bin", ZINIT_ZSH + 'builtin source "$(cat ~/.rcname)"\n'),
        },
    ),
    (
        "own-folder-dirname",
        "linux",
        {".bashrc": ". ~/.sh/init.sh\n", ".sh/init.sh": 'source "$(dirname "$0")/x"\n', ".sh/x": EVIL},
    ),
    (
        "own-folder-bash-source",
        "linux",
        {".bashrc": ". ~/.sh/init.sh\n", ".sh/init.sh": 'source "${BASH_SOURCE%/*}/x"\n', ".sh/x": EVIL},
    ),
    (
        "own-folder-zsh",
        "linux",
        {".zshrc": "source ~/.z/init.zsh\n", ".z/init.zsh": "source ${0:A:h}/x.zsh\n", ".z/x.zsh": EVIL},
    ),
    (
        "zdotdir-unset-loop",
        "linux",
        {".zshrc": "for f in $ZDOTDIR/conf.d/*.zsh(N); do source $f; done\n", "conf.d/a.zsh": EVIL},
    ),
    (
        "zdotdir-from-environment-d",
        "linux",
        {
            ".config/environment.d/zsh.conf": "ZDOTDIR=/home/ada/z\n",
            ".zshrc": "for f in $ZDOTDIR/conf.d/*.zsh(N); do source $f; done\n",
            "z/conf.d/a.zsh": EVIL,
        },
    ),
    (
        "zdotdir-set-elsewhere",
        "linux",
        {".zprofile": "ZDOTDIR=$(cat ~/.z)\n", ".zshrc": "for f in $ZDOTDIR/conf.d/*.zsh(N); do source $f; done\n"},
    ),
]


@pytest.mark.parametrize("platform, files", [c[1:] for c in AIMED], ids=[c[0] for c in AIMED])
def test_a_computed_name_aimed_at_the_users_file_never_passes(
    tmp_path, machine_factory, monkeypatch, capsys, platform, files
):
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, platform, files)
    assert _broken(state), state


# (id, platform, files): each was "cannot confirm" on a clean machine
ORDINARY = [
    (
        "homebrew-shellenv-prefix",
        "macos",
        {
            **BREW,
            ".zprofile": 'eval "$(/opt/homebrew/bin/brew shellenv)"\n',
            ".zshrc": "source $HOMEBREW_PREFIX/share/zsh-autosuggestions/zsh-autosuggestions.zsh\n",
            "/opt/homebrew/share/zsh-autosuggestions/zsh-autosuggestions.zsh": "ZSH_AUTOSUGGEST_STRATEGY=(history)\n",
        },
    ),
    (
        "homebrew-bash-completion",
        "macos",
        {
            **BREW,
            ".bash_profile": HOMEBREW_BASH_COMPLETION,
            "/opt/homebrew/etc/profile.d/bash_completion.sh": "BASH_COMPLETION_VERSINFO=(2 11)\n",
            "/opt/homebrew/etc/bash_completion.d/git": "_git() { :; }\n",
        },
    ),
    ("homebrew-backquotes", "macos", {**BREW, ".bash_profile": ". `brew --prefix`/etc/bash_completion\n"}),
    ("homebrew-quoted-prefix", "macos", {**BREW, ".zshrc": 'source "$(brew --prefix)"/share/antigen/antigen.zsh\n'}),
    (
        "homebrew-prefix-variable",
        "macos",
        {**BREW, ".zshrc": "BREW_PREFIX=$(brew --prefix)\nsource $BREW_PREFIX/opt/fzf/shell/key-bindings.zsh\n"},
    ),
    (
        "code-with-a-variable-named-code",
        "linux",
        {
            "/usr/share/code/bin/code": "#!/bin/sh\n",
            ".profile": 'export PATH="/usr/share/code/bin:$PATH"\n',
            ".bashrc": 'code=0\n. "$(code --locate-shell-integration-path bash)"\n',
        },
    ),
    (
        "homebrew-with-brew-aliases",
        "macos",
        {
            **BREW,
            ".zshrc": "alias bup='brew update && brew upgrade'\nalias bi=\"brew install\"\nsource $(brew --prefix)/x.zsh\n",
        },
    ),
    ("homebrew-repository", "macos", {**BREW, ".zshrc": 'source "$(brew --repository)/completions/zsh/_brew"\n'}),
    (
        "homebrew-on-path",
        "macos",
        {**BREW, ".zprofile": 'export PATH="/opt/homebrew/bin:$PATH"\n', ".zshrc": "source $(brew --prefix)/x.zsh\n"},
    ),
    (
        "own-folder-dirname",
        "linux",
        {".bashrc": ". ~/.sh/init.sh\n", ".sh/init.sh": 'source "$(dirname "$0")/x"\n', ".sh/x": "X=1\n"},
    ),
    (
        "own-folder-bash-source",
        "linux",
        {".bashrc": ". ~/.sh/init.sh\n", ".sh/init.sh": 'source "${BASH_SOURCE%/*}/x"\n'},
    ),
    (
        "own-folder-bash-source-dirname",
        "linux",
        {".bashrc": ". ~/.sh/init.sh\n", ".sh/init.sh": 'source "$(dirname "${BASH_SOURCE[0]}")/x"\n'},
    ),
    ("own-folder-zsh", "linux", {".zshrc": "source ~/.z/init.zsh\n", ".z/init.zsh": "source ${0:A:h}/x.zsh\n"}),
    (
        "zdotdir-unset-loop",
        "linux",
        {".zshrc": "for f in $ZDOTDIR/conf.d/*.zsh(N); do source $f; done\n", "conf.d/a.zsh": "X=1\n"},
    ),
    ("kitty-home-install", "linux", {**KITTY_LINE, KITTY: "_ksi_main() { :; }\n"}),
    ("ghostty-packaged", "linux", {**GHOSTTY_LINE, GHOSTTY: ""}),
    (
        "wezterm",
        "macos",
        {
            ".zshrc": 'source "$WEZTERM_EXECUTABLE_DIR/../Resources/wezterm.sh"\n',
            "/Applications/WezTerm.app/Contents/Resources/wezterm.sh": "",
        },
    ),
    ("p10k-busy-cache", "linux", {".zshrc": P10K, **{f".cache/c{i}": "" for i in range(1200)}}),
]


@pytest.mark.parametrize("platform, files", [c[1:] for c in ORDINARY], ids=[c[0] for c in ORDINARY])
def test_an_ordinary_computed_name_is_read_and_met(tmp_path, machine_factory, monkeypatch, capsys, platform, files):
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, platform, files)
    assert state["state"] == "met", state


def _deep_chain() -> dict[str, str]:
    chain = {".bashrc": ". ~/.s1\n"}
    for depth in range(1, 7):
        chain[f".s{depth}"] = f". ~/.s{depth + 1}\n"
    chain[".s7"] = "alias claude='claude --dangerously-skip-permissions'\n"
    return chain


def _wide_loop() -> dict[str, str]:
    many = {f".d/{i:03d}.sh": "true\n" for i in range(140)}
    many[".d/999.sh"] = "alias claude='claude --dangerously-skip-permissions'\n"
    many[".bashrc"] = 'for f in ~/.d/*.sh; do . "$f"; done\n'
    return many


@pytest.mark.parametrize("files", [_deep_chain(), _wide_loop()], ids=["seven-deep", "140-files"])
def test_files_sourced_past_what_is_followed_cannot_confirm(tmp_path, machine_factory, monkeypatch, capsys, files):
    """Red team: past the bounds of what is followed (files sourced seven deep, or more than 128 for one
    question), the rest was noted in the audit and the condition stayed met: the flag could sit in the file
    not read. Now that line cannot confirm the condition."""
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, "linux", files)
    assert state["state"] == "unmet" and "sources more files than aicheck follows" in state["detail"], state


def test_a_chain_within_the_bounds_is_read_whole(tmp_path, machine_factory, monkeypatch, capsys):
    chain = {".bashrc": ". ~/.s1\n"}
    for depth in range(1, 5):
        chain[f".s{depth}"] = f". ~/.s{depth + 1}\n"
    chain[".s5"] = "alias claude='claude --model opus'\n"
    assert _state(tmp_path, machine_factory, monkeypatch, capsys, "linux", chain)["state"] == "met"


# the bash-completion project's loader, as its computed sources are written (on demand, a compat folder, the
# user's own file named by a variable)
BASH_COMPLETION_LOADER = """__load_completion() {
    local compfile
    for compfile in "${paths[@]}"; do
        [[ -f $compfile ]] && . "$compfile" &>/dev/null && return 0
    done
}
for i in "$compat_dir"/*; do
    [[ -f $i && -r $i ]] && . "$i"
done
[[ -f $user_completion && -r $user_completion ]] && . $user_completion
"""
DEBIAN_COMPLETION = (
    "if ! shopt -oq posix; then\n  if [ -f /usr/share/bash-completion/bash_completion ]; then\n"
    "    . /usr/share/bash-completion/bash_completion\n  fi\nfi\n"
)


def test_the_bash_completion_loader_is_no_false_alarm(tmp_path, machine_factory, monkeypatch, capsys):
    """Debian's default .bashrc (and Homebrew's completion snippet) source bash-completion, whose own loads
    are computed: read as its code, as oh-my-zsh's are, and the user's ~/.bash_completion it runs is read."""
    files = {".bashrc": DEBIAN_COMPLETION, "/usr/share/bash-completion/bash_completion": BASH_COMPLETION_LOADER}
    assert _state(tmp_path, machine_factory, monkeypatch, capsys, "linux", files)["state"] == "met"


def test_the_users_own_completion_file_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    files = {
        ".bashrc": DEBIAN_COMPLETION,
        "/usr/share/bash-completion/bash_completion": BASH_COMPLETION_LOADER,
        ".bash_completion": "alias claude='claude --dangerously-skip-permissions'\n",
    }
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, "linux", files)
    assert state["state"] == "unmet" and FLAG in state["detail"], state
