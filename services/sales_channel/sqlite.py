"""The sales channel registration and the cases, in the shared SQLite file.

Pick-up and close are single conditional UPDATEs inside `BEGIN IMMEDIATE`: the first click wins in any
number of processes sharing the file; the row count says whether this call changed the case. Retention
and erasure read the candidate rows and apply the rules of services.sales_channel.retention in Python
(`closed_at` is text, and an address may sit anywhere in the case), then delete by id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import datetime
from typing import Any

from services.domain.errors import NotFound
from services.sales_channel.models import Case, SalesChannel, StaffMember
from services.sales_channel.retention import closed_before, names
from services.storage.sqlite import SqliteDatabase

SCHEMA = """
CREATE TABLE IF NOT EXISTS sales_channel (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sales_cases (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    customer_user_id TEXT,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    activity_id TEXT,
    channel_id TEXT,
    thread_id TEXT,
    picked_up_by TEXT,
    picked_up_by_aad TEXT,
    picked_up_at TEXT,
    closed_by TEXT,
    closed_at TEXT
);
CREATE INDEX IF NOT EXISTS sales_cases_customer ON sales_cases (tenant_id, customer_user_id, status);
"""
MUTABLE = ("status", "activity_id", "channel_id", "thread_id", "picked_up_by", "picked_up_by_aad",
           "picked_up_at", "closed_by", "closed_at")


class _Schema:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)


class SqliteSalesChannelStore(_Schema):
    async def register(self, channel: SalesChannel) -> None:
        await self._schema()
        data = channel.model_dump_json()
        await self._db.write(lambda conn: conn.execute(
            "INSERT INTO sales_channel (slot, data) VALUES (1, ?) "
            "ON CONFLICT (slot) DO UPDATE SET data = excluded.data", (data,)))

    async def current(self) -> SalesChannel | None:
        await self._schema()
        row = await self._db.read(lambda conn: conn.execute(
            "SELECT data FROM sales_channel WHERE slot = 1").fetchone())
        return SalesChannel.model_validate_json(row["data"]) if row else None


class SqliteCaseStore(_Schema):
    async def add(self, case: Case) -> Case:
        await self._schema()
        dumped = case.model_dump(mode="json")
        fixed = {key: value for key, value in dumped.items() if key not in MUTABLE}
        row = (case.id, case.tenant_id, case.customer_user_id, case.status.value, json.dumps(fixed),
               *(dumped[name] for name in MUTABLE[1:]))
        columns = ", ".join(("id", "tenant_id", "customer_user_id", "status", "data", *MUTABLE[1:]))
        marks = ", ".join("?" * len(row))
        await self._db.write(lambda conn: conn.execute(
            f"INSERT INTO sales_cases ({columns}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING", row))
        return await self.get(case.id)

    async def get(self, case_id: str) -> Case:
        await self._schema()
        row = await self._db.read(lambda conn: conn.execute(
            "SELECT * FROM sales_cases WHERE id = ?", (case_id,)).fetchone())
        if row is None:
            raise NotFound("This case is not known (any more).", code="case_not_found")
        return _case(row)

    async def set_posted(self, case_id: str, channel_id: str, activity_id: str, thread_id: str) -> bool:
        return await self._update(
            "UPDATE sales_cases SET channel_id = ?, activity_id = ?, thread_id = ? "
            "WHERE id = ? AND activity_id IS NULL", (channel_id, activity_id, thread_id, case_id))

    async def pick_up(self, case_id: str, staff: StaffMember, at: datetime) -> bool:
        return await self._update(
            "UPDATE sales_cases SET status = 'picked_up', picked_up_by = ?, picked_up_by_aad = ?, "
            "picked_up_at = ? WHERE id = ? AND status = 'open'",
            (staff.display_name, staff.aad_id, at.isoformat(), case_id))

    async def close(self, case_id: str, staff: StaffMember, at: datetime) -> bool:
        return await self._update(
            "UPDATE sales_cases SET status = 'closed', closed_by = ?, closed_at = ? "
            "WHERE id = ? AND status != 'closed'", (staff.display_name, at.isoformat(), case_id))

    async def active_for_customer(self, tenant_id: str, user_id: str) -> Case | None:
        await self._schema()
        row = await self._db.read(lambda conn: conn.execute(
            "SELECT * FROM sales_cases WHERE tenant_id = ? AND customer_user_id = ? AND status = 'picked_up' "
            "ORDER BY picked_up_at DESC LIMIT 1", (tenant_id, user_id)).fetchone())
        return _case(row) if row else None

    async def for_tenant(self, tenant_id: str) -> list[Case]:
        return await self._select("WHERE tenant_id = ?", (tenant_id,))

    async def closed_before(self, before: datetime) -> list[Case]:
        return [case for case in await self._select("WHERE status = 'closed'", ())
                if closed_before(case, before)]

    async def mentioning(self, address: str) -> list[Case]:
        return [case for case in await self._select("", ()) if names(case, address)]

    async def delete(self, cases: Collection[Case]) -> int:
        ids = list(dict.fromkeys(case.id for case in cases))
        if not ids:
            return 0
        await self._schema()
        marks = ",".join("?" * len(ids))

        def run(conn: sqlite3.Connection) -> int:
            return conn.execute(f"DELETE FROM sales_cases WHERE id IN ({marks})", ids).rowcount

        return await self._db.write(run)

    async def delete_for_tenant(self, tenant_id: str) -> int:
        return await self.delete(await self.for_tenant(tenant_id))

    async def delete_closed_before(self, before: datetime) -> int:
        return await self.delete(await self.closed_before(before))

    async def _select(self, where: str, params: tuple[Any, ...]) -> list[Case]:
        await self._schema()
        rows = await self._db.read(lambda conn: conn.execute(
            f"SELECT * FROM sales_cases {where} ORDER BY rowid", params).fetchall())
        return [_case(row) for row in rows]

    async def _update(self, sql: str, params: tuple[Any, ...]) -> bool:
        await self._schema()

        def run(conn: sqlite3.Connection) -> int:
            return conn.execute(sql, params).rowcount

        return await self._db.write(run) == 1


def _case(row: sqlite3.Row) -> Case:
    data = json.loads(row["data"])
    data.update({name: row[name] for name in MUTABLE})
    return Case.model_validate(data)
