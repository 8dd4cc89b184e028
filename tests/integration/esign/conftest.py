"""Submission on real services (SQLite file, local documents, outbox mail), a movable clock, and a chat
notifier that records what the bot would post."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.settings import Settings
from dialogs.deps import Deps
from services.contracts import ContractStore, load_terms
from services.documents.local import LocalDocumentStore
from services.esign.local import LocalEsign
from services.mail.outbox import OutboxMailer
from services.sales import MailSalesNotifier
from services.storage.sqlite import SqliteDatabase
from services.submission import Submission, SubmissionConfig
from tests.clock import FakeClock
from tests.dialogs.conftest import clock, database, deps, services, storage  # noqa: F401  (fixtures)
from tests.integration.esign.orders import Outbox
from tests.unit.esign.connect_messages import KEY_1, KEY_2

SALES = "sales@northwind-telecom.example"


@dataclass
class RecordingChat:
    """The `ChatNotifier` port as the proactive messenger would see it: (tenant, order, text) per post."""

    posts: list[tuple[str, str, str]] = field(default_factory=list)

    async def notify(self, tenant_id: str, order_id: str, text: str, *, kind: object = None) -> None:
        self.posts.append((tenant_id, order_id, text))

    def texts(self, order_id: str) -> list[str]:
        return [text for _, order, text in self.posts if order == order_id]


@pytest.fixture
def chat() -> RecordingChat:
    return RecordingChat()


@pytest.fixture
def outbox(settings: Settings) -> Outbox:
    return Outbox(settings.data_dir / "esign-outbox")


@pytest.fixture
def contracts(settings: Settings) -> ContractStore:
    return ContractStore(LocalDocumentStore(settings.data_dir / "documents"))


@pytest.fixture
def esign(database: SqliteDatabase, clock: FakeClock, settings: Settings) -> LocalEsign:  # noqa: F811
    return LocalEsign(database, public_url=settings.public_url, clock=clock)


@pytest.fixture
def submission(settings: Settings, deps: Deps, database: SqliteDatabase, contracts: ContractStore,  # noqa: F811
               esign: LocalEsign, chat: RecordingChat, outbox: Outbox) -> Submission:
    mailer = OutboxMailer(outbox.folder, settings.mail_from)
    config = SubmissionConfig(operator_name=settings.operator_name, public_url=settings.public_url,
                              terms=load_terms(), connect_keys=(KEY_1, KEY_2))
    sales = MailSalesNotifier(mailer, SALES, settings.operator_name)
    return Submission(journey=deps.journey, contracts=contracts, esign=esign, mailer=mailer, sales=sales,
                      chat=chat, database=database, config=config)
