"""One Azure Cosmos DB database shared by the service adapters (orders, inventory): client and containers.

Follows the bot state storage (`bot/state/cosmos.py`): an aio client with bounded 429 retries, opened on
first use; containers created lazily under a lock (or only checked, when creation is turned off), their
partition key and unique keys verified; SDK and transport errors become `StoreUnavailable`.

Notes from the local stand-in (`@vercel/cosmosdb-server`), which the adapters are written to pass:
a point read of a missing document answers 500 (use queries), a single-partition query must name the
partition key field in its WHERE clause, `OFFSET ... LIMIT` is not parsed (use `TOP @n`), transactional
batches cannot replace or delete (a per-operation partition key is not parsed), and a patch's filter
predicate is lower-cased before it is evaluated (keep field names and literals lower-case).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from azure.core import MatchConditions
from azure.core.credentials_async import AsyncTokenCredential
from azure.core.exceptions import AzureError
from azure.cosmos import PartitionKey
from azure.cosmos.aio import ContainerProxy, CosmosClient, DatabaseProxy
from azure.cosmos.exceptions import (
    CosmosAccessConditionFailedError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from services.domain.errors import StoreUnavailable

logger = logging.getLogger(__name__)

# 429s: at most 5 retries 800 ms apart, so a throttled call gives up after about 4 s.
THROTTLE_RETRIES = 5
THROTTLE_INTERVAL_MS = 800
THROTTLE_MAX_WAIT_S = 5


def make_cosmos_client(endpoint: str, credential: str | AsyncTokenCredential, *,
                       verify_tls: bool = True) -> CosmosClient:
    """An aio client with bounded 429 retries; `credential` is the account key or an Entra ID credential."""
    return CosmosClient(endpoint, credential, connection_verify=verify_tls,
                        retry_throttle_total=THROTTLE_RETRIES, retry_fixed_interval=THROTTLE_INTERVAL_MS,
                        retry_throttle_backoff_max=THROTTLE_MAX_WAIT_S)


@contextmanager
def translated(action: str) -> Iterator[None]:
    """Cosmos and transport errors become `StoreUnavailable`, with the SDK error chained."""
    try:
        yield
    except AzureError as error:
        status = getattr(error, "status_code", None)
        raise StoreUnavailable(f"Cosmos DB could not {action} (status {status}).") from error


@dataclass(frozen=True)
class ContainerSpec:
    """A container an adapter needs: its name, partition key path and unique key paths."""

    name: str
    partition_key: str
    unique_keys: tuple[str, ...] = ()

    def unique_key_policy(self) -> dict[str, Any] | None:
        return {"uniqueKeys": [{"paths": [path]} for path in self.unique_keys]} if self.unique_keys else None


class CosmosDatabase:
    """A database of the account, with its containers opened once each. Close it when done."""

    def __init__(self, client: CosmosClient, database: str, *, create_if_missing: bool = True,
                 owns_client: bool = False) -> None:
        self._client = client
        self._database_id = database
        self._create_if_missing = create_if_missing
        self._owns_client = owns_client
        self._client_ready = not owns_client  # an owned client is entered on first use
        self._database: DatabaseProxy | None = None
        self._containers: dict[ContainerSpec, ContainerProxy] = {}
        self._lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, endpoint: str, credential: str | AsyncTokenCredential, database: str, *,
                      verify_tls: bool = True, create_if_missing: bool = True) -> CosmosDatabase:
        """Builds and owns its client (opened on first use, closed by `close`)."""
        client = make_cosmos_client(endpoint, credential, verify_tls=verify_tls)
        return cls(client, database, create_if_missing=create_if_missing, owns_client=True)

    async def container(self, spec: ContainerSpec) -> ContainerProxy:
        found = self._containers.get(spec)
        if found is None:
            async with self._lock:
                found = self._containers.get(spec)
                if found is None:
                    found = self._containers[spec] = await self._open(spec)
        return found

    async def close(self) -> None:
        """Closes the client if this object built it."""
        if self._owns_client:
            await self._client.close()

    async def _open(self, spec: ContainerSpec) -> ContainerProxy:
        where = f"'{self._database_id}/{spec.name}'"
        with translated(f"open the container {where}"):
            database = await self._get_database()
            container = await self._get_container(database, spec)
            try:
                properties = await container.read()
            except CosmosResourceNotFoundError as error:
                raise StoreUnavailable(
                    f"The Cosmos DB container {where} does not exist: create it with partition key "
                    f"{spec.partition_key} and unique keys {list(spec.unique_keys)}, or let the bot create "
                    "it (COSMOS_CREATE_CONTAINERS=true).") from error
        _check_layout(where, spec, properties)
        return container

    async def _get_database(self) -> DatabaseProxy:
        if self._database is None:
            if not self._client_ready:
                await self._client.__aenter__()  # reads the account: regions, session consistency
                self._client_ready = True
            if self._create_if_missing:
                try:
                    self._database = await self._client.create_database_if_not_exists(self._database_id)
                except CosmosResourceExistsError:  # another instance created it at the same moment
                    self._database = self._client.get_database_client(self._database_id)
            else:
                self._database = self._client.get_database_client(self._database_id)
        return self._database

    async def _get_container(self, database: DatabaseProxy, spec: ContainerSpec) -> ContainerProxy:
        if self._create_if_missing:
            try:
                return await database.create_container_if_not_exists(
                    spec.name, PartitionKey(path=spec.partition_key),
                    unique_key_policy=spec.unique_key_policy())
            except CosmosResourceExistsError:
                logger.debug("container %s was created by another instance meanwhile", spec.name)
        return database.get_container_client(spec.name)


def _check_layout(where: str, spec: ContainerSpec, properties: Mapping[str, Any]) -> None:
    paths = properties.get("partitionKey", {}).get("paths")
    if paths != [spec.partition_key]:
        raise StoreUnavailable(f"The Cosmos DB container {where} is partitioned by {paths}; "
                               f"it must be {spec.partition_key}.")
    keys = properties.get("uniqueKeyPolicy", {}).get("uniqueKeys", [])
    found = sorted(path for key in keys for path in key.get("paths", []))
    if found != sorted(spec.unique_keys):
        raise StoreUnavailable(f"The Cosmos DB container {where} has unique keys {found}; "
                               f"it must have {list(spec.unique_keys)}.")


async def query(container: ContainerProxy, sql: str, parameters: Mapping[str, Any], *,
                partition_key: str | None = None, action: str = "query") -> list[Any]:
    """Every result of `sql` (`@name` parameters from `parameters`); one partition if a key is given."""
    params = [{"name": f"@{name}", "value": value} for name, value in parameters.items()]
    options: dict[str, Any] = {} if partition_key is None else {"partition_key": partition_key}
    with translated(action):
        return [item async for item in container.query_items(sql, parameters=params, **options)]


async def replace_if_unchanged(container: ContainerProxy, document: Mapping[str, Any], body: dict[str, Any],
                               action: str) -> dict[str, Any] | None:
    """Puts `body` in place of `document` unless someone changed it since it was read (its `_etag`):
    the replaced document, or None when it changed or vanished meanwhile."""
    with translated(action):
        try:
            return await container.replace_item(document["id"], body, etag=document["_etag"],
                                                match_condition=MatchConditions.IfNotModified)
        except (CosmosAccessConditionFailedError, CosmosResourceNotFoundError):
            return None


def item_body(document: Mapping[str, Any]) -> dict[str, Any]:
    """A read document without the service's own fields (`_etag`, `_ts`, ...), ready to be replaced."""
    return {name: value for name, value in document.items() if not name.startswith("_")}


class _Sequence:
    """Increasing texts: nanoseconds since the epoch (never repeated in this process) + random."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> str:
        self._last = max(time.time_ns(), self._last + 1)
        return f"{self._last:020d}-{uuid.uuid4().hex[:12]}"


next_sequence = _Sequence().next
"""A queue position (`seq`) for a new document: later calls sort after earlier ones in this process;
across instances the order follows their clocks."""
