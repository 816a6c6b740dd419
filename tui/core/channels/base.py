"""What a channel is (:class:`Channel`) and what every channel gets (:class:`Context`: the disk, the
machine, the catalog and a few shared helpers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tui.core.catalog import Catalog, CatalogKey, PathSpec, Tool
from tui.core.locations import expand, expand_all, expand_spec, token_sets
from tui.core.machine import Disk, Machine
from tui.core.models import Install
from tui.core.text import clean, clean_version

if TYPE_CHECKING:
    from tui.core.channels.remedy import Remediation


@dataclass(frozen=True)
class Target:
    """Where an update must land: ``version`` is the lowest acceptable one (the fixed version, the
    bottom of the allowed range), ``text`` says it for people (e.g. ">=2.1.198")."""

    version: str
    text: str


@runtime_checkable
class Channel(Protocol):
    """One way of installing software, as a module: ``tui/core/channels/<NAME>.py``."""

    NAME: str  # the channel's id in installs, reports and the schema
    LABEL: str  # what the app's progress and the docs call it
    CATALOG_KEYS: tuple[CatalogKey, ...]  # the [[tool]] keys holding this channel's signatures

    def locations(self, platform: str) -> tuple[str, ...]:
        """The folder templates ({tokens}, ``*``) this channel may read on a platform, besides the
        catalog's own paths and the search path."""
        ...

    def scan(self, ctx: Context) -> list[Install]: ...

    def remove(self, install: Install, windows: bool, tool_name: str) -> Remediation:
        """How to remove one install (commands only where a manager owns it)."""
        ...

    def update(self, install: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
        """How to update one install to ``target`` or later, or None when nothing can do that here."""
        ...


@dataclass
class Context:
    disk: Disk
    machine: Machine
    catalog: Catalog

    def __post_init__(self) -> None:
        self.token_sets = token_sets(self.machine)  # the default folders, then those the environment moved
        self.toks = self.token_sets[-1]
        # manifests already parsed in this scan, by path: a package.json found by the npm channel is
        # not read again when a command on the search path leads to it
        self.parsed: dict[str, object] = {}

    # -- locations ---------------------------------------------------------------------------
    def expand(self, item: str | PathSpec) -> str | None:
        if isinstance(item, PathSpec):
            return expand_spec(item, self.machine, self.toks)
        return expand(item, self.machine, self.toks)

    def expand_all(self, item: str | PathSpec) -> list[str]:
        """Every place the template stands for: the default folders and those an environment variable moved."""
        return expand_all(item, self.machine, self.token_sets)

    def glob(self, template: str | PathSpec) -> list[str]:
        out: list[str] = []
        for path in self.expand_all(template):
            if "*" in path:
                out += self.disk.glob_dirs(path)
            elif self.disk.is_dir(path):
                out.append(path)
        return out

    # -- catalog indexes ---------------------------------------------------------------------
    def index(self, key: str, lower: bool = False) -> dict[str, list[Tool]]:
        """Catalog signatures under one key, by name: e.g. index("npm")["@openai/codex"] (cached by the catalog)."""
        return self.catalog.index(key, lower)

    # -- results -----------------------------------------------------------------------------
    def version(self, raw: object, where: str) -> str | None:
        if raw is None or raw == "":
            return None
        v = clean_version(raw)
        if v is None:
            self.disk.skip(where, f"ignored a version that is not a version: {clean(raw, 60)!r}")
        return v

    def install(
        self,
        tool: Tool,
        channel: str,
        path: str,
        version: str | None = None,
        *,
        detail: str = "",
        manager: str = "",
        key: str = "",
        evidence_only: bool = False,
        version_conflict: str = "",
        runs: tuple[str, ...] = (),
    ) -> Install:
        return Install(
            tool.id,
            channel,
            clean(self.disk.display(path), 1000),
            version,
            clean(detail),
            manager,
            clean(key),
            evidence_only,
            version_conflict=clean(version_conflict),
            runs=tuple(self.disk.display(p) for p in runs),
        )
