"""Builds the object graph for one set of settings: adapters -> services -> dialogs -> bot."""

from __future__ import annotations

from dataclasses import dataclass, field

from azure.core.credentials_async import AsyncTokenCredential
from botbuilder.core import ConversationState, Storage, UserState
from botbuilder.integration.aiohttp import CloudAdapter

from bot.connector_transport import ConnectorTransport, PooledConnectorAuthentication
from bot.errors import turn_error_handler
from bot.notifier import EventDelivery
from bot.proactive import ConversationMemory, ProactiveMessenger
from bot.sales_channel_settings import SalesChannelSettings
from bot.sales_channel_wiring import SalesChannelParts, build_sales_channel
from bot.sdk_tuning import speed_up_sdk
from bot.settings import Settings
from bot.state.factory import build_state_storage, close_state_storage
from bot.teams_bot import OrderingBot
from bot.wiring import Services, build_services, conversation_store
from dialogs.main_dialog import MainDialog
from services.clock import Clock, SystemClock
from services.documents.factory import build_document_store
from services.documents.port import DocumentStore
from services.notifications.worker import OutboxWorker
from services.storage.sqlite import SqliteDatabase


@dataclass
class Components:
    settings: Settings
    database: SqliteDatabase
    storage: Storage
    documents: DocumentStore
    services: Services
    adapter: CloudAdapter
    bot: OrderingBot
    messenger: ProactiveMessenger
    notifier: OutboxWorker
    transport: ConnectorTransport
    credential: AsyncTokenCredential | None = field(default=None)
    sales: SalesChannelParts | None = field(default=None)

    async def close(self) -> None:
        await self.services.close()
        await self.transport.close()
        await close_state_storage(self.storage)
        await self.documents.close()
        if self.credential is not None:
            await self.credential.close()
        self.database.close()


def entra_credential(settings: Settings) -> AsyncTokenCredential | None:
    """Managed identity (or any DefaultAzureCredential source) for Cosmos DB and Blob Storage."""
    if not settings.use_entra_id:
        return None
    from azure.identity.aio import DefaultAzureCredential

    return DefaultAzureCredential()


def build_storage(settings: Settings, database: SqliteDatabase,
                  credential: AsyncTokenCredential | None) -> tuple[Storage, DocumentStore]:
    storage = build_state_storage(
        settings.store.value, sqlite_database=database, cosmos_endpoint=settings.cosmos_endpoint,
        cosmos_key=settings.cosmos_key, cosmos_credential=credential,
        cosmos_database=settings.cosmos_database, cosmos_verify_tls=settings.cosmos_verify_tls,
        cosmos_create_containers=settings.cosmos_create_containers)
    documents = build_document_store(
        settings.blobs.value, local_root=settings.data_dir / "documents",
        connection_string=settings.azure_storage_connection_string,
        account_url=settings.azure_storage_account_url, credential=credential,
        container=settings.blob_container, create_container=settings.cosmos_create_containers)
    return storage, documents


def build_components(settings: Settings, clock: Clock | None = None) -> Components:
    speed_up_sdk()
    database = SqliteDatabase(settings.database_path)
    credential = entra_credential(settings)
    storage, documents = build_storage(settings, database, credential)
    conversation_state, user_state = ConversationState(storage), UserState(storage)
    transport = ConnectorTransport()
    adapter = CloudAdapter(PooledConnectorAuthentication(settings.bot_framework_config(), transport))
    adapter.on_turn_error = turn_error_handler(conversation_state)
    clock = clock or SystemClock()
    services = build_services(settings, database, user_state, clock, documents=documents,
                              credential=credential)
    conversations = conversation_store(services, database)
    memory = ConversationMemory(conversations, clock)
    messenger = ProactiveMessenger(adapter, settings.app_id, conversations, memory=memory, clock=clock)
    delivery = EventDelivery(services.orders, messenger)
    notifier = OutboxWorker(services.outbox, delivery, clock, doorbell=services.outbox.doorbell)
    sales = build_sales_channel(
        SalesChannelSettings.from_settings(settings), database, orders=services.orders,
        inventory=services.inventory, publisher=services.outbox, messenger=messenger,
        conversation_state=conversation_state, clock=services.deps.clock,
        operator_name=settings.operator_name, cosmos=services.cosmos)
    delivery.register_channel(sales.delivery)
    bot = OrderingBot(conversation_state, user_state, MainDialog(services.deps), memory,
                      sales=sales.handler, relay=sales.relay)
    return Components(settings, database, storage, documents, services, adapter, bot, messenger, notifier,
                      transport, credential, sales)
