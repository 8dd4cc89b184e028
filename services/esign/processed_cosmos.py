"""Processed DocuSign Connect events in Azure Cosmos DB: container `esign-events`, partitioned by `/id`.

A document is `{id: SHA-256 of the event key, event_key, envelope_id, claimed_at, done_at}` (times as
fixed-width UTC text, compared as text). Every access names one key, so `/id` keeps each in one partition.
- claim: a `create_item`; a 409 means the key was claimed before. A claim that is not done and older
  than STALE_CLAIM (its instance died mid-work) is taken over by a replace on condition of the ETag read:
  of two instances taking it over at once, the second gets a 412 and answers False.
- finish: sets `done_at` (a replace on the ETag, read again after a 412).
- release: deletes the claim if it is not done, on the ETag read, so Connect's retry is processed again.
Documents are kept, as in SQLite: an event key must stay known to turn a late replay away.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import (
    CosmosAccessConditionFailedError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from services.clock import Clock
from services.domain.errors import StoreUnavailable
from services.esign.processed import STALE_CLAIM
from services.storage.cosmos import ContainerSpec, CosmosDatabase, item_body, query, translated
from services.storage.leases import utc_text

logger = logging.getLogger(__name__)

EVENTS_CONTAINER = "esign-events"
PARTITION_KEY_PATH = "/id"
_BY_ID = "SELECT * FROM c WHERE c.id = @id"
_ATTEMPTS = 5
Doc = dict[str, Any]


def document_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class CosmosProcessedEvents:
    """`ProcessedEventStore` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, clock: Clock, container: str = EVENTS_CONTAINER) -> None:
        self._database = database
        self._clock = clock
        self._spec = ContainerSpec(container, PARTITION_KEY_PATH)

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def _read(self, key: str) -> Doc | None:
        doc_id = document_id(key)
        found = await query(await self._container(), _BY_ID, {"id": doc_id}, partition_key=doc_id,
                            action="read a DocuSign event")
        return found[0] if found else None

    async def claim(self, key: str, envelope_id: str) -> bool:
        now = self._clock.now()
        container = await self._container()
        for _ in range(_ATTEMPTS):
            with translated("claim a DocuSign event"):
                try:
                    await container.create_item({"id": document_id(key), "event_key": key,
                                                 "envelope_id": envelope_id, "claimed_at": utc_text(now),
                                                 "done_at": None})
                    return True
                except CosmosResourceExistsError:
                    logger.debug("DocuSign event %s was claimed before", key)
            found = await self._read(key)
            if found is None:
                continue  # released meanwhile: claim it anew
            if found["done_at"] is not None or found["claimed_at"] > utc_text(now - STALE_CLAIM):
                return False
            if await self._replace(found, {"claimed_at": utc_text(now)}, "take over a DocuSign event"):
                return True
            # taken over, finished or released by another instance meanwhile: decide again
        raise StoreUnavailable("A DocuSign event kept changing while it was claimed.")

    async def finish(self, key: str) -> None:
        for _ in range(_ATTEMPTS):
            found = await self._read(key)
            if found is None or await self._replace(found, {"done_at": utc_text(self._clock.now())},
                                                    "mark a DocuSign event done"):
                return
            logger.debug("DocuSign event %s changed meanwhile; reading it again", key)
        raise StoreUnavailable("A DocuSign event kept changing while it was marked done.")

    async def release(self, key: str) -> None:
        container = await self._container()
        for _ in range(_ATTEMPTS):
            found = await self._read(key)
            if found is None or found["done_at"] is not None:
                return
            with translated("release a DocuSign event"):
                try:
                    await container.delete_item(found["id"], partition_key=found["id"], etag=found["_etag"],
                                                match_condition=MatchConditions.IfNotModified)
                    return
                except CosmosResourceNotFoundError:
                    return
                except CosmosAccessConditionFailedError:
                    logger.debug("DocuSign event %s changed meanwhile; reading it again", key)
        raise StoreUnavailable("A DocuSign event kept changing while its claim was released.")

    async def done(self, key: str) -> bool:
        found = await self._read(key)
        return found is not None and found["done_at"] is not None

    async def _replace(self, found: Doc, changes: Doc, action: str) -> bool:
        """True if `found` was replaced with `changes`; False when it changed or vanished since read."""
        container = await self._container()
        with translated(action):
            try:
                await container.replace_item(found["id"], item_body(found) | changes, etag=found["_etag"],
                                             match_condition=MatchConditions.IfNotModified)
                return True
            except (CosmosAccessConditionFailedError, CosmosResourceNotFoundError):
                return False
