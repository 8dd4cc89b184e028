"""botbuilder `Storage` on the shared SQLite file: bot state (conversation and user) for the embedded mode.

Semantics match the SDK's storages: an item read back carries an `e_tag`; a write whose `e_tag` is not
the stored one is refused with `StateConflict`; `"*"` or no `e_tag` overwrites. The check and the write
happen in one `BEGIN IMMEDIATE` transaction, so two processes sharing the file cannot both win.
Values are encoded with jsonpickle, as the SDK's own storages do (dialog stacks hold SDK objects).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import jsonpickle
from botbuilder.core import Storage

from services.domain.errors import Conflict
from services.storage.sqlite import SqliteDatabase

SCHEMA = """
CREATE TABLE IF NOT EXISTS bot_state (
    key TEXT PRIMARY KEY,
    e_tag TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


class StateConflict(Conflict):
    code = "state_conflict"


def _get_e_tag(item: Any) -> str | None:
    if isinstance(item, Mapping):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _set_e_tag(item: Any, e_tag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = e_tag
    elif hasattr(item, "__dict__"):
        item.e_tag = e_tag


def _encode(item: Any) -> str:
    if isinstance(item, Mapping):
        item = {k: v for k, v in item.items() if k != "e_tag"}
    return jsonpickle.encode(item, keys=True)


def _decode(data: str, e_tag: str) -> Any:
    item = jsonpickle.decode(data, keys=True)
    _set_e_tag(item, e_tag)
    return item


class SqliteStorage(Storage):
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def _ensure_schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}
        await self._ensure_schema()
        marks = ",".join("?" * len(keys))

        def run(conn: sqlite3.Connection) -> list[sqlite3.Row]:
            return conn.execute(f"SELECT key, e_tag, data FROM bot_state WHERE key IN ({marks})",
                                list(keys)).fetchall()

        rows = await self._db.read(run)
        return {row["key"]: _decode(row["data"], row["e_tag"]) for row in rows}

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        if not changes:
            return
        await self._ensure_schema()
        encoded = {key: (_get_e_tag(item), _encode(item)) for key, item in changes.items()}
        new_tags = await self._db.write(lambda conn: self._write_all(conn, encoded))
        for key, e_tag in new_tags.items():
            _set_e_tag(changes[key], e_tag)

    @staticmethod
    def _write_all(conn: sqlite3.Connection, encoded: dict[str, tuple[str | None, str]]) -> dict[str, str]:
        now = datetime.now(UTC).isoformat()
        new_tags: dict[str, str] = {}
        for key, (expected, data) in encoded.items():
            row = conn.execute("SELECT e_tag FROM bot_state WHERE key = ?", (key,)).fetchone()
            if expected not in (None, "*") and (row is None or row["e_tag"] != expected):
                raise StateConflict(f"State '{key}' was changed by someone else; reload and retry.")
            new_tags[key] = uuid.uuid4().hex
            conn.execute(
                "INSERT INTO bot_state (key, e_tag, data, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET e_tag = excluded.e_tag, data = excluded.data, "
                "updated_at = excluded.updated_at",
                (key, new_tags[key], data, now),
            )
        return new_tags

    async def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        await self._ensure_schema()
        marks = ",".join("?" * len(keys))
        await self._db.write(lambda conn: conn.execute(f"DELETE FROM bot_state WHERE key IN ({marks})",
                                                       list(keys)))

    async def ping(self) -> None:
        """Raises if the store does not answer: used by /healthz."""
        await self._ensure_schema()
        await self._db.read(lambda conn: conn.execute("SELECT count(*) FROM bot_state").fetchone())
