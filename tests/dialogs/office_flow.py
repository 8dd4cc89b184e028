"""Helpers for the offices stage tests: a draft with countries, offices stored straight through the
journey, and reading the stage's cards (inputs, the error under a field, buttons).
"""

from __future__ import annotations

import json
from typing import Any

from botbuilder.schema import Activity

from dialogs.deps import Deps
from dialogs.offices_stage import OfficesStage
from services.domain.address import Address
from services.domain.office import Office
from services.domain.order import Billing, Order
from tests.card_schema import cards_in
from tests.conftest import TENANT, Chat, texts
from tests.dialogs.conftest import stage_chat

OTHER_TENANT = "22222222-2222-2222-2222-222222222222"
BERLIN = {"name": "Berlin HQ", "street": "Friedrichstraße", "house_number": "43", "extra": "",
          "postal_code": "10117", "city": "Berlin"}
PARIS = {"name": "Paris Rivoli", "street": "Rue de Rivoli", "house_number": "12", "extra": "",
         "postal_code": "75004", "city": "Paris"}
HELSINKI = {"name": "Helsinki", "street": "Mannerheimintie", "house_number": "1", "extra": "",
            "postal_code": "00100", "city": "Helsinki"}


def last_card(replies: list[Activity]) -> dict[str, Any]:
    found = [card for reply in replies for card in cards_in(reply)]
    assert found, f"no card in the replies: {texts(replies)}"
    return found[-1]


def raw(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def error_under(card: dict[str, Any], input_id: str) -> str | None:
    """The red line right under the input `input_id` on a form card, if there is one."""
    body = card["body"]
    index = next(i for i, element in enumerate(body) if element.get("id") == input_id)
    after = body[index + 1] if index + 1 < len(body) else {}
    return after.get("text") if after.get("color") == "Attention" else None


def titles(card: dict[str, Any]) -> list[str]:
    return [action["title"] for action in card.get("actions", [])]


def value_of(card: dict[str, Any], input_id: str) -> Any:
    return next(element.get("value") for element in card["body"] if element.get("id") == input_id)


async def with_countries(deps: Deps, draft: Order, *codes: str) -> None:
    def setup(order: Order) -> None:
        for code in codes:
            entry = order.add_country(code)
            entry.plan_id = f"{code.lower()}-essentials"
            entry.billing = Billing(new_bcn=True, currency=deps.catalogue.country(code).currency)

    await deps.journey.change(TENANT, draft.id, setup)


async def office_in(deps: Deps, order_id: str, form: dict[str, str], *, country: str = "DE",
                    area_code: str = "30", users: int = 0, tenant: str = TENANT) -> Office:
    """An office stored straight through the journey (and its numbers reserved when `users`)."""
    address = Address(country=country, **{k: v for k, v in form.items() if k != "name"})
    office = Office(name=form["name"], address=address, area_code=area_code)

    def add(order: Order) -> None:
        order.add_office(country, office)
        if users:
            order.set_quantities(country, office.id, users, 0)

    await deps.journey.change(tenant, order_id, add)
    if users:
        await deps.journey.reserve(tenant, order_id, country, office.id)
    return office


async def opened(deps: Deps, storage: Any, draft: Order, **chat_options: Any) -> tuple[Chat, Any, dict]:
    chat, runner = stage_chat(OfficesStage(deps), storage, {"order_id": draft.id}, **chat_options)
    return chat, runner, last_card(await chat.say("hi"))


async def held(deps: Deps, country: str = "DE", area_code: str = "30") -> int:
    return (await deps.journey.inventory.pool_counts(country, area_code)).held


async def add_berlin(chat: Chat, overview: dict[str, Any], users: str = "18",
                     resource_accounts: str = "2") -> list[Activity]:
    form = last_card(await chat.click(overview, "Add office"))
    area = last_card(await chat.click(form, "Validate and save", **BERLIN))
    quantities = last_card(await chat.click(area, "Use this area code", area_code="30"))
    return await chat.click(quantities, "Reserve numbers", users=users, resource_accounts=resource_accounts)
