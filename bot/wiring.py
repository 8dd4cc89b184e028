"""Services and dialog dependencies for one set of settings (everything but the bot itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from azure.core.credentials_async import AsyncTokenCredential
from botbuilder.core import Storage, UserState

from bot.sales_channel_wiring import case_stores
from bot.settings import Environment, MailBackend, Settings, StoreBackend
from bot.wiring_submission import build_submission
from dialogs.deps import Deps
from services import catalogue as catalogue_files
from services.catalogue.accounts import AccountDirectory
from services.clock import Clock
from services.conversations.port import ConversationStore
from services.conversations.sqlite import SqliteConversationStore
from services.documents.port import DocumentStore
from services.inventory import Inventory, InventoryStore, SqliteInventoryStore
from services.journey import Journey
from services.mail.outbox import OutboxMailer
from services.mail.outbox_folder import OutboxFolder
from services.mail.port import Mailer
from services.mail.queue import MailQueue, QueuedMailer, SqliteMailQueue
from services.mail.retention import SqliteMailRetention
from services.mail.sender import MailSender
from services.mail.smtp import SmtpMailer
from services.notifications.chat import OrderChatNotifier
from services.notifications.hold_events import OutboxHoldEvents
from services.notifications.outbox import EventOutbox
from services.notifications.sqlite import SqliteEventOutbox
from services.orders.port import OrderStore
from services.orders.sqlite import SqliteOrderStore
from services.privacy import Privacy
from services.privacy_models import MailRows, RetentionPolicy
from services.sales import MailSalesNotifier
from services.sales_channel.notifier import ChannelSalesNotifier
from services.storage.cosmos_factory import CosmosStores, build_cosmos_stores
from services.storage.sqlite import SqliteDatabase
from services.submission import Submission


@dataclass
class Services:
    inventory: Inventory
    journey: Journey
    deps: Deps
    mailer: QueuedMailer
    mail_sender: MailSender
    orders: OrderStore
    submission: Submission
    outbox: EventOutbox
    cosmos: CosmosStores | None = None

    async def close(self) -> None:
        if self.cosmos is not None:
            await self.cosmos.close()


def build_stores(settings: Settings, database: SqliteDatabase, credential: AsyncTokenCredential | None
                 ) -> tuple[OrderStore, InventoryStore, CosmosStores | None]:
    """Orders and inventory on the embedded SQLite file, or on Cosmos DB with `STORE=cosmos`."""
    if settings.store is not StoreBackend.COSMOS:
        return SqliteOrderStore(database), SqliteInventoryStore(database), None
    cosmos = build_cosmos_stores(settings.cosmos_endpoint, settings.cosmos_key,
                                 database=settings.cosmos_database, verify_tls=settings.cosmos_verify_tls,
                                 create_containers=settings.cosmos_create_containers, credential=credential)
    return cosmos.orders, cosmos.inventory, cosmos


def build_mail(settings: Settings, database: SqliteDatabase, clock: Clock,
               cosmos: CosmosStores | None = None) -> tuple[QueuedMailer, MailSender]:
    """Every email goes through the persistent queue (on Cosmos DB with `STORE=cosmos`, shared by the
    instances, else in the SQLite file); the sender delivers it (SMTP or `.eml` files)."""
    real: Mailer = OutboxMailer(settings.data_dir / "outbox", settings.mail_from)
    if settings.mail is MailBackend.SMTP:
        real = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_username,
                          settings.smtp_password, settings.smtp_starttls, settings.mail_from,
                          timeout=settings.smtp_timeout)
    queue: MailQueue = cosmos.mail if cosmos is not None else SqliteMailQueue(database)
    lease = max(timedelta(minutes=5), timedelta(seconds=4 * settings.smtp_timeout))
    sender = MailSender(queue, real, clock, lease=lease)
    return QueuedMailer(queue, clock, deliver_now=sender.deliver, wait_s=5), sender


def build_services(settings: Settings, database: SqliteDatabase, user_state: UserState, clock: Clock, *,
                   documents: DocumentStore, credential: AsyncTokenCredential | None = None) -> Services:
    """Reads and validates the reference data: a broken file raises CatalogueError."""
    catalogue = catalogue_files.load(settings.catalogue_dir)
    accounts = AccountDirectory.load(settings.accounts_file)
    orders, inventory_store, cosmos = build_stores(settings, database, credential)
    outbox: EventOutbox = cosmos.outbox if cosmos is not None else SqliteEventOutbox(database)
    inventory = Inventory(inventory_store, clock=clock, events=OutboxHoldEvents(outbox, clock, orders),
                          countries=catalogue.countries.keys())
    journey = Journey(orders, inventory, catalogue, accounts, clock)
    mailer, mail_sender = build_mail(settings, database, clock, cosmos)
    by_mail = MailSalesNotifier(mailer, settings.sales_email, settings.operator_name)
    sales = ChannelSalesNotifier(outbox, by_mail)
    submission = build_submission(settings, database, journey, documents, mailer, sales,
                                  OrderChatNotifier(outbox, clock, orders), clock, cosmos=cosmos)
    deps = Deps(journey=journey, catalogue=catalogue, accounts=accounts, mailer=mailer,
                sales=sales, clock=clock, submission=submission,
                session=user_state.create_property("Session"),
                log_codes=settings.environment is Environment.DEVELOPMENT,
                oauth_connection=settings.oauth_connection_name,
                sales_contact=f"the {settings.operator_name} sales team",
                operator_name=settings.operator_name)
    return Services(inventory, journey, deps, mailer, mail_sender, orders, submission, outbox, cosmos)


def conversation_store(services: Services, database: SqliteDatabase) -> ConversationStore:
    """Where chat references live: Cosmos DB with `STORE=cosmos`, else the SQLite file."""
    return services.cosmos.conversations if services.cosmos is not None else SqliteConversationStore(database)


def build_privacy(settings: Settings, database: SqliteDatabase, services: Services, state: Storage,
                  documents: DocumentStore) -> Privacy:
    """Retention and erasure over every store that holds personal data (services.privacy)."""
    folder = OutboxFolder(settings.data_dir / "outbox") if settings.mail is MailBackend.OUTBOX else None
    cosmos = services.cosmos
    mail: MailRows = cosmos.mail_retention if cosmos is not None else SqliteMailRetention(database)
    cases, _ = case_stores(database, cosmos)
    return Privacy(services.orders, services.inventory, documents, conversation_store(services, database),
                   state, mail, cases=cases, mail_files=folder,
                   policy=RetentionPolicy(draft_days=settings.draft_retention_days,
                                          mail_days=settings.mail_retention_days),
                   accounts=services.deps.accounts)
