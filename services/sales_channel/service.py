"""The sales desk's use cases: register the channel, pick up, message the customer, relay replies, close.

Every staff action checks first that the person belongs to the operator's own tenant; a refusal
changes nothing. What the customer must hear is published as an event (delivered once, later).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.clock import Clock
from services.domain.errors import InvalidValue
from services.notifications.events import Event, EventKind, EventPublisher
from services.sales_channel import wording
from services.sales_channel.errors import CaseNotActive, NotAuthorised
from services.sales_channel.models import Case, CaseStatus, SalesChannel, StaffMember
from services.sales_channel.port import CaseStore, SalesChannelStore

log = logging.getLogger(__name__)

MAX_MESSAGE = 2000


@dataclass(frozen=True)
class Outcome:
    """The case after an action, and whether this call was the one that changed it."""

    case: Case
    changed: bool


class SalesDesk:
    def __init__(self, cases: CaseStore, channels: SalesChannelStore, publisher: EventPublisher,
                 clock: Clock, *, operator_tenant_id: str, operator_name: str) -> None:
        self.cases, self.channels = cases, channels
        self._publisher, self._clock = publisher, clock
        self._operator_tenant, self.operator_name = operator_tenant_id, operator_name

    def now(self) -> datetime:
        return self._clock.now()

    def is_staff(self, tenant_id: str | None) -> bool:
        return bool(self._operator_tenant) and tenant_id == self._operator_tenant

    def ensure_staff(self, staff: StaffMember) -> None:
        if not self.is_staff(staff.tenant_id):
            log.warning("refused a sales channel action by %s of tenant %s", staff.aad_id, staff.tenant_id)
            raise NotAuthorised(wording.staff_only(self.operator_name))

    async def register(self, staff: StaffMember, team_id: str, channel_id: str,
                       reference: dict[str, Any]) -> SalesChannel:
        self.ensure_staff(staff)
        channel = SalesChannel(team_id=team_id, channel_id=channel_id, reference=reference,
                               registered_by=staff.display_name, registered_by_aad=staff.aad_id,
                               registered_at=self._clock.now())
        await self.channels.register(channel)
        log.info("channel %s of team %s registered as the sales channel by %s", channel_id, team_id,
                 staff.aad_id)
        return channel

    async def channel(self) -> SalesChannel | None:
        return await self.channels.current()

    async def pick_up(self, case_id: str, staff: StaffMember) -> Outcome:
        """The first click wins; a later one gets the case as it is (who has it)."""
        self.ensure_staff(staff)
        won = await self.cases.pick_up(case_id, staff, self._clock.now())
        case = await self.cases.get(case_id)
        if won:
            await self._tell_customer(case, EventKind.SALES_PICKED_UP, f"picked_up:{case.id}",
                                      wording.picked_up(case, self.operator_name), staff)
        return Outcome(case, won)

    async def message_customer(self, case_id: str, staff: StaffMember, text: str, key: str) -> Case:
        """Relays a rep's text into the customer's chat; `key` (the click's activity id) makes it once."""
        self.ensure_staff(staff)
        text = text.strip()
        if not text:
            raise InvalidValue("Type the message for the customer first.", field="reply_text")
        if len(text) > MAX_MESSAGE:
            raise InvalidValue(f"Keep the message under {MAX_MESSAGE} characters.", field="reply_text")
        case = await self.cases.get(case_id)
        if case.status is not CaseStatus.PICKED_UP:
            raise CaseNotActive(wording.not_active(case))
        if not case.reachable:
            raise CaseNotActive(wording.unreachable(case))
        await self._tell_customer(case, EventKind.MESSAGE_FROM_SALES, f"sales_message:{key}", text, staff)
        return case

    async def close(self, case_id: str, staff: StaffMember) -> Outcome:
        self.ensure_staff(staff)
        before = await self.cases.get(case_id)
        closed = await self.cases.close(case_id, staff, self._clock.now())
        case = await self.cases.get(case_id)
        if closed and before.status is CaseStatus.PICKED_UP:
            await self._tell_customer(case, EventKind.MESSAGE_FROM_SALES, f"closed:{case.id}",
                                      wording.closed(case, self.operator_name), staff)
        return Outcome(case, closed)

    async def relay_from_customer(self, tenant_id: str, user_id: str, name: str, text: str,
                                  key: str) -> Case | None:
        """A customer's free text, for the thread of their picked-up case; None when there is none."""
        case = await self.cases.active_for_customer(tenant_id, user_id)
        if case is None or not text.strip():
            return None
        await self._publisher.publish(Event(
            key=f"customer_message:{key}", kind=EventKind.MESSAGE_FROM_CUSTOMER, tenant_id=tenant_id,
            order_id=case.order_id, text=text.strip()[:MAX_MESSAGE],
            data={"case_id": case.id, "from": name, "user_id": user_id}, created_at=self._clock.now()))
        return case

    async def _tell_customer(self, case: Case, kind: EventKind, key: str, text: str,
                             staff: StaffMember) -> None:
        if not case.reachable:
            log.info("case %s has no customer chat: %s not sent", case.id, kind.value)
            return
        await self._publisher.publish(Event(
            key=key, kind=kind, tenant_id=case.tenant_id, order_id=case.order_id, text=text,
            data={"case_id": case.id, "user_id": case.customer_user_id,
                  "sender": wording.sender(staff, self.operator_name)},
            created_at=self._clock.now()))
