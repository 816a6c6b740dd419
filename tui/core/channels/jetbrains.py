"""JetBrains IDE plugins; identity and version come from ``META-INF/plugin.xml`` inside the plugin's jar."""

from __future__ import annotations

import re

from tui.core.channels.base import Context
from tui.core.locations import JETBRAINS_ROOTS
from tui.core.models import Install

NAME = "jetbrains"
MAX_JARS = 12
_TAG = {tag: re.compile(rf"<{tag}>\s*([^<]{{1,200}}?)\s*</{tag}>") for tag in ("id", "name", "version")}


def _plugin_xml(ctx: Context, plugin_path: str, dirname: str) -> tuple[str | None, str | None, str | None]:
    """(id, version, jar) from the first jar that carries a plugin.xml."""
    if plugin_path.endswith(".jar"):
        jars = [plugin_path]
    else:
        lib = [e for e in ctx.disk.listdir(plugin_path + "/lib") if e.is_file and e.name.endswith(".jar")]
        # likely jars first (IntelliJ does the same): named after the folder, then others, resources last
        lib.sort(key=lambda e: (not e.name.lower().startswith(dirname.lower()), e.name.startswith("resources"), e.name))
        jars = [e.path for e in lib[:MAX_JARS]]
    for jar in jars:
        raw = ctx.disk.read_zip_member(jar, "META-INF/plugin.xml")
        if raw is None:
            continue
        text = raw.decode("utf-8", errors="replace")
        found = {tag: (m.group(1).strip() if (m := rx.search(text)) else None) for tag, rx in _TAG.items()}
        if found["id"] or found["name"]:
            return found["id"] or found["name"], found["version"], jar
    return None, None, None


def scan(ctx: Context) -> list[Install]:
    sigs = [(tool, sig) for tool in ctx.catalog.tools.values() for sig in tool.jetbrains_plugins]
    if not sigs:
        return []
    results: list[Install] = []
    for pattern, sub in JETBRAINS_ROOTS[ctx.machine.platform]:
        for product in ctx.glob(pattern):
            plugins = f"{product}/{sub}" if sub else product
            present = ctx.disk.children(plugins)
            if not present:
                continue
            ide = product.rsplit("/", 1)[-1]
            for tool, sig in sigs:
                for dirname in sig.dirs:
                    entry = present.get(dirname) or present.get(dirname + ".jar")
                    if entry is None:
                        continue
                    plugin_id, raw_version, _jar = _plugin_xml(ctx, entry.path, dirname)
                    if plugin_id is None:
                        ctx.disk.skip(entry.path, "no readable META-INF/plugin.xml: plugin not confirmed")
                        continue
                    if plugin_id != sig.id:
                        continue  # a folder of the same name that belongs to another plugin
                    results.append(ctx.install(tool, NAME, entry.path, ctx.version(raw_version, entry.path),
                                               manager=ide, key=sig.id, detail=f"JetBrains plugin {sig.id} in {ide}"))
                    break
    return results
