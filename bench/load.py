"""Many simulated admins playing whole journeys at once against one bot process, and the checks that
nothing went wrong: no 5xx, every order stored with its numbers, no number held by two orders."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector

from bench.admin import Admin, Identity, TurnFailed
from bench.connector import Connector
from bench.journey import NUMBERS, OFFICES, POOLS, play_to_recap
from bench.outbox import Outbox
from services.clock import SystemClock
from services.inventory import Inventory, LoggingHoldEvents, SqliteInventoryStore
from services.inventory.service import DEFAULT_SEED_SIZE
from services.journey import Journey
from services.storage.sqlite import SqliteDatabase


@dataclass
class LoadResult:
    admins: int
    wall_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    busy: int = 0  # reservations the bot answered "taken by other reservations, try again"
    steps: Counter[str] = field(default_factory=Counter)  # turns per journey step

    @property
    def reservations(self) -> int:
        """How many times the admins pressed "Reserve numbers", retries included."""
        return self.steps.get("step_reserve", 0)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def slower_than(self, ms: float) -> int:
        return sum(1 for latency in self.latencies_ms if latency > ms)

    @property
    def turns_per_s(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s else 0.0


async def _play(admin: Admin, outbox: Outbox) -> str | None:
    try:
        await play_to_recap(admin, outbox)
    except (TurnFailed, LookupError, AssertionError, ClientError, TimeoutError) as error:
        return f"admin {admin.who.index}: {type(error).__name__}: {error}"
    return None


async def run_load(bot_url: str, connector: Connector, outbox: Outbox, identities: list[Identity],
                   timeout_s: float = 120) -> LoadResult:
    """Every identity plays the journey at the same moment, each in its own conversation."""
    result = LoadResult(admins=len(identities))
    pool = TCPConnector(limit=0)  # one connection per admin if needed: no queueing in the client
    async with ClientSession(connector=pool, timeout=ClientTimeout(total=timeout_s)) as http:
        admins = [Admin(http, bot_url, connector, who) for who in identities]
        started = time.perf_counter()
        outcomes = await asyncio.gather(*(_play(admin, outbox) for admin in admins))
        result.wall_s = time.perf_counter() - started
    for admin, failure in zip(admins, outcomes, strict=True):
        result.latencies_ms += [ms for samples in admin.timings.values() for ms in samples]
        result.steps.update({step: len(samples) for step, samples in admin.timings.items()})
        result.statuses.update(admin.statuses)
        result.busy += admin.busy
        if failure:
            result.failures.append(failure)
    return result


async def seed_pools(database: SqliteDatabase, admins: int, spare: int = 200) -> None:
    """Pools with numbers for every admin, before the bot starts on `database` (the embedded demo seeds
    1,000 numbers a pool on first use; an operator imports its ranges)."""
    store = SqliteInventoryStore(database)
    for country, area_code in POOLS.items():
        inventory = Inventory(store, clock=SystemClock(), events=LoggingHoldEvents(), countries=[country],
                              seed_size=max(DEFAULT_SEED_SIZE, NUMBERS[country] * admins + spare))
        await inventory.ensure_pool(country, area_code)


async def check_orders(journey: Journey, identities: list[Identity]) -> list[str]:
    """What went wrong, if anything: each admin has one draft with every office and its numbers, the
    inventory holds exactly those numbers for it, and no number belongs to two orders."""
    problems: list[str] = []
    owner: dict[str, str] = {}
    wanted = {(country, spec["name"]): spec["users"] + spec["resource_accounts"]
              for country, specs in OFFICES.items() for spec in specs}
    for who in identities:
        drafts = await journey.drafts(who.tenant)
        if len(drafts) != 1:
            problems.append(f"admin {who.index}: {len(drafts)} draft orders instead of 1")
            continue
        order = drafts[0]
        held = {(entry.country, office.name): len(office.numbers) for entry in order.countries
                for office in entry.offices}
        if held != wanted:
            problems.append(f"admin {who.index}: order {order.id} holds {held}, wanted {wanted}")
        in_order = sorted(reserved.number for _, _, reserved in order.numbers())
        in_inventory = sorted(n for hold in await journey.inventory.holds(who.tenant, order.id)
                              for n in hold.e164s)
        if in_order != in_inventory:
            problems.append(f"admin {who.index}: the order and the inventory disagree on its numbers")
        if len(set(in_order)) != len(in_order):
            problems.append(f"admin {who.index}: order {order.id} lists a number twice")
        for number in in_order:
            if owner.setdefault(number, order.id) != order.id:
                problems.append(f"{number} is held by orders {owner[number]} and {order.id}")
    return problems
