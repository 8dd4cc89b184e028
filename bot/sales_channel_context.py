"""Facts of a Teams channel activity the sales channel needs: who acts, which team and channel, and
how to answer an Action.Execute. Read only from the authenticated activity, never from card data."""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse

from bot.activity import tenant_id
from services.sales_channel.models import StaffMember

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


def is_channel(activity: Activity) -> bool:
    conversation = activity.conversation
    return getattr(conversation, "conversation_type", None) == "channel"


def staff_of(activity: Activity) -> StaffMember:
    user, tenant = activity.from_property, tenant_id(activity) or ""
    if user is None:
        return StaffMember(tenant_id=tenant, aad_id="", name="")
    return StaffMember(tenant_id=tenant, aad_id=user.aad_object_id or user.id or "", name=user.name or "")


def _channel_data(activity: Activity, key: str) -> str:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    value = data.get(key)
    return str(value.get("id") or "") if isinstance(value, dict) else ""


def channel_ids(activity: Activity) -> tuple[str, str]:
    """(team id, channel id); the channel id falls back to the conversation id without its thread part."""
    conversation_id = activity.conversation.id if activity.conversation else ""
    channel = _channel_data(activity, "channel") or conversation_id.split(";")[0]
    return _channel_data(activity, "team") or channel, channel


def channel_reference(activity: Activity, channel_id: str) -> dict[str, Any]:
    """The conversation reference of the channel itself (new posts), not of the thread it came from."""
    reference = TurnContext.get_conversation_reference(activity).serialize()
    reference["conversation"] = {**reference.get("conversation", {}), "id": channel_id}
    reference.pop("activityId", None)
    return reference


def command_text(activity: Activity) -> str:
    """The typed text without the bot's @mention, spaces tidied."""
    text = TurnContext.remove_recipient_mention(activity) if activity.entities else activity.text
    return " ".join((text or "").replace("&nbsp;", " ").split())


def card_response(card: dict[str, Any]) -> AdaptiveCardInvokeResponse:
    """Replaces the clicked card (for everyone) with `card`."""
    return AdaptiveCardInvokeResponse(status_code=200, type=CARD, value=card)


class _MessageInvokeResponse(AdaptiveCardInvokeResponse):
    """The SDK types `value` as a dict; a message response carries a string."""

    _attribute_map = {**AdaptiveCardInvokeResponse._attribute_map,  # noqa: RUF012 - msrest's class map
                      "value": {"key": "value", "type": "object"}}


def message_response(text: str) -> AdaptiveCardInvokeResponse:
    """Leaves the card as it is and shows `text` to the person who clicked."""
    return _MessageInvokeResponse(status_code=200, type=MESSAGE, value=text)
