"""The ordering journey a simulated admin plays: sign in, two countries, three offices with numbers,
options and contacts, up to the recap. Each turn is timed under its step's name (`step_<step>`)."""

from __future__ import annotations

from typing import Any

from bench.admin import OCN, Admin, TurnFailed
from bench.outbox import Outbox
from tests.card_client import choices, press, walk
from tests.journey import OFFICES, ORDERING, heading

POOLS = {"DE": "30", "FR": "1"}  # the area codes the journey's offices get their numbers from
NUMBERS = {country: sum(spec["users"] + spec["resource_accounts"] for spec in specs)
           for country, specs in OFFICES.items()}
TEXT_TURN = "text_turn"
BUSY = "Other reservations took the numbers"  # the inventory's reservation_busy conflict
BUSY_RETRIES = 10  # a persistent admin; each retry is counted and reported


def said(card: dict[str, Any]) -> str:
    """The card's errors and notices (red text, highlighted boxes), else its heading."""
    boxes = [item for element in walk(card) if element.get("style") == "emphasis"
             for item in element.get("items", [])]
    notes = [element["text"] for element in walk(card) if element.get("type") == "TextBlock"
             and (element.get("color") == "Attention" or element in boxes)]
    return " / ".join(dict.fromkeys(notes)) or heading(card)


async def click(admin: Admin, step: str, card: dict[str, Any], title: str, **typed: Any) -> dict[str, Any]:
    cards = await admin.submit(f"step_{step}", press(card, title, **typed))
    if not cards:
        raise TurnFailed(f"step_{step}: no card after pressing {title!r}; the bot said: "
                         f"{' / '.join(admin.texts[-2:])}")
    return cards[-1]


async def sign_in(admin: Admin, outbox: Outbox) -> dict[str, Any]:
    cards = await admin.say(TEXT_TURN, "start order")
    if not cards:
        raise TurnFailed("text_turn: no sign-in card")
    card = await click(admin, "signin_code_request", cards[-1], "Send me a code", ocn=OCN,
                       email=admin.who.email)
    return await click(admin, "code", card, "Sign in", code=await outbox.code_for(admin.who.email))


async def countries(admin: Admin, card: dict[str, Any]) -> dict[str, Any]:
    card = await click(admin, "countries", card, "Next", countries=",".join(OFFICES))
    for _ in OFFICES:
        card = await click(admin, "country", card, "Next", plan_id=choices(card, "plan_id")[0][0],
                           bcn=choices(card, "bcn")[0][0])
    return card


async def office(admin: Admin, card: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    form = {key: spec[key] for key in ("name", "street", "house_number", "postal_code", "city")}
    card = await click(admin, "add_office", card, "Add office")
    card = await click(admin, "office_address", card, "Validate and save", **form)
    if "area_code" in str(card):
        card = await click(admin, "area_code", card, "Use this area code",
                           area_code=choices(card, "area_code")[0][0])
    quantities = {"users": spec["users"], "resource_accounts": spec["resource_accounts"]}
    for _ in range(BUSY_RETRIES + 1):
        card = await click(admin, "reserve", card, "Reserve numbers", **quantities)
        if "Reserve numbers" not in str(card):
            return card
        if BUSY not in said(card):
            break
        admin.busy += 1  # "... Please try again": an admin presses the button again
    raise TurnFailed(f"step_reserve: not reserved; the card says: {said(card)}")


async def offices(admin: Admin, card: dict[str, Any]) -> dict[str, Any]:
    last = list(OFFICES)[-1]
    for country, specs in OFFICES.items():
        for spec in specs:
            card = await office(admin, card, spec)
        if country == last:
            card = await click(admin, "offices_done", card, "Done")
        else:
            card = await click(admin, "next_country", card, "Next country")
    return card


async def play_to_recap(admin: Admin, outbox: Outbox) -> dict[str, Any]:
    """Plays the whole journey; returns the recap card. TurnFailed if the bot did not follow."""
    card = await sign_in(admin, outbox)
    card = await countries(admin, card)
    card = await offices(admin, card)
    for _ in OFFICES:
        card = await click(admin, "options", card, "Next")
    card = await click(admin, "contacts", card, "Next", **ORDERING)
    if "Continue to contract" not in str(card):
        raise TurnFailed(f"the journey did not end at the recap: {heading(card)}")
    return card
