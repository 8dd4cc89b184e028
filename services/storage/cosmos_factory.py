"""Builds the Cosmos DB adapters of the services from plain settings values (for the composition root).

One client and one database serve the orders, the inventory, the conversation references and the event
outbox; nothing connects here (the client opens
on first use, the containers are created or checked then). Close with `CosmosStores.close`.
"""

from __future__ import annotations

from dataclasses import dataclass

from azure.core.credentials_async import AsyncTokenCredential

from services.conversations.cosmos import CosmosConversationStore
from services.inventory.cosmos import CosmosInventoryStore
from services.notifications.cosmos import CosmosEventOutbox
from services.orders.cosmos import CosmosOrderStore
from services.storage.cosmos import CosmosDatabase

DEFAULT_DATABASE = "operator-connect"


@dataclass(frozen=True)
class CosmosStores:
    database: CosmosDatabase
    orders: CosmosOrderStore
    inventory: CosmosInventoryStore
    conversations: CosmosConversationStore
    outbox: CosmosEventOutbox

    async def close(self) -> None:
        await self.database.close()


def build_cosmos_stores(endpoint: str, key: str = "", *, database: str = DEFAULT_DATABASE,
                        verify_tls: bool = True, create_containers: bool = True,
                        credential: AsyncTokenCredential | None = None) -> CosmosStores:
    """The service stores on one Cosmos DB database; `credential` (Entra ID) wins over `key`.

    Containers: `orders` (/tenant_id), `inventory-numbers` (/pool), `inventory-holds` (/order_key, unique
    key /slot), `conversation-refs` (/tenant_id), `notification-outbox` (/id).
    With `create_containers=False` they must exist with that layout (checked on first use).
    """
    secret: str | AsyncTokenCredential = credential or key
    if not endpoint or not secret:
        raise ValueError("STORE=cosmos needs COSMOS_ENDPOINT and COSMOS_KEY (or an Entra ID credential).")
    shared = CosmosDatabase.from_settings(endpoint, secret, database, verify_tls=verify_tls,
                                          create_if_missing=create_containers)
    return CosmosStores(shared, CosmosOrderStore(shared), CosmosInventoryStore(shared),
                        CosmosConversationStore(shared), CosmosEventOutbox(shared))
