"""The DocuSign Connect webhook: verify the HMAC, read the event, act on each event once.

Anything without a valid signature is refused (`WebhookUnauthorized`, HTTP 401), also when no Connect
key is configured. A "completed" envelope is handed to `on_completed` once: the event's key is claimed
in the shared SQLite file before the work and marked done after it, so a retry or a replay of the same
event changes nothing; if the work fails the claim is dropped and Connect's retry does it again. The
order's own status machine is the second guard (a signed order cannot be signed twice).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta
from enum import StrEnum

from services.clock import Clock
from services.domain.errors import DomainError
from services.esign.connect import ConnectEvent, parse, verify
from services.esign.tokens import micros
from services.storage.sqlite import SqliteDatabase

log = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=5)
SCHEMA = """
CREATE TABLE IF NOT EXISTS esign_events (
    event_key TEXT PRIMARY KEY,
    envelope_id TEXT NOT NULL,
    claimed_us INTEGER NOT NULL,
    done_us INTEGER
);
"""


class WebhookUnauthorized(DomainError):
    code = "unauthorized"


class WebhookOutcome(StrEnum):
    SIGNED = "signed"
    REPLAY = "replay"
    IGNORED = "ignored"


class ProcessedEvents:
    """Event keys claimed and done, so that each event is acted on once across processes."""

    def __init__(self, database: SqliteDatabase, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def claim(self, key: str, envelope_id: str) -> bool:
        """True if the caller should process the event: new, or a claim abandoned for STALE_CLAIM."""
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
        moment = micros(self._clock.now())
        await self._db.write(lambda conn: conn.execute(
            "UPDATE esign_events SET done_us = ? WHERE event_key = ?", (moment, key)))

    async def release(self, key: str) -> None:
        await self._db.write(lambda conn: conn.execute(
            "DELETE FROM esign_events WHERE event_key = ? AND done_us IS NULL", (key,)))

    async def done(self, key: str) -> bool:
        await self._schema()
        row = await self._db.read(lambda conn: conn.execute(
            "SELECT done_us FROM esign_events WHERE event_key = ?", (key,)).fetchone())
        return row is not None and row["done_us"] is not None


class ConnectWebhook:
    def __init__(self, keys: Sequence[str], events: ProcessedEvents,
                 on_completed: Callable[[ConnectEvent], Awaitable[None]]) -> None:
        self._keys = [key for key in keys if key]
        self._events = events
        self._on_completed = on_completed
        if not self._keys:
            log.warning("no DocuSign Connect key configured: every Connect message will be refused")

    async def handle(self, body: bytes, headers: Mapping[str, str]) -> WebhookOutcome:
        if not verify(body, headers, self._keys):
            raise WebhookUnauthorized("The message is not signed with a DocuSign Connect key.")
        event = parse(body)
        if not event.completed:
            log.info("DocuSign envelope %s is %s: nothing to do", event.envelope_id, event.state)
            return WebhookOutcome.IGNORED
        if not await self._events.claim(event.key, event.envelope_id):
            log.info("DocuSign event %s was handled already", event.key)
            return WebhookOutcome.REPLAY
        try:
            await self._on_completed(event)
        except BaseException:
            await self._events.release(event.key)
            raise
        await self._events.finish(event.key)
        return WebhookOutcome.SIGNED
