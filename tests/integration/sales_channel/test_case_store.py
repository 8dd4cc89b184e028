"""The case store on a shared SQLite file: pick-up and close are conditional updates, so of many clicks
at once (through two databases over one file, as two bot instances have) exactly one wins."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.domain.errors import NotFound
from services.sales_channel.models import CaseStatus, SalesChannel, StaffMember
from services.sales_channel.sqlite import SqliteCaseStore, SqliteSalesChannelStore
from services.storage.sqlite import SqliteDatabase
from tests.clock import START
from tests.unit.sales_channel.helpers import case

STAFF = [StaffMember(tenant_id="op", aad_id=f"aad-{n}", name=f"Rep {n}") for n in range(12)]


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[list[SqliteCaseStore]]:
    databases = [SqliteDatabase(tmp_path / "bot.sqlite3"), SqliteDatabase(tmp_path / "bot.sqlite3")]
    yield [SqliteCaseStore(database) for database in databases]
    for database in databases:
        database.close()


async def test_many_pick_ups_at_once_have_one_winner(stores: list[SqliteCaseStore]) -> None:
    await stores[0].add(case())
    clicks = [stores[n % 2].pick_up("case-1", staff, START) for n, staff in enumerate(STAFF)]
    won = await asyncio.gather(*clicks)
    assert won.count(True) == 1
    stored = await stores[1].get("case-1")
    winner = STAFF[won.index(True)]
    assert (stored.status, stored.picked_up_by_aad) == (CaseStatus.PICKED_UP, winner.aad_id)


async def test_close_happens_once_and_a_closed_case_is_not_picked_up(stores: list[SqliteCaseStore]) -> None:
    await stores[0].add(case())
    closed = await asyncio.gather(*(stores[n % 2].close("case-1", STAFF[n], START) for n in range(6)))
    assert closed.count(True) == 1
    assert not await stores[0].pick_up("case-1", STAFF[0], START)
    assert (await stores[1].get("case-1")).status is CaseStatus.CLOSED


async def test_adding_again_keeps_the_case_and_the_post_is_recorded_once(stores) -> None:
    first = await stores[0].add(case())
    assert await stores[0].set_posted("case-1", "19:c", "post-1", "19:c;messageid=post-1")
    assert not await stores[1].set_posted("case-1", "19:c", "post-2", "19:c;messageid=post-2")
    again = await stores[1].add(case())
    assert again.activity_id == "post-1" and again.created_at == first.created_at
    with pytest.raises(NotFound):
        await stores[0].get("no-such-case")


async def test_the_customers_active_case_is_the_latest_picked_up(stores: list[SqliteCaseStore]) -> None:
    await stores[0].add(case("older"))
    await stores[0].add(case("newer"))
    await stores[0].pick_up("older", STAFF[0], START)
    await stores[0].pick_up("newer", STAFF[1], START.replace(hour=10))
    assert (await stores[1].active_for_customer("customer-tenant", "aad-carl")).id == "newer"
    await stores[0].close("newer", STAFF[1], START)
    assert (await stores[1].active_for_customer("customer-tenant", "aad-carl")).id == "older"
    assert await stores[1].active_for_customer("customer-tenant", "aad-someone") is None


async def test_the_registered_channel_is_replaced(tmp_path: Path) -> None:
    database = SqliteDatabase(tmp_path / "bot.sqlite3")
    try:
        channels = SqliteSalesChannelStore(database)
        assert await channels.current() is None
        for channel_id in ("19:a", "19:b"):
            await channels.register(SalesChannel(
                team_id="t", channel_id=channel_id, reference={"conversation": {"id": channel_id}},
                registered_by="Ada", registered_by_aad="aad", registered_at=START))
        current = await channels.current()
        assert current is not None and current.channel_id == "19:b"
        assert current.thread_reference("19:b;messageid=9")["conversation"]["id"] == "19:b;messageid=9"
    finally:
        database.close()
