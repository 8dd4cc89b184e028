"""The embedded e-signature: a signing page served by the bot at `/sign/{token}`.

A signing link carries a random token bound to one order, its tenant and the signatory's email. The
shared SQLite file keeps only the token's SHA-256. A link works until it expires (7 days by default),
until it is used once, or until a newer link for the same order replaces it. `consume` marks a token
used with one conditional UPDATE inside `BEGIN IMMEDIATE`, so a double submit or a replay signs once.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta

from services.clock import Clock
from services.domain.base import new_id
from services.esign.port import SigningError, SigningRequest, SigningSent, SigningTokenInfo
from services.esign.tokens import digest, micros, new_token, well_formed
from services.storage.sqlite import SqliteDatabase

log = logging.getLogger(__name__)

DEFAULT_LIFETIME = timedelta(days=7)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SCHEMA = """
CREATE TABLE IF NOT EXISTS esign_tokens (
    token_hash TEXT PRIMARY KEY,
    envelope_id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    signatory_name TEXT NOT NULL,
    signatory_email TEXT NOT NULL,
    document TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    expires_us INTEGER NOT NULL,
    used_us INTEGER,
    signer_name TEXT,
    revoked_us INTEGER
);
CREATE INDEX IF NOT EXISTS esign_tokens_by_order ON esign_tokens (tenant_id, order_id);
"""
_SELECT = "SELECT * FROM esign_tokens WHERE token_hash = ?"


def _moment(value: int | None) -> datetime | None:
    return None if value is None else EPOCH + timedelta(microseconds=value)


def _info(row: sqlite3.Row) -> SigningTokenInfo:
    return SigningTokenInfo(
        envelope_id=row["envelope_id"], order_id=row["order_id"], tenant_id=row["tenant_id"],
        signatory_name=row["signatory_name"], signatory_email=row["signatory_email"],
        document=row["document"], expires_at=_moment(row["expires_us"]), used_at=_moment(row["used_us"]),
        signer_name=row["signer_name"])


def _usable(row: sqlite3.Row | None, now_us: int) -> sqlite3.Row:
    """The row if its token may be used at `now_us`; otherwise the SigningError that says why not."""
    if row is None:
        raise SigningError.unknown()
    if row["used_us"] is not None:
        raise SigningError.used()
    if row["revoked_us"] is not None:
        raise SigningError.expired(replaced=True)
    if row["expires_us"] <= now_us:
        raise SigningError.expired()
    return row


class LocalEsign:
    """`Esign` with the bot's own signing page; also checks and consumes the page's tokens."""

    def __init__(self, database: SqliteDatabase, *, public_url: str, clock: Clock,
                 lifetime: timedelta = DEFAULT_LIFETIME) -> None:
        if lifetime <= timedelta(0):
            raise ValueError("a signing link must live for some time")
        self._db = database
        self._base = public_url.rstrip("/")
        self._clock = clock
        self._lifetime = lifetime

    async def _schema(self) -> None:
        await self._db.create_schema(SCHEMA)

    async def send(self, request: SigningRequest) -> SigningSent:
        """A new signing link for the order; earlier unused links of the same order stop working."""
        await self._schema()
        token, envelope_id = new_token(), new_id()
        now = self._clock.now()
        expires_at = now + self._lifetime
        row = (digest(token), envelope_id, request.tenant_id, request.order_id, request.signatory_name,
               request.signatory_email, request.document, micros(now), micros(expires_at))

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE esign_tokens SET revoked_us = ? WHERE tenant_id = ? AND order_id = ? "
                         "AND used_us IS NULL AND revoked_us IS NULL",
                         (micros(now), request.tenant_id, request.order_id))
            conn.execute("INSERT INTO esign_tokens (token_hash, envelope_id, tenant_id, order_id, "
                         "signatory_name, signatory_email, document, created_us, expires_us) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

        await self._db.write(insert)
        log.info("signing link %s created for order %s", envelope_id, request.order_id)
        return SigningSent(envelope_id=envelope_id, signing_url=f"{self._base}/sign/{token}",
                           expires_at=expires_at)

    async def check(self, token: str, now: datetime | None = None) -> SigningTokenInfo:
        """What the token is bound to, if it can still be used; SigningError otherwise."""
        if not well_formed(token):
            raise SigningError.unknown()
        await self._schema()
        moment = micros(now or self._clock.now())
        row = await self._db.read(lambda conn: conn.execute(_SELECT, (digest(token),)).fetchone())
        return _info(_usable(row, moment))

    async def consume(self, token: str, signer_name: str, now: datetime | None = None) -> SigningTokenInfo:
        """Uses the token once, atomically: of two concurrent calls exactly one returns."""
        if not well_formed(token):
            raise SigningError.unknown()
        await self._schema()
        moment = micros(now or self._clock.now())

        def use(conn: sqlite3.Connection) -> sqlite3.Row:
            key = digest(token)
            done = conn.execute(
                "UPDATE esign_tokens SET used_us = ?, signer_name = ? WHERE token_hash = ? "
                "AND used_us IS NULL AND revoked_us IS NULL AND expires_us > ?",
                (moment, signer_name, key, moment)).rowcount
            row = conn.execute(_SELECT, (key,)).fetchone()
            return row if done == 1 else _usable(row, moment)

        return _info(await self._db.write(use))

    async def restore(self, token: str, used_at: datetime) -> None:
        """Gives back a token consumed at `used_at` when the signature could not be recorded."""
        if not well_formed(token):
            return
        await self._schema()
        await self._db.write(lambda conn: conn.execute(
            "UPDATE esign_tokens SET used_us = NULL, signer_name = NULL WHERE token_hash = ? AND used_us = ?",
            (digest(token), micros(used_at))))
