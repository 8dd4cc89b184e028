"""Reads back everything the stores hold of one customer, for "nothing is left" and "untouched"."""

from __future__ import annotations

from typing import Any

from services.domain.errors import NotFound
from services.mail.outbox_folder import email_text
from services.mail.retention import mentions
from services.privacy_documents import contract_documents
from tests.integration.privacy.conftest import Customer, World


async def everything(world: World, customer: Customer) -> dict[str, Any]:
    """Orders (JSON), holds, existing contract documents, mail rows and files mentioning its people,
    chat references, bot state rows, its sales cases (JSON, by id) and the tenant's cases listed."""
    services, tenant = world.components.services, customer.tenant
    orders = {}
    for order in (customer.submitted, customer.draft):
        try:
            orders[order.id] = (await services.orders.get(tenant, order.id)).order.model_dump_json()
        except NotFound:
            orders[order.id] = None
    holds = {order.id: [hold.model_dump() for hold in await services.inventory.holds(tenant, order.id)]
             for order in (customer.submitted, customer.draft)}
    documents = [name for order in (customer.submitted, customer.draft) for name in contract_documents(order)
                 if await world.components.documents.exists(name)]
    files = sorted(path.name for path in world.outbox.glob("*.eml")
                   if any(mentions(email_text(path), address) for address in customer.emails))
    refs = [ref.model_dump() for ref in await world.conversations.list_for_tenant(tenant)]
    state = await world.components.storage.read(customer.state_keys)
    cases = {}
    for case_id in customer.cases:
        try:
            cases[case_id] = (await world.cases.get(case_id)).model_dump_json()
        except NotFound:
            cases[case_id] = None
    listed = sorted(case.id for case in await world.cases.for_tenant(tenant))
    return {"orders": orders, "holds": holds, "documents": documents,
            "mail_rows": await world.mail.mentioning(customer.emails), "mail_files": files,
            "conversations": refs, "state": {key: sorted(value) for key, value in state.items()},
            "cases": cases, "tenant_cases": listed}
