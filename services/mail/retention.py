"""Finding and deleting mail outbox rows, for retention and erasure on request (services.privacy).

A row keeps the whole email (recipients, subject, body: sign-in codes, names, order details) until it is
deleted here: rows sent or given up are deleted after the retention window, and on request every row
addressed to, or mentioning, a person's email address, whether or not it was sent yet.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from typing import TypeVar

from services.domain.errors import StoreUnavailable
from services.mail.port import Email
from services.mail.queue import SCHEMA
from services.storage.sqlite import SqliteDatabase

T = TypeVar("T")


def _ts(moment: datetime) -> str:
    """The queue's fixed-width UTC text (services.mail.queue), so times compare as strings."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def mentions(text: str, address: str) -> bool:
    """True if `address` appears in `text` as a whole address, ignoring case: "ada@contoso.com" is in
    "To: Ada <ada@contoso.com>." but not in "nada@contoso.com" or "ada@contoso.com.au"."""
    pattern = rf"(?<![\w.!#$%&'*+/=?^`{{|}}~-]){re.escape(address)}(?!\.?[\w-])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def mentions_any(stored: str, addresses: Collection[str]) -> bool:
    """True if a stored email (its JSON) names any of `addresses`; read as plain text, since the JSON
    escapes line breaks, which would hide a word boundary."""
    email = Email.model_validate_json(stored)
    words = "\n".join([*email.to, email.subject, email.text, email.html or ""])
    return any(mentions(words, address) for address in addresses)


def _like(needle: str) -> str:
    """A LIKE pattern matching `needle` anywhere, its own % and _ taken literally (ESCAPE '\\')."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SqliteMailRetention:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def _run(self, fn: Callable[[sqlite3.Connection], T], *, write: bool = False) -> T:
        try:
            await self._db.create_schema(SCHEMA)
            return await (self._db.write(fn) if write else self._db.read(fn))
        except sqlite3.Error as error:
            raise StoreUnavailable("The mail outbox could not be read or written.") from error

    async def finished_before(self, before: datetime) -> list[str]:
        """Rows sent, or given up, before `before`."""
        rows = await self._run(lambda conn: conn.execute(
            "SELECT id FROM mail_outbox WHERE (sent_at IS NOT NULL AND sent_at < :at) "
            "OR (failed_at IS NOT NULL AND failed_at < :at) ORDER BY rowid", {"at": _ts(before)}).fetchall())
        return [row["id"] for row in rows]

    async def mentioning(self, addresses: Collection[str]) -> list[str]:
        """Rows whose email (recipients, subject, text or HTML) mentions any of `addresses` (see
        `mentions`), sent or not."""
        addresses = sorted({address.strip() for address in addresses if address.strip()})
        if not addresses:
            return []
        where = " OR ".join(["email LIKE ? ESCAPE '\\'"] * len(addresses))
        rows = await self._run(lambda conn: conn.execute(
            f"SELECT id, email FROM mail_outbox WHERE {where} ORDER BY rowid",
            [_like(address) for address in addresses]).fetchall())
        return [row["id"] for row in rows if mentions_any(row["email"], addresses)]

    async def delete(self, ids: Collection[str]) -> int:
        """Deletes those rows (a row being sent right now just is not marked sent); returns how many."""
        ids = list(ids)
        if not ids:
            return 0
        marks = ",".join("?" * len(ids))
        return await self._run(lambda conn: conn.execute(
            f"DELETE FROM mail_outbox WHERE id IN ({marks})", ids).rowcount, write=True)
