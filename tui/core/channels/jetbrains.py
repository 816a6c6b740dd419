"""JetBrains IDE plugins; identity and version come from ``META-INF/plugin.xml`` inside the plugin's jar."""

from __future__ import annotations

import re
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


# character and predefined entity references; any other entity (declared in the file's own DOCTYPE) stays as
# written, and an id that holds one is not taken as another plugin's (see scan)
_REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_TAG_STOP = re.compile(r"[>\"']")  # the end of a tag, or a quoted attribute value (which may hold a ">")
_TAG_NAME = re.compile(r"[^\s/>]+")
# markup that holds no element: (opening, closing); CDATA is text when it is an element's content
_COMMENT, _CDATA, _PI = ("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")


def _reference(m: re.Match[str]) -> str:
    if m.group(3):
        return _PREDEFINED[m.group(3)]
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    return chr(code) if 0 < code <= 0x10FFFF else m.group(0)


def _tag_end(text: str, pos: int) -> int:
    """The ``>`` that ends the tag starting before ``pos`` (quoted attribute values skipped), or -1."""
    while (m := _TAG_STOP.search(text, pos)) is not None:
        if m.group() == ">":
            return m.start()
        close = text.find(m.group(), m.end())
        if close < 0:
            return -1
        pos = close + 1
    return -1


def _skip(text: str, lt: int) -> int | None:
    """Where markup that holds no element and starts at ``lt`` ends (a comment, CDATA, a processing
    instruction, a DOCTYPE with its internal subset): the end of the text when it never ends; None when
    ``lt`` starts a tag."""
    for opening, closing in (_COMMENT, _CDATA, _PI):
        if text.startswith(opening, lt):
            end = text.find(closing, lt + len(opening))
            return end + len(closing) if end >= 0 else len(text)
    if text.startswith("<!", lt):
        gt = text.find(">", lt)
        bracket = text.find("[", lt, gt if gt >= 0 else len(text))
        if bracket >= 0:
            close = text.find("]", bracket)
            gt = text.find(">", close) if close >= 0 else -1
        return gt + 1 if gt >= 0 else len(text)
    return None


def _element_text(text: str, begin: int, tag: str) -> tuple[str | None, int]:
    """The text content of the element ``tag`` whose content starts at ``begin``, read as an XML parser reads
    it (comments and processing instructions dropped, CDATA kept as written, references decoded), and where
    its end tag ends. (None, where its first child starts) when it holds an element."""
    pieces: list[str] = []
    pos = begin
    while (lt := text.find("<", pos)) >= 0:
        pieces.append(_REFERENCE.sub(_reference, text[pos:lt]))
        if text.startswith(_CDATA[0], lt):
            end = text.find(_CDATA[1], lt)
            if end < 0:
                break
            pieces.append(text[lt + len(_CDATA[0]) : end])
            pos = end + len(_CDATA[1])
            continue
        skipped = _skip(text, lt)
        if skipped is not None:  # the end of the text when it never ends: the loop ends there
            pos = skipped
            continue
        if not text.startswith("</", lt):
            return None, lt
        gt = _tag_end(text, lt + 2)
        if gt < 0:
            break
        name = _TAG_NAME.match(text, lt + 2)
        return ("".join(pieces) if name is not None and name.group() == tag else None), gt + 1
    return None, len(text)


def descriptor_fields(text: str, tags: tuple[str, ...] = _TAGS) -> dict[str, str]:
    """The text of the root element's first ``<id>``, ``<name>`` and ``<version>`` children (1 to 200
    characters, trimmed), read as the IDE's XML parser reads them: spacing and attributes in the tags,
    comments, CDATA and character references in the text give the same values, and nothing inside a
    comment, CDATA or a deeper element counts. Linear in the file's size (plain ``find`` and regular
    expressions without backtracking: a plugin.xml is untrusted)."""
    found: dict[str, str] = {}
    depth = 0
    pos = 0
    while len(found) < len(tags) and (lt := text.find("<", pos)) >= 0:
        skipped = _skip(text, lt)
        if skipped is not None:  # the end of the text when it never ends: the loop ends there
            pos = skipped
            continue
        closing = text.startswith("</", lt)
        gt = _tag_end(text, lt + 1)
        if gt < 0:
            break
        if closing:
            depth -= 1
            pos = gt + 1
            continue
        if text[gt - 1] == "/":  # an empty element
            pos = gt + 1
            continue
        name = _TAG_NAME.match(text, lt + 1)
        tag = name.group() if name is not None else ""
        if depth == 1 and tag in tags and tag not in found:
            value, after = _element_text(text, gt + 1, tag)
            if value is not None:  # the element and its end tag read: the depth is as before
                value = value.strip()
                if 0 < len(value) <= MAX_TAG_TEXT:
                    found[tag] = value
                pos = after
                continue
        depth += 1
        pos = gt + 1
    return found


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
        found = descriptor_fields(text)
        if found.get("id") or found.get("name"):
            return found.get("id") or found["name"], found.get("version"), jar
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
                    note = ""
                    if plugin_id != sig.id and "&" in plugin_id:
                        # an entity of the file's own DOCTYPE, not expanded here: no proof of another plugin
                        note = " (its plugin.xml writes the id with an entity aicheck does not expand; counted by its folder)"
                    elif plugin_id != sig.id:
                        # the folder the catalog names, with another id in its plugin.xml: an edited descriptor
                        # (or a repack) runs the same code, and an edited file must not hide the plugin
                        note = f" (its plugin.xml names the id {clean(plugin_id, 100)!r}; counted by its folder)"
                    results.append(
                        ctx.install(
                            tool,
                            NAME,
                            entry.path,
                            ctx.version(raw_version, entry.path),
                            manager=ide,
                            key=sig.id,
                            detail=f"JetBrains plugin {sig.id} in {ide}{note}",
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
