"""The contract every `DocumentStore` keeps: bytes and content type come back, names stay inside."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest

from services.documents.port import DocumentStore, InvalidDocumentName
from services.domain.errors import NotFound
from tests.integration.documents.conftest import DIRECT_LINKS

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF"
NAME = "contracts/tenant-1/ORD-0001_draft.v2.pdf"
BAD_NAMES = ["../escape.pdf", "a/../../b.pdf", "/etc/passwd", "a//b.pdf", "dir/", "", "a b.pdf",
             "a\\b.pdf", "x?.pdf", "x#y", "x%2e", "über.pdf", "a/./b", "trailing.", "..", "a~meta.json",
             "x" * 1025]


async def test_what_is_put_comes_back_with_its_content_type(store: DocumentStore) -> None:
    await store.put(NAME, PDF, "application/pdf")
    document = await store.get(NAME)
    assert (document.data, document.content_type) == (PDF, "application/pdf")
    assert await store.exists(NAME)


async def test_empty_documents_and_other_types_round_trip(store: DocumentStore) -> None:
    await store.put("empty.bin", b"", "application/octet-stream")
    await store.put("notes.txt", "é".encode(), "text/plain; charset=utf-8")
    assert (await store.get("empty.bin")).data == b""
    notes = await store.get("notes.txt")
    assert (notes.data, notes.content_type) == ("é".encode(), "text/plain; charset=utf-8")


async def test_put_overwrites_bytes_and_content_type(store: DocumentStore) -> None:
    await store.put(NAME, PDF, "application/pdf")
    await store.put(NAME, b"second", "text/plain")
    document = await store.get(NAME)
    assert (document.data, document.content_type) == (b"second", "text/plain")


async def test_a_missing_document_is_not_found(store: DocumentStore) -> None:
    assert not await store.exists(NAME)
    with pytest.raises(NotFound):
        await store.get(NAME)
    with pytest.raises(NotFound):
        await store.link(NAME, timedelta(minutes=5))


async def test_delete_removes_only_that_document_and_ignores_missing_ones(store: DocumentStore) -> None:
    await store.put("a.pdf", b"a", "application/pdf")
    await store.put("b.pdf", b"b", "application/pdf")
    await store.delete("a.pdf")
    await store.delete("a.pdf")
    await store.delete("never-there.pdf")
    assert not await store.exists("a.pdf")
    with pytest.raises(NotFound):
        await store.get("a.pdf")
    assert (await store.get("b.pdf")).data == b"b"


@pytest.mark.parametrize("name", BAD_NAMES)
async def test_every_method_refuses_an_invalid_name(store: DocumentStore, name: str) -> None:
    calls = [store.put(name, b"x", "text/plain"), store.get(name), store.exists(name), store.delete(name),
             store.link(name, timedelta(minutes=5))]
    for call in calls:
        with pytest.raises(InvalidDocumentName):
            await call


async def test_an_invalid_content_type_is_refused(store: DocumentStore) -> None:
    for content_type in ["", "pdf", "text/plain\r\nX-Evil: 1"]:
        with pytest.raises(ValueError):
            await store.put("x.txt", b"x", content_type)
    assert not await store.exists("x.txt")


async def test_ping_answers(store: DocumentStore) -> None:
    await store.ping()


async def test_a_link_downloads_the_document_or_is_none_when_the_bot_serves_it(
        store: DocumentStore, backend: str) -> None:
    await store.put(NAME, PDF, "application/pdf")
    url = await store.link(NAME, timedelta(minutes=5))
    if backend not in DIRECT_LINKS:
        assert url is None
        return
    assert url is not None
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/pdf"
        assert await response.read() == PDF
        async with session.put(url, data=b"changed", headers={"x-ms-blob-type": "BlockBlob"}) as write:
            assert write.status == 403  # read-only
    assert (await store.get(NAME)).data == PDF


async def test_a_link_lifetime_must_be_short_and_positive(store: DocumentStore) -> None:
    await store.put(NAME, PDF, "application/pdf")
    for lifetime in [timedelta(0), timedelta(seconds=-1), timedelta(days=8)]:
        with pytest.raises(ValueError):
            await store.link(NAME, lifetime)
