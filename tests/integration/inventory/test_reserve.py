"""Reserving numbers through the `Inventory` service, against every store adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

import phonenumbers as pn
import pytest

from services.domain.errors import Conflict, DomainError, LimitExceeded
from services.inventory import service
from services.inventory.errors import NotEnoughNumbers
from services.inventory.model import HoldStatus, PoolCounts, Quantities, ranges
from services.inventory.ports import InventoryStore
from services.inventory.service import Inventory
from tests.integration.inventory.conftest import START, FakeClock

Q = Quantities


async def reserve(inventory: Inventory, office: str = "f1", users: int = 1, resource_accounts: int = 0,
                  *, order: str = "o1", country: str = "GB", area_code: str = "020"):
    return await inventory.reserve("t1", order, office, country=country, area_code=area_code,
                                   quantities=Q(users=users, resource_accounts=resource_accounts))


async def test_holds_the_exact_numbers_for_twelve_hours(inventory: Inventory) -> None:
    hold = await reserve(inventory, users=8, resource_accounts=2)
    assert hold.quantities == Q(users=8, resource_accounts=2)
    assert [n.usage for n in hold.numbers] == ["user"] * 8 + ["resource_account"] * 2
    assert (hold.country, hold.area_code, hold.status) == ("GB", "20", HoldStatus.HELD)
    assert hold.created_at == START and hold.expires_at == START + timedelta(hours=12)
    assert len(hold.ranges()) == 1
    for e164 in hold.e164s:
        parsed = pn.parse(e164)
        assert pn.is_valid_number_for_region(parsed, "GB")
        assert pn.national_significant_number(parsed).startswith("20")
    assert await inventory.holds("t1", "o1") == [hold]
    assert await inventory.pool_counts("GB", "20") == PoolCounts(free=190, held=10, allocated=0)


async def test_pools_are_seeded_lazily_and_once(stores: Callable, make_inventory: Callable) -> None:
    store: InventoryStore = await stores()
    one, two = make_inventory(store, seed_size=50), make_inventory(await stores(), seed_size=50)
    assert await store.pool_size("GB", "20") == 0
    await reserve(one)
    await reserve(two, office="f2")
    assert await store.pool_size("GB", "20") == 50
    assert await store.pool_size("GB", "161") == 0


async def test_imported_ranges_are_not_topped_up_by_seeding(store: InventoryStore,
                                                            make_inventory: Callable) -> None:
    inventory = make_inventory(store, seed_size=500)
    await inventory.import_csv(["GB,020,+44 20 7946 0000,+44 20 7946 0009"])
    hold = await reserve(inventory, users=3)
    assert hold.e164s == ["+442079460000", "+442079460001", "+442079460002"]
    assert await store.pool_size("GB", "20") == 10


async def test_one_range_else_the_fewest_ranges(store: InventoryStore, make_inventory: Callable) -> None:
    inventory = make_inventory(store, seed_size=0)
    await inventory.import_csv([
        "GB,020,+44 20 7946 0000,+44 20 7946 0009",
        "GB,020,+44 20 7946 0100,+44 20 7946 0102",
        "GB,020,+44 20 7946 0200,+44 20 7946 0249",
        "GB,020,+44 20 7946 0300,+44 20 7946 0307",
    ])
    small = await reserve(inventory, "a", users=3)
    assert [str(r) for r in small.ranges()] == ["+442079460100–+442079460102"]
    large = await reserve(inventory, "b", users=40)
    assert [r.count for r in large.ranges()] == [40]
    split = await reserve(inventory, "c", users=17)
    assert sorted(r.count for r in split.ranges()) == [7, 10]


async def test_not_enough_numbers_holds_nothing(store: InventoryStore, make_inventory: Callable) -> None:
    inventory = make_inventory(store, seed_size=30)
    await reserve(inventory, "a", users=25)
    with pytest.raises(NotEnoughNumbers) as caught:
        await reserve(inventory, "b", users=6)
    assert (caught.value.wanted, caught.value.available, caught.value.code) == (6, 5, "not_enough_numbers")
    assert "Only 5 numbers are free in area code 20 in GB" in caught.value.message
    assert await inventory.pool_counts("GB", "20") == PoolCounts(free=5, held=25, allocated=0)
    assert [h.office_id for h in await inventory.holds("t1", "o1")] == ["a"]


async def test_changing_an_office_replaces_its_hold_keeping_its_numbers(inventory: Inventory) -> None:
    first = await reserve(inventory, users=10)
    second = await reserve(inventory, users=12)
    assert set(first.e164s) < set(second.e164s)
    assert await inventory.holds("t1", "o1") == [second]
    assert (await inventory.hold(first.hold_id)).status is HoldStatus.RELEASED  # type: ignore[union-attr]
    smaller = await reserve(inventory, users=4)
    assert set(smaller.e164s) < set(first.e164s)
    assert (await inventory.pool_counts("GB", "20")).held == 4


async def test_a_failed_change_keeps_the_previous_hold(store: InventoryStore,
                                                       make_inventory: Callable) -> None:
    inventory = make_inventory(store, seed_size=20)
    before = await reserve(inventory, users=10)
    with pytest.raises(NotEnoughNumbers):
        await reserve(inventory, users=21)
    assert await inventory.holds("t1", "o1") == [before]
    with pytest.raises(LimitExceeded):
        await reserve(inventory, users=101)
    assert await inventory.holds("t1", "o1") == [before]


async def test_limits_per_office_and_offices_per_country(inventory: Inventory) -> None:
    with pytest.raises(LimitExceeded) as caught:
        await reserve(inventory, users=60, resource_accounts=41)
    assert caught.value.code == "max_numbers_per_office"
    for office in range(5):
        await reserve(inventory, f"office{office}", users=2)
    with pytest.raises(LimitExceeded) as caught:
        await reserve(inventory, "office5")
    assert caught.value.code == "max_offices_per_country"
    await reserve(inventory, "office5", country="DE", area_code="030")
    await reserve(inventory, "office5", order="another order")


async def test_expired_holds_do_not_count_against_limits(inventory: Inventory, clock: FakeClock) -> None:
    for office in range(5):
        await reserve(inventory, f"office{office}")
    clock.advance(timedelta(hours=12, seconds=1))
    await reserve(inventory, "office5")


async def test_country_must_be_sold_and_area_code_real(inventory: Inventory) -> None:
    with pytest.raises(DomainError) as caught:
        await reserve(inventory, country="FR", area_code="01")
    assert caught.value.code == "country_not_sold"
    with pytest.raises(DomainError) as caught:
        await reserve(inventory, area_code="0207")
    assert caught.value.code == "invalid_area_code"


async def test_confirmed_offices_cannot_be_reserved_again(inventory: Inventory) -> None:
    await reserve(inventory)
    await inventory.confirm("t1", "o1")
    with pytest.raises(Conflict):
        await reserve(inventory, users=2)


async def test_orders_never_share_numbers(inventory: Inventory) -> None:
    held = [await reserve(inventory, users=30, order=f"order{i}") for i in range(6)]
    numbers = [e164 for hold in held for e164 in hold.e164s]
    assert len(numbers) == len(set(numbers)) == 180
    assert len(ranges(numbers)) == 1


async def test_concurrent_changes_to_one_office_leave_one_hold(inventory: Inventory) -> None:
    results = await asyncio.gather(*(reserve(inventory, users=n) for n in range(1, 11)),
                                   return_exceptions=True)
    held = [r for r in results if not isinstance(r, BaseException)]
    assert held and all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException))
    [current] = await inventory.holds("t1", "o1")
    assert (await inventory.pool_counts("GB", "20")).held == len(current.numbers)


async def test_busy_when_every_claim_is_lost(store: InventoryStore, make_inventory: Callable,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    class Unlucky:
        def __getattr__(self, name: str) -> object:
            return getattr(store, name)

        async def claim(self, *args: object, **kwargs: object) -> bool:
            return False

    monkeypatch.setattr(service, "CLAIM_BACKOFF_S", 0)
    inventory = make_inventory(Unlucky())
    with pytest.raises(Conflict) as caught:
        await reserve(inventory)
    assert caught.value.code == "reservation_busy"
    assert (await inventory.pool_counts("GB", "20")).held == 0


async def test_reservations_of_one_process_never_collide_and_stay_contiguous(
        store: InventoryStore, make_inventory: Callable) -> None:
    claims: list[bool] = []

    class Counting:
        def __getattr__(self, name: str) -> object:
            return getattr(store, name)

        async def claim(self, *args: object, **kwargs: object) -> bool:
            claims.append(await store.claim(*args, **kwargs))
            return claims[-1]

    inventory = make_inventory(Counting())
    holds = await asyncio.gather(*(reserve(inventory, office=f"f{n}", order=f"o{n}", users=15)
                                   for n in range(12)))  # 180 of the 200 seeded
    assert claims == [True] * 12, "no reservation lost a claim to another one of this process"
    assert all(len(hold.ranges()) == 1 for hold in holds)
    every = [number for hold in holds for number in hold.e164s]
    assert len(set(every)) == 12 * 15


async def test_numbers_being_claimed_here_are_not_reported_as_missing(
        store: InventoryStore, make_inventory: Callable) -> None:
    """A small pool: what is short only because of claims in flight is waited for, not refused."""
    inventory = make_inventory(store, seed_size=30)
    results = await asyncio.gather(*(reserve(inventory, office=f"f{n}", order=f"o{n}", users=10,
                                             area_code="0113") for n in range(3)),
                                   return_exceptions=True)
    assert [type(result).__name__ for result in results] == ["Hold"] * 3
    assert (await inventory.pool_counts("GB", "113")).held == 30
