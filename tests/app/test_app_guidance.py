"""Guidance viewer: pages, table of contents, links between pages (mouse and keyboard), back."""

from __future__ import annotations

from textual.widgets import Markdown, OptionList
from textual.widgets.markdown import MarkdownTableOfContents

from support.app import SIZE, demo_app, settle


async def open_guide(pilot, page="overview"):
    await settle(pilot)
    pilot.app.action_guidance(page)
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen


async def test_overview_with_contents_and_pages():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert screen.page_id == "overview"
        pages = screen.query_one("#pages", OptionList)
        assert pages.option_count == len(app.session.pack.guidance)
        assert pages.get_option_at_index(0).id == "overview"
        toc = screen.query_one("#toc", MarkdownTableOfContents).table_of_contents
        assert [t[1] for t in toc][:2] == ["AI tools at Example Corp", "How to read a verdict"]
        assert app.onboarding.read_at is not None  # reading the overview ticks onboarding step 1


async def test_clicking_a_link_opens_the_page_and_b_goes_back():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        doc = screen.query_one("#doc", Markdown)
        doc.post_message(Markdown.LinkClicked(doc, "ban-vs-restrict.md"))
        await pilot.pause()
        await pilot.pause()
        assert screen.page_id == "ban-vs-restrict"
        assert "Ban" in screen.sub_title
        await pilot.press("b")
        await pilot.pause()
        assert screen.page_id == "overview"


async def test_links_list_follows_links_from_the_keyboard():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot, "claude-code-gateway")
        links = screen.query_one("#links", OptionList)
        index = next(
            i for i in range(links.option_count) if "GitHub Copilot" in str(links.get_option_at_index(i).prompt)
        )
        links.focus()
        links.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert screen.page_id == "alternative-github-copilot"


async def test_pages_list_and_external_links(monkeypatch):
    app = demo_app()
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_guide(pilot)
        pages = screen.query_one("#pages", OptionList)
        pages.focus()
        pages.highlighted = [pages.get_option_at_index(i).id for i in range(pages.option_count)].index("no-workarounds")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert screen.page_id == "no-workarounds"
        doc = screen.query_one("#doc", Markdown)
        doc.post_message(Markdown.LinkClicked(doc, "https://example.com/x"))
        await pilot.pause()
        assert copied == ["https://example.com/x"] and screen.page_id == "no-workarounds"
        await pilot.press("t")
        assert not screen.query_one("#sidebar").display
