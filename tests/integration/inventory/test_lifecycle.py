"""Release, confirm and re-reserve through the `Inventory` service, against every store adapter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from services.domain.errors import NotFound
from services.inventory.errors import HoldExpired
from services.inventory.model import Hold, HoldStatus, PoolCounts, Quantities
from services.inventory.ports import InventoryStore
from services.inventory.service import Inventory
from tests.integration.inventory.conftest import FakeClock

TWELVE_HOURS_AND_A_SECOND = timedelta(hours=12, seconds=1)


async def reserve(inventory: Inventory, office: str = "f1", users: int = 5, *, order: str = "o1") -> Hold:
    return await inventory.reserve("t1", order, office, country="GB", area_code="20",
                                   quantities=Quantities(users=users))


async def test_removing_an_office_releases_its_numbers(inventory: Inventory) -> None:
    kept, removed = await reserve(inventory, "a"), await reserve(inventory, "b")
    assert await inventory.release("t1", "o1", "b") == [removed.hold_id]
    assert await inventory.release("t1", "o1", "b") == []
    assert await inventory.holds("t1", "o1") == [kept]
    assert await inventory.pool_counts("GB", "20") == PoolCounts(free=195, held=5, allocated=0)
    again = await reserve(inventory, "c", order="o2")
    assert set(again.e164s) == set(removed.e164s)


async def test_cancelling_an_order_releases_every_office(inventory: Inventory) -> None:
    await reserve(inventory, "a")
    await reserve(inventory, "b")
    other = await reserve(inventory, "a", order="o2")
    assert len(await inventory.release_order("t1", "o1")) == 2
    assert await inventory.holds("t1", "o1") == []
    assert await inventory.holds("t1", "o2") == [other]
    assert (await inventory.pool_counts("GB", "20")).held == 5


async def test_another_tenant_cannot_release_an_order(inventory: Inventory) -> None:
    await reserve(inventory)
    assert await inventory.release_order("t2", "o1") == []
    assert (await inventory.pool_counts("GB", "20")).held == 5


async def test_submission_turns_holds_into_allocations(inventory: Inventory, clock: FakeClock) -> None:
    await reserve(inventory, "a")
    await reserve(inventory, "b")
    await reserve(inventory, "gone")
    await inventory.release("t1", "o1", "gone")
    allocated = await inventory.confirm("t1", "o1")
    assert {(h.office_id, h.status) for h in allocated} == {("a", HoldStatus.ALLOCATED),
                                                           ("b", HoldStatus.ALLOCATED)}
    assert await inventory.confirm("t1", "o1") == allocated
    clock.advance(timedelta(days=30))
    assert [h.status for h in await inventory.holds("t1", "o1")] == [HoldStatus.ALLOCATED] * 2
    assert await inventory.pool_counts("GB", "20") == PoolCounts(free=190, held=0, allocated=10)
    assert await inventory.release_order("t1", "o1") == []
    assert (await inventory.expire_due()).expired == []


async def test_an_expired_hold_blocks_submission_and_nothing_is_allocated(
        inventory: Inventory, clock: FakeClock) -> None:
    await reserve(inventory, "early")
    clock.advance(timedelta(hours=2))
    await reserve(inventory, "late")
    clock.advance(timedelta(hours=10, seconds=1))
    with pytest.raises(HoldExpired) as caught:
        await inventory.confirm("t1", "o1")
    assert (caught.value.code, caught.value.office_ids) == ("hold_expired", ["early"])
    assert [h.status for h in await inventory.holds("t1", "o1")] == [HoldStatus.EXPIRED, HoldStatus.HELD]
    assert (await inventory.pool_counts("GB", "20")).allocated == 0
    await inventory.re_reserve("t1", "o1", "early")
    assert len(await inventory.confirm("t1", "o1")) == 2


@pytest.mark.parametrize("swept", [False, True])
async def test_an_office_removed_after_its_hold_expired_does_not_block_submission(
        inventory: Inventory, clock: FakeClock, swept: bool) -> None:
    await reserve(inventory, "removed")
    clock.advance(timedelta(hours=1))
    kept = await reserve(inventory, "kept")
    clock.advance(timedelta(hours=11, seconds=1))
    if swept:
        await inventory.expire_due()
    assert len(await inventory.release("t1", "o1", "removed")) == 1
    assert [h.hold_id for h in await inventory.holds("t1", "o1")] == [kept.hold_id]
    assert [h.status for h in await inventory.confirm("t1", "o1")] == [HoldStatus.ALLOCATED]


async def test_re_reserve_after_expiry_gets_the_same_numbers(inventory: Inventory, clock: FakeClock) -> None:
    first = await reserve(inventory, users=4)
    clock.advance(TWELVE_HOURS_AND_A_SECOND)
    await inventory.expire_due()
    again = await inventory.re_reserve("t1", "o1", "f1")
    assert again.e164s == first.e164s and again.numbers == first.numbers
    assert again.hold_id != first.hold_id
    assert again.expires_at == clock.now() + timedelta(hours=12)


async def test_re_reserve_before_the_sweep_when_some_numbers_were_taken(
        store: InventoryStore, make_inventory: Callable[..., Inventory], clock: FakeClock) -> None:
    inventory = make_inventory(store, seed_size=0)
    await inventory.import_csv(["GB,20,+442079460000,+442079460003", "GB,20,+442079460100,+442079460100",
                                "GB,20,+442079460200,+442079460200"])
    first = await reserve(inventory, users=4)
    clock.advance(TWELVE_HOURS_AND_A_SECOND)
    taken = await reserve(inventory, users=2, order="o3")
    assert set(taken.e164s) < set(first.e164s)
    again = await inventory.re_reserve("t1", "o1", "f1")
    assert set(again.e164s) & set(first.e164s) == set(first.e164s) - set(taken.e164s)
    assert len(again.numbers) == 4
    assert (await inventory.pool_counts("GB", "20")).free == 0


async def test_re_reserve_keeps_an_active_hold_and_needs_one(inventory: Inventory) -> None:
    first = await reserve(inventory)
    assert await inventory.re_reserve("t1", "o1", "f1") == first
    with pytest.raises(NotFound):
        await inventory.re_reserve("t1", "o1", "nobody")
