"""The event outbox in the shared SQLite file: UNIQUE keys, leases claimed inside `BEGIN IMMEDIATE`."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from services.domain.errors import StoreUnavailable
from services.notifications.events import Event
from services.notifications.outbox import Doorbell, OutboxEntry, OutboxState, stream_of
from services.storage.leases import claim_statement, claim_values, release_statement, unleased, utc_text
from services.storage.sqlite import SqliteDatabase

log = logging.getLogger(__name__)
T = TypeVar("T")
TABLE = "notification_outbox"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    stream TEXT,
    event TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    claimed_by TEXT,
    finished_at TEXT,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS {TABLE}_due ON {TABLE} (next_attempt_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS {TABLE}_stream ON {TABLE} (stream, state);
"""
_EARLIER_PENDING = (f"EXISTS (SELECT 1 FROM {TABLE} AS earlier WHERE earlier.stream = {TABLE}.stream "
                    f"AND earlier.state = 'pending' AND earlier.rowid < {TABLE}.rowid)")
_DUE = (f"{TABLE}.state = 'pending' AND {TABLE}.next_attempt_at <= :now AND {unleased(TABLE)} "
        f"AND NOT {_EARLIER_PENDING}")
_PENDING = "state = 'pending'"


def _entry(row: sqlite3.Row) -> OutboxEntry:
    values = {key: row[key] for key in ("state", "attempts", "next_attempt_at", "claimed_until", "claimed_by",
                                        "finished_at", "last_error")}
    return OutboxEntry(event=Event.model_validate_json(row["event"]), **values)


class SqliteEventOutbox:
    def __init__(self, database: SqliteDatabase, doorbell: Doorbell | None = None) -> None:
        self._db = database
        self.doorbell = doorbell or Doorbell()

    async def _run(self, fn: Callable[[sqlite3.Connection], T], *, write: bool = True) -> T:
        try:
            await self._db.create_schema(SCHEMA)
            return await (self._db.write(fn) if write else self._db.read(fn))
        except sqlite3.Error as error:
            log.error("notification outbox table unavailable: %s", error)
            raise StoreUnavailable("The notification outbox could not be read or written.") from error

    async def publish(self, event: Event) -> bool:
        row = (event.id, event.key, event.kind.value, stream_of(event), event.model_dump_json(),
               utc_text(event.created_at), utc_text(event.created_at))
        inserted = await self._run(lambda conn: conn.execute(
            f"INSERT INTO {TABLE} (id, key, kind, stream, event, created_at, next_attempt_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING", row).rowcount)
        if inserted:
            self.doorbell.ring()
        return bool(inserted)

    async def claim(self, now: datetime, until: datetime, limit: int,
                    event_id: str | None = None) -> list[OutboxEntry]:
        due = f"{_DUE} AND {TABLE}.id = :id" if event_id else _DUE
        sql = claim_statement(TABLE, due)
        values = claim_values(now, until, limit, id=event_id)
        rows = await self._run(lambda conn: conn.execute(sql, values).fetchall())
        return [_entry(row) for row in sorted(rows, key=lambda row: (row["next_attempt_at"], row["seq"]))]

    async def mark_delivered(self, event_id: str, now: datetime) -> None:
        await self._run(lambda conn: conn.execute(
            f"UPDATE {TABLE} SET state = 'delivered', finished_at = ?, claimed_until = NULL, "
            f"last_error = NULL WHERE id = ? AND {_PENDING}", (utc_text(now), event_id)))

    async def mark_skipped(self, entry: OutboxEntry, now: datetime, reason: str) -> None:
        await self._release(entry, "state = 'skipped', finished_at = :at", now, reason)

    async def retry_later(self, entry: OutboxEntry, at: datetime, error: str) -> None:
        await self._release(entry, "next_attempt_at = :at", at, error)

    async def mark_failed(self, entry: OutboxEntry, now: datetime, error: str) -> None:
        await self._release(entry, "state = 'failed', finished_at = :at", now, error)

    async def _release(self, entry: OutboxEntry, assignments: str, at: datetime, error: str) -> None:
        """Ends our lease; changes nothing if the lease went to another worker."""
        sql = release_statement(TABLE, f"{assignments}, last_error = :error", _PENDING)
        values = {"at": utc_text(at), "error": error[:500], "id": entry.id, "token": entry.claimed_by}
        await self._run(lambda conn: conn.execute(sql, values))

    async def get(self, event_id: str) -> OutboxEntry | None:
        return await self._one("id", event_id)

    async def find(self, key: str) -> OutboxEntry | None:
        return await self._one("key", key)

    async def _one(self, column: str, value: str) -> OutboxEntry | None:
        row = await self._run(lambda conn: conn.execute(
            f"SELECT * FROM {TABLE} WHERE {column} = ?", (value,)).fetchone(), write=False)
        return None if row is None else _entry(row)

    async def entries(self, state: OutboxState | None = None) -> list[OutboxEntry]:
        where, values = ("WHERE state = ?", (state.value,)) if state else ("", ())
        rows = await self._run(lambda conn: conn.execute(
            f"SELECT * FROM {TABLE} {where} ORDER BY rowid", values).fetchall(), write=False)
        return [_entry(row) for row in rows]
