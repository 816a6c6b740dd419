"""What every channel gets: the disk, the machine, the catalog and a few shared helpers."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from tui.core.catalog import Catalog, PathSpec, Tool
from tui.core.locations import expand, expand_spec, tokens
from tui.core.machine import Disk, Machine
from tui.core.models import Install
from tui.core.text import clean, clean_version


def norm_dist(name: str) -> str:
    """PEP 503 normalised distribution name (string methods: this runs once per site-packages entry)."""
    name = name.lower().replace("_", "-").replace(".", "-")
    return _RUNS.sub("-", name) if "--" in name else name


_RUNS = re.compile(r"-{2,}")


@dataclass
class Context:
    disk: Disk
    machine: Machine
    catalog: Catalog
    _indexes: dict = field(default_factory=dict)

    def __post_init__(self):
        self.toks = tokens(self.machine)

    # -- locations ---------------------------------------------------------------------------
    def expand(self, item: str | PathSpec) -> str | None:
        if isinstance(item, PathSpec):
            return expand_spec(item, self.machine, self.toks)
        return expand(item, self.machine, self.toks)

    def glob(self, template: str | PathSpec) -> list[str]:
        path = self.expand(template)
        if path is None:
            return []
        if "*" in path:
            return self.disk.glob_dirs(path)
        return [path] if self.disk.is_dir(path) else []

    # -- catalog indexes ---------------------------------------------------------------------
    def index(self, attr: str, lower: bool = False) -> dict[str, list[Tool]]:
        """Catalog signatures of one kind, keyed by name: e.g. index("npm")["@openai/codex"]."""
        cache_key = (attr, lower)
        if not self._indexes:  # shared by every scan with the same catalog (the app rescans often)
            self._indexes = self.catalog.__dict__.setdefault("_signature_indexes", {})
        if cache_key not in self._indexes:
            idx: dict[str, list[Tool]] = defaultdict(list)
            for tool in self.catalog.tools.values():
                for name in getattr(tool, attr):
                    idx[name.lower() if lower else name].append(tool)
            self._indexes[cache_key] = dict(idx)
        return self._indexes[cache_key]

    # -- results -----------------------------------------------------------------------------
    def version(self, raw: object, where: str) -> str | None:
        if raw is None or raw == "":
            return None
        v = clean_version(raw)
        if v is None:
            self.disk.skip(where, f"ignored a version that is not a version: {clean(raw, 60)!r}")
        return v

    def install(self, tool: Tool, channel: str, path: str, version: str | None = None, *, detail: str = "",
                manager: str = "", key: str = "", evidence_only: bool = False) -> Install:
        return Install(tool.id, channel, clean(self.disk.display(path), 1000), version, clean(detail), manager,
                       clean(key), evidence_only)
