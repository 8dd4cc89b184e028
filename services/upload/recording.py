"""The embedded number upload: records each request in the SQLite file instead of calling Microsoft.

Operator staff (or a test) can read what would have been uploaded; the same request recorded twice
stays one row.
"""

from __future__ import annotations

import logging
import sqlite3

from services.clock import Clock
from services.storage.sqlite import SqliteDatabase
from services.upload.port import UploadRequest, UploadResult

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS number_uploads (
    request_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    request TEXT NOT NULL,
    numbers INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
"""


class RecordingUpload:
    def __init__(self, database: SqliteDatabase, clock: Clock) -> None:
        self._db, self._clock = database, clock

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def upload(self, request: UploadRequest) -> UploadResult:
        await self._schema()
        row = (request.request_id, request.tenant_id, request.order_id, request.model_dump_json(),
               len(request.numbers), self._clock.now().isoformat())

        def record(conn: sqlite3.Connection) -> sqlite3.Row:
            conn.execute("INSERT INTO number_uploads VALUES (?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (request_id) DO NOTHING", row)
            return conn.execute("SELECT numbers, recorded_at FROM number_uploads WHERE request_id = ?",
                                (request.request_id,)).fetchone()

        stored = await self._db.write(record)
        log.info("recorded the upload of %d numbers of order %s to tenant %s", stored["numbers"],
                 request.order_id, request.tenant_id)
        return UploadResult(request_id=request.request_id, accepted=stored["numbers"],
                            reference=f"recorded:{request.request_id}", uploaded_at=stored["recorded_at"])

    async def recorded(self, order_id: str | None = None) -> list[UploadRequest]:
        """What was recorded (for one order), oldest first."""
        await self._schema()
        sql = "SELECT request FROM number_uploads" + (" WHERE order_id = ?" if order_id else "")
        rows = await self._db.read(lambda conn: conn.execute(
            sql + " ORDER BY recorded_at", (order_id,) if order_id else ()).fetchall())
        return [UploadRequest.model_validate_json(row["request"]) for row in rows]
