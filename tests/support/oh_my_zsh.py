"""oh-my-zsh as its installer leaves it, for the tests of what its loader runs: the template's .zshrc, the
loader's lines that run the user's lib, plugins, custom folder and theme (oh-my-zsh.sh, cut to them), the
shapes of the lib files that source by computed names (cli.zsh, grep.zsh), of the random theme and of a plugin
that does (nvm), and Powerlevel10k's theme file cut to its lines that source."""

from __future__ import annotations

OMZ_ZSHRC = 'export ZSH="$HOME/.oh-my-zsh"\nZSH_THEME="robbyrussell"\nplugins=(git)\nsource $ZSH/oh-my-zsh.sh\n'
OMZ_LOADER = """[[ -n "$ZSH_CUSTOM" ]] || ZSH_CUSTOM="$ZSH/custom"
source "$ZSH/tools/check_for_upgrade.sh"
_omz_source() {
  local context filepath="$1"
  if [[ -f "$ZSH_CUSTOM/$filepath" ]]; then
    source "$ZSH_CUSTOM/$filepath"
  elif [[ -f "$ZSH/$filepath" ]]; then
    source "$ZSH/$filepath"
  fi
}
for lib_file ("$ZSH"/lib/*.zsh); do
  _omz_source "lib/${lib_file:t}"
done
for plugin ($plugins); do
  _omz_source "plugins/$plugin/$plugin.plugin.zsh"
done
for config_file ("$ZSH_CUSTOM"/*.zsh(N)); do
  source "$config_file"
done
if [[ -n "$ZSH_THEME" ]]; then
  if is_theme "$ZSH_CUSTOM" "$ZSH_THEME"; then
    source "$ZSH_CUSTOM/$ZSH_THEME.zsh-theme"
  elif is_theme "$ZSH_CUSTOM/themes" "$ZSH_THEME"; then
    source "$ZSH_CUSTOM/themes/$ZSH_THEME.zsh-theme"
  elif is_theme "$ZSH/themes" "$ZSH_THEME"; then
    source "$ZSH/themes/$ZSH_THEME.zsh-theme"
  fi
fi
"""
OMZ_CLI = """function _omz::plugin::load {
  for plugin ($@); do
    if [[ -d "$ZSH_CUSTOM/plugins/$plugin" ]]; then
      base="$ZSH_CUSTOM/plugins/$plugin"
    fi
    if [[ -f "$base/$plugin.plugin.zsh" ]]; then
      source "$base/$plugin.plugin.zsh"
    fi
  done
}
function _omz::plugin::disable {
  plugins=("$ZSH"/plugins/*/{_*,*.plugin.zsh}(-.N:h:t) "$ZSH_CUSTOM"/plugins/*/{_*,*.plugin.zsh}(-.N:h:t))
}
function _omz::theme::use {
  if [[ -f "$ZSH_CUSTOM/$1.zsh-theme" ]]; then
    source "$ZSH_CUSTOM/$1.zsh-theme"
  elif [[ -f "$ZSH_CUSTOM/themes/$1.zsh-theme" ]]; then
    source "$ZSH_CUSTOM/themes/$1.zsh-theme"
  elif [[ -f "$ZSH/themes/$1.zsh-theme" ]]; then
    source "$ZSH/themes/$1.zsh-theme"
  fi
  ZSH_THEME="$1"
}
"""
OMZ_GREP = """__GREP_CACHE_FILE="$ZSH_CACHE_DIR"/grep-alias
__GREP_ALIAS_CACHES=("$__GREP_CACHE_FILE"(Nm-1))
if [[ -n "$__GREP_ALIAS_CACHES" ]]; then
    source "$__GREP_CACHE_FILE"
fi
"""
OMZ_RANDOM = """themes=("$ZSH_CUSTOM"/*.zsh-theme(N:t:r) "$ZSH"/themes/*.zsh-theme(N:t:r))
RANDOM_THEME="${themes[$N]}"
if [[ -f "$ZSH_CUSTOM/$RANDOM_THEME.zsh-theme" ]]; then
  source "$ZSH_CUSTOM/$RANDOM_THEME.zsh-theme"
elif [[ -f "$ZSH/themes/$RANDOM_THEME.zsh-theme" ]]; then
  source "$ZSH/themes/$RANDOM_THEME.zsh-theme"
fi
"""
# the nvm plugin (plugins/nvm/nvm.plugin.zsh), cut to how it finds nvm: the folder is one of several, picked
# at run time, so the file it sources is named at run time (line 11)
OMZ_NVM = """if [[ -z "$NVM_DIR" ]]; then
  if [[ -d "$HOME/.nvm" ]]; then
    export NVM_DIR="$HOME/.nvm"
  elif [[ -d "${XDG_CONFIG_HOME:-$HOME/.config}/nvm" ]]; then
    export NVM_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/nvm"
  fi
fi
if [[ -z "$NVM_DIR" ]] || [[ ! -f "$NVM_DIR/nvm.sh" ]]; then
  return
fi
source "$NVM_DIR/nvm.sh"
"""
# Powerlevel10k's powerlevel10k.zsh-theme, cut to its lines that source (its own folder, computed from %x, and
# a cache named after the user): lines 4 and 7 name their files at run time
P10K_THEME = """(( $+__p9k_root_dir )) || typeset -gr __p9k_root_dir=${POWERLEVEL9K_INSTALLATION_DIR:-${${(%):-%x}:A:h}}
() {
  typeset -gr __p9k_dump_file=${XDG_CACHE_HOME:-~/.cache}/p10k-dump-${(%):-%n}.zsh
  if [[ $__p9k_dump_file != $__p9k_instant_prompt_dump_file ]] && (( ! $+functions[_p9k_preinit] )) && source $__p9k_dump_file 2>/dev/null && (( $+functions[_p9k_preinit] )); then
    _p9k_preinit
  fi
  builtin source $__p9k_root_dir/internal/p10k.zsh || true
}
"""
PLANTED = "alias claude='claude --dangerously-skip-permissions'\n"


def omz_home(zshrc: str = OMZ_ZSHRC, omz: dict[str, str] | None = None, home: dict[str, str] | None = None) -> dict:
    """A home with oh-my-zsh installed (its loader, its lib as shipped, the git plugin, the default theme), the
    .zshrc ``zshrc``, and ``omz``'s files under ~/.oh-my-zsh and ``home``'s in the home besides."""
    shipped = {
        "oh-my-zsh.sh": OMZ_LOADER,
        "tools/check_for_upgrade.sh": "",
        "lib/cli.zsh": OMZ_CLI,
        "lib/grep.zsh": OMZ_GREP,
        "lib/git.zsh": "function git_current_branch() { :; }\n",
        "plugins/git/git.plugin.zsh": "alias gst='git status'\n",
        "plugins/git/_git": "#compdef git\n",
        "themes/robbyrussell.zsh-theme": "PROMPT='%c '\n",
        "themes/random.zsh-theme": OMZ_RANDOM,
        "custom/example.zsh": "# You can put files here\n",
    }
    files = {f".oh-my-zsh/{rel}": text for rel, text in {**shipped, **(omz or {})}.items()}
    return {".zshrc": zshrc, **files, **(home or {})}
