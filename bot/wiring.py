"""Services and dialog dependencies for one set of settings (everything but the bot itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from botbuilder.core import UserState

from bot.settings import Environment, MailBackend, Settings
from dialogs.deps import Deps
from services import catalogue as catalogue_files
from services.catalogue.accounts import AccountDirectory
from services.clock import Clock
from services.inventory import Inventory, LoggingHoldEvents, SqliteInventoryStore
from services.journey import Journey
from services.mail.outbox import OutboxMailer
from services.mail.port import Mailer
from services.mail.queue import QueuedMailer, SqliteMailQueue
from services.mail.sender import MailSender
from services.mail.smtp import SmtpMailer
from services.orders.sqlite import SqliteOrderStore
from services.sales import MailSalesNotifier
from services.storage.sqlite import SqliteDatabase


@dataclass
class Services:
    inventory: Inventory
    journey: Journey
    deps: Deps
    mailer: QueuedMailer
    mail_sender: MailSender


def build_mail(settings: Settings, database: SqliteDatabase, clock: Clock) -> tuple[QueuedMailer, MailSender]:
    """Every email goes through the persistent queue; the sender delivers it (SMTP or `.eml` files)."""
    real: Mailer = OutboxMailer(settings.data_dir / "outbox", settings.mail_from)
    if settings.mail is MailBackend.SMTP:
        real = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_username,
                          settings.smtp_password, settings.smtp_starttls, settings.mail_from,
                          timeout=settings.smtp_timeout)
    queue = SqliteMailQueue(database)
    lease = max(timedelta(minutes=5), timedelta(seconds=4 * settings.smtp_timeout))
    sender = MailSender(queue, real, clock, lease=lease)
    return QueuedMailer(queue, clock, deliver_now=sender.deliver, wait_s=5), sender


def build_services(settings: Settings, database: SqliteDatabase, user_state: UserState,
                   clock: Clock) -> Services:
    """Reads and validates the reference data: a broken file raises CatalogueError."""
    catalogue = catalogue_files.load(settings.catalogue_dir)
    accounts = AccountDirectory.load(settings.accounts_file)
    inventory = Inventory(SqliteInventoryStore(database), clock=clock, events=LoggingHoldEvents(),
                          countries=catalogue.countries.keys())
    journey = Journey(SqliteOrderStore(database), inventory, catalogue, accounts, clock)
    mailer, mail_sender = build_mail(settings, database, clock)
    deps = Deps(journey=journey, catalogue=catalogue, accounts=accounts, mailer=mailer,
                sales=MailSalesNotifier(mailer, settings.sales_email, settings.operator_name), clock=clock,
                session=user_state.create_property("Session"),
                log_codes=settings.environment is Environment.DEVELOPMENT,
                oauth_connection=settings.oauth_connection_name,
                sales_contact=f"the {settings.operator_name} sales team",
                operator_name=settings.operator_name)
    return Services(inventory, journey, deps, mailer, mail_sender)
