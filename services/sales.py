"""Handoffs to the operator's sales staff: help requests, leads, porting and migration orders.

The embedded adapter emails the sales team through the mail port; the Teams channel post is another
adapter of the same port.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from services.domain.base import UtcDatetime, new_id
from services.mail.port import Mailer
from services.mail.templates import sales_handoff


class HandoffKind(StrEnum):
    HELP = "help"
    LEAD = "lead"
    PORTING = "porting"

    @property
    def title(self) -> str:
        return {"help": "Help requested", "lead": "New customer lead",
                "porting": "Porting or migration order"}[self.value]


class Handoff(BaseModel):
    """What sales needs to pick a case up: who, which tenant, which order, and what they said."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(default_factory=new_id)
    kind: HandoffKind
    tenant_id: str
    requester: str
    requester_email: str = ""
    company: str = ""
    order_id: str | None = None
    countries: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)
    message: str = Field(default="", max_length=2000)
    created_at: UtcDatetime

    def as_text(self) -> str:
        requester = f"{self.requester} {self.requester_email}".strip()
        lines = [self.kind.title, "", f"Company: {self.company or '(not given)'}",
                 f"Tenant: {self.tenant_id}", f"Requested by: {requester}"]
        if self.order_id:
            lines.append(f"Order: {self.order_id}")
        if self.countries:
            lines.append(f"Countries: {', '.join(self.countries)}")
        lines += [f"- {line}" for line in self.details]
        if self.message:
            lines += ["", self.message]
        return "\n".join(lines)


class SalesNotifier(Protocol):
    async def notify(self, handoff: Handoff) -> None: ...


class MailSalesNotifier:
    def __init__(self, mailer: Mailer, sales_email: str, operator: str) -> None:
        self._mailer = mailer
        self._to = sales_email
        self._operator = operator

    async def notify(self, handoff: Handoff) -> None:
        await self._mailer.send(sales_handoff(self._to, handoff, operator=self._operator))
