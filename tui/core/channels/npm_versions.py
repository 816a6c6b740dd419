"""Whether an npm package's version is the one its own other files state, and the version a package reads
as (:func:`read_package`: its ``package.json``'s, unless those files contradict it).

A global package lives in the user's home, so its ``package.json`` can be edited: ``"version": "2.1.250"``
over an install of 2.1.100 would take it out of an advisory's range. The package states its version a second
time in files an edit of the manifest leaves alone, and each of those that is there must agree:

- its own platform builds, which packages that ship a native program pin to their own version in
  ``optionalDependencies`` (``@anthropic-ai/claude-code-linux-x64: 2.1.150``, Codex's npm alias
  ``npm:@openai/codex@0.171.0-linux-x64``), and the ``package.json`` of each such build that is installed,
  under the package's own ``node_modules`` or beside it;
- a line the catalog names in the package's program (``npm_version_marks``: Claude Code's ``cli.js`` starts
  with ``// Version: 2.1.100``), looked for in the file's first 4 KiB, or, for a program that is a Bun
  single-file executable (``bundle = "bun"``: Claude Code's ``bin/claude.exe`` from 2.1.120, and its platform
  builds' ``claude``), in the first 4 KiB of the bundle stored inside it (:mod:`tui.core.bun_bundle`: a few
  small reads, never the whole file). npm's global installs write no hidden lockfile
  (``lib/node_modules/.package-lock.json``; npm 11.19, checked): there is none to compare.

A version they contradict cannot be confirmed: the install's version is then unknown, which a policy with
advisories or an allowed range never takes as a clean bill. Only files the package itself holds are read; a
witness that is missing proves nothing either way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tui.core.catalog import CatalogKey
from tui.core.channels.base import Context
from tui.core.channels.readers import CONFLICT
from tui.core.machine import ReadSkipped
from tui.core.regex_safety import backtracking_problem, pattern_problem
from tui.core.text import clean
from tui.core.tomldoc import Table

MARK_BYTES = 4096  # of the program's file: a bundle's header
MAX_BUILDS = 16  # own platform builds looked at per package (real packages pin 6 to 9)
_EXACT = re.compile(r"^[0-9][0-9A-Za-z.+-]*$")  # a pinned version, not a range


# -- the catalog's marks ------------------------------------------------------------------------------------
BUNDLES = ("bun",)  # the kinds of executable whose stored bundle a mark may be looked for in


class Mark(NamedTuple):
    file: str  # relative to the package's folder ("" for a native install's own file)
    rx: re.Pattern[str]  # one group: the version
    bundle: str = ""  # "bun": in the bundle a Bun executable stores, not the file's own first bytes


def _marks(t: Table, key: str) -> tuple[Mark, ...]:
    """``npm_version_marks = [{ file = "cli.js", pattern = '^// Version: (\\S+)$' }]``: a file of the tool's
    npm package (relative to its folder) and a regular expression whose one group is the version; ``bundle =
    "bun"`` when the file is a Bun executable whose stored bundle states it."""
    return _parse_marks(t, key, with_file=True)


def _native_marks(t: Table, key: str) -> tuple[Mark, ...]:
    """``native_version_marks = [{ pattern = '…', bundle = "bun" }]``: what a native installer's version file
    (``versions/2.1.150``, itself the program) states, against the version its name gives."""
    return _parse_marks(t, key, with_file=False)


def _parse_marks(t: Table, key: str, *, with_file: bool) -> tuple[Mark, ...]:
    out: list[Mark] = []
    for i, item in enumerate(t.get(key, list, default=[])):
        if not isinstance(item, dict):
            t.problems.append(t.doc.problem((*t.keypath, key), f"'{key}[{i}]' must be a table"))
            continue
        sub = t.sub(key, item, i)
        file = (sub.text("file", required=True) or "") if with_file else ""
        pattern = sub.text("pattern", required=True) or ""
        bundle = sub.text("bundle") or ""
        sub.check_unknown({"file", "pattern", "bundle"} if with_file else {"pattern", "bundle"})
        if bundle and bundle not in BUNDLES:
            t.problems.append(t.doc.problem((*t.keypath, key), f"{key}[{i}].bundle must be one of {list(BUNDLES)}"))
            continue
        parts = file.replace("\\", "/").split("/")
        if with_file and (not file or file.startswith("/") or ".." in parts or ":" in file):
            t.problems.append(t.doc.problem((*t.keypath, key), f"{key}[{i}].file must be a path inside the package"))
            continue
        try:
            rx = re.compile(pattern, re.MULTILINE)
        except (re.error, RecursionError) as exc:  # RecursionError: groups nested thousands deep
            why = exc if isinstance(exc, re.error) else "its groups are nested too deep"
            t.problems.append(
                t.doc.problem((*t.keypath, key), f"{key}[{i}].pattern is not a regular expression: {why}")
            )
            continue
        if rx.groups != 1:
            t.problems.append(t.doc.problem((*t.keypath, key), f"{key}[{i}].pattern must have one group (the version)"))
            continue
        slow = backtracking_problem(pattern, re.MULTILINE)  # it runs on a file of the scanned machine
        if slow is not None:
            message = f"{key}[{i}].pattern {pattern[:80]!r} {slow}"
            t.problems.append(pattern_problem(t.doc, (*t.keypath, key), pattern, message))
            continue
        out.append(Mark(file, rx, bundle))
    return tuple(out)


MARKS_KEY = CatalogKey("npm_version_marks", _marks)
NATIVE_MARKS_KEY = CatalogKey("native_version_marks", _native_marks)


# -- the package's own statement ---------------------------------------------------------------------------
def read_package(ctx: Context, pkg_dir: str) -> tuple[str | None, str | None]:
    """(name, version) from a package.json, or (None, None) when it is missing or broken (read once a scan).
    The version is None too when the package's own other files contradict it
    (:func:`tui.core.channels.readers.conflict_of`)."""
    path = pkg_dir + "/package.json"
    if path in ctx.parsed:
        return ctx.parsed[path]  # type: ignore[return-value]
    ctx.parsed[path] = (None, None)  # while it is read: a package that names itself as its own build ends here
    data = ctx.disk.try_json(path)
    if not isinstance(data, dict):
        result: tuple[str | None, str | None] = (None, None)
    else:
        name = data.get("name") if isinstance(data.get("name"), str) else None
        version = ctx.version(data.get("version"), path)
        if name and version:
            conflict = version_conflict(ctx, pkg_dir, name, version, own_builds(name, data.get("optionalDependencies")))
            if conflict:
                ctx.parsed[pkg_dir + CONFLICT] = conflict
                version = None
        result = (name, version)
    ctx.parsed[path] = result
    return result


# -- the witnesses ------------------------------------------------------------------------------------------
def _pinned(spec: object) -> str | None:
    """The exact version an optionalDependencies entry pins (``2.1.150``; ``npm:@openai/codex@0.171.0-linux-x64``
    gives ``0.171.0-linux-x64``), or None for a range or anything else."""
    if not isinstance(spec, str):
        return None
    if spec.startswith("npm:"):
        spec = spec.rpartition("@")[2]
    return spec if _EXACT.match(spec) else None


def _agrees(stated: str, version: str) -> bool:
    """A platform build's version is the package's, or the package's with the platform after it."""
    return stated == version or stated.startswith(version + "-")


# a platform build's name after the package's own: linux-x64, darwin-arm64, win32-x64, linux-x64-musl …
_PLATFORM = re.compile(r"^-(?:darwin|linux|win32|windows|freebsd|openbsd|android|sunos|aix)-[a-z0-9]+(?:-[a-z0-9]+)*$")


def own_builds(name: str, optional: object) -> tuple[tuple[str, str], ...]:
    """(build, pinned version) of each of the package's own platform builds its ``optionalDependencies`` pin."""
    if not isinstance(optional, dict):
        return ()
    out = []
    for dep, spec in list(optional.items())[:MAX_BUILDS]:
        pinned = _pinned(spec)
        if isinstance(dep, str) and dep.startswith(name + "-") and pinned:
            out.append((dep, pinned))
    return tuple(out)


def version_conflict(ctx: Context, pkg_dir: str, name: str, version: str, builds: tuple[tuple[str, str], ...]) -> str:
    """What contradicts ``version`` among the package's other statements of it ("" when nothing does), as a
    user reads it: ``package.json states 2.1.250; cli.js states 2.1.100``."""
    against: list[str] = []
    pins = sorted({pinned for _dep, pinned in builds if not _agrees(pinned, version)})
    if pins:
        against.append(f"its optionalDependencies pin its platform builds at {', '.join(pins)}")
    for where, stated in _installed_builds(ctx, pkg_dir, name, tuple(dep for dep, _ in builds)):
        if not _agrees(stated, version):
            against.append(f"{where} states {stated}")
    for tool in ctx.index("npm").get(name, ()):
        for mark in tool.sig("npm_version_marks"):
            if not _may_be_there(ctx, pkg_dir, mark.file):
                continue
            marked = marked_version(ctx, f"{pkg_dir}/{mark.file}", mark)
            if marked is not None and marked != version:
                against.append(f"{mark.file} states {marked}")
    if not against:
        return ""
    return clean("; ".join([f"package.json states {version}", *dict.fromkeys(against)]), 300)


def _installed_builds(ctx: Context, pkg_dir: str, name: str, pinned: tuple[str, ...]) -> list[tuple[str, str]]:
    """(the build's package.json as the package names it, the version it states) of each own platform build
    installed under the package's ``node_modules`` (npm's global installs) or beside it (hoisted): those it
    pins, and under its own folder any named after it and a platform (a pin taken out of the manifest leaves
    the build where it was)."""
    if not pkg_dir.endswith("/" + name):
        return []
    scope, slash, base = name.rpartition("/")
    found: list[tuple[str, str]] = []
    for folder, label, by_name in (
        (f"{pkg_dir}/node_modules", "node_modules/", True),
        (pkg_dir[: -len(name) - 1], "../", False),  # beside: the pinned ones alone (others are other packages)
    ):
        if not pinned and not by_name:
            continue
        names = ctx.disk.children(f"{folder}/{scope}" if slash else folder)
        builds = [
            f"{scope}/{n}" if slash else n
            for n in sorted(names)
            if (f"{scope}/{n}" if slash else n) in pinned
            or (by_name and _PLATFORM.match(n[len(base) :]) and n.startswith(base))
        ]
        for build in builds[:MAX_BUILDS]:
            stated = read_package(ctx, f"{folder}/{build}")[1]
            if stated is not None:
                found.append((f"{label}{build}/package.json", stated))
    return found


def _may_be_there(ctx: Context, pkg_dir: str, file: str) -> bool:
    """False when ``file`` lies in a scoped package under the package's ``node_modules`` that its listing (made
    once for its platform builds) does not hold: no call made for each platform the catalog names."""
    parts = file.split("/")
    if len(parts) > 3 and parts[0] == "node_modules" and parts[1].startswith("@"):
        return parts[2] in ctx.disk.children(f"{pkg_dir}/node_modules/{parts[1]}", types=False)
    return True


def marked_version(ctx: Context, path: str, mark: Mark) -> str | None:
    """The version a catalog mark finds in the first bytes of ``path`` (of the bundle stored in it, for a
    ``bundle`` mark), or None (no file, no mark, not such an executable)."""
    from tui.core.bun_bundle import entry_head

    rx = mark.rx
    try:
        head = entry_head(ctx.disk, path, MARK_BYTES) if mark.bundle else ctx.disk.read_head(path, MARK_BYTES)
    except ReadSkipped as exc:
        ctx.disk.skip(path, f"{exc} (looked at for the version it states)")
        return None
    if head is None:
        return None
    m = rx.search(head.decode("utf-8", "replace"))
    return ctx.version(m.group(1), path) if m else None
