"""Where the bot can reach a user later: the Teams conversation reference of their personal chat."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from services.domain.base import UtcDatetime


class ConversationRef(BaseModel):
    """A user's chat with the bot, as Bot Framework describes it (`reference` is its JSON)."""

    model_config = ConfigDict(extra="forbid")

    tenant_id: str
    user_id: str
    conversation_id: str
    reference: dict[str, Any]
    active: bool = True
    updated_at: UtcDatetime


class ConversationStore(Protocol):
    async def save(self, ref: ConversationRef) -> None:
        """Inserts or replaces the user's reference (a new one is active again)."""
        ...

    async def get(self, tenant_id: str, user_id: str) -> ConversationRef | None: ...

    async def deactivate(self, tenant_id: str, user_id: str) -> None:
        """The chat is gone (the app was removed, 403/404): stop sending until the user comes back."""
        ...

    async def list_for_tenant(self, tenant_id: str) -> list[ConversationRef]:
        """Every reference of the tenant, active or not (erasure on request, services.privacy)."""
        ...

    async def delete(self, tenant_id: str, user_id: str) -> None:
        """Forgets the user's reference; deleting a missing one is not an error."""
        ...
