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


# -- deletion and the retention listing (services.privacy) -------------------------------------------


async def test_delete_needs_the_current_etag_and_then_the_order_is_gone(orders) -> None:
    stored, other = await orders.add(order()), await orders.add(order("tenant-b"))
    changed = stored.order.model_copy(deep=True)
    changed.add_country("FR")
    saved = await orders.save(changed, stored.etag)
    with pytest.raises(Conflict):
        await orders.delete("tenant-a", stored.order.id, stored.etag)
    assert (await orders.get("tenant-a", stored.order.id)).order == changed
    with pytest.raises(NotFound):
        await orders.delete("tenant-b", stored.order.id, saved.etag)  # another tenant's id: not found
    await orders.delete("tenant-a", stored.order.id, saved.etag)
    with pytest.raises(NotFound):
        await orders.get("tenant-a", stored.order.id)
    with pytest.raises(NotFound):
        await orders.delete("tenant-a", stored.order.id, saved.etag)
    assert await orders.list_for_tenant("tenant-a") == []
    assert (await orders.get("tenant-b", other.order.id)).order == other.order


async def test_untouched_lists_orders_in_the_statuses_changed_before_the_moment(orders) -> None:
    old_draft, new_draft, old_cancelled = order(minutes=0), order(minutes=60), order("tenant-b", minutes=10)
    old_cancelled.transition(OrderStatus.CANCELLED, now=T0 + timedelta(minutes=20))
    old_signed = order(minutes=5)
    old_signed.submit(T0 + timedelta(minutes=5))
    old_signed.sign(T0 + timedelta(minutes=5))
    for item in (old_draft, new_draft, old_cancelled, old_signed):
        await orders.add(item)
    cutoff = T0 + timedelta(minutes=30)
    found = await orders.list_untouched([OrderStatus.DRAFT, OrderStatus.CANCELLED], cutoff)
    assert [stored.order.id for stored in found] == [old_draft.id, old_cancelled.id]
    assert found[1].order == old_cancelled
    await orders.delete("tenant-b", old_cancelled.id, found[1].etag)  # the ETag listed is the current one
    assert await orders.list_untouched([OrderStatus.DRAFT], T0) == []
    assert await orders.list_untouched([], cutoff) == []
