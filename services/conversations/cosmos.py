"""Conversation references in Azure Cosmos DB: container `conversation-refs`, partitioned by `/tenant_id`.

A document is `{id, tenant_id, user_id, conversation_id, reference, active, updated_at}`; its id is the
SHA-256 of the user id (Cosmos ids may not contain `/ \\ ? #`, and AAD ids are not ours to trust). Reads
are queries naming the tenant's partition (the local stand-in answers 500 to a point read of a missing
document); `deactivate` is a replace on condition of the ETag read, tried again if the reference changed.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import CosmosAccessConditionFailedError, CosmosResourceNotFoundError

from services.conversations.port import ConversationRef
from services.domain.errors import StoreUnavailable
from services.storage.cosmos import ContainerSpec, CosmosDatabase, query, translated

logger = logging.getLogger(__name__)

CONVERSATIONS_CONTAINER = "conversation-refs"
PARTITION_KEY_PATH = "/tenant_id"
_GET = "SELECT * FROM c WHERE c.tenant_id = @tenant AND c.id = @id"
_FIELDS = ("tenant_id", "user_id", "conversation_id", "reference", "active", "updated_at")
_ATTEMPTS = 5


def document_id(user_id: str) -> str:
    return hashlib.sha256(user_id.encode()).hexdigest()


def _document(ref: ConversationRef) -> dict[str, Any]:
    return {"id": document_id(ref.user_id), **ref.model_dump(mode="json")}


def _ref(document: dict[str, Any]) -> ConversationRef:
    return ConversationRef.model_validate({name: document[name] for name in _FIELDS})


class CosmosConversationStore:
    """`ConversationStore` on a Cosmos DB database; the container is created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, container: str = CONVERSATIONS_CONTAINER) -> None:
        self._database = database
        self._spec = ContainerSpec(container, PARTITION_KEY_PATH)

    async def _container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def _read(self, tenant_id: str, user_id: str) -> dict[str, Any] | None:
        found = await query(await self._container(), _GET, {"tenant": tenant_id, "id": document_id(user_id)},
                            partition_key=tenant_id, action="read a conversation reference")
        return found[0] if found else None

    async def save(self, ref: ConversationRef) -> None:
        container = await self._container()
        with translated("save a conversation reference"):
            await container.upsert_item(_document(ref))

    async def get(self, tenant_id: str, user_id: str) -> ConversationRef | None:
        document = await self._read(tenant_id, user_id)
        return None if document is None else _ref(document)

    async def deactivate(self, tenant_id: str, user_id: str) -> None:
        container = await self._container()
        for _ in range(_ATTEMPTS):
            document = await self._read(tenant_id, user_id)
            if document is None or not document["active"]:
                return
            body = {name: value for name, value in document.items() if not name.startswith("_")}
            body["active"] = False
            with translated("deactivate a conversation reference"):
                try:
                    await container.replace_item(document["id"], body, etag=document["_etag"],
                                                 match_condition=MatchConditions.IfNotModified)
                    return
                except (CosmosAccessConditionFailedError, CosmosResourceNotFoundError):
                    logger.debug("conversation reference of %s changed meanwhile; reading it again", user_id)
        raise StoreUnavailable("The conversation reference kept changing while being deactivated.")

    async def list_for_tenant(self, tenant_id: str) -> list[ConversationRef]:
        found = await query(await self._container(), "SELECT * FROM c WHERE c.tenant_id = @tenant",
                            {"tenant": tenant_id}, partition_key=tenant_id,
                            action="list a tenant's conversation references")
        return sorted((_ref(document) for document in found), key=lambda ref: ref.user_id)

    async def delete(self, tenant_id: str, user_id: str) -> None:
        if await self._read(tenant_id, user_id) is None:  # the stand-in answers 500 for a missing one
            return
        container = await self._container()
        with translated("delete a conversation reference"):
            try:
                await container.delete_item(document_id(user_id), partition_key=tenant_id)
            except CosmosResourceNotFoundError:
                logger.debug("conversation reference of %s was deleted meanwhile", user_id)
