"""Every `InventoryStore` adapter the contract suite runs against. Adding one is one line in `ADAPTERS`.

`open(location, server)` opens a store on the backend for one test: `location` is the test's own folder
(a SQLite file there, or a database named after it), `server` is the value of the fixture named by
`needs` (a local stand-in such as the Cosmos DB emulator), or None. Opening twice gives two independent
stores on the same data, as two bot instances would have. Both arguments must pickle: the race test
opens stores in spawned processes.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.inventory.cosmos import CosmosInventoryStore
from services.inventory.ports import InventoryStore
from services.inventory.sqlite import SqliteInventoryStore
from services.storage.cosmos import CosmosDatabase
from services.storage.sqlite import SqliteDatabase
from tests.integration.emulators import CosmosEmulator


@dataclass(frozen=True)
class Adapter:
    open: Callable[[Path, Any], AbstractAsyncContextManager[InventoryStore]]
    needs: str | None = None


@asynccontextmanager
async def sqlite_store(location: Path, server: object = None) -> AsyncIterator[InventoryStore]:
    db = SqliteDatabase(location / "inventory.sqlite3")
    try:
        yield SqliteInventoryStore(db)
    finally:
        db.close()


@asynccontextmanager
async def cosmos_store(location: Path, server: CosmosEmulator) -> AsyncIterator[InventoryStore]:
    """A database per test folder on the session's cosmosdb-server: every process opening that folder
    (the race test's workers too) shares it. Left in place at the end: the server is in memory."""
    name = "inventory-" + hashlib.sha256(str(location).encode()).hexdigest()[:24]
    database = CosmosDatabase.from_settings(server.endpoint, server.key, name, verify_tls=server.verify_tls)
    try:
        yield CosmosInventoryStore(database)
    finally:
        await database.close()


ADAPTERS: dict[str, Adapter] = {
    "sqlite": Adapter(sqlite_store),
    "cosmos": Adapter(cosmos_store, needs="cosmos_emulator"),
}
