"""What the Blob Storage store adds to the shared contract: expiring links, container setup, errors."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from azure.core.credentials import AccessToken

from services.documents.azure_blob import AzureBlobDocumentStore, account_key_of
from services.documents.factory import build_document_store
from services.documents.local import LocalDocumentStore
from services.domain.errors import StoreUnavailable
from tests.integration.documents.conftest import azure_store_on
from tests.integration.emulators import AZURITE_KEY, AzuriteEmulator
from tests.servers import free_port


async def test_a_link_stops_working_when_it_expires(azurite: AzuriteEmulator) -> None:
    store = azure_store_on(azurite)
    try:
        await store.put("contract.pdf", b"%PDF", "application/pdf")
        url = await store.link("contract.pdf", timedelta(seconds=1))
        assert url is not None
        await asyncio.sleep(2.1)  # the SAS expiry has a one-second resolution
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            assert response.status == 403
    finally:
        await store.close()


async def test_a_tampered_link_is_refused(azurite: AzuriteEmulator) -> None:
    store = azure_store_on(azurite)
    try:
        await store.put("contract.pdf", b"%PDF", "application/pdf")
        url = await store.link("contract.pdf", timedelta(minutes=5))
        assert url is not None
        async with aiohttp.ClientSession() as session, \
                session.get(url.replace("contract.pdf", "other.pdf")) as response:
            assert response.status == 403
    finally:
        await store.close()


async def test_without_creation_a_missing_container_is_a_clear_error(azurite: AzuriteEmulator) -> None:
    store = azure_store_on(azurite, f"missing-{uuid.uuid4().hex}", create_container=False)
    try:
        with pytest.raises(StoreUnavailable, match="does not exist"):
            await store.ping()
        with pytest.raises(StoreUnavailable):
            await store.put("a.pdf", b"a", "application/pdf")
    finally:
        await store.close()


async def test_an_existing_container_is_used_without_creation(azurite: AzuriteEmulator) -> None:
    name = f"docs-{uuid.uuid4().hex}"
    first, second = azure_store_on(azurite, name), azure_store_on(azurite, name, create_container=False)
    try:
        await first.put("a.pdf", b"a", "application/pdf")
        assert (await second.get("a.pdf")).data == b"a"
    finally:
        await first.close()
        await second.close()


async def test_an_unreachable_account_is_store_unavailable() -> None:
    nobody = AzuriteEmulator(f"http://127.0.0.1:{free_port()}/devstoreaccount1")
    store = AzureBlobDocumentStore.from_connection_string(nobody.connection_string, "docs")
    try:
        with pytest.raises(StoreUnavailable):
            await store.ping()
    finally:
        await store.close()


def test_the_account_key_is_read_from_the_connection_string() -> None:
    assert account_key_of(f"AccountName=a;AccountKey={AZURITE_KEY};EndpointSuffix=x") == AZURITE_KEY
    assert account_key_of("BlobEndpoint=https://a.blob.core.windows.net;SharedAccessSignature=sv=1") is None


async def test_the_factory_builds_each_backend_and_refuses_incomplete_settings(
        azurite: AzuriteEmulator, tmp_path: Path) -> None:
    assert isinstance(build_document_store("local", local_root=tmp_path), LocalDocumentStore)
    store = build_document_store("azure", local_root=tmp_path, connection_string=azurite.connection_string,
                                 container=f"docs-{uuid.uuid4().hex}")
    try:
        await store.put("a.pdf", b"a", "application/pdf")
        assert (await store.get("a.pdf")).data == b"a"
    finally:
        await store.close()
    with pytest.raises(ValueError, match="AZURE_STORAGE_CONNECTION_STRING"):
        build_document_store("azure", local_root=tmp_path)
    with pytest.raises(ValueError, match="Unknown"):
        build_document_store("s3", local_root=tmp_path)


class FakeEntraCredential:
    """An Entra ID credential whose unsigned token Azurite's `--oauth basic` accepts."""

    async def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
        now = int(time.time())
        claims = {"iss": "https://sts.windows.net/tenant/", "aud": "https://storage.azure.com",
                  "iat": now - 60, "nbf": now - 60, "exp": now + 3600, "oid": "bot", "tid": "tenant"}
        parts = [{"alg": "HS256", "typ": "JWT"}, claims]
        token = ".".join(base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")
                         for part in parts)
        return AccessToken(f"{token}.c2lnbmF0dXJl", now + 3600)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> FakeEntraCredential:
        return self

    async def __aexit__(self, *args: object) -> None:
        return None


async def test_with_an_entra_credential_links_are_signed_with_a_user_delegation_key(
        azurite_oauth: AzuriteEmulator) -> None:
    store = AzureBlobDocumentStore.from_credential(azurite_oauth.blob_endpoint, FakeEntraCredential(),
                                                   f"docs-{uuid.uuid4().hex}", verify_tls=False)
    try:
        await store.put("contract.pdf", b"%PDF-signed", "application/pdf")
        url = await store.link("contract.pdf", timedelta(minutes=5))
        assert url is not None and "skoid=" in url  # a user delegation SAS, not an account key one
        async with aiohttp.ClientSession() as session, session.get(url, ssl=False) as response:
            assert response.status == 200
            assert await response.read() == b"%PDF-signed"
    finally:
        await store.close()
