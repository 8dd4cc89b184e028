"""Facts read from a Teams activity. The tenant and user come only from here, never from card data."""

from __future__ import annotations

from botbuilder.schema import Activity


def tenant_id(activity: Activity) -> str | None:
    conversation = activity.conversation
    if conversation is not None and getattr(conversation, "tenant_id", None):
        return conversation.tenant_id
    tenant = (activity.channel_data or {}).get("tenant") if isinstance(activity.channel_data, dict) else None
    return tenant.get("id") if isinstance(tenant, dict) else None


def is_personal(activity: Activity) -> bool:
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind in (None, "personal")
