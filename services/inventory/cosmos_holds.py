"""The holds container: hold documents, read with queries and changed with conditional patches."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import (
    CosmosAccessConditionFailedError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from services.inventory.cosmos_docs import (
    HOLDS,
    PENDING,
    Doc,
    Ops,
    creation_order,
    hold_doc,
    hold_of,
    office_slot,
    order_key,
)
from services.inventory.model import Hold
from services.storage.cosmos import ContainerSpec, CosmosDatabase, query, translated

logger = logging.getLogger(__name__)

_BY_IDS = "SELECT * FROM c WHERE ARRAY_CONTAINS(@ids, c.id)"


class HoldBook:
    """Hold documents. A pending hold (its numbers still being claimed) is left out of every reading."""

    def __init__(self, database: CosmosDatabase, limit: asyncio.Semaphore,
                 spec: ContainerSpec = HOLDS) -> None:
        self._database = database
        self._limit = limit
        self._spec = spec

    async def container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def find(self, hold_ids: Sequence[str]) -> dict[str, Doc]:
        """The documents of those holds, pending ones included, by id (a query across orders)."""
        if not hold_ids:
            return {}
        rows = await query(await self.container(), _BY_IDS, {"ids": list(hold_ids)}, action="read holds")
        return {row["id"]: row for row in rows}

    async def find_in_order(self, hold: Hold, hold_id: str) -> Doc | None:
        key = order_key(hold.tenant_id, hold.order_id)
        rows = await query(await self.container(), "SELECT * FROM c WHERE c.order_key = @key AND c.id = @id",
                           {"key": key, "id": hold_id}, partition_key=key, action="read a hold")
        return rows[0] if rows else None

    async def get(self, hold_id: str) -> Hold | None:
        doc = (await self.find([hold_id])).get(hold_id)
        return hold_of(doc) if doc is not None and doc["status"] != PENDING else None

    async def for_order(self, tenant_id: str, order_id: str) -> list[Hold]:
        key = order_key(tenant_id, order_id)
        rows = await query(await self.container(),
                           "SELECT * FROM c WHERE c.order_key = @key AND c.tenant_id = @tenant "
                           "AND c.order_id = @order AND c.status != @pending",
                           {"key": key, "tenant": tenant_id, "order": order_id, "pending": PENDING},
                           partition_key=key, action="read an order's holds")
        return [hold_of(row) for row in sorted(rows, key=creation_order)]

    async def due(self, deadline_us: int) -> list[Hold]:
        rows = await query(await self.container(),
                           "SELECT * FROM c WHERE c.status = 'held' AND c.expires_us <= @deadline",
                           {"deadline": deadline_us}, action="find holds due")
        rows.sort(key=lambda row: (row["expires_us"], *creation_order(row)))
        return [hold_of(row) for row in rows]

    async def office_holder(self, hold: Hold) -> Doc | None:
        """The hold that has the office's slot (the office's active hold), if any."""
        key = order_key(hold.tenant_id, hold.order_id)
        rows = await query(await self.container(),
                           "SELECT * FROM c WHERE c.order_key = @key AND c.slot = @slot",
                           {"key": key, "slot": office_slot(hold.office_id)}, partition_key=key,
                           action="read an office's hold")
        return rows[0] if rows else None

    async def create_pending(self, hold: Hold) -> Doc | None:
        """The hold's document, pending and in its office's slot; None if the office has an active hold."""
        container = await self.container()
        with translated("add a hold"):
            try:
                return await container.create_item(hold_doc(hold, PENDING))
            except CosmosResourceExistsError:
                return None

    async def patch(self, doc: Doc, ops: Ops, predicate: str) -> Doc | None:
        """The document changed by `ops` if it still matches `predicate`, else None (someone was first)."""
        container = await self.container()
        async with self._limit:
            with translated("update a hold"):
                try:
                    return await container.patch_item(doc["id"], partition_key=doc["order_key"],
                                                      patch_operations=ops,
                                                      filter_predicate=f"FROM c WHERE {predicate}")
                except (CosmosAccessConditionFailedError, CosmosResourceNotFoundError,
                        CosmosResourceExistsError):  # 409: the office slot is taken
                    return None

    async def delete(self, doc: Doc) -> bool:
        """Deletes the document unless it changed since `doc` was read or written; True if it is gone."""
        container = await self.container()
        with translated("delete a hold"):
            try:
                await container.delete_item(doc["id"], partition_key=doc["order_key"], etag=doc["_etag"],
                                            match_condition=MatchConditions.IfNotModified)
            except CosmosResourceNotFoundError:
                return True
            except CosmosAccessConditionFailedError:
                logger.warning("hold document %s changed before it could be deleted", doc["id"])
                return False
        return True
