"""Builds the sales channel and the operations for the composition root (and `python -m bot.admin`).

The cases and the channel registration live in Cosmos DB when the Cosmos stores are given (STORE=cosmos:
every instance sees one first click win), else in the SQLite file.
"""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import ConversationState

from bot.channel_delivery import SalesChannelDelivery
from bot.proactive import ProactiveMessenger
from bot.sales_channel import SalesChannelBot
from bot.sales_channel_relay import CaseRelay
from bot.sales_channel_settings import SalesChannelSettings, UploadBackend
from services.clock import Clock
from services.inventory import Inventory
from services.notifications.events import EventPublisher
from services.operations import Operations
from services.orders.port import OrderStore
from services.sales_channel.port import CaseStore, SalesChannelStore
from services.sales_channel.service import SalesDesk
from services.sales_channel.sqlite import SqliteCaseStore, SqliteSalesChannelStore
from services.storage.cosmos_factory import CosmosStores
from services.storage.sqlite import SqliteDatabase
from services.upload.msal_graph import OperatorConnectUpload
from services.upload.port import NumberUpload
from services.upload.recording import RecordingUpload


@dataclass
class SalesChannelParts:
    desk: SalesDesk
    operations: Operations
    handler: SalesChannelBot
    """Channel messages, the handoff card's buttons, the card posted when the bot joins a team."""
    relay: CaseRelay
    """Customers' free text for the channel thread of their case."""
    delivery: SalesChannelDelivery
    """The notification worker's ChannelDelivery."""


def build_upload(config: SalesChannelSettings, database: SqliteDatabase, clock: Clock) -> NumberUpload:
    if config.upload is UploadBackend.OPERATOR_CONNECT:
        return OperatorConnectUpload(config.upload_config(), clock)
    return RecordingUpload(database, clock)


def build_operations(config: SalesChannelSettings, database: SqliteDatabase, orders: OrderStore,
                     inventory: Inventory, publisher: EventPublisher, clock: Clock,
                     operator_name: str) -> Operations:
    upload = build_upload(config, database, clock)
    return Operations(orders, inventory, upload, publisher, clock, operator_name)


def case_stores(database: SqliteDatabase,
                cosmos: CosmosStores | None) -> tuple[CaseStore, SalesChannelStore]:
    if cosmos is not None:
        return cosmos.sales_cases, cosmos.sales_channel
    return SqliteCaseStore(database), SqliteSalesChannelStore(database)


def build_desk(config: SalesChannelSettings, database: SqliteDatabase, publisher: EventPublisher,
               clock: Clock, operator_name: str, cosmos: CosmosStores | None = None) -> SalesDesk:
    cases, channels = case_stores(database, cosmos)
    return SalesDesk(cases, channels, publisher, clock, operator_tenant_id=config.operator_tenant_id,
                     operator_name=operator_name)


def build_sales_channel(config: SalesChannelSettings, database: SqliteDatabase, *, orders: OrderStore,
                        inventory: Inventory, publisher: EventPublisher, messenger: ProactiveMessenger,
                        conversation_state: ConversationState, clock: Clock, operator_name: str,
                        cosmos: CosmosStores | None = None) -> SalesChannelParts:
    """`cosmos`: the Cosmos DB stores with STORE=cosmos (`Services.cosmos`), else None."""
    desk = build_desk(config, database, publisher, clock, operator_name, cosmos)
    operations = build_operations(config, database, orders, inventory, publisher, clock, operator_name)
    relay = CaseRelay(desk, conversation_state.create_property("DialogState"))
    return SalesChannelParts(desk, operations, SalesChannelBot(desk, operations), relay,
                             SalesChannelDelivery(desk, orders, messenger))
