"""The countries stage: countries, voice plans, BCN, porting, migration and the main billing country."""

from __future__ import annotations

import dataclasses
from typing import Any

from botbuilder.schema import Activity

from cards.attachments import card_message
from dialogs.card_prompt import OUT_OF_DATE
from dialogs.countries_stage import CountriesStage
from dialogs.deps import Deps
from services.catalogue.models import Catalogue
from services.domain.address import Address
from services.domain.errors import Conflict
from services.domain.order import Billing, Office, Order, Quantities
from tests.card_schema import cards_in
from tests.conftest import TENANT, Chat, texts
from tests.dialogs.conftest import stage_chat

PARIS = Address(country="FR", street="rue de Rivoli", house_number="10", postal_code="75004", city="Paris")


# -- helpers -----------------------------------------------------------------------------------------

def last_card(replies: list[Activity]) -> dict[str, Any]:
    return next(card for reply in reversed(replies) for card in reversed(cards_in(reply)))


def elements(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from elements(value)
    elif isinstance(node, list):
        for item in node:
            yield from elements(item)


def field(card: dict[str, Any], input_id: str) -> dict[str, Any] | None:
    return next((e for e in elements(card["body"]) if e.get("id") == input_id), None)


def after(card: dict[str, Any], input_id: str) -> dict[str, Any]:
    """The element right under the input `input_id` in the card body."""
    body = card["body"]
    index = next(i for i, element in enumerate(body) if element.get("id") == input_id)
    return body[index + 1]


def words(card: dict[str, Any]) -> str:
    return texts([card_message(card)])


def receipts(chat: Chat) -> str:
    return texts(chat.updated)


async def stored(deps: Deps, order: Order) -> Order:
    return await deps.journey.load(TENANT, order.id)


async def etag(deps: Deps, order: Order) -> str:
    return (await deps.journey.orders.get(TENANT, order.id)).etag


async def with_countries(deps: Deps, order: Order, *codes: str) -> None:
    def add(o: Order) -> None:
        for code in codes:
            o.add_country(code)
    await deps.journey.change(TENANT, order.id, add)


async def begin(deps: Deps, storage, draft: Order, **options: Any) -> tuple[Chat, Any, dict[str, Any]]:
    chat, runner = stage_chat(CountriesStage(deps), storage, {"order_id": draft.id}, **options)
    replies = await chat.say("hi")
    return chat, runner, last_card(replies)


# -- the happy path ----------------------------------------------------------------------------------

async def test_two_countries_from_pick_to_plans_billing_and_main_country(deps, storage, draft) -> None:
    chat, runner, pick = await begin(deps, storage, draft)
    picker = field(pick, "countries")
    assert picker["isMultiSelect"] and picker["style"] == "filtered"
    assert len(picker["choices"]) == len(deps.catalogue.countries)
    assert {"title": "Germany · Europe", "value": "DE"} in picker["choices"]
    assert "Step 1 of 5: Countries and plans" in words(pick)

    germany = last_card(await chat.click(pick, "Next", countries="DE,FR"))
    assert "Countries: Germany, France" in receipts(chat)
    assert "Germany (EUR)" in words(germany)
    assert "Step 1 of 5: Countries and plans · country 1 of 2" in words(germany)

    france = last_card(await chat.click(germany, "Next", plan_id="de-national", bcn="bcn:400103",
                                        porting="true", porting_numbers="25", migration="false",
                                        main_billing="true"))
    assert "Germany: National Unlimited · BCN 400103 · porting · main billing country" in receipts(chat)
    assert "France (EUR)" in words(france)

    replies = await chat.click(france, "Next", plan_id="fr-global", bcn="new:FR:EUR", porting="false",
                               migration="true", main_billing="true")
    assert "France: Global Unlimited · new BCN (EUR) · migration · main billing country" in receipts(chat)
    assert runner.ended and runner.result is None
    assert [reply for reply in replies if cards_in(reply)] == []

    order = await stored(deps, draft)
    de, fr = order.country("DE"), order.country("FR")
    assert (de.plan_id, de.billing, de.porting, de.migration) == (
        "de-national", Billing(bcn="400103", currency="EUR"), True, False)
    assert (fr.plan_id, fr.billing, fr.porting, fr.migration) == (
        "fr-global", Billing(currency="EUR", new_bcn=True), False, True)
    assert order.main_billing_country == "FR"
    assert order.needs_sales


async def test_each_plan_has_an_information_view_and_a_price(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="DE"))
    show_cards = {a["title"]: a for a in elements(germany["body"]) if a.get("type") == "Action.ShowCard"}
    for plan in deps.catalogue.country("DE").plans:
        about = show_cards[f"About {plan.name}"]
        shown = words({**about["card"], "version": "1.5"})
        assert plan.summary in shown
        assert all(item in shown for item in plan.includes)
    choices = {c["value"]: c["title"] for c in field(germany, "plan_id")["choices"]}
    assert choices["de-national"] == "National Unlimited · €8.99 per user a month"
    assert field(germany, "plan_id")["style"] == "expanded"


async def test_bcn_choices_list_the_accounts_bcns_then_a_new_one(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="GB,DE"))
    britain = last_card(await chat.click(germany, "Back"))
    britain = last_card(await chat.click(britain, "Next", countries="GB,DE"))
    values = [c["value"] for c in field(britain, "bcn")["choices"]]
    assert values == ["bcn:400101", "bcn:400102", "new:GB:GBP", "new:GB:EUR"]
    labels = " ".join(c["title"] for c in field(britain, "bcn")["choices"])
    assert "Contoso Ltd London" in labels and "Request a new BCN" in labels
    assert "that BCN's invoice" in words(britain)


# -- refusals ----------------------------------------------------------------------------------------

async def test_no_country_or_an_unknown_one_is_refused_next_to_the_field(deps, storage, draft) -> None:
    chat, runner, pick = await begin(deps, storage, draft)
    for value, error in (("", "Choose at least one country."),
                         ("XX", "Choose only countries from the list."),
                         ("DE,US", "Choose only countries from the list.")):
        again = last_card(await chat.click(pick, "Next", countries=value))
        assert after(again, "countries")["text"] == error
        assert after(again, "countries")["color"] == "Attention"
        pick = again
    assert (await stored(deps, draft)).countries == []
    assert field(pick, "countries")["value"] == "DE"
    assert not runner.ended


async def test_a_tampered_bcn_or_unknown_plan_is_refused_and_nothing_changes(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="DE"))
    before = await etag(deps, draft)
    again = last_card(await chat.click(germany, "Next", plan_id="de-national", bcn="bcn:400201",
                                       porting="true"))
    assert after(again, "bcn")["text"] == "That billing number is not available for this country."
    assert field(again, "plan_id")["value"] == "de-national"
    assert field(again, "porting")["value"] == "true"
    assert "value" not in field(again, "bcn")
    again = last_card(await chat.click(again, "Next", plan_id="de-gold", bcn="new:DE:EUR"))
    assert after(again, "plan_id")["text"] == "Choose one of the voice plans listed."
    assert field(again, "bcn")["value"] == "new:DE:EUR"
    assert await etag(deps, draft) == before
    assert (await stored(deps, draft)).country("DE").plan_id is None


async def test_switching_off_the_only_main_billing_country_is_refused(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="DE,FR"))
    assert field(germany, "main_billing")["value"] == "true"
    again = last_card(await chat.click(germany, "Next", plan_id="de-national", bcn="bcn:400103",
                                       main_billing="false"))
    assert "switch it on in another country" in after(again, "main_billing")["text"]
    assert (await stored(deps, draft)).country("DE").plan_id is None


async def test_a_stale_country_card_changes_nothing(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="DE,FR"))
    france = last_card(await chat.click(germany, "Next", plan_id="de-national", bcn="bcn:400103"))
    before = await etag(deps, draft)
    replies = await chat.click(germany, "Next", plan_id="de-global", bcn="new:DE:EUR")
    assert OUT_OF_DATE in texts(replies)
    assert last_card(replies) == france
    assert await etag(deps, draft) == before
    assert (await stored(deps, draft)).country("DE").plan_id == "de-national"


async def test_a_double_submit_changes_the_order_once(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    await chat.click(pick, "Next", countries="DE,FR")
    before = await etag(deps, draft)
    replies = await chat.click(pick, "Next", countries="DE,FR")
    assert OUT_OF_DATE in texts(replies)
    assert await etag(deps, draft) == before
    assert [c.country for c in (await stored(deps, draft)).countries] == ["DE", "FR"]


# -- removing, coming back, catalogue changes ----------------------------------------------------------

async def test_removing_a_country_with_held_numbers_asks_then_releases_them(deps, storage, draft) -> None:
    await with_countries(deps, draft, "DE", "FR")
    for name in ("Paris HQ", "Paris annex"):
        office = Office(name=name, address=PARIS, area_code="1",
                        quantities=Quantities(users=2, resource_accounts=0))
        await deps.journey.change(TENANT, draft.id, lambda o, office=office: o.add_office("FR", office))
        await deps.journey.reserve(TENANT, draft.id, "FR", office.id)
    assert len(await deps.journey.inventory.holds(TENANT, draft.id)) == 2

    chat, _, pick = await begin(deps, storage, draft)
    assert field(pick, "countries")["value"] == "DE,FR"
    assert "Installation (EUR)" in words(pick)
    confirm = last_card(await chat.click(pick, "Next", countries="DE"))
    assert has_footer(confirm)
    assert "Removing France drops its 2 offices and releases 4 held numbers." in words(confirm)
    pick = last_card(await chat.click(confirm, "Back"))
    assert field(pick, "countries")["value"] == "DE,FR"
    assert len(await deps.journey.inventory.holds(TENANT, draft.id)) == 2

    confirm = last_card(await chat.click(pick, "Next", countries="DE"))
    germany = last_card(await chat.click(confirm, "Confirm"))
    assert "Countries: Germany" in receipts(chat)
    assert "Germany (EUR)" in words(germany)
    assert "Fees appear here" in words(germany)
    assert await deps.journey.inventory.holds(TENANT, draft.id) == []
    assert [c.country for c in (await stored(deps, draft)).countries] == ["DE"]


async def test_coming_back_prefills_every_card(deps, storage, draft) -> None:
    await with_countries(deps, draft, "DE", "FR")

    def fill(o: Order) -> None:
        o.country("DE").plan_id = "de-international"
        o.country("DE").billing = Billing(bcn="400103", currency="EUR")
        o.country("DE").porting = True
        o.country("DE").porting_numbers = 12
        o.set_main_billing_country("FR")
    await deps.journey.change(TENANT, draft.id, fill)

    chat, runner, pick = await begin(deps, storage, draft)
    assert field(pick, "countries")["value"] == "DE,FR"
    germany = last_card(await chat.click(pick, "Next", countries="DE,FR"))
    assert field(germany, "plan_id")["value"] == "de-international"
    assert field(germany, "bcn")["value"] == "bcn:400103"
    assert field(germany, "porting")["value"] == "true"
    assert field(germany, "porting_numbers")["value"] == 12
    assert field(germany, "migration")["value"] == "false"
    assert field(germany, "main_billing")["value"] == "false"
    france = last_card(await chat.click(germany, "Next", plan_id="de-international", bcn="bcn:400103",
                                        porting="true", porting_numbers="12", main_billing="false"))
    assert field(france, "main_billing")["value"] == "true"
    back = last_card(await chat.click(france, "Back"))
    assert field(back, "plan_id")["value"] == "de-international"
    assert not runner.ended


async def test_a_country_without_porting_or_migration_shows_no_toggles(deps, storage, draft) -> None:
    chat, runner, pick = await begin(deps, storage, draft)
    zealand = last_card(await chat.click(pick, "Next", countries="NZ"))
    assert field(zealand, "porting") is None and field(zealand, "migration") is None
    assert field(zealand, "main_billing") is None
    shown = words(zealand)
    assert "sales manager" not in shown
    assert "New Zealand is the main billing country" in shown
    assert [c["value"] for c in field(zealand, "bcn")["choices"]] == ["new:NZ:NZD"]
    await chat.click(zealand, "Next", plan_id="nz-national", bcn="new:NZ:NZD", porting="true")
    assert runner.ended
    assert not (await stored(deps, draft)).country("NZ").porting


async def test_a_country_no_longer_sold_is_dropped_with_a_word(deps, storage, draft) -> None:
    await with_countries(deps, draft, "DE", "FR")
    smaller = Catalogue(countries={k: v for k, v in deps.catalogue.countries.items() if k != "FR"},
                        fees=deps.catalogue.fees)
    chat, _ = stage_chat(CountriesStage(dataclasses.replace(deps, catalogue=smaller)), storage,
                              {"order_id": draft.id})
    replies = await chat.say("hi")
    assert "We no longer sell in France" in texts(replies)
    assert field(last_card(replies), "countries")["value"] == "DE"
    assert [c.country for c in (await stored(deps, draft)).countries] == ["DE"]


async def test_another_tenants_order_is_not_found(deps, storage, draft) -> None:
    chat, runner = stage_chat(CountriesStage(deps), storage, {"order_id": draft.id},
                              tenant="22222222-2222-2222-2222-222222222222")
    replies = await chat.say("hi")
    assert "That order was not found." in texts(replies)
    assert not any(cards_in(reply) for reply in replies)
    assert runner.ended and runner.result is None
    assert (await stored(deps, draft)).countries == []


async def test_back_walks_from_country_cards_to_the_countries_card(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="DE,FR"))
    france = last_card(await chat.click(germany, "Next", plan_id="de-national", bcn="bcn:400103"))
    assert next_validates(france) and has_footer(france) and has_footer(pick)
    germany = last_card(await chat.click(france, "Back"))
    assert "Germany (EUR)" in words(germany)
    pick = last_card(await chat.click(germany, "Back"))
    assert field(pick, "countries")["value"] == "DE,FR"


def next_validates(card: dict[str, Any]) -> bool:
    by_title = {action["title"]: action for action in card["actions"]}
    return by_title["Next"]["associatedInputs"] == "auto" and by_title["Back"]["associatedInputs"] == "none"


def has_footer(card: dict[str, Any]) -> bool:
    by_title = {action["title"]: action for action in card["actions"]}
    footer = ("Save draft", "Help", "Cancel order")
    return all(by_title[title]["associatedInputs"] == "none" for title in footer)


async def test_an_order_changed_elsewhere_is_reported_on_the_card(deps, storage, draft, monkeypatch) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="DE"))

    async def changed_meanwhile(*_: Any) -> None:
        raise Conflict("This order was changed elsewhere in the meantime.", code="order_changed")
    monkeypatch.setattr(deps.journey, "change", changed_meanwhile)
    again = last_card(await chat.click(germany, "Next", plan_id="de-national", bcn="bcn:400103"))
    assert "changed elsewhere" in again["body"][2]["text"]
    assert field(again, "plan_id")["value"] == "de-national"
    monkeypatch.undo()
    assert (await stored(deps, draft)).country("DE").plan_id is None


async def test_card_data_cannot_carry_an_order_or_tenant(deps, storage, draft) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    replies = await chat.click(pick, "Next", countries="DE", order_id="someone-elses", tenant_id="other")
    assert "need another look" in texts(replies)
    assert (await stored(deps, draft)).countries == []


async def test_porting_needs_how_many_numbers_and_changes_nothing_without_it(deps: Deps, storage,
                                                                            draft: Order) -> None:
    chat, _, pick = await begin(deps, storage, draft)
    germany = last_card(await chat.click(pick, "Next", countries="DE"))
    before = await etag(deps, draft)
    again = last_card(await chat.click(germany, "Next", plan_id="de-national", bcn="bcn:400103",
                                       porting="true", porting_numbers="0"))
    assert "how many numbers to bring over" in after(again, "porting_numbers")["text"]
    assert await etag(deps, draft) == before
    await chat.click(again, "Next", plan_id="de-national", bcn="bcn:400103", porting="true",
                     porting_numbers="40")
    assert (await deps.journey.load(TENANT, draft.id)).country("DE").porting_numbers == 40
