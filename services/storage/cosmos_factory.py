"""Builds the Cosmos DB adapters of the services from plain settings values (for the composition root).

One client and one database serve the orders, the inventory, the conversation references, the event
outbox, the sales channel, the contract preview links, the processed DocuSign events and the mail outbox;
nothing connects here (the client opens on first use, the containers are created or checked then). Close
with `CosmosStores.close`.
"""

from __future__ import annotations

from dataclasses import dataclass

from azure.core.credentials_async import AsyncTokenCredential

from services.clock import Clock
from services.conversations.cosmos import CosmosConversationStore
from services.esign.processed_cosmos import CosmosProcessedEvents
from services.inventory.cosmos import CosmosInventoryStore
from services.mail.cosmos import CosmosMailQueue
from services.mail.cosmos_retention import CosmosMailRetention
from services.notifications.cosmos import CosmosEventOutbox
from services.orders.cosmos import CosmosOrderStore
from services.sales_channel.cosmos import CosmosCaseStore, CosmosSalesChannelStore
from services.storage.cosmos import CosmosDatabase
from services.submission_preview_cosmos import CosmosPreviewLinks

DEFAULT_DATABASE = "operator-connect"


@dataclass(frozen=True)
class CosmosStores:
    database: CosmosDatabase
    orders: CosmosOrderStore
    inventory: CosmosInventoryStore
    conversations: CosmosConversationStore
    outbox: CosmosEventOutbox
    sales_cases: CosmosCaseStore
    sales_channel: CosmosSalesChannelStore
    previews: CosmosPreviewLinks
    mail: CosmosMailQueue
    mail_retention: CosmosMailRetention

    def processed_events(self, clock: Clock) -> CosmosProcessedEvents:
        """The DocuSign events store on this database; built by the caller that owns the clock."""
        return CosmosProcessedEvents(self.database, clock)

    async def close(self) -> None:
        await self.database.close()


def build_cosmos_stores(endpoint: str, key: str = "", *, database: str = DEFAULT_DATABASE,
                        verify_tls: bool = True, create_containers: bool = True,
                        credential: AsyncTokenCredential | None = None) -> CosmosStores:
    """The service stores on one Cosmos DB database; `credential` (Entra ID) wins over `key`.

    Containers: `orders` (/tenant_id), `inventory-numbers` (/pool), `inventory-holds` (/order_key, unique
    key /slot), `conversation-refs` (/tenant_id), `notification-outbox` (/id), `sales-cases` (/tenant_id),
    `sales-channel` (/id), `preview-links` (/id), `esign-events` (/id), `mail-outbox` (/id).
    With `create_containers=False` they must exist with that layout (checked on first use).
    """
    secret: str | AsyncTokenCredential = credential or key
    if not endpoint or not secret:
        raise ValueError("STORE=cosmos needs COSMOS_ENDPOINT and COSMOS_KEY (or an Entra ID credential).")
    shared = CosmosDatabase.from_settings(endpoint, secret, database, verify_tls=verify_tls,
                                          create_if_missing=create_containers)
    return CosmosStores(shared, CosmosOrderStore(shared), CosmosInventoryStore(shared),
                        CosmosConversationStore(shared), CosmosEventOutbox(shared), CosmosCaseStore(shared),
                        CosmosSalesChannelStore(shared), CosmosPreviewLinks(shared),
                        mail=CosmosMailQueue(shared), mail_retention=CosmosMailRetention(shared))
