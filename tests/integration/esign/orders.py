"""Orders ready to submit, built straight through the journey, and readers for what the bot sent."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from dialogs.deps import Deps
from services.domain.contact import Contact, ContactRole
from services.domain.order import Order
from services.submission import Submission
from tests.conftest import TENANT
from tests.dialogs.conftest import DEMO_OCN
from tests.dialogs.office_flow import BERLIN, PARIS, office_in, with_countries
from tests.journey import ORDERING

SIGNATORY = {"name": "Grace Hopper", "job_title": "Chief Executive Officer", "email": "grace@contoso.com"}
CONTACTS = [
    Contact(role=ContactRole.ORDERING, first_name=ORDERING["ordering_first_name"],
            last_name=ORDERING["ordering_last_name"], email=ORDERING["ordering_email"],
            phone=ORDERING["ordering_phone"]),
    Contact(role=ContactRole.BILLING, first_name="Charles", last_name="Babbage", email="charles@contoso.com",
            phone="+442079460001"),
    Contact(role=ContactRole.TECHNICAL, first_name="Alan", last_name="Turing", email="alan@contoso.com",
            phone="+4930901820"),
]


async def complete_order(deps: Deps, *, porting: bool = False, users: int = 6,
                         tenant: str = TENANT) -> Order:
    """A draft with Germany and France, an office in each with reserved numbers, and every contact."""
    draft = await deps.journey.start(tenant, DEMO_OCN)
    await with_countries(deps, draft, "DE", "FR")
    await office_in(deps, draft.id, BERLIN, country="DE", area_code="30", users=users, tenant=tenant)
    await office_in(deps, draft.id, PARIS, country="FR", area_code="1", users=2, tenant=tenant)

    def finish(order: Order) -> None:
        for contact in CONTACTS:
            order.set_contact(contact)
        order.country("FR").porting = porting

    await deps.journey.change(tenant, draft.id, finish)
    order = await deps.journey.load(tenant, draft.id)
    assert deps.journey.problems(order) == [], deps.journey.problems(order)
    return order


async def ready(deps: Deps, submission: Submission, **options: bool) -> Order:
    """A complete order with its signatory: ready to submit."""
    order = await complete_order(deps, **options)
    await submission.set_signatory(order.tenant_id, order.id, authorised=True, **SIGNATORY)
    return order


async def submitted(deps: Deps, submission: Submission) -> tuple[str, str, str]:
    """An order sent for signature: its tenant, its id, and the signing link's token."""
    order = await ready(deps, submission)
    url = (await submission.submit(order.tenant_id, order.id)).signing_url
    assert url
    return order.tenant_id, order.id, url.rsplit("/", 1)[1]


class Outbox:
    """The `.eml` files the outbox mailer wrote, parsed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self) -> list[EmailMessage]:
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(path.read_bytes())  # type: ignore[misc]
                for path in sorted(self.folder.glob("*.eml"))]

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages() if address in str(message["To"])]

    @staticmethod
    def text(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        return part.get_content()
