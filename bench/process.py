"""The bot as its own process (`python app.py`, embedded stores, logging at WARNING): cold start,
200 simulated admins playing whole journeys at once, and the process's peak memory afterwards."""

from __future__ import annotations

import logging
import statistics
from pathlib import Path

from bench import Measurement, summarise
from bench.accounts import write_accounts
from bench.admin import Identity
from bench.connector import Connector
from bench.load import LoadResult, check_orders, run_load, seed_pools
from bench.outbox import Outbox
from bench.servers import bot_process, serve
from bot.components import build_components
from bot.settings import Settings
from services.storage.sqlite import SqliteDatabase

log = logging.getLogger(__name__)

COLD_STARTS = 5
ADMINS = 200
TEAMS_BUDGET_MS = 15_000  # Teams gives up on a message turn after 15 s and sends it again


async def cold_start(workdir: Path, runs: int = COLD_STARTS) -> Measurement:
    """From spawning `python app.py` on a fresh data folder to the first 200 from /healthz."""
    seconds, cpu = [], []
    for run in range(runs):
        async with bot_process(workdir / f"cold-{run}" / "data") as bot:
            seconds.append(bot.started_s)
            cpu.append(bot.cpu_s())
    return Measurement(name="cold_start", p50_ms=round(statistics.median(seconds) * 1000, 1),
                       p99_ms=round(max(seconds) * 1000, 1), iterations=runs,
                       note=f"`python app.py` on a fresh data folder to the first /healthz 200; median of "
                            f"{runs} starts, p99 = slowest; CPU time to healthy "
                            f"{statistics.median(cpu):.2f} s")


def _load_note(result: LoadResult, turns: int, problems: list[str]) -> str:
    verdict = "no 5xx, every order stored with its numbers, no number held twice"
    if result.server_errors or result.failures or problems:
        verdict = (f"FAILED: {result.server_errors} 5xx, {len(result.failures)} journeys failed, "
                   f"{len(problems)} order problems; first: {(result.failures + problems)[:3]}")
    return (f"{result.admins} admins playing whole journeys at once ({turns} turns) against one "
            f"`python app.py`, {result.wall_s:.0f} s; per s = turns per second overall; {verdict}; "
            f"{result.slower_than(TEAMS_BUDGET_MS)} turns over Teams' 15 s budget; "
            f"{result.busy} of {result.reservations} reservations answered 'taken by other reservations, try "
            "again' (retried, as an admin would)")


async def _checked(data_dir: Path, accounts: Path, identities: list[Identity]) -> list[str]:
    components = build_components(Settings(_env_file=None, data_dir=data_dir, accounts_file=accounts))
    try:
        return await check_orders(components.services.journey, identities)
    finally:
        await components.close()


async def load(workdir: Path, admins: int = ADMINS) -> list[Measurement]:
    data_dir = workdir / "load" / "data"
    accounts = write_accounts(workdir, admins)
    database = SqliteDatabase(data_dir / "bot.sqlite3")
    try:
        await seed_pools(database, admins)
    finally:
        database.close()
    identities = [Identity(index, run="load") for index in range(admins)]
    connector = Connector()
    async with (serve(connector.app()) as connector_url,
                bot_process(data_dir, {"ACCOUNTS_FILE": str(accounts)}) as bot):
        connector.url = f"{connector_url}/"
        result = await run_load(bot.url, connector, Outbox(data_dir / "outbox"), identities)
        peak_mb = bot.peak_rss_mb()
    problems = await _checked(data_dir, accounts, identities)
    for problem in (result.failures + problems)[:20]:
        log.error("load: %s", problem)
    turns = summarise(f"load_{admins}_admins", result.latencies_ms, per_s=result.turns_per_s)
    turns = Measurement(**{**turns.__dict__, "note": _load_note(result, len(result.latencies_ms), problems)})
    rss = Measurement(name="peak_rss_mb", mb=round(peak_mb, 1),
                      note=f"VmHWM of the `python app.py` process after the {admins}-admin load")
    return [turns, rss]


async def bot_process_suite(workdir: Path) -> list[Measurement]:
    return [await cold_start(workdir), *await load(workdir)]
