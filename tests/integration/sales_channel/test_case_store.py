"""The contract of the sales channel stores, run on every adapter (SQLite, Cosmos DB) through two store
objects on one backend, as two bot instances have them: of many clicks at once exactly one wins."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from services.domain.errors import NotFound
from services.sales_channel.models import Case, CaseStatus, SalesChannel, StaffMember
from tests.clock import START
from tests.integration.sales_channel.stores import FACTORIES, Instances
from tests.unit.sales_channel.helpers import case

STAFF = [StaffMember(tenant_id="op", aad_id=f"aad-{n}", name=f"Rep {n}") for n in range(12)]


@pytest.fixture(params=sorted(FACTORIES))
async def instances(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Instances]:
    made, close = await FACTORIES[request.param](request, tmp_path)
    yield made
    await close()


async def test_many_pick_ups_at_once_have_one_winner(instances: Instances) -> None:
    stores = instances.cases
    await stores[0].add(case())
    clicks = [stores[n % 2].pick_up("case-1", staff, START) for n, staff in enumerate(STAFF)]
    won = await asyncio.gather(*clicks)
    assert won.count(True) == 1
    stored = await stores[1].get("case-1")
    winner = STAFF[won.index(True)]
    assert (stored.status, stored.picked_up_by_aad, stored.picked_up_by) == (
        CaseStatus.PICKED_UP, winner.aad_id, winner.display_name)
    assert stored.picked_up_at == START


async def test_close_happens_once_and_a_closed_case_is_not_picked_up(instances: Instances) -> None:
    stores = instances.cases
    await stores[0].add(case())
    closed = await asyncio.gather(*(stores[n % 2].close("case-1", STAFF[n], START) for n in range(6)))
    assert closed.count(True) == 1
    assert not await stores[0].pick_up("case-1", STAFF[0], START)
    stored = await stores[1].get("case-1")
    assert stored.status is CaseStatus.CLOSED and stored.closed_by == STAFF[closed.index(True)].display_name
    assert stored.picked_up_by is None


async def test_a_picked_up_case_closes_and_keeps_who_picked_it_up(instances: Instances) -> None:
    stores = instances.cases
    await stores[0].add(case())
    assert await stores[0].pick_up("case-1", STAFF[0], START)
    assert await stores[1].close("case-1", STAFF[1], START + timedelta(minutes=5))
    stored = await stores[0].get("case-1")
    assert (stored.status, stored.picked_up_by_aad, stored.closed_by) == (
        CaseStatus.CLOSED, "aad-0", "Rep 1")
    assert stored.closed_at == START + timedelta(minutes=5)


async def test_adding_again_keeps_the_case_and_the_post_is_recorded_once(instances: Instances) -> None:
    stores = instances.cases
    first = await stores[0].add(case())
    assert first == case()
    assert await stores[0].set_posted("case-1", "19:c", "post-1", "19:c;messageid=post-1")
    assert not await stores[1].set_posted("case-1", "19:c", "post-2", "19:c;messageid=post-2")
    again = await stores[1].add(case(company="Changed Ltd"))
    assert again.activity_id == "post-1" and again.thread_id == "19:c;messageid=post-1"
    assert again.created_at == first.created_at and again.view.company == "Contoso Ltd"
    with pytest.raises(NotFound):
        await stores[0].get("no-such-case")


async def test_posting_twice_at_once_records_one_post(instances: Instances) -> None:
    stores = instances.cases
    await stores[0].add(case())
    posts = [stores[n % 2].set_posted("case-1", "19:c", f"post-{n}", f"19:c;messageid=post-{n}")
             for n in range(6)]
    recorded = await asyncio.gather(*posts)
    assert recorded.count(True) == 1
    assert (await stores[1].get("case-1")).activity_id == f"post-{recorded.index(True)}"


async def test_a_post_and_a_pick_up_at_once_both_stick(instances: Instances) -> None:
    stores = instances.cases
    await stores[0].add(case())
    done = await asyncio.gather(stores[0].set_posted("case-1", "19:c", "post-1", "19:c;messageid=post-1"),
                                stores[1].pick_up("case-1", STAFF[0], START))
    assert done == [True, True]
    stored = await stores[0].get("case-1")
    assert (stored.activity_id, stored.status) == ("post-1", CaseStatus.PICKED_UP)


async def test_changes_to_an_unknown_case_change_nothing(instances: Instances) -> None:
    stores = instances.cases
    assert not await stores[0].pick_up("nope", STAFF[0], START)
    assert not await stores[0].close("nope", STAFF[0], START)
    assert not await stores[0].set_posted("nope", "19:c", "post-1", "19:c;messageid=post-1")
    with pytest.raises(NotFound):
        await stores[1].get("nope")


async def test_the_customers_active_case_is_the_latest_picked_up(instances: Instances) -> None:
    stores = instances.cases
    await stores[0].add(case("older"))
    await stores[0].add(case("newer"))
    await stores[0].add(case("open-one"))
    await stores[0].pick_up("older", STAFF[0], START)
    await stores[0].pick_up("newer", STAFF[1], START.replace(hour=10))
    assert (await stores[1].active_for_customer("customer-tenant", "aad-carl")).id == "newer"
    await stores[0].close("newer", STAFF[1], START)
    assert (await stores[1].active_for_customer("customer-tenant", "aad-carl")).id == "older"
    assert await stores[1].active_for_customer("customer-tenant", "aad-someone") is None
    assert await stores[1].active_for_customer("another-tenant", "aad-carl") is None


async def test_the_registered_channel_is_replaced(instances: Instances) -> None:
    first, second = instances.channels
    assert await first.current() is None
    for n, channel_id in enumerate(("19:a", "19:b")):
        await (first, second)[n].register(SalesChannel(
            team_id="t", channel_id=channel_id, reference={"conversation": {"id": channel_id}},
            registered_by="Ada", registered_by_aad="aad", registered_at=START))
    current = await first.current()
    assert current is not None and current.channel_id == "19:b" and current == await second.current()
    assert current.registered_at == START
    assert current.thread_reference("19:b;messageid=9")["conversation"]["id"] == "19:b;messageid=9"


def _of(tenant: str, case_id: str) -> Case:
    return case(case_id).model_copy(update={"tenant_id": tenant})


async def test_deleting_a_tenants_cases_leaves_the_other_tenants(instances: Instances) -> None:
    stores = instances.cases
    for added in (case("open-one"), case("closed-one"), _of("another-tenant", "theirs")):
        await stores[0].add(added)
    await stores[0].close("closed-one", STAFF[0], START)
    assert [found.id for found in await stores[1].for_tenant("customer-tenant")] == ["open-one", "closed-one"]
    assert await stores[1].delete_for_tenant("customer-tenant") == 2
    assert await stores[0].for_tenant("customer-tenant") == []
    for gone in ("open-one", "closed-one"):
        with pytest.raises(NotFound):
            await stores[0].get(gone)
    assert await stores[0].active_for_customer("customer-tenant", "aad-carl") is None
    assert (await stores[0].get("theirs")).tenant_id == "another-tenant"
    assert await stores[1].delete_for_tenant("customer-tenant") == 0


async def test_only_cases_closed_before_the_cutoff_are_deleted(instances: Instances) -> None:
    stores = instances.cases
    for added in (case("old"), case("recent"), case("open-one"), case("picked"), _of("another-tenant", "x")):
        await stores[0].add(added)
    await stores[0].close("old", STAFF[0], START)
    await stores[0].close("x", STAFF[0], START + timedelta(hours=1))
    await stores[0].close("recent", STAFF[0], START + timedelta(days=10))
    await stores[0].pick_up("picked", STAFF[1], START)
    assert await stores[1].closed_before(START) == []  # strictly older
    cutoff = START + timedelta(days=1)
    assert sorted(found.id for found in await stores[1].closed_before(cutoff)) == ["old", "x"]
    assert await stores[1].delete_closed_before(cutoff) == 2
    assert await stores[0].closed_before(cutoff) == []
    assert sorted(found.id for found in await stores[0].for_tenant("customer-tenant")) == [
        "open-one", "picked", "recent"]
    assert await stores[0].delete_closed_before(cutoff) == 0


async def test_cases_naming_an_address_are_found_and_deleted(instances: Instances) -> None:
    stores = instances.cases
    await stores[0].add(case())
    await stores[0].add(case("contacts", requester_email="", contacts=[
        "Billing: Charles Babbage, charles@contoso.com,\n+442079460001"]))
    await stores[0].add(_of("another-tenant", "theirs"))
    assert {found.id for found in await stores[1].mentioning("CARL@contoso.example")} == {"case-1", "theirs"}
    assert [found.id for found in await stores[1].mentioning("charles@contoso.com")] == ["contacts"]
    assert await stores[1].mentioning("arl@contoso.example") == []
    assert await stores[1].mentioning("charles@contoso.co") == []
    found = await stores[0].mentioning("charles@contoso.com")
    assert await stores[1].delete(found) == 1 and await stores[0].delete(found) == 0
    assert await stores[1].mentioning("charles@contoso.com") == []
    assert (await stores[0].get("case-1")).view.requester_email == "carl@contoso.example"
