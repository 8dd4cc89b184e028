"""Acting on the Adaptive Cards the Playground renders, the way a person does: find an input by its
label, type or pick, press a button, wait for the bot's answer. Everything is scoped to the LAST card,
because older cards stay in the chat (answered ones are replaced by receipts).

How the Playground (Fluent UI) renders a card's inputs:
- Input.Text and Input.Number: a textbox or spinbutton named by its label (`aria-labelledby`);
- Input.ChoiceSet "expanded": a radiogroup named by its label, one radio per choice;
- Input.ChoiceSet "compact" and "filtered": a combobox whose list is portaled to the end of the page
  (found through the combobox's `aria-controls`); "filtered" narrows the list as you type, and a
  multi-select one lists `menuitemcheckbox` items and stays open until Escape;
- Input.Toggle: a checkbox named by its title.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import SCREENSHOTS

CARD = ".ac-preview-panel"
BOT_TIMEOUT = 60_000
"""How long a bot turn may take (ms): generous, for a loaded 2-core machine."""
CHROME_HEIGHT = 160
"""The Playground's title bar and message box around the chat (px), for `snap`."""
MAX_HEIGHT = 3000


def cards(page: Page) -> Locator:
    """Every Adaptive Card in the chat, oldest first."""
    return page.locator(CARD)


def last_card(page: Page) -> Locator:
    return cards(page).last


def heading(page: Page) -> Locator:
    """The last card's first heading (a TextBlock with style 'heading')."""
    return last_card(page).get_by_role("heading").first


def field(page: Page, label: str, nth: int = 0) -> Locator:
    """The `nth` input of the last card labelled `label` (a required input's label ends with ' *')."""
    return last_card(page).get_by_label(re.compile(rf"^\s*{re.escape(label)}(\s*\*)?\s*$")).nth(nth)


async def fill(page: Page, label: str, value: str | int, *, nth: int = 0) -> None:
    """Types `value` into a text or number input of the last card."""
    box = field(page, label, nth)
    await box.fill(str(value))
    await expect(box).to_have_value(str(value))


async def pick(page: Page, label: str, option: str | None = None) -> str:
    """Checks the radio `option` (the first one when None) of an expanded ChoiceSet; returns its title."""
    group = field(page, label)
    radio = group.get_by_role("radio").first if option is None else group.get_by_role(
        "radio", name=option, exact=True)
    await radio.check()
    await expect(radio).to_be_checked()
    return await radio.evaluate("e => (e.labels && e.labels[0] ? e.labels[0].innerText : '').trim()")


async def choose(page: Page, label: str, *options: str, search: bool = True) -> None:
    """Picks `options` in a compact or filtered ChoiceSet of the last card. With `search`, types each
    option into the box first (a filtered list narrows to it); a multi-select list is then closed."""
    box = field(page, label)
    await box.click()
    await expect(box).to_have_attribute("aria-expanded", "true")
    listbox = page.locator(f'[id="{await box.get_attribute("aria-controls")}"]')
    for option in options:
        if search:
            await box.fill("")
            await box.press_sequentially(option, delay=20)
        item = listbox.get_by_role("option", name=option).or_(
            listbox.get_by_role("menuitemcheckbox", name=option))
        await item.first.click()
    if await box.get_attribute("aria-expanded") == "true":
        await box.press("Escape")
    await box.blur()  # a filtered box shows the choices, rather than what was typed, once left
    for option in options:
        await expect(box).to_have_value(re.compile(re.escape(option)))


def button(page: Page, title: str) -> Locator:
    return last_card(page).get_by_role("button", name=title, exact=True)


async def press(page: Page, title: str, *, then: str | re.Pattern[str] | None = None,
                wait_ms: float = BOT_TIMEOUT) -> Locator:
    """Presses `title` on the last card and waits for the bot's next card (whose heading is `then`,
    when given: a string is the whole heading). Returns the new last card."""
    before = await cards(page).count()
    await button(page, title).click()
    await wait_for_new_card(page, before, then=then, wait_ms=wait_ms)
    return last_card(page)


async def wait_for_new_card(page: Page, before: int, *, then: str | re.Pattern[str] | None = None,
                            wait_ms: float = BOT_TIMEOUT) -> Locator:
    """Waits until the chat holds more than `before` cards and, with `then`, the last one's heading."""
    await expect(cards(page).nth(before)).to_be_attached(timeout=wait_ms)
    if then is not None:
        await expect(heading(page)).to_have_text(then, timeout=wait_ms)
    await expect(last_card(page)).to_be_visible(timeout=wait_ms)
    return last_card(page)


async def snap(page: Page, name: str) -> Path:
    """A screenshot of the chat with the whole last card in view, saved as docs/screenshots/<name>.png.
    The viewport grows for a long card, then shrinks back; the focused input is left first, so that
    no half-drawn focus underline shows."""
    card = last_card(page)
    await page.evaluate("() => document.activeElement && document.activeElement.blur()")
    viewport = page.viewport_size or {"width": 1280, "height": 900}
    box = await card.bounding_box()
    needed = int(box["height"]) + CHROME_HEIGHT if box else 0
    if needed > viewport["height"]:
        await page.set_viewport_size({"width": viewport["width"], "height": min(needed, MAX_HEIGHT)})
    await card.evaluate("e => e.scrollIntoView({block: 'end'})")
    await expect(card).to_be_in_viewport()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    try:
        await page.screenshot(path=str(path), animations="disabled")
    finally:
        if page.viewport_size != viewport:
            await page.set_viewport_size(viewport)
    return path
