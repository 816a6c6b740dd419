"""JetBrains IDE plugins; identity and version come from ``META-INF/plugin.xml`` inside the plugin's jar."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.catalog import CatalogKey, Tool
from tui.core.channels.base import Context, Target
from tui.core.channels.remedy import Remediation, Step, remove_path, step
from tui.core.models import Install
from tui.core.text import clean
from tui.core.tomldoc import Table

NAME = "jetbrains"
MAX_JARS = 12
_TAGS = ("id", "name", "version")
MAX_TAG_TEXT = 200


def tag_text(text: str, tag: str) -> str | None:
    """The text of the first ``<tag>value</tag>`` whose value has 1-200 characters, found in linear time
    (plain ``find``, no backtracking: a plugin.xml is untrusted)."""
    opening, closing = f"<{tag}>", f"</{tag}>"
    start = 0
    while (i := text.find(opening, start)) >= 0:
        begin = i + len(opening)
        end = text.find("<", begin)
        if end < 0:
            return None
        if text.startswith(closing, end):
            value = text[begin:end].strip()
            if 0 < len(value) <= MAX_TAG_TEXT:
                return value
        start = begin
    return None


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
        found = {tag: tag_text(text, tag) for tag in _TAGS}
        if found["id"] or found["name"]:
            return found["id"] or found["name"], found["version"], jar
    return None, None, None


def scan(ctx: Context) -> list[Install]:
    sigs = [(tool, sig) for tool in ctx.catalog.tools.values() for sig in tool.sig("jetbrains_plugins")]
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
                    results.append(
                        ctx.install(
                            tool,
                            NAME,
                            entry.path,
                            ctx.version(raw_version, entry.path),
                            manager=ide,
                            key=sig.id,
                            detail=f"JetBrains plugin {sig.id} in {ide}",
                        )
                    )
                    break
    return results


# -- where and what --------------------------------------------------------------------------------
LABEL = "JetBrains plugins"

# (pattern of product folders, sub-folder holding plugins)
JETBRAINS_ROOTS = {
    "linux": (("{home}/.local/share/JetBrains/*", ""), ("{home}/.local/share/Google/AndroidStudio*", "")),
    "macos": (
        ("{home}/Library/Application Support/JetBrains/*", "plugins"),
        ("{home}/Library/Application Support/Google/AndroidStudio*", "plugins"),
    ),
    "windows": (("{appdata}/JetBrains/*", "plugins"), ("{appdata}/Google/AndroidStudio*", "plugins")),
}


def locations(platform: str) -> tuple[str, ...]:
    return tuple(f"{pattern}/{sub}" if sub else pattern for pattern, sub in JETBRAINS_ROOTS[platform])


@dataclass(frozen=True)
class JetBrainsSig:
    id: str
    dirs: tuple[str, ...]


def _parse_plugins(t: Table, key: str) -> tuple[JetBrainsSig, ...]:
    jb = []
    for i, item in t.table_list(key):
        sub = t.sub(key, item, i)
        pid = sub.text("id", required=True)
        dirs = sub.str_list("dirs")
        sub.check_unknown({"id", "dirs"})
        if pid:
            jb.append(JetBrainsSig(pid, dirs))
    return tuple(jb)


CATALOG_KEYS = (CatalogKey("jetbrains_plugins", _parse_plugins),)


# -- remediation -----------------------------------------------------------------------------------
def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    ide = clean(i.manager or "the JetBrains IDE")
    steps = [
        Step(
            f"In {ide}: Settings, Plugins, Installed, select {clean(tool_name or i.key)}, Uninstall, then "
            "restart the IDE."
        ),
        step("Or, with the IDE closed, delete the plugin folder.", remove_path(i.path, windows), i.path),
    ]
    return Remediation(i, f"JetBrains plugin {clean(i.key)} in {ide}", tuple(steps))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    ide = clean(i.manager or "the JetBrains IDE")
    return Remediation(
        i,
        f"JetBrains plugin {clean(i.key)} in {ide}",
        (
            Step(
                f"In {ide}: Settings, Plugins, Installed, select {clean(tool.name or i.key)}, Update (to "
                f"{clean(target.version)} or later, any version {clean(target.text)}), then restart the IDE."
            ),
        ),
    )
