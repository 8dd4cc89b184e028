"""Fixtures for dialog tests: real services on a temporary SQLite file, a movable clock, and
`StageRunner`, which runs one journey stage for a draft order the way the order dialog does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from botbuilder.core import ConversationState, TurnContext, UserState
from botbuilder.dialogs import Dialog, DialogSet, DialogTurnStatus

from bot.settings import Settings
from bot.state.sqlite import SqliteStorage
from bot.wiring import Services, build_services
from dialogs.deps import Deps
from services.documents.local import LocalDocumentStore
from services.domain.order import Order
from services.storage.sqlite import SqliteDatabase
from tests.clock import FakeClock
from tests.conftest import TENANT, Chat

DEMO_OCN = "100001"
DEMO_EMAIL = "teams.admin@contoso.com"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[SqliteDatabase]:
    db = SqliteDatabase(settings.database_path)
    yield db
    db.close()


@pytest.fixture
def storage(database: SqliteDatabase) -> SqliteStorage:
    return SqliteStorage(database)


@pytest.fixture
def services(settings: Settings, database: SqliteDatabase, storage: SqliteStorage,
             clock: FakeClock) -> Services:
    return build_services(settings, database, UserState(storage), clock,
                          documents=LocalDocumentStore(settings.data_dir / "documents"))


@pytest.fixture
def deps(services: Services) -> Deps:
    return services.deps


@pytest.fixture
async def draft(deps: Deps) -> Order:
    return await deps.journey.start(TENANT, DEMO_OCN)


class StageRunner:
    """Begins `dialog` with `options` on the first turn, continues it after; keeps its end result."""

    def __init__(self, dialog: Dialog, storage: SqliteStorage, options: dict[str, Any]) -> None:
        self.conversation_state = ConversationState(storage)
        self.user_state = UserState(storage)
        self.dialogs = DialogSet(self.conversation_state.create_property("DialogState"))
        self.dialogs.add(dialog)
        self.dialog, self.options = dialog, options
        self.ended = False
        self.result: Any = None

    async def on_turn(self, turn_context: TurnContext) -> None:
        dialog_context = await self.dialogs.create_context(turn_context)
        outcome = await dialog_context.continue_dialog()
        if outcome.status == DialogTurnStatus.Empty and not self.ended:
            outcome = await dialog_context.begin_dialog(self.dialog.id, self.options)
        if outcome.status == DialogTurnStatus.Complete:
            self.ended, self.result = True, outcome.result
        await self.conversation_state.save_changes(turn_context)
        await self.user_state.save_changes(turn_context)


def stage_chat(dialog: Dialog, storage: SqliteStorage, options: dict[str, Any],
               **chat_options: Any) -> tuple[Chat, StageRunner]:
    """A chat whose first message (any text) shows the stage's first card."""
    runner = StageRunner(dialog, storage, options)
    return Chat(runner.on_turn, **chat_options), runner
