"""`OutboxHoldEvents`: the inventory's `HoldEvents`, published to the event outbox for the order's owner.

The expiry sweep tells each hold once; the keys ("hold_expiring:<hold id>", "hold_expired:<hold id>")
make a second telling (another instance, a retried pass) publish nothing. Times are in UTC here;
rendering them in the user's time zone is the chat card's business.
"""

from __future__ import annotations

import logging
from datetime import datetime

from services.clock import Clock
from services.domain.base import country_name
from services.domain.errors import DomainError
from services.inventory.model import Hold
from services.notifications.events import Event, EventKind, EventPublisher
from services.orders.port import OrderStore

log = logging.getLogger(__name__)


def utc_words(moment: datetime) -> str:
    """'7 Dec 2026 at 21:00 UTC'."""
    return f"{moment.day} {moment:%b %Y} at {moment:%H:%M} UTC"


class OutboxHoldEvents:
    def __init__(self, publisher: EventPublisher, clock: Clock, orders: OrderStore | None = None) -> None:
        """With `orders`, the messages name the office as the customer entered it."""
        self._publisher, self._clock, self._orders = publisher, clock, orders

    async def hold_expiring(self, hold: Hold) -> None:
        office, count = await self._office(hold), len(hold.numbers)
        subject, verb = ("The number", "is") if count == 1 else (f"The {count} numbers", "are")
        text = (f"{subject} reserved for {office} {verb} held until {utc_words(hold.expires_at)}. "
                "Submit the order before then, or the numbers go back to the pool.")
        await self._publish(EventKind.HOLD_EXPIRING, hold, text)

    async def hold_expired(self, hold: Hold) -> None:
        office, count = await self._office(hold), len(hold.numbers)
        numbers = "1 number" if count == 1 else f"{count} numbers"
        text = (f"The reservation of {numbers} for {office} expired on {utc_words(hold.expires_at)} and the "
                "numbers went back to the pool. Reserve numbers for this office again before you submit.")
        await self._publish(EventKind.HOLD_EXPIRED, hold, text)

    async def _publish(self, kind: EventKind, hold: Hold, text: str) -> None:
        event = Event(key=f"{kind.value}:{hold.hold_id}", kind=kind, tenant_id=hold.tenant_id,
                      order_id=hold.order_id, text=text, created_at=self._clock.now(),
                      data={"hold_id": hold.hold_id, "office_id": hold.office_id, "country": hold.country,
                            "expires_at": hold.expires_at.isoformat(), "numbers": len(hold.numbers)})
        if not await self._publisher.publish(event):
            log.info("%s of hold %s was published already", kind.value, hold.hold_id)

    async def _office(self, hold: Hold) -> str:
        """The office's name (or street and city); its area code and country when the order is unknown."""
        fallback = f"your office in {country_name(hold.country)} (area code {hold.area_code})"
        if self._orders is None:
            return fallback
        try:
            order = (await self._orders.get(hold.tenant_id, hold.order_id)).order
            office = order.country(hold.country).office(hold.office_id)
        except DomainError:
            return fallback
        where = office.name or f"{office.address.street_line}, {office.address.city}"
        return f"the office {where} ({country_name(hold.country)})"

