"""The documents kept for an order: its draft and final contract PDFs (services.contracts.store)."""

from __future__ import annotations

from services.contracts.store import Version, contract_name
from services.documents.port import InvalidDocumentName
from services.domain.order import Order


def contract_documents(order: Order) -> list[str]:
    """Both contract names of the order; none when its ids cannot name a contract (so none was stored)."""
    try:
        return [contract_name(order.tenant_id, order.id, version) for version in Version]
    except InvalidDocumentName:
        return []
