"""Submitting: pre-flight and holds first, then e-signature (new numbers only) or sales (porting)."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest

from dialogs.deps import Deps
from services.contracts import ContractStore, Version, contract_name
from services.domain.contact import ContactRole
from services.domain.errors import DomainError
from services.domain.status import OrderStatus
from services.esign.port import SigningRequest, SigningSent
from services.inventory import HoldStatus
from services.storage.sqlite import SqliteDatabase
from services.submission import Submission, SubmitRefused
from tests.clock import FakeClock
from tests.integration.esign.conftest import SALES, RecordingChat
from tests.integration.esign.orders import Outbox, complete_order, ready


def signing_tokens(database: SqliteDatabase) -> int:
    with sqlite3.connect(database.path) as conn:
        try:
            return conn.execute("SELECT count(*) FROM esign_tokens").fetchone()[0]
        except sqlite3.OperationalError:  # the table is made on first use
            return 0


async def test_new_numbers_go_to_signature(deps: Deps, submission: Submission, outbox: Outbox,
                                           chat: RecordingChat, contracts: ContractStore,
                                           settings) -> None:
    order = await ready(deps, submission)
    result = await submission.submit(order.tenant_id, order.id)

    assert result.status is OrderStatus.AWAITING_SIGNATURE and result.sent and not result.repeated
    assert result.signing_url and result.signing_url.startswith(f"{settings.public_url}/sign/")
    stored = await deps.journey.load(order.tenant_id, order.id)
    assert stored.status is OrderStatus.AWAITING_SIGNATURE and stored.submitted_at is not None
    holds = await deps.journey.inventory.holds(order.tenant_id, order.id)
    assert len(holds) == 2 and {hold.status for hold in holds} == {HoldStatus.ALLOCATED}
    assert await contracts.exists(contract_name(order.tenant_id, order.id, Version.DRAFT))

    [email] = outbox.to("grace@contoso.com")
    assert "Signature requested" in email["Subject"] and result.signing_url in Outbox.text(email)
    posted = f"The contract was sent to Grace Hopper for signature: {result.signing_url}"
    assert chat.texts(order.id) == [posted]
    assert result.message == chat.texts(order.id)[0]


async def test_a_double_submit_changes_nothing_twice(deps: Deps, submission: Submission, outbox: Outbox,
                                                     chat: RecordingChat, database: SqliteDatabase) -> None:
    order = await ready(deps, submission)
    first = await submission.submit(order.tenant_id, order.id)
    again = await submission.submit(order.tenant_id, order.id)
    assert first.sent and again.repeated and not again.sent and again.signing_url is None
    assert again.status is OrderStatus.AWAITING_SIGNATURE and "submitted already" in again.message
    assert len(outbox.to("grace@contoso.com")) == 1 and len(chat.texts(order.id)) == 1
    assert signing_tokens(database) == 1


async def test_two_submits_at_once_send_one_contract(deps: Deps, submission: Submission, outbox: Outbox,
                                                     chat: RecordingChat, database: SqliteDatabase) -> None:
    order = await ready(deps, submission)
    results = await asyncio.gather(*(submission.submit(order.tenant_id, order.id) for _ in range(4)))
    assert sum(result.sent for result in results) == 1
    assert all(result.status is OrderStatus.AWAITING_SIGNATURE for result in results)
    assert len(outbox.to("grace@contoso.com")) == 1 and len(chat.texts(order.id)) == 1
    assert signing_tokens(database) == 1


async def test_preflight_problems_stop_the_submission(deps: Deps, submission: Submission, outbox: Outbox,
                                                      chat: RecordingChat) -> None:
    order = await ready(deps, submission)
    await deps.journey.change(order.tenant_id, order.id, lambda o: setattr(
        o, "contacts", [c for c in o.contacts if c.role is not ContactRole.TECHNICAL]))
    with pytest.raises(SubmitRefused) as caught:
        await submission.submit(order.tenant_id, order.id)
    assert [p.code for p in caught.value.problems] == ["contact_missing"]
    assert "Add the technical contact." in caught.value.message
    assert (await deps.journey.load(order.tenant_id, order.id)).status is OrderStatus.DRAFT
    assert outbox.messages() == [] and chat.posts == []
    holds = await deps.journey.inventory.holds(order.tenant_id, order.id)
    assert {hold.status for hold in holds} == {HoldStatus.HELD}


async def test_an_expired_hold_stops_the_submission(deps: Deps, submission: Submission, clock: FakeClock,
                                                    outbox: Outbox) -> None:
    order = await ready(deps, submission)
    clock.advance(timedelta(hours=12, seconds=1))
    with pytest.raises(SubmitRefused) as caught:
        await submission.submit(order.tenant_id, order.id)
    assert {p.code for p in caught.value.problems} == {"reservation_expired"}
    assert (await deps.journey.load(order.tenant_id, order.id)).status is OrderStatus.DRAFT
    assert outbox.messages() == []


async def test_the_contract_needs_a_signatory(deps: Deps, submission: Submission) -> None:
    order = await complete_order(deps)
    with pytest.raises(DomainError) as caught:
        await submission.submit(order.tenant_id, order.id)
    assert caught.value.code == "signatory_missing"
    assert (await deps.journey.load(order.tenant_id, order.id)).status is OrderStatus.DRAFT


async def test_a_cancelled_order_cannot_be_submitted(deps: Deps, submission: Submission) -> None:
    order = await ready(deps, submission)
    await deps.journey.cancel(order.tenant_id, order.id)
    with pytest.raises(DomainError) as caught:
        await submission.submit(order.tenant_id, order.id)
    assert caught.value.code == "order_locked" and "cancelled" in caught.value.message


async def test_porting_goes_to_sales_without_signature(deps: Deps, submission: Submission, outbox: Outbox,
                                                       database: SqliteDatabase) -> None:
    order = await complete_order(deps, porting=True)
    result = await submission.submit(order.tenant_id, order.id)

    assert result.status is OrderStatus.AWAITING_SALES and result.signing_url is None
    assert "sales manager will contact you" in result.message and "Northwind Telecom" in result.message
    assert (await deps.journey.load(order.tenant_id, order.id)).status is OrderStatus.AWAITING_SALES
    [handoff] = outbox.to(SALES)
    text = Outbox.text(handoff)
    assert "Porting or migration order" in handoff["Subject"]
    assert order.id in text and "Contoso" in text and "Ada Lovelace" in text
    assert "France: 2 new numbers, 1 office, porting" in text and "Germany: 6 new numbers" in text
    assert signing_tokens(database) == 0 and outbox.to("grace@contoso.com") == []
    holds = await deps.journey.inventory.holds(order.tenant_id, order.id)
    assert {hold.status for hold in holds} == {HoldStatus.ALLOCATED}  # kept for the sales manager
    assert (await submission.submit(order.tenant_id, order.id)).repeated
    assert len(outbox.to(SALES)) == 1


class DownEsign:
    """An e-signature provider that does not answer."""

    def __init__(self) -> None:
        self.calls = 0

    async def send(self, request: SigningRequest) -> SigningSent:
        self.calls += 1
        raise DomainError("DocuSign does not answer.", code="esign_unavailable")


async def test_a_provider_outage_keeps_the_order_and_resend_sends_later(
        deps: Deps, submission: Submission, outbox: Outbox, chat: RecordingChat) -> None:
    order = await ready(deps, submission)
    working, submission.sending.esign = submission.sending.esign, DownEsign()
    result = await submission.submit(order.tenant_id, order.id)
    assert result.status is OrderStatus.AWAITING_SIGNATURE and not result.sent
    assert "resend" in result.message and outbox.messages() == [] and chat.posts == []

    submission.sending.esign = working
    resent = await submission.resend(order.tenant_id, order.id)
    assert resent.sent and resent.signing_url and len(outbox.to("grace@contoso.com")) == 1


async def test_resend_replaces_the_earlier_link(deps: Deps, submission: Submission) -> None:
    order = await ready(deps, submission)
    first = (await submission.submit(order.tenant_id, order.id)).signing_url
    second = (await submission.resend(order.tenant_id, order.id)).signing_url
    assert first and second and first != second
    with pytest.raises(DomainError) as caught:
        await submission.signing_page(first.rsplit("/", 1)[1])
    assert caught.value.code == "token_expired"
    assert (await submission.signing_page(second.rsplit("/", 1)[1])).signatory_name == "Grace Hopper"


async def test_resend_only_while_awaiting_signature(deps: Deps, submission: Submission) -> None:
    order = await ready(deps, submission)
    with pytest.raises(DomainError) as caught:
        await submission.resend(order.tenant_id, order.id)
    assert caught.value.code == "not_awaiting_signature"
