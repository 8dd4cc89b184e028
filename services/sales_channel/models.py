"""The sales channel's domain: the registered channel, the staff who act in it, and one case per handoff."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.domain.base import UtcDatetime
from services.sales import HandoffKind


class StaffMember(BaseModel):
    """Who acts in the channel, read from the authenticated Teams activity (never from card data)."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    aad_id: str
    name: str

    @property
    def display_name(self) -> str:
        return self.name or "A colleague"


class SalesChannel(BaseModel):
    """The Teams channel where handoffs are posted. `reference` addresses the channel itself (its
    conversation id is the channel id, without a thread part)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    team_id: str
    channel_id: str
    reference: dict[str, Any]
    registered_by: str
    registered_by_aad: str
    registered_at: UtcDatetime

    def thread_reference(self, thread_id: str) -> dict[str, Any]:
        """The same channel, addressed at one thread (`<channel id>;messageid=<root id>`)."""
        conversation = {**self.reference.get("conversation", {}), "id": thread_id}
        return {**self.reference, "conversation": conversation}


def thread_id(channel_id: str, root_activity_id: str) -> str:
    """How Teams addresses the replies to a channel post."""
    return f"{channel_id};messageid={root_activity_id}"


class CaseStatus(StrEnum):
    OPEN = "open"
    PICKED_UP = "picked_up"
    CLOSED = "closed"


class CaseView(BaseModel):
    """What the handoff card shows, captured when the case is opened (already in plain words)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    company: str = ""
    requester: str = ""
    requester_email: str = ""
    order_ref: str = ""
    order_status: str = ""
    countries: list[str] = Field(default_factory=list)
    porting: list[str] = Field(default_factory=list)
    contacts: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)
    message: str = ""


class Case(BaseModel):
    """One handoff in the channel. Its id is the handoff's id, so a redelivered handoff is one case."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: HandoffKind
    tenant_id: str
    order_id: str | None = None
    customer_user_id: str | None = None
    """The customer's Teams user (AAD object id) whose chat hears from sales; None for a lead."""
    customer_name: str = ""
    view: CaseView
    channel_id: str | None = None
    activity_id: str | None = None
    """The handoff card's post in the channel (the thread's root)."""
    thread_id: str | None = None
    status: CaseStatus = CaseStatus.OPEN
    picked_up_by: str | None = None
    picked_up_by_aad: str | None = None
    picked_up_at: UtcDatetime | None = None
    closed_by: str | None = None
    closed_at: UtcDatetime | None = None
    created_at: UtcDatetime

    @property
    def short_ref(self) -> str:
        return (self.order_id or self.id)[:8].upper()

    @property
    def reachable(self) -> bool:
        """Sales can write to the customer's Teams chat."""
        return bool(self.customer_user_id)

