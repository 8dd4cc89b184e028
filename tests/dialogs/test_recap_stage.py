"""The recap stage: every section with its Edit button, the pre-flight problems with a Fix button each,
the fees per currency, the hold countdown, and "Continue to contract" only when nothing is in the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from cards import chrome, recap
from cards.attachments import card_message
from dialogs.card_prompt import OUT_OF_DATE
from dialogs.deps import Deps
from dialogs.office_support import readable
from dialogs.recap_stage import MAX_PROBLEMS, RecapStage, problem_views
from services.domain.address import Address
from services.domain.contact import Contact, ContactRole
from services.domain.country_order import Billing
from services.domain.office import Office, Quantities
from services.domain.options import ClipMode, Options
from services.domain.order import Order
from services.inventory import ranges
from services.preflight import Problem
from services.pricing import format_money
from tests.card_schema import assert_valid_card, cards_in
from tests.clock import FakeClock
from tests.conftest import TENANT, find_action, texts
from tests.dialogs.conftest import stage_chat

LOCALE, ZONE = "en-GB", "Europe/Berlin"  # what the Chat helper's activities carry
BERLIN = Address(country="DE", street="Friedrichstraße", house_number="123", postal_code="10117",
                 city="Berlin")
LONDON = Address(country="GB", street="Baker Street", house_number="221", postal_code="NW1 6XE",
                 city="London")
PEOPLE = [Contact(role=ContactRole.ORDERING, first_name="Ada", last_name="Lovelace",
                  email="ada@contoso.com", phone="+442079460000"),
          Contact(role=ContactRole.BILLING, first_name="Charles", last_name="Babbage",
                  email="charles@contoso.com", phone="+442079460001"),
          Contact(role=ContactRole.TECHNICAL, first_name="Grace", last_name="Hopper",
                  email="grace@contoso.com", phone="+4930901820")]
EDITS = [("Edit countries and plans", "countries"), ("Edit offices and numbers", "offices"),
         ("Edit options", "options"), ("Edit contacts", "contacts")]


async def prepare(deps: Deps, draft: Order, *, offices: int = 1, per_office: tuple[int, int] = (8, 2),
                  london: bool = False, contacts: bool = True) -> Order:
    """A draft with Germany (plan, BCN, options, offices with reserved numbers), optionally Britain."""
    added: list[tuple[str, str]] = []

    def setup(order: Order) -> None:
        sites = [("DE", "de-essentials", Billing(bcn="400103", currency="EUR"), BERLIN, "30", offices)]
        if london:
            sites.append(("GB", "gb-essentials", Billing(currency="GBP", new_bcn=True), LONDON, "20", 1))
        for code, plan, billing, address, area, count in sites:
            entry = order.add_country(code)
            entry.plan_id, entry.billing = plan, billing
            for number in range(count):
                office = Office(name=f"{address.city} {number + 1}", address=address, area_code=area,
                                quantities=Quantities(users=per_office[0], resource_accounts=per_office[1]))
                added.append((code, order.add_office(code, office).id))
        order.country("DE").options = Options(call_forwarding=True, clip=ClipMode.SCREEN)
        for contact in PEOPLE if contacts else []:
            order.set_contact(contact)

    await deps.journey.change(TENANT, draft.id, setup)
    for code, office_id in added:
        await deps.journey.reserve(TENANT, draft.id, code, office_id)
    return await deps.journey.load(TENANT, draft.id)


async def open_recap(deps: Deps, storage, draft: Order, **chat_options: Any):
    chat, runner = stage_chat(RecapStage(deps), storage, {"order_id": draft.id}, **chat_options)
    replies = await chat.say("hi")
    return chat, runner, last_card(replies)


def last_card(replies) -> dict[str, Any]:
    found = [card for reply in replies for card in cards_in(reply)]
    assert found, f"no card in {texts(replies)!r}"
    return found[-1]


def said(card: dict[str, Any]) -> str:
    """Every word on the card, fact values included."""
    values = [node["value"] for node in _walk(card) if isinstance(node.get("value"), str)]
    return "\n".join([texts([card_message(card)]), *values])


def titles(card: dict[str, Any]) -> list[str]:
    return [action["title"] for action in _walk(card) if str(action.get("type")).startswith("Action.")]


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def problems_on(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each listed problem's text and the data of the Fix button next to it."""
    found = {}
    for node in _walk(card):
        if node.get("type") == "ColumnSet" and len(node["columns"]) == 2:
            message = node["columns"][0]["items"][0]["text"]
            fix = node["columns"][1]["items"][0]["actions"][0]
            assert fix["title"] == "Fix"
            found[message] = fix["data"]
    return found


async def test_the_recap_shows_every_section_of_the_order(deps: Deps, storage, draft) -> None:
    order = await prepare(deps, draft, london=True)
    _, runner, card = await open_recap(deps, storage, draft)
    text = said(card)
    for expected in ("Step 5 of 5: Recap", "Contoso Ltd", "100001", TENANT,
                     deps.catalogue.plan("DE", "de-essentials").name, "BCN 400103 in EUR",
                     "main billing country", "New BCN requested in GBP", "New numbers only",
                     "Germany: call forwarding, CLIP screen", "United Kingdom: no options",
                     "Berlin 1", "Friedrichstraße 123, 10117 Berlin, Germany", "Area code 030",
                     "8 for users, 2 for resource accounts", "Ada Lovelace, ada@contoso.com, +442079460000",
                     "Billing contact: Charles Babbage", "Technical contact: Grace Hopper",
                     "Legal company address: 221 Baker Street, NW1 6XE London, United Kingdom"):
        assert expected in text, expected
    berlin = order.country("DE").offices[0]
    runs = ranges(held.number for held in berlin.numbers)
    assert runs and all(f"{readable(run.first)}–{readable(run.last)}" in text for run in runs)
    assert "+49 30 " in text
    assert chrome.countdown(order.earliest_expiry(), deps.clock.now(), ZONE) in text
    assert "12 h 00 min left" in text
    assert "Continue to contract" in titles(card) and problems_on(card) == {}
    assert "Next: preview the contract" in text
    for title in ("Save draft", "Help", "Cancel order"):
        assert find_action(card, title)["associatedInputs"] == "none"
    assert not runner.ended


async def test_fees_are_listed_and_totalled_per_currency_never_added(deps: Deps, storage, draft) -> None:
    order = await prepare(deps, draft, london=True)
    _, _, card = await open_recap(deps, storage, draft)
    facts = [(fact["title"], fact["value"]) for node in _walk(card) if node.get("type") == "FactSet"
             for fact in node["facts"]]
    quote = deps.journey.quote(order)
    names = {"DE": "Germany", "GB": "United Kingdom"}
    for line in quote.lines:
        label = f"{names[line.country]} · {line.description} × {line.quantity}"
        assert (label, format_money(line.total, LOCALE)) in facts
    assert set(quote.installation_totals) == {"EUR", "GBP"}
    totals = [value for title, value in facts if title.startswith("Total (")]
    expected = [format_money(money, LOCALE) for totals_of in (quote.installation_totals, quote.monthly_totals)
                for money in totals_of.values()]
    assert sorted(totals) == sorted(expected)
    assert "Installation (one-off) in EUR" in said(card) and "Monthly in GBP" in said(card)


@pytest.mark.parametrize(("title", "goto"), EDITS)
async def test_each_edit_button_ends_with_its_goto(deps: Deps, storage, draft, title: str, goto: str) -> None:
    await prepare(deps, draft)
    chat, runner, card = await open_recap(deps, storage, draft)
    assert find_action(card, title)["associatedInputs"] == "none"
    await chat.click(card, title)
    assert runner.ended and runner.result == {"goto": goto}
    assert "going back to" in texts(chat.updated)


async def test_preflight_problems_are_listed_with_a_fix_button_each(deps: Deps, storage, draft) -> None:
    await prepare(deps, draft, contacts=False)

    def break_it(order: Order) -> None:
        order.country("DE").plan_id = None
        order.add_office("DE", Office(name="Annex", address=BERLIN, area_code="30"))

    await deps.journey.change(TENANT, draft.id, break_it)
    chat, runner, card = await open_recap(deps, storage, draft)
    listed = problems_on(card)
    assert listed["Add the ordering contact."]["goto"] == "contacts"
    assert listed["Choose a voice plan for Germany."]["goto"] == "countries"
    assert listed["Choose how many numbers Annex needs."]["goto"] == "offices"
    assert "Continue to contract" not in titles(card)
    assert "Fix the problems listed at the top" in said(card)
    await chat.submit(listed["Choose a voice plan for Germany."])
    assert runner.result == {"goto": "countries"}


async def test_a_500_number_order_fits_on_one_valid_card(deps: Deps, storage, draft) -> None:
    order = await prepare(deps, draft, offices=5, per_office=(90, 10))
    assert len(list(order.numbers())) == 500
    _, _, card = await open_recap(deps, storage, draft)
    assert_valid_card(card)
    text = said(card)
    assert text.count("100 of 100 numbers reserved") == 5
    for office in order.country("DE").offices:
        for run in ranges(held.number for held in office.numbers):
            assert f"{readable(run.first)}–{readable(run.last)} ({run.count})" in text
    assert "Continue to contract" in titles(card)


async def test_an_expired_hold_hides_continue_and_explains(deps: Deps, storage, draft,
                                                           clock: FakeClock) -> None:
    await prepare(deps, draft)
    clock.advance(timedelta(hours=13))
    _, _, card = await open_recap(deps, storage, draft)
    text = said(card)
    assert "Continue to contract" not in titles(card)
    assert "hold on your numbers has expired" in text and "Reserve them again" in text
    expired = [data for message, data in problems_on(card).items() if "has expired" in message]
    assert expired and all(data["goto"] == "offices" for data in expired)
    assert any("9 more numbers" in message for message in problems_on(card))


async def test_continue_ends_the_stage_for_the_contract(deps: Deps, storage, draft) -> None:
    await prepare(deps, draft)
    chat, runner, card = await open_recap(deps, storage, draft)
    await chat.click(card, "Continue to contract")
    assert runner.ended and runner.result == {"done": True}
    assert "Order checked" in texts(chat.updated)
    assert await chat.click(card, "Continue to contract") == []  # a double click does nothing more
    assert runner.result == {"done": True}


async def test_continue_on_a_card_drawn_before_the_hold_expired_is_refused(deps: Deps, storage, draft,
                                                                           clock: FakeClock) -> None:
    await prepare(deps, draft)
    chat, runner, card = await open_recap(deps, storage, draft)
    clock.advance(timedelta(hours=13))
    replies = await chat.click(card, "Continue to contract")
    assert "Not yet: The hold on your numbers has expired" in texts(replies)
    newer = last_card(replies)
    assert "Continue to contract" not in titles(newer) and not runner.ended
    stale = await chat.click(card, "Continue to contract")
    assert OUT_OF_DATE in texts(stale) and not runner.ended
    await chat.click(newer, "Edit offices and numbers")
    assert runner.result == {"goto": "offices"}


@pytest.mark.parametrize("value", [{"action": "edit", "goto": "recap"}, {"action": "edit"},
                                   {"action": "fix", "goto": "contract"},
                                   {"action": "continue", "tenant_id": "someone-else"}])
async def test_a_tampered_submit_is_refused_politely(deps: Deps, storage, draft,
                                                     value: dict[str, str]) -> None:
    await prepare(deps, draft)
    chat, runner, card = await open_recap(deps, storage, draft)
    token = find_action(card, "Help")["data"]["token"]
    replies = await chat.submit({**value, "token": token})
    assert "need another look" in texts(replies) and not runner.ended


async def test_another_tenants_order_is_not_found(deps: Deps, storage, draft) -> None:
    await prepare(deps, draft)
    other = "22222222-2222-2222-2222-222222222222"
    chat, runner = stage_chat(RecapStage(deps), storage, {"order_id": draft.id}, tenant=other)
    replies = await chat.say("hi")
    assert "not found" in texts(replies) and all(not cards_in(reply) for reply in replies)
    assert runner.result is None


def test_problems_about_single_numbers_are_grouped_and_the_list_is_capped() -> None:
    numbers = [Problem(code="reservation_expired", message=f"The hold on +49301{i} has expired.",
                       country="DE", office_id="o1", number=f"+49301{i}") for i in range(40)]
    others = [Problem(code="contact_missing", message=f"Add contact {i}.") for i in range(MAX_PROBLEMS + 2)]
    shown, more = problem_views(numbers + others)
    assert shown[0].message.endswith("The same goes for 39 more numbers of this office.")
    assert shown[0].goto == "offices" and shown[1].goto == "contacts"
    assert len(shown) == MAX_PROBLEMS and more == 3


def test_a_huge_order_drops_ranges_then_fee_lines_to_stay_under_the_limit() -> None:
    office = recap.OfficeView(title="Head office 1", address="Friedrichstraße 123, 10117 Berlin, Germany",
                              details="100 of 100 numbers reserved", more_ranges=40,
                              ranges=[f"+4930200000{i:02d}–+4930200001{i:02d} (100)" for i in range(6)])
    country = recap.CountryView(name="Germany", plan="Essentials", billing="BCN 400103 in EUR",
                                porting="New numbers only", options="call forwarding",
                                offices=[office] * 5)
    lines = [(f"Germany · Fee line {i} × 100", "€1,000.00") for i in range(70)]
    fees = recap.FeeTable("EUR", lines, "€40,000.00", lines, "€40,000.00")
    view = recap.RecapView(progress="Step 5 of 5: Recap", company="Contoso Ltd", tenant=TENANT,
                           ocn="100001", countries=[country] * 5, fees=[fees] * 3, contacts=["Ada"],
                           legal_address="221 Baker Street")
    card = recap.recap_card(view, "token")
    assert_valid_card(card)
    text = said(card)
    assert "+493020000000" not in text and "full list of numbers is in the contract PDF" in text
    assert "Fee line 1 " not in text and "itemised in the contract PDF" in text
    assert "€40,000.00" in text and "Continue to contract" in titles(card)
    small = recap.recap_card(recap.RecapView(**{**view.__dict__, "countries": [country], "fees": []}), "t")
    assert "+493020000000–+493020000100 (100)" in said(small)


async def test_porting_and_migration_are_shown_per_country(deps: Deps, storage, draft) -> None:
    await prepare(deps, draft, london=True)

    def port(order: Order) -> None:
        order.country("GB").porting, order.country("GB").porting_numbers = True, 20
        order.country("DE").migration = True

    await deps.journey.change(TENANT, draft.id, port)
    _, _, card = await open_recap(deps, storage, draft)
    text = said(card)
    assert "New numbers, porting 20 numbers (our sales team prepares the forms with you)" in text
    assert "New numbers, migration of your numbers" in text
    assert "Continue to contract" in titles(card)


async def test_an_order_cancelled_elsewhere_cannot_continue(deps: Deps, storage, draft) -> None:
    await prepare(deps, draft)
    chat, runner, card = await open_recap(deps, storage, draft)
    await deps.journey.cancel(TENANT, draft.id)
    replies = await chat.click(card, "Continue to contract")
    assert "can no longer be changed or submitted" in texts(replies)
    assert "Continue to contract" not in titles(last_card(replies)) and not runner.ended
