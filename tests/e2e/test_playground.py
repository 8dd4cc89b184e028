"""The bot in a Teams client: the Microsoft 365 Agents Playground rendering its Adaptive Cards."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import say, screenshot

pytestmark = pytest.mark.e2e


async def test_the_welcome_card_renders_and_the_menu_answers(page: Page) -> None:
    welcome = page.get_by_text("Welcome to Operator Connect ordering")
    await expect(welcome).to_have_count(1, timeout=30_000)
    await expect(page.get_by_role("button", name="Start an order").first).to_be_visible()

    await say(page, "hello")
    await expect(page.get_by_text("What would you like to do?")).to_be_visible(timeout=15_000)
    await page.get_by_role("button", name="Help").last.click()
    await expect(page.get_by_text("How ordering works")).to_be_visible(timeout=15_000)
    await expect(page.get_by_text("something went wrong")).to_have_count(0)
    await screenshot(page, "welcome")
