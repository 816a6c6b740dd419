"""The channel contract: every registered channel is a complete plugin. Each one is run alone on a
synthetic machine of every platform, and what it finds goes through to its remediation text and the
scan report's JSON Schema. A new channel adds its module, its line in the registry and a planter below."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from tui.core import channels
from tui.core.catalog import CatalogKey
from tui.core.channels import registry
from tui.core.channels.base import Channel, Target
from tui.core.channels.remedy import Remediation
from tui.core.locations import expand
from tui.core.models import PLATFORMS
from tui.core.remediation import remediation, update
from tui.core.scanner import detect, scan
from tui.demo.synthetic import SyntheticMachine
from tui.report.json_report import report_json

SCHEMAS = Path(__file__).resolve().parents[2] / "tui" / "schemas"


def _windows_exe(m: SyntheticMachine) -> None:
    m.executable("claude.exe", folder=f"{m.localappdata}/Programs/claude-bin", content="MZ")


# what each channel leaves on a machine, written the way its installer does (per platform)
PLANTERS: dict[str, Callable[[SyntheticMachine], None]] = {
    "path": lambda m: _windows_exe(m) if m.platform == "windows" else m.executable("claude"),
    "npm": lambda m: m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude"),
    "python": lambda m: m.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider"),
    "brew": lambda m: (m.brew_formula("ollama", "0.12.6"), m.brew_cask("claude-code", "2.1.150")),
    "native": lambda m: m.native(m.h(".local/share/claude/versions"), "2.1.150"),
    "vscode": lambda m: m.vscode_extension("saoudrizwan.claude-dev", "3.30.0"),
    "jetbrains": lambda m: m.jetbrains_plugin("com.github.copilot", "1.5.59-243", "github-copilot-intellij"),
    "vim": lambda m: m.vim_plugin("copilot.vim", manager="plug"),
    "apps": lambda m: m.mac_app("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.38"),
    "appimage": lambda m: m.appimage("Cursor-1.7.52-x86_64.AppImage"),
    "windows": lambda m: m.windows_program(f"{m.localappdata}/Programs/cursor", "1.7.2"),
    "browser": lambda m: m.chromium_extension(
        "fcoeoabgfenejglbffodgkkbkcdhcgfn", "1.0.81", name="Claude", host_permissions=("<all_urls>",)
    ),
    "config": lambda m: (m.config(m.h(".cursor")), m.env.__setitem__("ANTHROPIC_API_KEY", "x")),
}


def test_the_registry_lists_modules_that_are_channels():
    reg = registry.registry()
    assert tuple(reg) == channels.NAMES
    for name, ch in reg.items():
        assert isinstance(ch, Channel), f"{name} lacks a member of the Channel protocol"
        assert name == ch.NAME and ch.LABEL
        for member in ("locations", "scan", "remove", "update"):
            assert callable(getattr(ch, member)), f"{name}.{member}"
        assert all(isinstance(k, CatalogKey) for k in ch.CATALOG_KEYS)


def test_every_channel_has_a_planter_here():
    assert set(PLANTERS) == set(channels.NAMES), "add a planter for the new channel to PLANTERS"


def test_catalog_keys_are_unique_and_in_the_catalog_schema():
    keys = [k.name for k in registry.catalog_keys()]
    assert len(keys) == len(set(keys))
    tool_schema = json.loads((SCHEMAS / "catalog.schema.json").read_text())["$defs"]["tool"]["properties"]
    assert set(keys) <= set(tool_schema), "describe the channel's catalog key in catalog.schema.json"
    own = {"id", "name", "vendor", "category", "homepage", "description", "osv_packages"}
    assert set(tool_schema) - own == set(keys), "a catalog.schema.json key that no channel reads"


def test_signature_indexes_are_cached_by_the_catalog_across_scans(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250")
    _found, ctx1, _ = detect(m.machine(), pack)
    _found, ctx2, _ = detect(m.machine(), pack)
    assert ctx1.index("npm") is ctx2.index("npm") is pack.catalog.index("npm")
    assert "@anthropic-ai/claude-code" in pack.catalog.index("npm")


def test_the_report_schema_names_exactly_the_registered_channels():
    report = json.loads((SCHEMAS / "scan-report.schema.json").read_text())
    enums = [e for e in _enums(report) if "npm" in e]
    assert enums and all(tuple(e) == channels.NAMES for e in enums), "list the new channel in scan-report.schema.json"


def _enums(node):
    if isinstance(node, dict):
        if "enum" in node:
            yield node["enum"]
        for v in node.values():
            yield from _enums(v)
    elif isinstance(node, list):
        for v in node:
            yield from _enums(v)


def test_models_and_app_progress_derive_from_the_registry():
    from tui.app.progress import CHANNELS as progress
    from tui.core.models import CHANNELS

    assert CHANNELS == progress == channels.NAMES
    assert list(registry.labels()) == list(channels.NAMES)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("name", channels.NAMES)
def test_channel_locations_expand_on_every_platform(name, platform, machine_factory):
    m = machine_factory(platform).machine()
    for template in registry.channel(name).locations(platform):
        path = expand(template, m)
        assert path is not None and path.startswith("/") and ".." not in path.split("/"), template


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("name", channels.NAMES)
def test_channel_scans_remediates_and_reports(name, platform, machine_factory, pack):
    m = machine_factory(platform)
    PLANTERS[name](m)
    machine = m.machine()
    found, _ctx, errors = detect(machine, pack, channels=(name,))
    assert not errors
    assert all(i.channel == name for i in found)
    for inst in found:
        tool = pack.catalog.tools[inst.tool_id]
        rem = remediation(inst, platform=platform, tool_name=tool.name)
        _check(rem)
        upd = update(inst, tool, Target("9.9.9", ">=9.9.9"), platform=platform)
        if upd is not None:
            _check(upd)
    report = scan(machine, pack)
    jsonschema.validate(report_json(report), json.loads((SCHEMAS / "scan-report.schema.json").read_text()))


@pytest.mark.parametrize("name", channels.NAMES)
def test_channel_finds_its_installs_on_some_platform(name, tmp_path, pack):
    hits = 0
    for platform in PLATFORMS:
        m = SyntheticMachine(tmp_path / platform, platform)
        PLANTERS[name](m)
        hits += len(detect(m.machine(), pack, channels=(name,))[0])
    assert hits, f"the {name} planter leaves nothing the {name} channel finds"


def _check(rem: Remediation) -> None:
    assert rem.summary and rem.steps
    for step in rem.steps:
        assert step.text and step.text.isprintable()
        assert step.command is None or step.command.isprintable()
