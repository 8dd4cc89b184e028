"""The office forms of the offices stage through botbuilder's TestAdapter: the emergency address,
the local area code, the quantities and the reservation, with every error path the issue names.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cards.office_forms import AddressFormView, address_form_card
from cards.offices import CardFrame
from dialogs.office_address import address_format
from services.domain.errors import Conflict
from services.inventory import NotEnoughNumbers
from tests.card_schema import assert_valid_card
from tests.clock import FakeClock
from tests.conftest import TENANT, find_action, texts
from tests.dialogs.office_flow import (
    BERLIN,
    HELSINKI,
    error_under,
    held,
    last_card,
    office_in,
    opened,
    raw,
    value_of,
    with_countries,
)


async def test_an_invalid_address_is_shown_again_with_errors_under_fields_and_nothing_saved(
        deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    chat, _, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Add office"))
    typed = {**BERLIN, "name": "", "postal_code": "1011", "extra": "3rd floor"}
    again = last_card(await chat.click(form, "Validate and save", **typed))
    assert "Nothing was saved" in raw(again)
    assert "does not look right for Germany" in error_under(again, "postal_code")
    assert "Give the office a name" in error_under(again, "name")
    assert error_under(again, "street") is None
    assert {name: value_of(again, name) for name in typed} == typed
    assert find_action(again, "Validate and save")["associatedInputs"] == "auto"
    assert (await deps.journey.load(TENANT, draft.id)).country("DE").offices == []

    po_box = last_card(await chat.click(again, "Validate and save", **{**BERLIN, "street": "Postfach"}))
    assert "PO box" in error_under(po_box, "street")
    saved = await chat.click(po_box, "Validate and save", **BERLIN)
    assert "Local area code for Berlin HQ" in texts(saved)
    [office] = (await deps.journey.load(TENANT, draft.id)).country("DE").offices
    assert (office.name, office.address.street, office.address.postal_code) == (
        "Berlin HQ", "Friedrichstraße", "10117")


async def test_an_area_code_of_another_city_is_refused_next_to_the_field(deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    chat, _, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Add office"))
    area = last_card(await chat.click(form, "Validate and save", **BERLIN))
    assert [c["value"] for c in area["body"][3]["choices"]] == ["30"]
    refused = last_card(await chat.click(area, "Use this area code", area_code="89"))
    assert "089 is the area code of Munich, not of Berlin" in error_under(refused, "area_code")
    assert (await deps.journey.load(TENANT, draft.id)).country("DE").offices[0].area_code is None

    search = last_card(await chat.click(refused, "Show all area codes"))
    assert "search them by city" in raw(search)
    found = last_card(await chat.click(search, "Search", search="Hamburg"))
    assert "040 – Hamburg" in raw(found)
    refused = last_card(await chat.click(found, "Use this area code", area_code="40"))
    assert "not of Berlin" in error_under(refused, "area_code")
    nothing = last_card(await chat.click(refused, "Show all area codes"))
    nothing = last_card(await chat.click(nothing, "Search", search="Atlantis"))
    assert "No area code in Germany matches" in error_under(nothing, "search")
    back = last_card(await chat.click(nothing, "Area codes of Berlin"))
    quantities = await chat.click(back, "Use this area code", area_code="030")
    assert "Numbers for Berlin HQ" in texts(quantities)
    assert (await deps.journey.load(TENANT, draft.id)).country("DE").offices[0].area_code == "30"


async def test_more_than_100_numbers_are_refused_next_to_the_field_and_nothing_is_held(
        deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    chat, _, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Add office"))
    area = last_card(await chat.click(form, "Validate and save", **BERLIN))
    quantities = last_card(await chat.click(area, "Use this area code", area_code="30"))
    refused = last_card(await chat.click(quantities, "Reserve numbers", users="101", resource_accounts="0"))
    assert "at most 100 numbers" in error_under(refused, "users")
    assert (value_of(refused, "users"), value_of(refused, "resource_accounts")) == (101, 0)
    split = last_card(await chat.click(refused, "Reserve numbers", users="60", resource_accounts="41"))
    assert "you asked for 101" in error_under(split, "users")
    words = last_card(await chat.click(split, "Reserve numbers", users="ten", resource_accounts="-1"))
    assert "whole number" in error_under(words, "users")
    assert "whole number" in error_under(words, "resource_accounts")
    none = last_card(await chat.click(words, "Reserve numbers", users="0", resource_accounts="0"))
    assert "at least one number" in error_under(none, "users")
    office = (await deps.journey.load(TENANT, draft.id)).country("DE").offices[0]
    assert (office.quantities, office.numbers) == (None, [])
    assert await held(deps) == 0


async def test_a_country_without_area_codes_reserves_without_asking(deps, draft, storage) -> None:
    assert not deps.catalogue.country("FI").area_code_required
    await with_countries(deps, draft, "FI")
    chat, runner, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Add office"))
    quantities = await chat.click(form, "Validate and save", **HELSINKI)
    assert "Local area code" not in texts(quantities) and "Numbers for Helsinki" in texts(quantities)
    done = last_card(await chat.click(last_card(quantities), "Reserve numbers", users="5",
                                      resource_accounts="1"))
    assert "Reserved 6 numbers for Helsinki: +358 9 " in raw(done)
    assert (await deps.journey.load(TENANT, draft.id)).country("FI").offices[0].area_code == "9"
    assert await held(deps, "FI", "9") == 6
    await chat.click(done, "Done")
    assert runner.ended and runner.result is None


async def test_a_failed_reservation_leaves_the_office_as_it_was(deps, draft, storage, monkeypatch) -> None:
    await with_countries(deps, draft, "DE")
    office = await office_in(deps, draft.id, BERLIN, users=20)
    before = (await deps.journey.load(TENANT, draft.id)).country("DE").office(office.id)
    chat, _, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Edit"))
    assert "holds 20 numbers" in raw(form) and value_of(form, "street") == "Friedrichstraße"
    area = last_card(await chat.click(form, "Validate and save", **BERLIN))
    quantities = last_card(await chat.click(area, "Use this area code", area_code="30"))
    assert "Reserving again replaces them" in raw(quantities)
    busy = Conflict("Other reservations took the numbers. Please try again.", code="reservation_busy")
    for error in (NotEnoughNumbers(country="DE", area_code="30", wanted=30, available=12), busy):
        async def refuse(*args: Any, error: Exception = error, **kwargs: Any) -> None:
            raise error

        monkeypatch.setattr(deps.journey.inventory, "reserve", refuse)
        quantities = last_card(await chat.click(quantities, "Reserve numbers", users="30",
                                                resource_accounts="0"))
        assert error.message in raw(quantities) and value_of(quantities, "users") == 30
        assert (await deps.journey.load(TENANT, draft.id)).country("DE").office(office.id) == before
    assert await held(deps) == 20


async def test_a_new_address_releases_the_numbers_and_says_so(deps, draft, storage, clock: FakeClock) -> None:
    await with_countries(deps, draft, "DE")
    await office_in(deps, draft.id, BERLIN, users=20)
    clock.advance(timedelta(minutes=90))
    chat, _, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Edit"))
    assert "held until 7 Dec 22:00 CET (10 h 30 min left)" in raw(form)
    moved = {**BERLIN, "street": "Unter den Linden", "house_number": "77"}
    replies = await chat.click(form, "Validate and save", **moved)
    assert "The address changed, so the 20 numbers held for Berlin HQ went back to the pool" in texts(replies)
    assert await held(deps) == 0
    office = (await deps.journey.load(TENANT, draft.id)).country("DE").offices[0]
    assert (office.address.street, office.numbers) == ("Unter den Linden", [])
    back = last_card(await chat.click(last_card(replies), "Back to the offices"))
    assert "Held" in raw(back) and "none yet" in raw(back)
    assert find_action(back, "Reserve numbers")["data"]["office_id"] == office.id


def test_the_address_form_asks_for_a_region_only_where_the_country_needs_one() -> None:
    frame = CardFrame(progress="Step 2 of 5: Offices and numbers")
    spain = address_form_card(AddressFormView(frame=frame, title="New office in Spain", country="Spain",
                                              values={"region": "M"}, **address_format("ES")), "token")
    assert_valid_card(spain)
    [region] = [element for element in spain["body"] if element.get("id") == "region"]
    assert (region["label"], region["value"], region["isRequired"]) == ("Province", "M", True)
    assert {"title": "Madrid", "value": "M"} in region["choices"]
    germany = address_form_card(AddressFormView(frame=frame, title="New office in Germany", country="Germany",
                                                values={}, **address_format("DE")), "token")
    assert not [element for element in germany["body"] if element.get("id") == "region"]
