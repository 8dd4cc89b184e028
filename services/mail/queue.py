"""The persistent outbox: every email is a row first, and a row is sent by exactly one worker.

`QueuedMailer` is the `Mailer` the app uses: it writes the row and returns, so a mail outage loses
nothing. `MailSender` (services.mail.sender) claims due rows with a lease, sends them through the real
adapter, and marks them sent or schedules a retry. A claim is one conditional UPDATE inside
`BEGIN IMMEDIATE`, so two bot instances sharing the file never claim the same row at once.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from services.clock import Clock
from services.domain.errors import StoreUnavailable
from services.mail.errors import MailUnavailable
from services.mail.port import Email
from services.storage.sqlite import SqliteDatabase

log = logging.getLogger(__name__)
T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS mail_outbox (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    claimed_by TEXT,
    sent_at TEXT,
    failed_at TEXT,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;
"""
_DUE = ("sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= :now "
        "AND (claimed_until IS NULL OR claimed_until <= :now)")


class QueuedMail(BaseModel):
    """One outbox row. `attempts` counts claims, so an attempt cut short by a crash still counts."""

    model_config = ConfigDict(frozen=True)

    id: str
    email: Email
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    claimed_by: str | None = None
    sent_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: str | None = None


class MailQueue(Protocol):
    async def enqueue(self, email: Email, now: datetime) -> str: ...

    async def claim(self, now: datetime, until: datetime, limit: int,
                    mail_id: str | None = None) -> list[QueuedMail]:
        """Leases up to `limit` due rows (or just `mail_id`) until `until`; each claim counts an attempt."""
        ...

    async def mark_sent(self, mail_id: str, now: datetime) -> None: ...

    async def retry_later(self, mail: QueuedMail, at: datetime, error: str) -> None: ...

    async def mark_failed(self, mail: QueuedMail, now: datetime, error: str) -> None: ...

    async def get(self, mail_id: str) -> QueuedMail | None: ...

    async def pending(self) -> list[QueuedMail]:
        """Rows neither sent nor given up, in the order they were queued."""
        ...


def _ts(moment: datetime) -> str:
    """A fixed-width UTC text, so SQL compares times as strings correctly."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _row(row: sqlite3.Row) -> QueuedMail:
    values = dict(row)
    values["email"] = Email.model_validate_json(values["email"])
    return QueuedMail.model_validate(values)


class SqliteMailQueue:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def _run(self, fn: Callable[[sqlite3.Connection], T], *, write: bool = True) -> T:
        try:
            await self._db.create_schema(SCHEMA)
            return await (self._db.write(fn) if write else self._db.read(fn))
        except sqlite3.Error as error:
            log.error("mail outbox table unavailable: %s", error)
            raise StoreUnavailable("The mail outbox could not be read or written.") from error

    async def enqueue(self, email: Email, now: datetime) -> str:
        mail_id = uuid.uuid4().hex
        await self._run(lambda conn: conn.execute(
            "INSERT INTO mail_outbox (id, email, created_at, next_attempt_at) VALUES (?, ?, ?, ?)",
            (mail_id, email.model_dump_json(), _ts(now), _ts(now))))
        return mail_id

    async def claim(self, now: datetime, until: datetime, limit: int,
                    mail_id: str | None = None) -> list[QueuedMail]:
        only = " AND id = :id" if mail_id else ""
        sql = (f"UPDATE mail_outbox SET claimed_until = :until, claimed_by = :token, attempts = attempts + 1 "
               f"WHERE id IN (SELECT id FROM mail_outbox WHERE {_DUE}{only} "
               f"ORDER BY next_attempt_at, rowid LIMIT :limit) AND {_DUE} RETURNING rowid AS seq, *")
        values = {"now": _ts(now), "until": _ts(until), "token": uuid.uuid4().hex, "limit": limit,
                  "id": mail_id}
        rows = await self._run(lambda conn: conn.execute(sql, values).fetchall())
        rows = sorted(rows, key=lambda row: (row["next_attempt_at"], row["seq"]))
        return [_row(row) for row in rows]

    async def mark_sent(self, mail_id: str, now: datetime) -> None:
        """Sent is sent, whoever holds the lease now: the row must never go out again."""
        await self._run(lambda conn: conn.execute(
            "UPDATE mail_outbox SET sent_at = ?, claimed_until = NULL, last_error = NULL "
            "WHERE id = ? AND sent_at IS NULL", (_ts(now), mail_id)))

    async def retry_later(self, mail: QueuedMail, at: datetime, error: str) -> None:
        await self._release(mail, "next_attempt_at", at, error)

    async def mark_failed(self, mail: QueuedMail, now: datetime, error: str) -> None:
        await self._release(mail, "failed_at", now, error)

    async def _release(self, mail: QueuedMail, column: str, moment: datetime, error: str) -> None:
        """Ends our lease with `column` set; changes nothing if the lease went to another worker."""
        sql = (f"UPDATE mail_outbox SET {column} = ?, last_error = ?, claimed_until = NULL "
               "WHERE id = ? AND claimed_by = ? AND sent_at IS NULL")
        await self._run(lambda conn: conn.execute(sql, (_ts(moment), error, mail.id, mail.claimed_by)))

    async def get(self, mail_id: str) -> QueuedMail | None:
        row = await self._run(lambda conn: conn.execute(
            "SELECT * FROM mail_outbox WHERE id = ?", (mail_id,)).fetchone(), write=False)
        return None if row is None else _row(row)

    async def pending(self) -> list[QueuedMail]:
        rows = await self._run(lambda conn: conn.execute(
            "SELECT * FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY rowid"
        ).fetchall(), write=False)
        return [_row(row) for row in rows]


class QueuedMailer:
    """The `Mailer` callers use: the row is written before `send` returns, and is the source of truth.

    With `deliver_now` (a `MailSender.deliver`), the email is also tried at once, so a sign-in code
    arrives in seconds; `send` waits up to `wait_s` for that try (it goes on in the background after
    that). A failed try is the mail loop's to retry, with backoff; `send` still succeeds.
    """

    def __init__(self, queue: MailQueue, clock: Clock,
                 deliver_now: Callable[[str], Awaitable[object]] | None = None, wait_s: float = 0) -> None:
        self._queue = queue
        self._clock = clock
        self._deliver_now = deliver_now
        self._wait_s = wait_s
        self._tasks: set[asyncio.Task[None]] = set()

    async def send(self, email: Email) -> None:
        try:
            mail_id = await self._queue.enqueue(email, self._clock.now())
        except StoreUnavailable as error:
            raise MailUnavailable("The email could not be queued for sending.") from error
        log.info("mail %s %r queued for %s", mail_id, email.subject, ", ".join(email.to))
        if self._deliver_now is not None:
            task = asyncio.create_task(self._try_now(self._deliver_now, mail_id), name=f"mail-{mail_id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            if self._wait_s > 0:
                await asyncio.wait({task}, timeout=self._wait_s)  # a timeout does not cancel the try

    async def _try_now(self, deliver: Callable[[str], Awaitable[object]], mail_id: str) -> None:
        try:
            await deliver(mail_id)
        except Exception:
            log.exception("immediate delivery of mail %s failed; the mail loop will retry it", mail_id)

    async def drain(self, within_s: float = 30) -> None:
        """Waits for the immediate tries in flight; any still running after `within_s` is cancelled.

        A cancelled try leaves its row claimed until the lease ends; the mail loop sends it then.
        """
        if not self._tasks:
            return
        _, late = await asyncio.wait(set(self._tasks), timeout=within_s)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
