"""Erasure on request, on SQLite + local files and on Cosmos DB + Blob Storage: after forgetting a tenant
or a person nothing of them can be read back from any store, and the other tenant is byte-for-byte the
same. A dry run changes nothing."""

from __future__ import annotations

import pytest

from services.domain.contact import ContactRole
from services.domain.erasure import ERASED, ErasedContact, ErasedSignatory
from services.domain.errors import InvalidValue
from services.domain.status import OrderStatus
from tests.integration.privacy.conftest import FABRIKAM, FABRIKAM_SIGNATORY, OTHER_TENANT, TENANT, World
from tests.integration.privacy.reading import everything

PERSONAL = ("contoso.com", "Lovelace", "Babbage", "Turing", "Grace", "Hopper", "Friedrichstra",
            "Rue de Rivoli", "aad-carl")


async def test_forget_tenant_leaves_nothing_of_it_and_the_other_tenant_untouched(world: World) -> None:
    carl = await world.customer(TENANT, "carl")
    dora = await world.customer(OTHER_TENANT, "dora", people=FABRIKAM, signatory=FABRIKAM_SIGNATORY)
    carls, doras = await everything(world, carl), await everything(world, dora)
    assert carls["documents"] and carls["mail_rows"] and carls["conversations"] and len(carls["state"]) == 2
    assert carls["holds"][carl.draft.id] and carls["mail_files"]
    assert all(carls["cases"].values()) and carls["tenant_cases"] == sorted(carl.cases)

    dry = await world.privacy.forget_tenant(TENANT, world.clock.now(), apply=False)
    assert (dry.orders_deleted, dry.orders_erased) == ([carl.draft.id], [carl.submitted.id])
    assert (dry.documents, dry.conversations, dry.state_rows) == (3, 1, 2)
    assert dry.holds_released == 2 and dry.mail_rows >= 5 and dry.cases == 2
    assert await everything(world, carl) == carls

    done = await world.privacy.forget_tenant(TENANT, world.clock.now())
    assert (done.orders_deleted, done.orders_erased, done.documents) == (dry.orders_deleted,
                                                                           dry.orders_erased, 3)
    assert (done.mail_rows, done.conversations, done.state_rows, done.cases) == (dry.mail_rows, 1, 2, 2)
    left = await everything(world, carl)
    assert left["orders"][carl.draft.id] is None and left["holds"][carl.draft.id] == []
    kept = left["orders"][carl.submitted.id]
    assert all(word not in kept for word in PERSONAL), kept
    assert left["holds"][carl.submitted.id] == carls["holds"][carl.submitted.id]  # its numbers stay
    assert {key: value for key, value in left.items() if key not in ("orders", "holds")} == {
        "documents": [], "mail_rows": [], "mail_files": [], "conversations": [], "state": {},
        "cases": dict.fromkeys(carl.cases), "tenant_cases": []}
    assert await everything(world, dora) == doras

    order = await world.deps.journey.load(TENANT, carl.submitted.id)
    assert order.status is OrderStatus.AWAITING_SIGNATURE and order.erased_at == world.clock.now()
    assert isinstance(order.signatory, ErasedSignatory) and order.legal_address.street == ERASED
    assert world.deps.journey.quote(order) == world.deps.journey.quote(carl.submitted)  # fees unchanged
    again = await world.privacy.forget_tenant(TENANT, world.clock.now())
    assert again.empty


async def test_forget_person_erases_them_on_every_order_and_their_mail_only(world: World) -> None:
    carl = await world.customer(TENANT, "carl")
    dora = await world.customer(OTHER_TENANT, "dora", people=FABRIKAM, signatory=FABRIKAM_SIGNATORY)
    carls, doras = await everything(world, carl), await everything(world, dora)
    with pytest.raises(InvalidValue, match="not an email address"):
        await world.privacy.forget_person("charles at contoso", world.clock.now())

    done = await world.privacy.forget_person("CHARLES@contoso.com", world.clock.now())
    assert sorted(done.orders_erased) == sorted([carl.submitted.id, carl.draft.id])
    assert done.mail_rows == 1 and done.documents == 3 and done.conversations == 0
    assert done.cases == 1  # the handoff listing the contacts; the lead names only Ada
    handoff, lead = carl.cases
    assert (await everything(world, carl))["cases"] == {handoff: None, lead: carls["cases"][lead]}
    submitted = await world.deps.journey.load(TENANT, carl.submitted.id)
    assert isinstance(submitted.contact(ContactRole.BILLING), ErasedContact)
    assert submitted.contact(ContactRole.ORDERING).email == "ada@contoso.com"
    draft = await world.deps.journey.load(TENANT, carl.draft.id)
    assert draft.contact(ContactRole.BILLING) is None and draft.status is OrderStatus.DRAFT
    for order in (submitted, draft):
        assert "charles" not in order.model_dump_json().lower() and "Babbage" not in order.model_dump_json()
    assert await world.mail.mentioning(["charles@contoso.com"]) == []
    assert await world.mail.mentioning(["ada@contoso.com"])  # the others' mail stays
    assert await everything(world, dora) == doras
