"""What the submission use cases take and give: results, the signing page's view, the chat port."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from services.domain.errors import DomainError
from services.domain.status import OrderStatus
from services.esign.port import SigningTokenInfo
from services.mail.templates import OrderSummary
from services.notifications.events import EventKind
from services.preflight import Problem

PREVIEW_LIFETIME = timedelta(hours=1)


class ChatNotifier(Protocol):
    """Posts a message into the chat of the person who placed the order (the bot's proactive messenger)."""

    async def notify(self, tenant_id: str, order_id: str, text: str, *,
                     kind: EventKind | None = None) -> None: ...


@dataclass(frozen=True)
class SubmissionConfig:
    operator_name: str
    public_url: str
    terms: str
    preview_lifetime: timedelta = PREVIEW_LIFETIME
    connect_keys: Sequence[str] = field(default_factory=tuple)
    """DocuSign Connect HMAC keys; none configured means every webhook call is refused."""

    @property
    def base_url(self) -> str:
        return self.public_url.rstrip("/")


@dataclass(frozen=True)
class PreviewLink:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class SubmitResult:
    order_id: str
    status: OrderStatus
    message: str
    signing_url: str | None = None
    sent: bool = False
    """The contract went out for signature (or the order went to sales) in this call."""
    repeated: bool = False
    """The order was submitted already: nothing was changed or sent again."""


@dataclass(frozen=True)
class SignedResult:
    order_id: str
    status: OrderStatus
    signed_at: datetime
    due_date: date
    signer_name: str
    company: str = ""
    repeated: bool = False


@dataclass(frozen=True)
class SigningPage:
    """What the signing page shows: the order in short, who must sign, until when the link works."""

    token: SigningTokenInfo
    summary: OrderSummary
    company: str
    signatory_name: str
    signatory_job_title: str

    @property
    def expires_at(self) -> datetime:
        return self.token.expires_at


class SubmitRefused(DomainError):
    """The pre-flight check found problems: nothing was submitted. `problems` lists each one."""

    code = "preflight_failed"

    def __init__(self, problems: list[Problem]) -> None:
        lines = "\n".join(f"- {problem.message}" for problem in problems)
        super().__init__(f"The order cannot be submitted yet:\n{lines}")
        self.problems = problems
