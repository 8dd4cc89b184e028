"""Document stores under test: every test of the contract suite runs once per entry in FACTORIES."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from services.documents.azure_blob import AzureBlobDocumentStore
from services.documents.local import LocalDocumentStore
from services.documents.port import DocumentStore
from tests.integration.emulators import AzuriteEmulator

Close = Callable[[], Any]
StoreFactory = Callable[[pytest.FixtureRequest, Path], Awaitable[tuple[DocumentStore, Close]]]


async def local_store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[DocumentStore, Close]:
    store = LocalDocumentStore(tmp_path / "documents")
    return store, store.close


def azure_store_on(emulator: AzuriteEmulator, container: str | None = None, *,
                   create_container: bool = True) -> AzureBlobDocumentStore:
    name = container or f"docs-{uuid.uuid4().hex}"
    return AzureBlobDocumentStore.from_connection_string(emulator.connection_string, name,
                                                         create_container=create_container)


async def azure_store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[DocumentStore, Close]:
    """A fresh container per test on the session's Azurite, created by the store itself."""
    store = azure_store_on(request.getfixturevalue("azurite"))
    return store, store.close


FACTORIES: dict[str, StoreFactory] = {"local": local_store, "azure": azure_store}
DIRECT_LINKS = {"azure"}  # backends whose `link` gives a URL; the others give None


@pytest.fixture(params=sorted(FACTORIES))
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[DocumentStore]:
    created, close = await FACTORIES[backend](request, tmp_path)
    yield created
    closing = close()
    if inspect.isawaitable(closing):
        await closing
