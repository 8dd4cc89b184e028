"""Replace an answered card with a short read-only receipt, so old cards cannot be used again."""

from __future__ import annotations

import logging

from botbuilder.core import TurnContext

from cards.attachments import card_message
from cards.chrome import receipt_card

log = logging.getLogger(__name__)


async def replace_with_receipt(turn_context: TurnContext, title: str, lines: list[str] | None = None) -> None:
    """With Action.Submit the answered card is the message the submit replies to."""
    activity = turn_context.activity
    if not isinstance(activity.value, dict) or not activity.reply_to_id:
        return
    receipt = card_message(receipt_card(title, lines or []))
    receipt.id = activity.reply_to_id
    try:
        await turn_context.update_activity(receipt)
    except Exception:  # the receipt is a courtesy: the step itself has succeeded
        log.warning("could not replace card %s with its receipt", activity.reply_to_id, exc_info=True)
