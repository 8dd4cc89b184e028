"""The contract every order store keeps: tenant isolation, ETag-guarded saves, listings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.domain.errors import Conflict, NotFound
from services.domain.order import Order
from services.domain.status import OrderStatus

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def order(tenant: str = "tenant-a", minutes: int = 0) -> Order:
    made = Order.new(tenant_id=tenant, ocn="OCN-1001", now=T0 + timedelta(minutes=minutes))
    made.add_country("DE")
    return made


async def test_an_added_order_reads_back_equal(orders) -> None:
    new = order()
    stored = await orders.add(new)
    again = await orders.get("tenant-a", new.id)
    assert again.order == new
    assert again.etag == stored.etag


async def test_another_tenant_cannot_read_or_save_it(orders) -> None:
    stored = await orders.add(order())
    with pytest.raises(NotFound):
        await orders.get("tenant-b", stored.order.id)
    intruder = stored.order.model_copy(update={"tenant_id": "tenant-b"})
    with pytest.raises(NotFound):
        await orders.save(intruder, stored.etag)
    assert (await orders.get("tenant-a", stored.order.id)).order == stored.order


async def test_an_unknown_order_is_not_found(orders) -> None:
    with pytest.raises(NotFound):
        await orders.get("tenant-a", "no-such-order")


async def test_adding_the_same_id_twice_is_a_conflict(orders) -> None:
    new = order()
    await orders.add(new)
    with pytest.raises(Conflict):
        await orders.add(new)


async def test_a_save_with_the_current_etag_wins_and_gets_a_new_one(orders) -> None:
    stored = await orders.add(order())
    changed = stored.order.model_copy(deep=True)
    changed.add_country("FR")
    saved = await orders.save(changed, stored.etag)
    assert saved.etag != stored.etag
    assert [c.country for c in (await orders.get("tenant-a", changed.id)).order.countries] == ["DE", "FR"]


async def test_a_save_with_a_stale_etag_is_a_conflict_and_changes_nothing(orders) -> None:
    stored = await orders.add(order())
    first = stored.order.model_copy(deep=True)
    first.add_country("FR")
    await orders.save(first, stored.etag)
    second = stored.order.model_copy(deep=True)
    second.add_country("NL")
    with pytest.raises(Conflict):
        await orders.save(second, stored.etag)
    assert [c.country for c in (await orders.get("tenant-a", first.id)).order.countries] == ["DE", "FR"]


async def test_listing_a_tenant_gives_only_its_orders_newest_first(orders) -> None:
    older, newer, other = order(minutes=1), order(minutes=5), order("tenant-b", minutes=3)
    for item in (older, newer, other):
        await orders.add(item)
    assert [o.id for o in await orders.list_for_tenant("tenant-a")] == [newer.id, older.id]
    assert await orders.list_for_tenant("tenant-c") == []


async def test_listing_filters_by_status(orders) -> None:
    draft, cancelled = order(minutes=1), order(minutes=2)
    cancelled.transition(OrderStatus.CANCELLED, now=T0 + timedelta(minutes=3))
    await orders.add(draft)
    await orders.add(cancelled)
    drafts = await orders.list_for_tenant("tenant-a", [OrderStatus.DRAFT])
    assert [o.id for o in drafts] == [draft.id]
    across = await orders.list_by_status([OrderStatus.CANCELLED])
    assert [o.id for o in across] == [cancelled.id]
    assert await orders.list_by_status([OrderStatus.COMPLETED]) == []


async def test_ping_answers(orders) -> None:
    await orders.ping()
