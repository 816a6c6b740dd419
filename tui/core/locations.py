"""Location templates: the ``{tokens}`` the catalog and the channels write their folders with, and how they
expand on a machine. Each channel keeps its own table of folders (its ``locations()``). Targeted
folders only: a scan never walks the home.

``{env:VAR}`` stands for a folder named by an environment variable, where a tool documents one (e.g.
``{env:CODEX_HOME}``); it expands on the live machine only. ``{env_parent:VAR}`` stands for the folder of the
file such a variable names (a file the tool reads beside it: Gemini CLI's system-defaults.json).

Templates may contain ``*`` in a folder component, which lists that one parent folder (never
recursively).
"""

from __future__ import annotations

from tui.core.catalog import PathSpec
from tui.core.machine import Machine, to_machine_path


def env_folder(machine: Machine, var: str) -> str | None:
    """An absolute folder named by an environment variable of the scanned machine (known on the live
    machine only: a disk image has no environment), or None."""
    value = machine.env.get(var, "").strip()
    if not value or not (value.startswith(("/", "\\")) or (len(value) > 2 and value[1] == ":")):
        return None
    return to_machine_path(value).rstrip("/") or None


def token_sets(machine: Machine) -> list[dict[str, str]]:
    """The tokens with the default folders first, then, when ``XDG_CONFIG_HOME`` or ``XDG_DATA_HOME`` moves one,
    the moved ones. A scan looks in both: a variable set for aicheck's run alone must not move the scan away
    from the folders the tools use (and a user who moved them for good is scanned where they moved them).
    Then one set per folder the shell startup files export for such a variable (``Machine.startup_env``):
    a folder moved in ``~/.zshrc`` is looked in whether or not this process's environment has the variable
    (a fleet's scan of another user's home, a script with a clean environment)."""
    sets = environment_sets(machine)
    depth = max((len(folders) for folders in machine.startup_env.values()), default=0)
    for k in range(depth):  # the k-th folder of every variable in one set: a few sets, however many variables
        extra = dict(sets[-1])
        for var, folders in machine.startup_env.items():
            folder = folders[min(k, len(folders) - 1)]
            if var == "XDG_CONFIG_HOME" and "xdg_config" in extra:
                extra["xdg_config"] = folder
            elif var == "XDG_DATA_HOME" and "xdg_data" in extra:
                extra["xdg_data"] = folder
            else:
                extra["env:" + var] = folder
        if extra not in sets:
            sets.append(extra)
    return sets


def environment_sets(machine: Machine) -> list[dict[str, str]]:
    """:func:`token_sets` from this process's environment alone: the defaults, then the moved folders."""
    h = machine.home.rstrip("/") or ""
    if machine.platform == "windows":
        return [
            {
                "home": h,
                "user": h.rpartition("/")[2],
                "ud": f"{h}/AppData/Roaming",
                "appdata": f"{h}/AppData/Roaming",
                "localappdata": f"{h}/AppData/Local",
                "programfiles": "/Program Files",
            }
        ]
    default = {
        "home": h,
        "user": h.rpartition("/")[2],  # the account's name, as its home folder's (macOS's per-user MDM folder)
        "xdg_config": f"{h}/.config",
        "xdg_data": f"{h}/.local/share",
        "ud": f"{h}/Library/Application Support" if machine.platform == "macos" else f"{h}/.config",
    }
    moved = dict(default)
    for token, var in (("xdg_config", "XDG_CONFIG_HOME"), ("xdg_data", "XDG_DATA_HOME")):
        folder = env_folder(machine, var)
        if folder:
            moved[token] = folder
    return [default] if moved == default else [default, moved]


def tokens(machine: Machine) -> dict[str, str]:
    """The tokens as the environment sets them (the moved folders when a variable moves one)."""
    return environment_sets(machine)[-1]


def expand(template: str, machine: Machine, toks: dict[str, str] | None = None) -> str | None:
    """A template with its tokens filled in, or None when a token means nothing on this platform."""
    toks = toks if toks is not None else tokens(machine)
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.find("}", start)
        if end < 0:
            return None
        name = out[start + 1 : end]
        # {env:VAR}: a folder a tool lets its users move (e.g. CLAUDE_CONFIG_DIR): from the set (a startup
        # file's export), else from this process's environment (unknown on a disk image)
        if name.startswith("env_parent:"):  # the folder of the file a variable names (what a tool reads beside it)
            named = expand("{env:" + name.partition(":")[2] + "}", machine, toks)
            value = (named.rpartition("/")[0] or None) if named else None
        else:
            value = toks.get(name) if name in toks or not name.startswith("env:") else env_folder(machine, name[4:])
        if value is None:
            return None
        out = out[:start] + value + out[end + 1 :]
    return out


def expand_spec(spec: PathSpec, machine: Machine, toks: dict[str, str] | None = None) -> str | None:
    if machine.platform not in spec.platforms:
        return None
    return expand(spec.template, machine, toks)


def expand_all(item: str | PathSpec, machine: Machine, sets: list[dict[str, str]] | None = None) -> list[str]:
    """Every place a template stands for: with the default folders and with those the environment moved, each
    once (see :func:`token_sets`)."""
    out: list[str] = []
    for toks in sets if sets is not None else token_sets(machine):
        path = expand_spec(item, machine, toks) if isinstance(item, PathSpec) else expand(item, machine, toks)
        if path is not None and path not in out:
            out.append(path)
    return out
