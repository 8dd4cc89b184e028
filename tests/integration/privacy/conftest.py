"""The bot's whole object graph on a fake clock, on the embedded backends (SQLite, local files) and on
the local Azure stand-ins (cosmosdb-server, Azurite), with the privacy use case wired as the app wires
it; and two customer tenants with orders, contract PDFs, mail, a chat and sales channel cases each."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.components import Components, build_components
from bot.sales_channel_wiring import case_stores
from bot.settings import Settings
from bot.wiring import build_privacy, conversation_store
from services.contracts import ContractStore
from services.domain.contact import Contact, ContactRole
from services.domain.order import Billing, Order
from services.mail.port import Email
from services.mail.retention import SqliteMailRetention
from services.privacy import Privacy
from services.privacy_models import MailRows
from services.sales import HandoffKind
from services.sales_channel.cases import contact_lines
from services.sales_channel.models import Case, CaseView, StaffMember
from services.sales_channel.port import CaseStore
from tests.clock import FakeClock
from tests.conftest import TENANT, Chat, make_settings
from tests.dialogs.conftest import DEMO_OCN
from tests.dialogs.office_flow import BERLIN, PARIS, office_in
from tests.integration.esign.orders import CONTACTS, SIGNATORY

OTHER_TENANT = "22222222-2222-4222-8222-222222222222"
FABRIKAM = [Contact(role=role, first_name="Dora", last_name="Daring", email=f"{role.value}@fabrikam.com",
                    phone="+4930901820") for role in ContactRole]
FABRIKAM_SIGNATORY = {"name": "Erin Earnest", "job_title": "CEO", "email": "erin@fabrikam.com"}
REP = StaffMember(tenant_id="operator", aad_id="aad-rep", name="Rita Rep")


def azure_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    cosmos, blobs = request.getfixturevalue("cosmos_emulator"), request.getfixturevalue("azurite")
    return make_settings(tmp_path, store="cosmos", cosmos_endpoint=cosmos.endpoint, cosmos_key=cosmos.key,
                         cosmos_verify_tls=False, cosmos_database=f"privacy-{uuid.uuid4().hex[:8]}",
                         blobs="azure", azure_storage_connection_string=blobs.connection_string,
                         blob_container=f"contracts-{uuid.uuid4().hex[:8]}")


async def full_order(deps, tenant: str, people: list[Contact]) -> Order:
    """A draft of `tenant` ready to submit: Germany and France, an office with held numbers in each,
    and `people` as its contacts."""
    draft = await deps.journey.start(tenant, DEMO_OCN)

    def countries(order: Order) -> None:
        for code in ("DE", "FR"):
            entry = order.add_country(code)
            entry.plan_id = f"{code.lower()}-essentials"
            entry.billing = Billing(new_bcn=True, currency=deps.catalogue.country(code).currency)

    await deps.journey.change(tenant, draft.id, countries)
    await office_in(deps, draft.id, BERLIN, country="DE", area_code="30", users=3, tenant=tenant)
    await office_in(deps, draft.id, PARIS, country="FR", area_code="1", users=2, tenant=tenant)

    def contacts(order: Order) -> None:
        for contact in people:
            order.set_contact(contact)

    await deps.journey.change(tenant, draft.id, contacts)
    order = await deps.journey.load(tenant, draft.id)
    assert deps.journey.problems(order) == [], deps.journey.problems(order)
    return order


BACKENDS = {"embedded": lambda request, tmp_path: make_settings(tmp_path), "azure": azure_settings}


@dataclass
class Customer:
    """What one tenant left in the stores: a submitted order, a draft with held numbers, a chat, and two
    sales cases (the order's handoff with its contacts, open; a closed lead naming the first person)."""

    tenant: str
    submitted: Order
    draft: Order
    emails: set[str]
    state_keys: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)


@dataclass
class World:
    components: Components
    clock: FakeClock
    privacy: Privacy

    @property
    def deps(self):
        return self.components.services.deps

    @property
    def mail(self) -> MailRows:
        cosmos = self.components.services.cosmos
        return cosmos.mail_retention if cosmos is not None else SqliteMailRetention(self.components.database)

    @property
    def outbox(self) -> Path:
        return self.components.settings.data_dir / "outbox"

    @property
    def cases(self) -> CaseStore:
        return case_stores(self.components.database, self.components.services.cosmos)[0]

    async def case(self, tenant: str, kind: HandoffKind, view: CaseView, *, order: Order | None = None,
                   user: str | None = None, closed: bool = False) -> str:
        """A case as a handoff opens it (now), closed by a rep now if `closed`; its id."""
        opened = Case(id=uuid.uuid4().hex, kind=kind, tenant_id=tenant, order_id=order.id if order else None,
                      customer_user_id=user, customer_name=view.requester, view=view,
                      created_at=self.clock.now())
        await self.cases.add(opened)
        if closed:
            assert await self.cases.close(opened.id, REP, self.clock.now())
        return opened.id

    @property
    def conversations(self):
        return conversation_store(self.components.services, self.components.database)

    async def customer(self, tenant: str, user: str, *, people: list[Contact] = CONTACTS,
                       signatory: dict[str, str] = SIGNATORY) -> Customer:
        """An order sent for signature (draft PDF, signing email) with a final PDF stored as if signed,
        a draft holding numbers with a previewed PDF, an email to each person, and the user's chat with
        the bot (its conversation state, and a user state row)."""
        deps, submission = self.deps, self.components.services.submission
        order = await full_order(deps, tenant, people)
        await submission.set_signatory(tenant, order.id, authorised=True, **signatory)
        await submission.submit(tenant, order.id)
        submitted = await deps.journey.load(tenant, order.id)
        await ContractStore(self.components.documents).save_final(submitted, b"%PDF-1.4 signed contract")
        draft = await full_order(deps, tenant, people)
        await ContractStore(self.components.documents).save_draft(draft, b"%PDF-1.4 previewed draft")
        emails = {contact.email for contact in people} | {signatory["email"]}
        for address in sorted(emails):
            await deps.mailer.send(Email(to=[address], subject="Your order", text=f"Hello {address}"))
        chat = Chat.with_bot(self.components, user=user, tenant=tenant)
        await chat.say("hello")
        keys = [f"msteams/conversations/a:{user}-personal", f"msteams/users/29:{user}"]
        await self.components.storage.write({keys[1]: {"Session": {"ocn": DEMO_OCN, "email": "x@y.example"}}})
        await self.components.services.mailer.drain()
        first = people[0]
        cases = [await self.case(tenant, HandoffKind.PORTING, CaseView(
                     title="Porting", company=submitted.company_name, requester=first.full_name,
                     requester_email=first.email, contacts=contact_lines(submitted)),
                     order=submitted, user=f"aad-{user}"),
                 await self.case(tenant, HandoffKind.LEAD, CaseView(
                     title="Lead", requester=first.full_name, requester_email=first.email,
                     message=f"Call me on {first.phone}"), closed=True)]
        return Customer(tenant, submitted, draft, emails, keys, cases)


@pytest.fixture(params=sorted(BACKENDS))
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[World]:
    settings = BACKENDS[request.param](request, tmp_path)
    clock = FakeClock()
    components = build_components(settings, clock=clock)
    privacy = build_privacy(settings, components.database, components.services, components.storage,
                            components.documents)
    yield World(components, clock, privacy)
    await components.close()


@pytest.fixture
async def embedded(tmp_path: Path) -> AsyncIterator[World]:
    settings = make_settings(tmp_path)
    clock = FakeClock()
    components = build_components(settings, clock=clock)
    yield World(components, clock, build_privacy(settings, components.database, components.services,
                                                 components.storage, components.documents))
    await components.close()


__all__ = ["FABRIKAM", "FABRIKAM_SIGNATORY", "OTHER_TENANT", "REP", "TENANT", "Customer", "World"]
