"""'Typing…' for work that may take a while, shown only when it does.

A typing indicator is one more Bot Connector call; before a step that answers in milliseconds it only
costs time. Teams shows it until the next message, so it is worth sending when the user would
otherwise wait without a sign (a reservation against a busy store, a contract being rendered).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

log = logging.getLogger(__name__)

TYPING_AFTER_S = 0.5


@contextlib.asynccontextmanager
async def typing_while_slow(turn_context: TurnContext,
                            after_s: float = TYPING_AFTER_S) -> AsyncIterator[None]:
    """Sends a typing indicator if the block is still running after `after_s` seconds."""

    async def show() -> None:
        await asyncio.sleep(after_s)
        try:
            await turn_context.send_activity(Activity(type=ActivityTypes.typing))
        except Exception:  # a courtesy: the work itself goes on
            log.warning("could not show typing in %s", turn_context.activity.conversation.id, exc_info=True)

    indicator = asyncio.create_task(show())
    try:
        yield
    finally:
        indicator.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await indicator
