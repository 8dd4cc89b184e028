"""How operations describe orders to staff and announce steps to customers, in plain words."""

from __future__ import annotations

from services.domain.base import country_name
from services.domain.errors import InvalidValue
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.notifications.events import EventKind


def short_ref(order: Order) -> str:
    return order.id[:8].upper()


def number_count(order: Order) -> int:
    return sum(1 for _ in order.numbers())


def describe(order: Order) -> str:
    """One line per order for the channel and the command line."""
    countries = ", ".join(country_name(entry.country) for entry in order.countries) or "no countries"
    company = order.company_name or order.tenant_id
    return (f"{short_ref(order)}  {order.status.label}  {company}  {countries}  {number_count(order)} numbers"
            f"  updated {order.updated_at:%Y-%m-%d %H:%M} UTC")


def announcement(kind: EventKind, order: Order, operator: str) -> str:
    count, ref = number_count(order), short_ref(order)
    texts = {
        EventKind.PROCESSING: (f"We confirmed the {count} numbers of order {ref}. Your order is being "
                               "processed; we will tell you here when the numbers are in your Teams tenant."),
        EventKind.NUMBERS_UPLOADED: (f"The {count} numbers of order {ref} are now in your Teams tenant. "
                                     "Assign them to users and resource accounts in the Teams admin center "
                                     "(Voice > Phone numbers)."),
        EventKind.COMPLETED: f"Order {ref} is complete. Thank you for choosing {operator}.",
    }
    return texts[kind]


OPEN_WORK = (OrderStatus.AWAITING_SALES, OrderStatus.SIGNED, OrderStatus.PROCESSING,
             OrderStatus.NUMBERS_UPLOADED)


def statuses_from(words: str) -> list[OrderStatus]:
    """'processing', 'numbers uploaded', 'awaiting_sales' ...; nothing means the open work."""
    wanted = "_".join(words.lower().replace("-", " ").split())
    if not wanted:
        return list(OPEN_WORK)
    try:
        return [OrderStatus(wanted)]
    except ValueError:
        known = ", ".join(status.value for status in OrderStatus)
        message = f"'{words}' is not an order status. Use one of: {known}."
        raise InvalidValue(message, field="status") from None


def listing(title: str, orders: list[Order], limit: int = 30) -> list[str]:
    """A heading and one line per order (at most `limit`, then how many more)."""
    lines = [f"{title}: {len(orders)} order{'' if len(orders) == 1 else 's'}"]
    lines += [describe(order) for order in orders[:limit]]
    if len(orders) > limit:
        lines.append(f"... and {len(orders) - limit} more")
    return lines
