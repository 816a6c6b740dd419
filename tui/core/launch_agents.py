"""A macOS launch agent (a launchd ``.plist`` of ``~/Library/LaunchAgents``, XML or binary, read with
:mod:`plistlib`), read and parsed once a scan for every reader that asks: the launchers' flags
(:mod:`tui.core.launcher_settings`) and the startup files' ``launchctl setenv`` (:mod:`tui.core.startup_reading`)."""

from __future__ import annotations

from tui.core.machine import Disk, FileMissing, ReadSkipped

MAX_LAUNCH_AGENT_BYTES = 1024 * 1024  # a launch agent is less than a KiB (the launchers' settings' bound)


def launch_agent(disk: Disk, path: str) -> tuple[bytes, dict] | ReadSkipped | None:
    """(the bytes, the property list) of a launchd agent, read and parsed once a scan however many readers ask
    (its program's flags in :mod:`tui.core.launcher_settings`, its ``launchctl setenv`` in
    :mod:`tui.core.startup_reading`); why it cannot be read or parsed; or None when there is no such file."""
    import plistlib

    cache: dict[str, tuple[bytes, dict] | ReadSkipped | None] = disk.remembered(launch_agent, dict)
    if path not in cache:
        try:
            data = disk.read_bytes(path, MAX_LAUNCH_AGENT_BYTES)
        except FileMissing:
            cache[path] = None
        except ReadSkipped as exc:
            cache[path] = exc
        else:
            try:
                plist = plistlib.loads(data)
            except Exception:  # plistlib raises many kinds (InvalidFileException, ValueError, ExpatError, ...)
                cache[path] = ReadSkipped("not a property list")
            else:
                cache[path] = (data, plist if isinstance(plist, dict) else {})
    return cache[path]
