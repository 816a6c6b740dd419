"""Readers several channels share: Python ``dist-info`` folders, text shims (sh, cmd, ps1) that name the package
they run, and the mark of a version that cannot be confirmed (an npm ``package.json``'s is read by
:func:`tui.core.channels.npm_versions.read_package`). All of them read through the channel context's audited disk."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator

from tui.core.channels.base import Context
from tui.core.machine import FileMissing, ReadSkipped, join, to_machine_path
from tui.core.text import clean

_RUNS = re.compile(r"-{2,}")
_DIST = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*?)-(?P<version>[0-9][^-]*?)(?:-py[0-9.]+)?\.(?P<kind>dist-info|egg-info)$"
)
MAX_SHIM_BYTES = 64 * 1024  # real shims (npm cmd-shim, pnpm, bun) are a few KiB
MAX_SHIM_WORD = 4096
# how shims name their own folder: sh ($basedir, pnpm 11+'s $basedir_abs/$basedir_win), cmd (%dp0%), ps1
_SHIM_BASES = ("$basedir_abs", "$basedir_win", "${basedir}", "$basedir", "%~dp0", "%dp0%", "$PSScriptRoot")
_TARGET_MARKS = ("node_modules", "/venvs/", "/tools/", "/Cellar/")
_LINE_MARKS = (*_TARGET_MARKS, "\\venvs\\", "\\tools\\")  # the same, as Windows shims write them


# -- a version that cannot be confirmed (npm, Python) ----------------------------------------------
CONFLICT = "#conflict"  # ctx.parsed key suffix: why a version read there cannot be confirmed


def conflict_of(ctx: Context, folder: str) -> str:
    """Why the version read from a package's folder (npm) or metadata folder (Python) cannot be confirmed:
    its own other files state another ("" when nothing contradicts it)."""
    found = ctx.parsed.get(folder + CONFLICT, "")
    return found if isinstance(found, str) else ""


def _shell_words(line: str) -> list[str]:
    """Words of one shell / cmd / PowerShell line with quotes removed and adjacent quoted parts joined
    (``"$basedir"/'../x'`` is one word). One pass over the characters; over-long words are dropped."""
    words: list[str] = []
    word: list[str] = []
    quote = ""
    started = False
    for ch in line:
        if quote:
            if ch == quote:
                quote = ""
            elif len(word) < MAX_SHIM_WORD:
                word.append(ch)
        elif ch in "\"'":
            quote, started = ch, True
        elif ch in " \t":
            if started and len(word) < MAX_SHIM_WORD:
                words.append("".join(word))
            word, started = [], False
        elif len(word) < MAX_SHIM_WORD:
            word.append(ch)
            started = True
    if started and len(word) < MAX_SHIM_WORD:
        words.append("".join(word))
    return words


def _shim_path(word: str, folder: str) -> str | None:
    """A machine path from one shim word: its folder variable replaced by the shim's folder."""
    for base in _SHIM_BASES:
        if word.startswith(base):
            return join(folder, word[len(base) :].replace("\\", "/"))
    word = word.replace("\\", "/")
    if word.startswith("/") or (len(word) > 2 and word[1] == ":" and word[0].isalpha()):
        return to_machine_path(word)
    return None


def shim_targets(ctx: Context, shim: str) -> Iterator[str]:
    """The files a text shim runs, as machine paths, read from its text: the ``exec`` line of an sh shim
    (npm, pnpm 9-12, bun), the ``%dp0%`` line of a ``.cmd`` and the ``$basedir`` line of a ``.ps1``, and
    pnpm's ``# cmd-shim-target=`` note. Lines that only set ``NODE_PATH`` are ignored. The shim is read
    (bounded) and parsed in one linear pass per line that names a target; nothing is run. Lazy: a
    caller that has its answer stops reading lines."""
    text = ctx.disk.try_text(shim, limit=MAX_SHIM_BYTES)
    if not text:
        return
    folder = shim.rsplit("/", 1)[0] or "/"
    seen: set[str] = set()
    note = text.find("# cmd-shim-target=")  # pnpm names the target outright: no need to parse commands
    if note >= 0:
        end = text.find("\n", note)
        target = _shim_path(text[note + 18 : end if end >= 0 else len(text)].strip(), folder)
        if target:
            seen.add(target)
            yield target
    for line in text.splitlines():
        if not any(mark in line for mark in _LINE_MARKS):
            continue
        line = line.strip()
        if line.startswith(("#", "::", "REM ", "rem ")) or "NODE_PATH" in line:
            continue
        target = None
        for word in _shell_words(line):
            if any(mark in word.replace("\\", "/") for mark in _TARGET_MARKS):
                target = _shim_path(word, folder)
                if target:
                    break
        if target and target not in seen:
            seen.add(target)
            yield target


def is_small_text_shim(ctx: Context, path: str) -> bool:
    """A regular file small enough to be a shim (a native binary never is): worth reading its text."""
    size = ctx.disk.size(path)
    return size is not None and 0 < size <= MAX_SHIM_BYTES


# -- Python ----------------------------------------------------------------------------------------
def norm_dist(name: str) -> str:
    """PEP 503 normalised distribution name (string methods: this runs once per site-packages entry)."""
    name = name.lower().replace("_", "-").replace(".", "-")
    return _RUNS.sub("-", name) if "--" in name else name


def _metadata_version(ctx: Context, meta_dir: str, kind: str) -> str | None:
    if meta_dir in ctx.parsed:
        return ctx.parsed[meta_dir]  # type: ignore[return-value]
    version = _read_metadata_version(ctx, meta_dir, kind)
    ctx.parsed[meta_dir] = version
    return version


def _read_metadata_version(ctx: Context, meta_dir: str, kind: str) -> str | None:
    path = f"{meta_dir}/{'METADATA' if kind == 'dist-info' else 'PKG-INFO'}"
    try:
        data = ctx.disk.read_bytes(path, limit=MAX_METADATA_BYTES)
    except FileMissing:
        return None
    except ReadSkipped as exc:
        ctx.disk.skip(path, str(exc))
        return None
    ctx.parsed[meta_dir + "#digest"] = _record_digest(data)  # for RECORD's word on it (an edit shows)
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
        if not line.strip():
            break
    return None


MAX_METADATA_BYTES = 1024 * 1024
MAX_RECORD_BYTES = 8 * 1024 * 1024  # a wheel's list of files with their hashes (a big one holds thousands)


def _record_digest(data: bytes) -> str:
    """A file's hash as a wheel's RECORD writes it: ``sha256=`` and the digest in URL-safe base64, unpadded."""
    import base64
    import hashlib

    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _dist_conflict(ctx: Context, meta_dir: str, folder_version: str, stated: str) -> str:
    """What contradicts the version a dist-info's METADATA states ("" when nothing does): the folder's own
    name (``aider_chat-0.86.2.dist-info``), and the hash its RECORD holds for METADATA, which an edit of
    METADATA no longer matches. Installers (pip, uv, pipx) write both; a RECORD without a hash for it (or
    none at all) proves nothing."""
    from tui.core.versions import InvalidVersion, Version

    against: list[str] = []
    try:
        differs = Version.parse(folder_version.replace("_", "-")) != Version.parse(stated)
    except InvalidVersion:
        differs = False
    if differs:
        against.append(f"its folder's name states {folder_version}")
    digest = ctx.parsed.get(meta_dir + "#digest")
    folder = meta_dir.rpartition("/")[2]
    try:
        record = ctx.disk.read_text_if_present(f"{meta_dir}/RECORD", MAX_RECORD_BYTES) if digest else None
    except ReadSkipped as exc:
        ctx.disk.skip(f"{meta_dir}/RECORD", str(exc))
        record = None
    for line in record.splitlines() if record else ():
        name, _, rest = line.partition(",")
        listed, slash, file = name.partition("/")
        if file == "METADATA" and slash and listed.endswith(".dist-info"):  # the one dist-info a RECORD lists
            if listed != folder:
                against.append(f"its RECORD lists it as {clean(listed, 120)}")
            hashed = rest.partition(",")[0]
            if hashed.startswith("sha256=") and hashed != digest:
                against.append("METADATA does not match the hash RECORD holds for it (it was edited)")
            break
    if not against:
        return ""
    return clean("; ".join([f"METADATA states {stated}", *against]), 300)


_HEAD = re.compile(r"([^\x00-]*)[^\x00]*\x00?")  # one name of a NUL-joined list: its part before the first '-'


def _names_heading(names: Iterable[str], wanted: Container[str]) -> list[str]:
    """The names whose part before the first '-', normalised (:func:`norm_dist`), is in ``wanted``.

    A site-packages folder holds hundreds of names: they are split and normalised as one NUL-joined string
    (no file name holds a NUL; lowercasing and the replacements never cross one), not one by one."""
    names = list(names)
    if not names:
        return []
    heads = _HEAD.findall("\x00".join(names))[: len(names)]
    joined = "\x00".join(heads).lower().replace("_", "-").replace(".", "-")
    normed = (_RUNS.sub("-", joined) if "--" in joined else joined).split("\x00")
    return [name for name, head in zip(names, normed, strict=True) if head in wanted]


def site_distributions(ctx: Context, site: str, wanted: dict) -> Iterator[tuple[str, str, str | None]]:
    """(metadata folder, distribution name as written, version) of the wanted distributions in one
    site-packages folder; ``wanted`` is keyed by normalised name."""
    children = ctx.disk.children(site)
    # the folder name up to the first '-' is the escaped distribution name: filter before any regex
    for name in sorted(_names_heading(children.names(), wanted)):
        entry = children[name]
        if not entry.is_dir:
            continue
        m = _DIST.match(entry.name)
        if not m or not wanted.get(norm_dist(m.group("name"))):
            continue
        stated = _metadata_version(ctx, entry.path, m.group("kind"))
        version = ctx.version(stated or m.group("version"), entry.path)
        if version and stated and m.group("kind") == "dist-info":
            conflict = _dist_conflict(ctx, entry.path, m.group("version"), stated)
            if conflict:
                ctx.parsed[entry.path + CONFLICT] = conflict
                version = None
        yield entry.path, m.group("name"), version


def venv_site_patterns(platform: str) -> tuple[str, ...]:
    if platform == "windows":
        return ("Lib/site-packages",)
    return ("lib/python3*/site-packages",)
