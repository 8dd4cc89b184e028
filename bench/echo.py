"""The baseline: an echo bot on the same stack and settings as the ordering bot (botbuilder CloudAdapter
with the Bot Framework configuration from `Settings`, aiohttp, the same body limit)."""

from __future__ import annotations

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from bot.routes import MAX_BODY_BYTES
from bot.settings import Settings


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


def create_echo_app(settings: Settings) -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(settings.bot_framework_config()))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot) or web.Response(status=201)

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post("/api/messages", messages)
    return app
