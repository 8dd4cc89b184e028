"""Orders in Azure Cosmos DB: one container partitioned by `/tenant_id`, one document per order.

A document is `{id, tenant_id, status, updated_at, body}` with the order's JSON in `body`; its `_etag` is
the `Stored.etag`, and a save replaces it with `MatchConditions.IfNotModified`. Every read names the
tenant's partition, so a tenant never reaches another tenant's order. Order ids are unique within a
tenant (Cosmos checks ids per partition); they are random (`new_id`), so that is unique in practice.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import (
    CosmosAccessConditionFailedError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from services.domain.errors import Conflict, NotFound
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.orders.port import Stored
from services.storage.cosmos import ContainerSpec, CosmosDatabase, query, translated

logger = logging.getLogger(__name__)

ORDERS_CONTAINER = "orders"
PARTITION_KEY_PATH = "/tenant_id"
_LISTING = "SELECT c.body FROM c WHERE {where} ORDER BY c.updated_at DESC"
_UNTOUCHED = "SELECT * FROM c WHERE ARRAY_CONTAINS(@statuses, c.status) AND c.updated_at < @before"


def _not_found() -> NotFound:
    return NotFound("That order was not found.", code="order_not_found")


def _sortable(moment: datetime) -> str:
    """Fixed-width UTC text, so that string order is time order in queries."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _document(order: Order) -> dict[str, Any]:
    return {"id": order.id, "tenant_id": order.tenant_id, "status": order.status.value,
            "updated_at": _sortable(order.updated_at), "body": order.model_dump(mode="json")}


def _stored(document: dict[str, Any]) -> Stored:
    return Stored(Order.model_validate(document["body"]), document["_etag"])


class CosmosOrderStore:
    """`OrderStore` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, container: str = ORDERS_CONTAINER) -> None:
        self._database = database
        self._spec = ContainerSpec(container, PARTITION_KEY_PATH)

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def add(self, order: Order) -> Stored:
        container = await self._container()
        with translated("add an order"):
            try:
                created = await container.create_item(_document(order))
            except CosmosResourceExistsError:
                raise Conflict("An order with this id exists already.", code="order_exists") from None
        return _stored(created)

    async def get(self, tenant_id: str, order_id: str) -> Stored:
        # A query, not a point read: the local stand-in answers 500 to a read of a missing document.
        found = await query(await self._container(),
                            "SELECT * FROM c WHERE c.tenant_id = @tenant AND c.id = @id",
                            {"tenant": tenant_id, "id": order_id}, partition_key=tenant_id,
                            action="read an order")
        if not found:
            raise _not_found()
        return _stored(found[0])

    async def save(self, order: Order, etag: str) -> Stored:
        container = await self._container()
        with translated("save an order"):
            try:
                saved = await container.replace_item(order.id, _document(order), etag=etag,
                                                     match_condition=MatchConditions.IfNotModified)
            except CosmosResourceNotFoundError:
                raise _not_found() from None
            except CosmosAccessConditionFailedError:
                raise Conflict("This order was changed elsewhere in the meantime.",
                               code="order_changed") from None
        return _stored(saved)

    async def list_for_tenant(self, tenant_id: str,
                              statuses: Collection[OrderStatus] | None = None) -> list[Order]:
        where = "c.tenant_id = @tenant"
        parameters: dict[str, Any] = {"tenant": tenant_id}
        if statuses is not None:
            where += " AND ARRAY_CONTAINS(@statuses, c.status)"
            parameters["statuses"] = [status.value for status in statuses]
        rows = await query(await self._container(), _LISTING.format(where=where), parameters,
                           partition_key=tenant_id, action="list a tenant's orders")
        return [Order.model_validate(row["body"]) for row in rows]

    async def list_by_status(self, statuses: Collection[OrderStatus]) -> list[Order]:
        if not statuses:
            return []
        rows = await query(await self._container(),
                           _LISTING.format(where="ARRAY_CONTAINS(@statuses, c.status)"),
                           {"statuses": [status.value for status in statuses]},
                           action="list orders by status")  # across partitions: no partition key
        return [Order.model_validate(row["body"]) for row in rows]

    async def list_untouched(self, statuses: Collection[OrderStatus], before: datetime) -> list[Stored]:
        if not statuses:
            return []
        rows = await query(await self._container(), _UNTOUCHED,
                           {"statuses": [status.value for status in statuses], "before": _sortable(before)},
                           action="list orders to purge")  # across partitions
        found = [_stored(row) for row in rows]
        return sorted((item for item in found if item.order.updated_at < before),
                      key=lambda item: item.order.updated_at)

    async def delete(self, tenant_id: str, order_id: str, etag: str) -> None:
        await self.get(tenant_id, order_id)  # NotFound first: the stand-in answers 500 for a missing one
        container = await self._container()
        with translated("delete an order"):
            try:
                await container.delete_item(order_id, partition_key=tenant_id, etag=etag,
                                            match_condition=MatchConditions.IfNotModified)
            except CosmosResourceNotFoundError:
                raise _not_found() from None
            except CosmosAccessConditionFailedError:
                raise Conflict("This order was changed elsewhere in the meantime.",
                               code="order_changed") from None

    async def ping(self) -> None:
        """Raises `StoreUnavailable` if the container does not answer: used by /healthz."""
        container = await self._container()
        with translated("read the orders container"):
            await container.read()
