"""Reading config files through the audited :class:`Disk`: JSON (read leniently: comments and trailing commas
allowed, as JSONC), TOML, YAML (through :mod:`tui.core.safe_yaml`, the one YAML parser; a smaller cap) and
Markdown's YAML front matter (``markdown``: Claude Code's subagent files; the same parser and cap). A broken
file is noted in the audit (``skipped``) with a reason that never quotes its content."""

from __future__ import annotations

from tui.core.agents.models import UncheckedConfig
from tui.core.bounded_read import ParseFailed, TooLarge
from tui.core.machine import Disk, ReadSkipped
from tui.core.models import Skip
from tui.core.pruned_json import JsonPath, KeptTooLarge, PrunedJsonError, load_pruned
from tui.core.safe_json import load_jsonc
from tui.core.safe_toml import TomlError, parse_toml

MAX_CONFIG_BYTES = 4 * 1024 * 1024
MAX_CLAUDE_JSON_BYTES = 16 * 1024 * 1024  # ~/.claude.json keeps the history of every project
# ~/.claude.json past MAX_CLAUDE_JSON_BYTES (heavy users' reach hundreds of MB): read in pieces without each
# project's prompt history, which nothing judged is in; the rest is held to MAX_CLAUDE_JSON_BYTES
CLAUDE_JSON_BULK: tuple[JsonPath, ...] = (("projects", "*", "history"),)
MAX_STREAMED_BYTES = 512 * 1024 * 1024
# JSON files known to outgrow any cap, by name: their cap and what they are read without past it (for a
# condition that names one, as for the readers that know it)
BULKY_JSON: dict[str, tuple[int, tuple[JsonPath, ...]]] = {".claude.json": (MAX_CLAUDE_JSON_BYTES, CLAUDE_JSON_BULK)}
BULKY_JSON[".claude-custom-oauth.json"] = BULKY_JSON[".claude.json"]  # .claude.json's stand-in (the same content)
# JSON files whose client takes an empty one for nothing configured, by name: Claude Code's ~/.claude/.config.json
# (2.1.337 leaves a zero-byte one for .claude.json; 2.1.100 reads it as no settings)
EMPTY_MEANS_NOTHING = frozenset({".config.json"})
_NOTED = "formats: files found unusable"  # in each scan's memory (Disk.remembered): a set of paths
_UNCHECKED = "formats: judged files found unusable"  # ...: UncheckedConfig by the file as shown
_SPENT = "formats: entries kept"  # ...: how many of each kind (MAX_ENTRIES_PER_SCAN)
_STREAMED = "formats: files read in pieces"  # ...: what each gave (read once: two readers need ~/.claude.json)
_PARSED = "formats: files parsed"  # ...: what read_config gave for (path, format, limit, bulk)


def read_config(
    disk: Disk, path: str, fmt: str, limit: int = MAX_CONFIG_BYTES, *, bulk: tuple[JsonPath, ...] = ()
) -> dict | None:
    """The parsed file as a dict, or None when it is missing, too big or malformed (then noted once: a file
    two readers need, such as ~/.claude.json, is in the audit's skipped list one time).

    ``bulk``: for JSON, the paths of values nothing reads (``("projects", "*", "history")``). A file bigger
    than ``limit`` is then read in pieces without them (:mod:`tui.core.pruned_json`, up to
    :data:`MAX_STREAMED_BYTES`), and is too large only when the rest is over ``limit``."""
    if found_unusable(disk, path):  # found unusable earlier in this scan: already in the audit
        return None
    # a file several readers look in (VS Code's settings.json: Copilot's servers and Amp's; Gemini CLI's:
    # servers and hooks) is read and parsed once a scan; what is returned is never changed by a reader
    parsed: dict[tuple, dict | None] = disk.remembered(_PARSED, dict)
    key = (path, fmt, limit, bulk)
    if key in parsed:
        return parsed[key]
    noted = len(disk.audit.skipped)
    data = parsed[key] = _read_config(disk, path, fmt, limit, bulk)
    if len(disk.audit.skipped) > noted and data is None:
        _noted(disk).add(path)
    return data


def read_judged(
    disk: Disk,
    path: str,
    fmt: str,
    *,
    client: str,
    label: str,
    holds: str,
    limit: int = MAX_CONFIG_BYTES,
    bulk: tuple[JsonPath, ...] = (),
) -> dict | None:
    """:func:`read_config` for a file whose entries are judged (MCP servers, hooks, plugins): when it exists
    but cannot be used, it is noted as unchecked (:func:`unchecked_configs`), never read as empty (JSON is
    read leniently by :func:`read_config`: a comment neither hides a server nor makes a file "unreadable")."""
    data = read_config(disk, path, fmt, limit, bulk=bulk)
    if data is None and found_unusable(disk, path):
        note_unchecked(disk, path, client=client, label=label, holds=holds)
    return data


def note_unchecked(
    disk: Disk, path: str, *, client: str, label: str, holds: str, reason: str = "", place: str = ""
) -> None:
    """Record that ``path`` could not be checked whole; the reason defaults to the audit's for that file.
    ``place``: where the config is when it is no file, as shown (a variable's value: ``OPENCODE_CONFIG_CONTENT
    in ~/.bashrc line 3``), in place of ``path``."""
    shown = place or disk.display(path)
    if not reason:
        reason = next((s.reason for s in disk.audit.skipped if s.path == shown), "could not be read")
    _unchecked(disk).setdefault(shown, UncheckedConfig(client, label, shown, reason, holds))


# entries of one kind (MCP servers, hooks) a scan keeps in all: each file's own bound multiplies with the
# projects (500 servers in the config of each of 500 projects would be 250,000 records, gigabytes judged)
MAX_ENTRIES_PER_SCAN = 5000


def entries_left(disk: Disk, holds: str) -> int:
    """How many more entries of ``holds`` this scan may keep (see :func:`spend_entries`)."""
    return MAX_ENTRIES_PER_SCAN - _spent(disk).get(holds, 0)


def spend_entries(disk: Disk, holds: str, count: int) -> None:
    spent = _spent(disk)
    spent[holds] = spent.get(holds, 0) + count


def _spent(disk: Disk) -> dict[str, int]:
    return disk.remembered(_SPENT, dict)


def scan_bound(holds: str) -> str:
    """The reason a file past this scan's bound gives (it is unchecked: it needs action)."""
    return f"more than {MAX_ENTRIES_PER_SCAN} {holds} on this machine: the rest, this file's included, not listed"


def note_overflow(disk: Disk, path: str, reason: str, *, client: str, label: str, holds: str, place: str = "") -> None:
    """A bound on entries was reached in ``path``: the rest is not read, so the file is noted as skipped (the
    audit) and as unchecked (it needs action: padding a file must never hide an entry past the bound).
    ``place``: as :func:`note_unchecked`'s."""
    skip_at(disk, path, reason, place)
    note_unchecked(disk, path, client=client, label=label, holds=holds, reason=reason, place=place)


def skip_at(disk: Disk, path: str, reason: str, place: str = "") -> None:
    """:meth:`Disk.skip`, or the same note for a config that is no file (``place``, as shown)."""
    if place:
        disk.audit.skipped.append(Skip(place, reason))
    else:
        disk.skip(path, reason)


def unchecked_configs(disk: Disk) -> list[UncheckedConfig]:
    """The judged config files this scan could not check whole, in the order it met them."""
    return list(_unchecked(disk).values())


def found_unusable(disk: Disk, path: str) -> bool:
    """Whether ``path`` exists but could not be used (too big, malformed, unreadable) earlier in this scan."""
    return path in _noted(disk)


def _noted(disk: Disk) -> set[str]:
    return disk.remembered(_NOTED, set)


def _unchecked(disk: Disk) -> dict[str, UncheckedConfig]:
    return disk.remembered(_UNCHECKED, dict)


_YAML = ("yaml", "markdown")  # the formats read by the one YAML parser


def _read_config(disk: Disk, path: str, fmt: str, limit: int, bulk: tuple[JsonPath, ...]) -> dict | None:
    if fmt in _YAML:
        from tui.core.safe_yaml import MAX_YAML_BYTES

        limit = min(limit, MAX_YAML_BYTES)
    try:
        text = disk.read_text(path, limit)
    except ReadSkipped as exc:
        if isinstance(exc, TooLarge) and fmt == "json" and bulk:
            return _read_pruned(disk, path, limit, bulk)
        if str(exc) != "missing":
            disk.skip(path, str(exc))
        return None
    if fmt == "json" and not text.strip() and path.rpartition("/")[2] in EMPTY_MEANS_NOTHING:
        return {}
    data = parse_text(text, fmt)
    if isinstance(data, str):
        disk.skip(path, data)
        return None
    return data


def parse_text(text: str, fmt: str) -> dict | str:
    """A config's text parsed as ``fmt`` (a file's, or a variable's value that a client reads as one), or why
    it cannot be used: a reason that never quotes the content."""
    data: object
    try:
        if fmt == "toml":
            data = parse_toml(text)
        elif fmt == "yaml":
            from tui.core.safe_yaml import parse_yaml

            data = parse_yaml(text)
        elif fmt == "markdown":
            from tui.core.safe_yaml import parse_front_matter

            data = parse_front_matter(text)
        else:  # comments and trailing commas, as most clients allow: read leniently
            data = load_jsonc(text)
    except TomlError as exc:
        return exc.reason
    except ParseFailed as exc:  # JSON, YAML: the message says what and where, never quoting the content
        return str(exc)
    if data is None and fmt in _YAML:  # an empty YAML file, a Markdown file without front matter: nothing set
        return {}
    if not isinstance(data, dict):
        return "not a YAML mapping" if fmt in _YAML else "not a JSON object"
    return data


def _read_pruned(disk: Disk, path: str, limit: int, bulk: tuple[JsonPath, ...]) -> dict | None:
    """A JSON file too big to hold, read in pieces without its ``bulk`` (once a scan)."""
    done: dict[str, dict] = disk.remembered(_STREAMED, dict)
    if path in done:
        return done[path]
    try:
        pieces = disk.read_pieces(path, MAX_STREAMED_BYTES)
    except ReadSkipped as exc:
        disk.skip(path, str(exc))
        return None
    try:
        data = load_pruned(pieces, bulk, limit)
    except KeptTooLarge:
        disk.skip(path, f"file too large (more than {limit} characters besides {_shown(bulk)})")
        return None
    except PrunedJsonError as exc:
        disk.skip(path, f"invalid JSON: {exc}")
        return None
    except ReadSkipped as exc:  # while reading: more than MAX_STREAMED_BYTES, or an I/O error
        disk.skip(path, str(exc))
        return None
    finally:
        pieces.close()
    if not isinstance(data, dict):
        disk.skip(path, "not a JSON object")
        return None
    done[path] = data
    return data


def _shown(bulk: tuple[JsonPath, ...]) -> str:
    return " and ".join(".".join(p) for p in bulk)


def lookup(data: dict, dotted: str) -> object:
    """``data["mcp"]["servers"]``, or a literal ``data["mcp.servers"]`` (VS Code writes either)."""
    if dotted in data:
        return data[dotted]
    node: object = data
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
