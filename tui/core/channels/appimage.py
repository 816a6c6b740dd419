"""Linux AppImages: one file per application, run where it lies (``~/Applications/Cursor-1.7.52-x86_64.AppImage``,
the vendor's Linux download), found by its name in the folders AppImages are kept in, and through what starts
one from anywhere else: every menu entry (``.desktop`` file) of the user's and of the system's menu folders,
whatever it is named, and the aliases and functions of the shell startup files.

The program such a launcher starts is the tool's AppImage when its file name is one the catalog gives; an
AppImage under another name (``editor.AppImage``, ``~/bin/cursor``), known as one by its first bytes (an ELF
header with AppImage's magic), is the tool's when its own name or a name the launcher gives it (the entry's
``Name=``, ``StartupWMClass=``, its file's name; the alias's name) is the app's name the catalog's file name
gives (``cursor`` for ``Cursor-*.AppImage``). An AppImage named nothing like its app, by a launcher named
nothing like it, is not known (what it holds is compressed inside it and not read).

An extracted AppImage (``./Cursor.AppImage --appimage-extract`` leaves ``squashfs-root/``: ``AppRun``, the
app's menu entry, the app under ``usr/share/<app>/`` or at the top) is found through the folder a launcher runs
a program from (and the folder above its ``usr/``): one holding ``AppRun``, or named ``squashfs-root``, is an
extracted AppImage, and the app's is the one its own menu entries or ``resources/app`` manifests name. Nothing
is opened but the menu entries, those manifests and the first bytes of a program a launcher names after the
app: the version is the one the file's name states, as its vendor names it (an extracted one's: its menu entry's
``X-AppImage-Version``, else its manifests')."""

from __future__ import annotations

import fnmatch
import re
import shlex
from dataclasses import dataclass, replace

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.remedy import Remediation, Step, remove_path, step
from tui.core.machine import ReadSkipped
from tui.core.models import Install
from tui.core.text import clean, clean_version

NAME = "appimage"
LABEL = "AppImages"
# appimages: the names of a tool's AppImage as file-name patterns, any case ("Cursor-*.AppImage")
CATALOG_KEYS = (names("appimages"),)
# where AppImages are kept: AppImageLauncher and Gear Lever's folders, the user's command folder, the
# browser's downloads (many run it from there), and /opt for one put there by hand; the user's data folder
# (~/.local/share), where install scripts and guides unpack Cursor's download (~/.local/share/cursor/resources/app:
# C, several community installers and tools that look for Cursor's files)
FOLDERS = (
    "{home}/Applications",
    "{home}/AppImages",
    "{home}/.local/bin",
    "{home}/Downloads",
    "/opt",
    "{xdg_data}",
)
# the user's menu entries (and their subfolders'; tui.core.desktop_entries): one may start an AppImage kept anywhere
MENU = "{xdg_data}/applications"
FLATPAK_MENU = "{xdg_data}/flatpak/exports/share/applications"
# and the system's, its Flatpak and snap exports too
SYSTEM_MENUS = (
    "/usr/share/applications",
    "/usr/local/share/applications",
    "/var/lib/flatpak/exports/share/applications",
    "/var/lib/snapd/desktop/applications",
)
MAX_NAMES = 50_000  # names of one folder looked at; a bigger one is a scan error (an AppImage in it is unseen)
# programs the startup files' aliases and functions name by path, looked at (a look each); more is a scan error
MAX_LAUNCHED = 5_000
# folders looked at for an extracted AppImage (a launcher's program's, above its usr/; one look each); more is
# a scan error
MAX_EXTRACTED = 1_000
MAX_ROOT_NAMES = 2_000  # names of such a folder (or its usr/share, usr/lib) listed; more are not listed
EXTRACTED = "extracted"  # Install.manager of an extracted AppImage's folder
UNPACKED = "unpacked"  # Install.manager of an app's download unpacked where apps are kept (/opt/cursor)
_VERSION = re.compile(r"(?:^|[-_ ])v?(\d+(?:\.\d+){1,3})(?=[-_ ]|\.appimage$)", re.IGNORECASE)
_PATH_WORD = re.compile(r"""(?:~|\$HOME|\$\{HOME\})?/[^\s;&|'"()<>`]+""")
_ELF = b"\x7fELF"


@dataclass(frozen=True)
class _Launcher:
    """A program something starts: the program's machine path, the tool whose app the launcher names (by the
    names it gives the program, :func:`_named`), and the menu entry (machine path) that starts it, if it is one
    ("" for an alias or function)."""

    program: str
    named: Tool | None
    entry: str
    kept: bool = False  # a folder of the app's name where apps are kept (its program looked for as AppRun)


def locations(platform: str) -> tuple[str, ...]:
    return (*FOLDERS, MENU, FLATPAK_MENU, *SYSTEM_MENUS) if platform == "linux" else ()


def scan(ctx: Context) -> list[Install]:
    if ctx.machine.platform != "linux":
        return []
    patterns = [(pattern.lower(), tool) for tool in ctx.catalog.tools.values() for pattern in tool.sig("appimages")]
    if not patterns:
        return []
    apps = {key: tool for pattern, tool in patterns if len(key := _app_name(pattern)) >= 3}
    # an AppImage's path -> (tool, the menu entry that starts it, its version, how it was installed)
    found: dict[str, tuple[Tool, str, str | None, str]] = {}
    # the folders of the app's name (or squashfs-root) where AppImages are kept: each may be an extracted one
    kept: list[_Launcher] = []
    for template in FOLDERS:
        for folder in ctx.expand_all(template):
            folders: list[str] = []
            for name in _names(ctx, folder, folders):
                tool = _match(name, patterns)
                if tool is not None:
                    found.setdefault(f"{folder.rstrip('/')}/{name}", (tool, "", _version(name), ""))
            kept += [
                _Launcher(f"{folder.rstrip('/')}/{name}/AppRun", None, "", kept=True)
                for name in folders
                if name == "squashfs-root" or _plain(name) in apps
            ]
    # launchers whose program is no AppImage (or is not there): the folder it is run from may be an extracted one
    roots: list[_Launcher] = []
    for launcher in _launchers(ctx, apps):
        there = ctx.disk.exists(launcher.program) or ctx.disk.outside(launcher.program)
        if there and ctx.disk.readlink(launcher.program) and (real := ctx.disk.resolve(launcher.program)):
            launcher = replace(launcher, program=real)  # ~/.local/bin/cursor -> the AppImage: judged by it
        target = launcher.program
        tool = _appimage_tool(ctx, launcher, patterns, apps) if there else None
        if tool is not None:
            if launcher.entry or target not in found:  # a menu entry is part of what goes with it
                found[target] = (tool, launcher.entry, _version(target.rpartition("/")[2]), "")
        else:
            roots.append(launcher)
    for root, tool, version, entry, manager in _extracted(ctx, roots + kept, apps):
        found.setdefault(root, (tool, entry, version, manager))
    results = []
    for path, (tool, entry, version, manager) in sorted(found.items()):
        file_name = path.rpartition("/")[2]
        if manager == EXTRACTED:
            detail = "extracted AppImage (the folder --appimage-extract leaves)"
        elif manager == UNPACKED:
            detail = "the app's folder, its download unpacked (its program and resources/app, no AppRun)"
        else:
            detail = f"AppImage {clean(file_name, 200)}"
        if entry:
            detail += f", started by the menu entry {clean(ctx.disk.display(entry), 300)}"
        key = ctx.disk.display(entry) if entry else ""
        results.append(ctx.install(tool, NAME, path, version, detail=detail, key=key, manager=manager))
    return results


def _names(ctx: Context, folder: str, folders: list[str]) -> list[str]:
    """The files of ``folder`` by name (its folders' names added to ``folders``)."""
    children = ctx.disk.small_children(folder, MAX_NAMES)
    if children is None:  # never a clean bill: an AppImage among them would go unseen
        ctx.disk.unlisted.setdefault(ctx.disk.display(folder), f"more than {MAX_NAMES:,} names")
        return []
    folders += [n for n in children.names() if children[n].is_dir]
    return [n for n in children.names() if not children[n].is_dir]


def _match(name: str, patterns: list[tuple[str, Tool]]) -> Tool | None:
    low = name.lower()
    if not low.endswith(".appimage"):
        return None
    return next((tool for pattern, tool in patterns if fnmatch.fnmatchcase(low, pattern)), None)


def _app_name(pattern: str) -> str:
    """The app's name a file-name pattern gives, as :func:`_plain` writes names (``cursor`` for
    ``Cursor-*.AppImage`` and ``Cursor.AppImage``, ``lmstudio`` for ``LM-Studio-*.AppImage``)."""
    literal = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    low = literal.lower()
    return _plain(low.removesuffix(".appimage"))


_NOT_PLAIN = re.compile(r"[^0-9a-z]+")


def _plain(name: str) -> str:
    """A name as compared with an app's: lower case, letters and digits only (``LM Studio`` is ``lmstudio``)."""
    return _NOT_PLAIN.sub("", name.lower())


def _named(names: tuple[str, ...], apps: dict[str, Tool]) -> Tool | None:
    """The tool one of ``names`` is the app name of: whole (``LM Studio``), or its first word (``Cursor
    Editor``), or a file's name before its extension (``cursor.desktop``, ``cursor.AppImage``)."""
    for name in names:
        stem = name.rsplit(".", 1)[0] if name.lower().endswith((".desktop", ".appimage")) else name
        for candidate in (stem, stem.split()[0] if stem.split() else ""):
            tool = apps.get(_plain(candidate))
            if tool is not None:
                return tool
    return None


def _appimage_tool(
    ctx: Context, launcher: _Launcher, patterns: list[tuple[str, Tool]], apps: dict[str, Tool]
) -> Tool | None:
    """The tool whose AppImage ``launcher`` starts, if it starts one (see the module's notes)."""
    file_name = launcher.program.rpartition("/")[2]
    tool = _match(file_name, patterns)
    if tool is not None:
        return tool
    tool = launcher.named or _named((file_name,), apps)
    if tool is None:
        return None
    return tool if file_name.lower().endswith(".appimage") or _is_appimage(ctx, launcher.program) else None


def _is_appimage(ctx: Context, path: str) -> bool:
    """Whether the file at ``path`` is an AppImage by its first bytes: an ELF header whose padding holds
    AppImage's magic, ``AI`` and its type (1 or 2), at offset 8 (the AppImage specification)."""
    if not ctx.disk.is_file(path):  # a device or a pipe an alias sends output to is no program to read
        return False
    try:
        head = ctx.disk.read_head(path, 11)
    except ReadSkipped as exc:
        ctx.disk.skip(path, str(exc))
        return False
    return head is not None and head[:4] == _ELF and head[8:10] == b"AI" and head[10:11] in (b"\x01", b"\x02")


# -- what starts a program -------------------------------------------------------------------------
def _launchers(ctx: Context, apps: dict[str, Tool]) -> list[_Launcher]:
    """The programs the menu entries start (every entry's Exec= lines: the program, and an AppImage it is
    given, as ``appimage-run`` and ``firejail --appimage`` are) and the aliases and functions of the shell
    startup files name. A menu entry or folder that cannot be read whole is a scan error: what it starts
    is not known."""
    from tui.core.desktop_entries import menu_entries

    out: list[_Launcher] = []
    menu = menu_entries(ctx.disk, ctx.machine)
    for _path, shown, why in menu.unread:
        ctx.disk.unlisted.setdefault(shown, f"{why} (a menu entry may start an AppImage)")
    for path, entry in menu.entries:
        named = _named((path.rpartition("/")[2], *entry.names), apps) if entry.execs else None
        for _number, words in entry.execs:
            for program in _exec_programs(words):
                out.append(_Launcher(program, named, path))
    out += _startup_launchers(ctx, apps)
    return out


_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh"})


def _exec_programs(words: list[str], depth: int = 0) -> list[str]:
    """The program an Exec line starts (its first word past ``env`` and its assignments), any AppImage it gives
    another program (``appimage-run``, ``firejail --appimage``), and those of the line a shell is given with
    ``-c``; each an absolute path (a desktop reads no ``~``)."""
    from tui.core.agents.identity import program_name

    while words and (program_name(words[0]) == "env" or ("=" in words[0] and not words[0].startswith("-"))):
        words = words[1:]
    if not words:
        return []
    programs = [w for i, w in enumerate(words) if (i == 0 or w.lower().endswith(".appimage")) and w.startswith("/")]
    if depth == 0 and program_name(words[0]) in _SHELLS and "-c" in words[1:]:
        at = words.index("-c", 1)
        try:
            line = shlex.split(words[at + 1], comments=True) if at + 1 < len(words) else []
        except ValueError:
            line = words[at + 1].split()
        programs += _exec_programs(line, 1)
    return list(dict.fromkeys(p.rstrip("/") for p in programs))


def _startup_launchers(ctx: Context, apps: dict[str, Tool]) -> list[_Launcher]:
    """The programs named by path in the bodies of the aliases and functions the shell startup files (and the
    files they source) define, each with the alias's or function's name; :data:`MAX_LAUNCHED` at most."""
    from tui.core.leading_names import name_definitions
    from tui.core.sourced_files import all_sourced
    from tui.core.startup import startup_paths
    from tui.core.startup_reading import folder_named

    out: dict[str, _Launcher] = {}
    for item in all_sourced(ctx.disk, ctx.machine, startup_paths(ctx.machine, (), ctx.token_sets)):
        for name, body in name_definitions(ctx.disk, item.path):
            for m in _PATH_WORD.finditer(body):
                program = folder_named(m.group(0), ctx.machine)
                if not program or program in out:
                    continue
                if len(out) >= MAX_LAUNCHED:  # never a clean bill: an AppImage the rest start would go unseen
                    why = f"more than {MAX_LAUNCHED:,} programs named in aliases and functions: the first looked at"
                    ctx.disk.unlisted.setdefault("the shell startup files' aliases and functions", why)
                    return list(out.values())
                out[program] = _Launcher(program, _named((name,), apps), "")
    return list(out.values())


# -- extracted AppImages ---------------------------------------------------------------------------
def _extracted(
    ctx: Context, launchers: list[_Launcher], apps: dict[str, Tool]
) -> list[tuple[str, Tool, str | None, str, str]]:
    """(folder, tool, version, the menu entry that starts it, manager) of each extracted AppImage a launcher
    runs a program from: the program's folder, and the folder above a ``usr/`` on its path (``/opt/cursor`` for
    ``/opt/cursor/usr/share/cursor/cursor``), :data:`MAX_EXTRACTED` folders at most. A folder of the app's
    name where apps are kept (``/opt/cursor``) with no AppRun is the app's download unpacked there when its
    ``resources/app`` manifest names the app (:data:`UNPACKED`): Cursor's Linux tarball holds ``cursor`` and
    ``resources/app/package.json`` at its top."""
    home = ctx.machine.home.rstrip("/")
    looked: set[str] = set()
    out: list[tuple[str, Tool, str | None, str, str]] = []
    for launcher in launchers:
        program = launcher.program
        candidates = [program.rpartition("/")[0]]
        if (at := program.find("/usr/")) > 0:
            candidates.append(program[:at])
        for root in candidates:
            if root in looked or root.count("/") < 2 or root == home:
                continue
            if len(looked) >= MAX_EXTRACTED:  # never a clean bill: an extracted AppImage there would go unseen
                why = f"programs are started from more than {MAX_EXTRACTED:,} folders: the first looked at"
                ctx.disk.unlisted.setdefault("the folders programs are started from", why)
                return out
            looked.add(root)
            manager = EXTRACTED
            if not (root.rpartition("/")[2] == "squashfs-root" or ctx.disk.exists(f"{root}/AppRun")):
                if not (launcher.kept and ctx.disk.is_file(f"{root}/resources/app/package.json")):
                    continue
                manager = UNPACKED  # (named by its manifest alone, below: the folder's name is anyone's)
            judged = _extracted_app(ctx, root, apps, manifests_only=manager == UNPACKED)
            if judged is not None:
                out.append((root, *judged, launcher.entry, manager))
    return out


def _extracted_app(
    ctx: Context, root: str, apps: dict[str, Tool], manifests_only: bool = False
) -> tuple[Tool, str | None] | None:
    """The app an extracted AppImage holds, by its own menu entries at the top (their names, and the folder's
    ``X-AppImage-Version``), else by its ``resources/app`` manifests (at the top, or under ``usr/share/<app>``
    or ``usr/lib/<app>``): ``package.json``'s name, ``product.json``'s ``nameShort`` and ``applicationName``.
    ``manifests_only``: an unpacked download's folder, named by the manifests at its top alone."""
    from tui.core.desktop_entries import read_entry

    if manifests_only:
        named, stated = _manifests(ctx, f"{root}/resources/app")
        found = _named(named, apps) if named else None
        return (found, stated) if found is not None else None

    children = ctx.disk.small_children(root, MAX_ROOT_NAMES)
    if children is None:  # never a clean bill: the app's menu entry among them would go unseen
        ctx.disk.unlisted.setdefault(ctx.disk.display(root), f"more than {MAX_ROOT_NAMES:,} names")
    top = sorted(n for n in children.names() if n.endswith(".desktop")) if children is not None else []
    tool: Tool | None = None
    version: str | None = None
    for name in top:
        entry = read_entry(ctx.disk, f"{root}/{name}")
        if isinstance(entry, str):
            ctx.disk.skip(f"{root}/{name}", entry)
            continue
        tool = tool or _named((name, *entry.names), apps)
        version = version or (ctx.version(entry.version, f"{root}/{name}") if entry.version else None)
    app_folders = [root]
    for sub in ("usr/share", "usr/lib"):
        listed = ctx.disk.small_children(f"{root}/{sub}", MAX_ROOT_NAMES)
        if listed is not None:
            app_folders += [f"{root}/{sub}/{n}" for n in sorted(listed.names()) if _plain(n) in apps]
    for folder in app_folders:
        named, stated = _manifests(ctx, f"{folder}/resources/app")
        if tool is None and named:
            tool = _named(named, apps)
        if tool is not None and version is None:
            version = stated
    return (tool, version) if tool is not None else None


def _manifests(ctx: Context, folder: str) -> tuple[tuple[str, ...], str | None]:
    """The names an Electron app's ``resources/app`` gives it, and its version (product.json's, else
    package.json's), each file read when it is there."""
    names: list[str] = []
    version: str | None = None
    for file, keys in (("product.json", ("nameShort", "applicationName")), ("package.json", ("name", "productName"))):
        path = f"{folder}/{file}"
        if not ctx.disk.is_file(path):
            continue
        data = ctx.disk.try_json(path)
        if not isinstance(data, dict):
            continue
        names += [v for k in keys if isinstance(v := data.get(k), str)]
        if version is None and isinstance(data.get("version"), str):
            version = ctx.version(data["version"], path)
    return tuple(names), version


def _version(file_name: str) -> str | None:
    m = _VERSION.search(file_name)
    return clean_version(m.group(1)) if m else None


# -- remediation -----------------------------------------------------------------------------------
def _delete(i: Install, windows: bool) -> list[Step]:
    what = {EXTRACTED: "the extracted AppImage's folder", UNPACKED: "the app's folder"}.get(i.manager, "the AppImage")
    steps = [step(f"Delete {what} (it is the whole program).", remove_path(i.path, windows), i.path)]
    if i.key:
        steps.append(step("Delete the menu entry that starts it.", remove_path(i.key, windows), i.key))
    return steps


def _title(i: Install) -> str:
    kind = "app folder" if i.manager == UNPACKED else "AppImage"
    return f"{kind} {clean(i.path.rpartition('/')[2], 200)}"


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    return Remediation(i, _title(i), tuple(_delete(i, windows)))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    where = f" ({clean(tool.homepage, 200)})" if tool.homepage else ""
    first = Step(
        f"Download {clean(tool.name)} {clean(target.version)} or later (any version {clean(target.text)}) from "
        f"its vendor{where}, then delete this one."
    )
    return Remediation(i, _title(i), (first, *_delete(i, windows)))
