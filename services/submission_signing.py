"""Signing: record a signature (from the bot's signing page or a DocuSign Connect event) and process
the order: final contract, numbers allocated, signed -> processing, confirmation email and chat message.

`mark_signed` is safe to repeat: every step is guarded by the order's status and ETag, a run that stopped
half way (signed, not yet processing) is finished by the next call, and only the call that moves the
order to processing sends the email and the chat message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from services.contracts import ContractStore
from services.domain.errors import Conflict, DomainError, NotFound, StoreUnavailable
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.esign.connect import ConnectEvent
from services.esign.local import LocalEsign
from services.esign.port import SigningError, SigningTokenInfo
from services.esign.processed import ProcessedEventStore
from services.esign.webhook import ConnectWebhook, WebhookOutcome
from services.inventory import HoldExpired
from services.journey import Journey
from services.mail import templates
from services.mail.port import Mailer
from services.notifications.events import EventKind
from services.orders.port import Stored
from services.submission_form import check_form
from services.submission_models import ChatNotifier, SignedResult, SigningPage, SubmissionConfig
from services.submission_support import mail, ordering_person, render, summary, tell

log = logging.getLogger(__name__)

SIGNABLE = (OrderStatus.AWAITING_SIGNATURE, OrderStatus.AWAITING_SALES)
PROCESSED = (OrderStatus.PROCESSING, OrderStatus.NUMBERS_UPLOADED, OrderStatus.COMPLETED)
ATTEMPTS = 3


@dataclass
class Signing:
    journey: Journey
    contracts: ContractStore
    mailer: Mailer
    chat: ChatNotifier
    config: SubmissionConfig
    local: LocalEsign | None
    events: ProcessedEventStore
    webhook: ConnectWebhook = field(init=False)

    def __post_init__(self) -> None:
        self.webhook = ConnectWebhook(self.config.connect_keys, self.events, self._on_docusign)

    async def mark_signed(self, order_id: str, tenant_id: str, signer_name: str,
                          signed_at: datetime) -> SignedResult:
        for _ in range(ATTEMPTS):
            stored = await self.journey.orders.get(tenant_id, order_id)
            try:
                return await self._advance(stored, signer_name, signed_at)
            except Conflict:
                log.info("order %s changed while its signature was recorded; reading it again", order_id)
        raise Conflict("The order kept changing while its signature was recorded. Try again.")

    async def _advance(self, stored: Stored, signer_name: str, signed_at: datetime) -> SignedResult:
        order = stored.order
        if order.status in PROCESSED:
            return _result(order, signer_name, repeated=True)
        if order.status in SIGNABLE:
            order.sign(signed_at)
            stored = await self.journey.orders.save(order, stored.etag)
        elif order.status is not OrderStatus.SIGNED:
            raise DomainError(f"This order is {order.status.label} and cannot be signed.",
                              code="order_not_signable")
        final = await render(order, self.journey.catalogue, self.config, signed_at=order.signed_at)
        await self.contracts.save_final(order, final)
        await self._allocate(order)
        order.transition(OrderStatus.PROCESSING, now=self.journey.clock.now())
        await self.journey.orders.save(order, stored.etag)
        await self._announce(order)
        return _result(order, signer_name)

    async def _allocate(self, order: Order) -> None:
        """The holds became allocations at submission; this makes sure, and never blocks a signature."""
        try:
            await self.journey.inventory.confirm(order.tenant_id, order.id)
        except HoldExpired:
            log.error("order %s was signed but some of its numbers are no longer held: re-reserve them "
                      "before the upload", order.id)

    async def _announce(self, order: Order) -> None:
        assert order.signatory is not None and order.signed_at and order.due_date
        signer = order.signatory.full_name
        to = list(dict.fromkeys(e for e in (order.signatory.email, ordering_person(order)[1]) if e))
        email = templates.signed_confirmation(
            to, operator=self.config.operator_name, signer=signer,
            summary=summary(order, self.journey.catalogue), signed_at=order.signed_at, due=order.due_date)
        await mail(self.mailer, email, "signed confirmation", order.id)
        when, due = templates.when(order.signed_at, None), templates.day(order.due_date)
        text = f"{signer} signed the contract on {when}. Your order is now being processed, due by {due}."
        await tell(self.chat, order, text, EventKind.SIGNED)

    # -- the bot's signing page (ESIGN=local) --------------------------------------------------------

    async def page(self, token: str) -> SigningPage:
        info = await self._tokens().check(token)
        order = await self._bound_order(info)
        assert order.signatory is not None
        return SigningPage(token=info, summary=summary(order, self.journey.catalogue),
                           company=order.company_name, signatory_name=order.signatory.full_name,
                           signatory_job_title=order.signatory.job_title)

    async def contract(self, token: str) -> tuple[bytes, str]:
        info = await self._tokens().check(token)
        order = await self._bound_order(info)
        return await self.contracts.get(info.document), f"contract-{order.id[:8]}.pdf"

    async def sign(self, token: str, typed_name: str, consent: bool) -> SignedResult:
        """Signs with a signing-page token once; InvalidValue (with `errors`) if the form is not right."""
        tokens = self._tokens()
        info = await tokens.check(token)
        order = await self._bound_order(info)
        check_form(typed_name, consent, info.signatory_name)
        now = self.journey.clock.now()
        await tokens.consume(token, typed_name, now)
        try:
            return await self.mark_signed(order.id, order.tenant_id, info.signatory_name, now)
        except BaseException:
            await tokens.restore(token, now)
            raise

    def _tokens(self) -> LocalEsign:
        if self.local is None:  # ESIGN=docusign: there is no signing page
            raise SigningError.unknown()
        return self.local

    async def _bound_order(self, info: SigningTokenInfo) -> Order:
        """The token's order, if it still waits for this signatory's signature."""
        try:
            order = await self.journey.load(info.tenant_id, info.order_id)
        except NotFound:
            raise SigningError.unknown() from None
        if order.status in PROCESSED:
            raise SigningError.used()
        if order.status not in (OrderStatus.AWAITING_SIGNATURE, OrderStatus.SIGNED):
            raise SigningError.expired()
        if order.signatory is None or order.signatory.email != info.signatory_email:
            raise SigningError.unknown()
        return order

    # -- DocuSign Connect (ESIGN=docusign) ------------------------------------------------------------

    async def docusign_event(self, body: bytes, headers: Mapping[str, str]) -> WebhookOutcome:
        return await self.webhook.handle(body, headers)

    async def _on_docusign(self, event: ConnectEvent) -> None:
        if not (event.order_id and event.tenant_id):
            log.error("DocuSign envelope %s has no order_id/tenant_id custom field", event.envelope_id)
            return
        signed_at = event.signed_at or self.journey.clock.now()
        try:
            await self.mark_signed(event.order_id, event.tenant_id, event.signer_name, signed_at)
        except (StoreUnavailable, Conflict):
            raise  # Connect retries
        except DomainError as error:
            log.error("DocuSign envelope %s completed but order %s was not signed: %s",
                      event.envelope_id, event.order_id, error.message)


def _result(order: Order, signer_name: str, repeated: bool = False) -> SignedResult:
    assert order.signed_at is not None and order.due_date is not None
    return SignedResult(order_id=order.id, status=order.status, signed_at=order.signed_at,
                        due_date=order.due_date, signer_name=signer_name, company=order.company_name,
                        repeated=repeated)
