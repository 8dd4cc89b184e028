"""The whole ordering journey in the Playground, typed and clicked like a person, up to the recap: sign
in, Germany and France, three offices with their numbers, options, contacts. Each step leaves a
screenshot, docs/screenshots/journey-NN-<step>.png, which the README shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import say
from tests.e2e.playground import (
    BOT_TIMEOUT,
    button,
    cards,
    choose,
    fill,
    heading,
    last_card,
    pick,
    press,
    snap,
    wait_for_new_card,
)
from tests.journey import EMAIL, OCN, OFFICES, ORDERING

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1280, "height": 1100}
COUNTRIES = {"DE": "Germany", "FR": "France"}
ADDRESS = (("Office name", "name"), ("Street", "street"), ("House number", "house_number"),
           ("Postal code", "postal_code"), ("City", "city"))
CONTACT = (("First name", "ordering_first_name"), ("Last name", "ordering_last_name"),
           ("Email", "ordering_email"), ("Phone, in international format", "ordering_phone"))


@pytest.fixture(autouse=True)
def paris_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Playground's server stamps card submits with ITS time zone (`localTimezone`, from
    `dayjs.tz.guess()`), not the browser's: run it (and the bot) in the browser's, Europe/Paris."""
    monkeypatch.setenv("TZ", "Europe/Paris")


class Steps:
    """Numbers the screenshots in the order they are taken."""

    def __init__(self, page: Page) -> None:
        self.page, self.taken = page, 0

    async def __call__(self, name: str) -> None:
        self.taken += 1
        await snap(self.page, f"journey-{self.taken:02d}-{name}")


def one_time_code(log: Path, email: str) -> str:
    """The sign-in code the bot logs in embedded mode (before it sends the code card; it also mails it
    to the outbox)."""
    found = re.findall(rf"one-time code for {re.escape(email)}: (\d{{6}})", log.read_text(errors="replace"))
    assert found, f"no one-time code for {email} in {log}"
    return found[-1]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


async def sign_in(page: Page, log: Path, step: Steps) -> None:
    welcome = page.get_by_text("Welcome to Operator Connect ordering")
    await expect(welcome).to_have_count(1, timeout=BOT_TIMEOUT)
    before = await cards(page).count()
    await say(page, "start order")
    await wait_for_new_card(page, before, then="Sign in to order")
    await fill(page, "Account number (OCN)", OCN)
    await fill(page, "Email registered on the account", EMAIL)
    await step("sign-in")
    await press(page, "Send me a code", then="Enter your code")
    await fill(page, "Code from the email", one_time_code(log, EMAIL))
    await step("code")
    await press(page, "Sign in", then="Where do you need Teams calling?")


async def countries(page: Page, step: Steps) -> None:
    names = [COUNTRIES[code] for code in OFFICES]
    await choose(page, "Countries", *names)
    await step("countries")
    await press(page, "Next", then=re.compile(rf"^{names[0]}\b"))
    following = [*names[1:], f"Offices in {names[0]}"]
    for code, after in zip(OFFICES, following, strict=True):
        plan = await pick(page, "Voice plan")
        bcn = await pick(page, "Billing number (BCN)")
        assert plan and bcn
        await step(f"country-{code.lower()}")
        await press(page, "Next", then=re.compile(rf"^{re.escape(after)}\b"))


async def office(page: Page, country: str, spec: dict, step: Steps) -> None:
    name = spec["name"]
    await press(page, "Add office", then=f"New office in {country}")
    for label, key in ADDRESS:
        await fill(page, label, spec[key])
    await step(f"{slug(name)}-address")
    await press(page, "Validate and save", then=re.compile(rf"^(Local area code|Numbers) for {name}$"))
    if (await heading(page).inner_text()).startswith("Local area code"):
        await pick(page, "Area code")
        await step(f"{slug(name)}-area-code")
        await press(page, "Use this area code", then=f"Numbers for {name}")
    await fill(page, "Numbers for users", spec["users"])
    await fill(page, "Numbers for resource accounts", spec["resource_accounts"])
    await step(f"{slug(name)}-numbers")
    await press(page, "Reserve numbers", then=f"Offices in {country}")
    held = spec["users"] + spec["resource_accounts"]
    await expect(last_card(page)).to_contain_text(f"Reserved {held} numbers for {name}")
    await step(f"{slug(name)}-reserved")


async def offices(page: Page, step: Steps) -> None:
    codes = list(OFFICES)
    for position, code in enumerate(codes):
        country = COUNTRIES[code]
        await step(f"offices-{code.lower()}")
        for spec in OFFICES[code]:
            await office(page, country, spec, step)
        if position + 1 < len(codes):
            await press(page, "Next country", then=f"Offices in {COUNTRIES[codes[position + 1]]}")
        else:
            await press(page, "Done", then=f"Options for {COUNTRIES[codes[0]]}")


async def options_and_contacts(page: Page, step: Steps) -> None:
    codes = list(OFFICES)
    for position, code in enumerate(codes):
        await step(f"options-{code.lower()}")
        after = (f"Options for {COUNTRIES[codes[position + 1]]}" if position + 1 < len(codes)
                 else "Contacts and legal address")
        await press(page, "Next", then=after)
    for label, key in CONTACT:
        await fill(page, label, ORDERING[key])  # the first of each: the ordering contact's
    await choose(page, "Country", "United Kingdom", search=False)  # the prefilled legal address' country
    await step("contacts")
    await press(page, "Next", then="Check your order")


async def test_the_journey_to_the_recap_by_clicking_the_cards(page: Page, tmp_path: Path) -> None:
    log = tmp_path / "bot" / "bot.log"
    await page.set_viewport_size(VIEWPORT)
    step = Steps(page)

    await sign_in(page, log, step)
    await countries(page, step)
    await offices(page, step)
    await options_and_contacts(page, step)

    recap = last_card(page)
    for text in ("Berlin HQ", "Berlin Sales", "Paris Rivoli", "Ada Lovelace"):
        await expect(recap).to_contain_text(text)
    await expect(button(page, "Continue to contract")).to_be_visible()
    await step("recap")
    await expect(page.get_by_text("something went wrong", exact=False)).to_have_count(0)
    assert "turn failed" not in log.read_text(errors="replace")
