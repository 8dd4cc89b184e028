"""Conversation references in the shared SQLite file."""

from __future__ import annotations

import json
import sqlite3

from services.conversations.port import ConversationRef
from services.storage.sqlite import SqliteDatabase

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversation_refs (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    active INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
"""


def _ref(row: sqlite3.Row) -> ConversationRef:
    return ConversationRef(tenant_id=row["tenant_id"], user_id=row["user_id"],
                           conversation_id=row["conversation_id"], reference=json.loads(row["reference"]),
                           active=bool(row["active"]), updated_at=row["updated_at"])


class SqliteConversationStore:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def save(self, ref: ConversationRef) -> None:
        await self._schema()
        row = (ref.tenant_id, ref.user_id, ref.conversation_id, json.dumps(ref.reference), int(ref.active),
               ref.updated_at.isoformat())
        await self._db.write(lambda conn: conn.execute(
            "INSERT INTO conversation_refs VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (tenant_id, user_id) DO UPDATE SET conversation_id = excluded.conversation_id, "
            "reference = excluded.reference, "
            "active = excluded.active, updated_at = excluded.updated_at", row))

    async def get(self, tenant_id: str, user_id: str) -> ConversationRef | None:
        await self._schema()

        def read(conn: sqlite3.Connection) -> sqlite3.Row | None:
            return conn.execute("SELECT * FROM conversation_refs WHERE tenant_id = ? AND user_id = ?",
                                (tenant_id, user_id)).fetchone()

        row = await self._db.read(read)
        return None if row is None else _ref(row)

    async def deactivate(self, tenant_id: str, user_id: str) -> None:
        await self._schema()
        await self._db.write(lambda conn: conn.execute(
            "UPDATE conversation_refs SET active = 0 WHERE tenant_id = ? AND user_id = ?",
            (tenant_id, user_id)))

    async def list_for_tenant(self, tenant_id: str) -> list[ConversationRef]:
        await self._schema()
        rows = await self._db.read(lambda conn: conn.execute(
            "SELECT * FROM conversation_refs WHERE tenant_id = ? ORDER BY user_id", (tenant_id,)).fetchall())
        return [_ref(row) for row in rows]

    async def delete(self, tenant_id: str, user_id: str) -> None:
        await self._schema()
        await self._db.write(lambda conn: conn.execute(
            "DELETE FROM conversation_refs WHERE tenant_id = ? AND user_id = ?", (tenant_id, user_id)))
