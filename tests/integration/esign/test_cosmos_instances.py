"""With STORE=cosmos, preview links and handled DocuSign Connect events are shared by the instances: two
submissions built by the wiring, each with a SQLite file of its own, on one Cosmos DB database. (The
orders are shared through the journey here; with STORE=cosmos they are in Cosmos DB as well.)"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.wiring_submission import build_submission
from dialogs.deps import Deps
from services.documents.local import LocalDocumentStore
from services.domain.status import OrderStatus
from services.esign.webhook import WebhookOutcome
from services.mail.outbox import OutboxMailer
from services.sales import MailSalesNotifier
from services.storage.cosmos_factory import build_cosmos_stores
from services.storage.sqlite import SqliteDatabase
from services.submission import Submission
from services.submission_preview_cosmos import CosmosPreviewLinks
from tests.clock import FakeClock
from tests.conftest import make_settings
from tests.integration.emulators import CosmosEmulator
from tests.integration.esign.conftest import SALES, RecordingChat
from tests.integration.esign.orders import Outbox, complete_order, submitted
from tests.unit.esign.connect_messages import KEY_1, connect_body, sign


@pytest.fixture
async def instances(cosmos_emulator: CosmosEmulator, settings: Settings, deps: Deps, clock: FakeClock,
                    chat: RecordingChat, outbox: Outbox, tmp_path: Path) -> AsyncIterator[list[Submission]]:
    name = f"submission-{uuid.uuid4().hex}"
    stores = [build_cosmos_stores(cosmos_emulator.endpoint, cosmos_emulator.key, database=name,
                                  verify_tls=cosmos_emulator.verify_tls) for _ in range(2)]
    files = [SqliteDatabase(tmp_path / f"instance-{n}.sqlite3") for n in range(2)]
    keyed = make_settings(settings.data_dir, docusign_connect_keys=KEY_1)
    documents = LocalDocumentStore(settings.data_dir / "documents")  # one folder: no direct links
    mailer = OutboxMailer(outbox.folder, settings.mail_from)
    sales = MailSalesNotifier(mailer, SALES, settings.operator_name)
    yield [build_submission(keyed, files[n], deps.journey, documents, mailer, sales, chat, clock,
                            cosmos=stores[n]) for n in range(2)]
    for n in range(2):
        await stores[n].close()
        files[n].close()


async def test_a_preview_made_on_one_instance_downloads_from_the_other(deps: Deps,
                                                                      instances: list[Submission]) -> None:
    first, second = instances
    assert isinstance(first.previews, CosmosPreviewLinks)
    order = await complete_order(deps)
    link = await first.preview(order.tenant_id, order.id)
    pdf, filename = await second.open_preview(link.url.rsplit("/", 1)[1])
    assert pdf.startswith(b"%PDF-") and filename == f"contract-{order.id[:8]}-draft.pdf"


async def test_a_connect_event_delivered_to_both_instances_at_once_is_handled_once(
        deps: Deps, instances: list[Submission], chat: RecordingChat) -> None:
    first, second = instances
    tenant, order_id, _ = await submitted(deps, first)
    body = connect_body(order_id=order_id, tenant_id=tenant)
    outcomes = await asyncio.gather(*(submission.docusign_event(body, sign(body, KEY_1))
                                      for submission in (first, second)))
    assert sorted(outcomes) == sorted([WebhookOutcome.SIGNED, WebhookOutcome.REPLAY])
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.PROCESSING
    assert await second.docusign_event(body, sign(body, KEY_1)) is WebhookOutcome.REPLAY
