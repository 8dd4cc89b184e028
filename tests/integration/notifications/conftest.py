"""The bot behind create_app with a fake Bot Connector, a chat reference saved by a real turn, and the
notification pieces (outbox, messenger, delivery, worker) on one virtual time line.

`FakeTime` is the messenger's monotonic clock and sleeper, and moves the `FakeClock` the outbox uses:
a Retry-After of one second costs no real time. The outbox lives in a file of its own, so that a
notification loop of the app itself never takes these events.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from bot.components import build_components
from bot.notifier import EventDelivery
from bot.proactive import ProactiveMessenger
from services.conversations.sqlite import SqliteConversationStore
from services.domain.order import Order
from services.notifications.cosmos import CosmosEventOutbox
from services.notifications.events import Event, EventKind
from services.notifications.outbox import EventOutbox
from services.notifications.pacing import ConversationRateLimiter, SendRetry
from services.notifications.sqlite import SqliteEventOutbox
from services.notifications.worker import NotifyRetry, OutboxWorker
from services.storage.cosmos import CosmosDatabase
from services.storage.sqlite import SqliteDatabase
from tests.clock import START, FakeClock
from tests.conftest import TENANT
from tests.fake_connector import FakeConnector
from tests.integration.emulators import CosmosEmulator

USER = "aad-ada"
CHAT = "a:ada-personal"


class FakeTime:
    """Seconds since START on the fake clock; sleeping moves the clock instead of waiting."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return (self.clock.now() - START).total_seconds()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)


def teams_activity(service_url: str, **fields: Any) -> dict[str, Any]:
    return {"type": "message", "id": f"in-{next(_ids)}", "channelId": "msteams", "serviceUrl": service_url,
            "locale": "en-GB", "from": {"id": "29:ada", "name": "Ada Lovelace", "aadObjectId": USER},
            "recipient": {"id": "28:bot", "name": "Ordering bot"},
            "conversation": {"id": CHAT, "conversationType": "personal", "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}}, **fields}


_ids = itertools.count(1)


@dataclass
class Notifications:
    client: Any
    connector: FakeConnector
    clock: FakeClock
    time: FakeTime
    conversations: SqliteConversationStore
    outbox: SqliteEventOutbox
    messenger: ProactiveMessenger
    worker: OutboxWorker
    orders: Any
    order: Order = field(init=False)

    async def turn(self, **fields: Any) -> None:
        response = await self.client.post("/api/messages", json=teams_activity(self.connector.url, **fields))
        assert response.status in (200, 201), await response.text()

    async def publish(self, kind: EventKind, text: str, *, order_id: str | None = None,
                      key: str | None = None, **data: Any) -> Event:
        order_id = order_id or self.order.id
        event = Event(key=key or f"{kind.value}:{order_id}:{text}", kind=kind, tenant_id=TENANT,
                      order_id=order_id, text=text, data=data, created_at=self.clock.now())
        assert await self.outbox.publish(event)
        return event


@pytest.fixture
async def notifications(aiohttp_client, aiohttp_server, settings, tmp_path) -> Notifications:
    clock = FakeClock()
    fake_time = FakeTime(clock)
    connector = FakeConnector(clock=fake_time.monotonic)
    connector.url = str((await aiohttp_server(connector.app())).make_url("/"))
    components = build_components(settings, clock=clock)
    client = await aiohttp_client(create_app(settings, components))
    conversations = SqliteConversationStore(components.database)
    messenger = ProactiveMessenger(
        components.adapter, settings.app_id, conversations, clock=clock, sleep=fake_time.sleep,
        limiter=ConversationRateLimiter(monotonic=fake_time.monotonic, sleep=fake_time.sleep),
        retry=SendRetry(rng=random.Random(7)))
    outbox_db = SqliteDatabase(tmp_path / "events.sqlite3")
    outbox = SqliteEventOutbox(outbox_db)
    delivery = EventDelivery(components.services.orders, messenger)
    worker = OutboxWorker(outbox, delivery, clock, policy=NotifyRetry(max_attempts=5), rng=random.Random(7))
    harness = Notifications(client, connector, clock, fake_time, conversations, outbox, messenger,
                            worker, components.services.orders)
    await harness.turn(text="hi")  # a real turn: the bot answers, and remembers Ada's chat
    assert connector.posted, "the bot did not answer the first turn"
    connector.reset()
    order = Order.new(tenant_id=TENANT, ocn="OCN-1", now=clock.now())
    order.ordered_by = USER
    harness.order = (await components.services.orders.add(order)).order
    yield harness
    outbox_db.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[list[SqliteDatabase]]:
    """Two databases over one file, as two bot instances would have."""
    opened = [SqliteDatabase(tmp_path / "bot.sqlite3"), SqliteDatabase(tmp_path / "bot.sqlite3")]
    yield opened
    for database in opened:
        database.close()


@pytest.fixture
def outbox(databases: list[SqliteDatabase]) -> SqliteEventOutbox:
    return SqliteEventOutbox(databases[0])


# The outbox contract suite (test_outbox_contract.py): every test runs once per entry in OUTBOX_FACTORIES.
# A factory returns two outboxes on one backend (as two bot instances would have) and a close function.
OutboxPair = tuple[EventOutbox, EventOutbox]
CloseOutboxes = Callable[[], Awaitable[None]]
OutboxFactory = Callable[[pytest.FixtureRequest, Path], Awaitable[tuple[OutboxPair, CloseOutboxes]]]


async def sqlite_outboxes(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[OutboxPair, CloseOutboxes]:
    opened = [SqliteDatabase(tmp_path / "outbox.sqlite3"), SqliteDatabase(tmp_path / "outbox.sqlite3")]

    async def close() -> None:
        for database in opened:
            database.close()

    return (SqliteEventOutbox(opened[0]), SqliteEventOutbox(opened[1])), close


async def cosmos_outboxes(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[OutboxPair, CloseOutboxes]:
    """Two clients on one fresh container of the session's cosmosdb-server."""
    emulator: CosmosEmulator = request.getfixturevalue("cosmos_emulator")
    container = f"outbox-{uuid.uuid4().hex}"
    opened = [CosmosDatabase.from_settings(emulator.endpoint, emulator.key, "outbox-tests",
                                           verify_tls=emulator.verify_tls) for _ in range(2)]

    async def close() -> None:
        for database in opened:
            await database.close()

    return (CosmosEventOutbox(opened[0], container), CosmosEventOutbox(opened[1], container)), close


OUTBOX_FACTORIES: dict[str, OutboxFactory] = {"sqlite": sqlite_outboxes, "cosmos": cosmos_outboxes}


@pytest.fixture(params=sorted(OUTBOX_FACTORIES))
async def outboxes(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[OutboxPair]:
    """Two outboxes sharing one store, per backend."""
    pair, close = await OUTBOX_FACTORIES[request.param](request, tmp_path)
    yield pair
    await close()
