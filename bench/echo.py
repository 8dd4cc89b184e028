"""The baselines, on the same stack and settings as the ordering bot (botbuilder CloudAdapter with the
Bot Framework configuration from `Settings`, aiohttp, the same body limit):

- the echo bot: one text reply, nothing stored;
- the step-shaped echo: what any card step must do at the least, with no ordering logic: read and save
  its conversation state in the same SQLite storage, replace the answered card with a receipt, post a
  card of the journey's mean card size (3 KB). The ordering bot's steps over this one is the cost of
  the ordering itself; this one over the echo is the cost of the step's shape.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from botbuilder.core import ActivityHandler, ConversationState, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from bot.routes import MAX_BODY_BYTES
from bot.settings import Settings
from bot.state.sqlite import SqliteStorage
from cards.attachments import card_message
from services.storage.sqlite import SqliteDatabase

CARD_LINES = 40  # about 3 KB of card, the mean of the journey's cards


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


class StepShapedBot(ActivityHandler):
    def __init__(self, state: ConversationState) -> None:
        self._state = state
        self._turns = state.create_property("Turns")

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        turns = await self._turns.get(turn_context, lambda: {"count": 0})
        turns["count"] += 1
        await self._turns.set(turn_context, turns)
        if turn_context.activity.reply_to_id:
            receipt = card_message(_card(1, f"Step {turns['count'] - 1} answered"))
            receipt.id = turn_context.activity.reply_to_id
            await turn_context.update_activity(receipt)
        await turn_context.send_activity(card_message(_card(CARD_LINES, f"Step {turns['count']}")))
        await self._state.save_changes(turn_context)


def _card(lines: int, title: str) -> dict:
    body = [{"type": "TextBlock", "text": title, "weight": "Bolder"}]
    body += [{"type": "TextBlock", "text": f"Line {n} of a card the size of a journey step", "wrap": True}
             for n in range(lines)]
    return {"type": "AdaptiveCard", "version": "1.5", "body": body,
            "actions": [{"type": "Action.Submit", "title": "Next", "data": {"action": "next"}}]}


def _app(settings: Settings, bot: ActivityHandler) -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(settings.bot_framework_config()))

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot) or web.Response(status=201)

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post("/api/messages", messages)
    return app


def create_echo_app(settings: Settings) -> web.Application:
    return _app(settings, EchoBot())


def create_step_shaped_app(settings: Settings, database_path: Path) -> web.Application:
    database = SqliteDatabase(database_path)
    app = _app(settings, StepShapedBot(ConversationState(SqliteStorage(database))))

    async def close(_: web.Application) -> None:
        database.close()

    app.on_cleanup.append(close)
    return app
