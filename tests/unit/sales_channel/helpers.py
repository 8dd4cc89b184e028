"""Small stand-ins for the unit tests: a publisher that records (idempotent on the key, like the
outbox), cases, and staff."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.notifications.events import Event, EventKind
from services.sales import HandoffKind
from services.sales_channel.models import Case, CaseView, StaffMember
from tests.clock import START

OPERATOR = "op-tenant"
ADA = StaffMember(tenant_id=OPERATOR, aad_id="aad-ada", name="Ada Lovelace")
GRACE = StaffMember(tenant_id=OPERATOR, aad_id="aad-grace", name="Grace Hopper")
MALLORY = StaffMember(tenant_id="customer-tenant", aad_id="aad-mallory", name="Mallory")


@dataclass
class RecordingPublisher:
    events: list[Event] = field(default_factory=list)

    async def publish(self, event: Event) -> bool:
        if any(known.key == event.key for known in self.events):
            return False
        self.events.append(event)
        return True

    def kinds(self) -> list[EventKind]:
        return [event.kind for event in self.events]


def case(case_id: str = "case-1", *, customer: str | None = "aad-carl", **view: object) -> Case:
    details = {"title": HandoffKind.PORTING.title, "company": "Contoso Ltd", "requester": "Carl Customer",
               "requester_email": "carl@contoso.example", "order_ref": "ABCD1234",
               "order_status": "awaiting sales", "countries": ["Germany", "France"], **view}
    return Case(id=case_id, kind=HandoffKind.PORTING, tenant_id="customer-tenant", order_id="abcd1234ffff",
                customer_user_id=customer, customer_name="Carl Customer", view=CaseView(**details),
                created_at=START)
