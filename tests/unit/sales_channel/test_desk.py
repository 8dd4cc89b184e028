"""The sales desk's rules on the real SQLite stores: staff only, first pick-up wins, messages need a
picked-up case, closing ends it; the customer is told through events, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.domain.errors import InvalidValue
from services.notifications.events import EventKind
from services.sales_channel.errors import CaseNotActive, NotAuthorised
from services.sales_channel.models import CaseStatus
from services.sales_channel.service import SalesDesk
from services.sales_channel.sqlite import SqliteCaseStore, SqliteSalesChannelStore
from services.storage.sqlite import SqliteDatabase
from tests.clock import FakeClock
from tests.unit.sales_channel.helpers import ADA, GRACE, MALLORY, OPERATOR, RecordingPublisher, case


@pytest.fixture
def database(tmp_path: Path):
    opened = SqliteDatabase(tmp_path / "bot.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


def _desk(database: SqliteDatabase, publisher: RecordingPublisher, operator: str = OPERATOR) -> SalesDesk:
    return SalesDesk(SqliteCaseStore(database), SqliteSalesChannelStore(database), publisher, FakeClock(),
                     operator_tenant_id=operator, operator_name="Northwind Telecom")


@pytest.fixture
async def desk(database, publisher) -> SalesDesk:
    made = _desk(database, publisher)
    await made.cases.add(case())
    return made


async def test_without_an_operator_tenant_nobody_is_staff(database, publisher) -> None:
    desk = _desk(database, publisher, operator="")
    assert not desk.is_staff("")
    with pytest.raises(NotAuthorised):
        await desk.register(ADA.model_copy(update={"tenant_id": ""}), "team", "channel", {})
    assert await desk.channel() is None


async def test_outsiders_change_nothing(desk: SalesDesk, publisher: RecordingPublisher) -> None:
    for action in (desk.pick_up("case-1", MALLORY), desk.close("case-1", MALLORY),
                   desk.message_customer("case-1", MALLORY, "hi", key="k"),
                   desk.register(MALLORY, "team", "channel", {})):
        with pytest.raises(NotAuthorised, match="Only Northwind Telecom staff"):
            await action
    assert (await desk.cases.get("case-1")).status is CaseStatus.OPEN
    assert await desk.channel() is None and publisher.events == []


async def test_the_first_pick_up_wins_and_the_customer_is_told_once(desk, publisher) -> None:
    first = await desk.pick_up("case-1", ADA)
    second = await desk.pick_up("case-1", GRACE)
    assert first.changed and not second.changed
    assert second.case.picked_up_by == "Ada Lovelace" and second.case.picked_up_by_aad == "aad-ada"
    [told] = publisher.events
    assert (told.kind, told.key, told.data["user_id"]) == (EventKind.SALES_PICKED_UP, "picked_up:case-1",
                                                           "aad-carl")
    assert told.text.startswith("Ada Lovelace from the Northwind Telecom sales team picked up your order "
                                "ABCD1234")


async def test_messages_need_a_picked_up_case_and_words(desk, publisher) -> None:
    with pytest.raises(CaseNotActive, match="Pick this case up first"):
        await desk.message_customer("case-1", ADA, "Hello", key="k1")
    await desk.pick_up("case-1", ADA)
    with pytest.raises(InvalidValue):
        await desk.message_customer("case-1", ADA, "  ", key="k2")
    await desk.message_customer("case-1", GRACE, " Hello Carl ", key="k3")
    await desk.message_customer("case-1", GRACE, " Hello Carl ", key="k3")  # the same click again
    message = publisher.events[-1]
    assert (message.kind, message.text, message.data["sender"]) == (
        EventKind.MESSAGE_FROM_SALES, "Hello Carl", "Grace Hopper (Northwind Telecom sales)")
    assert publisher.kinds().count(EventKind.MESSAGE_FROM_SALES) == 1


async def test_a_lead_without_a_chat_cannot_be_messaged(desk, publisher) -> None:
    await desk.cases.add(case("lead-1", customer=None))
    await desk.pick_up("lead-1", ADA)
    with pytest.raises(CaseNotActive, match=r"carl@contoso\.example"):
        await desk.message_customer("lead-1", ADA, "Hello", key="k")
    assert publisher.events == []  # no chat: nobody to tell about the pick-up either


async def test_the_customers_words_reach_only_a_picked_up_case(desk, publisher) -> None:
    assert await desk.relay_from_customer("customer-tenant", "aad-carl", "Carl", "hello", "a1") is None
    await desk.pick_up("case-1", ADA)
    relayed = await desk.relay_from_customer("customer-tenant", "aad-carl", "Carl", "hello", "a2")
    assert relayed is not None and relayed.id == "case-1"
    assert await desk.relay_from_customer("other-tenant", "aad-carl", "Carl", "hello", "a3") is None
    [_, message] = publisher.events
    assert (message.kind, message.data["case_id"], message.text) == (EventKind.MESSAGE_FROM_CUSTOMER,
                                                                     "case-1", "hello")
    closed = await desk.close("case-1", GRACE)
    assert closed.changed and not (await desk.close("case-1", ADA)).changed
    assert await desk.relay_from_customer("customer-tenant", "aad-carl", "Carl", "again", "a4") is None
    assert publisher.events[-1].text.startswith("Grace Hopper from the Northwind Telecom sales team closed")
