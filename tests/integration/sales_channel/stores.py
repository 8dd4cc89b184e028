"""Sales channel stores under test: the contract suite (test_case_store.py) runs once per entry in
FACTORIES. A factory returns two case stores and two channel stores on one backend (as two bot instances
have them) and a close function; it asks for the session's cosmosdb-server only when its backend runs."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.sales_channel.cosmos import CosmosCaseStore, CosmosSalesChannelStore
from services.sales_channel.port import CaseStore, SalesChannelStore
from services.sales_channel.sqlite import SqliteCaseStore, SqliteSalesChannelStore
from services.storage.cosmos import CosmosDatabase
from services.storage.sqlite import SqliteDatabase
from tests.integration.emulators import CosmosEmulator

Close = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Instances:
    """What two bot instances sharing one backend hold."""

    cases: tuple[CaseStore, CaseStore]
    channels: tuple[SalesChannelStore, SalesChannelStore]


Factory = Callable[[pytest.FixtureRequest, Path], Awaitable[tuple[Instances, Close]]]


async def sqlite_instances(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Instances, Close]:
    """Two databases over one file."""
    opened = [SqliteDatabase(tmp_path / "bot.sqlite3") for _ in range(2)]

    async def close() -> None:
        for database in opened:
            database.close()

    cases = (SqliteCaseStore(opened[0]), SqliteCaseStore(opened[1]))
    return Instances(cases, (SqliteSalesChannelStore(opened[0]), SqliteSalesChannelStore(opened[1]))), close


async def cosmos_instances(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Instances, Close]:
    """Two clients on fresh containers of the session's cosmosdb-server, created by the stores."""
    emulator: CosmosEmulator = request.getfixturevalue("cosmos_emulator")
    opened = [CosmosDatabase.from_settings(emulator.endpoint, emulator.key, "sales-channel-tests",
                                           verify_tls=emulator.verify_tls) for _ in range(2)]
    suffix = uuid.uuid4().hex

    async def close() -> None:
        for database in opened:
            await database.close()

    cases = (CosmosCaseStore(opened[0], f"cases-{suffix}"), CosmosCaseStore(opened[1], f"cases-{suffix}"))
    channels = (CosmosSalesChannelStore(opened[0], f"channel-{suffix}"),
                CosmosSalesChannelStore(opened[1], f"channel-{suffix}"))
    return Instances(cases, channels), close


FACTORIES: dict[str, Factory] = {"sqlite": sqlite_instances, "cosmos": cosmos_instances}
