"""'Typing…' is shown only for work that takes a while (dialogs/typing.py)."""

from __future__ import annotations

import asyncio

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import ActivityTypes

from dialogs.typing import typing_while_slow
from tests.conftest import Chat


def chat_doing(seconds: float, after_s: float, then: str = "done") -> Chat:
    async def logic(turn_context: TurnContext) -> None:
        async with typing_while_slow(turn_context, after_s=after_s):
            await asyncio.sleep(seconds)
        await turn_context.send_activity(then)

    return Chat(logic)


async def test_quick_work_shows_no_typing() -> None:
    replies = await chat_doing(0.0, after_s=0.2).say("go")
    assert [reply.text for reply in replies] == ["done"]


async def test_slow_work_shows_typing_before_the_answer() -> None:
    replies = await chat_doing(0.2, after_s=0.01).say("go")
    assert [reply.type for reply in replies] == [ActivityTypes.typing, ActivityTypes.message]


# The SDK creates the send coroutine before its send handlers run; one that refuses leaves it unawaited.
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
async def test_a_typing_indicator_that_cannot_be_sent_does_not_stop_the_work() -> None:
    async def refuse(turn_context, activities, next_send):
        if any(activity.type == ActivityTypes.typing for activity in activities):
            raise ConnectionError("connector down")
        return await next_send()

    async def logic(turn_context: TurnContext) -> None:
        turn_context.on_send_activities(refuse)
        async with typing_while_slow(turn_context, after_s=0.01):
            await asyncio.sleep(0.1)
        await turn_context.send_activity("done")

    chat = Chat(logic)
    replies = await chat.say("go")
    assert [reply.text for reply in replies] == ["done"]


async def test_work_that_fails_still_stops_the_indicator() -> None:
    async def logic(turn_context: TurnContext) -> None:
        try:
            async with typing_while_slow(turn_context, after_s=0.05):
                raise ValueError("refused")
        except ValueError:
            await asyncio.sleep(0.1)  # long enough for a forgotten indicator to fire
            await turn_context.send_activity("refused")

    replies = await Chat(logic).say("go")
    assert [reply.text for reply in replies] == ["refused"]
