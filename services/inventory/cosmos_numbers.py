"""The numbers container: pool queries, and claims as patches with If-Match on the ETag read."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy
from azure.cosmos.exceptions import (
    CosmosAccessConditionFailedError,
    CosmosResourceExistsError,
    CosmosResourceNotFoundError,
)

from services.inventory.cosmos_docs import (
    ALLOCATED,
    FREE_AT_NOW,
    FREED,
    NUMBERS,
    Claimed,
    Doc,
    Ops,
    claimable,
    claimed_by,
    micros,
    number_doc,
    pool_key,
    restored,
    set_ops,
)
from services.inventory.model import Hold, PoolCounts, PoolNumber
from services.storage.cosmos import ContainerSpec, CosmosDatabase, query, translated

logger = logging.getLogger(__name__)

LOOKUP_CHUNK = 100  # ids per "which of these exist" query
UPDATE_ATTEMPTS = 3  # reads of a hold's numbers when patches keep losing races (release, allocate)
_COUNT = "SELECT VALUE COUNT(1) FROM c WHERE c.pool = @pool"
_READ = "SELECT * FROM c WHERE c.pool = @pool AND ARRAY_CONTAINS(@ids, c.id)"


class NumberPool:
    """A write is a patch with If-Match on the ETag just read: a lost race is a refused patch (412)."""

    def __init__(self, database: CosmosDatabase, limit: asyncio.Semaphore,
                 spec: ContainerSpec = NUMBERS) -> None:
        self._database = database
        self._limit = limit  # bounds the requests one store sends at once
        self._spec = spec

    async def container(self) -> ContainerProxy:
        return await self._database.container(self._spec)

    async def size(self, country: str, area_code: str) -> int:
        pool = pool_key(country, area_code)
        return (await self._query(pool, _COUNT, {}))[0]

    async def counts(self, country: str, area_code: str, now_us: int) -> PoolCounts:
        pool = pool_key(country, area_code)
        total, held, allocated = await asyncio.gather(
            self._query(pool, _COUNT, {}),
            self._query(pool, f"{_COUNT} AND c.state = 'held' AND c.expires_us > @now", {"now": now_us}),
            self._query(pool, f"{_COUNT} AND c.state = 'allocated'", {}))
        return PoolCounts(free=total[0] - held[0] - allocated[0], held=held[0], allocated=allocated[0])

    async def free_candidates(self, country: str, area_code: str, now_us: int, limit: int) -> list[str]:
        sql = f"SELECT TOP @limit VALUE c.id FROM c WHERE c.pool = @pool AND {FREE_AT_NOW} ORDER BY c.num"
        return await self._query(pool_key(country, area_code), sql, {"now": now_us, "limit": int(limit)})

    async def free_among(self, numbers: Sequence[str], now_us: int) -> set[str]:
        """Across pools: the caller knows the numbers, not their pools."""
        rows = await query(await self.container(),
                           f"SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(@ids, c.id) AND {FREE_AT_NOW}",
                           {"ids": list(numbers), "now": now_us}, action="check numbers")
        return set(rows)

    async def _query(self, pool: str, sql: str, parameters: dict[str, Any]) -> list[Any]:
        return await query(await self.container(), sql, {"pool": pool, **parameters}, partition_key=pool,
                           action="read the number pool")

    async def add(self, numbers: Sequence[PoolNumber]) -> int:
        """Creates the numbers not stored yet (in any pool); returns how many this call created.

        Cosmos has no transaction across partitions: a failure part-way leaves some numbers added, and
        running the same import again adds the rest (numbers already there stay as they are).
        """
        unique = list({number.e164: number for number in numbers}.values())
        added = 0
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start:start + LOOKUP_CHUNK]
            existing = await self._existing(chunk)
            fresh = [number for number in chunk if number.e164 not in existing]
            added += sum(await asyncio.gather(*(self._create(number) for number in fresh)))
        return added

    async def _existing(self, numbers: Sequence[PoolNumber]) -> set[str]:
        rows = await query(await self.container(),
                           "SELECT c.id, c.pool FROM c WHERE ARRAY_CONTAINS(@ids, c.id)",
                           {"ids": [number.e164 for number in numbers]}, action="look up numbers")
        wanted = {number.e164: pool_key(number.country, number.area_code) for number in numbers}
        for row in rows:
            if row["pool"] != wanted[row["id"]]:
                logger.warning("number %s is already in pool %s; not added to %s", row["id"], row["pool"],
                               wanted[row["id"]])
        return {row["id"] for row in rows}

    async def _create(self, number: PoolNumber) -> bool:
        container = await self.container()
        async with self._limit:
            with translated("add a number"):
                try:
                    await container.create_item(number_doc(number))
                except CosmosResourceExistsError:  # another instance added it meanwhile
                    return False
        return True

    async def _read(self, pool: str, numbers: Iterable[str]) -> dict[str, Doc]:
        rows = await self._query(pool, _READ, {"ids": list(numbers)})
        return {row["id"]: row for row in rows}

    async def _patch(self, pool: str, doc: Doc, ops: Ops) -> Doc | None:
        """`doc` patched, if unchanged since it was read; None when someone changed it first."""
        container = await self.container()
        async with self._limit:
            with translated("update a number"):
                try:
                    return await container.patch_item(doc["id"], partition_key=pool, patch_operations=ops,
                                                      etag=doc["_etag"],
                                                      match_condition=MatchConditions.IfNotModified)
                except (CosmosAccessConditionFailedError, CosmosResourceNotFoundError):
                    return None

    async def read_claimable(self, hold: Hold, now_us: int, replaces: str | None) -> dict[str, Doc] | None:
        """The documents of the hold's numbers if every one is in its pool and claimable, else None."""
        docs = await self._read(pool_key(hold.country, hold.area_code), hold.e164s)
        if len(docs) < len(hold.numbers):
            return None
        return docs if all(claimable(doc, now_us, replaces) for doc in docs.values()) else None

    async def claim(self, hold: Hold, docs: dict[str, Doc]) -> Claimed | None:
        """Patches every number of `hold` from `docs` with If-Match on their ETags; all, or none."""
        pool, befores = pool_key(hold.country, hold.area_code), list(docs.values())
        afters = await asyncio.gather(*(self._patch(pool, doc, claimed_by(hold)) for doc in befores),
                                      return_exceptions=True)
        claimed = Claimed(pool, [(b, a) for b, a in zip(befores, afters, strict=True) if isinstance(a, dict)])
        if len(claimed.changes) == len(befores):
            return claimed
        await self.undo(claimed)
        error = next((after for after in afters if isinstance(after, BaseException)), None)
        if error is not None:
            raise error
        return None

    async def undo(self, claimed: Claimed) -> None:
        """Puts back each number a claim changed, if still as the claim left it."""
        results = await asyncio.gather(*(self._patch(claimed.pool, after, restored(before))
                                         for before, after in claimed.changes), return_exceptions=True)
        for (before, _), result in zip(claimed.changes, results, strict=True):
            if not isinstance(result, dict):
                logger.error("number %s could not be given back after a failed claim: %r", before["id"],
                             result)

    async def _update(self, hold: Hold, numbers: Iterable[str], ops: Ops,
                      wanted: Callable[[Doc], bool]) -> dict[str, Doc]:
        """Patches the numbers whose document is `wanted`, reading again those that lost a race.

        Returns the documents as last known (patched or read); a missing number is left out.
        """
        pool, todo = pool_key(hold.country, hold.area_code), list(numbers)
        known: dict[str, Doc] = {}
        for _ in range(UPDATE_ATTEMPTS):
            if not todo:
                break
            docs = await self._read(pool, todo)
            known.update(docs)
            targets = [doc for doc in docs.values() if wanted(doc)]
            patched = await asyncio.gather(*(self._patch(pool, doc, ops) for doc in targets))
            known.update({doc["id"]: doc for doc in patched if doc is not None})
            todo = [doc["id"] for doc, after in zip(targets, patched, strict=True) if after is None]
        if todo:
            logger.warning("numbers %s of hold %s kept changing; left as they are", todo, hold.hold_id)
        return known

    async def free(self, hold: Hold, numbers: Iterable[str] | None = None) -> None:
        """The hold's numbers (or those of `numbers`) that it still has go back to the pool."""
        await self._update(hold, hold.e164s if numbers is None else numbers, FREED,
                           lambda doc: doc["hold_id"] == hold.hold_id)

    async def allocate(self, hold: Hold) -> bool:
        known = await self._update(hold, hold.e164s, ALLOCATED,
                                   lambda doc: doc["hold_id"] == hold.hold_id and doc["state"] == "held")
        return len(known) == len(hold.numbers) and all(
            doc["hold_id"] == hold.hold_id and doc["state"] == "allocated" for doc in known.values())

    async def unallocate(self, hold: Hold) -> None:
        await self._update(hold, hold.e164s, set_ops(state="held", expires_us=micros(hold.expires_at)),
                           lambda doc: doc["hold_id"] == hold.hold_id and doc["state"] == "allocated")
