"""Contract preview links in Azure Cosmos DB: container `preview-links`, partitioned by `/id`.

With STORE=cosmos one instance makes a preview link and any instance behind the load balancer may get
the download, so the link lives in the shared database (see `submission_preview.py` for when the bot
serves previews at all: whenever the documents store gives no direct blob SAS URL).

A document is `{id: SHA-256 of the token, tenant_id, order_id, document, filename, created_at,
expires_at}` (times as fixed-width UTC text). Opening reads the digest's own partition and compares
`expires_at` with the caller's `now`; a link is never changed, so no ETag is needed, and creating is a
`create_item` of a fresh random digest. Like the SQLite adapter, creating a link deletes links that expired
(one cross-partition query of at most SWEEP_LIMIT ids per creation): Cosmos TTL is not relied on (the
stand-in ignores it and the cloud deletes lazily), and an expired link is refused by `open` either way.
"""

from __future__ import annotations

import logging
from datetime import datetime

from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import CosmosResourceNotFoundError

from services.domain.errors import StoreUnavailable
from services.esign.tokens import digest, new_token, well_formed
from services.storage.cosmos import ContainerSpec, CosmosDatabase, query, translated
from services.storage.leases import utc_text
from services.submission_preview import PreviewTarget, gone

logger = logging.getLogger(__name__)

PREVIEWS_CONTAINER = "preview-links"
PARTITION_KEY_PATH = "/id"
SWEEP_LIMIT = 100
_OPEN = "SELECT * FROM c WHERE c.id = @id AND c.expires_at > @now"
_EXPIRED = "SELECT TOP @limit c.id FROM c WHERE c.expires_at <= @now"


class CosmosPreviewLinks:
    """`PreviewLinkStore` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, container: str = PREVIEWS_CONTAINER) -> None:
        self._database = database
        self._spec = ContainerSpec(container, PARTITION_KEY_PATH)

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def create(self, target: PreviewTarget, now: datetime, expires_at: datetime) -> str:
        token = new_token()
        container = await self._container()
        with translated("store a preview link"):
            await container.create_item({
                "id": digest(token), "tenant_id": target.tenant_id, "order_id": target.order_id,
                "document": target.document, "filename": target.filename, "created_at": utc_text(now),
                "expires_at": utc_text(expires_at)})
        await self._sweep(container, now)
        return token

    async def open(self, token: str, now: datetime) -> PreviewTarget:
        if not well_formed(token):
            raise gone()
        token_hash = digest(token)
        found = await query(await self._container(), _OPEN, {"id": token_hash, "now": utc_text(now)},
                            partition_key=token_hash, action="read a preview link")
        if not found:
            raise gone()
        link = found[0]
        return PreviewTarget(link["tenant_id"], link["order_id"], link["document"], link["filename"])

    async def _sweep(self, container: ContainerProxy, now: datetime) -> None:
        """Deletes expired links; a failure is only logged (the link is stored; the next sweep retries)."""
        try:
            expired = await query(container, _EXPIRED, {"limit": SWEEP_LIMIT, "now": utc_text(now)},
                                  action="find expired preview links")
            for link in expired:
                with translated("delete an expired preview link"):
                    try:
                        await container.delete_item(link["id"], partition_key=link["id"])
                    except CosmosResourceNotFoundError:
                        logger.debug("preview link %s was swept by another instance", link["id"][:8])
        except StoreUnavailable:
            logger.warning("expired preview links could not be deleted now", exc_info=True)
