"""Extensions of VS Code-family editors. ``extensions.json`` is the truth (but a catalog extension's folder that it
does not name and ``.obsolete`` does not mark counts: it was taken out by hand): folders of uninstalled or
upgraded-away versions linger on disk and are not installs. Without that file (older editors) the
folders are used, minus those listed in ``.obsolete``.

Where the extensions are: each editor's folder in the home (:data:`EDITOR_ROOTS`), a Linux package's own
(:data:`PACKAGED_ROOTS`), and the folders an editor is told to use, as VS Code (and every fork, which shares its
code) takes them: ``--extensions-dir`` (an alias or function of the shell startup files), ``$VSCODE_EXTENSIONS``,
``$VSCODE_PORTABLE/extensions`` (this process's environment or a startup file's export), and a portable
install's ``data/extensions`` beside the install (``<name>-portable-data/extensions`` beside the app on macOS),
found from the editor's command on the search path. Each such folder is looked at only where something names it:
with no variable set, no flag given and no editor's command on the search path, nothing more is read."""

from __future__ import annotations

import re
from typing import Any

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.npm_versions import read_package
from tui.core.channels.path import STANDARD_FOLDERS, WINDOWS_EXE_SUFFIXES
from tui.core.channels.remedy import Remediation, Step, cmd, step
from tui.core.models import Install
from tui.core.safe_json import JsonError, load_json
from tui.core.text import clean

NAME = "vscode"
LABEL = "VS Code-family extensions"
CATALOG_KEYS = (names("vscode_extensions", lower=True),)

# (extensions root under the home, editor name, command that manages its extensions)
EDITOR_ROOTS = (
    (".vscode/extensions", "VS Code", "code"),
    (".vscode-insiders/extensions", "VS Code Insiders", "code-insiders"),
    (".vscode-server/extensions", "VS Code Server", "code"),
    (".vscode-server-insiders/extensions", "VS Code Server Insiders", "code-insiders"),
    (".vscode-oss/extensions", "VSCodium", "codium"),
    (".vscodium-server/extensions", "VSCodium Server", "codium"),
    (".vscodium-insiders/extensions", "VSCodium Insiders", "codium-insiders"),
    (".cursor/extensions", "Cursor", "cursor"),
    (".cursor-server/extensions", "Cursor Server", "cursor"),
    (".windsurf/extensions", "Windsurf", "windsurf"),
    (".windsurf-server/extensions", "Windsurf Server", "windsurf"),
    (".devin/extensions", "Devin Desktop", "devin"),
    (".trae/extensions", "Trae", "trae"),
    (".trae-cn/extensions", "Trae CN", "trae"),
    (".trae-server/extensions", "Trae Server", "trae"),
    (".kiro/extensions", "Kiro", "kiro"),
    (".qoder/extensions", "Qoder", "qoder"),
    (".antigravity/extensions", "Antigravity", "antigravity"),
    (".positron/extensions", "Positron", "positron"),
)

# VS Code-family editors whose command-line tool accepts --uninstall-extension / --install-extension
EDITOR_CLIS = {
    "code",
    "code-insiders",
    "codium",
    "codium-insiders",
    "cursor",
    "windsurf",
    "devin",
    "trae",
    "kiro",
    "qoder",
    "antigravity",
    "positron",
}


# Linux packages that keep the extensions in a folder of their own. Flathub's VS Code and VSCodium start the
# editor with ``--extensions-dir=$XDG_DATA_HOME/<name>/extensions``, and a Flatpak's XDG_DATA_HOME is its
# ``~/.var/app/<app id>/data``; the editor's own command there is ``flatpak run <app id>``. (The Snap of VS Code
# is a classic snap: its home is the user's, and its extensions are in ~/.vscode/extensions.)
PACKAGED_ROOTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "linux": (
        (
            ".var/app/com.visualstudio.code/data/vscode/extensions",
            "VS Code (Flatpak)",
            "flatpak run com.visualstudio.code",
        ),
        (
            ".var/app/com.vscodium.codium/data/codium/extensions",
            "VSCodium (Flatpak)",
            "flatpak run com.vscodium.codium",
        ),
    ),
}
FLATPAK_CLIS = frozenset(command for roots in PACKAGED_ROOTS.values() for _rel, _editor, command in roots)

# the folders every VS Code-family editor takes its extensions from when the environment names one (VS Code's
# environmentService: VSCODE_EXTENSIONS, else VSCODE_PORTABLE's extensions folder): this process's value, and
# each folder a shell startup file exports for it (Machine.startup_env)
ENV_ROOTS = (
    ("{env:VSCODE_EXTENSIONS}", "VS Code-family editor ($VSCODE_EXTENSIONS)"),
    ("{env:VSCODE_PORTABLE}/extensions", "VS Code-family editor ($VSCODE_PORTABLE)"),
)
EXTENSIONS_DIR = "--extensions-dir"
MAX_FLAG_ROOTS = 16  # extension folders the startup files' --extensions-dir may name that are read


def locations(platform: str) -> tuple[str, ...]:
    """The editors' own folders; those the environment, the startup files and a portable install name are
    found on the machine (:func:`_roots`)."""
    return tuple(f"{{home}}/{rel}" for rel, _editor, _command in (*EDITOR_ROOTS, *PACKAGED_ROOTS.get(platform, ())))


_FOLDER = re.compile(r"^([^.]+\..+?)-(\d+\.\d+\.\d+[^-]*)(?:-(.+))?$")


def _entries_from_manifest(
    ctx: Context, root: str, data: object, wanted: dict[str, list[Tool]]
) -> list[tuple[str, str | None, str]]:
    """(id, version, folder) of the catalog extensions listed in an ``extensions.json``."""
    out: list[tuple[str, str | None, str]] = []
    if not isinstance(data, list):
        ctx.disk.skip(root + "/extensions.json", "not a JSON array")
        return out
    for item in data:
        if not isinstance(item, dict):
            continue
        ident = item.get("identifier")
        ext_id = ident.get("id") if isinstance(ident, dict) else None
        if not isinstance(ext_id, str) or ext_id.lower() not in wanted:
            continue
        folder = item.get("relativeLocation")
        loc = item.get("location")
        if not isinstance(folder, str):
            if isinstance(loc, dict) and isinstance(loc.get("path"), str):
                folder = loc["path"].replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            elif isinstance(loc, str):
                folder = loc.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        path = (
            f"{root}/{folder}"
            if isinstance(folder, str) and folder and "/" not in folder and folder not in (".", "..")
            else root
        )
        out.append((ext_id.lower(), item.get("version"), path))
    return out


def _entries_from_folders(
    ctx: Context, root: str, wanted: dict[str, list[Tool]] | None = None
) -> list[tuple[str, str | None, str]]:
    """(id, version, folder) of the extension folders in ``root`` not marked for removal in ``.obsolete``, in
    name order; with ``wanted``, only those of wanted ids (the others' types are never looked at)."""
    obsolete = ctx.disk.try_json(root + "/.obsolete") or {}
    if not isinstance(obsolete, dict):
        obsolete = {}
    children = ctx.disk.children(root)
    out = []
    for name in sorted(children):
        m = _FOLDER.match(name)
        if m is None or name in obsolete:
            continue
        ext_id = m.group(1).lower()
        if wanted is not None and ext_id not in wanted:
            continue
        entry = children[name]
        if entry.is_dir:
            out.append((ext_id, m.group(2), entry.path))
    return out


def _parse(ctx: Context, manifest: str, text: str | None) -> Any:
    if text is None:
        return None
    try:
        return load_json(text)
    except JsonError as exc:  # what and where, in plain words
        ctx.disk.skip(manifest, str(exc))
        return None


def scan(ctx: Context) -> list[Install]:
    wanted = ctx.index("vscode_extensions", lower=True)
    if not wanted:
        return []
    results: list[Install] = []
    for root, editor, command in _roots(ctx):
        if not ctx.disk.is_dir(root):
            continue
        manifest = root + "/extensions.json"
        unlisted: set[str] = set()  # folders of wanted ids the registry does not name
        if ctx.disk.exists(manifest):
            text = ctx.disk.try_text(manifest)
            # parsed only when a wanted id may be in it: an id is its text, or an escape of a character in it
            lowered = text.lower() if text is not None else ""
            maybe = "\\u" in lowered or any(ext_id in lowered for ext_id in wanted)
            data = _parse(ctx, manifest, text) if maybe or text is None else []
            if data is None:
                entries = _entries_from_folders(ctx, root)
            else:
                entries = _entries_from_manifest(ctx, root, data, wanted) if maybe else []
                # which wanted ids the registry lists comes from its parsed identifiers: an id written elsewhere
                # in it (another entry's location, edited by hand) lists nothing
                named = {ext_id for ext_id, _version, _path in entries}
                # VS Code takes an extension out of extensions.json and marks its folder in .obsolete when it
                # uninstalls or updates it: a wanted folder that is in neither was taken out by hand
                extra = [e for e in _entries_from_folders(ctx, root, wanted) if e[0] not in named]
                unlisted = {path for _ext_id, _version, path in extra}
                entries += extra
        else:
            entries = _entries_from_folders(ctx, root)
        for ext_id, version, path in entries:
            note = (
                " (not in extensions.json and not marked for removal; found by its folder)" if path in unlisted else ""
            )
            stated = ctx.version(version, manifest)
            conflict = _conflict(ctx, path, stated, "extensions.json" if path not in unlisted else "its folder's name")
            for tool in wanted.get(ext_id, ()):
                results.append(
                    ctx.install(
                        tool,
                        NAME,
                        path,
                        None if conflict else stated,
                        manager=command,
                        key=ext_id,
                        detail=f"{editor} extension {ext_id}{note}",
                        version_conflict=conflict,
                    )
                )
    return results


def _roots(ctx: Context) -> list[tuple[str, str, str]]:
    """(extensions folder, editor name, command that manages it) for every folder looked in, each once: the
    editors' own, then the folders the environment, the startup files and the portable installs name."""
    home = ctx.machine.home.rstrip("/")
    own = (*EDITOR_ROOTS, *PACKAGED_ROOTS.get(ctx.machine.platform, ()))
    found = [(f"{home}/{rel}", editor, command) for rel, editor, command in own]
    for template, editor in ENV_ROOTS:
        found += [(root.rstrip("/"), editor, "code") for root in ctx.expand_all(template)]
    found += _flag_roots(ctx)
    found += _portable_roots(ctx)
    out: dict[str, tuple[str, str, str]] = {}
    for root, editor, command in found:
        out.setdefault(root, (root, editor, command))
    return list(out.values())


def _flag_roots(ctx: Context) -> list[tuple[str, str, str]]:
    """The folders the shell startup files start an editor's command with ``--extensions-dir`` for (``alias
    code='code --extensions-dir ~/x'``, a function), and Linux's menu entries (``Exec=code --extensions-dir=…``,
    :mod:`tui.core.desktop_entries`): every session started that way loads its extensions from there. One that
    cannot be placed (computed, relative), or past the bound, and a menu entry that cannot be read, are
    unchecked configs: what they hold is not known."""
    from tui.core.agents.formats import note_unchecked
    from tui.core.desktop_entries import menu_flag_arguments
    from tui.core.startup import flag_arguments

    editors = tuple(sorted(EDITOR_CLIS))
    args = flag_arguments(ctx.disk, ctx.machine, editors, EXTENSIONS_DIR, program_files=False)
    menu = menu_flag_arguments(ctx.disk, ctx.machine, editors, EXTENSIONS_DIR)  # Linux's menu entries' Exec=
    args += menu.args
    for path, shown, why in menu.unread:  # what a menu entry starts an editor with is not known
        label = f"VS Code-family editor (a menu entry's {EXTENSIONS_DIR})"
        note_unchecked(ctx.disk, path, client=NAME, label=label, holds="editor extensions", reason=why, place=shown)
    out: list[tuple[str, str, str]] = []
    for n, arg in enumerate(args):
        where = f"{arg.source} line {arg.line}"
        label = f"VS Code-family editor ({EXTENSIONS_DIR} in {arg.file} line {arg.line})"
        if arg.path is None or n >= MAX_FLAG_ROOTS:
            reason = (
                f"an extensions folder named with {EXTENSIONS_DIR} that cannot be located (computed or relative)"
                if arg.path is None
                else f"more than {MAX_FLAG_ROOTS} extensions folders named with {EXTENSIONS_DIR}: the first read"
            )
            note_unchecked(ctx.disk, where, client=NAME, label=label, holds="editor extensions", reason=reason)
            continue
        out.append((arg.path, label, "code"))
    return out


def _portable_roots(ctx: Context) -> list[tuple[str, str, str]]:
    """The ``data/extensions`` folder of each install an editor's command on the search path (aicheck's, the
    startup files', the standard folders) leads to: VS Code is portable when a ``data`` folder is beside it
    (.zip and .tar.gz builds; the command is ``<install>/bin/code``, or the program itself) and, on macOS, when
    ``<name>-portable-data`` is beside the app (the command is ``<app>/Contents/Resources/app/bin/code``). The
    listings are the path channel's (the same folders, listed once a scan); a link is followed to its install."""
    machine = ctx.machine
    windows = machine.platform == "windows"
    suffixes = WINDOWS_EXE_SUFFIXES if windows else ("",)
    wanted = {(cli + s).lower() if windows else cli + s: cli for cli in EDITOR_CLIS for s in suffixes}
    standard = [f for t in STANDARD_FOLDERS.get(machine.platform, ()) for f in ctx.expand_all(t)]
    out: list[tuple[str, str, str]] = []
    for folder in dict.fromkeys([*machine.search_path, *machine.startup_path, *standard]):
        children = ctx.disk.children(folder, types=False)
        hits = [n for n in children if n.lower() in wanted] if windows else children.names() & wanted.keys()
        for name in sorted(hits):
            entry = children[name]
            target = ctx.disk.resolve(entry.path) if entry.is_symlink else entry.path
            if target is None or entry.is_dir:
                continue
            cli = wanted[name.lower() if windows else name]
            data = _portable_data(target, cli, machine.platform)
            if data is not None:
                out.append((data, f"{_EDITORS.get(cli, 'VS Code')} (portable)", cli))
    return out


_EDITORS = {command: editor for _rel, editor, command in reversed(EDITOR_ROOTS)}  # the first editor of each
_MAC_CLI = "/Contents/Resources/app/bin"  # the command's folder inside a macOS app


def _portable_data(target: str, cli: str, platform: str) -> str | None:
    """The extensions folder of the portable data of the install ``target`` (a command's file) belongs to, or
    None when the file is not an editor's (another program that the name leads to)."""
    folder, _, name = target.rpartition("/")
    if platform == "macos":
        if not folder.endswith(_MAC_CLI):
            return None
        app = folder[: -len(_MAC_CLI)]
        return f"{app.rpartition('/')[0]}/{cli}-portable-data/extensions"
    stem = name.lower().rsplit(".", 1)[0] if platform == "windows" else name  # code.cmd, Code.exe
    if stem != cli:
        return None
    install = folder.rpartition("/")[0] if folder.rpartition("/")[2] == "bin" else folder
    return f"{install}/data/extensions" if install else None


def _conflict(ctx: Context, folder: str, version: str | None, source: str) -> str:
    """What contradicts the version an extension is listed with ("" when nothing does): the editor names
    the folder ``publisher.name-<version>[-<platform>]`` and runs the extension's own ``package.json``, which
    state it too. An edited ``extensions.json`` (or a renamed folder) leaves them as they were."""
    if version is None:
        return ""
    against: list[str] = []
    m = _FOLDER.match(folder.rpartition("/")[2])
    if m and source != "its folder's name" and m.group(2) != version:
        against.append(f"its folder's name states {m.group(2)}")
    own = read_package(ctx, folder)[1]  # none when the folder or its package.json is not there
    if own is not None and own != version:
        against.append(f"its package.json states {own}")
    return "; ".join([f"{source} states {version}", *against]) if against else ""


# -- remediation -----------------------------------------------------------------------------------
def _cli(i: Install) -> str:
    return i.manager if i.manager in EDITOR_CLIS or i.manager in FLATPAK_CLIS else "code"


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    cli = _cli(i)
    steps = [
        step(
            f"Uninstall the extension {clean(i.key)} with the editor's command-line tool ({cli}).",
            cmd(windows, cli, "--uninstall-extension", literal=(i.key,)),
            i.key,
        ),
        Step("Or in the editor: Extensions view, the extension's gear menu, Uninstall; then reload the window."),
    ]
    return Remediation(i, f"editor extension {clean(i.key)} ({cli})", tuple(steps))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    cli = _cli(i)
    steps = [
        step(
            f"Install version {clean(target.version)} of {clean(i.key)} with the editor's command-line tool "
            f"({cli}); any version {clean(target.text)} is fine.",
            cmd(windows, cli, "--install-extension", literal=(f"{i.key}@{target.version}",)),
            i.key,
        ),
        Step(
            "Or in the editor: Extensions view, the extension's gear menu, Install Specific Version (or "
            "Update); then reload the window."
        ),
    ]
    return Remediation(i, f"editor extension {clean(i.key)} ({cli})", tuple(steps))
