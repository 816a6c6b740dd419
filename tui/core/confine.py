"""Confinement of a scan to allowed folders: a scan of one user's home (run by root, e.g. under osquery) must
never be led by a link that user made to read another user's files or a system secret.

``Machine.confine`` lists the allowed folders (the user's home and the system folders the scan reads); empty
means no confinement (a scan of your own home). :class:`~tui.core.machine.Disk` asks :func:`outside` before it
lists a folder or opens a file, and refuses (noting the path as skipped) when the path, every link on the way
resolved inside the scanned root, ends outside every allowed folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.machine import Disk

MAX_HOPS = 40


def _within(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders)


def real_path(disk: "Disk", path: str, cache: dict[str, str | None]) -> str | None:
    """``path`` with every link resolved inside the root (as :meth:`Disk.resolve` does, without its notes);
    None on a loop. ``cache`` holds resolved prefixes for the scan."""
    if path in cache:
        return cache[path]
    parts = [p for p in path.split("/") if p]
    resolved: list[str] = []
    hops = 0
    while parts:
        part = parts.pop(0)
        if part == ".":
            continue
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        candidate = "/" + "/".join(resolved + [part])
        known = cache.get(candidate, "")
        if known != "" and not parts:
            return known
        target = disk.readlink(candidate)
        if target is None:
            resolved.append(part)
            continue
        hops += 1
        if hops > MAX_HOPS:
            cache[path] = None
            return None
        target = target.replace("\\", "/")
        if target.startswith("/") or (len(target) > 1 and target[1] == ":"):
            from tui.core.machine import to_machine_path

            resolved = []
            parts = [p for p in to_machine_path(target).split("/") if p] + parts
        else:
            parts = [p for p in target.split("/") if p] + parts
    final = "/" + "/".join(resolved)
    cache[path] = final
    return final


def outside(disk: "Disk", path: str, cache: dict[str, str | None], listing: bool = False) -> bool:
    """Whether reading or listing ``path`` would leave the machine's allowed folders (always False when the
    machine is not confined). A folder above an allowed one (``/``, ``/home``) may be listed, never read."""
    folders = disk.machine.confine
    if not folders:
        return False
    real = real_path(disk, path, cache)
    if real is None:
        return True
    if listing and any(f.startswith(real.rstrip("/") + "/") for f in folders):
        return False  # the names in /home or /Users: no content
    return not _within(real, folders)
