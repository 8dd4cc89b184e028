"""The sales channel in the Playground: in the General channel (the Playground's tenant is the operator's
here) the sales channel is registered with the card the bot posts when it joins the team; a porting
order submitted in Personal Chat appears there as a handoff card; Pick up updates it; the customer's
chat shows who picked it up and the rep's message, and the customer's reply lands in the card's thread.
Screenshots:
docs/screenshots/sales-NN-<step>.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import SCREENSHOTS, say
from tests.e2e.playground import (
    BOT_TIMEOUT,
    CARD,
    choose,
    fill,
    last_card,
    pick,
    press,
)
from tests.e2e.test_journey_playground import CONTACT, office, sign_in
from tests.journey import ORDERING
from tests.servers import bot_server

pytestmark = pytest.mark.e2e

PLAYGROUND_TENANT = "00000000-0000-0000-0000-0000000000001"
"""The tenant the Playground puts on every activity (its default configuration)."""
BERLIN = {"name": "Berlin HQ", "street": "Friedrichstraße", "house_number": "43", "postal_code": "10117",
          "city": "Berlin", "users": 3, "resource_accounts": 1}
PORTING = "Porting: bring numbers you have with another provider"
ANSWER = "We will call you tomorrow at ten to prepare the porting forms."
REPLY = "Ten is fine, thank you!"


@pytest.fixture(autouse=True)
def paris_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")


@pytest.fixture
def bot_url(tmp_path: Path) -> Iterator[str]:
    """The bot with the Playground's tenant as the operator's own."""
    with bot_server(tmp_path / "bot", OPERATOR_TENANT_ID=PLAYGROUND_TENANT, NOTIFY_INTERVAL_S="1") as url:
        yield url


async def shot(page: Page, name: str, target: Locator) -> None:
    await page.evaluate("() => document.activeElement && document.activeElement.blur()")
    await target.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


def card_with(page: Page, text: str | re.Pattern[str]) -> Locator:
    return page.locator(CARD).filter(has_text=text).first


async def open_view(page: Page, name: str) -> None:
    await page.get_by_text(name, exact=True).first.click()


async def register_general(page: Page) -> None:
    await open_view(page, "General")
    offer = card_with(page, "Northwind Telecom sales channel")
    await expect(offer).to_be_visible(timeout=BOT_TIMEOUT)
    await offer.get_by_role("button", name="Use this channel for sales").click()
    await expect(offer).to_contain_text("This channel is the sales channel: registered by Alex Wilber",
                                        timeout=BOT_TIMEOUT)
    await shot(page, "sales-01-channel-registered", offer)


async def porting_order(page: Page, log: Path) -> None:
    """Germany with porting, one office, to the contract card, then Submit (no e-signature)."""
    await open_view(page, "Personal Chat")

    async def no_shot(name: str) -> None:
        return None

    await sign_in(page, log, no_shot)
    await choose(page, "Countries", "Germany")
    await press(page, "Next", then=re.compile(r"^Germany\b"))
    await pick(page, "Voice plan")
    await pick(page, "Billing number (BCN)")
    porting = last_card(page).get_by_role("checkbox", name=PORTING)
    await porting.check()
    await fill(page, "How many numbers to port (with porting)", 40)
    await press(page, "Next", then="Offices in Germany")
    await office(page, "Germany", BERLIN, no_shot)
    await press(page, "Done", then="Options for Germany")
    await press(page, "Next", then="Contacts and legal address")
    for label, key in CONTACT:
        await fill(page, label, ORDERING[key])
    await choose(page, "Country", "United Kingdom", search=False)
    await press(page, "Next", then="Check your order")
    await press(page, "Continue to contract", then="Contract and signature")
    before = await page.locator(CARD).count()
    await last_card(page).get_by_role("button", name="Submit", exact=True).click()
    submitted = page.get_by_text("Thank you, your order is submitted").last
    await expect(submitted).to_be_visible(timeout=BOT_TIMEOUT)
    assert await page.locator(CARD).count() >= before
    await shot(page, "sales-02-porting-submitted", submitted)


async def pick_up_and_write(page: Page) -> None:
    """Pick up, then a message to the customer. (The Playground drops the typed text of the first click
    after the view was switched, so both happen before leaving the channel.)"""
    await open_view(page, "General")
    handoff = card_with(page, re.compile(r"Porting or migration order · [0-9A-F]{8}"))
    await expect(handoff).to_be_visible(timeout=BOT_TIMEOUT)
    await expect(handoff).to_contain_text("Waiting for someone to pick it up")
    await expect(handoff).to_contain_text("Germany")
    await shot(page, "sales-03-handoff-card", handoff)
    await handoff.get_by_role("button", name="Pick up").click()
    await expect(handoff).to_contain_text(re.compile(r"Picked up by Alex Wilber at \d+ \w+ \d\d:\d\d"),
                                          timeout=BOT_TIMEOUT)
    await shot(page, "sales-04-picked-up", handoff)
    box = handoff.get_by_label("Message to the customer")
    await box.fill(ANSWER)
    await expect(box).to_have_value(ANSWER)
    await handoff.get_by_role("button", name="Message customer").click()
    await expect(handoff).to_contain_text("Message sent to the customer at", timeout=BOT_TIMEOUT)


async def customer_told_and_replies(page: Page) -> None:
    await open_view(page, "Personal Chat")
    told = card_with(page, "A sales manager has your order")
    await expect(told).to_be_visible(timeout=BOT_TIMEOUT)
    await expect(told).to_contain_text("Alex Wilber from the Northwind Telecom sales team picked up your "
                                       "order")
    message = card_with(page, "Message from Alex Wilber (Northwind Telecom sales)")
    await expect(message).to_contain_text(ANSWER, timeout=BOT_TIMEOUT)
    await shot(page, "sales-05-customer-told", message)
    await say(page, REPLY)
    passed = page.get_by_text("I passed your message on to Alex Wilber").last
    await expect(passed).to_be_visible(timeout=BOT_TIMEOUT)
    await open_view(page, "General")
    reply = page.get_by_text(REPLY).first
    await expect(reply).to_be_visible(timeout=BOT_TIMEOUT)
    await shot(page, "sales-06-reply-in-thread", reply)


async def test_a_porting_order_is_picked_up_in_the_sales_channel(page: Page, tmp_path: Path) -> None:
    log = tmp_path / "bot" / "bot.log"
    await page.set_viewport_size({"width": 1280, "height": 1000})
    welcome = page.get_by_text("Welcome to Operator Connect ordering")
    await expect(welcome).to_have_count(1, timeout=BOT_TIMEOUT)
    await register_general(page)
    await porting_order(page, log)
    await pick_up_and_write(page)
    await customer_told_and_replies(page)
    await expect(page.get_by_text("something went wrong", exact=False)).to_have_count(0)
    text = log.read_text(errors="replace")
    assert "turn failed" not in text and "Traceback" not in text
