"""The bot and the Microsoft 365 Agents Playground as real processes, driven in Debian's Chromium."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.servers import ROOT, bot_server, playground

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture
def bot_url(tmp_path: Path) -> Iterator[str]:
    with bot_server(tmp_path / "bot") as url:
        yield url


@pytest.fixture
def playground_url(bot_url: str, tmp_path: Path) -> Iterator[str]:
    with playground(bot_url, tmp_path / "playground") as url:
        yield url


@pytest.fixture
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")
    return CHROMIUM


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser, playground_url: str) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                        timezone_id="Europe/Paris")
    opened = await context.new_page()
    await opened.goto(playground_url)
    yield opened
    await context.close()


async def say(page: Page, text: str) -> None:
    """Types into the Playground's message box (a contenteditable element) and sends."""
    box = page.locator('[contenteditable="true"]').first
    await box.click()
    await page.keyboard.type(text)
    await page.keyboard.press("Enter")


async def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path))
    return path
