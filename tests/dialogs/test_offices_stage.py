"""The offices stage through botbuilder's TestAdapter: the overview of each country's offices, moving
from country to country, removing offices, and the rules every step keeps (stale cards, double clicks,
another tenant's order). Real services over a temporary SQLite file.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from botbuilder.schema import ActivityTypes

from dialogs.card_prompt import OUT_OF_DATE
from dialogs.offices_stage import NOT_FOUND, OfficesStage
from tests.card_schema import cards_in
from tests.conftest import TENANT, texts
from tests.dialogs.conftest import stage_chat
from tests.dialogs.office_flow import (
    BERLIN,
    OTHER_TENANT,
    PARIS,
    add_berlin,
    held,
    last_card,
    office_in,
    opened,
    raw,
    titles,
    value_of,
    with_countries,
)


@pytest.mark.parametrize(("timezone", "until"), [("Europe/Berlin", "7 Dec 22:00 CET"),
                                                  ("Asia/Tokyo", "8 Dec 06:00 JST")])
async def test_reserving_shows_ranges_and_the_hold_end_in_the_chat_time_zone(
        deps, draft, storage, timezone: str, until: str) -> None:
    await with_countries(deps, draft, "DE", "FR")
    chat, _, overview = await opened(deps, storage, draft, timezone=timezone)
    assert "Step 2 of 5: Offices and numbers" in raw(overview)
    assert "Offices in Germany" in raw(overview)
    replies = await add_berlin(chat, overview, users="90", resource_accounts="10")
    assert all(reply.type != ActivityTypes.typing for reply in replies), "a quick reservation shows no typing"
    card = last_card(replies)
    assert "Reserved 100 numbers for Berlin HQ: +49 30 " in raw(card)
    assert f"held until {until} (12 h 00 min left)" in raw(card)
    assert "–" in raw(card) and raw(card).count("+49") <= 4, "100 numbers are shown as ranges"
    assert "Friedrichstraße 43, 10117 Berlin" in raw(card) and "030" in raw(card)
    assert "90 for users, 10 for resource accounts" in raw(card)
    order = await deps.journey.load(TENANT, draft.id)
    assert len(order.country("DE").offices[0].numbers) == 100
    assert await held(deps) == 100
    receipt = cards_in(chat.updated[0])[0]
    assert "100 numbers reserved for Berlin HQ" in raw(receipt)


async def test_a_sixth_office_is_refused(deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    for index in range(5):
        await office_in(deps, draft.id, {**BERLIN, "name": f"Berlin {index + 1}"}, users=100)
    chat, _, overview = await opened(deps, storage, draft)
    assert "Add office" not in titles(overview)
    assert "Germany has 5 offices, the most one order can have" in raw(overview)
    token = overview["actions"][0]["data"]["token"]
    replies = await chat.submit({"action": "add", "token": token})
    assert "You can add at most 5 offices in Germany" in texts(replies)
    assert len((await deps.journey.load(TENANT, draft.id)).country("DE").offices) == 5
    assert await held(deps) == 500


async def test_a_stale_card_changes_nothing(deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    chat, _, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Add office"))
    replies = await chat.click(overview, "Add office")
    assert OUT_OF_DATE in texts(replies)
    assert last_card(replies)["body"] == form["body"], "the current card is shown again"
    back = await chat.click(form, "Back")
    assert "Offices in Germany" in texts(back)
    assert OUT_OF_DATE in texts(await chat.click(form, "Validate and save", **BERLIN))
    assert (await deps.journey.load(TENANT, draft.id)).country("DE").offices == []


async def test_pressing_reserve_numbers_twice_holds_the_numbers_once(deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    chat, _, overview = await opened(deps, storage, draft)
    form = last_card(await chat.click(overview, "Add office"))
    area = last_card(await chat.click(form, "Validate and save", **BERLIN))
    quantities = last_card(await chat.click(area, "Use this area code", area_code="30"))
    first = await chat.click(quantities, "Reserve numbers", users="20", resource_accounts="0")
    second = await chat.click(quantities, "Reserve numbers", users="20", resource_accounts="0")
    assert "Reserved 20 numbers" in texts(first)
    assert OUT_OF_DATE in texts(second) and "Reserved" not in texts(second[:1])
    assert len((await deps.journey.load(TENANT, draft.id)).country("DE").offices[0].numbers) == 20
    assert await held(deps) == 20


async def test_an_order_of_another_tenant_is_not_found(deps, storage) -> None:
    theirs = await deps.journey.start(OTHER_TENANT, "100002")
    await deps.journey.change(OTHER_TENANT, theirs.id, lambda o: o.add_country("DE"))
    await office_in(deps, theirs.id, {**BERLIN, "name": "Secret lab"}, tenant=OTHER_TENANT)
    chat, runner = stage_chat(OfficesStage(deps), storage, {"order_id": theirs.id})
    replies = await chat.say("hi")
    assert texts(replies) == NOT_FOUND
    assert not any(cards_in(reply) for reply in replies)
    assert "Secret lab" not in texts(replies) and "Fabrikam" not in texts(replies)
    assert runner.ended


async def test_removing_an_office_releases_its_numbers(deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    await office_in(deps, draft.id, BERLIN, users=20)
    chat, _, overview = await opened(deps, storage, draft)
    confirm = last_card(await chat.click(overview, "Remove"))
    assert "Remove Berlin HQ?" in raw(confirm) and "Its 20 held numbers go back to the pool" in raw(confirm)
    kept = last_card(await chat.click(confirm, "No, keep it"))
    assert await held(deps) == 20 and "Berlin HQ" in raw(kept)
    confirm = last_card(await chat.click(kept, "Remove"))
    removed = last_card(await chat.click(confirm, "Yes, remove the office"))
    assert "Berlin HQ was removed; its 20 numbers went back to the pool" in raw(removed)
    assert await held(deps) == 0
    assert (await deps.journey.load(TENANT, draft.id)).country("DE").offices == []


async def test_next_country_waits_for_every_office_and_done_ends_the_stage(deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE", "FR")
    await office_in(deps, draft.id, BERLIN)
    chat, runner, overview = await opened(deps, storage, draft)
    assert "Next country" not in titles(overview)
    assert "Still to do: Berlin HQ" in raw(overview)
    token = overview["actions"][0]["data"]["token"]
    still = last_card(await chat.submit({"action": "next", "token": token}))
    assert "Offices in Germany" in raw(still) and "Still to do: Berlin HQ" in raw(still)
    quantities = last_card(await chat.click(still, "Reserve numbers"))
    assert "Numbers for Berlin HQ" in raw(quantities), "the area code is known: straight to the numbers"
    germany = last_card(await chat.click(quantities, "Reserve numbers", users="3", resource_accounts="0"))
    france = last_card(await chat.click(germany, "Next country"))
    assert "Offices in France" in raw(france) and "Offices in Germany done" in raw(chat.updated[0].as_dict())
    form = last_card(await chat.click(france, "Add office"))
    area = last_card(await chat.click(form, "Validate and save", **PARIS))
    quantities = last_card(await chat.click(area, "Use this area code", area_code="1"))
    finished = last_card(await chat.click(quantities, "Reserve numbers", users="4", resource_accounts="0"))
    assert "+33 1 " in raw(finished) and not runner.ended
    await chat.click(finished, "Done")
    assert runner.ended and runner.result is None


async def test_an_office_that_is_not_in_the_order_is_answered_politely(deps, draft, storage) -> None:
    await with_countries(deps, draft, "DE")
    chat, _, overview = await opened(deps, storage, draft)
    token = overview["actions"][0]["data"]["token"]
    replies = await chat.submit({"action": "edit", "office_id": "not-an-office", "token": token})
    assert "There is no office" in texts(replies) and "Offices in Germany" in texts(replies)
    token = last_card(replies)["actions"][0]["data"]["token"]
    replies = await chat.submit({"action": "edit", "office_id": "x", "token": token, "tenant_id": "evil"})
    assert "need another look" in texts(replies)
    assert (await deps.journey.load(TENANT, draft.id)).country("DE").offices == []


async def test_an_expired_hold_is_shown_and_the_numbers_can_be_reserved_again(
        deps, draft, storage, clock) -> None:
    await with_countries(deps, draft, "DE")
    office = await office_in(deps, draft.id, BERLIN, users=20)
    clock.advance(timedelta(hours=13))
    chat, runner, overview = await opened(deps, storage, draft)
    assert "hold has expired" in raw(overview) and "Done" not in titles(overview)
    quantities = last_card(await chat.click(overview, "Reserve numbers"))
    assert value_of(quantities, "users") == 20
    again = last_card(await chat.click(quantities, "Reserve numbers", users="20", resource_accounts="0"))
    assert "Numbers held until 8 Dec 11:00 CET (12 h 00 min left)" in raw(again)
    numbers = (await deps.journey.load(TENANT, draft.id)).country("DE").office(office.id).numbers
    assert len(numbers) == 20 and all(not number.is_expired(clock.now()) for number in numbers)
    assert await held(deps) == 20
    await chat.click(again, "Done")
    assert runner.ended
