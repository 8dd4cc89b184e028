"""The orders store port. Orders are partitioned by tenant: a tenant can only ever reach its own."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.domain.order import Order
from services.domain.status import OrderStatus


@dataclass(frozen=True)
class Stored:
    """An order as read, with the ETag a later save must present."""

    order: Order
    etag: str


class OrderStore(Protocol):
    async def add(self, order: Order) -> Stored:
        """Stores a new order; Conflict if its id exists."""
        ...

    async def get(self, tenant_id: str, order_id: str) -> Stored:
        """NotFound unless the order exists in that tenant."""
        ...

    async def save(self, order: Order, etag: str) -> Stored:
        """Replaces the order if it still has `etag`; Conflict if someone else saved first."""
        ...

    async def list_for_tenant(self, tenant_id: str,
                              statuses: Collection[OrderStatus] | None = None) -> list[Order]:
        """The tenant's orders, newest change first."""
        ...

    async def list_by_status(self, statuses: Collection[OrderStatus]) -> list[Order]:
        """Across tenants, for the operator's staff; newest change first."""
        ...

    async def list_untouched(self, statuses: Collection[OrderStatus], before: datetime) -> list[Stored]:
        """Across tenants, orders in `statuses` last changed before `before`, with their ETags: what
        the retention purge deletes (services.privacy)."""
        ...

    async def delete(self, tenant_id: str, order_id: str, etag: str) -> None:
        """Removes the order if it still has `etag`; NotFound if it is gone, Conflict if it changed.
        Only the privacy use case deletes orders (retention and erasure on request)."""
        ...

    async def ping(self) -> None: ...
