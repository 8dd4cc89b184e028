"""The whole journey through the bot (TestAdapter): sign-in to recap for two countries, three offices."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

from tests.card_schema import cards_in
from tests.conftest import Chat
from tests.journey import OFFICES, play_to_recap


class ChatTransport:
    def __init__(self, chat: Chat) -> None:
        self.chat = chat

    @staticmethod
    def _cards(replies: list[Activity]) -> list[dict[str, Any]]:
        return [card for reply in replies for card in cards_in(reply)]

    async def say(self, text: str) -> list[dict[str, Any]]:
        return self._cards(await self.chat.say(text))

    async def submit(self, value: dict[str, Any]) -> list[dict[str, Any]]:
        return self._cards(await self.chat.submit(value))


async def test_a_journey_reaches_the_recap_with_numbers_held(chat: Chat, components, settings) -> None:
    recap = await play_to_recap(ChatTransport(chat), settings.data_dir / "outbox")
    assert "Continue to contract" in str(recap)
    journey = components.services.journey
    [order] = await journey.drafts("11111111-1111-1111-1111-111111111111")
    held = [held for _, _, held in order.numbers()]
    wanted = sum(s["users"] + s["resource_accounts"] for specs in OFFICES.values() for s in specs)
    assert len(held) == wanted
