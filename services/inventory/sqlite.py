"""The embedded `InventoryStore`: three tables in the shared SQLite file.

`inventory_claims` has one row per number that is held or allocated; its primary key is the number,
so no number can be claimed twice even if a check were missed. A claim whose `expires_us` has passed is
free: the claiming transaction deletes it and inserts its own, all inside one `BEGIN IMMEDIATE`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from services.inventory import sqlite_sql as sql
from services.inventory.model import Hold, HoldStatus, PoolCounts, PoolNumber, digits
from services.storage.sqlite import SqliteDatabase

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _Lost(Exception):
    """Raised inside a transaction to roll it back."""


def micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


def _hold(row: sqlite3.Row) -> Hold:
    hold = Hold.model_validate_json(row["body"])
    return hold.model_copy(update={"status": HoldStatus(row["status"]), "expiry_warned": bool(row["warned"])})


def _claim(conn: sqlite3.Connection, hold: Hold, now_us: int, replaces: str | None) -> None:
    numbers, marks = hold.e164s, _marks(hold.e164s)
    if replaces is not None:
        _release(conn, [replaces])
    in_pool = conn.execute(sql.IN_POOL.format(marks=marks), (*numbers, hold.country, hold.area_code))
    taken = conn.execute(sql.TAKEN.format(marks=marks), (*numbers, now_us)).fetchone()
    office = (hold.tenant_id, hold.order_id, hold.office_id)
    rival = conn.execute(sql.OFFICE_HAS_HOLD, (*office, now_us)).fetchone()
    if in_pool.fetchone()[0] != len(numbers) or taken or rival:
        raise _Lost
    expires_us = micros(hold.expires_at)
    conn.execute(sql.DROP_CLAIMS.format(marks=marks), numbers)
    conn.executemany(sql.INSERT_CLAIM, [(number, hold.hold_id, expires_us) for number in numbers])
    conn.execute(sql.INSERT_HOLD, (hold.hold_id, *office, hold.status.value, expires_us,
                                   int(hold.expiry_warned), hold.model_dump_json()))


def _release(conn: sqlite3.Connection, hold_ids: Sequence[str]) -> list[str]:
    if not hold_ids:
        return []
    query = sql.RELEASABLE_AMONG.format(marks=_marks(hold_ids))
    ended = [row[0] for row in conn.execute(query, tuple(hold_ids))]
    for hold_id in ended:
        conn.execute(sql.END_HOLD, (hold_id,))
        conn.execute(sql.DROP_HOLD_CLAIMS, (hold_id,))
    return ended


def _allocate(conn: sqlite3.Connection, hold_ids: Sequence[str], now_us: int) -> None:
    ids, marks = sorted(set(hold_ids)), _marks(sorted(set(hold_ids)))
    if conn.execute(sql.LIVE_AMONG.format(marks=marks), (*ids, now_us)).fetchone()[0] != len(ids):
        raise _Lost
    conn.execute(sql.ALLOCATE_HOLDS.format(marks=marks), ids)
    conn.execute(sql.ALLOCATE_CLAIMS.format(marks=marks), ids)


def _expire(conn: sqlite3.Connection, hold_id: str, now_us: int) -> Hold | None:
    if not conn.execute(sql.EXPIRE_HOLD, (hold_id, now_us)).rowcount:
        return None
    conn.execute(sql.DROP_HOLD_CLAIMS, (hold_id,))
    return _hold(conn.execute(sql.GET_HOLD, (hold_id,)).fetchone())


class SqliteInventoryStore:
    """`InventoryStore` on a `SqliteDatabase`; the tables are created on first use."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def _schema(self) -> None:
        await self._db.create_schema(sql.SCHEMA)

    async def _read(self, query: str, args: Sequence[object] | dict[str, object]) -> list[sqlite3.Row]:
        await self._schema()
        return await self._db.read(lambda conn: conn.execute(query, args).fetchall())

    async def pool_size(self, country: str, area_code: str) -> int:
        return (await self._read(sql.POOL_SIZE, (country, area_code)))[0][0]

    async def add_numbers(self, numbers: Sequence[PoolNumber]) -> int:
        await self._schema()
        rows = [(n.e164, n.country, n.area_code, digits(n.e164)) for n in numbers]

        def add(conn: sqlite3.Connection) -> int:
            before = conn.total_changes
            conn.executemany(sql.ADD_NUMBER, rows)
            return conn.total_changes - before

        return await self._db.write(add)

    async def free_candidates(self, country: str, area_code: str, now: datetime, limit: int) -> list[str]:
        rows = await self._read(sql.FREE_CANDIDATES, (country, area_code, micros(now), limit))
        return [row[0] for row in rows]

    async def free_among(self, numbers: Sequence[str], now: datetime) -> set[str]:
        if not numbers:
            return set()
        rows = await self._read(sql.FREE_AMONG.format(marks=_marks(numbers)), (*numbers, micros(now)))
        return {row[0] for row in rows}

    async def claim(self, hold: Hold, now: datetime, replaces: str | None = None) -> bool:
        await self._schema()
        try:
            await self._db.write(lambda conn: _claim(conn, hold, micros(now), replaces))
        except (_Lost, sqlite3.IntegrityError):
            return False
        return True

    async def get(self, hold_id: str) -> Hold | None:
        rows = await self._read(sql.GET_HOLD, (hold_id,))
        return _hold(rows[0]) if rows else None

    async def holds_for_order(self, tenant_id: str, order_id: str) -> list[Hold]:
        return [_hold(row) for row in await self._read(sql.ORDER_HOLDS, (tenant_id, order_id))]

    async def release(self, hold_ids: Sequence[str]) -> list[str]:
        await self._schema()
        return await self._db.write(lambda conn: _release(conn, hold_ids))

    async def allocate(self, hold_ids: Sequence[str], now: datetime) -> bool:
        await self._schema()
        try:
            await self._db.write(lambda conn: _allocate(conn, hold_ids, micros(now)))
        except _Lost:
            return False
        return True

    async def holds_due(self, deadline: datetime) -> list[Hold]:
        return [_hold(row) for row in await self._read(sql.HOLDS_DUE, (micros(deadline),))]

    async def mark_warned(self, hold_id: str) -> bool:
        await self._schema()
        return await self._db.write(lambda conn: conn.execute(sql.MARK_WARNED, (hold_id,)).rowcount == 1)

    async def expire(self, hold_id: str, now: datetime) -> Hold | None:
        await self._schema()
        return await self._db.write(lambda conn: _expire(conn, hold_id, micros(now)))

    async def counts(self, country: str, area_code: str, now: datetime) -> PoolCounts:
        args = {"now": micros(now), "country": country, "area": area_code}
        free, held, allocated = (await self._read(sql.COUNTS, args))[0]
        return PoolCounts(free=free or 0, held=held or 0, allocated=allocated or 0)
