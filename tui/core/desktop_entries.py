"""Linux menu entries (``.desktop`` files) read for the flags they start a program with.

A menu entry's ``Exec=`` line is how the desktop starts an editor or a browser: ``Exec=/usr/bin/code
--extensions-dir=/home/ada/.x %F`` loads the editor's extensions from there, as an alias would in a shell. The
lines are read as the XDG Desktop Entry Specification (1.5) says the desktop reads them:

- ``Exec`` keys of the ``[Desktop Entry]`` group and of each ``[Desktop Action …]`` group (the menu's "New
  Window" and the like), other groups left out; comment lines and blank lines skipped;
- a value's string escapes (``\\s``, ``\\n``, ``\\t``, ``\\r``, ``\\\\``), then its words: separated by spaces,
  a word in double quotes keeping its spaces (``\\"``, ``\\```, ``\\$`` and ``\\\\`` inside), field codes (``%f``,
  ``%F``, ``%u``, ``%U``, and the deprecated ones) dropped and ``%%`` a ``%``. No shell reads the line: ``~``
  and ``$HOME`` are no home, and a folder given so is one that cannot be placed; a line that runs a shell
  (``sh -c "code --extensions-dir ~/x"``) is read as a shell line, where they are;
- the program is the first word (past ``env`` and its assignments), by its name (``/usr/share/code/code`` is
  ``code``); a Flatpak's entry (``flatpak run [flatpak's options] com.visualstudio.code [its arguments]``)
  starts the program its app id is (:data:`FLATPAK_APPS`), and the words after the id are its arguments.

Which files: every ``*.desktop`` of the menu folders the user's session reads and the user can write (each
listed, and its subfolders to :data:`MAX_MENU_DEPTH` levels, :data:`MAX_MENU_SUBFOLDERS` of them: GLib and KDE
read them, an entry's id being its path below ``applications/``, and Wine writes ``applications/wine/…``):
``$XDG_DATA_HOME/applications``, the user's Flatpak exports (``$XDG_DATA_HOME/flatpak/exports/share/
applications``) and the ``applications`` folder of each ``$XDG_DATA_DIRS`` folder in the home that the startup
files or the session set; at most :data:`MAX_MENU_ENTRIES` of them in all, by name (more, a folder past the
bounds, is reported: what the rest start is not known). In the system's (``/usr/share/applications``,
``/usr/local/share/applications``) only the files named after the programs asked about (``code.desktop``,
``google-chrome.desktop``): looked for by name, never listed. A file bigger than :data:`MAX_ENTRY_BYTES` or that
cannot be read is reported too. Nothing of a line is kept but the file, the line's number and the folder the
flag names.

:func:`menu_entries` gives the same user's entries and every entry of the system's menu folders (the two
above and the system's Flatpak and snap exports; each listed, not its subfolders, which only root can write;
at most :data:`MAX_FOLDER_ENTRIES` of each), for what program each starts whatever it is named (the AppImage
channel). Of an entry's ``[Desktop Entry]`` group it keeps, beside the ``Exec`` lines, the names it gives the
application (``Name``, untranslated, and ``StartupWMClass``) and AppImage's ``X-AppImage-Version``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from tui.core.agents.identity import program_name
from tui.core.locations import expand_all, token_sets
from tui.core.machine import Disk, Machine, ReadSkipped, to_machine_path
from tui.core.startup import DATA_DIRS, FlagArgument
from tui.core.startup_reading import folder_named

# the user's menu folders: their own, and their Flatpak installs' exports (flatpak's profile script puts the
# folder above it on XDG_DATA_DIRS)
USER_MENUS = ("{xdg_data}/applications", "{xdg_data}/flatpak/exports/share/applications")
SYSTEM_MENUS = ("/usr/share/applications", "/usr/local/share/applications")
# read by menu_entries (AppImages), listed, besides SYSTEM_MENUS: the system's Flatpak and snap exports
SYSTEM_EXPORTS = ("/var/lib/flatpak/exports/share/applications", "/var/lib/snapd/desktop/applications")
# .desktop files of the user's menu folders read, in all (a desktop keeps a few dozen; Steam one a game)
MAX_MENU_ENTRIES = 2_000
MAX_MENU_DEPTH = 4  # levels of subfolders below a user's menu folder listed (Wine's applications/wine/Programs/…)
MAX_MENU_SUBFOLDERS = 64  # subfolders of the user's menu folders listed, in all
MAX_ENTRY_BYTES = 64 * 1024  # a menu entry is a few KiB, with its translations
MAX_FOLDER_NAMES = 20_000  # names of the user's menu folder listed; a bigger one is reported, unread
# .desktop files of each system menu folder read by menu_entries (a full desktop installs a few hundred: 300 of
# 6 KiB each cost the AppImage channel about 22 ms, see docs/performance.md); more is reported
MAX_FOLDER_ENTRIES = 2_000
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh"})
# the Flatpak apps whose menu entries start them ``flatpak run [flatpak's options] APP [the app's arguments]``
# (Flathub's exports write ``--command=…`` and ``--file-forwarding … @@ %F @@`` too), by the program each is:
# the ids the editors' and browsers' own Flatpak folders are named after (channels.vscode, channels.browser)
FLATPAK_APPS = {
    "com.visualstudio.code": "code",
    "com.vscodium.codium": "codium",
    "com.google.Chrome": "google-chrome",
    "com.google.ChromeDev": "google-chrome-unstable",
    "org.chromium.Chromium": "chromium",
    "io.github.ungoogled_software.ungoogled_chromium": "chromium",
    "com.brave.Browser": "brave-browser",
    "com.microsoft.Edge": "microsoft-edge",
    "com.microsoft.EdgeDev": "microsoft-edge-dev",
    "com.vivaldi.Vivaldi": "vivaldi",
    "com.opera.Opera": "opera",
}
_FORWARDING = frozenset({"@@", "@@u"})  # flatpak's --file-forwarding marks: no argument of the app's
_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
_FIELD_CODE = re.compile(r"%[fFuUickdDnNvm]")
_SPACES = re.compile(r"[ \t\n]+")


@dataclass(frozen=True)
class MenuEntry:
    """What one menu entry says: the words of each ``Exec`` line of its desktop groups (with the line's
    number), the names its ``[Desktop Entry]`` group gives the application (``Name``, untranslated, and
    ``StartupWMClass``), and the version AppImage's tools write (``X-AppImage-Version``), if any."""

    execs: tuple[tuple[int, list[str]], ...] = ()
    names: tuple[str, ...] = ()
    version: str | None = None


@dataclass
class MenuEntries:
    """Every menu entry read, as (machine path, what it says), and the places that could not be read whole
    (an entry, or a menu folder past its bound), as (machine path, as shown, why)."""

    entries: list[tuple[str, MenuEntry]] = field(default_factory=list)
    unread: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class MenuFlags:
    """What the menu entries give one flag of some programs: the arguments, and the places that could not be
    read whole (a menu entry, or the menu folder past its bound), as (the place as shown, why)."""

    args: list[FlagArgument] = field(default_factory=list)
    unread: list[tuple[str, str, str]] = field(default_factory=list)  # (machine path, as shown, why)


def menu_flag_arguments(disk: Disk, machine: Machine, programs: tuple[str, ...], flag: str) -> MenuFlags:
    """The folders the menu entries start one of ``programs`` with ``flag`` for (``--flag=value`` or ``--flag
    value``), each as a :class:`~tui.core.startup.FlagArgument` (its path None where it cannot be placed: a
    relative folder, ``~`` with no shell to read it, a computed one). Linux only."""
    out = MenuFlags()
    if machine.platform != "linux":
        return out
    wanted = frozenset(programs)
    for path in _entry_files(disk, machine, programs, out):
        lines = _exec_lines(disk, path)
        if isinstance(lines, str):
            out.unread.append((path, disk.display(path), lines))
            continue
        for number, words in lines:
            for value in _flag_values(words, wanted, flag, machine):
                out.args.append(FlagArgument(disk.display(path), number, value, path))
    return out


def menu_entries(disk: Disk, machine: Machine) -> MenuEntries:
    """Every ``*.desktop`` of the user's menu folders (:func:`user_menu_files`) and of the system's (listed,
    never walked), each read once a scan (:func:`read_entry`). Linux only; see the module's notes for the
    bounds."""
    out = MenuEntries()
    if machine.platform != "linux":
        return out
    files, unread = user_menu_files(disk, machine)
    out.unread += unread
    for folder in (*SYSTEM_MENUS, *SYSTEM_EXPORTS):
        files = [*files, *_listed(disk, folder, MAX_FOLDER_ENTRIES, out.unread)]
    for path in dict.fromkeys(files):
        entry = read_entry(disk, path)
        if isinstance(entry, str):
            out.unread.append((path, disk.display(path), entry))
        else:
            out.entries.append((path, entry))
    return out


def _user_folders(machine: Machine) -> list[str]:
    """The user's menu folders: :data:`USER_MENUS` with each moved ``XDG_DATA_HOME``, and the ``applications``
    folder of each ``XDG_DATA_DIRS`` folder in the home (this process's, on the live machine, and those the
    startup files and the session set): what the user can write, that the session reads."""
    folders = [f for t in USER_MENUS for f in expand_all(t, machine, token_sets(machine))]
    home = machine.home.rstrip("/") + "/"
    own = machine.env.get(DATA_DIRS, "") if machine.env_known else ""
    dirs = [to_machine_path(d) for d in own.split(":") if d.startswith("/")]
    for folder in (*dirs, *machine.startup_data_dirs):
        folder = folder.rstrip("/")
        if folder.startswith(home):
            folders.append(f"{folder}/applications")
    return list(dict.fromkeys(folders))


_USER_FILES = "menu entries: the user's files"


def user_menu_files(disk: Disk, machine: Machine) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(the ``*.desktop`` files of the user's menu folders and their subfolders, the places past the bounds as
    (machine path, as shown, why)): one list for every reader (the menu's flags, the AppImage channel), made
    once a scan. Each folder's files by name, then its subfolders'."""
    memo: dict[tuple[str, ...], tuple[list[str], list[tuple[str, str, str]]]] = disk.remembered(_USER_FILES, dict)
    folders = tuple(_user_folders(machine))
    if folders not in memo:
        files: list[str] = []
        unread: list[tuple[str, str, str]] = []
        budget = [MAX_MENU_ENTRIES, MAX_MENU_SUBFOLDERS]  # entries still read, subfolders still listed
        for folder in folders:
            _tree(disk, folder, 0, budget, files, unread)
        memo[folders] = (list(dict.fromkeys(files)), unread)
    files, unread = memo[folders]
    return list(files), list(unread)


def _tree(
    disk: Disk, folder: str, depth: int, budget: list[int], files: list[str], unread: list[tuple[str, str, str]]
) -> None:
    """The ``*.desktop`` files of one user's menu folder and of its subfolders (see :func:`user_menu_files`)."""
    children = disk.small_children(folder, MAX_FOLDER_NAMES)
    if children is None:
        unread.append((folder, disk.display(folder), f"more than {MAX_FOLDER_NAMES:,} names: not read"))
        return
    names = sorted(children.names())
    entries = [n for n in names if n.endswith(".desktop")]
    if len(entries) > budget[0]:
        unread.append(
            (folder, disk.display(folder), f"more menu entries than the {MAX_MENU_ENTRIES} read: the first read")
        )
    taken = entries[: max(budget[0], 0)]
    budget[0] -= len(taken)
    files += [f"{folder.rstrip('/')}/{n}" for n in taken]
    for name in names:
        if name.endswith(".desktop") or not children[name].is_dir:
            continue
        if depth + 1 > MAX_MENU_DEPTH or budget[1] <= 0:  # what the entries below start is not known
            why = (
                f"menu entries more than {MAX_MENU_DEPTH} folders deep: not read"
                if depth + 1 > MAX_MENU_DEPTH
                else f"more than {MAX_MENU_SUBFOLDERS} folders of menu entries: its folders not read"
            )
            unread.append((folder, disk.display(folder), why))
            return
        budget[1] -= 1
        _tree(disk, f"{folder.rstrip('/')}/{name}", depth + 1, budget, files, unread)


def _listed(disk: Disk, folder: str, most: int, unread: list[tuple[str, str, str]]) -> list[str]:
    """The ``*.desktop`` files of one menu folder by name, the first ``most`` of them (more is reported)."""
    children = disk.small_children(folder, MAX_FOLDER_NAMES)
    if children is None:
        unread.append((folder, disk.display(folder), f"more than {MAX_FOLDER_NAMES:,} names: not read"))
        return []
    names = sorted(n for n in children.names() if n.endswith(".desktop"))
    if len(names) > most:
        unread.append((folder, disk.display(folder), f"{len(names)} menu entries: the first {most} read"))
    return [f"{folder.rstrip('/')}/{n}" for n in names[:most]]


# the user's autostart folder: each *.desktop there is started with the session (XDG Autostart); listed, by name
USER_AUTOSTART = "{xdg_config}/autostart"


def launcher_exec_lines(disk: Disk, machine: Machine) -> tuple[list[tuple[str, int, list[str]]], list[str]]:
    """(each ``Exec`` line of the user's menu entries and autostart entries as (machine path, line number,
    words), the places that could not be read whole, as shown): what the desktop starts programs with, for
    the startup-flag conditions (``Exec=claude --dangerously-skip-permissions`` is an alias of the menu's).
    The user's menu files (:func:`user_menu_files`) and the ``*.desktop`` of ``~/.config/autostart`` (at most
    :data:`MAX_FOLDER_ENTRIES`); the system's folders need root to write and are not read. Linux only."""
    if machine.platform != "linux":
        return [], []
    autostart = tuple(expand_all(USER_AUTOSTART, machine, token_sets(machine)))
    memo: dict[tuple, tuple[list, list[str]]] = disk.remembered("menu entries: launcher lines", dict)
    key = (tuple(_user_folders(machine)), autostart)  # (the folders as user_menu_files' memo keys them)
    if key not in memo:
        memo[key] = _launcher_lines(disk, machine, autostart)
    lines, unread = memo[key]
    return list(lines), list(unread)


def _launcher_lines(
    disk: Disk, machine: Machine, autostart: tuple[str, ...]
) -> tuple[list[tuple[str, int, list[str]]], list[str]]:
    files, past = user_menu_files(disk, machine)
    for folder in autostart:
        files += _listed(disk, folder, MAX_FOLDER_ENTRIES, past)
    unread = [shown for _path, shown, _why in past]
    lines: list[tuple[str, int, list[str]]] = []
    for path in dict.fromkeys(files):
        entry = read_entry(disk, path)
        if isinstance(entry, str):
            unread.append(disk.display(path))
            continue
        lines += [(path, number, words) for number, words in entry.execs]
    return lines, list(dict.fromkeys(unread))


def _entry_files(disk: Disk, machine: Machine, programs: tuple[str, ...], out: MenuFlags) -> list[str]:
    files, unread = user_menu_files(disk, machine)
    out.unread += unread
    for folder in SYSTEM_MENUS:
        files += [f"{folder}/{program}.desktop" for program in programs]
    return list(dict.fromkeys(files))


def _exec_lines(disk: Disk, path: str) -> list[tuple[int, list[str]]] | str:
    """(line number, words) of each ``Exec`` of a menu entry's desktop groups, or why it cannot be read."""
    entry = read_entry(disk, path)
    return entry if isinstance(entry, str) else list(entry.execs)


def read_entry(disk: Disk, path: str) -> MenuEntry | str:
    """What the menu entry at ``path`` says (an empty one when there is none), or why it cannot be read.
    Read once a scan, :data:`MAX_ENTRY_BYTES` at most."""
    cache: dict[str, MenuEntry | str] = disk.remembered(read_entry, dict)
    if path not in cache:
        try:
            text = disk.read_text_if_present(path, MAX_ENTRY_BYTES, errors="replace")
        except ReadSkipped as exc:
            cache[path] = str(exc)
        else:
            cache[path] = _parse(text) if text else MenuEntry()
    return cache[path]


_NAME_KEYS = frozenset({"Name", "StartupWMClass"})
# the lines of an entry that matter, found without looking at the rest (an entry is mostly translations): a
# group's head, and the keys kept (``Name[de]=`` is a translation, another key). Each from the line break
# before it (the text is given one first): a literal first character is searched for fast, where ``^`` would be
# tried at every character
_LINE = re.compile(
    r"\n[ \t]*(?:\[(?P<group>[^\]\n]*)|(?P<key>Exec|Name|StartupWMClass|X-AppImage-Version)[ \t]*=(?P<value>[^\n]*))"
)


def _parse(text: str) -> MenuEntry:
    text = "\n" + (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text)
    execs: list[tuple[int, list[str]]] = []
    names: list[str] = []
    version: str | None = None
    desktop = main = False
    number, counted = 0, 0  # the line breaks before offset ``counted``: the number of the line after it
    for m in _LINE.finditer(text):
        group = m.group("group")
        if group is not None:
            main = group == "Desktop Entry"
            desktop = main or group.startswith("Desktop Action ")
            continue
        key, value = m.group("key"), m.group("value").strip()
        if key == "Exec" and desktop:
            number += text.count("\n", counted, m.start() + 1)
            counted = m.start() + 1
            execs.append((number, exec_words(value)))
        elif key in _NAME_KEYS and main and value:
            names.append(value)
        elif key == "X-AppImage-Version" and main and value:
            version = value
    return MenuEntry(tuple(execs), tuple(names), version)


def exec_words(value: str) -> list[str]:
    """The words of an ``Exec`` value as the desktop takes them (see the module's notes): the string escapes
    first (``\\s`` is a space, which then separates words like any other), then the quoting. GLib (GNOME's
    launcher) splits it as a shell's words, and so is it read here: single quotes keep what they hold too, and a
    backslash outside quotes keeps the next character. A value whose quotes do not close gives its words split
    at spaces (nothing it names is missed)."""
    if not any(c in value for c in "\\\"'"):  # no escape, no quote (most lines): its words are its words
        return [_codes(w) for w in _SPACES.split(value) if w and not _FIELD_CODE.fullmatch(w)]
    text = re.sub(r"\\(.)", lambda m: _STRING_ESCAPES.get(m.group(1), m.group(0)), value)
    words: list[str] = []
    current: list[str] = []
    quote = ""  # the quote open: '"', "'" or none
    started = False
    i = 0
    while i < len(text):
        c = text[i]
        if quote == '"':
            if c == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
                current.append(text[i + 1])
                i += 1
            elif c == '"':
                quote = ""
            else:
                current.append(c)
        elif quote == "'":
            if c == "'":
                quote = ""
            else:
                current.append(c)
        elif c in "\"'":
            quote, started = c, True
        elif c == "\\" and i + 1 < len(text):
            current.append(text[i + 1])
            started = True
            i += 1
        elif c in " \t\n":
            if started:
                words.append("".join(current))
            current, started = [], False
        else:
            current.append(c)
            started = True
        i += 1
    if quote:  # (a desktop may refuse it, or read it another way: its words, quotes taken off)
        return [_codes(w.strip("\"'")) for w in text.split() if not _FIELD_CODE.fullmatch(w)]
    if started:
        words.append("".join(current))
    return [_codes(w) for w in words if not _FIELD_CODE.fullmatch(w)]


def _codes(word: str) -> str:
    """A word with its field codes dropped and ``%%`` a ``%``."""
    return re.sub(r"%(.)", lambda m: "%" if m.group(1) == "%" else "", word) if "%" in word else word


def _flag_values(words: list[str], programs: frozenset[str], flag: str, machine: Machine) -> list[str | None]:
    """The folders ``flag`` names where ``words`` start one of ``programs`` (directly, or in a shell's line)."""
    while words and (program_name(words[0]) == "env" or ("=" in words[0] and not words[0].startswith("-"))):
        words = words[1:]
    if not words:
        return []
    name = program_name(words[0])
    if name in _SHELLS and "-c" in words[1:]:
        at = words.index("-c", 1)
        return _shell_values(words[at + 1] if at + 1 < len(words) else "", programs, flag, machine)
    if name == "flatpak":
        words = _flatpak_app(words, programs)
    elif name not in programs:
        return []
    return [_placed(v) for v in _after(words[1:], flag)]


def _flatpak_app(words: list[str], programs: frozenset[str]) -> list[str]:
    """``flatpak run … APP args``: the app's words (its id first, then its arguments) when APP is one of
    ``programs`` (:data:`FLATPAK_APPS`; a ref, ``APP//branch``, names it too), else none. The app is the first
    word after ``run`` that names one: flatpak's own options (and the values some take as the next word) come
    before it."""
    if "run" not in words[1:]:
        return []
    rest = words[words.index("run", 1) + 1 :]
    for i, word in enumerate(rest):
        if FLATPAK_APPS.get(word.split("/", 1)[0]) in programs:
            return [w for w in rest[i:] if w not in _FORWARDING]
    return []


def _after(words: list[str], flag: str) -> list[str]:
    out: list[str] = []
    for i, word in enumerate(words):
        if word == flag:
            out.append(words[i + 1] if i + 1 < len(words) else "")
        elif word.startswith(flag + "="):
            out.append(word[len(flag) + 1 :])
    return out


def _placed(value: str) -> str | None:
    """A folder the program is given with no shell in between: an absolute one only (``~`` is no home here)."""
    text = value.strip()
    if not text.startswith("/") or any(c in text for c in "$`"):
        return None
    return to_machine_path(text).rstrip("/") or None


def _shell_values(line: str, programs: frozenset[str], flag: str, machine: Machine) -> list[str | None]:
    """The folders ``flag`` names in a shell line that starts one of ``programs`` (``~`` and ``$HOME`` read)."""
    try:
        words = shlex.split(line, posix=True)
    except ValueError:
        words = line.split()
    if not any(program_name(w) in programs or FLATPAK_APPS.get(w.split("/", 1)[0]) in programs for w in words):
        return []
    return [folder_named(v, machine) for v in _after(words, flag)]
