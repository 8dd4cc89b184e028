"""Processed DocuSign Connect events in the shared SQLite file: one row per event key.

A claim reads and writes the row inside one `BEGIN IMMEDIATE` transaction (`SqliteDatabase.write`), so
of processes sharing the file exactly one claims a key.
"""

from __future__ import annotations

import sqlite3

from services.clock import Clock
from services.esign.processed import STALE_CLAIM
from services.esign.tokens import micros
from services.storage.sqlite import SqliteDatabase

SCHEMA = """
CREATE TABLE IF NOT EXISTS esign_events (
    event_key TEXT PRIMARY KEY,
    envelope_id TEXT NOT NULL,
    claimed_us INTEGER NOT NULL,
    done_us INTEGER
);
"""


class SqliteProcessedEvents:
    """`ProcessedEventStore` in the SQLite file; the table is created on first use."""

    def __init__(self, database: SqliteDatabase, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def claim(self, key: str, envelope_id: str) -> bool:
        await self._schema()
        now = self._clock.now()

        def take(conn: sqlite3.Connection) -> bool:
            row = conn.execute("SELECT claimed_us, done_us FROM esign_events WHERE event_key = ?",
                               (key,)).fetchone()
            if row is None:
                conn.execute("INSERT INTO esign_events (event_key, envelope_id, claimed_us) VALUES (?, ?, ?)",
                             (key, envelope_id, micros(now)))
                return True
            if row["done_us"] is None and row["claimed_us"] <= micros(now - STALE_CLAIM):
                conn.execute("UPDATE esign_events SET claimed_us = ? WHERE event_key = ?", (micros(now), key))
                return True
            return False

        return await self._db.write(take)

    async def finish(self, key: str) -> None:
        await self._schema()
        moment = micros(self._clock.now())
        await self._db.write(lambda conn: conn.execute(
            "UPDATE esign_events SET done_us = ? WHERE event_key = ?", (moment, key)))

    async def release(self, key: str) -> None:
        await self._schema()
        await self._db.write(lambda conn: conn.execute(
            "DELETE FROM esign_events WHERE event_key = ? AND done_us IS NULL", (key,)))

    async def done(self, key: str) -> bool:
        await self._schema()
        row = await self._db.read(lambda conn: conn.execute(
            "SELECT done_us FROM esign_events WHERE event_key = ?", (key,)).fetchone())
        return row is not None and row["done_us"] is not None
