"""The bot's emails: one-time sign-in code, signing request, signed confirmation, sales handoff.

Each function returns a ready `Email` with a plain-text body and a simple HTML body made from the same
blocks (see `layout`). The operator's name is a parameter, never written into the wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field

from services.domain.base import country_name
from services.domain.limits import DELIVERY_BUSINESS_DAYS
from services.domain.order import Order
from services.mail.layout import Body, Bullets, Button, Facts, Para, recipients
from services.mail.port import Email
from services.pricing import Quote, format_money

if TYPE_CHECKING:  # services.sales sends through the mail port: import it for types only
    from services.sales import Handoff

CODE_MINUTES = 10


class OrderSummary(BaseModel):
    """What an email says about an order: who, where, how many numbers, and the fees per currency."""

    model_config = ConfigDict(frozen=True)

    order_id: str
    company: str
    countries: list[str] = Field(default_factory=list)
    numbers: int = 0
    installation: list[str] = Field(default_factory=list)
    monthly: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, order: Order, quote: Quote, locale: str = "en") -> OrderSummary:
        return cls(order_id=order.id, company=order.company_name,
                   countries=[country_name(entry.country) for entry in order.countries],
                   numbers=sum(entry.requested_numbers for entry in order.countries),
                   installation=[format_money(m, locale) for m in quote.installation_totals.values()],
                   monthly=[format_money(m, locale) for m in quote.monthly_totals.values()])

    def rows(self) -> list[tuple[str, str]]:
        rows = [("Order", self.order_id), ("Company", self.company or "(not given)")]
        if self.countries:
            rows.append(("Countries", ", ".join(self.countries)))
        rows.append(("Phone numbers", str(self.numbers)))
        if self.installation:
            rows.append(("Installation fees", " + ".join(self.installation)))
        if self.monthly:
            rows.append(("Monthly fees", " + ".join(self.monthly)))
        return rows


def signin_code(to: str, code: str, *, operator: str) -> Email:
    body = Body(
        title="Your sign-in code",
        blocks=[Para(f"Use this code to sign in to {operator} Teams Phone ordering in Microsoft Teams:"),
                Para(code, strong=True),
                Para(f"The code is valid for {CODE_MINUTES} minutes and works once."),
                Para("If you did not ask for a code, ignore this email: nobody can sign in without it.")],
        footer=_footer(operator))
    return _email(to, f"Your {operator} sign-in code", body)


def signing_request(to: str | Sequence[str], *, operator: str, signer: str, requested_by: str, link: str,
                    summary: OrderSummary, expires_at: datetime, zone: str | None = None) -> Email:
    company = summary.company or "your company"
    body = Body(
        title=f"Please sign the Teams Phone order for {company}",
        blocks=[Para(f"Hello {signer},"),
                Para(f"{requested_by} asked you to sign the {operator} Teams Phone contract for {company}. "
                     "Review the contract, then sign it on the signing page."),
                Button("Review and sign", link),
                Para(f"This link is for you only and works until {when(expires_at, zone)}. After that, "
                     f"ask {requested_by} to send a new one."),
                Facts(summary.rows()),
                Para("If you did not expect this email, ignore it: nothing is signed without you.")],
        footer=_footer(operator))
    return _email(to, f"Signature requested: Teams Phone order for {company}", body)


def signed_confirmation(to: str | Sequence[str], *, operator: str, signer: str, summary: OrderSummary,
                        signed_at: datetime, due: date, zone: str | None = None) -> Email:
    company = summary.company or "your company"
    body = Body(
        title="Your Teams Phone order is signed",
        blocks=[Para(f"{signer} signed the {operator} Teams Phone contract for {company} on "
                     f"{when(signed_at, zone)}. A copy of the signed contract is kept with the order."),
                Facts([*summary.rows(), ("Due date", day(due))]),
                Para("What happens next", strong=True),
                Bullets([f"We confirm your phone numbers and upload them to your Teams tenant within "
                         f"{DELIVERY_BUSINESS_DAYS} business days, by {day(due)}.",
                         "The bot tells you in Teams when the order is being processed, when the numbers "
                         "are in your tenant, and when the order is complete.",
                         "Then assign the numbers to users and resource accounts in the "
                         "Teams admin center."])],
        footer=_footer(operator))
    return _email(to, f"Order signed: Teams Phone for {company}, due {day(due)}", body)


def sales_handoff(to: str | Sequence[str], handoff: Handoff, *, operator: str) -> Email:
    requester = handoff.requester
    if handoff.requester_email:
        requester = f"{requester} <{handoff.requester_email}>"
    rows = [("Kind", handoff.kind.title), ("Company", handoff.company or "(not given)"),
            ("Tenant", handoff.tenant_id), ("Requested by", requester)]
    if handoff.order_id:
        rows.append(("Order", handoff.order_id))
    if handoff.countries:
        rows.append(("Countries", ", ".join(country_name(code) for code in handoff.countries)))
    blocks = [Para(f"{handoff.kind.title}, sent from the Teams ordering bot on "
                   f"{when(handoff.created_at, None)}."), Facts(rows)]
    if handoff.details:
        blocks.append(Bullets(handoff.details))
    if handoff.message:
        blocks += [Para("Their message", strong=True), Para(handoff.message)]
    subject = f"{handoff.kind.title}: {handoff.company or handoff.requester}"
    return _email(to, subject, Body(title=handoff.kind.title, blocks=blocks,
                                    footer=f"{operator} sales handoff {handoff.id}"))


def when(moment: datetime, zone: str | None) -> str:
    """'7 December 2026 at 09:00 UTC' in the reader's time zone when known."""
    try:
        local = moment.astimezone(ZoneInfo(zone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        local = moment.astimezone(ZoneInfo("UTC"))
    return f"{local.day} {local:%B %Y} at {local:%H:%M} {local.tzname()}"


def day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def _footer(operator: str) -> str:
    return f"{operator} · Teams Phone ordering"


def _email(to: str | Sequence[str], subject: str, body: Body) -> Email:
    return Email(to=recipients(to), subject=_one_line(subject)[:200], text=body.text(), html=body.html())


def _one_line(value: str) -> str:
    return " ".join(value.split())
