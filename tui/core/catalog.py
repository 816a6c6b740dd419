"""The tool catalog: which AI tools exist and the signatures that detect them (``catalog.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.models import PLATFORMS
from tui.core.tomldoc import Table, load_toml
from tui.errors import Problem

CATEGORIES = ("coding-agent", "editor", "editor-extension", "ide-plugin", "chat-app", "local-models", "terminal")
TOOL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
TOKENS = ("home", "ud", "xdg_config", "xdg_data", "appdata", "localappdata", "programfiles")
_TOKEN = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class PathSpec:
    """A location with ``{token}`` placeholders, optionally limited to some platforms."""

    template: str
    platforms: tuple[str, ...] = PLATFORMS


@dataclass(frozen=True)
class JetBrainsSig:
    id: str
    dirs: tuple[str, ...]


@dataclass(frozen=True)
class MacAppSig:
    bundle_id: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    vendor: str
    category: str
    homepage: str = ""
    description: str = ""
    osv_packages: tuple[tuple[str, str], ...] = ()
    executables: tuple[str, ...] = ()
    generic_executables: tuple[str, ...] = ()
    npm: tuple[str, ...] = ()
    pypi: tuple[str, ...] = ()
    brew_formulae: tuple[str, ...] = ()
    brew_casks: tuple[str, ...] = ()
    native_versions: tuple[PathSpec, ...] = ()
    vscode_extensions: tuple[str, ...] = ()
    jetbrains_plugins: tuple[JetBrainsSig, ...] = ()
    vim_plugins: tuple[str, ...] = ()
    mac_apps: tuple[MacAppSig, ...] = ()
    windows_programs: tuple[PathSpec, ...] = ()
    config: tuple[PathSpec, ...] = ()
    env_vars: tuple[str, ...] = ()


@dataclass
class Catalog:
    tools: dict[str, Tool] = field(default_factory=dict)

    def get(self, tool_id: str) -> Tool | None:
        return self.tools.get(tool_id)


_STR_LISTS = ("executables", "generic_executables", "npm", "pypi", "brew_formulae", "brew_casks",
              "vscode_extensions", "vim_plugins", "env_vars")
_PATH_LISTS = ("native_versions", "windows_programs", "config")


def _path_specs(t: Table, key: str) -> tuple[PathSpec, ...]:
    value = t.get(key, list, default=[])
    specs = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            template, platforms = item, PLATFORMS
        elif isinstance(item, dict):
            sub = t.sub(key, item, i)
            template = sub.str("path", required=True) or ""
            plats = sub.str_list("platforms") or PLATFORMS
            for p in plats:
                if p not in PLATFORMS:
                    t.problems.append(t.doc.problem(t.keypath + (key,), f"unknown platform '{p}' in {key}[{i}]"))
            platforms = tuple(p for p in plats if p in PLATFORMS)
            sub.check_unknown({"path", "platforms"})
        else:
            t.problems.append(t.doc.problem(t.keypath + (key,), f"'{key}[{i}]' must be a string or a table"))
            continue
        bad = [tok for tok in _TOKEN.findall(template) if tok not in TOKENS]
        if bad:
            t.problems.append(t.doc.problem(t.keypath + (key,), f"unknown path token '{{{bad[0]}}}' in {key}[{i}]"))
            continue
        if not template.startswith("{") and not template.startswith("/"):
            t.problems.append(t.doc.problem(t.keypath + (key,),
                                            f"{key}[{i}] must start with a {{token}} or '/': {template!r}"))
            continue
        if ".." in template.replace("\\", "/").split("/"):
            t.problems.append(t.doc.problem(t.keypath + (key,), f"{key}[{i}] must not contain '..'"))
            continue
        specs.append(PathSpec(template, platforms))
    return tuple(specs)


def _tool(t: Table) -> Tool | None:
    tid = t.str("id", required=True)
    name = t.str("name", required=True)
    vendor = t.str("vendor", required=True)
    category = t.str("category", required=True)
    if tid is not None and not TOOL_ID.match(tid):
        t._bad("id", f"tool id {tid!r} must be lower-case letters, digits and '-'")
        tid = None
    if category is not None and category not in CATEGORIES:
        t._bad("category", f"unknown category {category!r} (one of: {', '.join(CATEGORIES)})")
    kwargs: dict = {k: t.str_list(k) for k in _STR_LISTS}
    kwargs.update({k: _path_specs(t, k) for k in _PATH_LISTS})
    kwargs["vscode_extensions"] = tuple(x.lower() for x in kwargs["vscode_extensions"])
    osv = []
    for i, item in t.table_list("osv_packages"):
        sub = t.sub("osv_packages", item, i)
        eco, pkg = sub.str("ecosystem", required=True), sub.str("name", required=True)
        sub.check_unknown({"ecosystem", "name"})
        if eco and pkg:
            osv.append((eco, pkg))
    jb = []
    for i, item in t.table_list("jetbrains_plugins"):
        sub = t.sub("jetbrains_plugins", item, i)
        pid = sub.str("id", required=True)
        dirs = sub.str_list("dirs")
        sub.check_unknown({"id", "dirs"})
        if pid:
            jb.append(JetBrainsSig(pid, dirs))
    apps = []
    for i, item in t.table_list("mac_apps"):
        sub = t.sub("mac_apps", item, i)
        bid = sub.str("bundle_id", required=True)
        names = sub.str_list("names")
        sub.check_unknown({"bundle_id", "names"})
        if bid:
            apps.append(MacAppSig(bid.lower(), names))
    homepage = t.str("homepage", default="") or ""
    description = t.str("description", default="") or ""
    t.check_unknown()
    if not (tid and name and vendor and category):
        return None
    return Tool(id=tid, name=name, vendor=vendor, category=category, homepage=homepage, description=description,
                osv_packages=tuple(osv), jetbrains_plugins=tuple(jb), mac_apps=tuple(apps), **kwargs)


def load_catalog(path: Path, display: str, problems: list[Problem]) -> Catalog:
    doc, data = load_toml(path, display, problems)
    catalog = Catalog()
    if doc is None:
        return catalog
    top = Table(doc, (), data, problems)
    top.get("schema", int)
    entries = top.table_list("tool")
    top.check_unknown({"schema", "tool"})
    for i, item in entries:
        t = top.sub("tool", item, i)
        tool = _tool(t)
        if tool is None:
            continue
        if tool.id in catalog.tools:
            problems.append(doc.problem(("tool", i, "id"), f"duplicate tool id '{tool.id}'"))
            continue
        catalog.tools[tool.id] = tool
    return catalog
