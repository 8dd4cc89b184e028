"""After an order is locked as submitted: send the contract for signature, or hand the order to sales.

The order is already saved as submitted when these run, so a failure here never loses it: a contract
that could not be sent is sent again with `Submission.resend`, and sales can always list the orders
awaiting them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from services.contracts import ContractStore
from services.domain.base import country_name
from services.domain.errors import DomainError
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.esign.port import Esign, SigningRequest, SigningSent
from services.journey import Journey
from services.mail import templates
from services.mail.port import Mailer
from services.notifications.events import EventKind
from services.sales import Handoff, HandoffKind, SalesNotifier
from services.submission_models import ChatNotifier, SubmissionConfig, SubmitResult
from services.submission_support import mail, ordering_person, render, summary, tell

log = logging.getLogger(__name__)


@dataclass
class Sending:
    journey: Journey
    contracts: ContractStore
    esign: Esign
    mailer: Mailer
    sales: SalesNotifier
    chat: ChatNotifier
    config: SubmissionConfig

    async def to_signature(self, order: Order) -> SubmitResult:
        """Renders and stores the contract, sends it for signature, and emails and posts the link."""
        assert order.signatory is not None
        document = await self.contracts.save_draft(
            order, await render(order, self.journey.catalogue, self.config))
        request = SigningRequest(
            order_id=order.id, tenant_id=order.tenant_id, signatory_name=order.signatory.full_name,
            signatory_email=order.signatory.email, signatory_job_title=order.signatory.job_title,
            document=document, operator_name=self.config.operator_name, company=order.company_name)
        try:
            sent = await self.esign.send(request)
        except DomainError as error:
            log.error("the contract of order %s could not be sent for signature: %s", order.id, error.message)
            return SubmitResult(order_id=order.id, status=order.status, message=(
                "Your order is submitted, but the contract could not be sent for signature just now. "
                "Ask me to resend the signing link in a few minutes."))
        message = await self._announce(order, sent)
        return SubmitResult(order_id=order.id, status=order.status, message=message,
                            signing_url=sent.signing_url, sent=True)

    async def _announce(self, order: Order, sent: SigningSent) -> str:
        assert order.signatory is not None
        signer = order.signatory.full_name
        if sent.signing_url is None:  # the provider (DocuSign) emails the link itself
            text = (f"The contract was sent to {signer} ({order.signatory.email}) for signature: "
                    "they will receive an email from DocuSign with the link.")
        else:
            if sent.expires_at is not None:
                email = templates.signing_request(
                    order.signatory.email, operator=self.config.operator_name, signer=signer,
                    requested_by=ordering_person(order)[0], link=sent.signing_url,
                    summary=summary(order, self.journey.catalogue), expires_at=sent.expires_at)
                await mail(self.mailer, email, "signing request", order.id)
            text = f"The contract was sent to {signer} for signature: {sent.signing_url}"
        await tell(self.chat, order, text, EventKind.SIGNING_LINK)
        return text

    async def to_sales(self, order: Order) -> SubmitResult:
        """Hands a porting or migration order to sales; the customer is told who will call."""
        name, email = ordering_person(order)
        handoff = Handoff(kind=HandoffKind.PORTING, tenant_id=order.tenant_id, requester=name,
                          requester_email=email, company=order.company_name, order_id=order.id,
                          countries=[entry.country for entry in order.countries],
                          details=_details(order, self.journey), created_at=self.journey.clock.now())
        try:
            await self.sales.notify(handoff)
        except Exception:
            log.exception("the sales handoff of order %s could not be delivered; it stays awaiting sales",
                          order.id)
        return SubmitResult(order_id=order.id, status=OrderStatus.AWAITING_SALES, sent=True, message=(
            f"Thank you, your order is submitted. It includes number porting or migration, so a "
            f"{self.config.operator_name} sales manager will contact you to prepare the forms and the "
            "contract with you. No e-signature is needed now."))


def _details(order: Order, journey: Journey) -> list[str]:
    lines = []
    for entry in order.countries:
        needs = [word for word, flag in (("porting", entry.porting), ("migration", entry.migration)) if flag]
        offices = f"{len(entry.offices)} office{'' if len(entry.offices) == 1 else 's'}"
        lines.append(f"{country_name(entry.country)}: {entry.requested_numbers} new numbers, {offices}, "
                     f"{' and '.join(needs) or 'new numbers only'}")
    lines += [f"{label}: {value}" for label, value in summary(order, journey.catalogue).rows()[2:]]
    return lines
