"""Contract, e-signature and submission services for one set of settings.

With STORE=cosmos (the Cosmos stores given) the preview links and the processed DocuSign events live in
Cosmos DB, shared by the instances; else in the SQLite file.
"""

from __future__ import annotations

from datetime import timedelta

from bot.settings import EsignBackend, Settings
from services.clock import Clock
from services.contracts.store import ContractStore
from services.contracts.terms import load_terms
from services.documents.port import DocumentStore
from services.esign.local import LocalEsign
from services.esign.port import Esign
from services.journey import Journey
from services.mail.port import Mailer
from services.sales import SalesNotifier
from services.storage.cosmos_factory import CosmosStores
from services.storage.sqlite import SqliteDatabase
from services.submission import ChatNotifier, Submission
from services.submission_models import SubmissionConfig


def build_esign(settings: Settings, database: SqliteDatabase, contracts: ContractStore,
                clock: Clock) -> Esign:
    if settings.esign is not EsignBackend.DOCUSIGN:
        return LocalEsign(database, public_url=settings.public_url, clock=clock,
                          lifetime=timedelta(days=settings.signing_link_days))
    from services.esign.docusign import DocusignConfig, DocusignEsign  # the SDK loads only when used
    from services.esign.envelope import EnvelopeOptions

    key_file = settings.docusign_private_key_file
    key = key_file.read_bytes() if key_file else settings.docusign_private_key.replace("\\n", "\n").encode()
    webhook = f"{settings.public_url.rstrip('/')}/api/esign/docusign"
    return DocusignEsign(DocusignConfig(
        integration_key=settings.docusign_integration_key, user_id=settings.docusign_user_id,
        account_id=settings.docusign_account_id, private_key=key, base_path=settings.docusign_base_path,
        oauth_host=settings.docusign_oauth_host,
        envelope=EnvelopeOptions(anchor=settings.docusign_anchor, webhook_url=webhook)), contracts)


def build_submission(settings: Settings, database: SqliteDatabase, journey: Journey,
                     documents: DocumentStore, mailer: Mailer, sales: SalesNotifier, chat: ChatNotifier,
                     clock: Clock, cosmos: CosmosStores | None = None) -> Submission:
    """The terms file is read here, so a missing operator terms file stops the start. `cosmos`: the
    Cosmos DB stores with STORE=cosmos, else None."""
    contracts = ContractStore(documents)
    config = SubmissionConfig(
        operator_name=settings.operator_name, public_url=settings.public_url,
        terms=load_terms(settings.terms_file),
        preview_lifetime=timedelta(minutes=settings.preview_link_minutes),
        connect_keys=[key.strip() for key in settings.docusign_connect_keys.split(",") if key.strip()])
    esign = build_esign(settings, database, contracts, clock)
    return Submission(journey=journey, contracts=contracts, esign=esign, mailer=mailer, sales=sales,
                      chat=chat, database=database, config=config,
                      preview_store=cosmos.previews if cosmos is not None else None,
                      event_store=cosmos.processed_events(clock) if cosmos is not None else None)
