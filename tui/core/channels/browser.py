"""AI browser extensions, in every profile of the Chromium-family and Gecko-family browsers.

Chromium: a profile's ``Preferences`` and ``Secure Preferences`` (``extensions.settings.<id>``) are the
truth of what is installed; extension folders of removed extensions linger and are not installs, unless
neither file can be used as a registry (unreadable, truncated, broken by hand): then a wanted extension's
folder counts, so breaking a file never hides a prohibited extension. An entry deleted by hand from a valid
Preferences is caught by Chrome's own integrity record (a MAC per extension in Secure Preferences, cleared
by a real uninstall): while it names the extension and its folder remains, the extension counts. The
version, name and permissions come from ``Extensions/<id>/<version>_0/manifest.json``. Gecko:
``profiles.ini`` names the profile folders, each profile's ``extensions.json`` lists its add-ons.

Only the keys named here are looked at; no other value of these files is recorded. Nothing is removed
by a command: the remediation is the browser's own extensions page.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.browser_policy import policies
from tui.core.channels.remedy import Remediation, Step
from tui.core.machine import Children, ReadSkipped, to_machine_path
from tui.core.models import BrowserFacts, Install
from tui.core.safe_json import JsonError, load_json
from tui.core.text import clean

NAME = "browser"
LABEL = "Browser extensions"
CATALOG_KEYS = (names("chrome_extensions", lower=True), names("firefox_addons"))

MAX_PREFERENCES_BYTES = 32 * 1024 * 1024  # real Preferences files reach a few MiB; bounded all the same
MAX_PROFILES = 64  # per browser: more "Profile N" folders than that is not a real browser
ALL_SITES = frozenset({"<all_urls>", "*://*/*", "http://*/*", "https://*/*", "*://*/", "file:///*"})
# Chromium's Manifest::Location: 4 unpacked (developer mode), 8 loaded from the command line
_SIDELOADED_LOCATIONS = frozenset({4, 8})
_EXTERNAL_LOCATIONS = frozenset({2, 3, 6})  # a file or registry entry outside the browser put it there

# (base token, user-data folder under it, browser name, extensions page). The folder is the one holding
# the profiles; Opera keeps its single profile in the folder itself. Every release channel has its own
# folder, and so has each packaged build: a snap's home is ``~/snap/<name>/<revision>`` (``current`` is the
# one in use; Ubuntu's Chromium keeps its data in ``common``), a Flatpak's config folder is
# ``~/.var/app/<app id>/config``. A packaged build is named apart ("Chromium (snap)"): the administrator's
# policy files under /etc that ``browser_policy`` reads for the native build are not what a sandbox reads.
# An absent folder costs one lstat, and nothing under an absent ``~/snap`` or ``~/.var/app`` costs a call.
_CHROME, _EDGE, _BRAVE = "chrome://extensions", "edge://extensions", "brave://extensions"
_VIVALDI, _OPERA = "vivaldi://extensions", "opera://extensions"
CHROMIUM = {
    "linux": (
        ("xdg_config", "google-chrome", "Google Chrome", _CHROME),
        ("xdg_config", "google-chrome-beta", "Google Chrome Beta", _CHROME),
        ("xdg_config", "google-chrome-unstable", "Google Chrome Dev", _CHROME),
        ("xdg_config", "google-chrome-canary", "Google Chrome Canary", _CHROME),
        ("xdg_config", "microsoft-edge", "Microsoft Edge", _EDGE),
        ("xdg_config", "microsoft-edge-beta", "Microsoft Edge Beta", _EDGE),
        ("xdg_config", "microsoft-edge-dev", "Microsoft Edge Dev", _EDGE),
        ("xdg_config", "BraveSoftware/Brave-Browser", "Brave", _BRAVE),
        ("xdg_config", "BraveSoftware/Brave-Browser-Beta", "Brave Beta", _BRAVE),
        ("xdg_config", "BraveSoftware/Brave-Browser-Dev", "Brave Dev", _BRAVE),
        ("xdg_config", "BraveSoftware/Brave-Browser-Nightly", "Brave Nightly", _BRAVE),
        ("xdg_config", "vivaldi", "Vivaldi", _VIVALDI),
        ("xdg_config", "vivaldi-snapshot", "Vivaldi Snapshot", _VIVALDI),
        ("xdg_config", "opera", "Opera", _OPERA),
        ("xdg_config", "opera-beta", "Opera Beta", _OPERA),
        ("xdg_config", "opera-developer", "Opera Developer", _OPERA),
        ("xdg_config", "chromium", "Chromium", _CHROME),
        ("home", "snap/chromium/common/chromium", "Chromium (snap)", _CHROME),
        ("home", "snap/brave/current/.config/BraveSoftware/Brave-Browser", "Brave (snap)", _BRAVE),
        ("home", "snap/opera/current/.config/opera", "Opera (snap)", _OPERA),
        ("home", "snap/vivaldi/current/.config/vivaldi", "Vivaldi (snap)", _VIVALDI),
        ("home", ".var/app/com.google.Chrome/config/google-chrome", "Google Chrome (Flatpak)", _CHROME),
        ("home", ".var/app/com.google.ChromeDev/config/google-chrome-unstable", "Google Chrome Dev (Flatpak)", _CHROME),
        ("home", ".var/app/org.chromium.Chromium/config/chromium", "Chromium (Flatpak)", _CHROME),
        (
            "home",
            ".var/app/io.github.ungoogled_software.ungoogled_chromium/config/chromium",
            "Ungoogled Chromium (Flatpak)",
            _CHROME,
        ),
        ("home", ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser", "Brave (Flatpak)", _BRAVE),
        ("home", ".var/app/com.microsoft.Edge/config/microsoft-edge", "Microsoft Edge (Flatpak)", _EDGE),
        ("home", ".var/app/com.microsoft.EdgeDev/config/microsoft-edge-dev", "Microsoft Edge Dev (Flatpak)", _EDGE),
        ("home", ".var/app/com.vivaldi.Vivaldi/config/vivaldi", "Vivaldi (Flatpak)", _VIVALDI),
        ("home", ".var/app/com.opera.Opera/config/opera", "Opera (Flatpak)", _OPERA),
    ),
    "macos": (
        ("ud", "Google/Chrome", "Google Chrome", _CHROME),
        ("ud", "Google/Chrome Beta", "Google Chrome Beta", _CHROME),
        ("ud", "Google/Chrome Dev", "Google Chrome Dev", _CHROME),
        ("ud", "Google/Chrome Canary", "Google Chrome Canary", _CHROME),
        ("ud", "Microsoft Edge", "Microsoft Edge", _EDGE),
        ("ud", "Microsoft Edge Beta", "Microsoft Edge Beta", _EDGE),
        ("ud", "Microsoft Edge Dev", "Microsoft Edge Dev", _EDGE),
        ("ud", "Microsoft Edge Canary", "Microsoft Edge Canary", _EDGE),
        ("ud", "BraveSoftware/Brave-Browser", "Brave", _BRAVE),
        ("ud", "BraveSoftware/Brave-Browser-Beta", "Brave Beta", _BRAVE),
        ("ud", "BraveSoftware/Brave-Browser-Dev", "Brave Dev", _BRAVE),
        ("ud", "BraveSoftware/Brave-Browser-Nightly", "Brave Nightly", _BRAVE),
        ("ud", "Arc/User Data", "Arc", _CHROME),
        ("ud", "Vivaldi", "Vivaldi", _VIVALDI),
        ("ud", "Vivaldi Snapshot", "Vivaldi Snapshot", _VIVALDI),
        ("ud", "com.operasoftware.Opera", "Opera", _OPERA),
        ("ud", "com.operasoftware.OperaNext", "Opera Beta", _OPERA),
        ("ud", "com.operasoftware.OperaDeveloper", "Opera Developer", _OPERA),
        ("ud", "com.operasoftware.OperaGX", "Opera GX", _OPERA),
        ("ud", "Chromium", "Chromium", _CHROME),
        ("ud", "Comet", "Comet", _CHROME),
        ("ud", "Perplexity/Comet", "Comet", _CHROME),
        ("ud", "Dia/User Data", "Dia", _CHROME),
    ),
    "windows": (
        ("localappdata", "Google/Chrome/User Data", "Google Chrome", _CHROME),
        ("localappdata", "Google/Chrome Beta/User Data", "Google Chrome Beta", _CHROME),
        ("localappdata", "Google/Chrome Dev/User Data", "Google Chrome Dev", _CHROME),
        ("localappdata", "Google/Chrome SxS/User Data", "Google Chrome Canary", _CHROME),
        ("localappdata", "Microsoft/Edge/User Data", "Microsoft Edge", _EDGE),
        ("localappdata", "Microsoft/Edge Beta/User Data", "Microsoft Edge Beta", _EDGE),
        ("localappdata", "Microsoft/Edge Dev/User Data", "Microsoft Edge Dev", _EDGE),
        ("localappdata", "Microsoft/Edge SxS/User Data", "Microsoft Edge Canary", _EDGE),
        ("localappdata", "BraveSoftware/Brave-Browser/User Data", "Brave", _BRAVE),
        ("localappdata", "BraveSoftware/Brave-Browser-Beta/User Data", "Brave Beta", _BRAVE),
        ("localappdata", "BraveSoftware/Brave-Browser-Dev/User Data", "Brave Dev", _BRAVE),
        ("localappdata", "BraveSoftware/Brave-Browser-Nightly/User Data", "Brave Nightly", _BRAVE),
        ("localappdata", "Vivaldi/User Data", "Vivaldi", _VIVALDI),
        ("appdata", "Opera Software/Opera Stable", "Opera", _OPERA),
        ("appdata", "Opera Software/Opera Beta", "Opera Beta", _OPERA),
        ("appdata", "Opera Software/Opera Next", "Opera Beta", _OPERA),
        ("appdata", "Opera Software/Opera Developer", "Opera Developer", _OPERA),
        ("appdata", "Opera Software/Opera GX Stable", "Opera GX", _OPERA),
        ("localappdata", "Chromium/User Data", "Chromium", _CHROME),
        ("localappdata", "Perplexity/Comet/User Data", "Comet", _CHROME),
        ("localappdata", "Dia/User Data", "Dia", _CHROME),
    ),
}
# (base token, folder holding profiles.ini, browser name). Firefox 147 on Linux creates a new user's
# profiles under ``$XDG_CONFIG_HOME/mozilla/firefox`` and keeps using ``~/.mozilla/firefox`` where it
# exists: both are read. The snap keeps them in ``common``, the Flatpak in its own home, and the Microsoft
# Store build (MSIX) in its package's redirected AppData.
GECKO = {
    "linux": (
        ("home", ".mozilla/firefox", "Firefox"),
        ("xdg_config", "mozilla/firefox", "Firefox"),
        ("home", "snap/firefox/common/.mozilla/firefox", "Firefox (snap)"),
        ("home", ".var/app/org.mozilla.firefox/.mozilla/firefox", "Firefox (Flatpak)"),
        ("home", ".var/app/org.mozilla.firefox/config/mozilla/firefox", "Firefox (Flatpak)"),
        ("home", ".zen", "Zen"),
        ("home", ".var/app/app.zen_browser.zen/.zen", "Zen (Flatpak)"),
        ("home", ".librewolf", "LibreWolf"),
        ("home", ".var/app/io.gitlab.librewolf-community/.librewolf", "LibreWolf (Flatpak)"),
        ("home", ".waterfox", "Waterfox"),
    ),
    "macos": (
        ("ud", "Firefox", "Firefox"),
        ("ud", "zen", "Zen"),
        ("ud", "librewolf", "LibreWolf"),
        ("ud", "Waterfox", "Waterfox"),
    ),
    "windows": (
        ("appdata", "Mozilla/Firefox", "Firefox"),
        (
            "localappdata",
            "Packages/Mozilla.Firefox_n80bbvh6b1yt2/LocalCache/Roaming/Mozilla/Firefox",
            "Firefox (Microsoft Store)",
        ),
        ("appdata", "zen", "Zen"),
        ("appdata", "librewolf", "LibreWolf"),
        ("appdata", "Waterfox", "Waterfox"),
    ),
}
GECKO_PAGE = "about:addons"

# Where Chromium on Linux is told to keep its user data (Chromium's docs/user_data_dir.md): ``$CHROME_CONFIG_HOME``
# takes the place of XDG_CONFIG_HOME (``<it>/google-chrome``, ``<it>/chromium`` ...: each browser's folder under
# ``{xdg_config}`` is looked for there too), ``$CHROME_USER_DATA_DIR`` and ``--user-data-dir`` name the user data
# folder itself. A variable is this process's or a startup file's export; the flag, an alias or function of the
# shell startup files that starts one of these commands. Which browser such a folder is cannot be told: it is
# named by how it was given.
CHROME_CONFIG_HOME = "env:CHROME_CONFIG_HOME"
MOVED_USER_DATA = {"linux": (("{env:CHROME_USER_DATA_DIR}", "Chromium-family browser ($CHROME_USER_DATA_DIR)"),)}
USER_DATA_DIR = "--user-data-dir"
CHROMIUM_COMMANDS = (
    "google-chrome", "google-chrome-stable", "google-chrome-beta", "google-chrome-unstable", "google-chrome-canary",
    "chromium", "chromium-browser", "microsoft-edge", "microsoft-edge-stable", "microsoft-edge-beta",
    "microsoft-edge-dev", "brave", "brave-browser", "brave-browser-stable", "vivaldi", "vivaldi-stable", "opera",
    "chrome", "msedge",
)  # fmt: skip
MAX_FLAG_FOLDERS = 16  # user data folders the startup files' --user-data-dir may name that are read


def locations(platform: str) -> tuple[str, ...]:
    chromium = tuple(f"{{{tok}}}/{rel}" for tok, rel, _name, _page in CHROMIUM[platform])
    return chromium + tuple(f"{{{tok}}}/{rel}" for tok, rel, _name in GECKO[platform])


def scan(ctx: Context) -> list[Install]:
    chrome = ctx.index("chrome_extensions", lower=True)
    firefox = ctx.index("firefox_addons")
    results: list[Install] = []
    platform = ctx.machine.platform
    if chrome:
        for root, browser, page in _chromium_roots(ctx):
            if ctx.disk.is_dir(root):
                for profile in _chromium_profiles(ctx, root, browser):
                    results += _chromium_profile(ctx, profile, browser, page, chrome)
    if firefox:
        for tok, rel, browser in GECKO.get(platform, ()):
            for root in ctx.expand_all(f"{{{tok}}}/{rel}"):
                if ctx.disk.is_dir(root):
                    for profile in _gecko_profiles(ctx, root, browser):
                        results += _gecko_profile(ctx, profile, browser, firefox)
    return results


# -- Chromium --------------------------------------------------------------------------------------
def _chromium_roots(ctx: Context) -> list[tuple[str, str, str]]:
    """(user data folder, browser name, extensions page) of every Chromium-family browser, each folder once: the
    browsers' own (XDG_CONFIG_HOME or CHROME_CONFIG_HOME may move them: each place is looked at), then the
    folders CHROME_USER_DATA_DIR and the startup files' --user-data-dir name."""
    out: dict[str, tuple[str, str, str]] = {}
    platform = ctx.machine.platform
    for tok, rel, browser, page in CHROMIUM.get(platform, ()):
        templates = [f"{{{tok}}}/{rel}"]
        if tok == "xdg_config" and platform == "linux":
            templates.append(f"{{{CHROME_CONFIG_HOME}}}/{rel}")
        for root in (r for t in templates for r in ctx.expand_all(t)):
            out.setdefault(root, (root, browser, page))
    for template, browser in MOVED_USER_DATA.get(platform, ()):
        for root in ctx.expand_all(template):
            out.setdefault(root.rstrip("/"), (root.rstrip("/"), browser, _CHROME))
    for root, browser in _flag_roots(ctx):
        out.setdefault(root, (root, browser, _CHROME))
    return list(out.values())


def _flag_roots(ctx: Context) -> list[tuple[str, str]]:
    """The user data folders the shell startup files start a Chromium-family browser with ``--user-data-dir``
    for (``alias google-chrome='google-chrome --user-data-dir=~/x'``), and Linux's menu entries (``Exec=…
    --user-data-dir=…``, :mod:`tui.core.desktop_entries`). One that cannot be placed (computed, relative), or
    past the bound, and a menu entry that cannot be read, are unchecked configs: which extensions it holds is
    not known."""
    from tui.core.agents.formats import note_unchecked
    from tui.core.desktop_entries import menu_flag_arguments
    from tui.core.startup import flag_arguments

    out: list[tuple[str, str]] = []
    args = flag_arguments(ctx.disk, ctx.machine, CHROMIUM_COMMANDS, USER_DATA_DIR, program_files=False)
    menu = menu_flag_arguments(ctx.disk, ctx.machine, CHROMIUM_COMMANDS, USER_DATA_DIR)  # Linux's menu entries
    for path, shown, why in menu.unread:  # what a menu entry starts a browser with is not known
        label = f"Chromium-family browser (a menu entry's {USER_DATA_DIR})"
        note_unchecked(ctx.disk, path, client=NAME, label=label, holds=_HOLDS, reason=why, place=shown)
    for n, arg in enumerate(args + menu.args):
        label = f"Chromium-family browser ({USER_DATA_DIR} in {arg.file} line {arg.line})"
        if arg.path is None or n >= MAX_FLAG_FOLDERS:
            reason = (
                f"a browser's user data folder named with {USER_DATA_DIR} that cannot be located (computed or relative)"
                if arg.path is None
                else f"more than {MAX_FLAG_FOLDERS} user data folders named with {USER_DATA_DIR}: the first read"
            )
            where = f"{arg.source} line {arg.line}"
            note_unchecked(ctx.disk, where, client=NAME, label=label, holds=_HOLDS, reason=reason)
            continue
        out.append((arg.path, label))
    return out


_HOLDS = "browser profiles and extensions"


def _chromium_profiles(ctx: Context, root: str, browser: str) -> list[str]:
    """The profile folders: ``Default`` and ``Profile N``, every folder ``Local State`` names, and every other
    folder of the user data that holds a ``Preferences`` file (a profile made with ``--profile-directory=Work``
    is the folder ``Work``, and the browser runs it whether ``Local State`` lists it or not: a list the user can
    edit must not hide one). Only names the folder's own listing holds count, so nothing outside it is ever
    read; the folders are looked in for that one file, at most :data:`MAX_PROFILE_FOLDERS` of them."""
    children = ctx.disk.children(root)
    if "Preferences" in children or "Secure Preferences" in children:
        return [root]  # Opera: the folder is the profile
    wanted = {n for n in children if n == "Default" or (n.startswith("Profile ") and n[8:].isdigit())}
    if "Local State" in children:
        by_case = {n.lower(): n for n in children} if ctx.machine.platform != "linux" else {}
        for name in _local_state_profiles(ctx, f"{root}/Local State") or ():
            found = name if name in children else by_case.get(name.lower())  # macOS, Windows: any case
            if found is not None and found not in _NOT_PROFILES:
                wanted.add(found)
    wanted |= _folders_with_preferences(ctx, root, children, wanted, browser)
    names_ = sorted(wanted)
    if len(names_) > MAX_PROFILES:
        _too_many_profiles(ctx, root, browser, len(names_))
    return [f"{root}/{n}" for n in names_[:MAX_PROFILES] if children[n].is_dir]


MAX_LOCAL_STATE_BYTES = 16 * 1024 * 1024  # a few hundred KiB in real browsers (most of it a field-trial seed)
_NOT_PROFILES = frozenset({"System Profile", "Guest Profile"})
# folders of one user data folder looked in for a Preferences file: a real browser keeps a few dozen (its
# components' own, and the profiles); more is padding, and an unchecked config, never a profile left unread
MAX_PROFILE_FOLDERS = 512


def _folders_with_preferences(ctx: Context, root: str, children: Children, known: set[str], browser: str) -> set[str]:
    """The folders of ``root`` (besides ``known``) holding a ``Preferences`` file: one look each, in name
    order, at most :data:`MAX_PROFILE_FOLDERS`. Those past the bound are an unchecked config."""
    folders = sorted(n for n in children if n not in known and n not in _NOT_PROFILES and children[n].is_dir)
    if len(folders) > MAX_PROFILE_FOLDERS:
        from tui.core.agents.formats import note_overflow

        reason = f"{len(folders)} folders: the first {MAX_PROFILE_FOLDERS} looked in for a profile"
        note_overflow(ctx.disk, root, reason, client=NAME, label=browser, holds=_HOLDS)
    return {n for n in folders[:MAX_PROFILE_FOLDERS] if ctx.disk.is_file(f"{root}/{n}/Preferences")}


_INSTEAD = "its profile list is not used (every folder holding a Preferences file is read as a profile)"


def _local_state_profiles(ctx: Context, path: str) -> list[str] | None:
    """The profile folder names ``Local State`` lists (the keys of ``profile.info_cache``). A name that is not
    one folder's name (empty, ``.``, ``..``, with a separator or a NUL) is left out, and said once; None (and a
    skip) for a file that cannot be read or is not what the browser writes: the caller looks for profiles
    another way (a padded or broken Local State hid every profile it alone named)."""
    try:
        text = ctx.disk.read_text_if_present(path, MAX_LOCAL_STATE_BYTES)
    except ReadSkipped as exc:
        ctx.disk.skip(path, f"{exc}: {_INSTEAD}")
        return None
    if text is None:
        return []
    try:
        data = load_json(text)
    except JsonError as exc:  # what and where, in plain words
        ctx.disk.skip(path, f"{exc}: {_INSTEAD}")
        return None
    profile = data.get("profile", {}) if isinstance(data, dict) else None
    cache = profile.get("info_cache", {}) if isinstance(profile, dict) else None
    if not isinstance(cache, dict):  # absent is fine (no profile listed yet); anything else is not the browser's
        ctx.disk.skip(path, f"profile.info_cache is not a table: {_INSTEAD}")
        return None
    names_ = [n for n in cache if _folder_name(n)]
    bad = len(cache) - len(names_)
    if bad:
        what = (
            "1 profile name in profile.info_cache is not"
            if bad == 1
            else f"{bad} profile names in profile.info_cache are not"
        )
        ctx.disk.skip(path, f"{what} a folder's name: not read")
    return names_


def _folder_name(name: str) -> bool:
    return 0 < len(name) <= 255 and name not in (".", "..") and not any(c in name for c in "/\\\0")


def _too_many_profiles(ctx: Context, where: str, browser: str, count: int) -> None:
    """More profiles than a scan reads: the rest could hold any extension, so this needs action (an unchecked
    config, as in the agent surface), never a clean bill for the profiles past the bound."""
    from tui.core.agents.formats import note_overflow

    reason = f"{count} profiles: the first {MAX_PROFILES} read"
    note_overflow(ctx.disk, where, reason, client=NAME, label=browser, holds=_HOLDS)


def _read_json(ctx: Context, path: str, limit: int, wanted: dict[str, list[Tool]] | None = None) -> Any:
    """A JSON file read through the audited disk (bounded), or None. With ``wanted``, a file that names
    none of the wanted ids is not parsed at all (one with a ``\\u`` escape is: it may write an id so, as a red
    team's extensions.json did, which JSON reads as the id)."""
    try:
        text = ctx.disk.read_text_if_present(path, limit)
    except ReadSkipped as exc:
        ctx.disk.skip(path, str(exc))
        return None
    if text is None:
        return None
    if wanted is not None and "\\u" not in text:  # (an id written with \u escapes is the same id: parsed)
        lowered = text.lower()
        if not any(key.lower() in lowered for key in wanted):
            return None
    try:
        return load_json(text)
    except JsonError as exc:
        ctx.disk.skip(path, str(exc))
        return None


_DECODER = json.JSONDecoder()


def _settings_entries(
    ctx: Context, path: str, wanted: dict[str, list[Tool]], macs: set[str]
) -> tuple[dict[str, dict], str]:
    """The ``extensions.settings.<id>`` entries of the wanted ids in a Preferences file, and nothing else.

    Preferences files are large and hold browsing state, so the file is not parsed as a whole: one pass
    finds each ``"settings": {`` object and only those objects are decoded. An entry counts as an install
    only when its key is a wanted id and its value looks like an install entry (``location``, ``path`` or
    ``manifest``): ``protection.macs``' string per id, or any other ``settings`` table, is not one.

    The wanted ids that Chrome's integrity record (``protection.macs.extensions.settings``: a string per id)
    names are added to ``macs``. With the entries, what the file was as a registry: ``missing``,
    ``unreadable``, ``broken`` (a settings table does not decode), ``decoded`` (at least one did) or
    ``no-table`` (Linux's Secure Preferences often has none; so has a truncated file)."""
    try:
        text = ctx.disk.read_text_if_present(path, MAX_PREFERENCES_BYTES)
    except ReadSkipped as exc:
        ctx.disk.skip(path, str(exc))
        return {}, "unreadable"
    if text is None:
        return {}, "missing"
    found: dict[str, dict] = {}
    decoded = broken = False
    needle = '"settings"'
    ends = []
    at = text.find(needle)
    while at >= 0:
        if at == 0 or text[at - 1] != "\\":
            ends.append(at + len(needle))
        at = text.find(needle, at + len(needle))
    ends += _escaped_settings_keys(text)
    for end in sorted(ends):
        table = _object_after_key(text, end)
        if table is _BROKEN:
            broken = True
            ctx.disk.skip(path, "a settings table is not valid JSON: extensions listed there are not read")
        elif isinstance(table, dict):
            decoded = True
            for ext_id, entry in table.items():
                if ext_id not in wanted:
                    continue
                if isinstance(entry, dict) and ("location" in entry or "path" in entry or "manifest" in entry):
                    found.setdefault(ext_id, {}).update(entry)
                elif isinstance(entry, str):
                    macs.add(ext_id)
    if not decoded and not broken:  # no table: a file that legitimately has none, or one cut short?
        try:
            json.loads(text)
        except (ValueError, RecursionError):
            broken = True
            ctx.disk.skip(path, "not valid JSON: extensions listed there are not read")
    return found, "broken" if broken else "decoded" if decoded else "no-table"


_BROKEN = object()
# the letters of "settings" as JSON escapes (either case of hex): a reader takes "setting\u0073" for "settings"
_SETTINGS_ESCAPES = frozenset(f"{ord(c):04x}" for c in "setign") | frozenset(f"{ord(c):04X}" for c in "setign")


def _escaped_settings_keys(text: str) -> list[int]:
    """Where the keys end that spell ``settings`` with a ``\\u`` escape in them (for :func:`_object_after_key`).

    Chromium writes the key plainly; an escaped one is a hand edit that every JSON reader, the browser's too,
    still reads as ``settings``. Each ``\\u`` escape of one of its letters is looked at: the quoted string
    around it (``settings`` has no quote, so the nearest ones bound it) is decoded and compared."""
    ends: set[int] = set()
    at = text.find("\\")  # one character: a fast search (the two-character one reads the whole file slowly)
    while at >= 0:  # every backslash starts an escape, and the escape's next character is never one to look at
        if text[at + 1 : at + 2] == "u" and text[at + 2 : at + 6] in _SETTINGS_ESCAPES:
            start = text.rfind('"', max(0, at - 48), at)
            close = text.find('"', at, at + 48)
            quoted = start >= 0 and close > 0 and (start == 0 or text[start - 1] != "\\")  # not a quote in a value
            if quoted and close + 1 not in ends:
                try:
                    key = json.loads(text[start : close + 1])
                except ValueError:
                    key = None
                if key == "settings":
                    ends.add(close + 1)
        at = text.find("\\", at + 2)
    return sorted(ends)


def _object_after_key(text: str, pos: int) -> object:
    """The JSON object that follows ``: `` at ``pos``; None when no object follows, _BROKEN when it does
    not decode."""
    n = len(text)
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    if pos >= n or text[pos] != ":":
        return None
    pos += 1
    while pos < n and text[pos] in " \t\r\n":
        pos += 1
    if pos >= n or text[pos] != "{":
        return None
    try:
        value, _end = _DECODER.raw_decode(text, pos)
    except (ValueError, RecursionError):
        return _BROKEN
    return value if isinstance(value, dict) else None


def _chromium_profile(
    ctx: Context, profile: str, browser: str, page: str, wanted: dict[str, list[Tool]]
) -> list[Install]:
    installed: dict[str, dict] = {}
    states = set()
    macs: set[str] = set()  # wanted ids Chrome's integrity record names: an install whose entry was removed by hand
    for name in ("Preferences", "Secure Preferences"):
        entries, state = _settings_entries(ctx, f"{profile}/{name}", wanted, macs)
        states.add(state)
        for ext_id, entry in entries.items():
            installed.setdefault(ext_id, {}).update(entry)
    unregistered: set[str] = set()
    erased = {i for i in macs if i not in installed and ctx.disk.is_dir(f"{profile}/Extensions/{i}")}
    for ext_id in erased:
        installed[ext_id] = {}
    if "broken" in states or "unreadable" in states or "decoded" not in states:
        # a registry the user can break must not hide a prohibited extension: then its folder counts
        if "decoded" not in states:
            ctx.disk.skip(f"{profile}/Preferences", "no extension settings could be read: extension folders counted")
        listing = ctx.disk.children(f"{profile}/Extensions")
        unregistered = {n for n in (listing.names() if listing else ()) if n in wanted and n not in installed}
        for ext_id in unregistered:
            installed[ext_id] = {}
    out: list[Install] = []
    profile_name = profile.rsplit("/", 1)[-1]
    for ext_id in sorted(installed):
        entry = installed[ext_id]
        folder = _extension_folder(ctx, profile, ext_id, entry)
        manifest = _read_json(ctx, f"{folder}/manifest.json", 4 * 1024 * 1024) if folder else None
        manifest = manifest if isinstance(manifest, dict) else {}
        embedded = entry.get("manifest")  # older Chromium
        source = manifest or (embedded if isinstance(embedded, dict) else {})
        version = ctx.version(source.get("version"), folder or f"{profile}/Preferences")
        label = _chromium_name(ctx, folder, source) if source else ""
        location = entry.get("location")
        sideloaded = location in _SIDELOADED_LOCATIONS or (
            location in _EXTERNAL_LOCATIONS and entry.get("from_webstore") is not True
        )
        blocked = policies(ctx, browser).blocked_by(ext_id)
        facts = BrowserFacts(browser, profile_name, _chromium_all_sites(source, entry), sideloaded, blocked or "")
        state = " (disabled)" if entry.get("state") == 0 else ""
        if blocked:
            state += " (blocked by the administrator's policy: it never runs)"  # the file: facts.blocked_by
        if ext_id in unregistered:
            state += " (no readable Preferences entry; found by its folder)"
        elif ext_id in erased:
            state += (
                " (its Preferences entry is gone but Chrome's integrity record still names it; found by its folder)"
            )
        for tool in wanted[ext_id]:
            inst = ctx.install(
                tool,
                NAME,
                folder or f"{profile}/Extensions/{ext_id}",
                version,
                manager=page,
                key=ext_id,
                detail=_detail(browser, label or tool.name, ext_id, profile_name, facts) + state,
                evidence_only=blocked is not None,  # it never runs: no action, as for a trace of use
            )
            out.append(replace(inst, browser=facts))
    return out


def _extension_folder(ctx: Context, profile: str, ext_id: str, entry: dict) -> str | None:
    """The folder of the installed version: ``path`` in the settings (relative to ``Extensions``, or
    absolute for an unpacked extension), else the newest ``<version>_N`` folder present."""
    raw = entry.get("path")
    if isinstance(raw, str) and raw and len(raw) < 4096:
        text = raw.replace("\\", "/")
        if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
            path = to_machine_path(text)
        elif ".." in text or "//" in text or "/." in text:
            path = to_machine_path(f"{profile}/Extensions/{text}")
        else:
            path = f"{profile}/Extensions/{text.strip('/')}"  # the usual "<id>/<version>_0": nothing to normalise
        if ctx.disk.is_dir(path):
            return path
    base = f"{profile}/Extensions/{ext_id}"
    versions = [e for e in ctx.disk.listdir(base) if e.is_dir]
    if not versions:
        return None
    return max(versions, key=lambda e: _version_key(e.name)).path


def _version_key(name: str) -> tuple:
    head = name.rsplit("_", 1)[0]
    return tuple(int(p) if p.isdigit() else -1 for p in head.split("."))


def _chromium_name(ctx: Context, folder: str | None, manifest: dict) -> str:
    name = manifest.get("name")
    if not isinstance(name, str):
        return ""
    if name.startswith("__MSG_") and name.endswith("__") and folder:
        locale = manifest.get("default_locale")
        if isinstance(locale, str) and locale and "/" not in locale and ".." not in locale:
            messages = _read_json(ctx, f"{folder}/_locales/{locale}/messages.json", 1024 * 1024)
            if isinstance(messages, dict):
                want = name[6:-2].lower()
                for key, value in messages.items():
                    if (
                        isinstance(key, str)
                        and key.lower() == want
                        and isinstance(value, dict)
                        and isinstance(value.get("message"), str)
                    ):
                        return clean(value["message"], 100)
        return ""
    return clean(name, 100)


def _patterns(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _chromium_all_sites(manifest: dict, entry: dict) -> bool:
    found = _patterns(manifest.get("permissions")) + _patterns(manifest.get("host_permissions"))
    scripts = manifest.get("content_scripts")
    for script in scripts if isinstance(scripts, list) else ():
        if isinstance(script, dict):
            found += _patterns(script.get("matches"))
    granted = entry.get("granted_permissions")
    if isinstance(granted, dict):
        found += _patterns(granted.get("explicit_host")) + _patterns(granted.get("scriptable_host"))
    return any(p in ALL_SITES for p in found)


# -- Gecko -----------------------------------------------------------------------------------------
def _gecko_profiles(ctx: Context, root: str, browser: str) -> list[str]:
    text = ctx.disk.try_text(f"{root}/profiles.ini", limit=1024 * 1024)
    if text is None:
        return []
    out: list[str] = []
    section: dict[str, str] | None = None
    sections: list[dict[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = {} if line[1:-1].startswith("Profile") else None
            if section is not None:
                sections.append(section)
        elif section is not None and "=" in line:
            key, _, value = line.partition("=")
            section[key.strip()] = value.strip()
    if len(sections) > MAX_PROFILES:
        _too_many_profiles(ctx, f"{root}/profiles.ini", browser, len(sections))
    for sec in sections[:MAX_PROFILES]:
        raw = sec.get("Path", "").replace("\\", "/")
        if not raw or len(raw) > 4096:
            continue
        if sec.get("IsRelative", "1") == "1" and not raw.startswith("/"):
            path = to_machine_path(f"{root}/{raw}")
        else:
            path = to_machine_path(raw)
        if path not in out and ctx.disk.is_dir(path):
            out.append(path)
    return out


def _gecko_profile(ctx: Context, profile: str, browser: str, wanted: dict[str, list[Tool]]) -> list[Install]:
    data = _read_json(ctx, f"{profile}/extensions.json", MAX_PREFERENCES_BYTES, wanted)
    addons = data.get("addons") if isinstance(data, dict) else None
    out: list[Install] = []
    profile_name = profile.rsplit("/", 1)[-1]
    for addon in addons if isinstance(addons, list) else ():
        if not isinstance(addon, dict) or not isinstance(addon.get("id"), str) or addon["id"] not in wanted:
            continue
        addon_id = addon["id"]
        perms = addon.get("userPermissions")
        origins = _patterns(perms.get("origins")) if isinstance(perms, dict) else []
        all_sites = any(p in ALL_SITES for p in origins)
        signed = addon.get("signedState")
        sideloaded = (
            addon.get("foreignInstall") is True
            or addon.get("location") == "temporary"
            or (isinstance(signed, int) and not isinstance(signed, bool) and signed <= 0)
        )
        facts = BrowserFacts(browser, profile_name, all_sites, sideloaded)
        locale = addon.get("defaultLocale")
        label = clean(locale["name"], 100) if isinstance(locale, dict) and isinstance(locale.get("name"), str) else ""
        xpi = f"{profile}/extensions/{addon_id}.xpi"
        path = xpi if "/" not in addon_id and ctx.disk.exists(xpi) else f"{profile}/extensions.json"
        state = " (disabled)" if addon.get("active") is False else ""
        for tool in wanted[addon_id]:
            inst = ctx.install(
                tool,
                NAME,
                path,
                ctx.version(addon.get("version"), f"{profile}/extensions.json"),
                manager=GECKO_PAGE,
                key=addon_id,
                detail=_detail(browser, label or tool.name, addon_id, profile_name, facts) + state,
            )
            out.append(replace(inst, browser=facts))
    out += _unregistered_addons(ctx, profile, browser, wanted, {i.key for i in out})
    return out


def _unregistered_addons(
    ctx: Context, profile: str, browser: str, wanted: dict[str, list[Tool]], seen: set[str | None]
) -> list[Install]:
    """Wanted add-ons whose file is in the profile's ``extensions`` folder but which ``extensions.json`` does not
    list: the registry is missing, broken or was edited (Firefox rebuilds it from these files and installs a
    file dropped there at its next start). A registry the user can break must not hide a prohibited add-on."""
    folder = ctx.disk.children(f"{profile}/extensions")
    out: list[Install] = []
    profile_name = profile.rsplit("/", 1)[-1]
    for name in sorted(folder.names() if folder else ()):
        addon_id = name[: -len(".xpi")] if name.endswith(".xpi") else name
        if addon_id not in wanted or addon_id in seen:
            continue
        facts = BrowserFacts(browser, profile_name, False, False)  # what the registry would say is not known
        for tool in wanted[addon_id]:
            inst = ctx.install(
                tool,
                NAME,
                f"{profile}/extensions/{name}",
                None,
                manager=GECKO_PAGE,
                key=addon_id,
                detail=_detail(browser, tool.name, addon_id, profile_name, facts)
                + " (no readable extensions.json entry; found by its file)",
            )
            out.append(replace(inst, browser=facts))
    return out


def _detail(browser: str, label: str, ext_id: str, profile: str, facts: BrowserFacts) -> str:
    flags = [
        w
        for w, on in (("can read all sites", facts.all_sites), ("side-loaded, not from a store", facts.sideloaded))
        if on
    ]
    return f"{browser} extension {label} ({ext_id}) in profile {profile}" + (f": {', '.join(flags)}" if flags else "")


# -- remediation -----------------------------------------------------------------------------------
def _where(i: Install) -> tuple[str, str, str]:
    facts = i.browser
    browser = clean(facts.browser if facts else "the browser", 60)
    profile = clean(facts.profile if facts else "", 100)
    page = clean(i.manager or "the browser's extensions page", 60)
    return browser, profile, page


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    browser, profile, page = _where(i)
    name = clean(tool_name or i.key, 100)
    steps = [
        Step(
            f"In {browser}, switch to the profile {profile}, open {page}, find {name} ({clean(i.key, 80)}) "
            "and click Remove."
        )
    ]
    if i.browser is not None and i.browser.sideloaded:
        steps.append(
            Step(
                "It was side-loaded (not from a store): if it comes back after a restart, a policy or an "
                "installer outside the browser adds it; ask IT to remove that source."
            )
        )
    return Remediation(i, f"{browser} extension {name} (profile {profile})", tuple(steps))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    browser, profile, page = _where(i)
    how = (
        "open the gear menu and choose Check for Updates"
        if page == GECKO_PAGE
        else "turn on Developer mode and click Update"
    )
    return Remediation(
        i,
        f"{browser} extension {clean(tool.name or i.key, 100)} (profile {profile})",
        (
            Step(
                f"In {browser}, switch to the profile {profile}, open {page}, {how}; version "
                f"{clean(target.version)} or later is needed (any version {clean(target.text)}). Remove it there if no "
                "such version is offered."
            ),
        ),
    )
