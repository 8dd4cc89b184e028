"""Submission use cases: contract preview, signatory, submit (to e-signature or to sales), signing.

Submitting locks the draft with its ETag, so a double submit changes nothing twice, and turns the
order's holds into allocations, so the numbers stay the customer's while the contract waits for a
signature (holds last 12 hours; a signing link lasts days). Only then does the contract go out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field
from datetime import datetime

from pydantic import ValidationError

from services.contracts import ContractStore
from services.domain.contact import Signatory
from services.domain.errors import Conflict, DomainError, InvalidValue
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.domain.validation import field_errors
from services.esign.local import LocalEsign
from services.esign.port import Esign
from services.esign.processed import ProcessedEventStore
from services.esign.processed_sqlite import SqliteProcessedEvents
from services.esign.webhook import WebhookOutcome
from services.inventory import HoldExpired, HoldStatus
from services.journey import Journey
from services.mail.port import Mailer
from services.orders.port import Stored
from services.sales import SalesNotifier
from services.storage.sqlite import SqliteDatabase
from services.submission_models import (
    ChatNotifier,
    PreviewLink,
    SignedResult,
    SigningPage,
    SubmissionConfig,
    SubmitRefused,
    SubmitResult,
)
from services.submission_preview import PreviewLinkStore, PreviewTarget, SqlitePreviewLinks
from services.submission_sending import Sending
from services.submission_signing import Signing
from services.submission_support import render

__all__ = ["ChatNotifier", "PreviewLink", "SignedResult", "SigningPage", "Submission", "SubmissionConfig",
           "SubmitRefused", "SubmitResult"]

log = logging.getLogger(__name__)

ATTEMPTS = 3


@dataclass
class Submission:
    journey: Journey
    contracts: ContractStore
    esign: Esign
    mailer: Mailer
    sales: SalesNotifier
    chat: ChatNotifier
    database: SqliteDatabase
    config: SubmissionConfig
    preview_store: InitVar[PreviewLinkStore | None] = None
    """Preview tokens shared by the instances (Cosmos DB with STORE=cosmos); None: the SQLite file."""
    event_store: InitVar[ProcessedEventStore | None] = None
    """DocuSign Connect events handled (Cosmos DB with STORE=cosmos); None: the SQLite file."""
    previews: PreviewLinkStore = field(init=False)
    sending: Sending = field(init=False)
    signing: Signing = field(init=False)

    def __post_init__(self, preview_store: PreviewLinkStore | None,
                      event_store: ProcessedEventStore | None) -> None:
        self.previews = preview_store or SqlitePreviewLinks(self.database)
        events = event_store or SqliteProcessedEvents(self.database, self.journey.clock)
        self.sending = Sending(self.journey, self.contracts, self.esign, self.mailer, self.sales, self.chat,
                               self.config)
        local = self.esign if isinstance(self.esign, LocalEsign) else None
        self.signing = Signing(self.journey, self.contracts, self.mailer, self.chat, self.config, local,
                               events)

    # -- before submitting --------------------------------------------------------------------------

    async def preview(self, tenant_id: str, order_id: str) -> PreviewLink:
        """The current draft as a download link: a blob SAS URL on Azure, else a bot URL with a token."""
        order = await self.journey.load(tenant_id, order_id)
        pdf = await render(order, self.journey.catalogue, self.config)
        name = await self.contracts.save_draft(order, pdf)
        now, lifetime = self.journey.clock.now(), self.config.preview_lifetime
        direct = await self.contracts.link(name, lifetime)
        if direct:
            return PreviewLink(direct, now + lifetime)
        target = PreviewTarget(tenant_id, order.id, name, f"contract-{order.id[:8]}-draft.pdf")
        token = await self.previews.create(target, now, now + lifetime)
        return PreviewLink(f"{self.config.base_url}/contracts/{token}", now + lifetime)

    async def open_preview(self, token: str, now: datetime | None = None) -> tuple[bytes, str]:
        """The PDF and file name behind a preview token; NotFound if unknown or expired."""
        target = await self.previews.open(token, now or self.journey.clock.now())
        return await self.contracts.get(target.document), target.filename

    async def set_signatory(self, tenant_id: str, order_id: str, *, name: str, job_title: str, email: str,
                            authorised: bool) -> Signatory:
        """Records who signs; refuses anyone not confirmed as authorised to sign for the company."""
        if not authorised:
            raise InvalidValue("Only a person authorised to sign contracts for the company can sign. "
                               "Confirm that they are, or name someone who is.", field="authorised")
        parts = name.split()
        if len(parts) < 2:
            raise InvalidValue("Enter the signatory's first and last name.", field="name")
        try:
            signatory = Signatory(first_name=" ".join(parts[:-1]), last_name=parts[-1],
                                  job_title=job_title, email=email, authorised=True)
        except ValidationError as error:
            first = field_errors(error)[0]
            field_name = "name" if first.field in ("first_name", "last_name") else first.field
            raise InvalidValue(first.message, field=field_name) from error

        def record(order: Order) -> None:
            order.signatory = signatory

        await self.journey.change(tenant_id, order_id, record)
        return signatory

    # -- submitting ---------------------------------------------------------------------------------

    async def submit(self, tenant_id: str, order_id: str) -> SubmitResult:
        """Submits the draft once: to e-signature (new numbers only) or to sales (porting/migration)."""
        for _ in range(ATTEMPTS):
            stored = await self.journey.orders.get(tenant_id, order_id)
            if stored.order.status is not OrderStatus.DRAFT:
                return self._already(stored.order)
            try:
                target = await self._lock(stored)
            except Conflict:
                continue  # changed meanwhile: read it again
            except HoldExpired:
                if not await self._all_allocated(tenant_id, order_id):
                    raise
                continue  # a concurrent submit allocated the numbers first
            if target is OrderStatus.AWAITING_SALES:
                return await self.sending.to_sales(stored.order)
            return await self.sending.to_signature(stored.order)
        raise Conflict("The order changed while it was being submitted. Look at it again, then submit.")

    async def _lock(self, stored: Stored) -> OrderStatus:
        """Checks the draft, allocates its numbers and saves it as submitted (ETag-guarded)."""
        order = stored.order
        problems = self.journey.problems(order)
        if problems:
            raise SubmitRefused(problems)
        if not order.needs_sales and order.signatory is None:
            raise DomainError("Add the signatory (name, job title, email) before sending the contract.",
                              code="signatory_missing", field="signatory")
        target = order.submit(self.journey.clock.now())
        await self.journey.inventory.confirm(order.tenant_id, order.id)
        await self.journey.orders.save(order, stored.etag)
        log.info("order %s submitted: %s", order.id, target.label)
        return target

    async def _all_allocated(self, tenant_id: str, order_id: str) -> bool:
        holds = await self.journey.inventory.holds(tenant_id, order_id)
        return bool(holds) and all(hold.status is HoldStatus.ALLOCATED for hold in holds)

    def _already(self, order: Order) -> SubmitResult:
        if not order.status.is_submitted:
            raise DomainError(f"This order is {order.status.label} and cannot be submitted.",
                              code="order_locked")
        return SubmitResult(order_id=order.id, status=order.status, repeated=True,
                            message=f"This order was submitted already; it is {order.status.label}.")

    async def resend(self, tenant_id: str, order_id: str) -> SubmitResult:
        """A new signing request for an order still awaiting signature; earlier local links stop working."""
        order = await self.journey.load(tenant_id, order_id)
        if order.status is not OrderStatus.AWAITING_SIGNATURE:
            raise DomainError(f"This order is {order.status.label}: there is no signature to ask for.",
                              code="not_awaiting_signature")
        return await self.sending.to_signature(order)

    # -- signing ------------------------------------------------------------------------------------

    async def mark_signed(self, order_id: str, tenant_id: str, signer_name: str,
                          signed_at: datetime) -> SignedResult:
        return await self.signing.mark_signed(order_id, tenant_id, signer_name, signed_at)

    async def signing_page(self, token: str) -> SigningPage:
        return await self.signing.page(token)

    async def signing_contract(self, token: str) -> tuple[bytes, str]:
        return await self.signing.contract(token)

    async def sign(self, token: str, typed_name: str, consent: bool) -> SignedResult:
        return await self.signing.sign(token, typed_name, consent)

    async def docusign_event(self, body: bytes, headers: Mapping[str, str]) -> WebhookOutcome:
        return await self.signing.docusign_event(body, headers)
