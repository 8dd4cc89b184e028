"""Preview links served by the bot: `/contracts/{token}` downloads one order's current draft contract.

The token is random (32 bytes), stored only as its SHA-256, bound to one order and one stored document,
and expires (1 hour by default). It may be opened any number of times until then: a preview is read-only.

They are used only when the documents store gives no direct link (`DocumentStore.link` is None): with
BLOBS=local, or BLOBS=azure on a connection string with a SAS (no account key, no Entra ID credential to
sign a blob SAS with). Then one instance makes the link and any instance may serve the download, so with
STORE=cosmos the links live in Cosmos DB (`submission_preview_cosmos.py`), else in the SQLite file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.domain.errors import NotFound
from services.esign.tokens import digest, micros, new_token, well_formed
from services.storage.sqlite import SqliteDatabase

SCHEMA = """
CREATE TABLE IF NOT EXISTS preview_links (
    token_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    document TEXT NOT NULL,
    filename TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    expires_us INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS preview_links_by_expiry ON preview_links (expires_us);
"""


@dataclass(frozen=True)
class PreviewTarget:
    tenant_id: str
    order_id: str
    document: str
    filename: str


def gone() -> NotFound:
    return NotFound("This contract link is not valid or has expired. Ask the bot for a new preview.",
                    code="preview_not_found")


class PreviewLinkStore(Protocol):
    async def create(self, target: PreviewTarget, now: datetime, expires_at: datetime) -> str:
        """A new token for `target`, valid until `expires_at`; links that expired are swept out on the way."""
        ...

    async def open(self, token: str, now: datetime) -> PreviewTarget:
        """What the token leads to; NotFound (preview_not_found) if unknown, garbled or expired."""
        ...


class SqlitePreviewLinks:
    """`PreviewLinkStore` in the SQLite file; the table is created on first use."""

    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def create(self, target: PreviewTarget, now: datetime, expires_at: datetime) -> str:
        """A new token for `target`; links that expired are swept out on the way."""
        await self._schema()
        token = new_token()
        row = (digest(token), target.tenant_id, target.order_id, target.document, target.filename,
               micros(now), micros(expires_at))

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM preview_links WHERE expires_us <= ?", (micros(now),))
            conn.execute("INSERT INTO preview_links VALUES (?, ?, ?, ?, ?, ?, ?)", row)

        await self._db.write(insert)
        return token

    async def open(self, token: str, now: datetime) -> PreviewTarget:
        """What the token leads to; NotFound (preview_not_found) if unknown, garbled or expired."""
        if not well_formed(token):
            raise gone()
        await self._schema()
        row = await self._db.read(lambda conn: conn.execute(
            "SELECT * FROM preview_links WHERE token_hash = ? AND expires_us > ?",
            (digest(token), micros(now))).fetchone())
        if row is None:
            raise gone()
        return PreviewTarget(row["tenant_id"], row["order_id"], row["document"], row["filename"])
