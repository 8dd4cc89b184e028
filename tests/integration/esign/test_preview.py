"""Contract preview: the current draft behind an unguessable, expiring, single-order link (a bot URL
with the local documents store, a blob SAS URL on Azure Blob Storage)."""

from __future__ import annotations

import asyncio
import io
import urllib.request
from datetime import timedelta

import pytest
from pypdf import PdfReader

from dialogs.deps import Deps
from services.contracts import ContractStore
from services.domain.errors import NotFound
from services.submission import Submission
from tests.clock import FakeClock
from tests.integration.documents.conftest import azure_store_on
from tests.integration.emulators import AzuriteEmulator
from tests.integration.esign.orders import complete_order


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_the_preview_link_downloads_the_current_draft(deps: Deps, submission: Submission,
                                                            settings, clock: FakeClock) -> None:
    order = await complete_order(deps)
    link = await submission.preview(order.tenant_id, order.id)
    assert link.url.startswith(f"{settings.public_url}/contracts/")
    assert link.expires_at == clock.now() + timedelta(hours=1)
    pdf, filename = await submission.open_preview(link.url.rsplit("/", 1)[1])
    assert pdf.startswith(b"%PDF-") and filename == f"contract-{order.id[:8]}-draft.pdf"
    text = text_of(pdf)
    assert order.id in text and "Ada Lovelace" in text  # the ordering contact stands in on a draft


async def test_each_link_opens_its_own_order_only(deps: Deps, submission: Submission) -> None:
    first, second = await complete_order(deps), await complete_order(deps)
    links = [await submission.preview(order.tenant_id, order.id) for order in (first, second)]
    texts = [text_of((await submission.open_preview(link.url.rsplit("/", 1)[1]))[0]) for link in links]
    assert first.id in texts[0] and second.id not in texts[0]
    assert second.id in texts[1] and first.id not in texts[1]


async def test_the_link_expires_after_an_hour(deps: Deps, submission: Submission, clock: FakeClock) -> None:
    order = await complete_order(deps)
    token = (await submission.preview(order.tenant_id, order.id)).url.rsplit("/", 1)[1]
    clock.advance(timedelta(minutes=59))
    assert (await submission.open_preview(token))[0].startswith(b"%PDF-")
    clock.advance(timedelta(minutes=1))
    with pytest.raises(NotFound) as caught:
        await submission.open_preview(token)
    assert caught.value.code == "preview_not_found"


@pytest.mark.parametrize("token", ["", "nope", "A" * 43, "../../contracts", "%2e%2e"])
async def test_unknown_or_garbled_links_are_not_found(deps: Deps, submission: Submission, token: str) -> None:
    order = await complete_order(deps)
    await submission.preview(order.tenant_id, order.id)
    with pytest.raises(NotFound):
        await submission.open_preview(token)


async def test_on_azure_the_preview_is_a_blob_sas_url(deps: Deps, submission: Submission,
                                                      azurite: AzuriteEmulator) -> None:
    store = azure_store_on(azurite)
    try:
        submission.contracts = ContractStore(store)
        order = await complete_order(deps)
        link = await submission.preview(order.tenant_id, order.id)
        assert link.url.startswith(azurite.blob_endpoint) and "sig=" in link.url and "se=" in link.url
        pdf = await asyncio.to_thread(lambda: urllib.request.urlopen(link.url, timeout=10).read())
        assert order.id in text_of(pdf)
    finally:
        await store.close()
