"""Conversation stores under test: every test of the contract suite runs once per entry in FACTORIES.

A factory gets the test's request (to ask for the session emulator only when its backend runs) and a tmp
folder, and returns the store with its async close function.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from services.conversations.cosmos import CosmosConversationStore
from services.conversations.port import ConversationStore
from services.conversations.sqlite import SqliteConversationStore
from services.storage.cosmos import CosmosDatabase
from services.storage.sqlite import SqliteDatabase
from tests.integration.emulators import CosmosEmulator

Close = Callable[[], Awaitable[None]]
ConversationStoreFactory = Callable[[pytest.FixtureRequest, Path], Awaitable[tuple[ConversationStore, Close]]]

CONVERSATIONS_DATABASE = "conversations-tests"


async def sqlite_conversations(request: pytest.FixtureRequest,
                               tmp_path: Path) -> tuple[ConversationStore, Close]:
    database = SqliteDatabase(tmp_path / "conversations.sqlite3")

    async def close() -> None:
        database.close()

    return SqliteConversationStore(database), close


async def cosmos_conversations(request: pytest.FixtureRequest,
                               tmp_path: Path) -> tuple[ConversationStore, Close]:
    """A fresh container per test on the session's cosmosdb-server, created by the store itself."""
    emulator: CosmosEmulator = request.getfixturevalue("cosmos_emulator")
    database = CosmosDatabase.from_settings(emulator.endpoint, emulator.key, CONVERSATIONS_DATABASE,
                                            verify_tls=emulator.verify_tls)
    return CosmosConversationStore(database, container=f"refs-{uuid.uuid4().hex}"), database.close


FACTORIES: dict[str, ConversationStoreFactory] = {"sqlite": sqlite_conversations,
                                                  "cosmos": cosmos_conversations}


@pytest.fixture(params=sorted(FACTORIES))
async def conversations(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ConversationStore]:
    store, close = await FACTORIES[request.param](request, tmp_path)
    yield store
    await close()
