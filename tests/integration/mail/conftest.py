"""The mail outbox on every backend (SQLite, Cosmos DB), as two bot instances share it.

The contract suites (test_queue_contract.py, test_retention.py, the queue tests of test_smtp.py) run once
per entry in MAIL_FACTORIES. A factory returns two queues on one store (two SQLite connections to one
file, or two Cosmos DB clients on one container of the session's cosmosdb-server), the retention reader
of the first, and a close function.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.mail.cosmos import CosmosMailQueue
from services.mail.cosmos_retention import CosmosMailRetention
from services.mail.queue import MailQueue, SqliteMailQueue
from services.mail.retention import SqliteMailRetention
from services.privacy_models import MailRows
from services.storage.cosmos import CosmosDatabase
from services.storage.sqlite import SqliteDatabase
from tests.integration.emulators import CosmosEmulator


@dataclass(frozen=True)
class MailStores:
    queues: tuple[MailQueue, MailQueue]
    retention: MailRows

    @property
    def queue(self) -> MailQueue:
        return self.queues[0]


CloseStores = Callable[[], Awaitable[None]]
MailFactory = Callable[[pytest.FixtureRequest, Path], Awaitable[tuple[MailStores, CloseStores]]]


async def sqlite_mail(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[MailStores, CloseStores]:
    opened = [SqliteDatabase(tmp_path / "bot.sqlite3"), SqliteDatabase(tmp_path / "bot.sqlite3")]

    async def close() -> None:
        for database in opened:
            database.close()

    queues = SqliteMailQueue(opened[0]), SqliteMailQueue(opened[1])
    return MailStores(queues, SqliteMailRetention(opened[0])), close


async def cosmos_mail(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[MailStores, CloseStores]:
    """Two clients on one fresh container of the session's cosmosdb-server."""
    emulator: CosmosEmulator = request.getfixturevalue("cosmos_emulator")
    container = f"mail-{uuid.uuid4().hex}"
    opened = [CosmosDatabase.from_settings(emulator.endpoint, emulator.key, "mail-tests",
                                           verify_tls=emulator.verify_tls) for _ in range(2)]

    async def close() -> None:
        for database in opened:
            await database.close()

    queues = CosmosMailQueue(opened[0], container), CosmosMailQueue(opened[1], container)
    return MailStores(queues, CosmosMailRetention(opened[0], container)), close


MAIL_FACTORIES: dict[str, MailFactory] = {"sqlite": sqlite_mail, "cosmos": cosmos_mail}


@pytest.fixture(params=sorted(MAIL_FACTORIES))
async def mail(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[MailStores]:
    """Two mail queues sharing one store, and its retention reader, per backend."""
    stores, close = await MAIL_FACTORIES[request.param](request, tmp_path)
    yield stores
    await close()
