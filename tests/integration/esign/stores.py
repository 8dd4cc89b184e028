"""Preview link and processed event stores under test: the contract suites (test_preview_links_contract.py,
test_processed_events_contract.py) run once per entry in FACTORIES. A factory returns two of each store on
one backend (as two bot instances have them, on one clock) and a close function; it asks for the session's
cosmosdb-server only when its backend runs."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.esign.processed import ProcessedEventStore
from services.esign.processed_cosmos import CosmosProcessedEvents
from services.esign.processed_sqlite import SqliteProcessedEvents
from services.storage.cosmos import CosmosDatabase
from services.storage.sqlite import SqliteDatabase
from services.submission_preview import PreviewLinkStore, SqlitePreviewLinks
from services.submission_preview_cosmos import CosmosPreviewLinks
from tests.clock import FakeClock
from tests.integration.emulators import CosmosEmulator

Close = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Instances:
    """What two bot instances sharing one backend hold."""

    previews: tuple[PreviewLinkStore, PreviewLinkStore]
    events: tuple[ProcessedEventStore, ProcessedEventStore]


Factory = Callable[[pytest.FixtureRequest, Path, FakeClock], Awaitable[tuple[Instances, Close]]]


async def sqlite_instances(request: pytest.FixtureRequest, tmp_path: Path,
                           clock: FakeClock) -> tuple[Instances, Close]:
    """Two databases over one file."""
    opened = [SqliteDatabase(tmp_path / "bot.sqlite3") for _ in range(2)]

    async def close() -> None:
        for database in opened:
            database.close()

    previews = (SqlitePreviewLinks(opened[0]), SqlitePreviewLinks(opened[1]))
    events = (SqliteProcessedEvents(opened[0], clock), SqliteProcessedEvents(opened[1], clock))
    return Instances(previews, events), close


async def cosmos_instances(request: pytest.FixtureRequest, tmp_path: Path,
                           clock: FakeClock) -> tuple[Instances, Close]:
    """Two clients on fresh containers of the session's cosmosdb-server, created by the stores."""
    emulator: CosmosEmulator = request.getfixturevalue("cosmos_emulator")
    opened = [CosmosDatabase.from_settings(emulator.endpoint, emulator.key, "esign-tests",
                                           verify_tls=emulator.verify_tls) for _ in range(2)]
    suffix = uuid.uuid4().hex

    async def close() -> None:
        for database in opened:
            await database.close()

    previews = (CosmosPreviewLinks(opened[0], f"previews-{suffix}"),
                CosmosPreviewLinks(opened[1], f"previews-{suffix}"))
    events = (CosmosProcessedEvents(opened[0], clock, f"events-{suffix}"),
              CosmosProcessedEvents(opened[1], clock, f"events-{suffix}"))
    return Instances(previews, events), close


FACTORIES: dict[str, Factory] = {"sqlite": sqlite_instances, "cosmos": cosmos_instances}
