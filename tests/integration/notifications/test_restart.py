"""Restart: a process writes events and is killed (SIGKILL) before it delivers them, one of them while
leased; new processes deliver each exactly once to the fake Bot Connector, in order per order."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from typing import Any

from app import create_app
from bot.routes import COMPONENTS
from bot.settings import Settings
from services.domain.order import Order
from tests.conftest import TENANT
from tests.fake_connector import FakeConnector
from tests.integration.notifications.conftest import USER, teams_activity

MODULE = "tests.integration.notifications.outbox_process"
LEASE_OVER_S = 6 * 60


async def run(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", MODULE, *args,
                                                stdout=asyncio.subprocess.PIPE)


async def deliver(settings: Settings, *offsets: float) -> list[dict[str, Any]]:
    """A fresh worker process; its output is read while the connector in this process answers it."""
    process = await run("deliver", str(settings.data_dir), *(str(offset) for offset in offsets))
    out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0
    return [json.loads(line) for line in out.decode().splitlines()]


async def test_events_of_a_killed_process_are_delivered_once_by_a_new_one(
        aiohttp_client, aiohttp_server, settings: Settings) -> None:
    connector = FakeConnector()
    connector.url = str((await aiohttp_server(connector.app())).make_url("/"))
    app = create_app(settings)
    client = await aiohttp_client(app)
    response = await client.post("/api/messages", json=teams_activity(connector.url, text="hi"))
    assert response.status in (200, 201)
    orders = []
    for _ in range(2):
        order = Order.new(tenant_id=TENANT, ocn="OCN-1", now=app[COMPONENTS].services.deps.clock.now())
        order.ordered_by = USER
        orders.append((await app[COMPONENTS].services.orders.add(order)).order.id)
    await client.close()  # the bot that saved the chat stops
    connector.reset()

    writer = await run("publish", str(settings.database_path), TENANT, *orders)
    assert await asyncio.wait_for(writer.stdout.readline(), timeout=60) == b"ready\n"
    writer.send_signal(signal.SIGKILL)
    assert await writer.wait() == -signal.SIGKILL

    now, later = await deliver(settings, 0, LEASE_OVER_S)
    assert (len(now["delivered"]), len(later["delivered"])) == (3, 3)  # the leased order waits for its lease
    nothing = {"delivered": [], "skipped": [], "retrying": [], "failed": []}
    assert await deliver(settings, LEASE_OVER_S) == [nothing]  # a third process: nothing left to send
    texts = [posted["attachments"][0]["content"]["body"][1]["text"] for posted in connector.posted]
    assert sorted(texts) == sorted(f"{kind} {order}" for order in orders
                                   for kind in ("signed", "processing", "completed"))
    for order in orders:
        assert [t.split()[0] for t in texts if t.endswith(order)] == ["signed", "processing", "completed"]
