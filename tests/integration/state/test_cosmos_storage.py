"""What the Cosmos DB storage adds to the shared contract: its document layout, ids, setup and races."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from azure.cosmos import PartitionKey
from azure.cosmos.aio import ContainerProxy

from bot.state.cosmos import CosmosStorage, make_cosmos_client
from bot.state.cosmos_items import MAX_ID_LENGTH, escape_key
from bot.state.factory import build_state_storage, close_state_storage
from bot.state.sqlite import SqliteStorage, StateConflict
from services.domain.errors import StoreUnavailable
from services.storage.sqlite import SqliteDatabase
from tests.integration.emulators import CosmosEmulator
from tests.integration.state.conftest import STATE_DATABASE, cosmos_storage_on
from tests.servers import free_port


@pytest.fixture
def container_name() -> str:
    return f"state-{uuid.uuid4().hex}"


@pytest.fixture
async def cosmos(cosmos_emulator: CosmosEmulator, container_name: str) -> AsyncIterator[CosmosStorage]:
    storage = cosmos_storage_on(cosmos_emulator, container_name)
    yield storage
    await storage.close()


@pytest.fixture
async def raw(cosmos_emulator: CosmosEmulator, container_name: str,
              cosmos: CosmosStorage) -> AsyncIterator[ContainerProxy]:
    """The same container through a client of its own, to look at what was stored."""
    await cosmos.ping()  # creates the container
    client = make_cosmos_client(cosmos_emulator.endpoint, cosmos_emulator.key, verify_tls=False)
    async with client:
        yield client.get_database_client(STATE_DATABASE).get_container_client(container_name)


def test_escaped_ids_are_valid_and_distinct() -> None:
    keys = ["a/b", "a*2fb", "a\\b", "a?b", "a#b", "a%b", "trailing ", "tab\t", "é/ü", "x" * 300,
            "x" * 299 + "y", "/" * 200]
    ids = [escape_key(key) for key in keys]
    assert len(set(ids)) == len(keys)
    for doc_id in ids:
        assert len(doc_id) <= MAX_ID_LENGTH
        assert not set("/\\?#% \t") & set(doc_id)


async def test_the_document_keeps_the_real_key_beside_the_escaped_id(cosmos: CosmosStorage,
                                                                     raw: ContainerProxy) -> None:
    key = "msteams/conversations/a:1?x#y"
    await cosmos.write({key: {"count": 1, "e_tag": "*"}})
    document = await raw.read_item(escape_key(key), partition_key=escape_key(key))
    assert document["realId"] == key
    assert document["document"] == {"count": 1}
    assert (await cosmos.read([key]))[key]["e_tag"] == document["_etag"]


async def test_long_keys_that_differ_only_at_the_end_are_kept_apart(cosmos: CosmosStorage) -> None:
    keys = ["k" * 400 + "1", "k" * 400 + "2"]
    await cosmos.write({key: {"key": key} for key in keys})
    items = await cosmos.read(keys)
    assert {key: items[key]["key"] for key in keys} == {key: key for key in keys}


async def test_a_batch_with_one_stale_item_among_several_conditional_ones_writes_none(
        cosmos: CosmosStorage) -> None:
    await cosmos.write({"a": {"v": 1}, "b": {"v": 1}})
    current = await cosmos.read(["a", "b"])
    current["a"]["v"], current["b"] = 2, {"v": 2, "e_tag": "stale"}
    with pytest.raises(StateConflict):
        await cosmos.write(current)
    assert {key: item["v"] for key, item in (await cosmos.read(["a", "b"])).items()} == {"a": 1, "b": 1}


async def test_two_instances_with_the_same_e_tag_never_both_win(cosmos_emulator: CosmosEmulator,
                                                                 container_name: str) -> None:
    first, second = (cosmos_storage_on(cosmos_emulator, container_name) for _ in range(2))
    try:
        await first.write({"counter": {"count": 0}})
        for _ in range(10):
            items = [(await storage.read(["counter"]))["counter"] for storage in (first, second)]
            for item in items:
                item["count"] += 1
            outcomes = await asyncio.gather(first.write({"counter": items[0]}),
                                            second.write({"counter": items[1]}), return_exceptions=True)
            assert sum(isinstance(outcome, StateConflict) for outcome in outcomes) == 1
        assert (await first.read(["counter"]))["counter"]["count"] == 10
    finally:
        await first.close()
        await second.close()


async def test_without_creation_a_missing_container_is_a_clear_error(cosmos_emulator: CosmosEmulator,
                                                                     container_name: str) -> None:
    storage = cosmos_storage_on(cosmos_emulator, container_name, create_if_missing=False)
    try:
        with pytest.raises(StoreUnavailable, match=r"does not exist.*COSMOS_CREATE_CONTAINERS"):
            await storage.ping()
        with pytest.raises(StoreUnavailable):
            await storage.read(["k"])
    finally:
        await storage.close()


async def test_without_creation_an_existing_container_is_used(cosmos_emulator: CosmosEmulator,
                                                              cosmos: CosmosStorage,
                                                              container_name: str) -> None:
    await cosmos.write({"k": {"v": 1}})
    storage = cosmos_storage_on(cosmos_emulator, container_name, create_if_missing=False)
    try:
        assert (await storage.read(["k"]))["k"]["v"] == 1
    finally:
        await storage.close()


async def test_a_container_partitioned_otherwise_is_refused(cosmos_emulator: CosmosEmulator,
                                                            container_name: str) -> None:
    async with make_cosmos_client(cosmos_emulator.endpoint, cosmos_emulator.key, verify_tls=False) as client:
        database = await client.create_database_if_not_exists(STATE_DATABASE)
        await database.create_container(container_name, PartitionKey(path="/tenant"))
    storage = cosmos_storage_on(cosmos_emulator, container_name)
    try:
        with pytest.raises(StoreUnavailable, match="partitioned by"):
            await storage.ping()
    finally:
        await storage.close()


async def test_an_unreachable_account_is_store_unavailable() -> None:
    storage = CosmosStorage.from_settings(f"https://127.0.0.1:{free_port()}/", "a2V5", "db", "c",
                                          verify_tls=False)
    try:
        with pytest.raises(StoreUnavailable):
            await storage.ping()
    finally:
        await storage.close()


async def test_the_factory_builds_each_backend_and_refuses_incomplete_settings(
        cosmos_emulator: CosmosEmulator, container_name: str, tmp_path: Path) -> None:
    database = SqliteDatabase(tmp_path / "state.sqlite3")
    assert isinstance(build_state_storage("sqlite", sqlite_database=database), SqliteStorage)
    storage = build_state_storage("cosmos", sqlite_database=database,
                                  cosmos_endpoint=cosmos_emulator.endpoint, cosmos_key=cosmos_emulator.key,
                                  cosmos_database=STATE_DATABASE, cosmos_container=container_name,
                                  cosmos_verify_tls=False)
    try:
        await storage.write({"k": {"v": 1}})
        assert (await storage.read(["k"]))["k"]["v"] == 1
    finally:
        await close_state_storage(storage)
        database.close()
    with pytest.raises(ValueError, match="COSMOS_ENDPOINT"):
        build_state_storage("cosmos", sqlite_database=database, cosmos_key="k")
    with pytest.raises(ValueError, match="Unknown"):
        build_state_storage("redis", sqlite_database=database)
