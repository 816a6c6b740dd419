"""Confinement of a scan to allowed folders: a scan of one user's home (run by root, e.g. under osquery) must
never be led by a link that user made to read another user's files or a system secret.

``Machine.confine`` lists the allowed folders (the user's home and the system folders the scan reads); empty
means no confinement (a scan of your own home, or a disk image). :class:`~tui.core.machine.Disk` resolves every
path itself, one link at a time inside the root; on a confined machine it then refuses (and notes as skipped)
a path whose *real* path is outside every allowed folder, before any listing or opening."""

from __future__ import annotations

REFUSED = "link leads outside this user's home and the system folders"


def within(real: str, folders: tuple[str, ...]) -> bool:
    return any(real == f or real.startswith(f.rstrip("/") + "/") for f in folders)


def allowed(real: str, folders: tuple[str, ...], listing: bool = False) -> bool:
    """Whether the real machine path ``real`` may be read (or, with ``listing``, its names listed: the folders
    above an allowed one, such as ``/home``, give names only)."""
    if within(real, folders):
        return True
    return listing and any(f.startswith(real.rstrip("/") + "/") for f in folders)
