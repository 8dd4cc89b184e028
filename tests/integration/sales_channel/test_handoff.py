"""A handoff reaches the sales channel as a card, through the real outbox and worker; Pick up updates it
for everyone, only the first click wins (also when two land at once), and the customer hears who has
their order. People outside the operator's tenant change nothing."""

from __future__ import annotations

import asyncio

from cards.sales import CLOSE_CASE, PICK_UP
from services.notifications.events import EventKind
from services.notifications.outbox import OutboxState
from services.sales_channel.models import CaseStatus
from tests.card_schema import assert_valid_card, cards_in
from tests.conftest import TENANT
from tests.integration.sales_channel.conftest import ADA, CUSTOMER_CHAT, GRACE, MALLORY, SALES, Desk

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


async def _posted_case(desk: Desk) -> tuple[str, dict]:
    await desk.register()
    desk.connector.reset()
    handoff = await desk.hand_off()
    [posted] = await desk.pump()
    [card] = cards_in(posted)
    return handoff.id, card


async def test_a_handoff_is_posted_once_as_a_card_in_the_sales_channel(desk: Desk) -> None:
    case_id, card = await _posted_case(desk)
    assert_valid_card(card)
    [posted] = desk.connector.posted
    assert posted["_conversation"] == SALES  # a new post: its replies are the case's thread
    words = str(card)
    for expected in ("Porting or migration order", "Contoso Ltd", TENANT, "Germany, France",
                     "carl@contoso.example", "Waiting for someone to pick it up"):
        assert expected in words
    assert [action["title"] for action in card["actions"]] == ["Pick up", "Close"]
    case = await desk.components.sales.desk.cases.get(case_id)
    assert (case.activity_id, case.thread_id) == (posted["_id"], f"{SALES};messageid={posted['_id']}")
    assert case.customer_user_id == "aad-carl"

    await desk.hand_off()  # a new handoff: a new case
    handoff = await desk.components.sales.desk.cases.get(case_id)
    again = await desk.pump()
    assert len(again) == 1 and handoff.activity_id == posted["_id"]


async def test_the_same_handoff_notified_twice_is_one_card(desk: Desk) -> None:
    await desk.register()
    handoff = await desk.hand_off()
    from services.sales_channel.notifier import ChannelSalesNotifier

    await ChannelSalesNotifier(desk.outbox, desk.components.services.deps.sales).notify(handoff)
    desk.connector.reset()
    assert len(await desk.pump()) == 1
    assert len(await desk.events(EventKind.HANDOFF)) == 1


async def test_without_a_registered_channel_the_handoff_is_skipped_not_retried(desk: Desk) -> None:
    await desk.hand_off()
    assert await desk.pump() == []
    [entry] = await desk.outbox.entries()
    assert entry.state is OutboxState.SKIPPED


async def test_an_outsider_cannot_pick_up(desk: Desk) -> None:
    case_id, _ = await _posted_case(desk)
    answer = await desk.click(MALLORY, PICK_UP, {"case_id": case_id}, tenant=TENANT)
    assert answer["type"] == MESSAGE and "Only Northwind Telecom staff" in answer["value"]
    assert (await desk.components.sales.desk.cases.get(case_id)).status is CaseStatus.OPEN
    assert await desk.events(EventKind.SALES_PICKED_UP) == []


async def test_pick_up_updates_the_card_and_tells_the_customer_who_has_it(desk: Desk) -> None:
    case_id, _ = await _posted_case(desk)
    answer = await desk.click(ADA, PICK_UP, {"case_id": case_id})
    assert answer["type"] == CARD
    card = answer["value"]
    assert_valid_card(card)
    assert "Picked up by Ada Lovelace at 7 Dec 09:00 GMT" in str(card)
    assert [action["title"] for action in card["actions"]] == ["Message customer", "Close"]

    [told] = await desk.pump()
    assert told["_conversation"] == CUSTOMER_CHAT
    assert "Ada Lovelace from the Northwind Telecom sales team picked up your order" in str(cards_in(told))

    second = await desk.click(GRACE, PICK_UP, {"case_id": case_id})
    assert second["type"] == MESSAGE
    assert second["value"] == "Ada Lovelace picked this up already, at 7 Dec 09:00 GMT."
    assert len(await desk.events(EventKind.SALES_PICKED_UP)) == 1
    assert await desk.pump() == []


async def test_two_clicks_at_once_one_wins_the_other_is_told_who(desk: Desk) -> None:
    case_id, _ = await _posted_case(desk)
    answers = await asyncio.gather(desk.click(ADA, PICK_UP, {"case_id": case_id}, root="r-ada"),
                                   desk.click(GRACE, PICK_UP, {"case_id": case_id}, root="r-grace"))
    kinds = sorted(answer["type"] for answer in answers)
    assert kinds == sorted([CARD, MESSAGE])
    case = await desk.components.sales.desk.cases.get(case_id)
    [told] = [answer["value"] for answer in answers if answer["type"] == MESSAGE]
    assert told.startswith(f"{case.picked_up_by} picked this up already")
    assert len(await desk.events(EventKind.SALES_PICKED_UP)) == 1


async def test_close_by_an_outsider_is_refused_and_by_staff_closes_for_good(desk: Desk) -> None:
    case_id, _ = await _posted_case(desk)
    refused = await desk.click(MALLORY, CLOSE_CASE, {"case_id": case_id}, tenant=TENANT)
    assert refused["type"] == MESSAGE
    closed = await desk.click(ADA, CLOSE_CASE, {"case_id": case_id})
    assert closed["type"] == CARD and "Closed by Ada Lovelace" in str(closed["value"])
    assert "actions" not in closed["value"]
    again = await desk.click(GRACE, PICK_UP, {"case_id": case_id})
    assert again == {"statusCode": 200, "type": MESSAGE,
                     "value": "Ada Lovelace closed this case at 7 Dec 09:00 GMT."}
    assert await desk.events(EventKind.MESSAGE_FROM_SALES) == []  # never picked up: nobody to tell
