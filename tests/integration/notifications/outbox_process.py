"""A separate bot process for the restart test, run with `python -m`.

`publish <db> <tenant> <order>...`: publishes three events per order into the outbox, claims the first
one as a worker would (a five-minute lease), prints "ready" and sleeps until it is killed.

`deliver <data dir> <offset s>...`: a fresh worker on the same file, sending through CloudAdapter to the
service URL of the saved chat reference; one pass per offset (the clock moved that far ahead), each
printing its report as a JSON line.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.notifications.events import Event, EventKind
from services.notifications.sqlite import SqliteEventOutbox
from services.storage.sqlite import SqliteDatabase

KINDS = (EventKind.SIGNED, EventKind.PROCESSING, EventKind.COMPLETED)


class MovableClock:
    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def publish(path: Path, tenant: str, orders: list[str]) -> None:
    outbox = SqliteEventOutbox(SqliteDatabase(path))
    now = datetime.now(UTC)
    for order in orders:
        for kind in KINDS:
            await outbox.publish(Event(key=f"{kind.value}:{order}", kind=kind, tenant_id=tenant,
                                       order_id=order, text=f"{kind.value} {order}", created_at=now))
    await outbox.claim(now, now + timedelta(minutes=5), 1)
    print("ready", flush=True)
    await asyncio.sleep(3600)


async def deliver(data_dir: Path, offsets: list[float]) -> None:
    """Imports the Teams edge only here: the publishing process starts fast and knows no botbuilder."""
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

    from bot.notifier import EventDelivery
    from bot.proactive import ProactiveMessenger
    from bot.settings import Settings
    from services.conversations.sqlite import SqliteConversationStore
    from services.notifications.worker import OutboxWorker
    from services.orders.sqlite import SqliteOrderStore

    settings = Settings(_env_file=None, data_dir=data_dir)
    database = SqliteDatabase(settings.database_path)
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(settings.bot_framework_config()))
    messenger = ProactiveMessenger(adapter, settings.app_id, SqliteConversationStore(database))
    clock = MovableClock()
    worker = OutboxWorker(SqliteEventOutbox(database), EventDelivery(SqliteOrderStore(database), messenger),
                          clock)
    for offset in offsets:
        clock.offset = timedelta(seconds=offset)
        print((await worker.deliver_due()).model_dump_json(), flush=True)
    database.close()


def main(command: str, *args: str) -> None:
    if command == "publish":
        asyncio.run(publish(Path(args[0]), args[1], list(args[2:])))
    else:
        asyncio.run(deliver(Path(args[0]), [float(offset) for offset in args[1:]]))


if __name__ == "__main__":
    main(*sys.argv[1:])
