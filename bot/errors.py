"""The turn-error handler: log with the activity id, tell the user in plain words, never echo the error.

A domain error (a broken rule, an order of another tenant, a draft changed elsewhere) carries a message
written for people; anything else gets a general apology. Orders live in the orders store, so starting
the conversation afresh loses no order.
"""

from __future__ import annotations

import logging

from botbuilder.core import ConversationState, MessageFactory, TurnContext

from services.domain.errors import Conflict, DomainError

log = logging.getLogger(__name__)

SORRY = ("Sorry, something went wrong on our side and this step did not finish. Nothing you saved was "
         "lost: send any message to carry on.")
CHANGED = ("This order was changed somewhere else at the same moment, so nothing was changed here. "
           "Type **resume** to see it as it is now.")


def _message_for(error: Exception) -> str:
    if isinstance(error, Conflict):
        return CHANGED
    if isinstance(error, DomainError):
        return f"{error.message} Type **resume** to continue a draft or **start order** for a new one."
    return SORRY


def turn_error_handler(conversation_state: ConversationState):
    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        activity = turn_context.activity
        conversation = activity.conversation.id if activity.conversation else "?"
        if isinstance(error, DomainError):
            log.warning("turn stopped by %s (%s): activity %s in %s", type(error).__name__, error.code,
                        activity.id, conversation)
        else:
            log.exception("turn failed: activity %s (%s) in conversation %s", activity.id, activity.type,
                          conversation, exc_info=error)
        try:
            await turn_context.send_activity(MessageFactory.text(_message_for(error)))
            # The dialog stack may be what broke: start the conversation afresh.
            await conversation_state.load(turn_context)
            await conversation_state.delete(turn_context)
        except Exception:
            log.exception("could not tell the user about the failed turn %s", activity.id)

    return on_turn_error
