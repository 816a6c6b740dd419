"""Guidance: the content pack's Markdown pages, with the list of pages, a table of contents of the open
page, and working links between pages (mouse: click; keyboard: the "Links" list). External links are
never opened: they are copied to the clipboard."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, OptionList
from textual.widgets.markdown import MarkdownTableOfContents
from textual.widgets.option_list import Option

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import lit
from tui.core.text import clean

if TYPE_CHECKING:
    from tui.core.guidance import GuidePage

_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def page_target(href: str) -> str | None:
    from tui.core.guidance import page_link_target

    return page_link_target(href)


class GuidanceScreen(Screen[None]):
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="close"),
        Binding("b,backspace", "previous", "Previous page", key_display="b", id="previous"),
        Binding("t", "toggle_sidebar", "Sidebar", id="toggle-sidebar"),
    ]

    def __init__(self, page_id: str) -> None:
        super().__init__()
        self.page_id = page_id
        self.history: list[str] = []
        self.link_hrefs: dict[str, str] = {}

    @property
    def pages(self) -> dict[str, GuidePage]:
        session = self.app.session  # the screen opens only once the policy is loaded
        return session.pack.guidance if session is not None else {}

    def compose(self) -> ComposeResult:
        yield AppHeader(icon="◆")
        with Horizontal():
            with Vertical(id="sidebar"):
                ordered = sorted(self.pages.values(), key=lambda p: (p.id != "overview", p.id))
                yield Panel(
                    OptionList(*[Option(lit(p.title, 80), id=p.id) for p in ordered], id="pages"),
                    title="Pages",
                    id="pages-panel",
                )
                yield Panel(MarkdownTableOfContents(Markdown(), id="toc"), title="Contents", id="toc-panel")
                yield Panel(OptionList(id="links"), title="Links on this page", id="links-panel")
            with VerticalScroll(id="page"):  # titled with the page's title (show)
                yield Markdown(id="doc", open_links=False)
        yield AppFooter()

    async def on_mount(self) -> None:
        self.query_one("#toc", MarkdownTableOfContents).markdown = self.query_one("#doc", Markdown)
        await self.show(self.page_id, remember=False)
        self.query_one("#doc", Markdown).focus()

    async def show(self, page_id: str, *, anchor: str = "", remember: bool = True) -> None:
        page = self.pages.get(page_id)
        if page is None:
            self.notify(f"No guidance page named {clean(page_id)!r} in this pack.", severity="warning", markup=False)
            return
        if remember and page_id != self.page_id:
            self.history.append(self.page_id)
        self.page_id = page_id
        doc = self.query_one("#doc", Markdown)
        await doc.update(page.text)
        self.query_one("#page", VerticalScroll).scroll_home(animate=False)
        if anchor:
            doc.goto_anchor(anchor)
        pages = self.query_one("#pages", OptionList)
        try:
            pages.highlighted = pages.get_option_index(page_id)
        except Exception:  # the option list may not be ready yet
            pass
        links = self.query_one("#links", OptionList)
        links.clear_options()
        self.link_hrefs = {}
        seen = set()
        for n, m in enumerate(_LINK.finditer(page.text)):
            label, href = m.group(1), m.group(2)
            if href in seen:
                continue
            seen.add(href)
            target = page_target(href)
            shown = f"{label} → {self.pages[target].title}" if target in self.pages else f"{label} ({href})"
            links.add_option(Option(lit(shown, 120), id=f"link-{n}"))
            self.link_hrefs[f"link-{n}"] = href
        self.sub_title = page.title
        self.query_one("#page", VerticalScroll).border_title = lit(page.title, 80)
        if page_id == "overview":
            self.app.mark_policy_read()

    async def follow(self, href: str) -> None:
        target = page_target(href)
        if target is None:
            if href.startswith("#"):
                self.query_one("#doc", Markdown).goto_anchor(href[1:])
                return
            self.app.copy_to_clipboard(href)
            self.notify(f"External link copied to the clipboard: {clean(href)}", title="Link", timeout=6, markup=False)
            return
        anchor = href.split("#", 1)[1] if "#" in href else ""
        await self.show(target, anchor=anchor)

    async def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        await self.follow(event.href)

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        event.stop()
        self.query_one("#toc", MarkdownTableOfContents).table_of_contents = event.table_of_contents

    def on_markdown_table_of_contents_selected(self, event: Markdown.TableOfContentsSelected) -> None:
        event.stop()
        block = self.query_one("#doc", Markdown).query_one(f"#{event.block_id}")
        self.query_one("#page", VerticalScroll).scroll_to_widget(block, top=True)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "pages" and event.option.id:
            await self.show(event.option.id)
        elif event.option_list.id == "links" and event.option.id:
            await self.follow(self.link_hrefs[event.option.id])

    async def action_previous(self) -> None:
        if not self.history:
            self.notify("This is the first page you opened.", timeout=2)
            return
        await self.show(self.history.pop(), remember=False)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
