"""The tool catalog: which AI tools exist and the signatures that detect them (``catalog.toml``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.core.models import PLATFORMS
from tui.core.pack_files import PackPath
from tui.core.tomldoc import Table, load_toml
from tui.errors import Problem

CATEGORIES = (
    "coding-agent",
    "editor",
    "editor-extension",
    "ide-plugin",
    "chat-app",
    "local-models",
    "terminal",
    "browser-extension",
)
TOOL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
TOKENS = ("home", "user", "ud", "xdg_config", "xdg_data", "appdata", "localappdata", "programfiles")
_TOKEN = re.compile(r"\{([a-z_]+|env:[^}]*)\}")
_ENV_VAR = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")  # {env:VAR}: a folder named by an environment variable


@dataclass(frozen=True)
class PathSpec:
    """A location with ``{token}`` placeholders, optionally limited to some platforms."""

    template: str
    platforms: tuple[str, ...] = PLATFORMS
    # the same file name in every folder above too (direnv loads the nearest .envrc above the folder a shell
    # starts in, and `source_up` the ones above that): a policy's env_files only
    upward: bool = False
    # an environment variable that makes the tool read another file in this one's place (Gemini CLI's
    # GEMINI_CLI_SYSTEM_SETTINGS_PATH): a session that has it never reads this file, so an enforced_by file
    # it moves settles nothing where it may be set (tui.core.conditions); enforced_by only
    moved_by: str = ""
    # files whose presence means the tool takes these settings from another source and ignores this file
    # (Claude Code on macOS: an MDM profile's managed preferences win over managed-settings.json); enforced_by only
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogKey:
    """A key of ``[[tool]]`` that a channel reads its signatures from, and how to read it: each
    channel declares its keys (``CATALOG_KEYS``), so this module knows no channel by name."""

    name: str
    parse: Callable[[Table, str], tuple]


def names(key: str, *, lower: bool = False) -> CatalogKey:
    """A list of strings (package names, command names ...)."""

    def parse(t: Table, k: str) -> tuple[str, ...]:
        values: tuple[str, ...] = t.str_list(k)
        return tuple(x.lower() for x in values) if lower else values

    return CatalogKey(key, parse)


def paths(key: str) -> CatalogKey:
    """A list of locations with ``{token}`` placeholders (:class:`PathSpec`)."""
    return CatalogKey(key, path_specs)


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    vendor: str
    category: str
    homepage: str = ""
    description: str = ""
    osv_packages: tuple[tuple[str, str], ...] = ()
    # catalog key -> the signatures its channel parsed, e.g. {"npm": ("@openai/codex",)}
    signatures: dict[str, tuple] = field(default_factory=dict, hash=False)

    def sig(self, key: str) -> tuple:
        """The signatures under one catalog key (empty when the tool has none)."""
        return self.signatures.get(key, ())


@dataclass
class Catalog:
    tools: dict[str, Tool] = field(default_factory=dict)
    _indexes: dict[tuple[str, bool], dict[str, list[Tool]]] = field(default_factory=dict, repr=False, compare=False)

    def get(self, tool_id: str) -> Tool | None:
        return self.tools.get(tool_id)

    def index(self, key: str, lower: bool = False) -> dict[str, list[Tool]]:
        """Tools by signature name under one catalog key, e.g. index("npm")["@openai/codex"]. Built once per
        catalog and kept: the app rescans often with the same pack."""
        cache_key = (key, lower)
        if cache_key not in self._indexes:
            idx: dict[str, list[Tool]] = {}
            for tool in self.tools.values():
                for name in tool.sig(key):
                    idx.setdefault(name.lower() if lower else name, []).append(tool)
            self._indexes[cache_key] = idx
        return self._indexes[cache_key]


def path_specs(
    t: Table, key: str, extra_tokens: tuple[str, ...] = (), *, upward: bool = False, moved_by: bool = False
) -> tuple[PathSpec, ...]:
    """``extra_tokens``: tokens allowed at the start of a template on top of :data:`TOKENS` (a policy
    condition's project tokens, :data:`tui.core.agents.projects.PROJECT_TOKENS`). ``upward``, ``moved_by``:
    whether an item may say ``upward = true`` or ``moved_by = "NAME"`` (see :class:`PathSpec`)."""
    if key not in t.data:  # most conditions list one or two of their five kinds of files
        return ()
    value = t.get(key, list, default=[])
    specs = []
    for i, item in enumerate(value):
        up, mover = False, ""
        unless: tuple[str, ...] = ()
        if isinstance(item, str):
            template, platforms = item, PLATFORMS
        elif isinstance(item, dict):
            sub = t.sub(key, item, i)
            template = sub.text("path", required=True) or ""
            plats = sub.str_list("platforms") or PLATFORMS
            for p in plats:
                if p not in PLATFORMS:
                    t.problems.append(t.doc.problem((*t.keypath, key), f"unknown platform '{p}' in {key}[{i}]"))
            platforms = tuple(p for p in plats if p in PLATFORMS)
            up = bool(sub.get("upward", bool, default=False)) if upward else False
            if moved_by:
                mover = sub.text("moved_by", default="") or ""
                if mover and not _ENV_VAR.match(mover):
                    sub._bad("moved_by", f"{key}[{i}].moved_by must name an environment variable: {mover!r}")
                    mover = ""
                unless = tuple(spec.template for spec in path_specs(sub, "unless"))
            sub.check_unknown(
                {"path", "platforms", *(("upward",) if upward else ()), *(("moved_by", "unless") if moved_by else ())}
            )
        else:
            t.problems.append(t.doc.problem((*t.keypath, key), f"'{key}[{i}]' must be a string or a table"))
            continue
        bad = [
            tok
            for tok in _TOKEN.findall(template)
            if tok not in TOKENS
            and not (tok.startswith("env:") and _ENV_VAR.match(tok[4:]))
            and not (tok in extra_tokens and template.startswith("{" + tok + "}"))
        ]
        if bad:
            t.problems.append(t.doc.problem((*t.keypath, key), f"unknown path token '{{{bad[0]}}}' in {key}[{i}]"))
            continue
        if not template.startswith("{") and not template.startswith("/"):
            t.problems.append(
                t.doc.problem((*t.keypath, key), f"{key}[{i}] must start with a {{token}} or '/': {template!r}")
            )
            continue
        if ".." in template.replace("\\", "/").split("/"):
            t.problems.append(t.doc.problem((*t.keypath, key), f"{key}[{i}] must not contain '..'"))
            continue
        specs.append(PathSpec(template, platforms, up, mover, unless))
    return tuple(specs)


def _tool(t: Table, keys: tuple[CatalogKey, ...]) -> Tool | None:
    """One ``[[tool]]`` entry; ``keys``: every channel's catalog keys
    (:func:`tui.core.channels.registry.catalog_keys`)."""
    tid = t.text("id", required=True)
    name = t.text("name", required=True)
    vendor = t.text("vendor", required=True)
    category = t.text("category", required=True)
    if tid is not None and not TOOL_ID.match(tid):
        t._bad("id", f"tool id {tid!r} must be lower-case letters, digits and '-'")
        tid = None
    if category is not None and category not in CATEGORIES:
        t._bad("category", f"unknown category {category!r} (one of: {', '.join(CATEGORIES)})")
    data = t.data  # a key the entry does not hold has nothing to parse (thousands of tools, twenty keys)
    signatures = {key.name: key.parse(t, key.name) for key in keys if key.name in data}
    osv = []
    for i, item in t.table_list("osv_packages"):
        sub = t.sub("osv_packages", item, i)
        eco, pkg = sub.text("ecosystem", required=True), sub.text("name", required=True)
        sub.check_unknown({"ecosystem", "name"})
        if eco and pkg:
            osv.append((eco, pkg))
    homepage = t.text("homepage", default="") or ""
    description = t.text("description", default="") or ""
    t.check_unknown()
    if not (tid and name and vendor and category):
        return None
    return Tool(
        id=tid,
        name=name,
        vendor=vendor,
        category=category,
        homepage=homepage,
        description=description,
        osv_packages=tuple(osv),
        signatures={k: v for k, v in signatures.items() if v},
    )


SCHEMA = 1  # the format of catalog.toml and policy.toml this aicheck reads


def check_schema(top: Table) -> None:
    """A file's ``schema``, when it states one, must be :data:`SCHEMA`: another is a format this aicheck does not
    know, whose keys it would misread or pass over (never a clean bill from a pack it cannot read)."""
    schema = top.get("schema", int)
    if schema is not None and schema != SCHEMA:
        top._bad(
            "schema",
            f"schema {schema} is not one this aicheck reads (it reads schema = {SCHEMA}; a pack of a newer schema "
            "needs a newer aicheck)",
        )


def load_catalog(path: PackPath, display: str, problems: list[Problem], keys: tuple[CatalogKey, ...]) -> Catalog:
    """The catalog at ``path``; ``keys``: every channel's catalog keys, in registry order (the channels declare
    them: :func:`tui.core.channels.registry.catalog_keys`)."""
    doc, data = load_toml(path, display, problems)
    catalog = Catalog()
    if doc is None or data is None:
        return catalog
    top = Table(doc, (), data, problems)
    check_schema(top)
    entries = top.table_list("tool")
    top.check_unknown({"schema", "tool"})
    for i, item in entries:
        t = top.sub("tool", item, i)
        tool = _tool(t, keys)
        if tool is None:
            continue
        if tool.id in catalog.tools:
            problems.append(doc.problem(("tool", i, "id"), f"duplicate tool id '{tool.id}'"))
            continue
        catalog.tools[tool.id] = tool
    return catalog
