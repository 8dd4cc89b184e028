"""Operator staff's steps after signature: confirm the numbers, upload them to the customer's tenant,
complete the order. Used by the sales channel's commands and by `python -m bot.admin`.

Each step checks the order's state machine, is safe to repeat (a repeated step changes nothing and
says so), saves with the order's ETag (re-reading it when someone else saved first), and tells the
customer through an event whose key makes the announcement once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass

from services.clock import Clock
from services.domain.errors import Conflict, DomainError, InvalidValue, NotFound
from services.domain.order import Order
from services.domain.status import OrderStatus, ensure_transition
from services.inventory import HoldStatus, Inventory
from services.notifications.events import Event, EventKind, EventPublisher
from services.operations_text import announcement, describe, short_ref
from services.orders.port import OrderStore, Stored
from services.upload.port import NumberUpload
from services.upload.request import build_request

__all__ = ["Operations", "StepResult", "describe"]

log = logging.getLogger(__name__)

ATTEMPTS = 3
MIN_REF = 6
CONFIRMABLE = (OrderStatus.AWAITING_SALES, OrderStatus.SIGNED, OrderStatus.PROCESSING)
UPLOADED = (OrderStatus.NUMBERS_UPLOADED, OrderStatus.COMPLETED)
FINDABLE = [status for status in OrderStatus if status.is_submitted]


@dataclass(frozen=True)
class StepResult:
    order: Order
    changed: bool
    message: str


Step = Callable[[Stored], Awaitable[StepResult]]


class Operations:
    def __init__(self, orders: OrderStore, inventory: Inventory, upload: NumberUpload,
                 publisher: EventPublisher, clock: Clock, operator_name: str = "Northwind Telecom") -> None:
        self._orders, self._inventory, self._upload = orders, inventory, upload
        self._publisher, self._clock, self._operator = publisher, clock, operator_name

    async def list(self, statuses: Collection[OrderStatus]) -> list[Order]:
        return await self._orders.list_by_status(statuses)

    async def find(self, ref: str) -> Order:
        """An order by its id or the start of it (at least 6 characters, as the cards show it)."""
        wanted = ref.strip().lower()
        if len(wanted) < MIN_REF:
            raise InvalidValue(f"Give at least {MIN_REF} characters of the order id.", field="order")
        orders = await self._orders.list_by_status(FINDABLE)
        matches = [order for order in orders if order.id.startswith(wanted)]
        if not matches:
            raise NotFound(f"No submitted order has an id starting with {ref.strip()}.", field="order")
        if len(matches) > 1:
            raise InvalidValue(f"{len(matches)} orders start with {ref.strip()}: give more of the id.",
                               field="order")
        return matches[0]

    async def confirm(self, ref: str) -> StepResult:
        return await self._run(ref, self._confirm)

    async def upload(self, ref: str) -> StepResult:
        return await self._run(ref, self._upload_numbers)

    async def complete(self, ref: str) -> StepResult:
        return await self._run(ref, self._complete)

    async def _run(self, ref: str, step: Step) -> StepResult:
        order = await self.find(ref)
        for _ in range(ATTEMPTS):
            stored = await self._orders.get(order.tenant_id, order.id)
            try:
                return await step(stored)
            except Conflict:
                log.info("order %s changed during an operation; reading it again", order.id)
        raise Conflict("The order kept changing; try again.")

    async def _confirm(self, stored: Stored) -> StepResult:
        order = stored.order
        if order.status in UPLOADED:
            return StepResult(order, False, f"{short_ref(order)}: the numbers were uploaded already.")
        if order.status not in CONFIRMABLE:
            raise DomainError(f"{short_ref(order)} is {order.status.label}: only orders awaiting sales, "
                              "signed or processing have numbers to confirm.", code="not_confirmable")
        before = await self._inventory.holds(order.tenant_id, order.id)
        await self._inventory.confirm(order.tenant_id, order.id)
        allocated = any(hold.status is HoldStatus.HELD for hold in before)
        if order.status is not OrderStatus.SIGNED:
            note = "confirmed" if allocated else "were confirmed already"
            return StepResult(order, allocated, f"{short_ref(order)}: numbers {note}; the order is "
                                                f"{order.status.label}.")
        order.transition(OrderStatus.PROCESSING, now=self._clock.now())
        await self._save(stored, order, EventKind.PROCESSING)
        return StepResult(order, True, f"{short_ref(order)}: numbers confirmed; the order is processing.")

    async def _upload_numbers(self, stored: Stored) -> StepResult:
        order = stored.order
        if order.status in UPLOADED:
            if order.status is OrderStatus.NUMBERS_UPLOADED:
                await self._announce(order, EventKind.NUMBERS_UPLOADED)  # once: a no-op if it was
            return StepResult(order, False, f"{short_ref(order)}: the numbers were uploaded already.")
        if order.status is not OrderStatus.PROCESSING:
            raise DomainError(f"{short_ref(order)} is {order.status.label}: confirm its numbers first (the "
                              "order must be processing).", code="not_uploadable")
        holds = await self._inventory.holds(order.tenant_id, order.id)
        if any(hold.status is not HoldStatus.ALLOCATED for hold in holds):
            raise DomainError(f"{short_ref(order)}: some numbers are not confirmed yet; run confirm first.",
                              code="numbers_not_confirmed")
        result = await self._upload.upload(build_request(order))
        order.transition(OrderStatus.NUMBERS_UPLOADED, now=self._clock.now())
        await self._save(stored, order, EventKind.NUMBERS_UPLOADED)
        return StepResult(order, True, f"{short_ref(order)}: {result.accepted} numbers uploaded to tenant "
                                       f"{order.tenant_id} ({result.reference or result.request_id}).")

    async def _complete(self, stored: Stored) -> StepResult:
        order = stored.order
        if order.status is OrderStatus.COMPLETED:
            await self._announce(order, EventKind.COMPLETED)  # once: a no-op if it was
            return StepResult(order, False, f"{short_ref(order)} was completed already.")
        ensure_transition(order.status, OrderStatus.COMPLETED)
        order.transition(OrderStatus.COMPLETED, now=self._clock.now())
        await self._save(stored, order, EventKind.COMPLETED)
        return StepResult(order, True, f"{short_ref(order)} is completed.")

    async def _save(self, stored: Stored, order: Order, kind: EventKind) -> None:
        """Saves the new status (Conflict if someone else saved first), then announces it once."""
        await self._orders.save(order, stored.etag)
        log.info("order %s is now %s", order.id, order.status.label)
        await self._announce(order, kind)

    async def _announce(self, order: Order, kind: EventKind) -> None:
        """Published once per order and kind: a step repeated after a crash re-publishes nothing new."""
        await self._publisher.publish(Event(
            key=f"{kind.value}:{order.id}", kind=kind, tenant_id=order.tenant_id, order_id=order.id,
            text=announcement(kind, order, self._operator), data={"numbers": len(list(order.numbers()))},
            created_at=self._clock.now()))
