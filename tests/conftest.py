"""Shared test helpers: settings on a temporary data dir, and `Chat`, a TestAdapter flow helper."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount

from bot.components import Components, build_components
from bot.settings import Settings
from tests.card_schema import assert_valid_card, cards_in

TENANT = "11111111-1111-1111-1111-111111111111"


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def components(settings: Settings):
    built = build_components(settings)
    yield built
    await built.close()


class Chat:
    """One user's Teams chat with the bot, through botbuilder's TestAdapter.

    Every card the bot sends is checked against the Adaptive Card 1.5 schema and the size limit.
    """

    def __init__(self, logic: Callable[[TurnContext], Awaitable[None]],
                 on_error: Callable[[TurnContext, Exception], Awaitable[None]] | None = None, *,
                 user: str = "user-a", tenant: str = TENANT, conversation_type: str = "personal",
                 timezone: str = "Europe/Berlin") -> None:
        template = Activity(
            channel_id="msteams",
            service_url="https://smba.example.test/",
            from_property=ChannelAccount(id=f"29:{user}", name=user.title(), aad_object_id=f"aad-{user}"),
            recipient=ChannelAccount(id="28:bot", name="Ordering bot"),
            conversation=ConversationAccount(id=f"a:{user}-{conversation_type}", tenant_id=tenant,
                                             conversation_type=conversation_type),
            channel_data={"tenant": {"id": tenant}},
        )
        template.local_timezone = timezone
        template.locale = "en-GB"
        self.adapter = TestAdapter(logic, template)
        self.adapter.on_turn_error = on_error
        self.updated: list[Activity] = []

    @classmethod
    def with_bot(cls, components: Components, **kwargs: Any) -> Chat:
        return cls(components.bot.on_turn, components.adapter.on_turn_error, **kwargs)

    async def send(self, activity: Activity) -> list[Activity]:
        self.adapter.activity_buffer.clear()
        self.adapter.updated_activities.clear()
        await self.adapter.receive_activity(activity)
        replies = list(self.adapter.activity_buffer)
        self.updated = list(self.adapter.updated_activities)
        for reply in replies + self.updated:
            for card in cards_in(reply):
                assert_valid_card(card)
        return replies

    async def say(self, text: str) -> list[Activity]:
        return await self.send(Activity(type=ActivityTypes.message, text=text))

    async def submit(self, value: dict[str, Any], reply_to: str | None = "card-1") -> list[Activity]:
        """A card submit: `value` set, no text, replying to the message that holds the card."""
        return await self.send(Activity(type=ActivityTypes.message, value=value, reply_to_id=reply_to))

    async def click(self, card: dict[str, Any], title: str, **inputs: Any) -> list[Activity]:
        """Presses the card's button `title`, sending its data merged with the typed `inputs`."""
        action = find_action(card, title)
        return await self.submit({**action.get("data", {}), **inputs})

    async def install(self) -> list[Activity]:
        return await self.send(Activity(
            type=ActivityTypes.conversation_update,
            members_added=[ChannelAccount(id="28:bot", name="Ordering bot")],
        ))


def find_action(card: dict[str, Any], title: str) -> dict[str, Any]:
    actions = list(_actions(card))
    for action in actions:
        if action.get("title") == title:
            return action
    raise AssertionError(f"no button {title!r} on the card; it has {[a.get('title') for a in actions]}")


def _actions(node: Any):
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action."):
            yield node
        for value in node.values():
            yield from _actions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _actions(item)


def texts(replies: list[Activity]) -> str:
    """All the words the bot said, in text and in cards, for simple assertions."""
    parts = [reply.text or "" for reply in replies]
    for reply in replies:
        parts.extend(_card_texts(cards_in(reply)))
    return "\n".join(parts)


def _card_texts(node: Any):
    if isinstance(node, dict):
        for key in ("text", "title"):
            if isinstance(node.get(key), str):
                yield node[key]
        for value in node.values():
            yield from _card_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _card_texts(item)


@pytest.fixture
def chat(components: Components) -> Chat:
    return Chat.with_bot(components)
