"""The settings files conditions and the startup readers look in (JSON as editors allow it, TOML, YAML, a Markdown
file's YAML front matter), each read once a scan however many readers name it, and the keys looked up in them:
a dotted name nested, or as a literal key holding dots as VS Code writes its settings."""

from __future__ import annotations

from collections.abc import Iterator

from tui.core.channels.base import Context
from tui.core.machine import ReadSkipped
from tui.core.safe_json import load_jsonc
from tui.core.safe_toml import parse_toml
from tui.core.text import clean


def existing_settings(ctx: Context, paths: list[str]) -> Iterator[tuple[str, str, bool, object]]:
    """(path, as the machine names it, readable, content) of each of ``paths`` that exists, loaded."""
    for path in paths:
        if ctx.disk.exists(path):
            yield (path, ctx.disk.display(path), *load_settings(ctx, path))


def load_settings(ctx: Context, path: str) -> tuple[bool, object]:
    """(readable, content) of a JSON, TOML or YAML settings file, read once a scan however many conditions
    name it (a workspace's settings.json is named by four); an unreadable one is noted in the audit once."""
    loaded: dict[str, tuple[bool, object]] = ctx.disk.remembered(load_settings, dict)
    if path not in loaded:
        loaded[path] = _load_once(ctx, path)
    return loaded[path]


def _load_once(ctx: Context, path: str) -> tuple[bool, object]:
    """By the file's extension: TOML, YAML, a Markdown file's YAML front matter (``.md``: Claude Code's
    subagents, whose ``permissionMode`` a condition may forbid), else JSON."""
    try:
        if path.endswith(".toml"):
            return True, parse_toml(ctx.disk.read_text(path))
        if path.endswith((".yaml", ".yml")):
            from tui.core.safe_yaml import MAX_YAML_BYTES, parse_yaml

            return True, parse_yaml(ctx.disk.read_text(path, MAX_YAML_BYTES))
        from tui.core.agents.formats import BULKY_JSON, read_config

        if path.endswith(".md"):  # a Markdown file's YAML front matter (a Claude Code subagent's settings)
            from tui.core.agents.subagents import front_matter

            # a subagent file as the agent scan's one reading found it (its bounds and problems noted there)
            known = front_matter(ctx.disk, path)
            if known is not None:
                return known
            data = read_config(ctx.disk, path, "markdown")
            return data is not None, data
        bulky = BULKY_JSON.get(path.rpartition("/")[2])
        if bulky is not None:  # ~/.claude.json: past its cap, read without the prompt history, as MCP servers are
            data = read_config(ctx.disk, path, "json", bulky[0], bulk=bulky[1])  # its problems noted there
            return data is not None, data
        # comments and trailing commas as editors allow them (VS Code's settings.json): a lenient reading can
        # only find more of what a condition forbids, never less
        return True, load_jsonc(ctx.disk.read_text(path))
    except ReadSkipped as exc:  # a parse failure too: what and where, in plain words
        ctx.disk.skip(path, f"settings file unreadable: {exc}")
        return False, None


def lookup(data: object, dotted: str) -> object:
    """The value of a dotted key read nested only (``{"env": {"NAME": …}}``), or None. What a condition asks
    to be set must be set where the tool reads it: a literal ``"env.NAME"`` key beside it would be ignored by
    the tool, so it cannot meet the condition (what a condition forbids is looked for in both forms)."""
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def lookup_all(data: object, dotted: str) -> list[tuple[str, object]]:
    """(the key as found, its value) for every place a dotted key is set. A dotted name is read nested
    (``{"permissions": {"defaultMode": …}}``) and as a literal key holding dots, as VS Code writes its settings
    (``{"claudeCode.initialPermissionMode": …}``), at every level; a ``*`` name stands for every key at its
    level (``profiles.*.sandbox_mode``: every profile's). Only found values; a key read from the file is
    cleaned."""
    return _found(data, tuple(dotted.split(".")), "")


def _found(node: object, parts: tuple[str, ...], path: str) -> list[tuple[str, object]]:
    if not parts:
        return [(path, node)]
    if not isinstance(node, dict):
        return []
    out: list[tuple[str, object]] = []
    if parts[0] == "*":
        for k, v in node.items():
            name = clean(str(k), 80)
            out += _found(v, parts[1:], f"{path}.{name}" if path else name)
        return out
    for n in range(1, len(parts) + 1):
        if parts[n - 1] == "*":
            # a literal key holding dots that a "*" matches a name of (VS Code's flat
            # "terminal.integrated.env.linux" for terminal.integrated.env.*)
            out += _found_flat(node, parts, n, path)
            break
        key = ".".join(parts[:n])
        if key in node:
            out += _found(node[key], parts[n:], f"{path}.{key}" if path else key)
    return out


def _found_flat(node: dict, parts: tuple[str, ...], star: int, path: str) -> list[tuple[str, object]]:
    """:func:`_found` for the keys of ``node`` written with dots whose names match ``parts`` past its first
    ``*`` (at ``star``, 1-based), name by name; the rest of ``parts`` is looked for under each."""
    out: list[tuple[str, object]] = []
    for k, v in node.items():
        names = str(k).split(".")
        if len(names) < star or len(names) > len(parts):
            continue
        if all(p == "*" or p == name for p, name in zip(parts, names, strict=False)):
            name = clean(str(k), 80)
            out += _found(v, parts[len(names) :], f"{path}.{name}" if path else name)
    return out
