"""What publishes into the outbox: the order chat notifier the submission uses, and the hold events of
the inventory's expiry sweep. Both publish each message once, whatever calls them twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.domain.status import OrderStatus
from services.inventory.model import HeldNumber, Hold
from services.notifications.chat import OrderChatNotifier
from services.notifications.events import EventKind
from services.notifications.hold_events import OutboxHoldEvents
from services.orders.sqlite import SqliteOrderStore
from services.storage.sqlite import SqliteDatabase
from tests.clock import FakeClock
from tests.unit.domain.conftest import complete_order


@pytest.fixture
def orders(databases: list[SqliteDatabase]) -> SqliteOrderStore:
    return SqliteOrderStore(databases[0])


async def test_the_signing_link_is_published_once_with_its_url(outbox, orders) -> None:
    order = complete_order()
    order.status = OrderStatus.AWAITING_SIGNATURE
    await orders.add(order)
    notifier = OrderChatNotifier(outbox, FakeClock(), orders)
    text = "The contract was sent to Grace Hopper for signature: http://localhost:3978/sign/abc123."
    await notifier.notify(order.tenant_id, order.id, text)
    await notifier.notify(order.tenant_id, order.id, text)  # a retried step
    [entry] = await outbox.entries()
    assert entry.event.kind is EventKind.SIGNING_LINK and entry.event.order_id == order.id
    assert entry.event.data == {"url": "http://localhost:3978/sign/abc123"}
    await notifier.notify(order.tenant_id, order.id, "Grace Hopper signed.", kind=EventKind.SIGNED)
    assert [e.event.kind for e in await outbox.entries()] == [EventKind.SIGNING_LINK, EventKind.SIGNED]


async def test_without_a_kind_the_orders_status_names_it(outbox, orders) -> None:
    order = complete_order()
    order.status = OrderStatus.PROCESSING
    await orders.add(order)
    notifier = OrderChatNotifier(outbox, FakeClock(), orders)
    await notifier.notify(order.tenant_id, order.id, "Signed; processing.")
    [entry] = await outbox.entries()
    assert entry.event.kind is EventKind.PROCESSING and entry.event.data == {}


def hold_of(order_id: str, office_id: str, count: int = 3) -> Hold:
    numbers = [HeldNumber(e164=f"+493012340{n:03d}", usage="user") for n in range(count)]
    return Hold.new(tenant_id="tenant-1", order_id=order_id, office_id=office_id, country="DE",
                    area_code="30", numbers=numbers, now=datetime(2026, 12, 7, 9, 0, tzinfo=UTC))


async def test_hold_events_name_the_office_and_the_time_in_utc_once_per_hold(outbox, orders) -> None:
    order = complete_order()
    await orders.add(order)
    office = order.countries[0].offices[0]
    hold = hold_of(order.id, office.id)
    events = OutboxHoldEvents(outbox, FakeClock(), orders)
    await events.hold_expiring(hold)
    await events.hold_expiring(hold)  # a second sweeper
    await events.hold_expired(hold)
    expiring, expired = (entry.event for entry in await outbox.entries())
    assert (expiring.key, expired.key) == (f"hold_expiring:{hold.hold_id}", f"hold_expired:{hold.hold_id}")
    assert expiring.kind is EventKind.HOLD_EXPIRING and expired.kind is EventKind.HOLD_EXPIRED
    assert expiring.text == ("The 3 numbers reserved for the office HQ (Germany) are held until "
                             "7 Dec 2026 at 21:00 UTC. Submit the order before then, or the numbers go "
                             "back to the pool.")
    assert "expired on 7 Dec 2026 at 21:00 UTC" in expired.text and expired.order_id == order.id


async def test_hold_events_of_an_unknown_order_still_say_where(outbox) -> None:
    await OutboxHoldEvents(outbox, FakeClock()).hold_expired(hold_of("gone-order", "office-1", count=1))
    [entry] = await outbox.entries()
    assert entry.event.text.startswith(
        "The reservation of 1 number for your office in Germany (area code 30)")
