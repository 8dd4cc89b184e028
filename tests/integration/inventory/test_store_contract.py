"""The `InventoryStore` contract: every adapter must pass this suite unchanged."""

from __future__ import annotations

import asyncio
import inspect
from datetime import datetime, timedelta

from services.inventory.model import HeldNumber, Hold, HoldStatus, PoolCounts, PoolNumber
from services.inventory.ports import InventoryStore
from tests.integration.inventory.conftest import START, OpenStore

LATER = START + timedelta(hours=12, seconds=1)


def number(i: int) -> str:
    return f"+44203000{i:04d}"


def pool(count: int, start: int = 0) -> list[PoolNumber]:
    return [PoolNumber(e164=number(i), country="GB", area_code="20") for i in range(start, start + count)]


def hold(*indexes: int, office: str = "f1", order: str = "o1", made: datetime = START) -> Hold:
    return Hold.new(tenant_id="t1", order_id=order, office_id=office, country="GB", area_code="20",
                    numbers=[HeldNumber(e164=number(i), usage="user") for i in indexes], now=made)


async def test_adding_numbers_is_idempotent(store: InventoryStore) -> None:
    assert await store.pool_size("GB", "20") == 0
    assert await store.add_numbers(pool(10)) == 10
    assert await store.add_numbers(pool(15)) == 5
    assert await store.pool_size("GB", "20") == 15
    assert await store.pool_size("GB", "161") == 0


async def test_free_candidates_in_order_with_limit(store: InventoryStore) -> None:
    await store.add_numbers(list(reversed(pool(10))))
    assert await store.free_candidates("GB", "20", START, 3) == [number(0), number(1), number(2)]
    assert await store.claim(hold(1, 2), START)
    assert await store.free_candidates("GB", "20", START, 3) == [number(0), number(3), number(4)]
    assert await store.free_among([number(0), number(1), number(99)], START) == {number(0)}


async def test_claim_is_all_or_nothing(store: InventoryStore) -> None:
    await store.add_numbers(pool(10))
    assert await store.claim(hold(0, 1, 2, office="a"), START)
    assert not await store.claim(hold(2, 3, 4, office="b"), START)
    assert await store.free_among([number(3), number(4)], START) == {number(3), number(4)}
    assert await store.counts("GB", "20", START) == PoolCounts(free=7, held=3, allocated=0)


async def test_claim_refuses_numbers_outside_the_pool(store: InventoryStore) -> None:
    await store.add_numbers(pool(2))
    assert not await store.claim(hold(1, 2), START)
    assert await store.counts("GB", "20", START) == PoolCounts(free=2, held=0, allocated=0)


async def test_a_hold_is_kept_with_its_numbers(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    made = hold(0, 1)
    assert await store.claim(made, START)
    assert await store.get(made.hold_id) == made
    assert await store.holds_for_order("t1", "o1") == [made]
    assert await store.holds_for_order("t2", "o1") == []
    assert await store.get("missing") is None


async def test_a_hold_past_expires_at_can_be_claimed_again(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    old = hold(0, 1, order="o1")
    assert await store.claim(old, START)
    assert not await store.claim(hold(0, order="o2"), old.expires_at - timedelta(seconds=1))
    assert number(0) in await store.free_candidates("GB", "20", old.expires_at, 10)
    assert await store.claim(hold(0, order="o2", made=old.expires_at), old.expires_at)
    expired = await store.expire(old.hold_id, old.expires_at)
    assert expired is not None and expired.status is HoldStatus.EXPIRED
    assert await store.free_among([number(0), number(1)], old.expires_at) == {number(1)}


async def test_an_office_has_one_active_hold(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    first = hold(0)
    assert await store.claim(first, START)
    assert not await store.claim(hold(1), START)
    second = hold(0, 1)
    assert await store.claim(second, START, replaces=first.hold_id)
    statuses = [h.status for h in await store.holds_for_order("t1", "o1")]
    assert statuses == [HoldStatus.RELEASED, HoldStatus.HELD]
    assert await store.counts("GB", "20", START) == PoolCounts(free=3, held=2, allocated=0)


async def test_a_failed_replacement_keeps_the_old_hold(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    mine, theirs = hold(0, office="a"), hold(1, office="b")
    assert await store.claim(mine, START) and await store.claim(theirs, START)
    assert not await store.claim(hold(0, 1, office="a"), START, replaces=mine.hold_id)
    assert (await store.get(mine.hold_id)).status is HoldStatus.HELD  # type: ignore[union-attr]
    assert await store.free_among([number(0)], START) == set()


async def test_release_returns_numbers_once(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    made = hold(0, 1)
    await store.claim(made, START)
    assert await store.release([made.hold_id, "missing"]) == [made.hold_id]
    assert await store.release([made.hold_id]) == []
    assert (await store.get(made.hold_id)).status is HoldStatus.RELEASED  # type: ignore[union-attr]
    assert await store.counts("GB", "20", START) == PoolCounts(free=5, held=0, allocated=0)


async def test_releasing_an_expired_hold_leaves_its_numbers_new_holder_alone(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    old = hold(0, 1, order="o1")
    await store.claim(old, START)
    newer = hold(0, order="o2", made=LATER)
    assert await store.claim(newer, LATER)
    assert await store.release([old.hold_id]) == [old.hold_id]
    assert (await store.get(old.hold_id)).status is HoldStatus.RELEASED  # type: ignore[union-attr]
    assert await store.counts("GB", "20", LATER) == PoolCounts(free=4, held=1, allocated=0)
    assert not await store.claim(hold(0, order="o3", made=LATER), LATER)


async def test_allocate_is_all_or_nothing_and_allocations_never_expire(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    early = hold(0, office="a")
    late = hold(1, office="b", made=START + timedelta(hours=1))
    await store.claim(early, START)
    await store.claim(late, START + timedelta(hours=1))
    assert not await store.allocate([early.hold_id, late.hold_id], early.expires_at)
    assert (await store.get(late.hold_id)).status is HoldStatus.HELD  # type: ignore[union-attr]
    assert await store.allocate([late.hold_id], early.expires_at)
    much_later = START + timedelta(days=30)
    assert await store.counts("GB", "20", much_later) == PoolCounts(free=4, held=0, allocated=1)
    assert not await store.claim(hold(1, office="c", made=much_later), much_later)
    assert await store.release([late.hold_id]) == []


async def test_holds_due_soonest_first(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    second, first = hold(0, office="a", made=START + timedelta(hours=2)), hold(1, office="b")
    await store.claim(second, START + timedelta(hours=2))
    await store.claim(first, START)
    assert await store.holds_due(first.expires_at - timedelta(seconds=1)) == []
    assert [h.hold_id for h in await store.holds_due(second.expires_at)] == [first.hold_id, second.hold_id]


async def test_warned_once_and_expired_once(store: InventoryStore) -> None:
    await store.add_numbers(pool(5))
    made = hold(0)
    await store.claim(made, START)
    assert await store.mark_warned(made.hold_id)
    assert not await store.mark_warned(made.hold_id)
    assert (await store.get(made.hold_id)).expiry_warned  # type: ignore[union-attr]
    assert await store.expire(made.hold_id, made.expires_at - timedelta(seconds=1)) is None
    assert await store.expire(made.hold_id, made.expires_at) is not None
    assert await store.expire(made.hold_id, LATER) is None
    assert await store.holds_due(LATER) == []


async def test_two_stores_on_one_backend_agree(stores: OpenStore) -> None:
    one, two = await stores(), await stores()
    await one.add_numbers(pool(3))
    assert await two.pool_size("GB", "20") == 3
    assert await one.claim(hold(0, 1, office="a"), START)
    assert not await two.claim(hold(1, 2, office="b"), START)
    made = hold(2, office="c")
    assert await two.claim(made, START)
    warned = await asyncio.gather(*(s.mark_warned(made.hold_id) for s in (one, two, one, two)))
    assert sorted(warned) == [False, False, False, True]
    expired = await asyncio.gather(*(s.expire(made.hold_id, LATER) for s in (one, two, one, two)))
    assert sum(result is not None for result in expired) == 1


def test_the_adapter_has_every_port_method_with_its_signature(store: InventoryStore) -> None:
    for name, member in vars(InventoryStore).items():
        if inspect.iscoroutinefunction(member):
            implementation = getattr(store, name)
            assert inspect.iscoroutinefunction(implementation), name
            port_parameters = list(inspect.signature(member).parameters)[1:]
            assert list(inspect.signature(implementation).parameters) == port_parameters, name
