"""One all-or-nothing `claim` on Cosmos DB, made of conditional writes and undone in reverse on failure.

1. The replaced hold (if any) is released: a patch on condition of the status it was read with.
2. The new hold's document is created *pending* in its office's slot (unique key): a 409 means the
   office has another active hold. A holder past `expires_at`, or a pending hold left by a crashed claim
   (older than `PENDING_LEASE`), gives the slot up and the create is tried once more.
3. The numbers, read before step 1 and each free at `now` (or held by the replaced hold), are patched
   with If-Match on the ETag read; if any is refused, those patched are put back with If-Match on theirs.
4. The hold becomes `held` (on condition it is still pending); the replaced hold's other numbers are freed.

Any refused step undoes the steps before it (the numbers, the pending document by its ETag, the replaced
hold back to its status and slot) and the claim returns False. A crash between steps leaves at
worst numbers held until `expires_at` and a pending hold that the office's next claim clears.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from services.inventory.cosmos_docs import (
    PENDING,
    PENDING_LEASE,
    Claimed,
    Doc,
    body_of,
    claimable,
    closed_slot,
    ended,
    hold_of,
    set_ops,
    status_is,
)
from services.inventory.cosmos_holds import HoldBook
from services.inventory.cosmos_numbers import NumberPool
from services.inventory.model import Hold, HoldStatus

logger = logging.getLogger(__name__)

_LEASE_US = PENDING_LEASE // timedelta(microseconds=1)
_ENDABLE = (HoldStatus.HELD.value, HoldStatus.EXPIRED.value)


class Claim:
    """Claims `hold` at `now`; `run` returns True when every number is held, else changes nothing."""

    def __init__(self, numbers: NumberPool, holds: HoldBook, hold: Hold, now_us: int) -> None:
        self._numbers, self._holds = numbers, holds
        self._hold, self._now_us = hold, now_us
        self._before: Doc | None = None  # the replaced hold's document as it was
        self._replaced: Doc | None = None  # ... and as this claim left it (released)
        self._pending: Doc | None = None
        self._claimed: Claimed | None = None

    @property
    def _replaced_hold(self) -> Hold | None:
        return hold_of(self._before) if self._before is not None else None

    async def run(self, replaces: str | None) -> bool:
        # Read first, so that a claim already lost writes nothing; the If-Match patches decide.
        docs = await self._numbers.read_claimable(self._hold, self._now_us, replaces)
        if docs is None or (replaces is not None and not await self._release(replaces)):
            return False
        try:
            if await self._claim(docs):
                await self._free_leftovers()
                return True
        except Exception:
            try:  # best effort: the error that stopped the claim is the one to report
                await self._roll_back()
            except Exception:
                logger.exception("could not undo the failed claim of hold %s", self._hold.hold_id)
            raise
        await self._roll_back()
        return False

    async def _release(self, replaces: str) -> bool:
        doc = await self._holds.find_in_order(self._hold, replaces)
        if doc is None or doc["status"] not in _ENDABLE:
            return True  # nothing to release; an allocated hold keeps its slot and refuses step 2
        self._replaced = await self._holds.patch(doc, ended(HoldStatus.RELEASED, replaces),
                                                 status_is(doc["status"]))
        self._before = doc if self._replaced is not None else None
        return self._replaced is not None

    async def _claim(self, docs: dict[str, Doc]) -> bool:
        replaced = self._before["id"] if self._before is not None else None
        if not all(claimable(doc, self._now_us, replaced) for doc in docs.values()):
            return False  # numbers of a `replaces` hold that was not released here
        self._pending = await self._open_slot()
        if self._pending is None:
            return False
        self._claimed = await self._numbers.claim(self._hold, docs)
        if self._claimed is None:
            return False
        if await self._holds.patch(self._pending, set_ops(status=HoldStatus.HELD.value), status_is(PENDING)):
            self._pending = self._claimed = None
            return True
        return False  # a later claim found it pending for too long and cleared it

    async def _open_slot(self) -> Doc | None:
        for attempt in range(2):
            created = await self._holds.create_pending(self._hold)
            if created is not None or attempt or not await self._clear_stale_holder():
                return created
        return None

    async def _clear_stale_holder(self) -> bool:
        holder = await self._holds.office_holder(self._hold)
        if holder is None:
            return True  # it left meanwhile
        if holder["status"] == HoldStatus.HELD.value and holder["expires_us"] <= self._now_us:
            # It stays `held`: the sweep expires it and tells the admin, as for any hold past expiry.
            condition = f"c.status = 'held' AND c.expires_us <= {self._now_us}"
            left = await self._holds.patch(holder, set_ops(slot=closed_slot(holder["id"])), condition)
            return left is not None
        if holder["status"] == PENDING and holder["created_us"] + _LEASE_US <= self._now_us:
            logger.warning("clearing hold %s, left pending by a claim that did not finish", holder["id"])
            if await self._holds.delete(holder):
                await self._numbers.free(body_of(holder))
                return True
        return False

    async def _free_leftovers(self) -> None:
        replaced = self._replaced_hold
        if replaced is None:
            return
        mine = set(self._hold.e164s)
        try:
            await self._numbers.free(replaced, [number for number in replaced.e164s if number not in mine])
        except Exception:  # the claim stands; those numbers stay held until the old hold's expires_at
            logger.exception("could not free the numbers left by released hold %s", replaced.hold_id)

    async def _roll_back(self) -> None:
        if self._pending is not None:
            # If the hold was made `held` after all (an answer lost in transit), its ETag changed: it
            # stays, with its numbers. Otherwise the numbers this claim patched are put back.
            if await self._holds.delete(self._pending) and self._claimed is not None:
                await self._numbers.undo(self._claimed)
            self._pending = self._claimed = None
        if self._before is None or self._replaced is None:
            return
        before, self._before = self._before, None
        restore = set_ops(status=before["status"], slot=before["slot"])
        if await self._holds.patch(self._replaced, restore, status_is(HoldStatus.RELEASED.value)) is None:
            logger.warning("hold %s could not be restored after a failed claim: it stays released",
                           before["id"])
            await self._numbers.free(hold_of(before))
