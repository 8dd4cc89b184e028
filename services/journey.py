"""Ordering use cases the dialogs call: drafts in the orders store, reservations, fees, pre-flight.

Every change loads the order, applies a domain method, and saves it with the ETag it was read with,
so two instances (or a double click) can never both change a draft unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from services import preflight, pricing
from services.catalogue.accounts import AccountDirectory
from services.catalogue.models import Catalogue
from services.clock import Clock
from services.domain.errors import DomainError
from services.domain.office import NumberUsage, ReservedNumber
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.inventory import Hold, Inventory, Quantities
from services.orders.port import OrderStore

T = TypeVar("T")

OPEN_STATUSES = [status for status in OrderStatus if status.is_submitted]


@dataclass
class Journey:
    orders: OrderStore
    inventory: Inventory
    catalogue: Catalogue
    accounts: AccountDirectory
    clock: Clock

    async def start(self, tenant_id: str, ocn: str, ordered_by: str = "") -> Order:
        """A new draft for the account, with its company name and legal address prefilled."""
        account = self.accounts.find(ocn)
        order = Order.new(tenant_id=tenant_id, ocn=account.ocn, now=self.clock.now())
        order.ordered_by = ordered_by
        order.company_name = account.company_name
        order.legal_address = account.legal_address
        return (await self.orders.add(order)).order

    async def load(self, tenant_id: str, order_id: str) -> Order:
        return (await self.orders.get(tenant_id, order_id)).order

    async def change(self, tenant_id: str, order_id: str, change: Callable[[Order], T]) -> T:
        """Applies `change` to the stored draft and saves it; Conflict if it changed meanwhile."""
        stored = await self.orders.get(tenant_id, order_id)
        order = _editable(stored.order)
        result = change(order)
        order.touch(self.clock.now())
        await self.orders.save(order, stored.etag)
        return result

    async def drafts(self, tenant_id: str) -> list[Order]:
        return await self.orders.list_for_tenant(tenant_id, [OrderStatus.DRAFT])

    async def all_orders(self, tenant_id: str) -> list[Order]:
        return await self.orders.list_for_tenant(tenant_id)

    async def reserve(self, tenant_id: str, order_id: str, country: str, office_id: str,
                      prepare: Callable[[Order], object] | None = None) -> Hold:
        """Holds numbers for the office's quantities and area code and records them in the draft, with
        one read and one write of the order. `prepare` changes the draft first (a new split, say); if
        the reservation fails, none of it is stored and the office keeps its previous numbers."""
        stored = await self.orders.get(tenant_id, order_id)
        order = _editable(stored.order)
        if prepare is not None:
            prepare(order)
        office = order.country(country).office(office_id)
        quantities = Quantities(users=office.quantities.users,
                                resource_accounts=office.quantities.resource_accounts)
        hold = await self.inventory.reserve(tenant_id, order_id, office_id, country=country,
                                            area_code=office.area_code or "", quantities=quantities)
        held = [ReservedNumber(number=n.e164, usage=NumberUsage(n.usage), expires_at=hold.expires_at)
                for n in hold.numbers]
        office.release()  # the new hold replaced the office's previous one in the inventory
        order.hold_numbers(country, office_id, held)
        order.touch(self.clock.now())
        await self.orders.save(order, stored.etag)
        return hold

    async def release_office_numbers(self, tenant_id: str, order_id: str, country: str,
                                     office_id: str) -> int:
        """Returns an office's held numbers to the pool and clears them from the draft."""
        released = await self.change(tenant_id, order_id,
                                     lambda o: o.country(country).office(office_id).release())
        await self.inventory.release(tenant_id, order_id, office_id)
        return len(released)

    async def remove_office(self, tenant_id: str, order_id: str, country: str, office_id: str) -> None:
        await self.change(tenant_id, order_id, lambda o: o.country(country).remove_office(office_id))
        await self.inventory.release(tenant_id, order_id, office_id)

    async def remove_country(self, tenant_id: str, order_id: str, country: str) -> None:
        removed = await self.change(tenant_id, order_id, lambda o: o.remove_country(country))
        for office in removed.offices:
            await self.inventory.release(tenant_id, order_id, office.id)

    async def cancel(self, tenant_id: str, order_id: str) -> None:
        """Cancels the draft and returns its held numbers to the pool."""
        now = self.clock.now()
        stored = await self.orders.get(tenant_id, order_id)
        stored.order.transition(OrderStatus.CANCELLED, now=now)
        await self.orders.save(stored.order, stored.etag)
        await self.inventory.release_order(tenant_id, order_id)

    def quote(self, order: Order) -> pricing.Quote:
        return pricing.quote(order, self.catalogue)

    def problems(self, order: Order) -> list[preflight.Problem]:
        return preflight.check(order, self.catalogue, now=self.clock.now())


def _editable(order: Order) -> Order:
    if order.status is not OrderStatus.DRAFT:
        raise DomainError(f"This order is {order.status.label} and can no longer be changed.",
                          code="order_locked")
    return order
