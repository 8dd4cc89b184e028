"""Expiry: the one-hour warning, the sweep that returns expired holds to the pool, and its loop.

Every read already treats a hold past `expires_at` as expired; the sweep frees the numbers in storage
and sends each event once per hold (the store records it conditionally before the event goes out, so two
sweepers, in one process or in two bot instances, never both send it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from services.background import Running, in_background
from services.domain.limits import EXPIRY_WARNING
from services.inventory.model import ExpiryReport, Hold
from services.inventory.ports import HoldEvents, InventoryStore

log = logging.getLogger(__name__)


async def sweep(store: InventoryStore, events: HoldEvents, now: datetime) -> ExpiryReport:
    """Warns holds that expire within the hour and expires holds past `expires_at`, each once."""
    report = ExpiryReport()
    for hold in await store.holds_due(now + EXPIRY_WARNING):
        if hold.expires_at <= now:
            expired = await store.expire(hold.hold_id, now)
            if expired is not None:
                report.expired.append(hold.hold_id)
                await _tell(events.hold_expired, expired)
        elif not hold.expiry_warned and await store.mark_warned(hold.hold_id):
            report.warned.append(hold.hold_id)
            await _tell(events.hold_expiring, hold.model_copy(update={"expiry_warned": True}))
    return report


async def _tell(event: Callable[[Hold], Awaitable[None]], hold: Hold) -> None:
    try:
        await event(hold)
    except Exception:
        log.exception("could not deliver an event for hold %s", hold.hold_id)


class Expirer(Protocol):
    async def expire_due(self, now: datetime | None = None) -> ExpiryReport: ...


async def run_expiry_loop(inventory: Expirer, interval_s: float = 60) -> None:
    """Runs `inventory.expire_due()` every `interval_s` seconds until cancelled.

    A failing pass is logged and the loop goes on. Cancelling is safe at any await: each state change
    is one atomic step in the store, so a cancelled pass leaves nothing half done.
    """
    while True:
        try:
            report = await inventory.expire_due()
            if report.warned or report.expired:
                log.info("expiry pass: %d warned, %d expired", len(report.warned), len(report.expired))
        except Exception:
            log.exception("expiry pass failed; trying again in %s s", interval_s)
        await asyncio.sleep(interval_s)


def expiry_loop(inventory: Expirer, interval_s: float = 60) -> Running:
    """Runs the loop for the life of the block (aiohttp's `cleanup_ctx`)."""
    return in_background(run_expiry_loop(inventory, interval_s), "inventory-expiry")
