"""Leases on the rows of a SQLite work table (an outbox): claimed by one worker at a time.

A claim is one conditional UPDATE ... RETURNING, run inside `BEGIN IMMEDIATE` (SqliteDatabase.write):
it picks due rows and stamps them with the worker's token and a lease end, and counts an attempt. A
row whose lease ended (its worker crashed) is due again. Ending a lease is conditional on the token,
so a worker whose lease ran out cannot overwrite what the next holder recorded.

The table needs the columns `id`, `attempts`, `next_attempt_at`, `claimed_until` and `claimed_by`;
times are stored as `utc_text` so that SQL compares them correctly as strings.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any


def utc_text(moment: datetime) -> str:
    """A fixed-width UTC text ("2026-12-07T09:00:00.000000+00:00")."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def unleased(table: str) -> str:
    """The condition "nobody holds a lease on this row at :now"."""
    return f"({table}.claimed_until IS NULL OR {table}.claimed_until <= :now)"


def claim_statement(table: str, due: str, order_by: str = "next_attempt_at, rowid") -> str:
    """Leases up to :limit rows matching `due` (which should include `unleased(table)`) to :token
    until :until. Returns the claimed rows with their rowid as `seq`."""
    return (f"UPDATE {table} SET claimed_until = :until, claimed_by = :token, attempts = attempts + 1 "
            f"WHERE id IN (SELECT id FROM {table} WHERE {due} ORDER BY {order_by} LIMIT :limit) "
            f"AND {due} RETURNING rowid AS seq, *")


def claim_values(now: datetime, until: datetime, limit: int, **extra: Any) -> dict[str, Any]:
    """The parameters of `claim_statement`, with a fresh token naming this claim."""
    return {"now": utc_text(now), "until": utc_text(until), "token": uuid.uuid4().hex, "limit": limit,
            **extra}


def release_statement(table: str, assignments: str, unfinished: str) -> str:
    """Ends a lease (parameters :id and :token) with `assignments`, if this claim still holds it and the
    row is still `unfinished`."""
    return (f"UPDATE {table} SET {assignments}, claimed_until = NULL "
            f"WHERE id = :id AND claimed_by = :token AND {unfinished}")
