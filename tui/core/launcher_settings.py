"""Launchers' own settings read for the program lines they start: what a terminal, a multiplexer, an editor's
terminal or the session's service manager runs, where a user can put ``claude --dangerously-skip-permissions``
as well as in a shell alias. Each setting gives a line's words, read by the startup-flag conditions as a menu
entry's ``Exec=`` line is (:func:`tui.core.desktop_entries.launcher_exec_lines`; :mod:`tui.core.conditions`).

The files (:data:`LAUNCHER_FILES`: templates, the platforms each is read on, its format), each read once a scan,
at most :data:`MAX_SETTINGS_BYTES`; two folders are listed, never walked (``~/.config/systemd/user`` and
``~/Library/LaunchAgents``, the first :data:`MAX_FOLDER_FILES` by name):

- tmux (``~/.tmux.conf``, ``$XDG_CONFIG_HOME/tmux/tmux.conf`` and oh-my-tmux's ``.local`` beside each): every
  command of every line (``set -g default-command "…"``, ``bind c new-window 'claude …'``, ``new-session …``),
  its words as tmux reads them (its escapes decoded), an argument that holds a command (a hook's, ``if-shell``'s,
  a quoted binding's) read again as one;
- kitty (``kitty.conf``), Ghostty (``config``) and foot (``foot.ini``): every setting line (kitty's ``shell …`` and
  ``map … launch …``, a line starting with ``\\`` continuing the one before; Ghostty's ``command = …`` and
  ``initial-command``, a ``direct:`` or ``shell:`` before the line dropped; foot's ``shell=…`` and a pipe binding's
  ``[command]``), its value split as a shell line; kitty's ``startup_session`` file is read as an include (its
  ``launch …`` lines);
- Alacritty (``alacritty.toml``, and ``alacritty.yml`` before 0.13, YAML read by the bounded loader):
  ``[terminal.shell]`` and the older ``[shell]`` (a string, or ``program`` and ``args``), and the commands its key
  and mouse bindings, hints and bell run;
- WezTerm (``.wezterm.lua``, ``wezterm/wezterm.lua``): a Lua program, which aicheck never runs. Every literal list
  of strings (``default_prog = { 'claude', '--flag' }``, a ``launch_menu`` entry's or a spawn action's ``args``;
  one written ``{ [1] = 'claude', [2] = '--flag' }``, in its positions' order) is a line's words, and every other string that holds a space a shell line (``SendString 'claude …'``); the
  strings of a list that also holds what Lua computes (``{ 'claude', table.unpack(extra) }``), and a string
  joined with ``..`` (``'claude ' .. flags``), are given as *computed* too: what they start a program with
  cannot be known, so they cannot confirm a condition about a program they name (as a startup line that starts
  the tool with a variable no file sets). A field's value or a call's argument is no list item (``label =
  'claude'`` starts nothing). A ``default_prog`` that is no literal list and names no program is noted in the
  audit only: it could be anything, and so could any expression of any Lua file;
- the VS Code family's integrated terminal (the user settings files
  :data:`tui.core.editor_settings.EDITOR_SETTINGS` names, each editor's profiles' too): ``terminal.integrated.profiles.<platform>`` (each profile's ``path`` and ``args``), its
  ``automationProfile``, and the older ``terminal.integrated.shell``/``shellArgs``, for this machine's platform;
- systemd user units (``$XDG_CONFIG_HOME/systemd/user/*.service``, ``$XDG_DATA_HOME/systemd/user/*.service`` and
  the ``*.service.d/*.conf`` drop-ins of those folders, a unit's installed elsewhere and every service's
  ``service.d`` too): each ``Exec…=`` line of ``[Service]`` (its ``-@:+!`` prefixes dropped, split and unescaped
  as systemd does), with the literal ``Environment=`` values of the same unit put in for ``$NAME``/``${NAME}``
  (at most :data:`MAX_UNIT_WORDS` words made); a reference no such line sets (an ``EnvironmentFile=``'s) is
  computed;
- macOS launch agents (``~/Library/LaunchAgents/*.plist``, XML or binary, read with :mod:`plistlib` by
  :mod:`tui.core.launch_agents`, which bounds them alike): ``Program`` and ``ProgramArguments``;
- Windows Terminal's ``settings.json`` (the Store build's, Preview's, Canary's and the unpackaged one's): each
  profile's ``commandline`` (``profiles.list``, ``profiles.defaults``, an old file's ``profiles`` list) and each
  action's (a ``wt`` action's, and ``startupActions``: wt's own command line, each ``;`` subcommand a line), and
  each line a ``sendInput`` action types; the JSON fragments applications add, the user's and the machine's
  (``Windows Terminal/Fragments/<app>/*.json``), read the same way;
- the VS Code family's tasks that run when a folder opens (``"runOptions": {"runOn": "folderOpen"}``, and the
  tasks they depend on): the user's ``tasks.json`` beside each editor's settings (each profile's too), and the
  ``.vscode/tasks.json`` of each folder the editors list as opened (:data:`TASK_FOLDERS`: the lists and the
  bound of the project MCP files, :mod:`tui.core.agents.projects`; never a walk);
- Konsole's profiles (``$XDG_DATA_HOME/konsole/*.profile``, its Flatpak's: ``[General]`` ``Command=``; the one
  ``konsolerc``'s ``DefaultProfile`` names by a path);
- GNOME Terminal's and Ptyxis's profiles in dconf's database (``$XDG_CONFIG_HOME/dconf/user``, glib's GVDB
  format, read by :func:`gvdb_values`) and in the GLib keyfile of Ptyxis's Flatpak: a profile's
  ``custom-command`` where ``use-custom-command`` is on;
- iTerm2's profiles (``com.googlecode.iterm2.plist``'s ``New Bookmarks``, the files of ``DynamicProfiles``: a
  ``Command`` its ``Custom Command`` runs, each line of an ``Initial Text``) and Terminal.app's (each ``Window
  Settings`` profile's ``CommandString`` and ``Shell``);
- a key that types a command into the shell: Ghostty's ``keybind = …=text:…`` and kitty's ``map … send_text``
  (their escapes decoded, each line it enters), and the session file kitty's ``goto_session`` opens.

A file that is there but cannot be read (too big, a link loop, not readable) or parsed (malformed TOML, JSON or
property list) is *unread*: it cannot confirm a condition, and the audit says why. Nothing of a line is kept
but the file, the line's number (1 where a binary file has none) and its words, which the conditions compare
at once. Past the bounds (:data:`MAX_LINES` lines a file, :data:`MAX_LUA_DEPTH` nested tables, the listed
folders' :data:`MAX_FOLDER_FILES`) the file or folder is unread too. The files these settings include are read
as their own (:func:`_include`: tmux's ``source-file``, kitty's ``include``, Ghostty's ``config-file``, foot's
``include``, Alacritty's ``import``, WezTerm's ``require`` of the config's folders, iTerm2's preferences from a
custom folder).
"""

from __future__ import annotations

import json
import re
import shlex
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tui.core.editor_settings import EDITOR_SETTINGS, may_hold
from tui.core.launch_agents import launch_agent
from tui.core.locations import expand_all, token_sets
from tui.core.machine import MAX_MANIFEST_BYTES, Disk, FileMissing, Machine, ReadSkipped

MAX_SETTINGS_BYTES = 1024 * 1024  # a terminal's or editor's settings are a few KiB
MAX_FOLDER_FILES = 200  # files of one listed folder read (systemd units, launch agents), the first by name
MAX_FOLDER_NAMES = 20_000  # names of such a folder listed; a bigger one is unread
MAX_DROP_INS = 32  # a unit's drop-in files read; past them the unit is unread
MAX_UNIT_WORDS = 10_000  # words a unit's Exec lines make with its variables put in; past them the unit is unread
MAX_LIST = 1000  # entries of one list of a settings file looked at (profiles, bindings)
MAX_LUA_DEPTH = 100  # tables nested in a WezTerm config read (a config nests 4 or 5)
MAX_LINES = 5_000  # lines of one file given as a launcher's (a tmux.conf has a few hundred); past it, unread
MAX_INCLUDED = 32  # files the settings include (source-file, include, import, require) read, in all
MAX_INCLUDE_DEPTH = 4  # an included file's includes, and theirs: levels followed
_UNIX = ("linux", "macos")


@dataclass(frozen=True)
class LauncherFile:
    """One place a launcher keeps its settings: a location template (a ``*`` last: the folder's files of that
    suffix, listed), the platforms it is read on, and its format (the reader :data:`_READERS` names)."""

    template: str
    platforms: tuple[str, ...]
    kind: str


_WINDOWS_TERMINAL = (
    "{localappdata}/Packages/Microsoft.WindowsTerminal_8wekyb3d8bbwe/LocalState/settings.json",
    "{localappdata}/Packages/Microsoft.WindowsTerminalPreview_8wekyb3d8bbwe/LocalState/settings.json",
    "{localappdata}/Packages/Microsoft.WindowsTerminalCanary_8wekyb3d8bbwe/LocalState/settings.json",
    "{localappdata}/Microsoft/Windows Terminal/settings.json",  # the unpackaged build's
)
LAUNCHER_FILES: tuple[LauncherFile, ...] = (
    LauncherFile("{home}/.tmux.conf", _UNIX, "tmux"),
    LauncherFile("{xdg_config}/tmux/tmux.conf", _UNIX, "tmux"),
    # oh-my-tmux's user file, which its .tmux.conf runs `tmux source` on (a `run` line: no include to follow)
    LauncherFile("{home}/.tmux.conf.local", _UNIX, "tmux"),
    LauncherFile("{xdg_config}/tmux/tmux.conf.local", _UNIX, "tmux"),
    LauncherFile("{xdg_config}/kitty/kitty.conf", _UNIX, "kitty"),
    LauncherFile("{env:KITTY_CONFIG_DIRECTORY}/kitty.conf", _UNIX, "kitty"),
    LauncherFile("{home}/Library/Preferences/kitty/kitty.conf", ("macos",), "kitty"),
    LauncherFile("{xdg_config}/ghostty/config", _UNIX, "kitty"),  # `command = …`: key, value, as kitty's
    LauncherFile("{home}/Library/Application Support/com.mitchellh.ghostty/config", ("macos",), "kitty"),
    LauncherFile("{xdg_config}/foot/foot.ini", ("linux",), "kitty"),  # `shell=…`
    LauncherFile("{xdg_config}/alacritty/alacritty.toml", _UNIX, "alacritty"),
    LauncherFile("{xdg_config}/alacritty.toml", _UNIX, "alacritty"),
    LauncherFile("{home}/.alacritty.toml", _UNIX, "alacritty"),
    LauncherFile("{appdata}/alacritty/alacritty.toml", ("windows",), "alacritty"),
    # Alacritty before 0.13 read YAML (the same keys, and key_bindings/mouse_bindings): read as its TOML
    LauncherFile("{xdg_config}/alacritty/alacritty.yml", _UNIX, "alacritty"),
    LauncherFile("{xdg_config}/alacritty.yml", _UNIX, "alacritty"),
    LauncherFile("{home}/.alacritty.yml", _UNIX, "alacritty"),
    LauncherFile("{appdata}/alacritty/alacritty.yml", ("windows",), "alacritty"),
    LauncherFile("{home}/.wezterm.lua", (*_UNIX, "windows"), "wezterm"),
    LauncherFile("{xdg_config}/wezterm/wezterm.lua", _UNIX, "wezterm"),
    LauncherFile("{home}/.config/wezterm/wezterm.lua", ("windows",), "wezterm"),
    LauncherFile("{env:WEZTERM_CONFIG_FILE}", (*_UNIX, "windows"), "wezterm"),  # (a file: the variable names it)
    LauncherFile("{xdg_config}/systemd/user/*.service", ("linux",), "systemd"),
    LauncherFile("{xdg_data}/systemd/user/*.service", ("linux",), "systemd"),
    LauncherFile("{home}/Library/LaunchAgents/*.plist", ("macos",), "launchd"),
    *(LauncherFile(t, ("windows",), "windows-terminal") for t in _WINDOWS_TERMINAL),
    # the JSON fragments applications add to Windows Terminal (profiles, actions: the settings' own shape), the
    # user's and the machine's: <app>/*.json, each app's folder listed (a ``*`` folder: one level)
    LauncherFile("{localappdata}/Microsoft/Windows Terminal/Fragments/*/*.json", ("windows",), "windows-terminal"),
    LauncherFile("/ProgramData/Microsoft/Windows Terminal/Fragments/*/*.json", ("windows",), "windows-terminal"),
    # Konsole's profiles (INI: [General] Command=); konsolerc's DefaultProfile names one of them (or one of the
    # system's, which no user writes): every profile of the user's is read, as a menu entry is
    LauncherFile("{xdg_data}/konsole/*.profile", ("linux",), "konsole"),
    LauncherFile("{home}/.var/app/org.kde.konsole/data/konsole/*.profile", ("linux",), "konsole"),  # its Flatpak's
    # konsolerc's DefaultProfile: a name is one of those profiles (or the system's); a path, a profile elsewhere
    LauncherFile("{xdg_config}/konsolerc", ("linux",), "konsolerc"),
    # GNOME Terminal's and Ptyxis's profiles: dconf's database of the user's settings (GVDB, binary)
    LauncherFile("{xdg_config}/dconf/user", ("linux",), "dconf"),
    # Ptyxis's Flatpak keeps its settings in GLib's keyfile instead ([org/gnome/Ptyxis/Profiles/<id>])
    *(
        LauncherFile(f"{{home}}/.var/app/{app}/config/glib-2.0/settings/keyfile", ("linux",), "gsettings-keyfile")
        for app in ("app.devsuite.Ptyxis", "org.gnome.Ptyxis")
    ),
    # iTerm2's preferences (its profiles: New Bookmarks) and its dynamic profiles (JSON or property lists)
    LauncherFile("{home}/Library/Preferences/com.googlecode.iterm2.plist", ("macos",), "iterm2"),
    LauncherFile("{home}/Library/Application Support/iTerm2/DynamicProfiles/*", ("macos",), "iterm2"),
    # Terminal.app's preferences: each profile's (Window Settings) command and shell
    LauncherFile("{home}/Library/Preferences/com.apple.Terminal.plist", ("macos",), "terminal-app"),
)
# the folders the VS Code family's editors list as opened (tui.core.agents.projects: their workspaceStorage),
# whose .vscode/tasks.json the editor reads on opening the folder: the lists and the bound the project MCP
# files are read with (never a walk)
TASK_FOLDERS = ("{vscode_project}", "{cursor_project}", "{kiro_project}")
# the VS Code family's user settings files are tui.core.editor_settings.EDITOR_SETTINGS (read by
# tui.core.startup for the variables their terminal sets): read here for the shells it starts
_TERMINAL_PLATFORM = {"linux": "linux", "macos": "osx", "windows": "windows"}
# what a WezTerm line computes: in a condition's detail
LUA_COMPUTED = "values its Lua computes"
UNIT_VARIABLE = "a variable the unit does not set"


@dataclass
class LauncherLines:
    """What the launchers' settings start: each line as (machine path, line number, words); the lines that name
    a program among words that cannot be known (the same, and what they are: :data:`LUA_COMPUTED`, a unit's
    unset variable); and the files that could not be read, as shown."""

    lines: list[tuple[str, int, list[str]]] = field(default_factory=list)
    computed: list[tuple[str, int, list[str], str]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    # (machine path, line number) of each line that includes a file named at run time (a variable, a format)
    unfollowed: list[tuple[str, int]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # lines given by each file
    read: set[str] = field(default_factory=set)  # the files read, each once (an include loop ends there)
    included: int = 0  # of them, those the others include


def launcher_setting_lines(disk: Disk, machine: Machine) -> LauncherLines:
    """Every launcher setting of :data:`LAUNCHER_FILES` (and the editors' terminal profiles) on this machine,
    made once a scan however many conditions ask."""
    memo: dict[tuple, LauncherLines] = disk.remembered("launcher settings: lines", dict)
    sets = token_sets(machine)
    key = (machine.platform, tuple(tuple(sorted(s.items())) for s in sets))
    if key not in memo:
        memo[key] = _read_all(disk, machine, sets)
    found = memo[key]
    return LauncherLines(list(found.lines), list(found.computed), list(found.unread), list(found.unfollowed))


def _read_all(disk: Disk, machine: Machine, sets: list[dict[str, str]]) -> LauncherLines:
    from tui.core.agents.projects import project_paths

    out = LauncherLines()
    files: dict[str, str] = {}  # path -> kind
    for spec in LAUNCHER_FILES:
        if machine.platform not in spec.platforms:
            continue
        for path in expand_all(spec.template, machine, sets):
            folder, _, name = path.rpartition("/")
            if folder.endswith("/*"):  # each folder of the folder (one level), its files listed: 200 in all
                found = [f for each in _subfolders(disk, folder[:-2], out) for f in _listed(disk, each, name[1:], out)]
                if len(found) > MAX_FOLDER_FILES:
                    disk.skip(folder[:-2], f"{len(found)} launchers: the first {MAX_FOLDER_FILES} read")
                    out.unread.append(disk.display(folder[:-2]))
                for file in found[:MAX_FOLDER_FILES]:
                    files.setdefault(file, spec.kind)
            elif name.startswith("*"):
                for file in _listed(disk, folder, name[1:], out):
                    files.setdefault(file, spec.kind)
                if spec.kind == "systemd":  # drop-ins of a unit installed elsewhere, and those of every service
                    for file in _drop_in_units(disk, folder):
                        files.setdefault(file, spec.kind)
            else:
                files.setdefault(path, spec.kind)
    for template in EDITOR_SETTINGS:
        for path in expand_all(template, machine, sets):
            if not may_hold(disk, path.partition("/User/")[0]):
                continue
            folder, _, name = path.rpartition("/")
            for file in [f"{d}/{name}" for d in disk.glob_dirs(folder)] if "*" in folder else [path]:
                files.setdefault(file, "vscode")
                if "/User/" in file:  # the user's tasks, beside the user's (a profile's) settings
                    files.setdefault(f"{file.rpartition('/')[0]}/tasks.json", "vscode-tasks")
    for token in TASK_FOLDERS:
        for file in project_paths(disk, f"{token}/.vscode/tasks.json"):
            files.setdefault(file, "vscode-tasks")
    for path, kind in files.items():
        if path not in out.read:
            out.read.add(path)
            _READERS[kind](disk, machine, path, out, 0)
    out.unread = list(dict.fromkeys(out.unread))
    return out


def _listed(disk: Disk, folder: str, suffix: str, out: LauncherLines) -> list[str]:
    """The files of ``folder`` whose names end with ``suffix``, the first :data:`MAX_FOLDER_FILES` by name (more,
    or a folder too big to list, is unread: what the rest start is not known)."""
    children = disk.small_children(folder, MAX_FOLDER_NAMES)
    if children is None:
        disk.skip(folder, f"more than {MAX_FOLDER_NAMES:,} names: launchers not read")
        out.unread.append(disk.display(folder))
        return []
    names = sorted(n for n in children.names() if n.endswith(suffix) and not n.startswith("."))
    if len(names) > MAX_FOLDER_FILES:
        disk.skip(folder, f"{len(names)} launchers: the first {MAX_FOLDER_FILES} read")
        out.unread.append(disk.display(folder))
    return [f"{folder.rstrip('/')}/{n}" for n in names[:MAX_FOLDER_FILES]]


def _subfolders(disk: Disk, folder: str, out: LauncherLines) -> list[str]:
    """The folders of ``folder`` (not hidden), the first :data:`MAX_FOLDER_FILES` by name (more, or a folder too
    big to list, is unread)."""
    children = disk.small_children(folder, MAX_FOLDER_NAMES)
    if children is None:
        disk.skip(folder, f"more than {MAX_FOLDER_NAMES:,} names: launchers not read")
        out.unread.append(disk.display(folder))
        return []
    names = sorted(
        n for n in children.names() if not n.startswith(".") and (children[n].is_dir or children[n].is_symlink)
    )
    if len(names) > MAX_FOLDER_FILES:
        disk.skip(folder, f"{len(names)} folders: the first {MAX_FOLDER_FILES} read")
        out.unread.append(disk.display(folder))
    return [f"{folder.rstrip('/')}/{n}" for n in names[:MAX_FOLDER_FILES]]


def _drop_in_units(disk: Disk, folder: str) -> list[str]:
    """Where a listed unit folder has drop-ins of its own (``NAME.service.d``, ``service.d``: every service's),
    the unit each stands for (``folder/NAME.service``, ``folder/service``), read as a unit whose file may be
    elsewhere: its drop-ins are read all the same (systemd adds them to the unit of that name wherever it is
    installed, the system's own too). From the listing :func:`_listed` made (a folder too big is unread there)."""
    children = disk.small_children(folder, MAX_FOLDER_NAMES)
    if children is None:
        return []
    names = sorted(n for n in children.names() if n == "service.d" or n.endswith(".service.d"))
    return [f"{folder.rstrip('/')}/{n[:-2]}" for n in names[:MAX_FOLDER_FILES]]


def _text(disk: Disk, path: str, out: LauncherLines, limit: int = MAX_SETTINGS_BYTES) -> str | None:
    """The file's text (None when there is none); one that cannot be read is unread, and noted."""
    try:
        return disk.read_text_if_present(path, limit, errors="replace")
    except FileMissing:
        return None
    except ReadSkipped as exc:
        _unread(disk, path, str(exc), out)
        return None


def _unread(disk: Disk, path: str, why: str, out: LauncherLines) -> None:
    disk.skip_once(path, f"launcher settings unreadable: {why}")
    out.unread.append(disk.display(path))


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


def _line_index(text: str) -> Callable[[int], int]:
    """The line number of an offset of ``text``, looked up (a file of many lines is counted once)."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    return lambda offset: bisect_left(breaks, offset) + 1


def _add(disk: Disk, out: LauncherLines, path: str, number: int, words: list[str], computed: str = "") -> bool:
    """A line of ``path`` (``computed``: what of it cannot be known), unless the file has given
    :data:`MAX_LINES` already: then it is unread from there (what the rest start is not known). False when
    the file is past the bound."""
    count = out.counts.get(path, 0) + 1
    out.counts[path] = count
    if count > MAX_LINES:
        if count == MAX_LINES + 1:
            disk.skip_once(path, f"more than {MAX_LINES:,} launcher lines: the rest not read")
            out.unread.append(disk.display(path))
        return False
    if computed:
        out.computed.append((path, number, words, computed))
    else:
        out.lines.append((path, number, words))
    return True


def _include(
    disk: Disk, machine: Machine, including: str, number: int, target: str, kind: str, out: LauncherLines, depth: int
) -> None:
    """Read a file that ``including``'s line ``number`` includes, as a file of ``kind``: its lines are the
    launcher's too. ``target`` as the line gives it: absolute, under the home (``~``, ``$HOME``), or relative to
    the including file's folder where ``kind`` reads it so (not tmux's: relative to its client's folder); a last
    name with ``*`` the matching files of its folder. One named at run time (a variable, a tmux format) is
    *unfollowed*: it cannot confirm a condition, as a file a startup file sources by a computed name cannot
    (a framework's own config, oh-my-tmux's, names its files literally or runs them, which is no include); past :data:`MAX_INCLUDED` files or :data:`MAX_INCLUDE_DEPTH` levels the including file
    is unread (what the rest start is not known)."""
    from fnmatch import fnmatchcase

    from tui.core.startup_reading import folder_named

    value = target.strip().strip("\"'")
    if kind != "tmux" and value and not value.startswith(("/", "~", "$")) and not (len(value) > 2 and value[1] == ":"):
        value = f"{including.rpartition('/')[0]}/{value}"
    placed = folder_named(value, machine) if value else None
    if placed is None or "*" in placed.rpartition("/")[0] or any(c in placed for c in "?[{"):
        disk.skip_once(including, f"line {number} includes a file named at run time: not followed")
        out.unfollowed.append((including, number))
        return
    folder, _, name = placed.rpartition("/")
    if "*" in name:
        children = disk.small_children(folder, MAX_FOLDER_NAMES)
        if children is None:  # what the glob matches there is not known
            disk.skip_once(folder, f"more than {MAX_FOLDER_NAMES:,} names: launchers not read")
            _unread(disk, including, f"line {number} includes files of a folder too big to list", out)
            return
        paths = [f"{folder}/{n}" for n in sorted(children.names()) if fnmatchcase(n, name)]
    else:
        paths = [placed]
    for path in paths:
        if path in out.read:
            continue
        if depth + 1 > MAX_INCLUDE_DEPTH or out.included >= MAX_INCLUDED:
            disk.skip_once(
                including, f"includes more files than aicheck follows ({MAX_INCLUDED}, {MAX_INCLUDE_DEPTH} deep)"
            )
            out.unread.append(disk.display(including))
            return
        out.read.add(path)
        out.included += 1
        _READERS[kind](disk, machine, path, out, depth + 1)


def _split(line: str) -> list[str]:
    """A shell line's words, quotes taken off (as written, where they do not close)."""
    try:
        return shlex.split(line, comments=False, posix=True)
    except ValueError:
        return line.split()


# -- tmux ----------------------------------------------------------------------------------------------------


def _tmux(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """Every command of a tmux config: its words, each a shell line where tmux hands one to a shell; a word
    that is a command of its own (``set-hook … 'new-window "claude …"'``, ``if-shell … '…'``, ``bind C '…'``) read
    again as a command, :data:`MAX_TMUX_NESTING` levels; the files ``source-file`` (``source``) reads are read
    too (``$XDG_CONFIG_HOME`` and XDG's other folders known, and ``-F``'s ``#{d:current_file}``, the folder of
    the file that reads it)."""
    text = _text(disk, path, out)
    if not text:
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#") or not line.strip():
            continue
        for words in _tmux_words(line):
            flat, inner = _tmux_flat(words, 0)
            if not _add(disk, out, path, number, flat):
                return
            for command in (words, *inner):
                if command[0] not in ("source-file", "source"):
                    continue
                flags = "".join(w[1:] for w in command[1:] if w.startswith("-"))
                for target in (w for w in command[1:] if not w.startswith("-")):
                    placed = _tmux_target(target, path, machine, "F" in flags)
                    for each in placed if isinstance(placed, list) else [placed]:
                        _include(disk, machine, path, number, each, "tmux", out, depth)


def _tmux_flat(words: list[str], level: int) -> tuple[list[str], list[list[str]]]:
    """(a tmux command's words with each argument that holds a space replaced by the words of the commands it
    holds, read again as tmux reads them: a hook's, an ``if-shell``'s, a binding's, a shell line too; those
    commands), to :data:`MAX_TMUX_NESTING` levels (past them the argument is kept whole)."""
    flat, commands = [words[0]], []
    for word in words[1:]:
        if level < MAX_TMUX_NESTING and " " in word.strip():
            for command in _tmux_words(word):
                inner_flat, inner = _tmux_flat(command, level + 1)
                flat += inner_flat
                commands += [command, *inner]
        else:
            flat.append(word)
    return flat, commands


MAX_TMUX_NESTING = 3  # a command in a command's argument, and so on: levels read (a config nests one)
# tmux's escapes, in double quotes and out of quotes (single quotes keep their text): \ooo (octal), \uXXXX,
# \UXXXXXXXX, one letter
_TMUX_ESCAPE = re.compile(r"\\(?:([0-7]{3})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_TMUX_LETTERS = {"a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "s": " ", "t": "\t", "v": "\v"}


def _tmux_escape(m: re.Match[str]) -> str:
    octal, short, long_, other = m.groups()
    if other is not None:
        return _TMUX_LETTERS.get(other, other)
    code = int(octal, 8) if octal else int(short or long_, 16)
    return chr(code) if code <= 0x10FFFF else m.group(0)


def _tmux_words(line: str) -> list[list[str]]:
    """The commands of a tmux config line, each as its words, as tmux reads them: single quotes keep their text,
    double quotes and unquoted words decode tmux's escapes (``\\055`` a ``-``), an unquoted ``;`` ends a command,
    an unquoted ``#`` at a word's start the line. ``$NAME`` and ``~`` are kept as written (an include reads
    them). A quote that does not close: the line's words as written, so nothing it names is missed."""
    commands, closed = _quoted_words(line, _TMUX_ESCAPE, _tmux_escape, single_quotes_literal=True, tmux=True)
    return commands if closed else [line.split()]


def _quoted_words(
    line: str,
    escape: re.Pattern[str],
    decode: Callable[[re.Match[str]], str],
    *,
    single_quotes_literal: bool,
    tmux: bool,
) -> tuple[list[list[str]], bool]:
    """(the commands of ``line``, each as its words; whether every quote closed): white space between words,
    single or double quotes around one, ``escape`` decoded by ``decode`` (not inside single quotes when they
    are literal); with ``tmux``, an unquoted ``;`` ends a command and an unquoted ``#`` at a word's start the
    line. The one lexer of tmux's lines and systemd's values."""
    commands: list[list[str]] = [[]]
    word: list[str] = []
    started = False  # a word begun (an empty quoted one too)
    quote = ""
    i, size = 0, len(line)
    while i < size:
        c = line[i]
        if c == "\\" and not (quote == "'" and single_quotes_literal):
            m = escape.match(line, i)
            if m is not None:
                word.append(decode(m))
                started = True
                i = m.end()
                continue
        if quote:
            if c == quote:
                quote = ""
            else:
                word.append(c)
        elif c in "\"'":
            quote = c
            started = True
        elif c.isspace() or (tmux and c == ";"):
            if started:
                commands[-1].append("".join(word))
                word, started = [], False
            if c == ";":
                commands.append([])
        elif tmux and c == "#" and not started:
            break
        else:
            word.append(c)
            started = True
        i += 1
    if started:
        commands[-1].append("".join(word))
    return [c for c in commands if c], not quote


def _tmux_target(target: str, including: str, machine: Machine, formatted: bool) -> str | list[str]:
    """A ``source-file`` path with what the config's reading knows put in: XDG's folders (``$XDG_CONFIG_HOME``,
    ``${XDG_DATA_HOME}`` …: each folder the scan looks in for it, by its default where nothing moves it) and,
    for ``-F``, ``#{d:current_file}`` (the including file's folder); any other format stays ``$``: named at
    run time."""
    from tui.core.locations import token_sets
    from tui.core.sourced_files import XDG_DEFAULTS, xdg_folder

    if formatted:
        target = target.replace("#{d:current_file}", including.rpartition("/")[0])
        if "#{" in target:
            return "$"
    m = re.match(r"\$(?:\{(XDG_[A-Z]+_HOME)\}|(XDG_[A-Z]+_HOME)\b)", target)
    if m is None:
        return target
    var, rest = m.group(1) or m.group(2), target[m.end() :]
    home = machine.home.rstrip("/")
    if var == "XDG_CONFIG_HOME":
        folders = [t["xdg_config"] for t in token_sets(machine) if "xdg_config" in t]
    elif var in XDG_DEFAULTS:
        folders = [xdg_folder(machine, var, f"{home}/{XDG_DEFAULTS[var]}")]
    else:
        return target
    return [f"{folder}{rest}" for folder in dict.fromkeys(folders)] or target


# -- kitty, Ghostty, foot: a key, then a value that is a command line ----------------------------------------

_SETTING = re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*(?:=\s*|\s+)(.*)$")


# the settings that read another file: kitty's include and globinclude, Ghostty's config-file (``?`` before an
# optional one), foot's include; kitty's startup_session (its session file's ``launch …`` lines: a key, then a
# command line, read as kitty.conf's own) too, unless it is ``none``
_INCLUDES = frozenset({"include", "globinclude", "config-file", "envinclude"})


def _key_value(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    from tui.core.startup_reading import folder_named

    text = _text(disk, path, out)
    if not text:
        return
    for number, line in _continued(text):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";", "[")):
            continue
        m = _SETTING.match(line)
        if m:
            key, value = m.group(1), m.group(2)
            if key.startswith("pipe-") and value.lstrip().startswith("["):  # foot: [command] keys
                value = value.lstrip()[1:].rpartition("]")[0]
            elif key in ("command", "initial-command"):  # Ghostty's direct: (its words) and shell: (sh -c)
                value = re.sub(r"^\s*(?:direct|shell):", "", value)
            if not _add(disk, out, path, number, [key, *_split(value)]):
                return
            typed = _TYPED.search(value) if key in ("keybind", "map") else None
            if typed:  # text a key types into the shell (Ghostty's text:, kitty's send_text): each line it enters
                for entered in re.split(r"[\r\n]+", _TEXT_ESCAPE.sub(_text_escape, typed.group(1)))[:MAX_LIST]:
                    if entered.strip() and not _add(disk, out, path, number, [key, *_split(entered)]):
                        return
            if key in _INCLUDES or (key == "startup_session" and value.strip() != "none"):
                target = value.strip().strip('"').lstrip("?") if key != "envinclude" else "$"
                _include(disk, machine, path, number, target, "kitty", out, depth)
            session = _GOTO_SESSION.search(value) if key == "map" else None
            if session:  # kitty's goto_session: the session file it opens (a folder: each file in it, offered)
                target = session.group(1)
                placed = folder_named(
                    target if target.startswith(("/", "~", "$")) else f"{path.rpartition('/')[0]}/{target}", machine
                )
                folder = placed is not None and disk.is_dir(placed)
                _include(
                    disk, machine, path, number, f"{target.rstrip('/')}/*" if folder else target, "kitty", out, depth
                )


# the text a key types: Ghostty's ``keybind = <keys>=text:<text>``, kitty's ``map <keys> send_text <mode> <text>``
_TYPED = re.compile(r"(?:(?:^|[=\s])text:|\bsend_text\s+\S+\s)(.*)$", re.DOTALL)
# their escapes (Zig's string escapes in Ghostty's, Python's in kitty's): \xHH, \u{H…}, \uHHHH, one letter
_TEXT_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|(.))", re.DOTALL)
_TEXT_LETTERS = {"n": "\n", "r": "\r", "t": "\t", "e": "\x1b", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
# kitty's goto_session action: the session file (its last word; ``-`` goes back to the previous session)
_GOTO_SESSION = re.compile(r"\bgoto_session\s+(?:--?\S+\s+)*([^-\s]\S*)")


def _text_escape(m: re.Match[str]) -> str:
    hexa, braced, short, other = m.groups()
    if other is not None:
        return _TEXT_LETTERS.get(other, other)
    code = int(hexa or braced or short, 16)
    return chr(code) if code <= 0x10FFFF else m.group(0)


def _continued(text: str) -> list[tuple[int, str]]:
    """A settings file's logical lines, each on its first line's number: kitty's line that starts with ``\\``
    (after white space) continues the one before, the backslash and the white space before it dropped."""
    parts: list[tuple[int, list[str]]] = []  # (a part each: a file of many such lines is joined once)
    for number, line in enumerate(text.splitlines(), 1):
        rest = line.lstrip()
        if rest.startswith("\\") and parts:
            parts[-1][1].append(rest[1:])
        else:
            parts.append((number, [line]))
    return [(number, "".join(line)) for number, line in parts]


# -- Alacritty -----------------------------------------------------------------------------------------------


def _alacritty(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    from tui.core.bounded_read import ParseFailed
    from tui.core.safe_toml import parse_toml
    from tui.core.safe_yaml import parse_yaml

    text = _text(disk, path, out)
    if not text:
        return
    try:
        loaded = parse_yaml(text) if path.endswith((".yml", ".yaml")) else parse_toml(text)
    except ParseFailed as exc:
        _unread(disk, path, str(exc), out)
        return
    data = loaded if isinstance(loaded, dict) else {}
    general = data.get("general")
    imports: list[object] = []  # [general] import (0.14), and the root's (before it): both, as either is read
    for where in (general if isinstance(general, dict) else {}, data):
        listed = where.get("import")
        imports += listed[:MAX_LIST] if isinstance(listed, list) else []
    for target in imports[:MAX_LIST]:
        if isinstance(target, str):
            number = _line_at(text, text.find(target)) if target in text else 1  # (imports: a few)
            _include(disk, machine, path, number, target, "alacritty", out, depth)
    commands: list[object] = []
    terminal = data.get("terminal")
    if isinstance(terminal, dict):
        commands.append(terminal.get("shell"))
    commands.append(data.get("shell"))
    bell = data.get("bell")  # [bell] command: run whenever the bell rings
    commands.append(bell.get("command") if isinstance(bell, dict) else None)
    keyboard, mouse, hints = (data.get(k) for k in ("keyboard", "mouse", "hints"))
    # the key and mouse bindings' and the hints' commands ([keyboard] and [mouse] bindings; the YAML's
    # key_bindings and mouse_bindings)
    for items in (
        keyboard.get("bindings") if isinstance(keyboard, dict) else None,
        mouse.get("bindings") if isinstance(mouse, dict) else None,
        hints.get("enabled") if isinstance(hints, dict) else None,
        data.get("key_bindings"),
        data.get("mouse_bindings"),
    ):
        if isinstance(items, list):
            commands += [i.get("command") for i in items[:MAX_LIST] if isinstance(i, dict)]
    at_line = _line_index(text)
    after = 0
    for command in commands:
        words = _program_args(command)
        if words:
            at = text.find(words[0], after)
            after = at + 1 if at >= 0 else after
            _add(disk, out, path, at_line(at) if at >= 0 else 1, words)


def _program_args(value: object) -> list[str]:
    """A command written as a string (a shell line) or as ``{ program, args }``: its words."""
    if isinstance(value, str):
        return _split(value)
    if isinstance(value, dict):
        program = value.get("program")
        args = value.get("args")
        words = [program] if isinstance(program, str) else []
        if isinstance(args, list):
            words += [a for a in args[:MAX_LIST] if isinstance(a, str)]
        elif isinstance(args, str):
            words.append(args)
        return words
    return []


# -- WezTerm (Lua) -------------------------------------------------------------------------------------------

# a Lua file's tokens that matter: comments (skipped), strings (short and long), the table's braces and
# separators, the concatenation operator; the rest is "other". A long comment's or long string's opening bracket
# alone: its end is found once with str.find (:func:`_lua_tokens`), so an unclosed one costs one scan, not one
# for every place after it
_LUA_TOKEN = re.compile(
    r"--\[(?P<lc>=*)\["  # a long comment's start
    r"|--[^\n]*"  # a line comment
    r"|\[(?P<ls>=*)\["  # a long string's start
    r"|\"(?P<dq>(?:[^\"\\\n]|\\z\s*|\\.)*)\"?"  # a short string (an unclosed one ends at the line's end;
    r"|'(?P<sq>(?:[^'\\\n]|\\z\s*|\\.)*)'?"  # \z skips the white space after it, line breaks too)
    r"|(?P<punct>\.\.|[{},;])"
    r"|(?P<other>[^\s\"'{},;\[\-.]+|[\[\-.])",
    re.DOTALL,
)
_LUA_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\n": "\n"}
# Lua's escapes: \xXX (hex), \ddd (decimal, up to three digits), \u{XXX}, \z (skips the white space after it), one
# letter; any other character stands for itself
_LUA_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|([0-9]{1,3})|u\{([0-9A-Fa-f]{1,8})\}|(z)\s*|(.))", re.DOTALL)


def _lua_tokens(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, value) of each Lua token but comments (kinds as :func:`_lua_token`); a long bracket's
    close is looked for once, and one that never closes runs to the file's end (as Lua reads it: an error)."""
    pos, size = 0, len(text)
    while pos < size:
        m = _LUA_TOKEN.search(text, pos)
        if m is None:
            return
        level = m.group("lc") if m.group("lc") is not None else m.group("ls")
        if level is not None:
            close = "]" + level + "]"
            end = text.find(close, m.end())
            body_end = end if end >= 0 else size
            pos = body_end + len(close) if end >= 0 else size
            if m.group("ls") is not None:
                body = text[m.end() : body_end]
                yield m.start(), "s", body[1:] if body.startswith("\n") else body  # (a first newline: skipped)
            continue
        pos = m.end()
        if m.group(0).startswith("--"):
            continue
        kind, value = _lua_token(m)
        yield m.start(), kind, value


def _lua_string(raw: str) -> str:
    return _LUA_ESCAPE.sub(_lua_escape, raw) if "\\" in raw else raw


def _lua_escape(m: re.Match[str]) -> str:
    hexa, dec, code, _z, other = m.groups()
    if hexa is not None:
        return chr(int(hexa, 16))
    if dec is not None:
        return chr(int(dec)) if int(dec) < 256 else m.group(0)
    if code is not None:
        return chr(int(code, 16)) if int(code, 16) <= 0x10FFFF else m.group(0)
    if other is None:  # \z: nothing
        return ""
    return _LUA_ESCAPES.get(other, other)


def _wezterm(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """Each literal list of strings is a line's words, each other string with a space a shell line; a list's
    strings among items Lua computes, or a string joined with ``..``, are computed (see the module's notes).
    One pass over the tokens, each open table keeping its strings until it closes."""
    text = _text(disk, path, out)
    if not text:
        return
    at_line = _line_index(text)
    found: list[tuple[int, list[str], bool]] = []  # (offset, words, computed)
    frames: list[_Table] = []
    top: list[list] = []  # the strings outside any table, as _Table.strings
    before = ("p", "{")  # the token before (at the file's start a string is as a list's first item)
    last: list | None = None  # the string just before, when it was the token before
    strings = 0
    index: int | None = None  # the list position a ``[n] =`` just before gives the next value
    skip = 0  # the end of that ``[n] =``: its tokens are no table's content
    for start, kind, value in _lua_tokens(text):
        if start < skip:
            continue
        table = frames[-1] if frames else None
        if (kind, value) == ("o", "[") and table is not None:
            key = _LUA_INDEX.match(text, start)
            if key:  # { [1] = 'claude', [2] = '--flag' }: a list written with its positions
                index, skip = int(key.group(1)), key.end()
                continue
        if kind == "s":
            strings += 1
            if strings > MAX_LINES:  # no config holds so many: what the rest starts is not read
                _unread(disk, path, f"more than {MAX_LINES:,} strings", out)
                break
            if before in (("o", "require"), ("o", "require(")):
                _require(disk, machine, path, at_line(start), value, out, depth)
            item = index is not None or (before[0] == "p" and before[1] in _ITEM_START)
            # value, offset, a list item, joined, its written position
            last = [value, start, item, before == ("p", ".."), index]
            (table.strings if table is not None else top).append(last)
        else:
            if (kind, value) == ("p", "..") and last is not None:
                last[3] = True
            if (kind, value) == ("p", "{"):
                if table is not None:
                    table.literal = False
                if len(frames) >= MAX_LUA_DEPTH:  # no config nests so: what the rest starts is not read
                    _unread(disk, path, f"tables nested more than {MAX_LUA_DEPTH} deep", out)
                    break
                frames.append(_Table())
            elif (kind, value) == ("p", "}") and frames:
                found += frames.pop().words()
            elif table is not None and (kind, value) not in (("p", ","), ("p", ";")):
                table.literal = False
            last = None
        before = (kind, value)
        index = None
    for table in frames:  # tables that never close: their strings as strings of their own
        top += table.strings
    found += _Table(top, literal=False).words(items=False)
    for offset, words, computed in sorted(found, key=lambda f: f[0]):
        if computed:
            _add(disk, out, path, at_line(offset), words, LUA_COMPUTED)
        else:
            _add(disk, out, path, at_line(offset), words)
    for prog in re.finditer(r"\bdefault_prog\s*=\s*(?!\{)", text):
        disk.skip_once(path, f"line {at_line(prog.start())}: default_prog is computed by Lua: not read")


def _lua_token(m: re.Match[str]) -> tuple[str, str]:
    """(kind, value) of a Lua token: "s" a string (its value), "p" a brace, separator or ``..``, "o" the rest."""
    for name in ("dq", "sq"):
        if m.group(name) is not None:
            return "s", _lua_string(m.group(name))
    return ("p", m.group("punct")) if m.group("punct") is not None else ("o", m.group(0))


@dataclass(slots=True)
class _Table:
    """A Lua table being read: its strings as [value, offset, a list item, joined with ``..``, the position a
    ``[n] =`` gives it or None], and whether it is a literal list of strings (nothing else in it)."""

    strings: list[list] = field(default_factory=list)
    literal: bool = True

    def words(self, items: bool = True) -> list[tuple[int, list[str], bool]]:
        """(offset, words, computed) of what it starts: a literal list's strings as one line's words; else its
        items' (a list that also holds what Lua computes) as a line and as computed, and each other string a
        shell line where it holds a space (computed where joined: a word alone starts nothing with a flag)."""
        if not self.strings:
            return []
        if self.literal and items:
            return [(self.strings[0][1], [s[0] for s in _positioned(self.strings)], False)]
        out: list[tuple[int, list[str], bool]] = []
        listed = _positioned([s for s in self.strings if s[2]]) if items else []
        if listed:
            words = [w for s in listed for w in _split(s[0])]
            out += [(listed[0][1], words, False), (listed[0][1], words, True)]
        for value, offset, item, joined, _at in self.strings:
            if items and item:
                continue
            if joined:
                out.append((offset, _split(value), True))
            elif any(c.isspace() for c in value.strip()):
                out.append((offset, _split(value), False))
        return out


def _require(disk: Disk, machine: Machine, path: str, number: int, name: str, out: LauncherLines, depth: int) -> None:
    """A Lua module the config requires, where WezTerm looks for it in the user's folders (the config's own
    folder and ``~/.config/wezterm``: ``name.lua`` or ``name/init.lua``, dots as folders); a module found in
    neither (``wezterm`` itself, a library installed elsewhere) is not the user's launcher settings."""
    if not re.fullmatch(r"[\w.-]+", name) or name == "wezterm":
        return
    rel = name.replace(".", "/")
    home = machine.home.rstrip("/")
    for folder in dict.fromkeys((path.rpartition("/")[0], f"{home}/.config/wezterm")):
        for candidate in (f"{folder}/{rel}.lua", f"{folder}/{rel}/init.lua"):
            if disk.is_file(candidate):
                _include(disk, machine, path, number, candidate, "wezterm", out, depth)
                return


def _positioned(strings: list[list]) -> list[list]:
    """A list's strings in the order Lua gives them: an item without a position takes the next (1, 2, …), one
    written ``[n] = …`` its own."""
    counted = 0
    keyed: list[tuple[int, int, list]] = []
    for order, entry in enumerate(strings):
        if entry[4] is None:
            counted += 1
        keyed.append((counted if entry[4] is None else entry[4], order, entry))
    return [entry for _n, _order, entry in sorted(keyed, key=lambda k: k[:2])]


# a list position written before a value: ``[1] =``
_LUA_INDEX = re.compile(r"\[\s*(\d{1,9})\s*\]\s*=(?!=)\s*")
# what comes before a string that is a list item (or part of one): the list's brace, a separator, a
# concatenation; after a field's ``=`` or a call's ``(`` it is a value or an argument, no item
_ITEM_START = frozenset({"{", ",", ";", ".."})


# -- the VS Code family's integrated terminal ----------------------------------------------------------------


def _json(disk: Disk, path: str, out: LauncherLines) -> tuple[str, object] | None:
    from tui.core.safe_json import load_jsonc

    # (an editor's settings: as big as the other readers of the same file take them)
    text = _text(disk, path, out, MAX_MANIFEST_BYTES)
    if not text:
        return None
    try:
        return text, load_jsonc(text)
    except ReadSkipped as exc:  # a parse failure: where, in plain words
        _unread(disk, path, str(exc), out)
        return None


def _setting(data: object, key: str) -> object:
    """A VS Code setting written flat (``"a.b.c": …``) or nested (``"a": {"b": {"c": …}}``)."""
    if not isinstance(data, dict):
        return None
    if key in data:
        return data[key]
    head, dot, rest = key.partition(".")
    return _setting(data.get(head), rest) if dot else None


def _vscode(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    loaded = _json(disk, path, out)
    if loaded is None:
        return
    text, data = loaded
    plat = _TERMINAL_PLATFORM.get(machine.platform, "")
    shells: list[list[str]] = []
    profiles = _setting(data, f"terminal.integrated.profiles.{plat}")
    if isinstance(profiles, dict):
        shells += [_path_args(p) for p in list(profiles.values())[:MAX_LIST]]
    shells.append(_path_args(_setting(data, f"terminal.integrated.automationProfile.{plat}")))
    old = _setting(data, f"terminal.integrated.shell.{plat}")
    args = _setting(data, f"terminal.integrated.shellArgs.{plat}")
    shells.append(_path_args({"path": old if isinstance(old, str) else "", "args": args}))
    _json_lines(disk, path, text, [s for s in shells if any(s)], out)


def _path_args(profile: object) -> list[str]:
    """A terminal profile's words: its ``path`` (a list: each of the paths it tries) and its ``args``."""
    if not isinstance(profile, dict):
        return []
    paths = profile.get("path")
    args = profile.get("args")
    words = [paths] if isinstance(paths, str) else []
    if isinstance(paths, list):
        words += [p for p in paths[:MAX_LIST] if isinstance(p, str)]
    if isinstance(args, list):
        words += [a for a in args[:MAX_LIST] if isinstance(a, str)]
    elif isinstance(args, str):  # (Windows: one string of arguments)
        words += _split(args)
    return words


def _json_lines(disk: Disk, path: str, text: str, lines: list[list[str]], out: LauncherLines) -> None:
    """Each line's words, on the line of the file where its first word is written (in order: two profiles of the
    same shell on their own lines; 1 where it cannot be found, as written with escapes of another form)."""
    at_line = _line_index(text)
    after = 0
    for words in lines:
        first = next((w for w in words if w), "")
        at = text.find(json.dumps(first)[1:-1], after) if first else -1
        after = at + 1 if at >= 0 else after
        _add(disk, out, path, at_line(at) if at >= 0 else 1, words)


# -- Windows Terminal ----------------------------------------------------------------------------------------


def _windows_terminal(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    loaded = _json(disk, path, out)
    if loaded is None:
        return
    text, data = loaded
    if not isinstance(data, dict):
        return
    profiles = data.get("profiles")
    entries: list[object] = []
    if isinstance(profiles, list):  # an old file's: the profiles themselves
        entries += profiles[:MAX_LIST]
    elif isinstance(profiles, dict):
        entries.append(profiles.get("defaults"))
        listed = profiles.get("list")
        entries += listed[:MAX_LIST] if isinstance(listed, list) else []
    commands: list[object] = []
    for key in ("actions", "keybindings"):  # a newTab or splitPane action's own commandline, a wt action's, …
        actions = data.get(key)
        if isinstance(actions, list):
            commands += [a.get("command") for a in actions[:MAX_LIST] if isinstance(a, dict)]
    lines = [
        _windows_words(e["commandline"])
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("commandline"), str)
    ]
    for command in commands:
        if not isinstance(command, dict):
            continue
        line, action = command.get("commandline"), command.get("action")
        if isinstance(line, str):  # a wt action's: wt's own command line (new-tab …; split-pane …)
            lines += _wt_commands(line) if action == "wt" else [_windows_words(line)]
        typed = command.get("input")
        if action == "sendInput" and isinstance(typed, str):  # typed into the shell: each line it enters
            lines += [_windows_words(t) for t in re.split(r"[\r\n]+", typed)[:MAX_LIST]]
    startup = data.get("startupActions")  # what a new window runs: wt's command line
    if isinstance(startup, str):
        lines += _wt_commands(startup)
    _json_lines(disk, path, text, [w for w in lines if w], out)


def _wt_commands(line: str) -> list[list[str]]:
    """The words of each subcommand of a ``wt`` command line (``new-tab cmd /k … ; split-pane …``): split on
    each ``;`` (``\\;`` is one of a command's own), bounded."""
    parts = re.split(r"(?<!\\);", line)[:MAX_LIST]
    return [_windows_words(part.replace("\\;", ";")) for part in parts]


def _windows_words(line: str) -> list[str]:
    """A Windows command line's words (backslashes kept: they are a path's), quotes taken off."""
    try:
        words = shlex.split(line, posix=False)
    except ValueError:
        words = line.split()
    return [w[1:-1] if len(w) > 1 and w[0] == w[-1] and w[0] in "\"'" else w for w in words]


# -- systemd user units --------------------------------------------------------------------------------------

_EXEC_KEYS = frozenset(
    {"ExecStart", "ExecStartPre", "ExecStartPost", "ExecCondition", "ExecReload", "ExecStop", "ExecStopPost"}
)
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def _systemd(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """A unit's ``[Service]`` ``Exec…=`` lines and those of its drop-ins (``NAME.service.d/*.conf``; the unit's
    own file may be missing: a unit installed elsewhere, ``service`` for every service's). Past
    :data:`MAX_DROP_INS` drop-ins, a folder too big to list, or :data:`MAX_UNIT_WORDS` words its variables make,
    the unit is unread (what the rest start is not known)."""
    units = [path]
    folder = f"{path}.d"
    children = disk.small_children(folder, MAX_FOLDER_NAMES) if disk.is_dir(folder) else None
    if children is None and disk.is_dir(folder):
        _unread(disk, folder, f"more than {MAX_FOLDER_NAMES:,} names", out)
    if children is not None:
        drop_ins = sorted(n for n in children.names() if n.endswith(".conf"))
        if len(drop_ins) > MAX_DROP_INS:
            _unread(disk, folder, f"{len(drop_ins)} drop-ins: the first {MAX_DROP_INS} read", out)
        units += [f"{folder}/{n}" for n in drop_ins[:MAX_DROP_INS]]
    env: dict[str, str] = {}
    execs: list[tuple[str, int, str]] = []
    for unit in units:
        text = _text(disk, unit, out)
        if not text:
            continue
        section = ""
        for number, line in _joined(text):
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", ";")):
                continue
            if stripped.startswith("["):
                section = stripped.strip("[]")
                continue
            key, eq, value = stripped.partition("=")
            key = key.strip()
            if section != "Service" or not eq:
                continue
            if key == "Environment":
                for word in _unit_words(value):
                    name, has, val = word.partition("=")
                    if has:
                        env[name] = val
            elif key in _EXEC_KEYS and value.strip():
                execs.append((unit, number, value.strip().lstrip("-@:+!")))
    made = grown = 0
    for unit, number, value in execs:
        words: list[str] = []
        unknown = False
        for word in _unit_words(value):
            whole = _REFERENCE.fullmatch(word)
            var = whole.group(2) if whole else None
            # the words and characters it makes, counted before they are made
            refs = [env.get(r.group(1) or r.group(2), "") for r in _REFERENCE.finditer(word)] if "$" in word else []
            made += len(env[var].split()) if var in env else 1
            grown += len(word) + sum(len(v) for v in refs)
            if made > MAX_UNIT_WORDS or grown > MAX_SETTINGS_BYTES:  # a unit's lines make a few: hostile
                _unread(disk, unit, f"its variables make more than {MAX_UNIT_WORDS:,} words", out)
                return
            if var in env:  # $NAME: the value's words
                words += env[var].split()
                continue
            replaced = _REFERENCE.sub(lambda m: env.get(m.group(1) or m.group(2), m.group(0)), word) if refs else word
            unknown = unknown or bool(refs and _REFERENCE.search(replaced))
            words.append(replaced)
        _add(disk, out, unit, number, words)
        if unknown:
            _add(disk, out, unit, number, words, UNIT_VARIABLE)


# systemd's C-style escapes, in a quoted word and out of one: \xHH, \ooo (octal), \uXXXX, \UXXXXXXXX, one letter
_C_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|([0-7]{3})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_C_LETTERS = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "s": " ", "e": "\x1b"}


def _c_escape(m: re.Match[str]) -> str:
    hexa, octal, short, long_, other = m.groups()
    if other is not None:
        return _C_LETTERS.get(other, other)
    code = int(hexa, 16) if hexa else int(octal, 8) if octal else int(short or long_, 16)
    return chr(code) if code <= 0x10FFFF else m.group(0)


def _unit_words(line: str) -> list[str]:
    """A unit's value split as systemd splits it: white space between words, single or double quotes around
    one, C-style escapes decoded in and out of quotes (``\\x2d`` a ``-``). A quote that does not close runs to
    the line's end."""
    commands, _closed = _quoted_words(line, _C_ESCAPE, _c_escape, single_quotes_literal=False, tmux=False)
    return commands[0] if commands else []


def _joined(text: str) -> list[tuple[int, str]]:
    """A unit file's logical lines (a backslash at a line's end continues it), each on its first line's number."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), 1):
        if not pending:
            first = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        out.append((first, " ".join([*pending, line])))
        pending = []
    if pending:
        out.append((first, " ".join(pending)))
    return out


# -- macOS launch agents -------------------------------------------------------------------------------------


def _launchd(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    read = launch_agent(disk, path)
    if read is None:
        return
    if isinstance(read, ReadSkipped):
        _unread(disk, path, str(read), out)
        return
    data, plist = read
    program = plist.get("Program")
    args = plist.get("ProgramArguments")
    words = [program] if isinstance(program, str) else []
    if isinstance(args, list):
        words += [a for a in args[:MAX_LIST] if isinstance(a, str)]
    if not words:
        return
    xml = data.decode("utf-8", "replace") if data.lstrip().startswith(b"<") else ""
    at = next((xml.find(k) for k in ("<key>ProgramArguments</key>", "<key>Program</key>") if k in xml), -1)
    _add(disk, out, path, _line_at(xml, at) if at >= 0 else 1, words)


# -- the VS Code family's tasks that run when a folder opens --------------------------------------------------


def _vscode_tasks(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """The tasks of a ``tasks.json`` (JSON with comments) that run when a folder opens (``"runOptions":
    {"runOn": "folderOpen"}``) and the tasks they depend on (``dependsOn``, by label, at most :data:`MAX_LIST`):
    each one's ``command`` and ``args`` (a string, or ``{"value": …}``), this platform's ``linux``, ``osx`` or
    ``windows`` values over the task's own; a task with no command of its own runs the file's (tasks.json
    0.1.0). A shell task's command is a shell line, a process task's a program: either is read as a line's
    words. Other tasks run only when the user runs them, as a Makefile's targets: not read."""
    loaded = _json(disk, path, out)
    if loaded is None:
        return
    text, data = loaded
    if not isinstance(data, dict):
        return
    plat = _TERMINAL_PLATFORM.get(machine.platform, "")
    top = _for_platform(data, plat)
    listed = data.get("tasks")
    tasks = [t for t in listed[:MAX_LIST] if isinstance(t, dict)] if isinstance(listed, list) else []
    by_label: dict[str, dict] = {}
    for task in tasks:
        label = task.get("label", task.get("taskName"))
        if isinstance(label, str):
            by_label.setdefault(label, task)
    todo = [t for t in tasks if _runs_on_open(t)]
    done: set[int] = set()
    lines: list[list[str]] = []
    while todo and len(done) < MAX_LIST:
        task = todo.pop()
        if id(task) in done:
            continue
        done.add(id(task))
        view = _for_platform(task, plat)
        command = view.get("command") if "command" in view else top.get("command")
        words = _task_words(command) + _task_words(top.get("args") if "command" not in view else None)
        words += _task_words(view.get("args"))
        if words:
            lines.append(words)
        depends = view.get("dependsOn")
        for each in (depends if isinstance(depends, list) else [depends])[:MAX_LIST]:
            label = each.get("label", each.get("task")) if isinstance(each, dict) else each
            if isinstance(label, str) and label in by_label and id(by_label[label]) not in done:
                todo.append(by_label[label])
    _json_lines(disk, path, text, lines, out)


def _for_platform(entry: dict, plat: str) -> dict:
    """A task's (a tasks file's) values with this platform's own (``"linux": {…}``) over them."""
    own = entry.get(plat)
    return {**entry, **own} if isinstance(own, dict) else entry


def _runs_on_open(task: dict) -> bool:
    options = task.get("runOptions")
    return isinstance(options, dict) and options.get("runOn") == "folderOpen"


def _task_words(value: object) -> list[str]:
    """A task's command or arguments as words: a string, ``{"value": …}`` (a string or a list: VS Code's quoted
    form), or a list of them."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [w for item in value[:MAX_LIST] for w in _task_words(item if not isinstance(item, list) else None)]
    return []


# -- Konsole -------------------------------------------------------------------------------------------------


def _konsole(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """A Konsole profile (INI): its ``[General]`` ``Command=``, split as a shell line (as Konsole splits it)."""
    text = _text(disk, path, out)
    if not text:
        return
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
            continue
        key, eq, value = stripped.partition("=")
        command = eq and section == "[General]" and key.strip() == "Command" and value.strip()
        if command and not _add(disk, out, path, number, _split(command)):
            return


def _konsolerc(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """konsolerc's ``[Desktop Entry]`` ``DefaultProfile=``: a path (Konsole loads a profile from there) is read
    as a profile; a name is one of the user's profiles, read already, or the system's."""
    text = _text(disk, path, out)
    section = ""
    for number, line in enumerate((text or "").splitlines()[:MAX_LINES], 1):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
            continue
        key, eq, value = stripped.partition("=")
        named = eq and section == "[Desktop Entry]" and key.strip() == "DefaultProfile"
        if named and value.strip().startswith(("/", "~", "$")):
            _include(disk, machine, path, number, value.strip(), "konsole", out, depth)


def _gsettings_keyfile(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """GLib's keyfile of settings (a Flatpak's): a terminal profile's group (``[org/gnome/Ptyxis/Profiles/<id>]``)
    whose ``use-custom-command`` is ``true`` gives its ``custom-command`` (a string in GVariant's text form:
    quoted, its escapes decoded), split as a shell line."""
    text = _text(disk, path, out)
    profiles: dict[str, dict[str, tuple[int, str]]] = {}
    section = ""
    for number, line in enumerate((text or "").splitlines()[:MAX_LINES], 1):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.strip("[]").strip("/")
            continue
        key, eq, value = stripped.partition("=")
        key = key.strip()
        if eq and key in ("custom-command", "use-custom-command") and _DCONF_PROFILE.fullmatch(f"/{section}/"):
            profiles.setdefault(section, {})[key] = (number, value.strip())
    for keys in profiles.values():
        number, command = keys.get("custom-command", (0, ""))
        if keys.get("use-custom-command", (0, ""))[1] == "true" and command:
            quoted = len(command) > 1 and command[0] in "'\"" and command[-1] == command[0]
            command = _TEXT_ESCAPE.sub(_text_escape, command[1:-1]) if quoted else command
            if not _add(disk, out, path, number, _split(command)):
                return


# -- GNOME Terminal, Ptyxis: dconf's database of the user's settings (GVDB) ---------------------------------

# the folders of dconf's keys that are a terminal's profile: GNOME Terminal's, Ptyxis's
_DCONF_PROFILE = re.compile(r"/org/gnome/terminal/legacy/profiles:/:[^/]+/|/org/gnome/Ptyxis/Profiles/[^/]+/")
MAX_GVDB_NAME_DEPTH = 64  # a key's parents followed for its name (dconf's: one a path's folder, a dozen)
MAX_GVDB_NAMES = 16 * 1024 * 1024  # characters of all the names built (a user's database: a few hundred KiB)


def _dconf(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """A terminal profile's ``custom-command`` where its ``use-custom-command`` is on (GNOME Terminal's under
    ``/org/gnome/terminal/legacy/profiles:/:<id>/``, Ptyxis's under ``/org/gnome/Ptyxis/Profiles/<id>/``),
    split as a shell line, from dconf's database file (:func:`gvdb_values`: read, never run, never written)."""
    try:
        data = disk.read_bytes(path, MAX_MANIFEST_BYTES)
    except FileMissing:
        return
    except ReadSkipped as exc:
        _unread(disk, path, str(exc), out)
        return
    values = gvdb_values(data)
    if values is None:
        _unread(disk, path, "not a dconf database (GVDB)", out)
        return
    profiles: dict[str, dict[str, object]] = {}
    for key, value in values.items():
        folder, _, name = key.rpartition("/")
        if name in ("custom-command", "use-custom-command") and _DCONF_PROFILE.fullmatch(folder + "/"):
            profiles.setdefault(folder, {})[name] = value
    for _folder, keys in sorted(profiles.items()):
        command = keys.get("custom-command")
        on = keys.get("use-custom-command") is True and isinstance(command, str) and command.strip()
        if on and isinstance(command, str) and not _add(disk, out, path, 1, _split(command)):
            return


def gvdb_values(data: bytes) -> dict[str, object] | None:
    """The keys of a GVDB file's root table (glib's format, which dconf's databases are: a header, a hash
    table of items, each naming its parent, its key's bytes and its value's) by their full names, each with its
    value where that is a variant holding a string or a boolean (else None); None when ``data`` is no GVDB
    file or its table points outside it. Bounded by the file: each item is read once, each name built once
    (its parents at most :data:`MAX_GVDB_NAME_DEPTH`, a loop among them ends it)."""
    import struct

    if data[:8] == b"GVariant":
        order = "<"
    elif data[:8] == b"raVGtnai":  # written on a machine of the other byte order
        order = ">"
    else:
        return None
    size = len(data)
    if size < 32:
        return None
    start, end = struct.unpack_from(order + "II", data, 16)
    if not 24 <= start <= end <= size or end - start < 8:
        return None
    bloom, buckets = struct.unpack_from(order + "II", data, start)
    first = start + 8 + 4 * (bloom & 0x07FFFFFF) + 4 * buckets
    if first > end:
        return None
    items = [struct.unpack_from(order + "IIIHccII", data, at) for at in range(first, end - 23, 24)]
    names: list[str | None] = [None] * len(items)
    budget = [MAX_GVDB_NAMES]
    out: dict[str, object] = {}
    for index, (_hash, _parent, _key, _size, kind, _unused, v_start, v_end) in enumerate(items):
        name = _gvdb_name(index, items, names, data, budget)
        if name is None:
            return None
        if kind != b"v":
            continue
        value: object = None
        if v_start <= v_end <= size:
            body = data[v_start:v_end]
            cut = body.rfind(b"\0")
            child, type_ = (body[:cut], body[cut + 1 :]) if cut >= 0 else (b"", b"")
            if type_ == b"s" and child.endswith(b"\0"):
                value = child[:-1].decode("utf-8", "replace")
            elif type_ == b"b" and len(child) == 1:
                value = child != b"\0"
        out[name] = value
    return out


def _gvdb_name(index: int, items: list[tuple], names: list[str | None], data: bytes, budget: list[int]) -> str | None:
    """An item's full name: its parents' names, then its key's bytes (each name built once); None when a key
    lies outside the file, a parent is no item, the parents loop or pass :data:`MAX_GVDB_NAME_DEPTH`, or the
    names built pass ``budget`` characters (:data:`MAX_GVDB_NAMES`: items whose long keys are each other's
    parents would make names of the file's size each)."""
    chain: list[int] = []
    at = index
    while at != 0xFFFFFFFF and names[at] is None:
        if at >= len(items) or at in chain or len(chain) > MAX_GVDB_NAME_DEPTH:
            return None
        chain.append(at)
        at = items[at][1]
        if at != 0xFFFFFFFF and at >= len(items):
            return None
    prefix = names[at] if at != 0xFFFFFFFF else ""
    for each in reversed(chain):
        key_start, key_size = items[each][2], items[each][3]
        if key_start + key_size > len(data):
            return None
        prefix = (prefix or "") + data[key_start : key_start + key_size].decode("utf-8", "replace")
        budget[0] -= len(prefix)
        if budget[0] < 0:
            return None
        names[each] = prefix
    return names[index]


# -- macOS terminals: iTerm2, Terminal.app (property lists) --------------------------------------------------


def _property_list(disk: Disk, path: str, out: LauncherLines) -> object:
    """A property list (XML or binary) or, where it starts with ``{``, JSON (iTerm2's dynamic profiles are
    either); None when there is none or it cannot be read or parsed (then unread, and said). A terminal's
    preferences may hold its saved windows: read to :data:`MAX_MANIFEST_BYTES`."""
    import plistlib

    from tui.core.safe_json import load_jsonc

    try:
        data = disk.read_bytes(path, MAX_MANIFEST_BYTES)
    except FileMissing:
        return None
    except ReadSkipped as exc:
        _unread(disk, path, str(exc), out)
        return None
    try:
        if data.lstrip()[:1] in (b"{", b"["):
            return load_jsonc(data.decode("utf-8", "replace"))
        return plistlib.loads(data)
    except ReadSkipped as exc:
        _unread(disk, path, str(exc), out)
    except Exception:  # plistlib raises many kinds (InvalidFileException, ValueError, ExpatError, RecursionError)
        _unread(disk, path, "not a property list", out)
    return None


def _iterm2(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """iTerm2's profiles (the preferences' ``New Bookmarks``, a dynamic profiles file's ``Profiles``): a
    profile's ``Command`` where its ``Custom Command`` runs it (``Yes``, or ``Custom Shell``: the shell it
    starts), and each line of its ``Initial Text`` (typed into the session when it starts). Preferences loaded
    from a custom folder (``LoadPrefsFromCustomFolder``, ``PrefsCustomFolder``) are read there too; from a URL,
    what they start is not known."""
    data = _property_list(disk, path, out)
    if not isinstance(data, dict):
        return
    custom = data.get("PrefsCustomFolder")
    if data.get("LoadPrefsFromCustomFolder") is True and isinstance(custom, str) and custom.strip():
        # the preferences iTerm2 loads instead, from a folder (read as these) or a URL (named at run time)
        remote = "://" in custom and not custom.startswith("file://")
        where = "$" if remote else f"{custom.removeprefix('file://').rstrip('/')}/com.googlecode.iterm2.plist"
        _include(disk, machine, path, 1, where, "iterm2", out, depth)
    profiles = data.get("New Bookmarks", data.get("Profiles"))
    for profile in profiles[:MAX_LIST] if isinstance(profiles, list) else []:
        if not isinstance(profile, dict):
            continue
        command, typed = profile.get("Command"), profile.get("Initial Text")
        lines = [command] if profile.get("Custom Command") in ("Yes", "Custom Shell") else []
        lines += re.split(r"[\r\n]+", typed)[:MAX_LIST] if isinstance(typed, str) else []
        for line in lines:
            if isinstance(line, str) and line.strip() and not _add(disk, out, path, 1, _split(line)):
                return


def _terminal_app(disk: Disk, machine: Machine, path: str, out: LauncherLines, depth: int) -> None:
    """Terminal.app's profiles (``Window Settings``, the one ``Startup Window Settings`` names among them): each
    one's ``CommandString`` (run when a window of it opens) and ``Shell`` (the program it starts)."""
    data = _property_list(disk, path, out)
    profiles = data.get("Window Settings") if isinstance(data, dict) else None
    for profile in list(profiles.values())[:MAX_LIST] if isinstance(profiles, dict) else []:
        if not isinstance(profile, dict):
            continue
        for key in ("Shell", "CommandString"):
            line = profile.get(key)
            if isinstance(line, str) and line.strip() and not _add(disk, out, path, 1, _split(line)):
                return


_READERS = {
    "tmux": _tmux,
    "kitty": _key_value,
    "alacritty": _alacritty,
    "wezterm": _wezterm,
    "vscode": _vscode,
    "systemd": _systemd,
    "launchd": _launchd,
    "windows-terminal": _windows_terminal,
    "vscode-tasks": _vscode_tasks,
    "konsole": _konsole,
    "konsolerc": _konsolerc,
    "gsettings-keyfile": _gsettings_keyfile,
    "dconf": _dconf,
    "iterm2": _iterm2,
    "terminal-app": _terminal_app,
}
