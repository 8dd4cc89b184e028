"""Both ways between the channel and the customer: "Message customer" reaches the customer's chat, the
customer's free text comes back to the case's thread, and Close stops it. Outsiders change nothing."""

from __future__ import annotations

from cards.sales import CLOSE_CASE, MESSAGE_CUSTOMER, PICK_UP, REPLY_INPUT
from services.notifications.events import EventKind
from tests.card_schema import assert_valid_card, cards_in
from tests.conftest import TENANT
from tests.integration.sales_channel.conftest import ADA, CUSTOMER_CHAT, MALLORY, SALES, Desk

MESSAGE = "application/vnd.microsoft.activity.message"


async def _picked_up(desk: Desk) -> str:
    await desk.register()
    handoff = await desk.hand_off()
    await desk.pump()
    await desk.click(ADA, PICK_UP, {"case_id": handoff.id})
    await desk.pump()
    desk.connector.reset()
    return handoff.id


async def test_a_message_from_sales_reaches_the_customer_and_is_kept_in_the_thread(desk: Desk) -> None:
    case_id = await _picked_up(desk)
    answer = await desk.click(ADA, MESSAGE_CUSTOMER, {"case_id": case_id, REPLY_INPUT: "When can we call?"})
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(answer["value"])
    assert "Message sent to the customer at 7 Dec 09:00 GMT." in str(answer["value"])
    [record] = desk.connector.posted
    assert record["_conversation"] == f"{SALES};messageid=card-root"
    assert record["text"] == "**Ada Lovelace** to the customer: When can we call?"

    [told] = await desk.pump()
    assert told["_conversation"] == CUSTOMER_CHAT
    [card] = cards_in(told)
    assert "Message from Ada Lovelace (Northwind Telecom sales)" in str(card)
    assert "When can we call?" in str(card)


async def test_the_customers_reply_goes_to_the_cases_thread(desk: Desk) -> None:
    case_id = await _picked_up(desk)
    case = await desk.components.sales.desk.cases.get(case_id)
    said = await desk.customer_says("Tomorrow at ten works for us")
    assert "I passed your message on to Ada Lovelace" in said
    [posted] = await desk.pump()
    assert posted["_conversation"] == f"{SALES};messageid={case.activity_id}"
    assert posted["text"] == "**Carl Customer**, Contoso Ltd wrote:\n\nTomorrow at ten works for us"


async def test_commands_and_card_answers_are_not_relayed(desk: Desk) -> None:
    await _picked_up(desk)
    await desk.customer_says("status")
    await desk.customer_says("start order")  # a sign-in card now waits for Carl's answer
    said = await desk.customer_says("is this thing on?")
    assert "passed your message" not in said
    assert await desk.events(EventKind.MESSAGE_FROM_CUSTOMER) == []


async def test_before_pick_up_the_customer_gets_the_menu(desk: Desk) -> None:
    await desk.register()
    await desk.hand_off()
    await desk.pump()
    desk.connector.reset()
    said = await desk.customer_says("hello?")  # the menu Carl saw first answers, as before
    assert said and "passed your message" not in said
    assert await desk.events(EventKind.MESSAGE_FROM_CUSTOMER) == []


async def test_an_outsider_cannot_message_the_customer(desk: Desk) -> None:
    case_id = await _picked_up(desk)
    typed = {"case_id": case_id, REPLY_INPUT: "Hi, send me money"}
    answer = await desk.click(MALLORY, MESSAGE_CUSTOMER, typed, tenant=TENANT)
    assert answer["type"] == MESSAGE and "Only Northwind Telecom staff" in answer["value"]
    assert await desk.events(EventKind.MESSAGE_FROM_SALES) == []
    assert desk.connector.posted == []


async def test_an_empty_message_is_refused(desk: Desk) -> None:
    case_id = await _picked_up(desk)
    answer = await desk.click(ADA, MESSAGE_CUSTOMER, {"case_id": case_id, REPLY_INPUT: "   "})
    assert answer == {"statusCode": 200, "type": MESSAGE, "value": "Type the message for the customer first."}


async def test_close_ends_the_relays_both_ways(desk: Desk) -> None:
    case_id = await _picked_up(desk)
    closed = await desk.click(ADA, CLOSE_CASE, {"case_id": case_id})
    assert "Closed by Ada Lovelace" in str(closed["value"])
    [told] = await desk.pump()
    assert told["_conversation"] == CUSTOMER_CHAT
    assert "closed the conversation about your order" in str(cards_in(told))

    refused = await desk.click(ADA, MESSAGE_CUSTOMER, {"case_id": case_id, REPLY_INPUT: "One more thing"})
    assert refused["value"] == "This case is closed: messages no longer reach the customer."
    said = await desk.customer_says("thanks, bye")
    assert "passed your message" not in said
    assert await desk.events(EventKind.MESSAGE_FROM_CUSTOMER) == []
    assert len(await desk.events(EventKind.MESSAGE_FROM_SALES)) == 1
