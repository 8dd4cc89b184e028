"""Proactive delivery through the fake Bot Connector: throttling, gateway errors, gone chats, pacing.

The chat reference comes from a real turn posted to create_app; events go through the outbox worker,
the messenger and CloudAdapter.continue_conversation to the connector, which can answer 429 (with
Retry-After), 502, 504, 403 or 404 as scripted.
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

import pytest
from botbuilder.core import MessageFactory

from services.notifications.errors import RecipientGone
from services.notifications.events import EventKind
from services.notifications.outbox import OutboxState
from tests.card_schema import assert_valid_card, cards_in
from tests.conftest import TENANT
from tests.fake_connector import Answer
from tests.integration.notifications.conftest import CHAT, USER, Notifications


def card_texts(posted: dict) -> str:
    [card] = cards_in(posted)
    assert_valid_card(card)
    return " ".join(block.get("text", "") for block in card["body"])


async def test_a_signing_link_arrives_as_a_card_with_a_button(notifications: Notifications) -> None:
    event = await notifications.publish(EventKind.SIGNING_LINK, "The contract was sent to Ada for signature.",
                                        url="https://sign.example.test/s/abc")
    report = await notifications.worker.deliver_due()
    assert report.delivered == [event.id]
    [posted] = notifications.connector.posted
    assert posted["_conversation"] == CHAT
    [card] = cards_in(posted)
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Review and sign",
                                "url": "https://sign.example.test/s/abc"}]
    assert notifications.order.id[:8].upper() in card_texts(posted)
    assert posted["summary"] == "Your contract is ready to sign"


async def test_429_is_retried_after_retry_after_and_the_message_arrives_once(
        notifications: Notifications) -> None:
    notifications.connector.script(Answer.throttled("1"), conversation=CHAT)
    event = await notifications.publish(EventKind.SIGNED, "Ada signed the contract.")
    report = await notifications.worker.deliver_due()
    assert report.delivered == [event.id]
    assert notifications.connector.statuses(CHAT) == [429, 200]
    assert notifications.time.sleeps and notifications.time.sleeps[0] >= 1.0
    arrivals = [r.at for r in notifications.connector.requests]
    assert arrivals[1] - arrivals[0] >= 1.0
    assert [card_texts(p) for p in notifications.connector.posted] == [
        f"Contract signed Ada signed the contract. Order {notifications.order.id[:8].upper()}"]
    assert not await notifications.worker.deliver_due()
    assert len(notifications.connector.posted) == 1
    assert (await notifications.outbox.get(event.id)).state is OutboxState.DELIVERED


async def test_retry_after_as_an_http_date_is_honoured(notifications: Notifications) -> None:
    when = notifications.clock.now() + timedelta(seconds=3)
    notifications.connector.script(Answer(429, {"Retry-After": format_datetime(when, usegmt=True)}))
    await notifications.publish(EventKind.PROCESSING, "Your order is being processed.")
    assert (await notifications.worker.deliver_due()).delivered
    assert notifications.time.sleeps[0] >= 3.0
    assert len(notifications.connector.posted) == 1


async def test_502_and_504_are_retried_with_growing_backoff(notifications: Notifications) -> None:
    notifications.connector.script(502, 504, 502, conversation=CHAT)
    event = await notifications.publish(EventKind.COMPLETED, "Your order is complete.")
    assert (await notifications.worker.deliver_due()).delivered == [event.id]
    assert notifications.connector.statuses() == [502, 504, 502, 200]
    first, second, third = notifications.time.sleeps[:3]
    assert 1.0 <= first < second < third
    assert len(notifications.connector.posted) == 1


async def test_throttling_beyond_the_budget_goes_back_to_the_outbox_and_arrives_once_later(
        notifications: Notifications) -> None:
    notifications.connector.script(Answer.throttled("120"), conversation=CHAT)
    event = await notifications.publish(EventKind.NUMBERS_UPLOADED, "Your numbers are in your tenant.")
    started = notifications.clock.now()
    report = await notifications.worker.deliver_due()
    assert report.retrying == [event.id]
    entry = await notifications.outbox.get(event.id)
    assert entry.state is OutboxState.PENDING and entry.next_attempt_at >= started + timedelta(seconds=120)
    assert notifications.connector.posted == [] and notifications.time.sleeps == []
    assert not await notifications.worker.deliver_due()  # not before Retry-After
    notifications.clock.advance(timedelta(seconds=150))
    assert (await notifications.worker.deliver_due()).delivered == [event.id]
    assert notifications.connector.statuses() == [429, 200]
    assert len(notifications.connector.posted) == 1


async def test_a_message_teams_refuses_fails_at_once_and_does_not_hold_up_the_next(
        notifications: Notifications) -> None:
    notifications.connector.script(400, conversation=CHAT)
    refused = await notifications.publish(EventKind.SIGNED, "Ada signed the contract.")
    after = await notifications.publish(EventKind.PROCESSING, "Your order is being processed.")
    report = await notifications.worker.deliver_due()
    assert (report.failed, report.delivered) == ([refused.id], [after.id])
    assert notifications.connector.statuses() == [400, 200]
    assert (await notifications.outbox.get(refused.id)).last_error.startswith("rejected:")


@pytest.mark.parametrize("status", [403, 404])
async def test_a_gone_chat_is_marked_inactive_not_retried_and_later_events_are_skipped(
        notifications: Notifications, status: int) -> None:
    notifications.connector.always(CHAT, status)
    first = await notifications.publish(EventKind.SIGNED, "Ada signed the contract.")
    report = await notifications.worker.deliver_due()
    assert report.skipped == [first.id] and not report.retrying
    assert notifications.connector.statuses() == [status]
    ref = await notifications.conversations.get(TENANT, USER)
    assert ref is not None and ref.active is False
    later = await notifications.publish(EventKind.PROCESSING, "Your order is being processed.")
    notifications.clock.advance(timedelta(hours=1))
    assert (await notifications.worker.deliver_due()).skipped == [later.id]
    assert notifications.connector.statuses() == [status]  # nothing sent to a chat that is gone
    assert (await notifications.outbox.get(first.id)).state is OutboxState.SKIPPED


async def test_a_user_who_reinstalls_the_app_hears_from_the_bot_again(notifications: Notifications) -> None:
    notifications.connector.always(CHAT, 403)
    await notifications.publish(EventKind.HOLD_EXPIRING, "Your numbers expire soon.")
    await notifications.worker.deliver_due()
    assert not (await notifications.conversations.get(TENANT, USER)).active
    notifications.connector.clear()
    await notifications.turn(type="installationUpdate", action="add")
    assert (await notifications.conversations.get(TENANT, USER)).active
    notifications.connector.reset()
    event = await notifications.publish(EventKind.HOLD_EXPIRED, "Your numbers went back to the pool.")
    assert (await notifications.worker.deliver_due()).delivered == [event.id]
    assert len(notifications.connector.posted) == 1


async def test_twenty_messages_to_one_chat_are_paced_at_seven_a_second_in_order(
        notifications: Notifications) -> None:
    texts = [f"Message {n} from sales." for n in range(20)]
    for text in texts:
        await notifications.publish(EventKind.MESSAGE_FROM_SALES, text, sender="Sam from sales")
    report = await notifications.worker.deliver_due()
    assert len(report.delivered) == 20
    arrivals = [r.at for r in notifications.connector.requests]
    assert len(arrivals) == 20 and arrivals[-1] - arrivals[0] >= 2.0
    assert max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals) <= 7
    assert [card_texts(p).split(" Message ")[1].split(" from")[0] for p in notifications.connector.posted] \
        == [str(n) for n in range(20)]


async def test_a_dropped_connection_leaves_the_event_for_a_later_attempt(
        notifications: Notifications) -> None:
    notifications.connector.script(Answer.dropped())
    event = await notifications.publish(EventKind.COMPLETED, "Your order is complete.")
    assert (await notifications.worker.deliver_due()).retrying == [event.id]
    entry = await notifications.outbox.get(event.id)
    assert entry.state is OutboxState.PENDING and "could not be reached" in entry.last_error
    assert (await notifications.conversations.get(TENANT, USER)).active
    notifications.clock.advance(timedelta(minutes=1))
    assert (await notifications.worker.deliver_due()).delivered == [event.id]
    assert notifications.connector.statuses() == [0, 200] and len(notifications.connector.posted) == 1


async def test_post_and_update_are_paced_and_retried_and_a_gone_conversation_raises(
        notifications: Notifications) -> None:
    ref = await notifications.conversations.get(TENANT, USER)
    messenger = notifications.messenger
    activity_id = await messenger.post(ref.reference, MessageFactory.text("A case for sales"))
    assert activity_id == notifications.connector.posted[0]["_id"]
    notifications.connector.script(Answer.throttled("1"))
    await messenger.update(ref.reference, activity_id, MessageFactory.text("Picked up by Sam"))
    assert [u["text"] for u in notifications.connector.updated] == ["Picked up by Sam"]
    assert notifications.connector.statuses() == [200, 429, 200]
    notifications.connector.always(CHAT, 404)
    with pytest.raises(RecipientGone):
        await messenger.post(ref.reference, MessageFactory.text("Anyone there?"))
