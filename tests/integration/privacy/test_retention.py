"""The retention purge on a fake clock, on both backend sets: never-contracted orders go after the draft
window (holds released, PDFs deleted), sales cases closed longer ago than that window, finished mail
after the mail window; submitted orders and open cases stay. And the app runs it in the background,
again and again, at the interval it is given."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta

from app import create_app
from services.contracts import ContractStore
from services.domain.errors import NotFound
from services.mail.port import Email
from services.sales import HandoffKind
from services.sales_channel.models import CaseView
from tests.clock import START
from tests.dialogs.conftest import DEMO_OCN
from tests.integration.esign.orders import CONTACTS
from tests.integration.privacy.conftest import OTHER_TENANT, REP, TENANT, World, full_order


async def _signed(world: World):
    order = await full_order(world.deps, TENANT, CONTACTS)
    stored = await world.deps.journey.orders.get(TENANT, order.id)
    stored.order.submit(world.clock.now())
    stored.order.sign(world.clock.now())
    return (await world.deps.journey.orders.save(stored.order, stored.etag)).order


async def _exists(world: World, order_id: str) -> bool:
    try:
        await world.deps.journey.load(TENANT, order_id)
    except NotFound:
        return False
    return True


async def test_purge_respects_the_retention_windows(world: World) -> None:
    deps, clock = world.deps, world.clock
    old_draft = await full_order(deps, TENANT, CONTACTS)
    await ContractStore(world.components.documents).save_draft(old_draft, b"%PDF-1.4 draft")
    cancelled = await deps.journey.start(TENANT, DEMO_OCN)
    await deps.journey.cancel(TENANT, cancelled.id)
    signed = await _signed(world)
    await deps.mailer.send(Email(to=["ada@contoso.com"], subject="Your code", text="123456"))
    await world.components.services.mailer.drain()
    for path in world.outbox.glob("*.eml"):
        os.utime(path, (START.timestamp(), START.timestamp()))

    clock.set(START + timedelta(days=13))
    assert (await world.privacy.purge(clock.now())).empty
    clock.set(START + timedelta(days=15))
    mail = await world.privacy.purge(clock.now())
    assert (mail.mail_rows, mail.mail_files, mail.orders_deleted) == (1, 1, [])
    assert list(world.outbox.glob("*.eml")) == []

    clock.set(START + timedelta(days=50))
    touched = await deps.journey.start(TENANT, DEMO_OCN)
    clock.set(START + timedelta(days=89, hours=23))
    assert (await world.privacy.purge(clock.now())).empty
    clock.set(START + timedelta(days=91))
    dry = await world.privacy.purge(clock.now(), apply=False)
    assert sorted(dry.orders_deleted) == sorted([old_draft.id, cancelled.id])
    assert await _exists(world, old_draft.id)
    done = await world.privacy.purge(clock.now())
    assert sorted(done.orders_deleted) == sorted(dry.orders_deleted)
    assert (done.holds_released, done.documents) == (2, 1)
    assert not await _exists(world, old_draft.id) and not await _exists(world, cancelled.id)
    assert await _exists(world, touched.id) and await _exists(world, signed.id)
    assert await deps.journey.inventory.holds(TENANT, old_draft.id) == []
    assert (await world.privacy.purge(clock.now())).empty


async def _case_exists(world: World, case_id: str) -> bool:
    try:
        await world.cases.get(case_id)
    except NotFound:
        return False
    return True


async def test_purge_deletes_cases_closed_longer_ago_than_the_draft_window(world: World) -> None:
    clock = world.clock
    view = CaseView(title="Lead", requester="Ada Lovelace", requester_email="ada@contoso.com")
    old = await world.case(TENANT, HandoffKind.LEAD, view, closed=True)
    theirs = await world.case(OTHER_TENANT, HandoffKind.HELP, view, closed=True)
    still_open = await world.case(TENANT, HandoffKind.HELP, view)
    picked = await world.case(TENANT, HandoffKind.HELP, view)
    assert await world.cases.pick_up(picked, REP, clock.now())
    clock.set(START + timedelta(days=50))
    recent = await world.case(TENANT, HandoffKind.LEAD, view, closed=True)

    clock.set(START + timedelta(days=89, hours=23))
    assert (await world.privacy.purge(clock.now())).empty
    clock.set(START + timedelta(days=91))
    dry = await world.privacy.purge(clock.now(), apply=False)
    assert dry.cases == 2 and await _case_exists(world, old) and await _case_exists(world, theirs)
    assert (await world.privacy.purge(clock.now())).cases == 2
    assert [await _case_exists(world, case) for case in (old, theirs, still_open, picked, recent)] == [
        False, False, True, True, True]
    clock.set(START + timedelta(days=141))
    assert (await world.privacy.purge(clock.now())).cases == 1
    assert not await _case_exists(world, recent)
    assert sorted(case.id for case in await world.cases.for_tenant(TENANT)) == sorted([still_open, picked])


async def _gone(world: World, order_id: str) -> bool:
    for _ in range(200):
        if not await _exists(world, order_id):
            return True
        await asyncio.sleep(0.025)
    return False


async def test_the_app_purges_in_the_background_at_its_interval(embedded: World, aiohttp_client) -> None:
    world = embedded
    first = await world.deps.journey.start(TENANT, DEMO_OCN)
    world.clock.advance(timedelta(days=91))
    await aiohttp_client(create_app(world.components.settings, world.components, retention_interval_s=0.05))
    assert await _gone(world, first.id)
    second = await world.deps.journey.start(TENANT, DEMO_OCN)
    await asyncio.sleep(0.1)
    assert await _exists(world, second.id)  # not yet due
    world.clock.advance(timedelta(days=91))
    assert await _gone(world, second.id)
