"""The event outbox in Azure Cosmos DB: container `notification-outbox`, one document per event.

The document id is the SHA-256 of the event's key and the partition key (`/id`), so publishing is a
`create_item` and a 409 means the key was published already. Every state change is a replace on
condition of the ETag read (`IfNotModified`): of two workers claiming one event, the second gets a 412
and leaves it. A lease is `claimed_until` (fixed-width UTC text) compared with the caller's `now`.

Publish order is `seq`: wall-clock nanoseconds at publish, kept increasing within the process, plus a
random suffix. Within one process it is exactly publish order (as SQLite's rowid); across bot instances
it is as good as their clocks agree. A claim reads the first `SCAN_LIMIT` pending events by `seq` (a
cross-partition `TOP` query of small projections): only the earliest pending event of a stream is due,
as in SQLite. Pending events beyond the scan wait for the next pass.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import datetime
from typing import Any

from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import (
    CosmosResourceExistsError,
)

from services.domain.errors import StoreUnavailable
from services.notifications.events import Event
from services.notifications.outbox import Doorbell, OutboxEntry, OutboxState, stream_of
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

OUTBOX_CONTAINER = "notification-outbox"
PARTITION_KEY_PATH = "/id"
SCAN_LIMIT = 1000
_ATTEMPTS = 5
_PENDING = OutboxState.PENDING.value
_SCAN = ("SELECT TOP @scan c.id, c.event_id, c.stream, c.seq, c.next_attempt_at, c.claimed_until "
         "FROM c WHERE c.state = @pending ORDER BY c.seq")
_BY_IDS = "SELECT * FROM c WHERE ARRAY_CONTAINS(@ids, c.id)"
_BY_ID = "SELECT * FROM c WHERE c.id = @id"
_BY_EVENT = "SELECT * FROM c WHERE c.event_id = @event_id"
_ALL = "SELECT * FROM c ORDER BY c.seq"
_IN_STATE = "SELECT * FROM c WHERE c.state = @state ORDER BY c.seq"
_ENTRY_FIELDS = ("state", "attempts", "next_attempt_at", "claimed_until", "claimed_by", "finished_at",
                 "last_error")
Doc = dict[str, Any]


def document_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _entry(doc: Doc) -> OutboxEntry:
    fields = {name: doc[name] for name in _ENTRY_FIELDS}
    return OutboxEntry(event=Event.model_validate(doc["event"]), **fields)


def _due(doc: Doc, now: str) -> bool:
    return (doc["state"] == _PENDING and doc["next_attempt_at"] <= now
            and (doc["claimed_until"] is None or doc["claimed_until"] <= now))


class CosmosEventOutbox:
    """`EventOutbox` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, container: str = OUTBOX_CONTAINER,
                 doorbell: Doorbell | None = None) -> None:
        self._database = database
        self._spec = ContainerSpec(container, PARTITION_KEY_PATH)
        self.doorbell = doorbell or Doorbell()

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def _query(self, sql: str, parameters: dict[str, Any], action: str) -> list[Doc]:
        # A query by `c.id` names the partition key, so it is sent to that one partition.
        key = parameters.get("id")
        return await query(await self._container(), sql, parameters, partition_key=key, action=action)

    async def publish(self, event: Event) -> bool:
        created = utc_text(event.created_at)
        doc = {"id": document_id(event.key), "event_id": event.id, "key": event.key, "kind": event.kind.value,
               "stream": stream_of(event), "seq": next_sequence(), "event": event.model_dump(mode="json"),
               "state": _PENDING, "created_at": created, "attempts": 0, "next_attempt_at": created,
               "claimed_until": None, "claimed_by": None, "finished_at": None, "last_error": None}
        container = await self._container()
        with translated("publish an event"):
            try:
                await container.create_item(doc)
            except CosmosResourceExistsError:
                return False
        self.doorbell.ring()
        return True

    async def claim(self, now: datetime, until: datetime, limit: int,
                    event_id: str | None = None) -> list[OutboxEntry]:
        moment = utc_text(now)
        pending = await self._query(_SCAN, {"scan": SCAN_LIMIT, "pending": _PENDING}, "scan the outbox")
        blocked: set[str] = set()
        due: list[Doc] = []
        for doc in pending:
            stream = doc["stream"]
            if stream is not None:
                if stream in blocked:
                    continue  # a later event of a stream waits for the earlier pending one
                blocked.add(stream)
            if _due({"state": _PENDING, **doc}, moment) and event_id in (None, doc["event_id"]):
                due.append(doc)
        due.sort(key=lambda doc: (doc["next_attempt_at"], doc["seq"]))
        token = uuid.uuid4().hex
        claimed: list[OutboxEntry] = []
        while due and len(claimed) < limit:  # events lost to another worker (412) make room for the next
            chunk, due = due[:limit - len(claimed)], due[limit - len(claimed):]
            docs = await self._query(_BY_IDS, {"ids": [doc["id"] for doc in chunk]}, "read due events")
            for doc in sorted(docs, key=lambda doc: (doc["next_attempt_at"], doc["seq"])):
                entry = await self._claim_one(doc, moment, until, token)
                if entry is not None:
                    claimed.append(entry)
        return claimed

    async def _claim_one(self, doc: Doc, now: str, until: datetime, token: str) -> OutboxEntry | None:
        if not _due(doc, now):
            return None  # changed since the scan
        body = item_body(doc) | {"claimed_until": utc_text(until), "claimed_by": token,
                             "attempts": doc["attempts"] + 1}
        replaced = await self._replace(doc, body, "claim an event")
        return None if replaced is None else _entry(replaced)

    async def _replace(self, doc: Doc, body: Doc, action: str) -> Doc | None:
        return await replace_if_unchanged(await self._container(), doc, body, action)

    async def mark_delivered(self, event_id: str, now: datetime) -> None:
        changes = {"state": OutboxState.DELIVERED.value, "finished_at": utc_text(now), "claimed_until": None,
                   "last_error": None}
        await self._update(_BY_EVENT, {"event_id": event_id}, None, changes)

    async def mark_skipped(self, entry: OutboxEntry, now: datetime, reason: str) -> None:
        await self._release(entry, {"state": OutboxState.SKIPPED.value, "finished_at": utc_text(now)}, reason)

    async def retry_later(self, entry: OutboxEntry, at: datetime, error: str) -> None:
        await self._release(entry, {"next_attempt_at": utc_text(at)}, error)

    async def mark_failed(self, entry: OutboxEntry, now: datetime, error: str) -> None:
        await self._release(entry, {"state": OutboxState.FAILED.value, "finished_at": utc_text(now)}, error)

    async def _release(self, entry: OutboxEntry, changes: Doc, error: str) -> None:
        """Ends our lease; changes nothing if the lease went to another worker."""
        changes |= {"last_error": error[:500], "claimed_until": None}
        await self._update(_BY_ID, {"id": document_id(entry.event.key)}, entry.claimed_by or "", changes)

    async def _update(self, sql: str, parameters: dict[str, Any], token: str | None, changes: Doc) -> None:
        """Applies `changes` to a pending event (held by `token`, unless None), re-read after a 412."""
        for _ in range(_ATTEMPTS):
            found = await self._query(sql, parameters, "read an event")
            if not found or found[0]["state"] != _PENDING:
                return
            doc = found[0]
            if token is not None and doc["claimed_by"] != token:
                return
            if await self._replace(doc, item_body(doc) | changes, "record an event's outcome") is not None:
                return
            logger.debug("outbox event %s changed meanwhile; reading it again", doc["event_id"])
        raise StoreUnavailable("An outbox event kept changing while its outcome was recorded.")

    async def get(self, event_id: str) -> OutboxEntry | None:
        found = await self._query(_BY_EVENT, {"event_id": event_id}, "read an event")
        return _entry(found[0]) if found else None

    async def find(self, key: str) -> OutboxEntry | None:
        found = await self._query(_BY_ID, {"id": document_id(key)}, "read an event")
        return _entry(found[0]) if found else None

    async def entries(self, state: OutboxState | None = None) -> list[OutboxEntry]:
        if state is None:
            docs = await self._query(_ALL, {}, "list events")
        else:
            docs = await self._query(_IN_STATE, {"state": state.value}, "list events")
        return [_entry(doc) for doc in sorted(docs, key=lambda doc: doc["seq"])]
