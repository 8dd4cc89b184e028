"""Load at CI scale: 20 simulated admins play the whole journey at the same moment against one bot,
over HTTP (activities posted to /api/messages, replies sent to a fake Bot Connector). Nothing may fail:
no 5xx, every admin's order stored with its offices and numbers, no number held by two orders.
An admin told "other reservations took the numbers, try again" presses Reserve again, as a person would
(`bench.journey.BUSY_RETRIES`); `make bench` counts those answers. `make bench` also runs this load
with 200 admins against `python app.py` and reports its turn latency."""

from __future__ import annotations

from pathlib import Path

from app import create_app
from bench.accounts import write_accounts
from bench.admin import Identity
from bench.connector import Connector
from bench.load import check_orders, run_load
from bench.outbox import Outbox
from bench.servers import serve
from bot.routes import COMPONENTS
from tests.conftest import make_settings

ADMINS = 20
TURNS_PER_JOURNEY = 23


async def test_twenty_admins_at_once_lose_no_order_and_share_no_number(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "bot", accounts_file=write_accounts(tmp_path, ADMINS),
                             log_level="WARNING")
    app = create_app(settings)
    connector = Connector()
    identities = [Identity(index, run="ci") for index in range(ADMINS)]
    async with serve(connector.app()) as connector_url, serve(app) as bot_url:
        connector.url = f"{connector_url}/"
        result = await run_load(bot_url, connector, Outbox(settings.data_dir / "outbox"), identities)
        problems = await check_orders(app[COMPONENTS].services.journey, identities)

    assert result.server_errors == 0, result.statuses
    assert result.failures == []
    assert set(result.statuses) <= {200, 201}, result.statuses
    assert len(result.latencies_ms) == ADMINS * TURNS_PER_JOURNEY + result.busy  # busy: pressed again
    assert problems == []
