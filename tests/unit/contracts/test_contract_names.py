"""Contract document names: built from the tenant and order ids only, and only for ids that look like ids."""

from __future__ import annotations

import pytest

from services.contracts import ContractStore, Version, contract_name
from services.documents.local import LocalDocumentStore
from services.documents.port import InvalidDocumentName, validate_name
from services.domain.order import Order
from tests.unit.contracts.orders import NOW, TENANT

ORDER_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def test_names_are_made_of_the_ids() -> None:
    assert contract_name(TENANT, ORDER_ID, Version.DRAFT) == f"contracts/{TENANT}/{ORDER_ID}/draft.pdf"
    assert contract_name(TENANT.upper(), ORDER_ID.upper(), Version.FINAL) == \
        f"contracts/{TENANT}/{ORDER_ID}/final.pdf"
    assert validate_name(contract_name(TENANT, ORDER_ID, Version.FINAL))


@pytest.mark.parametrize("tenant, order_id", [
    ("../../etc", ORDER_ID), (TENANT, "../final"), ("contoso.onmicrosoft.com", ORDER_ID),
    (TENANT, "ORD-0001"), (TENANT, ""), ("", ORDER_ID), (TENANT, ORDER_ID + "/x"), (TENANT, "g" * 32),
    (TENANT + "\n", ORDER_ID),
])
def test_anything_but_guid_or_hex_ids_is_refused(tenant: str, order_id: str) -> None:
    with pytest.raises(InvalidDocumentName):
        contract_name(tenant, order_id, Version.DRAFT)


async def test_an_order_with_an_odd_id_stores_nothing(tmp_path) -> None:
    order = Order.new(tenant_id=TENANT, ocn="100001", now=NOW)
    order.id = "../../escape"
    store = ContractStore(LocalDocumentStore(tmp_path))
    with pytest.raises(InvalidDocumentName):
        await store.save_draft(order, b"%PDF-1.4\n")
    assert not any(tmp_path.rglob("*"))


@pytest.mark.parametrize("name", ["contracts/x/y/draft.pdf", f"contracts/{TENANT}/{ORDER_ID}/other.pdf",
                                  f"documents/{TENANT}/{ORDER_ID}/draft.pdf", "../draft.pdf",
                                  f"contracts/{TENANT}/{ORDER_ID}/draft.pdf/../final.pdf"])
async def test_the_store_serves_contract_names_only(tmp_path, name: str) -> None:
    with pytest.raises(InvalidDocumentName):
        await ContractStore(LocalDocumentStore(tmp_path)).get(name)
