"""A signed order of Carl's, with its numbers still held (not yet confirmed): where operations start."""

from __future__ import annotations

from dialogs.deps import Deps
from services.domain.order import Order
from tests.integration.esign.orders import complete_order
from tests.integration.sales_channel.conftest import CARL


async def signed_order(deps: Deps, *, owner: str = CARL["aadObjectId"]) -> Order:
    order = await complete_order(deps)

    def own(draft: Order) -> None:
        draft.ordered_by = owner

    await deps.journey.change(order.tenant_id, order.id, own)
    stored = await deps.journey.orders.get(order.tenant_id, order.id)
    now = deps.clock.now()
    stored.order.submit(now)
    stored.order.sign(now)
    return (await deps.journey.orders.save(stored.order, stored.etag)).order
