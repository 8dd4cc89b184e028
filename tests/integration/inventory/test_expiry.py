"""Expiry with an injected clock: reads see it on time, the sweep frees numbers, each event goes out once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import pytest

from services.inventory.errors import NotEnoughNumbers
from services.inventory.model import Hold, HoldStatus, Quantities
from services.inventory.ports import InventoryStore
from services.inventory.service import Inventory
from tests.integration.inventory.conftest import FakeClock, OpenStore, RecordingEvents

SECOND = timedelta(seconds=1)


async def reserve(inventory: Inventory, office: str = "f1", users: int = 5, *, order: str = "o1") -> Hold:
    return await inventory.reserve("t1", order, office, country="GB", area_code="20",
                                   quantities=Quantities(users=users))


async def test_expired_one_second_after_expires_at_without_the_sweep(
        store: InventoryStore, make_inventory: Callable[..., Inventory], clock: FakeClock,
        events: RecordingEvents) -> None:
    inventory = make_inventory(store, seed_size=5)
    hold = await reserve(inventory)
    clock.set(hold.expires_at - SECOND)
    assert [h.status for h in await inventory.holds("t1", "o1")] == [HoldStatus.HELD]
    with pytest.raises(NotEnoughNumbers):
        await reserve(inventory, "g1", users=1, order="o2")
    assert (await inventory.pool_counts("GB", "20")).held == 5
    clock.set(hold.expires_at + SECOND)
    assert (await inventory.hold(hold.hold_id)).status is HoldStatus.EXPIRED  # type: ignore[union-attr]
    assert [h.status for h in await inventory.holds("t1", "o1")] == [HoldStatus.EXPIRED]
    assert (await inventory.pool_counts("GB", "20")).held == 0
    other = await reserve(inventory, "g1", users=5, order="o2")
    assert other.e164s == hold.e164s
    assert events.expired == [] and events.expiring == []


async def test_the_one_hour_warning_fires_once(inventory: Inventory, clock: FakeClock,
                                               events: RecordingEvents) -> None:
    hold = await reserve(inventory)
    clock.set(hold.expires_at - timedelta(hours=1) - SECOND)
    assert (await inventory.expire_due()).warned == []
    clock.set(hold.expires_at - timedelta(hours=1))
    assert (await inventory.expire_due()).warned == [hold.hold_id]
    clock.set(hold.expires_at - timedelta(minutes=30))
    assert (await inventory.expire_due()).warned == []
    assert [h.hold_id for h in events.expiring] == [hold.hold_id]
    assert events.expiring[0].expires_at == hold.expires_at
    assert events.expired == []


async def test_the_expired_event_fires_once_and_frees_the_numbers(
        inventory: Inventory, clock: FakeClock, events: RecordingEvents, store: InventoryStore) -> None:
    hold = await reserve(inventory)
    clock.set(hold.expires_at - timedelta(minutes=10))
    await inventory.expire_due()
    clock.set(hold.expires_at + SECOND)
    assert (await inventory.expire_due()).expired == [hold.hold_id]
    assert (await inventory.expire_due()).expired == []
    assert [(h.hold_id, h.status) for h in events.expired] == [(hold.hold_id, HoldStatus.EXPIRED)]
    assert len(events.expiring) == 1
    assert (await store.get(hold.hold_id)).status is HoldStatus.EXPIRED  # type: ignore[union-attr]
    assert await store.free_among(hold.e164s, clock.now()) == set(hold.e164s)


async def test_a_hold_found_already_expired_gets_no_late_warning(
        inventory: Inventory, clock: FakeClock, events: RecordingEvents) -> None:
    hold = await reserve(inventory)
    clock.set(hold.expires_at + timedelta(hours=3))
    report = await inventory.expire_due()
    assert (report.warned, report.expired) == ([], [hold.hold_id])
    assert events.expiring == [] and len(events.expired) == 1


async def test_re_reserving_before_the_sweep_sends_no_expired_event(
        inventory: Inventory, clock: FakeClock, events: RecordingEvents) -> None:
    first = await reserve(inventory)
    clock.set(first.expires_at + SECOND)
    again = await inventory.re_reserve("t1", "o1", "f1")
    assert again.e164s == first.e164s
    assert (await inventory.expire_due()).expired == []
    assert events.expired == []
    assert (await inventory.hold(first.hold_id)).status is HoldStatus.RELEASED  # type: ignore[union-attr]


async def test_released_and_allocated_holds_send_nothing(
        inventory: Inventory, clock: FakeClock, events: RecordingEvents) -> None:
    await reserve(inventory, "a")
    await inventory.release("t1", "o1", "a")
    await reserve(inventory, "b", order="o2")
    await inventory.confirm("t1", "o2")
    for hours in (11, 12, 13):
        clock.set(clock.now().replace(hour=0) + timedelta(days=1, hours=hours))
        await inventory.expire_due()
    assert events.expiring == [] and events.expired == []


async def test_two_instances_sharing_the_data_send_each_event_once(
        stores: OpenStore, make_inventory: Callable[..., Inventory], clock: FakeClock,
        events: RecordingEvents) -> None:
    one, two = make_inventory(await stores()), make_inventory(await stores())
    holds = [await reserve(one, f"office{i}") for i in range(3)]
    for moment in (holds[0].expires_at - timedelta(minutes=59), holds[0].expires_at + SECOND):
        clock.set(moment)
        for _ in range(2):
            await asyncio.gather(one.expire_due(), two.expire_due(), one.expire_due(), two.expire_due())
    assert sorted(h.hold_id for h in events.expiring) == sorted(h.hold_id for h in holds)
    assert sorted(h.hold_id for h in events.expired) == sorted(h.hold_id for h in holds)


async def test_a_failing_event_does_not_stop_the_sweep(
        store: InventoryStore, make_inventory: Callable[..., Inventory], clock: FakeClock) -> None:
    class Flaky(RecordingEvents):
        async def hold_expired(self, hold: Hold) -> None:
            if not self.expired:
                self.expired.append(hold)
                raise RuntimeError("Teams is down")
            await super().hold_expired(hold)

    flaky = Flaky()
    inventory = make_inventory(store, events=flaky)
    first, second = await reserve(inventory, "a"), await reserve(inventory, "b")
    clock.set(first.expires_at + SECOND)
    assert sorted((await inventory.expire_due()).expired) == sorted([first.hold_id, second.hold_id])
    assert len(flaky.expired) == 2
