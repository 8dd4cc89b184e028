"""Builds the object graph for one set of settings: adapters -> services -> dialogs -> bot."""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import ConversationState, UserState
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from bot.errors import turn_error_handler
from bot.settings import Settings
from bot.state.sqlite import SqliteStorage
from bot.teams_bot import OrderingBot
from dialogs.main_dialog import MainDialog
from services.storage.sqlite import SqliteDatabase


@dataclass
class Components:
    settings: Settings
    database: SqliteDatabase
    storage: SqliteStorage
    adapter: CloudAdapter
    bot: OrderingBot

    async def close(self) -> None:
        self.database.close()


def build_components(settings: Settings) -> Components:
    database = SqliteDatabase(settings.database_path)
    storage = SqliteStorage(database)
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(settings.bot_framework_config()))
    adapter.on_turn_error = turn_error_handler(conversation_state)
    bot = OrderingBot(conversation_state, user_state, MainDialog())
    return Components(settings, database, storage, adapter, bot)
