"""Chooses the `DocumentStore` from plain settings values (called by the composition root)."""

from __future__ import annotations

from pathlib import Path

from azure.core.credentials_async import AsyncTokenCredential

from services.documents.azure_blob import AzureBlobDocumentStore
from services.documents.local import LocalDocumentStore
from services.documents.port import DocumentStore


def build_document_store(backend: str, *, local_root: Path, connection_string: str = "",
                         account_url: str = "", credential: AsyncTokenCredential | None = None,
                         container: str = "contracts", create_container: bool = True) -> DocumentStore:
    """`backend` is "local" (files under `local_root`) or "azure" (Blob Storage).

    Azure takes a connection string (links signed with its account key), or an account URL with an
    Entra ID credential (links signed with a user delegation key). Nothing connects here; `close()` it.
    """
    if backend == "local":
        return LocalDocumentStore(local_root)
    if backend != "azure":
        raise ValueError(f"Unknown documents backend {backend!r}: use 'local' or 'azure'.")
    if connection_string:
        return AzureBlobDocumentStore.from_connection_string(connection_string, container,
                                                             create_container=create_container)
    if account_url and credential is not None:
        return AzureBlobDocumentStore.from_credential(account_url, credential, container,
                                                      create_container=create_container)
    raise ValueError("BLOBS=azure needs AZURE_STORAGE_CONNECTION_STRING (or an account URL and an "
                     "Entra ID credential).")
