"""Confinement of a scan to allowed folders: a scan of one user's home (run by root, e.g. under osquery) must
never be led by a link that user made to read another user's files or a system secret.

``Machine.confine`` lists the allowed folders (the user's home and the system folders the scan reads); empty
means no confinement (a scan of your own home, or a disk image). :class:`~tui.core.machine.Disk` resolves every
path itself, one link at a time inside the root; on a confined machine it then refuses (and notes as skipped)
a path whose *real* path is outside every allowed folder, before any listing or opening."""

from __future__ import annotations

REFUSED = "link leads outside this user's home and the system folders"

# The kernel's views of processes and devices on a running Linux: no tool keeps a file there, and a link into
# them (`~/.claude/settings.json -> /proc/self/environ`) would have the scan read its own environment's
# secrets or its memory. Refused on this computer whether or not the scan is confined (a disk image's own
# `proc` folder is a folder like any other).
KERNEL_VIEWS = ("/proc", "/sys")
KERNEL_VIEW = "link leads into /proc or /sys (the kernel's views of processes and devices): never read"


def within(real: str, folders: tuple[str, ...]) -> bool:
    return any(real == f or real.startswith(f.rstrip("/") + "/") for f in folders)


def allowed(real: str, folders: tuple[str, ...], listing: bool = False) -> bool:
    """Whether the real machine path ``real`` may be read (or, with ``listing``, its names listed: the folders
    above an allowed one, such as ``/home``, give names only)."""
    if within(real, folders):
        return True
    return listing and any(f.startswith(real.rstrip("/") + "/") for f in folders)


def kernel_view(real: str) -> bool:
    """Whether the real machine path ``real`` is in (or is) one of :data:`KERNEL_VIEWS`."""
    return real.startswith(KERNEL_VIEWS) and (len(real) == 5 or real[5] == "/")
