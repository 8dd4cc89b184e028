"""A case from a handoff: what sales needs on the card, and whose chat hears from them."""

from __future__ import annotations

from services.domain.base import country_name
from services.domain.order import Order
from services.sales import Handoff
from services.sales_channel.models import Case, CaseView

MAX_LINES = 20


def case_from_handoff(handoff: Handoff, order: Order | None) -> Case:
    """`order` is the handoff's order when it has one (read from the store, tenant-scoped)."""
    return Case(id=handoff.id, kind=handoff.kind, tenant_id=handoff.tenant_id, order_id=handoff.order_id,
                customer_user_id=(order.ordered_by or None) if order else None,
                customer_name=handoff.requester, view=_view(handoff, order), created_at=handoff.created_at)


def _view(handoff: Handoff, order: Order | None) -> CaseView:
    company = handoff.company or (order.company_name if order else "")
    return CaseView(
        title=handoff.kind.title, company=company, requester=handoff.requester,
        requester_email=handoff.requester_email,
        order_ref=(handoff.order_id or "")[:8].upper(),
        order_status=order.status.label if order else "",
        countries=[country_name(code) for code in handoff.countries],
        porting=porting_lines(order) if order else [],
        contacts=contact_lines(order) if order else [],
        details=handoff.details[:MAX_LINES], message=handoff.message)


def porting_lines(order: Order) -> list[str]:
    """Per country that needs sales: what to port or migrate, next to the new numbers ordered."""
    lines = []
    for entry in order.countries:
        if not entry.needs_sales:
            continue
        work = []
        if entry.porting:
            count = f"{entry.porting_numbers} numbers" if entry.porting_numbers else "numbers"
            work.append(f"port {count}")
        if entry.migration:
            work.append("migrate existing service")
        lines.append(f"{entry.name}: {' and '.join(work)}; {entry.requested_numbers} new numbers")
    return lines[:MAX_LINES]


def contact_lines(order: Order) -> list[str]:
    return [f"{contact.role.label}: {contact.full_name}, {contact.email}, {contact.phone}"
            for contact in order.contacts]
