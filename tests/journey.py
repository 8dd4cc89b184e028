"""A whole ordering journey, written once and played through any transport (TestAdapter or HTTP):
sign in, two countries, three offices with numbers, options, contacts, up to the recap."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from tests.card_client import choices, press

OCN, EMAIL = "100001", "teams.admin@contoso.com"
OFFICES = {
    "DE": [
        {"name": "Berlin HQ", "street": "Friedrichstraße", "house_number": "43", "postal_code": "10117",
         "city": "Berlin", "users": 8, "resource_accounts": 2},
        {"name": "Berlin Sales", "street": "Friedrichstraße", "house_number": "43", "postal_code": "10117",
         "city": "Berlin", "users": 5, "resource_accounts": 0},
    ],
    "FR": [
        {"name": "Paris Rivoli", "street": "Rue de Rivoli", "house_number": "12", "postal_code": "75004",
         "city": "Paris", "users": 4, "resource_accounts": 1},
    ],
}
ORDERING = {"ordering_first_name": "Ada", "ordering_last_name": "Lovelace",
            "ordering_email": "ada@contoso.com", "ordering_phone": "+44 20 7946 0000"}


class Transport(Protocol):
    """Says text or presses a button; returns the cards the bot sent back, last one last."""

    async def say(self, text: str) -> list[dict[str, Any]]: ...

    async def submit(self, value: dict[str, Any]) -> list[dict[str, Any]]: ...


Checkpoint = Callable[[str, dict[str, Any]], Awaitable[None]]


async def _none(name: str, card: dict[str, Any]) -> None:
    return None


def code_from(outbox: Path) -> str:
    mails = sorted(outbox.glob("*.eml"))
    assert mails, f"no email in {outbox}"
    return re.findall(r"\b(\d{6})\b", mails[-1].read_text())[0]


def heading(card: dict[str, Any]) -> str:
    return " ".join(element.get("text", "") for element in card["body"][:3] if isinstance(element, dict))


async def click(bot: Transport, card: dict[str, Any], title: str, **typed: Any) -> dict[str, Any]:
    cards = await bot.submit(press(card, title, **typed))
    assert cards, f"no card after pressing {title!r}"
    return cards[-1]


async def sign_in(bot: Transport, outbox: Path, seen: Checkpoint) -> dict[str, Any]:
    card = (await bot.say("start order"))[-1]
    await seen("sign-in", card)
    card = await click(bot, card, "Send me a code", ocn=OCN, email=EMAIL)
    await seen("code", card)
    return await click(bot, card, "Sign in", code=code_from(outbox))


async def countries(bot: Transport, card: dict[str, Any], seen: Checkpoint,
                    porting: bool = False) -> dict[str, Any]:
    await seen("countries", card)
    card = await click(bot, card, "Next", countries=",".join(OFFICES))
    for index, _ in enumerate(OFFICES):
        await seen("country", card)
        plan = choices(card, "plan_id")[0][0]
        bcn = choices(card, "bcn")[0][0]
        extra = {"porting": "true", "porting_numbers": "40"} if porting and index == 0 else {}
        card = await click(bot, card, "Next", plan_id=plan, bcn=bcn, **extra)
    return card


async def office(bot: Transport, card: dict[str, Any], spec: dict[str, Any],
                 seen: Checkpoint) -> dict[str, Any]:
    form = {key: spec[key] for key in ("name", "street", "house_number", "postal_code", "city")}
    card = await click(bot, card, "Add office")
    await seen("address", card)
    card = await click(bot, card, "Validate and save", **form)
    if "area_code" in str(card):
        await seen("area-code", card)
        card = await click(bot, card, "Use this area code", area_code=choices(card, "area_code")[0][0])
    await seen("quantities", card)
    return await click(bot, card, "Reserve numbers", users=spec["users"],
                       resource_accounts=spec["resource_accounts"])


async def offices(bot: Transport, card: dict[str, Any], seen: Checkpoint) -> dict[str, Any]:
    for country, specs in OFFICES.items():
        for spec in specs:
            card = await office(bot, card, spec, seen)
        await seen(f"offices-{country.lower()}", card)
        card = await click(bot, card, "Done" if country == list(OFFICES)[-1] else "Next country")
    return card


async def play_to_recap(bot: Transport, outbox: Path, seen: Checkpoint = _none,
                        porting: bool = False) -> dict[str, Any]:
    """`porting` asks to port numbers in the first country, which sends the order to sales."""
    card = await sign_in(bot, outbox, seen)
    card = await countries(bot, card, seen, porting)
    card = await offices(bot, card, seen)
    for _ in OFFICES:
        await seen("options", card)
        card = await click(bot, card, "Next")
    await seen("contacts", card)
    card = await click(bot, card, "Next", **ORDERING)
    await seen("recap", card)
    return card


SIGNATORY = {"name": "Margaret Hamilton", "job_title": "Chief Operating Officer",
             "email": "m.hamilton@contoso.com", "authorised": "true"}


async def submit_for_signature(bot: Transport, recap: dict[str, Any], seen: Checkpoint = _none) -> None:
    """From the recap: on to the contract card, name the signatory, and submit to sign."""
    card = await click(bot, recap, "Continue to contract")
    await seen("contract", card)
    await bot.submit(press(card, "Submit to sign", **SIGNATORY))
