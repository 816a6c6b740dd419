"""Guidance pages: Markdown in the pack, with links between them checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.bounded_read import GUIDE_PAGE_LIMIT, ReadSkipped
from tui.core.pack_files import PackPath, read_pack_file
from tui.errors import Problem

MAX_PAGE_BYTES = GUIDE_PAGE_LIMIT
PAGE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# pages are untrusted text: no pattern below can backtrack across a line or over a run of brackets
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^()\[\]\s]+)\)")
_TITLE = re.compile(r"^#[ \t]+(.+)$", re.M)
_CHECK = re.compile(r"^[ \t]*[-*][ \t]+\[( |x|X)\][ \t]+(.+)$", re.M)


@dataclass(frozen=True)
class GuidePage:
    id: str
    title: str
    text: str
    file: str

    def checklist(self) -> list[str]:
        """The ``- [ ] step`` lines of the page, in order (the app turns them into a checklist)."""
        return [m.group(2).strip() for m in _CHECK.finditer(self.text)]


def page_link_target(href: str) -> str | None:
    """The page id a relative link points to, or None for external links and anchors."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("#"):
        return None
    target = href.split("#", 1)[0]
    if target.startswith("./"):
        target = target[2:]
    return target[:-3] if target.endswith(".md") else target


def load_guidance(folder: PackPath, display_root: str, problems: list[Problem]) -> dict[str, GuidePage]:
    pages: dict[str, GuidePage] = {}
    if not folder.is_dir():
        return pages
    entries: list[PackPath] = list(folder.iterdir())
    for path in sorted(entries, key=lambda p: p.name):
        display = f"{display_root}/{path.name}"
        if path.suffix != ".md":
            continue
        if path.is_symlink() or not path.is_file():
            problems.append(Problem(display, "guidance pages must be regular files"))
            continue
        page_id = path.stem
        if not PAGE_ID.match(page_id):
            problems.append(Problem(display, f"page name {page_id!r} must be lower-case letters, digits, '-' or '_'"))
            continue
        try:
            raw = read_pack_file(path, MAX_PAGE_BYTES, follow=False)
        except ReadSkipped as exc:
            problems.append(Problem(display, f"cannot read: {exc}"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(display, "not valid UTF-8", raw[: exc.start].count(b"\n") + 1))
            continue
        m = _TITLE.search(text)
        pages[page_id] = GuidePage(page_id, m.group(1).strip() if m else page_id, text, display)
    for page in pages.values():
        for lineno, line in enumerate(page.text.splitlines(), start=1):
            for m in _LINK.finditer(line):
                target = page_link_target(m.group(2))
                if target is None:
                    continue
                if "/" in target or "\\" in target or target not in pages:
                    problems.append(
                        Problem(
                            page.file,
                            f"link to '{m.group(2)}' does not name a page of this pack",
                            lineno,
                            m.start(2) + 1,
                        )
                    )
    return pages
