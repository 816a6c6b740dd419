"""The project folders Zed has opened, from its own database: where a project's ``.zed/settings.json`` is.

Zed reads ``context_servers`` from a project's ``.zed/settings.json`` too (its project settings), and the only
list of the projects it opened is its workspace database, ``db/0-<channel>/db.sqlite`` in its data folder
(``~/.local/share/zed``, the Flatpak's, ``~/Library/Application Support/Zed``, ``%LOCALAPPDATA%\\Zed``): the
``workspaces`` table, one row per window's set of folders. It is read whole through the audited disk, bounded
(:data:`MAX_DB_BYTES`), and opened in memory (``sqlite3`` ``deserialize``: nothing on the disk is opened by
SQLite, locked or written, no ``-shm`` or ``-wal`` file made), with a budget of work a query may take
(:data:`MAX_STEPS`): a file made to be slow to query is left unread, never waited on. Only the folders'
paths are read.

Which column holds them depends on Zed's version (its migrations): ``paths`` (one folder a line; briefly a
JSON array) in current versions, ``local_paths_array`` (comma-separated) before it; the older ``local_paths`` blob is
not read (noted). Remote workspaces (a ``remote_connection_id``, ``ssh_connection_id`` or ``ssh_project_id``)
are left: their folders are on another machine.

What is not claimed: Zed keeps the database in write-ahead-log mode, and rows it wrote since its last
checkpoint sit in ``db.sqlite-wal``, which this reading does not apply: a project opened moments ago may not
be listed yet (noted when the file is there and not empty). The list was never complete either: a folder
opened with another editor, or by Zed before its database was cleared, is in none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from tui.core.agents.locations import MAX_PROJECTS
from tui.core.machine import Disk, ReadSkipped

MAX_DB_BYTES = 32 * 1024 * 1024  # Zed's database is a few MiB; bigger is not read (noted): two copies at most
MAX_STEPS = 20_000  # progress-handler calls (each 1,000 SQLite instructions) a scan's queries may take
MAX_ROWS = MAX_PROJECTS  # workspaces read, the most recent first (past it, said in the audit)
CHANNELS = ("stable", "preview", "nightly", "dev")
# the databases, by release channel: Linux's data folder (and the Flatpak's), macOS's, Windows'
DATABASES = tuple(
    f"{base}/db/0-{channel}/db.sqlite"
    for base in (
        "{xdg_data}/zed",
        "{home}/.var/app/dev.zed.Zed/data/zed",
        "{home}/Library/Application Support/Zed",
        "{localappdata}/Zed",
    )
    for channel in CHANNELS
)
_HEADER_WAL = slice(18, 20)  # the header's read and write versions: 2 for a database in WAL mode
_REMOTE = ("remote_connection_id", "ssh_connection_id", "ssh_project_id", "dev_server_project_id")


def zed_workspace_folders(disk: Disk, path: str) -> list[str]:
    """The local folders the workspaces of Zed's database at ``path`` hold, the most recent first; [] (noted
    in the audit) when it cannot be read."""
    import sqlite3

    try:
        data = disk.read_bytes(path, MAX_DB_BYTES)
    except ReadSkipped as exc:
        disk.skip(path, f"{exc}: the projects Zed opened are not known")
        return []
    if len(data) >= 100 and data[_HEADER_WAL] == b"\x02\x02":
        # in memory there is no -wal file to go with it: the file is read alone (one copy at a time held)
        data = data[:18] + b"\x01\x01" + data[20:]
    wal = f"{path}-wal"
    if disk.is_file(wal) and disk.size(wal):
        disk.skip(wal, "not applied: a project Zed opened since its last checkpoint may not be listed")
    con = sqlite3.connect(":memory:")
    steps = 0

    def budget() -> int:
        nonlocal steps
        steps += 1
        return 1 if steps > MAX_STEPS else 0

    try:
        con.deserialize(data)
        del data  # SQLite holds its own copy
        con.set_progress_handler(budget, 1000)
        con.execute("PRAGMA trusted_schema = OFF")
        kind = con.execute("SELECT type FROM sqlite_master WHERE name = 'workspaces'").fetchone()
        if kind is None or kind[0] != "table":
            disk.skip(path, "no workspaces table: the projects Zed opened are not known")
            return []
        columns = {row[1] for row in con.execute("PRAGMA table_info(workspaces)")}
        column = next((c for c in ("paths", "local_paths_array") if c in columns), None)
        if column is None:
            disk.skip(path, "a Zed version's database whose project list aicheck does not read")
            return []
        local = "".join(f" AND {c} IS NULL" for c in _REMOTE if c in columns)
        order = " ORDER BY timestamp DESC" if "timestamp" in columns else ""
        rows = con.execute(
            f"SELECT {column} FROM workspaces WHERE {column} IS NOT NULL{local}{order} LIMIT ?",
            (MAX_ROWS + 1,),  # one more: whether there are older ones, which are not read (said)
        )
        folders: dict[str, None] = {}
        for number, (value,) in enumerate(rows):
            if number == MAX_ROWS:
                disk.skip(
                    path, f"more than {MAX_ROWS} workspaces: project settings read in the {MAX_ROWS} most recent only"
                )
                break
            for folder in _folders(value, column):  # one at a time: a row may hold millions
                folders.setdefault(folder)
                if len(folders) > MAX_PROJECTS:  # one past the bound: the caller says the list goes on
                    return list(folders)
    except sqlite3.Error as exc:
        why = "too slow to query" if steps > MAX_STEPS else f"not a database aicheck can read ({exc})"
        disk.skip(path, f"{why}: the projects Zed opened are not known")
        return []
    finally:
        con.close()
    return list(folders)


_LINE = re.compile(r"[^\n]+")
_ITEM = re.compile(r"[^,]+")
_JSON_ARRAY = re.compile(r'\s*\["'), re.compile(r'"\]\s*\Z')  # its two ends (the value is not copied)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _folders(value: object, column: str) -> Iterator[str]:
    """The folders a row's value names, one at a time (never the whole list made: see MAX_PROJECTS)."""
    if not isinstance(value, str):
        return
    if column == "local_paths_array":
        yield from (p for p in (m.group() for m in _ITEM.finditer(value)) if p.strip())
    elif (start := _JSON_ARRAY[0].match(value)) and (end := _JSON_ARRAY[1].search(value, max(0, len(value) - 64))):
        for m in _JSON_STRING.finditer(value, start.end() - 1, end.start() + 1):  # the JSON arrays of some versions
            try:
                item = json.loads(m.group())
            except ValueError:
                return
            if isinstance(item, str):
                yield item
    else:
        yield from (p for p in (m.group() for m in _LINE.finditer(value)) if p.strip())
