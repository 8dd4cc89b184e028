"""Orders in the shared SQLite file: one row per order, JSON body, ETag checked inside the write."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Collection
from datetime import UTC, datetime

from services.domain.errors import Conflict, NotFound
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.orders.port import Stored
from services.storage.sqlite import SqliteDatabase

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    etag TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS orders_by_id ON orders (id);
CREATE INDEX IF NOT EXISTS orders_by_status ON orders (status, updated_at);
"""


def _not_found() -> NotFound:
    return NotFound("That order was not found.", code="order_not_found")


def _row_values(order: Order, etag: str) -> tuple[str, str, str, str, str, str]:
    return (order.status.value, order.updated_at.isoformat(), etag, order.model_dump_json(),
            order.tenant_id, order.id)


class SqliteOrderStore:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def add(self, order: Order) -> Stored:
        await self._schema()
        etag = uuid.uuid4().hex

        def insert(conn: sqlite3.Connection) -> None:
            try:
                conn.execute("INSERT INTO orders (status, updated_at, etag, body, tenant_id, id) "
                             "VALUES (?, ?, ?, ?, ?, ?)", _row_values(order, etag))
            except sqlite3.IntegrityError:
                raise Conflict("An order with this id exists already.", code="order_exists") from None

        await self._db.write(insert)
        return Stored(order.model_copy(deep=True), etag)

    async def get(self, tenant_id: str, order_id: str) -> Stored:
        await self._schema()
        row = await self._db.read(lambda conn: conn.execute(
            "SELECT etag, body FROM orders WHERE tenant_id = ? AND id = ?", (tenant_id, order_id)).fetchone())
        if row is None:
            raise _not_found()
        return Stored(Order.model_validate_json(row["body"]), row["etag"])

    async def save(self, order: Order, etag: str) -> Stored:
        await self._schema()
        new_etag = uuid.uuid4().hex

        def update(conn: sqlite3.Connection) -> None:
            cursor = conn.execute(
                "UPDATE orders SET status = ?, updated_at = ?, etag = ?, body = ? "
                "WHERE tenant_id = ? AND id = ? AND etag = ?", (*_row_values(order, new_etag), etag))
            if cursor.rowcount == 1:
                return
            exists = conn.execute("SELECT 1 FROM orders WHERE tenant_id = ? AND id = ?",
                                  (order.tenant_id, order.id)).fetchone()
            if exists is None:
                raise _not_found()
            raise Conflict("This order was changed elsewhere in the meantime.", code="order_changed")

        await self._db.write(update)
        return Stored(order.model_copy(deep=True), new_etag)

    async def list_for_tenant(self, tenant_id: str,
                              statuses: Collection[OrderStatus] | None = None) -> list[Order]:
        query, args = "SELECT body FROM orders WHERE tenant_id = ?", [tenant_id]
        if statuses is not None:
            query += f" AND status IN ({','.join('?' * len(statuses))})"
            args += [status.value for status in statuses]
        return await self._select(query + " ORDER BY updated_at DESC", args)

    async def list_by_status(self, statuses: Collection[OrderStatus]) -> list[Order]:
        marks = ",".join("?" * len(statuses))
        return await self._select(f"SELECT body FROM orders WHERE status IN ({marks}) "
                                  "ORDER BY updated_at DESC", [status.value for status in statuses])

    async def list_untouched(self, statuses: Collection[OrderStatus], before: datetime) -> list[Stored]:
        if not statuses:
            return []
        await self._schema()
        marks = ",".join("?" * len(statuses))
        args = [*(status.value for status in statuses), before.astimezone(UTC).isoformat()]
        rows = await self._db.read(lambda conn: conn.execute(
            f"SELECT etag, body FROM orders WHERE status IN ({marks}) AND updated_at < ? "
            "ORDER BY updated_at", args).fetchall())
        found = [Stored(Order.model_validate_json(row["body"]), row["etag"]) for row in rows]
        return [stored for stored in found if stored.order.updated_at < before]

    async def delete(self, tenant_id: str, order_id: str, etag: str) -> None:
        await self._schema()

        def remove(conn: sqlite3.Connection) -> None:
            cursor = conn.execute("DELETE FROM orders WHERE tenant_id = ? AND id = ? AND etag = ?",
                                  (tenant_id, order_id, etag))
            if cursor.rowcount == 1:
                return
            exists = conn.execute("SELECT 1 FROM orders WHERE tenant_id = ? AND id = ?",
                                  (tenant_id, order_id)).fetchone()
            if exists is None:
                raise _not_found()
            raise Conflict("This order was changed elsewhere in the meantime.", code="order_changed")

        await self._db.write(remove)

    async def _select(self, query: str, args: list[str]) -> list[Order]:
        await self._schema()
        rows = await self._db.read(lambda conn: conn.execute(query, args).fetchall())
        return [Order.model_validate_json(row["body"]) for row in rows]

    async def ping(self) -> None:
        await self._schema()
        await self._db.read(lambda conn: conn.execute("SELECT count(*) FROM orders").fetchone())
