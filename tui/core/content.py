"""A content pack: catalog + policy + advisories + guidance, loaded and cross-checked as one unit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.advisories import Advisory, load_advisory
from tui.core.catalog import Catalog, load_catalog
from tui.core.guidance import GuidePage, load_guidance
from tui.core.policy import Policy, load_policy
from tui.core.tomldoc import Table, load_toml
from tui.errors import ContentError, Problem

MAX_ADVISORY_FILES = 5000


@dataclass
class Pack:
    root: Path
    id: str
    version: str
    catalog: Catalog
    policy: Policy
    advisories: list[Advisory] = field(default_factory=list)
    guidance: dict[str, GuidePage] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """The policy's fingerprint (what an acknowledgement or an exception request refers to)."""
        return self.policy.sha256


def _display(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_pack(root: Path) -> tuple[Pack, list[Problem]]:
    """Load everything that can be loaded and return it with every problem found."""
    problems: list[Problem] = []
    root = Path(root)
    if not root.is_dir():
        problems.append(Problem(str(root), "content pack folder not found"))
        return Pack(root, "", "", Catalog(), Policy()), problems
    disp = lambda p: _display(root, p)  # noqa: E731

    pack_id, pack_version = root.name, ""
    meta_path = root / "pack.toml"
    if meta_path.exists():
        doc, data = load_toml(meta_path, disp(meta_path), problems)
        if doc is not None and data is not None:
            t = Table(doc, (), data, problems)
            pack_id = t.text("id", required=True) or pack_id
            pack_version = t.text("version", required=True) or ""
            t.text("description")
            t.check_unknown()

    catalog = load_catalog(root / "catalog.toml", disp(root / "catalog.toml"), problems)
    policy = load_policy(root / "policy.toml", disp(root / "policy.toml"), problems, catalog)

    advisories: list[Advisory] = []
    adv_dir = root / "advisories"
    if adv_dir.is_dir():
        files = sorted(p for p in adv_dir.iterdir() if p.suffix == ".json")
        if len(files) > MAX_ADVISORY_FILES:
            problems.append(Problem(disp(adv_dir), f"too many advisory files ({len(files)})"))
            files = files[:MAX_ADVISORY_FILES]
        seen: dict[str, str] = {}
        for path in files:
            if path.is_symlink() or not path.is_file():
                problems.append(Problem(disp(path), "advisories must be regular files"))
                continue
            adv = load_advisory(path, disp(path), problems)
            if adv is None:
                continue
            if adv.id in seen:
                problems.append(Problem(disp(path), f"duplicate advisory id '{adv.id}' (also in {seen[adv.id]})", 1, 1))
                continue
            seen[adv.id] = disp(path)
            advisories.append(adv)

    guidance = load_guidance(root / "guidance", disp(root / "guidance"), problems)
    for rule in policy.rules.values():
        if rule.guide and rule.guide not in guidance:
            problems.append(
                Problem(
                    disp(root / "policy.toml"),
                    f"tools.{rule.tool_id}.guide names page '{rule.guide}' which does not exist",
                )
            )
    return Pack(root, pack_id, pack_version, catalog, policy, advisories, guidance), problems


def load_pack(root: Path) -> Pack:
    """Load a pack, or raise :class:`ContentError` listing every problem in it."""
    pack, problems = read_pack(root)
    if problems:
        raise ContentError(problems)
    return pack


def pack_digest(root: Path) -> str:
    """A digest over every file of the pack (used to tell one pack build from another)."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
