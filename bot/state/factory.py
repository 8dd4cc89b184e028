"""Chooses the bot state `Storage` from plain settings values (called by the composition root)."""

from __future__ import annotations

from azure.core.credentials_async import AsyncTokenCredential
from botbuilder.core import Storage

from bot.state.cosmos import CosmosStorage
from bot.state.sqlite import SqliteStorage
from services.storage.sqlite import SqliteDatabase


def build_state_storage(backend: str, *, sqlite_database: SqliteDatabase, cosmos_endpoint: str = "",
                        cosmos_key: str = "", cosmos_credential: AsyncTokenCredential | None = None,
                        cosmos_database: str = "operator-connect", cosmos_container: str = "bot-state",
                        cosmos_verify_tls: bool = True, cosmos_create_containers: bool = True) -> Storage:
    """`backend` is "sqlite" (the embedded file) or "cosmos"; Cosmos takes a key or an Entra ID credential.

    Nothing connects here: the Cosmos client opens on first use. Close with `close_state_storage`.
    """
    if backend == "sqlite":
        return SqliteStorage(sqlite_database)
    if backend != "cosmos":
        raise ValueError(f"Unknown bot state backend {backend!r}: use 'sqlite' or 'cosmos'.")
    credential = cosmos_credential or cosmos_key
    if not cosmos_endpoint or not credential:
        raise ValueError("STORE=cosmos needs COSMOS_ENDPOINT and COSMOS_KEY (or an Entra ID credential).")
    return CosmosStorage.from_settings(cosmos_endpoint, credential, cosmos_database, cosmos_container,
                                       verify_tls=cosmos_verify_tls,
                                       create_if_missing=cosmos_create_containers)


async def close_state_storage(storage: Storage) -> None:
    """Releases the storage's connections (the SQLite file is closed with its `SqliteDatabase`)."""
    if isinstance(storage, CosmosStorage):
        await storage.close()
