"""The `InventoryStore` on Azure Cosmos DB, shared by every bot instance.

Layout in `cosmos_docs`, the claim in `cosmos_claim`. Every change is a conditional write on the state
it expects (a patch with a filter predicate, a create against a unique id or key, a delete with an
ETag), never read-then-write: two instances racing for a number, a warning or an expiry never both win.
Expiry is decided from `expires_at` and the caller's `now`, never from a TTL.

No transactional batch: the local stand-in cannot run one with replaces, so a step that touches several
documents is a run of conditional writes undone in reverse when one is refused. Allocation marks the
numbers before the holds, so that a crash in between leaves holds that still expire and free them.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from datetime import datetime

from services.inventory.cosmos_claim import Claim
from services.inventory.cosmos_docs import (
    HOLDS,
    NUMBERS,
    Doc,
    ended,
    hold_of,
    micros,
    set_ops,
    status_is,
)
from services.inventory.cosmos_holds import HoldBook
from services.inventory.cosmos_numbers import NumberPool
from services.inventory.model import Hold, HoldStatus, PoolCounts, PoolNumber
from services.storage.cosmos import CosmosDatabase

DEFAULT_CONCURRENCY = 32  # requests one store sends at once when a step touches many documents
_HELD, _ALLOCATED = HoldStatus.HELD.value, HoldStatus.ALLOCATED.value


def _live(doc: Doc, now_us: int) -> bool:
    return doc["status"] == _HELD and doc["expires_us"] > now_us


class CosmosInventoryStore:
    """`InventoryStore` on a Cosmos DB database; its two containers are created (or checked) on first use."""

    def __init__(self, database: CosmosDatabase, *, numbers_container: str = NUMBERS.name,
                 holds_container: str = HOLDS.name, concurrency: int = DEFAULT_CONCURRENCY) -> None:
        limit = asyncio.Semaphore(concurrency)
        self._numbers = NumberPool(database, limit, dataclasses.replace(NUMBERS, name=numbers_container))
        self._holds = HoldBook(database, limit, dataclasses.replace(HOLDS, name=holds_container))

    async def pool_size(self, country: str, area_code: str) -> int:
        return await self._numbers.size(country, area_code)

    async def add_numbers(self, numbers: Sequence[PoolNumber]) -> int:
        """Idempotent rather than atomic: see `NumberPool.add`."""
        return await self._numbers.add(numbers)

    async def free_candidates(self, country: str, area_code: str, now: datetime, limit: int) -> list[str]:
        return await self._numbers.free_candidates(country, area_code, micros(now), limit)

    async def free_among(self, numbers: Sequence[str], now: datetime) -> set[str]:
        return await self._numbers.free_among(numbers, micros(now)) if numbers else set()

    async def claim(self, hold: Hold, now: datetime, replaces: str | None = None) -> bool:
        return await Claim(self._numbers, self._holds, hold, micros(now)).run(replaces)

    async def get(self, hold_id: str) -> Hold | None:
        return await self._holds.get(hold_id)

    async def holds_for_order(self, tenant_id: str, order_id: str) -> list[Hold]:
        return await self._holds.for_order(tenant_id, order_id)

    async def release(self, hold_ids: Sequence[str]) -> list[str]:
        wanted = list(dict.fromkeys(hold_ids))
        docs = await self._holds.find(wanted)
        endable = status_is(HoldStatus.HELD.value, HoldStatus.EXPIRED.value)
        done = await asyncio.gather(*(self._end(docs[hold_id], HoldStatus.RELEASED, endable)
                                      for hold_id in wanted if hold_id in docs))
        return [hold.hold_id for hold in done if hold is not None]

    async def allocate(self, hold_ids: Sequence[str], now: datetime) -> bool:
        wanted, now_us = list(dict.fromkeys(hold_ids)), micros(now)
        docs = await self._holds.find(wanted)
        if len(docs) != len(wanted) or not all(_live(doc, now_us) for doc in docs.values()):
            return False
        holds = [hold_of(docs[hold_id]) for hold_id in wanted]
        # Numbers first: a crash before the holds change leaves held holds, which expire and free them.
        if all(await asyncio.gather(*(self._numbers.allocate(hold) for hold in holds))) and \
                await self._allocate_holds([docs[hold_id] for hold_id in wanted], now_us):
            return True
        await asyncio.gather(*(self._numbers.unallocate(hold) for hold in holds))
        return False

    async def _allocate_holds(self, docs: list[Doc], now_us: int) -> bool:
        live = f"c.status = '{_HELD}' AND c.expires_us > {now_us}"
        allocated = set_ops(status=_ALLOCATED)
        flipped = await asyncio.gather(*(self._holds.patch(doc, allocated, live) for doc in docs))
        if all(doc is not None for doc in flipped):
            return True
        await asyncio.gather(*(self._holds.patch(doc, set_ops(status=_HELD), status_is(_ALLOCATED))
                               for doc in flipped if doc is not None))
        return False

    async def holds_due(self, deadline: datetime) -> list[Hold]:
        return await self._holds.due(micros(deadline))

    async def mark_warned(self, hold_id: str) -> bool:
        doc = (await self._holds.find([hold_id])).get(hold_id)
        if doc is None:
            return False
        first = f"c.status = '{_HELD}' AND c.warned = false"
        return await self._holds.patch(doc, set_ops(warned=True), first) is not None

    async def expire(self, hold_id: str, now: datetime) -> Hold | None:
        doc = (await self._holds.find([hold_id])).get(hold_id)
        if doc is None:
            return None
        past = f"c.status = '{_HELD}' AND c.expires_us <= {micros(now)}"
        return await self._end(doc, HoldStatus.EXPIRED, past)

    async def counts(self, country: str, area_code: str, now: datetime) -> PoolCounts:
        return await self._numbers.counts(country, area_code, micros(now))

    async def _end(self, doc: Doc, status: HoldStatus, condition: str) -> Hold | None:
        """Releases or expires the hold if it matches `condition`; its numbers go back to the pool."""
        changed = await self._holds.patch(doc, ended(status, doc["id"]), condition)
        if changed is None:
            return None
        hold = hold_of(changed)
        await self._numbers.free(hold)
        return hold
