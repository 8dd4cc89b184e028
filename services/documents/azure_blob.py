"""Documents in Azure Blob Storage (`azure.storage.blob.aio`): one container, one blob per document.

`link` gives a read-only SAS URL: signed with the account key when the connection string has one, with
a user delegation key when the client uses an Entra ID credential, else None (the bot serves the file).
SDK errors become domain errors: a missing blob is `NotFound`, anything else `StoreUnavailable`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from typing import Any

from azure.core.credentials_async import AsyncSupportsTokenInfo, AsyncTokenCredential
from azure.core.exceptions import AzureError, ResourceExistsError, ResourceNotFoundError
from azure.storage.blob import BlobSasPermissions, ContentSettings, generate_blob_sas
from azure.storage.blob.aio import BlobClient, BlobServiceClient, ContainerClient, LinearRetry

from services.documents.port import (
    DEFAULT_CONTENT_TYPE,
    Document,
    validate_content_type,
    validate_link_lifetime,
    validate_name,
)
from services.domain.errors import NotFound, StoreUnavailable

CLOCK_SKEW = timedelta(minutes=5)  # a SAS starts a little in the past: clocks differ
CONNECTION_TIMEOUT_S = 5


def _client_options(verify_tls: bool) -> dict[str, Any]:
    """Bounded retries (3, about 1 s apart) instead of the SDK's 15 s+ backoff, so /healthz answers."""
    return {"retry_policy": LinearRetry(backoff=1, retry_total=3, random_jitter_range=0.5),
            "connection_timeout": CONNECTION_TIMEOUT_S, "connection_verify": verify_tls}


def account_key_of(connection_string: str) -> str | None:
    fields = dict(part.split("=", 1) for part in connection_string.split(";") if "=" in part)
    return fields.get("AccountKey") or None


@contextmanager
def _translated(action: str, name: str | None = None) -> Iterator[None]:
    """A missing blob is `NotFound` when `name` is given; every other Azure error `StoreUnavailable`."""
    try:
        yield
    except ResourceNotFoundError as error:
        if name is None or error.error_code == "ContainerNotFound":
            raise StoreUnavailable(f"Blob Storage could not {action}: the container is missing.") from error
        raise NotFound(f"Document '{name}' not found.") from error
    except AzureError as error:
        status = getattr(error, "status_code", None)
        raise StoreUnavailable(f"Blob Storage could not {action} (status {status}).") from error


class AzureBlobDocumentStore:
    """A `DocumentStore` on one blob container, created on first use unless `create_container` is off."""

    def __init__(self, service: BlobServiceClient, container: str, *, account_key: str | None = None,
                 create_container: bool = True, owns_client: bool = False) -> None:
        self._service = service
        self._container_name = container
        self._account_key = account_key
        self._create_container = create_container
        self._owns_client = owns_client
        self._container: ContainerClient | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def from_connection_string(cls, connection_string: str, container: str, *, create_container: bool = True,
                               verify_tls: bool = True) -> AzureBlobDocumentStore:
        service = BlobServiceClient.from_connection_string(connection_string, **_client_options(verify_tls))
        return cls(service, container, account_key=account_key_of(connection_string),
                   create_container=create_container, owns_client=True)

    @classmethod
    def from_credential(cls, account_url: str, credential: AsyncTokenCredential, container: str, *,
                        create_container: bool = True, verify_tls: bool = True) -> AzureBlobDocumentStore:
        """Entra ID (managed identity...): needs the 'Storage Blob Data Contributor' role, and
        'Storage Blob Delegator' for links."""
        service = BlobServiceClient(account_url, credential=credential, **_client_options(verify_tls))
        return cls(service, container, create_container=create_container, owns_client=True)

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        settings = ContentSettings(content_type=validate_content_type(content_type))
        blob = await self._blob(name)
        with _translated(f"store '{name}'"):
            await blob.upload_blob(data, overwrite=True, content_settings=settings)

    async def get(self, name: str) -> Document:
        blob = await self._blob(name)
        with _translated(f"read '{name}'", name):
            download = await blob.download_blob()
            data = await download.readall()
        return Document(data, download.properties.content_settings.content_type or DEFAULT_CONTENT_TYPE)

    async def exists(self, name: str) -> bool:
        blob = await self._blob(name)
        with _translated(f"look for '{name}'"):
            return await blob.exists()

    async def delete(self, name: str) -> None:
        blob = await self._blob(name)
        with _translated(f"delete '{name}'"), suppress(ResourceNotFoundError):
            await blob.delete_blob(delete_snapshots="include")

    async def link(self, name: str, expires_in: timedelta) -> str | None:
        validate_link_lifetime(expires_in)
        blob = await self._blob(name)
        now = datetime.now(UTC)
        start, expiry = now - CLOCK_SKEW, now + expires_in
        signing: dict[str, object] = {"account_key": self._account_key}
        with _translated(f"link '{name}'", name):
            await blob.get_blob_properties()  # NotFound before a link to nothing is handed out
            if self._account_key is None:
                if not isinstance(self._service.credential, AsyncTokenCredential | AsyncSupportsTokenInfo):
                    return None  # e.g. a SAS connection string: nothing to sign with
                signing = {"user_delegation_key": await self._service.get_user_delegation_key(start, expiry)}
        sas = generate_blob_sas(self._service.account_name, self._container_name, name,
                                permission=BlobSasPermissions(read=True), start=start, expiry=expiry,
                                **signing)
        return f"{blob.url}?{sas}"

    async def ping(self) -> None:
        container = await self._get_container()
        with _translated("read the documents container"):
            await container.get_container_properties()

    async def close(self) -> None:
        if self._owns_client:
            await self._service.close()

    async def _blob(self, name: str) -> BlobClient:
        validate_name(name)
        return (await self._get_container()).get_blob_client(name)

    async def _get_container(self) -> ContainerClient:
        if self._container is None:
            async with self._lock:
                if self._container is None:
                    self._container = await self._open_container()
        return self._container

    async def _open_container(self) -> ContainerClient:
        container = self._service.get_container_client(self._container_name)
        with _translated(f"open the container '{self._container_name}'"):
            if self._create_container:
                with suppress(ResourceExistsError):
                    await container.create_container()
            elif not await container.exists():
                raise StoreUnavailable(
                    f"The blob container '{self._container_name}' does not exist: create it, or let the "
                    "bot create it (BLOB_CREATE_CONTAINER=true).")
        return container
