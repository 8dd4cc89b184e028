"""The turn-error handler: log with the activity id, tell the user in plain words, never echo the error."""

from __future__ import annotations

import logging

from botbuilder.core import ConversationState, MessageFactory, TurnContext

log = logging.getLogger(__name__)

SORRY = ("Sorry, something went wrong on our side and this step did not finish. Nothing you saved was "
         "lost: send any message to carry on.")


def turn_error_handler(conversation_state: ConversationState):
    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        activity = turn_context.activity
        log.exception("turn failed: activity %s (%s) in conversation %s", activity.id, activity.type,
                      activity.conversation.id if activity.conversation else "?", exc_info=error)
        try:
            await turn_context.send_activity(MessageFactory.text(SORRY))
            # The dialog stack may be what broke: start the conversation afresh.
            await conversation_state.load(turn_context)
            await conversation_state.delete(turn_context)
        except Exception:
            log.exception("could not tell the user about the failed turn %s", activity.id)

    return on_turn_error
