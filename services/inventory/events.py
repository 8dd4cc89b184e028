"""The embedded `HoldEvents`: writes the events to the log (the proactive messenger replaces it)."""

from __future__ import annotations

import logging

from services.inventory.model import Hold

log = logging.getLogger(__name__)


class LoggingHoldEvents:
    async def hold_expiring(self, hold: Hold) -> None:
        log.info("hold %s of order %s (office %s) expires at %s", hold.hold_id, hold.order_id,
                 hold.office_id, hold.expires_at.isoformat())

    async def hold_expired(self, hold: Hold) -> None:
        log.info("hold %s of order %s (office %s) expired; %d numbers returned to the pool",
                 hold.hold_id, hold.order_id, hold.office_id, len(hold.numbers))
