"""Contract PDFs saved and read back through the documents port: a local folder and Azure Blob Storage
(Azurite), the same tests for both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from services.catalogue.loader import load
from services.contracts import ContractStore, load_terms, render_contract
from services.documents.local import LocalDocumentStore
from services.documents.port import DocumentStore
from services.domain.errors import NotFound
from services.domain.order import Order
from tests.integration.documents.conftest import azure_store_on
from tests.unit.contracts.orders import NOW, SIGNATORY, TENANT, pages_text, two_currency_order

pytestmark = pytest.mark.integration


@pytest.fixture(params=["local", "azure"])
async def documents(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[DocumentStore]:
    if request.param == "local":
        store: DocumentStore = LocalDocumentStore(tmp_path / "documents")
    else:
        store = azure_store_on(request.getfixturevalue("azurite"))
    yield store
    await store.close()


@pytest.fixture(scope="module")
def order() -> Order:
    order = two_currency_order()
    order.signatory = SIGNATORY
    return order


@pytest.fixture(scope="module")
def pdfs(order: Order) -> tuple[bytes, bytes]:
    catalogue, terms = load(), load_terms()
    draft = render_contract(order, catalogue, operator_name="Northwind Telecom", terms=terms)
    final = render_contract(order, catalogue, operator_name="Northwind Telecom", terms=terms,
                            signed_at=NOW + timedelta(hours=3))
    return draft, final


async def test_draft_and_final_are_saved_apart_and_read_back(documents: DocumentStore, order: Order,
                                                            pdfs: tuple[bytes, bytes]) -> None:
    draft, final = pdfs
    contracts = ContractStore(documents)

    draft_name = await contracts.save_draft(order, draft)
    final_name = await contracts.save_final(order, final)

    assert draft_name == f"contracts/{TENANT}/{order.id}/draft.pdf"
    assert final_name == f"contracts/{TENANT}/{order.id}/final.pdf"
    assert await contracts.get(draft_name) == draft and await contracts.get(final_name) == final
    assert (await documents.get(final_name)).content_type == "application/pdf"
    assert "DRAFT" in pages_text(await contracts.get(draft_name))[0]
    assert "Margaret Hamilton" in "".join(pages_text(await contracts.get(final_name)))


async def test_a_new_draft_replaces_the_old_one(documents: DocumentStore, order: Order,
                                               pdfs: tuple[bytes, bytes]) -> None:
    contracts = ContractStore(documents)
    name = await contracts.save_draft(order, pdfs[0])
    assert await contracts.save_draft(order, pdfs[1]) == name
    assert await contracts.get(name) == pdfs[1]


async def test_a_contract_not_saved_is_not_found(documents: DocumentStore, order: Order) -> None:
    contracts = ContractStore(documents)
    with pytest.raises(NotFound):
        await contracts.get(f"contracts/{TENANT}/{order.id}/final.pdf")
    assert not await contracts.exists(f"contracts/{TENANT}/{order.id}/draft.pdf")


async def test_only_pdf_bytes_are_saved(documents: DocumentStore, order: Order) -> None:
    with pytest.raises(ValueError):
        await ContractStore(documents).save_draft(order, b"<html>not a contract</html>")
    assert not await documents.exists(f"contracts/{TENANT}/{order.id}/draft.pdf")


async def test_a_link_is_a_direct_url_on_azure_and_none_on_local_files(
        documents: DocumentStore, order: Order, pdfs: tuple[bytes, bytes]) -> None:
    contracts = ContractStore(documents)
    name = await contracts.save_draft(order, pdfs[0])
    url = await contracts.link(name, timedelta(minutes=5))
    if isinstance(documents, LocalDocumentStore):
        assert url is None
        return
    assert url is not None
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200 and await response.read() == pdfs[0]
