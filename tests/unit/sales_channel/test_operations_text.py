"""How operations read statuses and describe orders; the upload request built from an order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.domain.address import Address
from services.domain.errors import InvalidValue
from services.domain.office import NumberUsage, Office, Quantities, ReservedNumber
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.operations_text import OPEN_WORK, describe, listing, statuses_from
from services.upload.request import build_request
from tests.clock import START


def _order() -> Order:
    order = Order.new(tenant_id="tenant-1", ocn="100001", now=START)
    order.company_name = "Contoso Ltd"
    order.add_country("DE")
    office = Office(name="Berlin HQ", area_code="30", quantities=Quantities(users=1, resource_accounts=1),
                    address=Address(country="DE", street="Friedrichstraße", house_number="43",
                                    postal_code="10117", city="Berlin"))
    order.add_office("DE", office)
    until = START + timedelta(hours=12)
    order.hold_numbers("DE", office.id, [
        ReservedNumber(number="+4930901820", usage=NumberUsage.USER, expires_at=until),
        ReservedNumber(number="+4930901821", usage=NumberUsage.RESOURCE_ACCOUNT, expires_at=until)])
    return order


@pytest.mark.parametrize("words, expected", [
    ("processing", [OrderStatus.PROCESSING]), ("numbers uploaded", [OrderStatus.NUMBERS_UPLOADED]),
    ("Awaiting_Sales", [OrderStatus.AWAITING_SALES]), ("", list(OPEN_WORK)),
])
def test_statuses_are_read_in_plain_words(words: str, expected: list[OrderStatus]) -> None:
    assert statuses_from(words) == expected


def test_an_unknown_status_lists_the_known_ones() -> None:
    with pytest.raises(InvalidValue, match="numbers_uploaded"):
        statuses_from("shipped")


def test_orders_are_one_line_each_and_a_long_list_is_cut() -> None:
    order = _order()
    line = describe(order)
    assert line.startswith(f"{order.id[:8].upper()}  draft  Contoso Ltd  Germany  2 numbers")
    lines = listing("Open orders", [order] * 35)
    assert lines[0] == "Open orders: 35 orders" and lines[-1] == "... and 5 more" and len(lines) == 32


def test_the_upload_request_has_usage_and_the_users_emergency_address() -> None:
    order = _order()
    request = build_request(order)
    assert (request.tenant_id, request.order_id) == ("tenant-1", order.id)
    user, account = request.numbers
    assert (user.number, user.usage, user.location) == ("+4930901820", "CallingUserAssignment", "Berlin HQ")
    assert user.civic_address is not None and user.civic_address.city == "Berlin"
    assert (account.usage, account.civic_address, account.location) == ("FirstPartyAppAssignment", None, None)
    assert build_request(order).request_id == request.request_id  # stable: sending twice is harmless
