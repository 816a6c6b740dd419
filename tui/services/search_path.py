"""How a scan's search path was chosen, for the report (``host.search_path_source``): a fleet tells a scan of the
account's session PATH from one whose PATH was given (``--search-path``) or narrowed for the run
(``PATH=/usr/bin aicheck scan --json``, a cron job's ``/usr/bin:/bin``).

The scan looks, whatever PATH says, in the standard folders (``~/.local/bin``, ``/usr/local/bin``, ``/usr/bin``,
Nix's profiles: :data:`tui.core.channels.path.STANDARD_FOLDERS`) and in the folders the shell startup files put on
PATH; a narrowed PATH still hides a command in a folder only the session's PATH names (``/snap/bin``, a version
manager's shims, a folder ``/etc/environment`` or the desktop session adds). What PATH the session really has
cannot be known without running the shell, which a scan never does, so "narrowed" is decided by the folders
every login session's PATH holds on that platform (:data:`SESSION_FOLDERS`): the environment's PATH is
*narrowed* when it lacks one of them that is a folder on this machine (a PATH entry that leads to the same
folder, ``/bin`` -> ``/usr/bin`` on a merged-/usr system, counts as holding it)."""

from __future__ import annotations

from tui.core.machine import Disk, Machine

# Folders every login session's PATH holds, by platform (NixOS's: its system profile, no /usr/bin to speak of)
SESSION_FOLDERS = {
    "linux": ("/usr/local/bin", "/usr/bin", "/bin"),
    "macos": ("/usr/local/bin", "/usr/bin", "/bin"),
    "windows": ("/Windows/System32", "/Windows"),
}
NIXOS_SESSION_FOLDERS = ("/run/current-system/sw/bin",)

ENVIRONMENT = "environment"  # this process's PATH, holding every session folder there is
NARROWED = "narrowed"  # this process's PATH, lacking a session folder (host.search_path_missing names them)
GIVEN = "--search-path"  # given on the command line
STANDARD = "standard"  # a scan of every user: the standard folders of each home and the system's
NOT_THIS_MACHINE = "--root"  # a disk image: this machine's PATH (or --search-path) says nothing of its sessions


def search_path_source(machine: Machine, given: bool) -> tuple[str, list[str]]:
    """(how the search path was chosen, the session folders a narrowed PATH lacks: machine paths)."""
    if given:
        return GIVEN, []
    if not machine.env_known or machine.confine:  # every user's scan; root's of one home not its own
        return STANDARD, []
    if str(machine.root) != "/":
        return NOT_THIS_MACHINE, []
    missing = missing_session_folders(machine)
    return (NARROWED, missing) if missing else (ENVIRONMENT, [])


def missing_session_folders(machine: Machine) -> list[str]:
    """The folders of :data:`SESSION_FOLDERS` that are folders on the machine and that no entry of its search
    path leads to (each entry and folder resolved: a link to a folder on PATH is that folder)."""
    disk = Disk(machine)
    wanted = SESSION_FOLDERS.get(machine.platform, ())
    if machine.platform == "linux" and disk.is_dir(NIXOS_SESSION_FOLDERS[0]):
        wanted = NIXOS_SESSION_FOLDERS
    windows = machine.platform == "windows"

    def real(path: str) -> str:
        where = disk.host(path)
        return where.lower() if windows else where

    held = {real(p) for p in machine.search_path}
    return [f for f in wanted if disk.is_dir(f) and real(f) not in held]
