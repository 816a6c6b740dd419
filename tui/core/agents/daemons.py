"""The container daemon a docker or podman server's image runs on, where the machine says so.

``docker -H ssh://other run image`` runs the image on another machine's daemon, which sees every message the
client and the server exchange: such a line names no image a rule could approve. The same daemon can be
named off the line, and each of these makes every docker server unreviewed as ``-H`` does:

- a variable (:data:`~.identity.DAEMON_ENV`: ``DOCKER_HOST``, ``DOCKER_CONTEXT``, ``DOCKER_CONFIG``,
  ``CONTAINER_HOST``, ``CONTAINER_CONNECTION``) in the server's own ``env`` (:func:`~.identity.env_extras`),
  in aicheck's environment, or set by a shell startup file (and the other places a session takes its
  environment from, as :func:`tui.core.startup.exported_settings` reads them): a client started from such a
  session hands it to docker. Names only: a value is never read, its presence is enough;
- Docker's ``config.json`` (``~/.docker``, or the folder ``DOCKER_CONFIG`` names in aicheck's environment)
  whose ``currentContext`` names a context other than ``default``, unless that context's own record
  (``contexts/meta/<sha256 of its name>/meta.json``) names a local daemon (a ``unix://`` socket, a Windows
  ``npipe://``: Docker Desktop's ``desktop-linux``). Of ``config.json`` only that key is kept (the file holds
  registry credentials, never looked at); one that cannot be read means the daemon cannot be known.

- podman's service: the connection ``[engine] active_service`` names in ``containers.conf`` (the user's,
  ``$XDG_CONFIG_HOME/containers/`` or ``~/.config/containers/``, and the machine's, ``/etc/containers/`` and
  ``/usr/share/containers/``, each with its ``containers.conf.d/*.conf``), or the ``Default`` of podman 5's
  ``podman-connections.json`` beside the user's, when its ``[engine.service_destinations.<name>] uri`` (or the
  connection's ``URI``) is another machine's: anything but a ``unix://`` socket, a Windows ``npipe://`` or
  ``ssh://`` to this machine's loopback address (a ``podman machine`` VM). A connection named but found
  nowhere, or a file that cannot be read, means the daemon cannot be known. Of these files only those keys
  are kept (an identity file's path, never read, sits beside a URI). Said of every server that runs an
  image, docker's as well (which program a shim named ``docker`` is, podman-docker's, is not told apart).

Not read: a context named by a variable a startup file computes (it counts, as any value it sets), podman's
``containers.rootless.conf.d/<uid>`` folders, and what the daemon a local socket (or a loopback ``ssh://``)
serves forwards to.
"""

from __future__ import annotations

import hashlib

from tui.core.agents.identity import DAEMON_ENV, DAEMON_MOVED
from tui.core.agents.models import McpServer
from tui.core.machine import Disk, ReadSkipped, to_machine_path

MAX_DOCKER_CONFIG_BYTES = 1024 * 1024  # a config.json with many registries' credentials is a few KiB
_LOCAL = ("unix://", "npipe://")
CONTEXT_MOVED = "runs its image on the daemon of the Docker context {where} names"
CONFIG_UNREAD = "runs its image on whatever daemon {where} names (aicheck could not read it: {why})"


def _runs_an_image(s: McpServer) -> bool:
    return bool(s.docker) or any(kind == "docker" for kind, _, _ in s.extra_packages)


def resolve_daemons(disk: Disk, servers: list[McpServer]) -> None:
    """Add to each server that runs an image what the machine says of its daemon (see the module), with the
    smaller fix where it is a file's line."""
    if not any(_runs_an_image(s) for s in servers):
        return
    found = machine_daemons(disk)
    if not found:
        return
    for s in servers:
        if _runs_an_image(s):
            s.extra_packages += tuple(("unread", what, None) for what, _ in found)
            s.setting_fixes += tuple((what, fix) for what, fix in found if fix)


def machine_daemons(disk: Disk) -> list[tuple[str, str]]:
    """(what runs the image elsewhere, the fix: a line to remove, or ""): read once a scan."""
    return disk.remembered(machine_daemons, lambda: _machine_daemons(disk))


def _machine_daemons(disk: Disk) -> list[tuple[str, str]]:
    from tui.core.startup import exported_settings

    machine = disk.machine
    out: list[tuple[str, str]] = []
    env = {name.upper(): value for name, value in machine.env.items()} if machine.env_known else {}
    for name in sorted(DAEMON_ENV - {"DOCKER_CONFIG"}):  # (DOCKER_CONFIG here: the folder read below)
        if env.get(name, "").strip():
            out.append((DAEMON_MOVED.format(where=f"{name} in aicheck's environment"), ""))
    for name, place, value in exported_settings(disk, machine, lambda n: n.upper() in DAEMON_ENV):
        if value is None or value.strip():
            out.append((DAEMON_MOVED.format(where=f"{name} in {place}"), f"remove {name} from {place}"))
    moved = env.get("DOCKER_CONFIG", "").strip()
    folder = f"{machine.home.rstrip('/')}/.docker"
    if moved:
        if not (moved.startswith(("/", "\\")) or moved[1:3] in (":\\", ":/")):  # relative: to where docker starts
            return [*dict.fromkeys(out), (DAEMON_MOVED.format(where="DOCKER_CONFIG in aicheck's environment"), "")]
        folder = to_machine_path(moved)
    out += _current_context(disk, folder)
    out += _podman_service(disk)
    return list(dict.fromkeys(out))


MAX_PODMAN_FILES = 32  # drop-in files of one containers.conf.d folder read at most (a few in practice)
PODMAN_MOVED = "runs its image on the podman service {where} names (another machine's)"
PODMAN_UNDEFINED = "runs its image on whatever podman service {where} names (no file aicheck read defines it)"
_PODMAN_SYSTEM = ("/usr/share/containers", "/etc/containers")  # read first: the user's files override them


def _podman_service(disk: Disk) -> list[tuple[str, str]]:
    """The podman connection the configs make the default, when it is no local one (see the module)."""
    from tui.core.locations import token_sets

    machine = disk.machine
    user: list[str] = []
    for toks in token_sets(machine):
        base = toks.get("xdg_config") or toks.get("appdata")
        if base:
            user.append(f"{base.rstrip('/')}/containers")
    folders = [*(_PODMAN_SYSTEM if machine.platform != "windows" else ()), *dict.fromkeys(user)]
    active: list[tuple[str, str]] = []  # (the connection's name, where it is named): one, or each spelling's
    uris: dict[str, list[str]] = {}  # each connection's URI (each spelling's: any may be podman's)
    for folder in folders:
        files = [f"{folder}/containers.conf"]
        dropins = f"{folder}/containers.conf.d"
        if disk.is_dir(dropins):
            names = sorted(e.name for e in disk.listdir(dropins) if e.name.endswith(".conf"))
            if len(names) > MAX_PODMAN_FILES:  # never a clean bill for what was left unread
                why = f"more than {MAX_PODMAN_FILES} files"
                return [
                    (CONFIG_UNREAD.format(where=f"[engine] active_service in {disk.display(dropins)}", why=why), "")
                ]
            files += [f"{dropins}/{n}" for n in names]
        for path in files:
            data, why = _toml(disk, path)
            shown = f"[engine] active_service in {disk.display(path)}"
            if why:
                return [(CONFIG_UNREAD.format(where=shown, why=why), "")]
            for engine in _tables(data, "engine"):
                services = _keyed(engine, "active_service")
                if any(not isinstance(name, str) for name in services):
                    return [(CONFIG_UNREAD.format(where=shown, why="it is not a name"), "")]
                if services:
                    active = [(name, shown) for name in dict.fromkeys(services) if isinstance(name, str)]
                for destinations in _tables(engine, "service_destinations"):
                    for key, table in destinations.items():
                        uris[key] = [uri for uri in _keyed(table, "uri") if isinstance(uri, str)] or uris.get(key, [])
    named: list[tuple[str, str]] = [(name, where) for name, where in active if name]
    for folder in dict.fromkeys(user):  # podman 5's own record of its connections, `podman system connection`
        path = f"{folder}/podman-connections.json"
        try:
            text = disk.read_text_if_present(path, MAX_DOCKER_CONFIG_BYTES)
            data = _load(text) if text is not None else None
        except ReadSkipped as exc:
            return [(CONFIG_UNREAD.format(where=f"Connection.Default in {disk.display(path)}", why=exc), "")]
        for connection in _tables(data, "Connection"):
            for listed in _tables(connection, "Connections"):
                for key, table in listed.items():
                    found = [uri for uri in _keyed(table, "URI") if isinstance(uri, str)]
                    if found and key not in uris:
                        uris[key] = found
            for default in _keyed(connection, "Default"):
                if isinstance(default, str) and default:
                    named.append((default, f"Connection.Default in {disk.display(path)}"))
    out: list[tuple[str, str]] = []
    for name, where in dict.fromkeys(named):
        given = uris.get(name)
        fix = f"make a local connection podman's default ({where})"
        if not given:
            out.append((PODMAN_UNDEFINED.format(where=where), fix))
        elif not all(_local_uri(uri) for uri in given):
            out.append((PODMAN_MOVED.format(where=where), fix))
    return out


def _keyed(table: object, key: str) -> list[object]:
    """The values of ``table``'s keys that are ``key`` whatever their case, as podman's decoders (TOML's and
    Go's JSON) match a key to theirs: ``Active_Service``, ``URI``. Several spellings in one table: each value
    (either may be the one podman keeps)."""
    if not isinstance(table, dict):
        return []
    folded = key.casefold()
    return [value for name, value in table.items() if isinstance(name, str) and name.casefold() == folded]


def _tables(table: object, key: str) -> list[dict]:
    """The tables :func:`_keyed` finds (``[Engine]`` and ``[engine]`` are one to podman)."""
    return [value for value in _keyed(table, key) if isinstance(value, dict)]


def _local_uri(uri: str) -> bool:
    """Whether a podman connection's URI is this machine's: a socket, a named pipe, or ssh to loopback."""
    from urllib.parse import urlsplit

    text = uri.strip()
    if text.lower().startswith(_LOCAL):
        return True
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() == "ssh" and host in ("127.0.0.1", "localhost", "::1")


def _toml(disk: Disk, path: str) -> tuple[object, str]:
    """(a containers.conf's data, "") or (None, why it cannot be read); (None, "") when it is not there."""
    from tui.core.safe_toml import TomlError, parse_toml

    try:
        text = disk.read_text_if_present(path, MAX_DOCKER_CONFIG_BYTES)
        return (parse_toml(text) if text is not None else None), ""
    except ReadSkipped as exc:
        return None, str(exc)
    except TomlError as exc:
        return None, exc.reason


def _current_context(disk: Disk, folder: str) -> list[tuple[str, str]]:
    path = f"{folder}/config.json"
    shown = disk.display(path)
    try:
        text = disk.read_text_if_present(path, MAX_DOCKER_CONFIG_BYTES)
        data = _load(text) if text is not None else None
    except ReadSkipped as exc:
        return [(CONFIG_UNREAD.format(where=f"currentContext in {shown}", why=exc), "")]
    context = data.get("currentContext") if isinstance(data, dict) else None
    if context is None or context in ("", "default"):
        return []
    where = f"currentContext in {shown}"
    fix = f"set {where} back to default (docker context use default)"
    if not isinstance(context, str):
        return [(CONFIG_UNREAD.format(where=where, why="it is not a name"), fix)]
    if _local_context(disk, folder, context):
        return []
    return [(CONTEXT_MOVED.format(where=where), fix)]


def _local_context(disk: Disk, folder: str, name: str) -> bool:
    """Whether the context ``name``'s record names a daemon on this machine (a socket, a named pipe)."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()
    try:
        text = disk.read_text_if_present(f"{folder}/contexts/meta/{digest}/meta.json", MAX_DOCKER_CONFIG_BYTES)
        meta = _load(text) if text is not None else None
    except ReadSkipped:
        return False
    endpoints = meta.get("Endpoints") if isinstance(meta, dict) else None
    docker = endpoints.get("docker") if isinstance(endpoints, dict) else None
    host = docker.get("Host") if isinstance(docker, dict) else None
    return isinstance(host, str) and host.startswith(_LOCAL)


def _load(text: str) -> object:
    from tui.core.safe_json import load_json

    return load_json(text)
