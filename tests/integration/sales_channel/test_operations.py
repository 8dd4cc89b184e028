"""Operations typed in the sales channel: an order goes signed -> processing -> numbers uploaded ->
completed, the upload is recorded, and the customer is told at each step; repeating a step changes
nothing; people outside the operator's tenant (or outside the sales channel) run nothing."""

from __future__ import annotations

from services.domain.office import NumberUsage
from services.domain.status import OrderStatus
from services.inventory import HoldStatus
from services.notifications.events import EventKind
from services.upload.recording import RecordingUpload
from tests.card_schema import cards_in
from tests.conftest import TENANT
from tests.integration.sales_channel.conftest import ADA, CUSTOMER_CHAT, MALLORY, OTHER, Desk
from tests.integration.sales_channel.orders import signed_order


async def _status(desk: Desk, order_id: str) -> OrderStatus:
    return (await desk.components.services.orders.get(TENANT, order_id)).order.status


async def _told(desk: Desk) -> str:
    [message] = await desk.pump()
    assert message["_conversation"] == CUSTOMER_CHAT
    return str(cards_in(message))


async def test_outsiders_run_no_operations(desk: Desk) -> None:
    await desk.register()
    order = await signed_order(desk.components.services.deps)
    ref = order.id[:8]
    for command in ("orders signed", f"confirm {ref}", f"upload {ref}", f"complete {ref}"):
        said = await desk.command(MALLORY, command, tenant=TENANT)
        assert "Only Northwind Telecom staff can do this here. Nothing was changed." in said
    assert await _status(desk, order.id) is OrderStatus.SIGNED
    assert await desk.events() == []


async def test_staff_run_operations_only_in_the_sales_channel(desk: Desk) -> None:
    order = await signed_order(desk.components.services.deps)
    said = await desk.command(ADA, f"confirm {order.id[:8]}")
    assert "registered sales channel only. No channel is registered yet." in said
    await desk.register()
    said = await desk.command(ADA, f"confirm {order.id[:8]}", channel=OTHER)
    assert "registered sales channel only" in said
    assert await _status(desk, order.id) is OrderStatus.SIGNED


async def test_signed_to_completed_with_the_customer_told_at_each_step(desk: Desk) -> None:
    await desk.register()
    deps = desk.components.services.deps
    order = await signed_order(deps)
    ref = order.id[:8].upper()

    listed = await desk.command(ADA, "orders signed")
    assert "Orders signed: 1 order" in listed and ref in listed

    assert await desk.command(ADA, f"confirm {ref}") == f"{ref}: numbers confirmed; the order is processing."
    assert await _status(desk, order.id) is OrderStatus.PROCESSING
    holds = await deps.journey.inventory.holds(TENANT, order.id)
    assert holds and all(hold.status is HoldStatus.ALLOCATED for hold in holds)
    assert "Your order is being processed" in await _told(desk)
    again = await desk.command(ADA, f"confirm {ref}")
    assert again.startswith("Nothing to do:")

    said = await desk.command(ADA, f"upload {ref}")
    assert said.startswith(f"{ref}: 8 numbers uploaded to tenant {TENANT}")
    assert await _status(desk, order.id) is OrderStatus.NUMBERS_UPLOADED
    assert "are now in your Teams tenant" in await _told(desk)
    assert (await desk.command(ADA, f"upload {ref}")).startswith("Nothing to do:")
    [request] = await RecordingUpload(desk.components.database, desk.clock).recorded(order.id)
    assert (request.tenant_id, len(request.numbers)) == (TENANT, 8)
    users = [n for n in request.numbers if n.usage == NumberUsage.USER.upload_usage]
    assert users and all(n.civic_address is not None and n.location for n in users)

    assert await desk.command(ADA, f"complete {ref}") == f"{ref} is completed."
    assert await _status(desk, order.id) is OrderStatus.COMPLETED
    assert f"Order {ref} is complete" in await _told(desk)
    assert (await desk.command(ADA, f"complete {ref}")).startswith("Nothing to do:")
    kinds = [event.kind for event in await desk.events()]
    assert kinds == [EventKind.PROCESSING, EventKind.NUMBERS_UPLOADED, EventKind.COMPLETED]


async def test_steps_out_of_order_are_refused_with_the_reason(desk: Desk) -> None:
    await desk.register()
    order = await signed_order(desk.components.services.deps)
    ref = order.id[:8]
    assert "confirm its numbers first" in await desk.command(ADA, f"upload {ref}")
    said = await desk.command(ADA, f"complete {ref}")
    assert "An order that is signed cannot become completed." in said
    unknown = await desk.command(ADA, "confirm zzzzzzzz")
    assert "No submitted order has an id starting with zzzzzzzz" in unknown
    assert "is not an order status" in await desk.command(ADA, "orders shipped")
    assert await _status(desk, order.id) is OrderStatus.SIGNED
