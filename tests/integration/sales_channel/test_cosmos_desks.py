"""With STORE=cosmos the sales desk keeps its cases and the channel in Cosmos DB: two desks built by the
wiring, as two bot instances with SQLite files of their own, see one registration and one first click."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sales_channel_settings import SalesChannelSettings
from bot.sales_channel_wiring import build_desk
from services.sales_channel.models import CaseStatus
from services.sales_channel.service import SalesDesk
from services.storage.cosmos_factory import build_cosmos_stores
from services.storage.sqlite import SqliteDatabase
from tests.clock import FakeClock
from tests.integration.emulators import CosmosEmulator
from tests.unit.sales_channel.helpers import ADA, GRACE, OPERATOR, RecordingPublisher, case


@pytest.fixture
async def desks(cosmos_emulator: CosmosEmulator, tmp_path: Path) -> AsyncIterator[list[SalesDesk]]:
    name = f"desks-{uuid.uuid4().hex}"
    stores = [build_cosmos_stores(cosmos_emulator.endpoint, cosmos_emulator.key, database=name,
                                  verify_tls=cosmos_emulator.verify_tls) for _ in range(2)]
    files = [SqliteDatabase(tmp_path / f"instance-{n}.sqlite3") for n in range(2)]
    config = SalesChannelSettings(_env_file=None, operator_tenant_id=OPERATOR)
    yield [build_desk(config, files[n], RecordingPublisher(), FakeClock(), "Northwind", stores[n])
           for n in range(2)]
    for n in range(2):
        await stores[n].close()
        files[n].close()


async def test_the_channel_registered_on_one_instance_is_the_other_ones(desks: list[SalesDesk]) -> None:
    registered = await desks[0].register(ADA, "team-1", "19:sales", {"conversation": {"id": "19:sales"}})
    assert await desks[1].channel() == registered


async def test_two_instances_picking_up_at_once_have_one_winner(desks: list[SalesDesk]) -> None:
    await desks[0].cases.add(case())
    outcomes = await asyncio.gather(desks[0].pick_up("case-1", ADA), desks[1].pick_up("case-1", GRACE))
    assert sorted(outcome.changed for outcome in outcomes) == [False, True]
    winner = next(outcome for outcome in outcomes if outcome.changed)
    assert all(outcome.case.picked_up_by_aad == winner.case.picked_up_by_aad for outcome in outcomes)
    assert all(outcome.case.status is CaseStatus.PICKED_UP for outcome in outcomes)
