"""The inventory's use cases: reserve, re-reserve, release, confirm, expire, import, and lazy seeding."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from services.clock import Clock
from services.domain.errors import Conflict, DomainError, NotFound
from services.inventory.csv_import import parse_ranges
from services.inventory.errors import HoldExpired, NotEnoughNumbers
from services.inventory.expiry import sweep
from services.inventory.in_flight import ClaimsInFlight
from services.inventory.model import (
    ExpiryReport,
    Hold,
    HoldStatus,
    ImportReport,
    PoolCounts,
    PoolNumber,
    Quantities,
)
from services.inventory.numbers import generate_pool, normalise_area_code, region_of
from services.inventory.ports import HoldEvents, InventoryStore
from services.inventory.rules import check_limits
from services.inventory.selection import assign_usage, choose

log = logging.getLogger(__name__)

DEFAULT_SEED_SIZE = 1_000
CANDIDATE_WINDOW = 200  # free numbers read per reservation: at least this, or 10 per number wanted
CLAIM_ATTEMPTS = 10
CLAIM_BACKOFF_S = 0.005  # jitter after a lost claim, so racing requests stop picking the same numbers
_ENDABLE = (HoldStatus.HELD, HoldStatus.EXPIRED)


@dataclass(frozen=True)
class _Ask:
    tenant_id: str
    order_id: str
    office_id: str
    country: str
    area_code: str
    quantities: Quantities


class Inventory:
    """Number reservations for orders. `countries` are the ISO codes sold (from the catalogue);
    a (country, area code) pool is seeded with `seed_size` numbers the first time it is asked for,
    unless it already has numbers (operator ranges imported from CSV). `seed_size=0` never seeds."""

    def __init__(self, store: InventoryStore, *, clock: Clock, events: HoldEvents,
                 countries: Collection[str], seed_size: int = DEFAULT_SEED_SIZE) -> None:
        self._store = store
        self._clock = clock
        self._events = events
        self._countries = frozenset(country.upper() for country in countries)
        self._seed_size = seed_size
        self._pools: set[tuple[str, str]] = set()
        self._seeding = asyncio.Lock()
        self._spread = random.Random()
        self._in_flight = ClaimsInFlight()

    async def ensure_pool(self, country: str, area_code: str) -> tuple[str, str]:
        """The normalised (country, area code), its pool seeded if needed. DomainError if not sold/valid."""
        region = region_of(country)
        if region not in self._countries:
            raise DomainError(f"Numbers in {region} are not sold; choose one of the countries offered.",
                              code="country_not_sold", field="country")
        code = await asyncio.to_thread(normalise_area_code, region, area_code)
        if (region, code) not in self._pools:
            async with self._seeding:
                if (region, code) not in self._pools:
                    await self._seed(region, code)
                    self._pools.add((region, code))
        return region, code

    async def _seed(self, country: str, area_code: str) -> None:
        if self._seed_size <= 0 or await self._store.pool_size(country, area_code) > 0:
            return
        numbers = await asyncio.to_thread(generate_pool, country, area_code, self._seed_size)
        added = await self._store.add_numbers(
            [PoolNumber(e164=number, country=country, area_code=area_code) for number in numbers])
        log.info("seeded the pool of %s area code %s with %d numbers", country, area_code, added)

    async def reserve(self, tenant_id: str, order_id: str, office_id: str, *, country: str,
                      area_code: str, quantities: Quantities) -> Hold:
        """Holds the numbers for 12 hours, replacing the office's previous hold; nothing held on error.

        Raises LimitExceeded, NotEnoughNumbers, DomainError (country or area code), or Conflict when
        other reservations kept taking the chosen numbers.
        """
        region, code = await self.ensure_pool(country, area_code)
        ask = _Ask(tenant_id, order_id, office_id, region, code, quantities)
        for attempt in range(CLAIM_ATTEMPTS):
            hold = await self._try_reserve(ask, attempt)
            if hold is not None:
                return hold
            await asyncio.sleep(random.uniform(0, CLAIM_BACKOFF_S * (attempt + 1)))
        raise Conflict("Other reservations took the numbers while we were reserving them. Please try again.",
                       code="reservation_busy")

    async def _try_reserve(self, ask: _Ask, attempt: int = 0) -> Hold | None:
        now = self._clock.now()
        holds = await self._store.holds_for_order(ask.tenant_id, ask.order_id)
        previous = _latest(holds, ask.office_id)
        if previous is not None and previous.status is HoldStatus.ALLOCATED:
            raise Conflict("The numbers of this office are already confirmed.", code="already_allocated")
        check_limits(holds, office_id=ask.office_id, country=ask.country, quantities=ask.quantities, now=now)
        current = previous if previous is not None and previous.is_active(now) else None
        pool = (ask.country, ask.area_code)
        with self._in_flight.reading(pool) as busy:
            numbers = await self._choose(ask, now, previous, current, attempt, busy=busy)
        if numbers is None:
            return None
        hold = Hold.new(tenant_id=ask.tenant_id, order_id=ask.order_id, office_id=ask.office_id,
                        country=ask.country, area_code=ask.area_code, now=now,
                        numbers=assign_usage(numbers, ask.quantities, previous))
        # A stored `held` hold is replaced even when past expiry, so no "expired" event follows it.
        stale = previous is not None and previous.status is HoldStatus.HELD
        with self._in_flight.claiming(pool, numbers):
            claimed = await self._store.claim(hold, now, replaces=previous.hold_id if stale else None)
        return hold if claimed else None

    async def _choose(self, ask: _Ask, now: datetime, previous: Hold | None,
                      current: Hold | None, attempt: int, busy: Callable[[], set[str]]) -> list[str] | None:
        """The numbers to claim: the office's previous ones first if free again (or its own); never
        `busy()` ones (see services.inventory.in_flight): None if only those are left.

        A retry (another reservation took the first choice) looks wider and picks a random place, so
        that concurrent reservations of one pool spread out instead of colliding again.
        """
        wanted, pool = ask.quantities.total, (ask.country, ask.area_code)
        prefer = previous.e164s if previous and (previous.country, previous.area_code) == pool else []
        window = max(CANDIDATE_WINDOW, wanted * 10) * (1 + attempt) + len(busy())
        free = set(await self._store.free_candidates(ask.country, ask.area_code, now, window))
        free |= await self._store.free_among(prefer, now)
        if current is not None and prefer:
            free.update(current.e164s)
        being_claimed = free & busy()
        free -= being_claimed
        chosen = choose(free, wanted, prefer, self._spread if attempt else None)
        if chosen is None and being_claimed:
            return None  # short only because of claims in flight here: try again once they settle
        if chosen is None:
            raise NotEnoughNumbers(country=ask.country, area_code=ask.area_code, wanted=wanted,
                                   available=len(free))
        return chosen

    async def re_reserve(self, tenant_id: str, order_id: str, office_id: str) -> Hold:
        """After expiry (or release), holds the office's numbers again, the same ones if still free."""
        now = self._clock.now()
        previous = _latest(await self._store.holds_for_order(tenant_id, order_id), office_id)
        if previous is None:
            raise NotFound("This office has no reservation to renew.", code="no_hold", field="office_id")
        if previous.is_active(now):
            return previous.as_of(now)
        return await self.reserve(tenant_id, order_id, office_id, country=previous.country,
                                  area_code=previous.area_code, quantities=previous.quantities)

    async def release(self, tenant_id: str, order_id: str, office_id: str) -> list[str]:
        """The office was removed: its hold is released, numbers back to the pool. Returns the hold ids."""
        holds = await self._store.holds_for_order(tenant_id, order_id)
        return await self._store.release([hold.hold_id for hold in holds
                                          if hold.office_id == office_id and hold.status in _ENDABLE])

    async def release_order(self, tenant_id: str, order_id: str) -> list[str]:
        """The order was cancelled: its holds are released, numbers back to the pool (allocations stay)."""
        holds = await self._store.holds_for_order(tenant_id, order_id)
        return await self._store.release([hold.hold_id for hold in holds if hold.status in _ENDABLE])

    async def confirm(self, tenant_id: str, order_id: str) -> list[Hold]:
        """On submission every office's hold becomes an allocation, all or none. Returns the allocations.

        Raises `HoldExpired` if an office's hold has expired (re-reserve it first).
        """
        current = await self.holds(tenant_id, order_id)
        expired = [hold for hold in current if hold.status is HoldStatus.EXPIRED]
        held = [hold.hold_id for hold in current if hold.status is HoldStatus.HELD]
        if expired or (held and not await self._store.allocate(held, self._clock.now())):
            raise HoldExpired([hold.office_id for hold in expired])
        return [hold.model_copy(update={"status": HoldStatus.ALLOCATED}) if hold.hold_id in held else hold
                for hold in current]

    async def holds(self, tenant_id: str, order_id: str) -> list[Hold]:
        """Each office's latest hold as of now (past `expires_at`: expired); released ones are left out."""
        now = self._clock.now()
        latest: dict[str, Hold] = {}
        for hold in await self._store.holds_for_order(tenant_id, order_id):
            latest[hold.office_id] = hold.as_of(now)
        return [hold for hold in latest.values() if hold.status is not HoldStatus.RELEASED]

    async def hold(self, hold_id: str) -> Hold | None:
        found = await self._store.get(hold_id)
        return found.as_of(self._clock.now()) if found else None

    async def pool_counts(self, country: str, area_code: str) -> PoolCounts:
        region, code = await self.ensure_pool(country, area_code)
        return await self._store.counts(region, code, self._clock.now())

    async def expire_due(self, now: datetime | None = None) -> ExpiryReport:
        """Sends the one-hour warnings and expires holds past `expires_at`; each event once per hold."""
        return await sweep(self._store, self._events, now or self._clock.now())

    async def import_csv(self, lines: Iterable[str]) -> ImportReport:
        """Adds operator ranges (`country, area code, first number, last number`); InvalidCsv adds nothing."""
        found = await asyncio.to_thread(parse_ranges, lines)
        numbers = [number for item in found for number in item.pool_numbers()]
        added = await self._store.add_numbers(numbers)
        log.info("imported %d ranges: %d numbers, %d new", len(found), len(numbers), added)
        return ImportReport(ranges=len(found), numbers=len(numbers), added=added)


def _latest(holds: Sequence[Hold], office_id: str) -> Hold | None:
    return next((hold for hold in reversed(holds) if hold.office_id == office_id), None)

