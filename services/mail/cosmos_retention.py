"""Finding and deleting mail outbox documents in Cosmos DB, for retention and erasure (services.privacy).

The same rules as `SqliteMailRetention` (services.mail.retention), on the container of
`CosmosMailQueue` (services.mail.cosmos): documents sent or given up before the retention window, and
on request every document whose email mentions a person's address, sent or not. Both are cross-partition
queries: they run daily or on an erasure request, over at most the retention window's mail.

`mentioning` asks Cosmos for candidates (`CONTAINS(LOWER(c.email), address)` on the email's JSON text,
as SQLite's LIKE does on the row) and keeps those where the address appears as a whole address
(`mentions`), so "ada@contoso.com" does not find "nada@contoso.com".
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime
from typing import Any

from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import CosmosResourceNotFoundError

from services.mail.cosmos import MAIL_CONTAINER, PARTITION_KEY_PATH
from services.mail.retention import mentions_any
from services.storage.cosmos import ContainerSpec, CosmosDatabase, query, translated
from services.storage.leases import utc_text

logger = logging.getLogger(__name__)

_FINISHED = ("SELECT c.id, c.seq FROM c WHERE (IS_STRING(c.sent_at) AND c.sent_at < @at) "
             "OR (IS_STRING(c.failed_at) AND c.failed_at < @at)")


class CosmosMailRetention:
    """`MailRows` (services.privacy_models) on the mail outbox container of a Cosmos DB database."""

    def __init__(self, database: CosmosDatabase, container: str = MAIL_CONTAINER) -> None:
        self._database = database
        self._spec = ContainerSpec(container, PARTITION_KEY_PATH)

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def finished_before(self, before: datetime) -> list[str]:
        """Emails sent, or given up, before `before`, in the order they were queued."""
        docs = await query(await self._container(), _FINISHED, {"at": utc_text(before)},
                           action="find finished emails")
        return [doc["id"] for doc in sorted(docs, key=lambda doc: doc["seq"])]

    async def mentioning(self, addresses: Collection[str]) -> list[str]:
        """Emails (recipients, subject, text or HTML) mentioning any of `addresses` (see `mentions`),
        sent or not, in the order they were queued."""
        addresses = sorted({address.strip() for address in addresses if address.strip()})
        if not addresses:
            return []
        parameters: dict[str, Any] = {f"a{n}": address.lower() for n, address in enumerate(addresses)}
        where = " OR ".join(f"CONTAINS(LOWER(c.email), @{name})" for name in parameters)
        docs = await query(await self._container(), f"SELECT c.id, c.seq, c.email FROM c WHERE {where}",
                           parameters, action="find emails mentioning an address")
        found = [doc for doc in docs if mentions_any(doc["email"], addresses)]
        return [doc["id"] for doc in sorted(found, key=lambda doc: doc["seq"])]

    async def delete(self, ids: Collection[str]) -> int:
        """Deletes those emails (one being sent right now just is not marked sent); returns how many."""
        container, deleted = await self._container(), 0
        for mail_id in dict.fromkeys(ids):
            with translated("delete an email"):
                try:
                    await container.delete_item(mail_id, partition_key=mail_id)
                except CosmosResourceNotFoundError:
                    logger.debug("mail %s was deleted meanwhile", mail_id)
                    continue
            deleted += 1
        return deleted
