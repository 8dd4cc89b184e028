"""botbuilder `Storage` on Azure Cosmos DB (`azure.cosmos.aio`): bot state shared by every instance.

Like the Microsoft 365 Agents SDK's Cosmos storage: one container partitioned by `/id`, created lazily
under a lock; items are `{"id": escaped key, "realId": key, "document": jsonpickle JSON}`; `e_tag` is
`_etag`, and a write carrying one replaces with `MatchConditions.IfNotModified`.

Limit: each key is its own partition and Cosmos has no cross-partition transaction. A batch checks all
its e_tags before writing and writes conditional items first, so a batch stale at the start writes
nothing; only a change racing between that check and the writes can leave part of a batch written
(never over the conflicting item). botbuilder's `BotState` writes one key per call.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

from azure.core import MatchConditions
from azure.core.credentials_async import AsyncTokenCredential
from azure.cosmos import PartitionKey
from azure.cosmos.aio import ContainerProxy, CosmosClient, DatabaseProxy
from azure.cosmos.exceptions import (
    CosmosAccessConditionFailedError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)
from botbuilder.core import Storage

from bot.state.cosmos_items import e_tag_of, escape_key, from_document, get_e_tag, set_e_tag, to_document
from bot.state.sqlite import StateConflict
from services.domain.errors import StoreUnavailable
from services.storage.cosmos import make_cosmos_client, translated

logger = logging.getLogger(__name__)

PARTITION_KEY_PATH = "/id"
class CosmosStorage(Storage):
    """Bot state in one Cosmos DB container. Give it an open client, or use `from_settings`."""

    def __init__(self, client: CosmosClient, database: str, container: str, *,
                 create_if_missing: bool = True, owns_client: bool = False) -> None:
        self._client = client
        self._database_id = database
        self._container_id = container
        self._create_if_missing = create_if_missing
        self._owns_client = owns_client
        self._client_ready = not owns_client  # an owned client is entered on first use
        self._container: ContainerProxy | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, endpoint: str, credential: str | AsyncTokenCredential, database: str,
                      container: str, *, verify_tls: bool = True,
                      create_if_missing: bool = True) -> CosmosStorage:
        """Builds and owns its client (opened on first use, closed by `close`)."""
        client = make_cosmos_client(endpoint, credential, verify_tls=verify_tls)
        return cls(client, database, container, create_if_missing=create_if_missing, owns_client=True)

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}
        documents = await self._read_documents(await self._get_container(), keys)
        return {key: from_document(document) for key, document in documents.items()}

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        if not changes:
            return
        container = await self._get_container()
        e_tags = {key: get_e_tag(item) for key, item in changes.items()}
        conditional = {key: e_tag for key, e_tag in e_tags.items() if e_tag not in (None, "*")}
        if len(conditional) > 1:
            await self._check_e_tags(container, conditional)
        for key in [*conditional, *(key for key in changes if key not in conditional)]:
            new_e_tag = await self._write_one(container, key, changes[key], conditional.get(key))
            set_e_tag(changes[key], new_e_tag)

    async def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        container = await self._get_container()
        await asyncio.gather(*(self._delete_one(container, key) for key in set(keys)))

    async def ping(self) -> None:
        """Raises `StoreUnavailable` if the container does not answer: used by /healthz."""
        container = await self._get_container()
        with translated("read the bot state container"):
            await container.read()

    async def close(self) -> None:
        """Closes the client if this storage built it (also after a failed or no first use)."""
        if self._owns_client:
            await self._client.close()

    async def _read_documents(self, container: ContainerProxy, keys: list[str]) -> dict[str, dict]:
        wanted = {escape_key(key): key for key in keys}
        with translated("read bot state"):
            found = await container.read_items([(doc_id, doc_id) for doc_id in wanted])
        documents: dict[str, dict] = {}
        for document in found:
            key = wanted.get(document["id"])
            if key is None or document.get("realId") != key:
                logger.error("Bot state document %r does not hold key %r; ignored", document["id"], key)
                continue
            documents[key] = document
        return documents

    async def _check_e_tags(self, container: ContainerProxy, expected: dict[str, str]) -> None:
        current = await self._read_documents(container, list(expected))
        for key, e_tag in expected.items():
            if key not in current or current[key]["_etag"] != e_tag:
                raise StateConflict(f"State '{key}' was changed by someone else; reload and retry.")

    @staticmethod
    async def _write_one(container: ContainerProxy, key: str, item: Any, e_tag: str | None) -> str:
        document = to_document(key, item)
        with translated("write bot state"):
            if e_tag is None:
                return e_tag_of(await container.upsert_item(document))
            try:
                saved = await container.replace_item(document["id"], document, etag=e_tag,
                                                     match_condition=MatchConditions.IfNotModified)
            except (CosmosAccessConditionFailedError, CosmosResourceNotFoundError) as error:
                raise StateConflict(f"State '{key}' was changed by someone else; reload and retry.") \
                    from error
            return e_tag_of(saved)

    @staticmethod
    async def _delete_one(container: ContainerProxy, key: str) -> None:
        doc_id = escape_key(key)
        with translated("delete bot state"), suppress(CosmosResourceNotFoundError):
            await container.delete_item(doc_id, partition_key=doc_id)

    async def _get_container(self) -> ContainerProxy:
        if self._container is None:
            async with self._lock:
                if self._container is None:
                    self._container = await self._open_container()
        return self._container

    async def _create(self, database: DatabaseProxy) -> None:
        """Creates what is missing; another instance creating it at the same moment is fine (409)."""
        with suppress(CosmosResourceExistsError):
            await self._client.create_database_if_not_exists(self._database_id)
        with suppress(CosmosResourceExistsError):
            await database.create_container_if_not_exists(self._container_id,
                                                          PartitionKey(path=PARTITION_KEY_PATH))

    async def _open_container(self) -> ContainerProxy:
        where = f"'{self._database_id}/{self._container_id}'"
        with translated(f"open the container {where}"):
            if not self._client_ready:
                await self._client.__aenter__()  # reads the account: regions, session consistency
                self._client_ready = True
            database = self._client.get_database_client(self._database_id)
            container = database.get_container_client(self._container_id)
            if self._create_if_missing:
                await self._create(database)
            try:
                properties = await container.read()
            except CosmosResourceNotFoundError as error:
                raise StoreUnavailable(
                    f"The Cosmos DB container {where} does not exist: create it with partition key "
                    f"{PARTITION_KEY_PATH}, or let the bot create it (COSMOS_CREATE_CONTAINERS=true).") \
                    from error
        paths = properties.get("partitionKey", {}).get("paths")
        if paths != [PARTITION_KEY_PATH]:
            raise StoreUnavailable(f"The Cosmos DB container {where} is partitioned by {paths}; "
                                   f"bot state needs {PARTITION_KEY_PATH}.")
        return container
