"""The mail outbox in Azure Cosmos DB: container `mail-outbox`, partitioned by `/id`, one document per email.

With `STORE=cosmos` several bot instances share this container, so an email must be claimed by one of them
at a time, as `SqliteMailQueue` does with `BEGIN IMMEDIATE` on one file. Here every state change is a
replace on condition of the ETag read (`IfNotModified`): of two instances claiming one email, the second
gets a 412 and leaves it. (Transactional batch is not used: the local stand-in cannot run it.)

A document: `{id, seq, email, state, created_at, attempts, next_attempt_at, claimed_until, claimed_by,
sent_at, failed_at, last_error}`. `id` is a random hex id (the partition key: every point access names
it, the scans below are cross-partition). `email` is the email's JSON text, as in SQLite, so erasure can
look for an address anywhere in it (services.mail.cosmos_retention). `state` is `pending`, `sent` or
`failed`. Times are fixed-width UTC text, compared as text; a lease is `claimed_until` against the caller's
`now`. `seq` (wall-clock nanoseconds, increasing within the process, plus a random suffix) is the queue
order SQLite gets from its rowid. Documents carry no TTL: services.privacy deletes them after the mail
retention window (and reports how many), so the container needs no TTL setting.

A claim reads the ids of up to `SCAN_LIMIT` due emails (earliest `next_attempt_at` first), then takes them
one by one; one lost to another instance makes room for the next, so a claim returns fewer than `limit`
only when nothing else was due.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from azure.cosmos.aio import ContainerProxy

from services.domain.errors import StoreUnavailable
from services.mail.port import Email
from services.mail.queue import QueuedMail
from services.storage.cosmos import (
    ContainerSpec,
    CosmosDatabase,
    item_body,
    next_sequence,
    query,
    replace_if_unchanged,
    translated,
)
from services.storage.leases import utc_text

logger = logging.getLogger(__name__)

MAIL_CONTAINER = "mail-outbox"
PARTITION_KEY_PATH = "/id"
PENDING, SENT, FAILED = "pending", "sent", "failed"
SCAN_LIMIT = 200
_ATTEMPTS = 5
_DUE = ("c.state = @pending AND c.next_attempt_at <= @now "
        "AND (IS_NULL(c.claimed_until) OR c.claimed_until <= @now)")
_SCAN = f"SELECT TOP @scan c.id, c.seq, c.next_attempt_at FROM c WHERE {_DUE} ORDER BY c.next_attempt_at"
_SCAN_ONE = f"SELECT c.id, c.seq, c.next_attempt_at FROM c WHERE c.id = @id AND {_DUE}"
_BY_IDS = "SELECT * FROM c WHERE ARRAY_CONTAINS(@ids, c.id)"
_BY_ID = "SELECT * FROM c WHERE c.id = @id"
_PENDING = "SELECT * FROM c WHERE c.state = @pending ORDER BY c.seq"
_FIELDS = ("id", "created_at", "attempts", "next_attempt_at", "claimed_until", "claimed_by", "sent_at",
           "failed_at", "last_error")
Doc = dict[str, Any]


def _mail(doc: Doc) -> QueuedMail:
    return QueuedMail(email=Email.model_validate_json(doc["email"]), **{name: doc[name] for name in _FIELDS})


def _order(doc: Doc) -> tuple[str, str]:
    return doc["next_attempt_at"], doc["seq"]


def _due(doc: Doc, now: str) -> bool:
    return (doc["state"] == PENDING and doc["next_attempt_at"] <= now
            and (doc["claimed_until"] is None or doc["claimed_until"] <= now))


class CosmosMailQueue:
    """`MailQueue` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, container: str = MAIL_CONTAINER) -> None:
        self._database = database
        self._spec = ContainerSpec(container, PARTITION_KEY_PATH)

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def _query(self, sql: str, parameters: dict[str, Any], action: str) -> list[Doc]:
        # A query by `c.id` names the partition key, so it is sent to that one partition.
        key = parameters.get("id")
        return await query(await self._container(), sql, parameters, partition_key=key, action=action)

    async def enqueue(self, email: Email, now: datetime) -> str:
        mail_id, created = uuid.uuid4().hex, utc_text(now)
        doc = {"id": mail_id, "seq": next_sequence(), "email": email.model_dump_json(), "state": PENDING,
               "created_at": created, "attempts": 0, "next_attempt_at": created, "claimed_until": None,
               "claimed_by": None, "sent_at": None, "failed_at": None, "last_error": None}
        container = await self._container()
        with translated("queue an email"):
            await container.create_item(doc)
        return mail_id

    async def claim(self, now: datetime, until: datetime, limit: int,
                    mail_id: str | None = None) -> list[QueuedMail]:
        moment = utc_text(now)
        parameters: Doc = {"pending": PENDING, "now": moment}
        if mail_id is None:
            due = await self._query(_SCAN, parameters | {"scan": SCAN_LIMIT}, "scan the mail outbox")
        else:
            due = await self._query(_SCAN_ONE, parameters | {"id": mail_id}, "read an email")
        due.sort(key=_order)
        token = uuid.uuid4().hex
        claimed: list[QueuedMail] = []
        while due and len(claimed) < limit:  # emails lost to another instance (412) make room for the next
            chunk, due = due[:limit - len(claimed)], due[limit - len(claimed):]
            docs = await self._query(_BY_IDS, {"ids": [doc["id"] for doc in chunk]}, "read due emails")
            for doc in sorted(docs, key=_order):
                if not _due(doc, moment):
                    continue  # changed since the scan
                body = item_body(doc) | {"claimed_until": utc_text(until), "claimed_by": token,
                                     "attempts": doc["attempts"] + 1}
                replaced = await self._replace(doc, body, "claim an email")
                if replaced is not None:
                    claimed.append(_mail(replaced))
        return claimed

    async def _replace(self, doc: Doc, body: Doc, action: str) -> Doc | None:
        return await replace_if_unchanged(await self._container(), doc, body, action)

    async def mark_sent(self, mail_id: str, now: datetime) -> None:
        """Sent is sent, whoever holds the lease now: the email must never go out again."""
        changes = {"state": SENT, "sent_at": utc_text(now), "claimed_until": None, "last_error": None}
        await self._update(mail_id, None, changes)

    async def retry_later(self, mail: QueuedMail, at: datetime, error: str) -> None:
        await self._update(mail.id, mail.claimed_by or "", {"next_attempt_at": utc_text(at),
                                                            "last_error": error, "claimed_until": None})

    async def mark_failed(self, mail: QueuedMail, now: datetime, error: str) -> None:
        changes = {"state": FAILED, "failed_at": utc_text(now), "last_error": error, "claimed_until": None}
        await self._update(mail.id, mail.claimed_by or "", changes)

    async def _update(self, mail_id: str, token: str | None, changes: Doc) -> None:
        """Applies `changes` to an unsent email (held by `token`, unless None), read again after a 412.

        With a token this ends our lease, and changes nothing if the lease went to another instance.
        """
        for _ in range(_ATTEMPTS):
            found = await self._query(_BY_ID, {"id": mail_id}, "read an email")
            if not found or found[0]["sent_at"] is not None:
                return
            doc = found[0]
            if token is not None and doc["claimed_by"] != token:
                return
            if await self._replace(doc, item_body(doc) | changes, "record an email's outcome") is not None:
                return
            logger.debug("mail %s changed meanwhile; reading it again", mail_id)
        raise StoreUnavailable("An email in the outbox kept changing while its outcome was recorded.")

    async def get(self, mail_id: str) -> QueuedMail | None:
        found = await self._query(_BY_ID, {"id": mail_id}, "read an email")
        return _mail(found[0]) if found else None

    async def pending(self) -> list[QueuedMail]:
        docs = await self._query(_PENDING, {"pending": PENDING}, "list queued emails")
        return [_mail(doc) for doc in sorted(docs, key=lambda doc: doc["seq"])]
