"""Signing end to end on real services: submit -> signing link -> sign -> processing with a due date,
numbers allocated, the final contract stored, the confirmation emailed and posted in the chat."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from dialogs.deps import Deps
from services.contracts import ContractStore, Version, contract_name
from services.documents.local import LocalDocumentStore
from services.domain.errors import DomainError, NotFound, StoreUnavailable
from services.domain.status import OrderStatus
from services.esign.port import SigningError
from services.inventory import HoldStatus
from services.submission import Submission
from services.submission_form import SigningFormError
from tests.clock import FakeClock
from tests.integration.esign.conftest import RecordingChat
from tests.integration.esign.orders import Outbox, complete_order, submitted

DUE = date(2026, 12, 14)  # signed Monday 7 December 2026: five German business days later


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_signing_processes_the_order(deps: Deps, submission: Submission, contracts: ContractStore,
                                           outbox: Outbox, chat: RecordingChat, clock: FakeClock) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    page = await submission.signing_page(token)
    assert (page.company, page.signatory_name) == ("Contoso Ltd", "Grace Hopper")
    assert dict(page.summary.rows())["Phone numbers"] == "8"

    clock.advance(timedelta(hours=1))
    result = await submission.sign(token, "  grace   HOPPER ", True)

    assert result.status is OrderStatus.PROCESSING and result.due_date == DUE and not result.repeated
    assert result.signed_at == clock.now() and result.company == "Contoso Ltd"
    order = await deps.journey.load(tenant, order_id)
    assert order.status is OrderStatus.PROCESSING and order.due_date == DUE
    assert order.signed_at == clock.now()
    holds = await deps.journey.inventory.holds(tenant, order_id)
    assert len(holds) == 2 and {hold.status for hold in holds} == {HoldStatus.ALLOCATED}

    final = text_of(await contracts.get(contract_name(tenant, order_id, Version.FINAL)))
    assert "Grace Hopper" in final and "Chief Executive Officer" in final
    [confirmation] = [m for m in outbox.to("grace@contoso.com") if "Order signed" in m["Subject"]]
    assert "ada@contoso.com" in confirmation["To"] and "Monday 14 December 2026" in confirmation["Subject"]
    assert chat.texts(order_id)[-1] == ("Grace Hopper signed the contract on 7 December 2026 at 10:00 UTC. "
                                        "Your order is now being processed, due by "
                                        "Monday 14 December 2026.")


async def test_the_link_signs_once(deps: Deps, submission: Submission, outbox: Outbox,
                                   chat: RecordingChat) -> None:
    _, order_id, token = await submitted(deps, submission)
    await submission.sign(token, "Grace Hopper", True)
    for attempt in (submission.sign(token, "Grace Hopper", True), submission.signing_page(token),
                    submission.signing_contract(token)):
        with pytest.raises(SigningError) as caught:
            await attempt
        assert caught.value.code == "token_used"
    assert len([m for m in outbox.messages() if "Order signed" in m["Subject"]]) == 1
    assert len(chat.texts(order_id)) == 2  # sent for signature, signed


async def test_mark_signed_again_changes_nothing(deps: Deps, submission: Submission, outbox: Outbox,
                                                 chat: RecordingChat, clock: FakeClock) -> None:
    tenant, order_id, _ = await submitted(deps, submission)
    first = await submission.mark_signed(order_id, tenant, "Grace Hopper", clock.now())
    clock.advance(timedelta(days=3))
    again = await submission.mark_signed(order_id, tenant, "Grace Hopper", clock.now())
    assert again.repeated and (again.signed_at, again.due_date) == (first.signed_at, first.due_date)
    assert len([m for m in outbox.messages() if "Order signed" in m["Subject"]]) == 1
    assert len(chat.texts(order_id)) == 2


async def test_signing_days_after_submission_keeps_the_numbers(deps: Deps, submission: Submission,
                                                               clock: FakeClock) -> None:
    """Holds last 12 hours but a signing link days: submission made them allocations."""
    tenant, order_id, token = await submitted(deps, submission)
    clock.advance(timedelta(days=3))
    report = await deps.journey.inventory.expire_due()
    assert report.expired == []
    result = await submission.sign(token, "Grace Hopper", True)
    assert result.status is OrderStatus.PROCESSING and result.due_date == date(2026, 12, 17)
    assert {h.status for h in await deps.journey.inventory.holds(tenant, order_id)} == {HoldStatus.ALLOCATED}


async def test_a_wrong_name_or_no_consent_signs_nothing(deps: Deps, submission: Submission) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    with pytest.raises(SigningFormError) as caught:
        await submission.sign(token, "Ada Lovelace", False)
    assert set(caught.value.errors) == {"name", "consent"}
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.AWAITING_SIGNATURE
    assert (await submission.sign(token, "Grace Hopper", True)).status is OrderStatus.PROCESSING


async def test_an_expired_link_signs_nothing(deps: Deps, submission: Submission, clock: FakeClock) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    clock.advance(timedelta(days=7))
    with pytest.raises(SigningError) as caught:
        await submission.sign(token, "Grace Hopper", True)
    assert caught.value.code == "token_expired"
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.AWAITING_SIGNATURE


async def test_a_link_of_a_cancelled_order_no_longer_works(deps: Deps, submission: Submission) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    stored = await deps.journey.orders.get(tenant, order_id)
    stored.order.transition(OrderStatus.CANCELLED)
    await deps.journey.orders.save(stored.order, stored.etag)
    with pytest.raises(SigningError) as caught:
        await submission.sign(token, "Grace Hopper", True)
    assert caught.value.code == "token_expired"


class FailingFinals(LocalDocumentStore):
    """The documents folder refuses to store signed contracts while `down` is set."""

    down = True

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        if self.down and name.endswith("/final.pdf"):
            raise StoreUnavailable("The documents folder could not store the file: disk full.")
        await super().put(name, data, content_type)


async def test_a_signature_interrupted_half_way_is_finished_by_signing_again(
        deps: Deps, submission: Submission, settings, outbox: Outbox) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    failing = FailingFinals(settings.data_dir / "documents")
    submission.signing.contracts = ContractStore(failing)
    with pytest.raises(StoreUnavailable):
        await submission.sign(token, "Grace Hopper", True)
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.SIGNED
    assert not [m for m in outbox.messages() if "Order signed" in m["Subject"]]

    failing.down = False
    result = await submission.sign(token, "Grace Hopper", True)  # the link was given back
    assert result.status is OrderStatus.PROCESSING and not result.repeated
    assert len([m for m in outbox.messages() if "Order signed" in m["Subject"]]) == 1


async def test_unknown_orders_and_unsignable_states_are_refused(deps: Deps, submission: Submission,
                                                                clock: FakeClock) -> None:
    with pytest.raises(NotFound):
        await submission.mark_signed("f" * 32, "11111111-1111-1111-1111-111111111111", "X", clock.now())
    draft = await complete_order(deps)
    with pytest.raises(DomainError) as caught:
        await submission.mark_signed(draft.id, draft.tenant_id, "Grace Hopper", clock.now())
    assert caught.value.code == "order_not_signable"
