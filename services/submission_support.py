"""Small steps the submission use cases share: rendering the contract off the event loop, and side
effects (email, chat message) that are logged when they fail instead of undoing a recorded change."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from services import pricing
from services.catalogue.models import Catalogue
from services.contracts import render_contract
from services.domain.contact import ContactRole
from services.domain.order import Order
from services.mail.port import Email, Mailer
from services.mail.templates import OrderSummary
from services.notifications.events import EventKind
from services.submission_models import ChatNotifier, SubmissionConfig

log = logging.getLogger(__name__)


async def render(order: Order, catalogue: Catalogue, config: SubmissionConfig,
                 signed_at: datetime | None = None) -> bytes:
    """The draft (or, with `signed_at`, the final) contract; in a worker thread (500 numbers take a while)."""
    return await asyncio.to_thread(render_contract, order, catalogue, operator_name=config.operator_name,
                                   terms=config.terms, signed_at=signed_at)


def summary(order: Order, catalogue: Catalogue) -> OrderSummary:
    return OrderSummary.of(order, pricing.quote(order, catalogue))


def ordering_person(order: Order) -> tuple[str, str]:
    """The ordering contact's name and email, or the company when there is none."""
    contact = order.contact(ContactRole.ORDERING)
    if contact is None:
        return (order.company_name or "Your Teams administrator", "")
    return contact.full_name, contact.email


async def mail(mailer: Mailer, email: Email, what: str, order_id: str) -> bool:
    try:
        await mailer.send(email)
    except Exception:
        log.exception("could not send the %s email of order %s", what, order_id)
        return False
    return True


async def tell(chat: ChatNotifier, order: Order, text: str, kind: EventKind | None = None) -> bool:
    try:
        await chat.notify(order.tenant_id, order.id, text, kind=kind)
    except Exception:
        log.exception("could not post to the chat of order %s", order.id)
        return False
    return True
