"""The key footer (tui/app/footer.py): rebuilt when the keys it shows change, left alone when they do not."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from support.app import SIZE, demo_app, settle
from tui.app.detail import DetailScreen
from tui.app.footer import AppFooter


class KeysScreen(Screen[None]):
    """Two buttons (the same keys) and a Send key the screen withdraws once used, as the preview does."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "send", "Send"), Binding("h", "hold", "Hold")]

    def __init__(self) -> None:
        super().__init__()
        self.sent = False
        self.held = False

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield AppFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send" and self.sent:
            return False  # no longer offered
        if action == "hold" and self.held:
            return None  # shown, greyed out
        return True

    def action_send(self) -> None:
        self.sent = True
        self.refresh_bindings()

    def action_hold(self) -> None:
        self.held = True
        self.refresh_bindings()


class KeysApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(KeysScreen())


def shown(screen: Screen[object]) -> dict[str, FooterKey]:
    return {key.description: key for key in screen.query_one(AppFooter).query(FooterKey)}


async def test_the_footer_follows_the_keys_a_screen_offers_and_withdraws() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        keys = shown(screen)
        assert {"Send", "Hold", "palette"} <= set(keys)
        assert not keys["Hold"].has_class("-disabled")
        await pilot.press("h")
        await pilot.pause()
        keys = shown(screen)
        assert keys["Hold"].has_class("-disabled")  # a disabled key is greyed, still shown
        await pilot.press("s")
        await pilot.pause()
        keys = shown(screen)
        assert "Send" not in keys and "Hold" in keys


async def test_moving_the_focus_between_widgets_with_the_same_keys_keeps_the_footer() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.focused is screen.query_one("#one")
        before = shown(screen)
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is screen.query_one("#two")
        after = shown(screen)
        assert after.keys() == before.keys()
        assert all(after[name] is before[name] for name in before)  # the same widgets: not rebuilt


async def test_each_screen_of_the_app_shows_its_own_keys() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert {"Filter", "Verdict", "Rescan"} <= set(shown(dashboard))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        keys = set(shown(app.screen))
        assert {"Back", "Exception"} <= keys and "Filter" not in keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dashboard
        assert {"Filter", "Verdict", "Rescan"} <= set(shown(dashboard))
