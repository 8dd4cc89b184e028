"""The inventory's ports: where numbers and holds are kept, and who hears about expiring holds.

The store is shaped so that a document database can implement it without read-then-write:

- `claim` is all-or-nothing. Cosmos: one claim document per number, id = the E.164 number, created
  with a conditional create (409 = taken) or, over a claim whose `expires_at` has passed, replaced with
  `IfNotModified` on its ETag; a hold has at most 100 numbers, so one transactional batch of the
  (country, area code) partition carries them all. SQLite: one `BEGIN IMMEDIATE` transaction.
  Picking the numbers (`free_candidates`) is only a hint; `claim` alone decides.
- Every state change is conditional on the state it expects (`held` -> `expired`, not warned -> warned),
  so that two bot instances sweeping at once change a hold, and emit its event, only once.
- Expiry is always decided by comparing `expires_at` with the `now` the caller passes (from its
  clock), never by a database TTL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from services.inventory.model import Hold, PoolCounts, PoolNumber


class InventoryStore(Protocol):
    async def pool_size(self, country: str, area_code: str) -> int:
        """How many numbers the pool of (country, area code) has, whatever their state."""
        ...

    async def add_numbers(self, numbers: Sequence[PoolNumber]) -> int:
        """Adds numbers to the pool, all or none; numbers already there stay. Returns how many are new."""
        ...

    async def free_candidates(self, country: str, area_code: str, now: datetime, limit: int) -> list[str]:
        """Up to `limit` numbers of the pool not held at `now` nor allocated, in ascending order."""
        ...

    async def free_among(self, numbers: Sequence[str], now: datetime) -> set[str]:
        """Which of `numbers` are in the pool and neither held at `now` nor allocated."""
        ...

    async def claim(self, hold: Hold, now: datetime, replaces: str | None = None) -> bool:
        """Holds every number of `hold`, or none: False when any is held at `now`, allocated or unknown.

        Also False when the office (tenant, order, office) already has another active hold: an office
        has at most one (Cosmos: a per-office slot document written with its ETag).
        `replaces` names the office's current hold, released in the same step so its numbers can be
        claimed again by `hold`; when the claim fails, that hold is left as it was.
        """
        ...

    async def get(self, hold_id: str) -> Hold | None: ...

    async def holds_for_order(self, tenant_id: str, order_id: str) -> list[Hold]:
        """Every hold of the order, oldest first, with its stored status (expiry not applied)."""
        ...

    async def release(self, hold_ids: Sequence[str]) -> list[str]:
        """Holds still `held` or `expired` become `released`, their numbers free; returns the ids changed.

        Only this hold's claims are dropped: a number another hold claimed after expiry stays with it.
        """
        ...

    async def allocate(self, hold_ids: Sequence[str], now: datetime) -> bool:
        """All of those holds become allocations, or none: False if any is not held and unexpired at `now`."""
        ...

    async def holds_due(self, deadline: datetime) -> list[Hold]:
        """Holds still `held` whose `expires_at` is at or before `deadline`, soonest first."""
        ...

    async def mark_warned(self, hold_id: str) -> bool:
        """Records that the one-hour warning went out; True only for the one caller that recorded it."""
        ...

    async def expire(self, hold_id: str, now: datetime) -> Hold | None:
        """`held` -> `expired` if `expires_at` <= `now`; the hold if this call changed it, else None."""
        ...

    async def counts(self, country: str, area_code: str, now: datetime) -> PoolCounts: ...


class HoldEvents(Protocol):
    """Told once per hold; the proactive messages to the admin are built on these."""

    async def hold_expiring(self, hold: Hold) -> None:
        """The hold expires within the hour (`hold.expires_at`)."""
        ...

    async def hold_expired(self, hold: Hold) -> None:
        """The hold expired; its numbers went back to the pool."""
        ...
