"""The daily retention pass: `Privacy.purge` from the app's background tasks, like the expiry and mail
loops. The first pass runs at start (every instance may run it: each deletion is on condition of the
ETag read, so two passes at once delete nothing twice), then one every `interval_s`."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Protocol

from services.background import Running, in_background
from services.clock import Clock
from services.privacy_models import Removal

log = logging.getLogger(__name__)

DAY_S = 24 * 60 * 60


class Purger(Protocol):
    async def purge(self, now: datetime, *, apply: bool = True) -> Removal: ...


async def run_retention_loop(privacy: Purger, clock: Clock, interval_s: float = DAY_S) -> None:
    """Purges every `interval_s` seconds until cancelled; a failing pass is logged and the loop goes on."""
    while True:
        try:
            report = await privacy.purge(clock.now())
            if not report.empty:
                log.info("retention pass: %d orders, %d holds, %d documents, %d mail rows, %d mail files "
                         "deleted", len(report.orders_deleted), report.holds_released, report.documents,
                         report.mail_rows, report.mail_files)
        except Exception:
            log.exception("retention pass failed; trying again in %s s", interval_s)
        await asyncio.sleep(interval_s)


def retention_loop(privacy: Purger, clock: Clock,
                   interval_s: float = DAY_S) -> Running:
    """Runs the loop for the life of the block (aiohttp `cleanup_ctx`)."""
    return in_background(run_retention_loop(privacy, clock, interval_s), "privacy-retention")
