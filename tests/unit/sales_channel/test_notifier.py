"""Handoffs go to the channel (a HANDOFF event) and still by email; notifying twice publishes once."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.notifications.events import EventKind
from services.sales import Handoff, HandoffKind
from services.sales_channel.notifier import ChannelSalesNotifier
from tests.clock import START
from tests.unit.sales_channel.helpers import RecordingPublisher


@dataclass
class RecordingMail:
    sent: list[Handoff] = field(default_factory=list)

    async def notify(self, handoff: Handoff) -> None:
        self.sent.append(handoff)


async def test_a_handoff_is_published_for_the_channel_and_emailed() -> None:
    publisher, mail = RecordingPublisher(), RecordingMail()
    handoff = Handoff(kind=HandoffKind.HELP, tenant_id="t-1", requester="Carl", order_id="order-9",
                      countries=["DE"], details=["Asked for help at: offices"], created_at=START)
    notifier = ChannelSalesNotifier(publisher, mail)
    await notifier.notify(handoff)
    await notifier.notify(handoff)
    [event] = publisher.events
    assert (event.kind, event.key, event.tenant_id, event.order_id) == (
        EventKind.HANDOFF, f"handoff:{handoff.id}", "t-1", "order-9")
    assert Handoff.model_validate(event.data["handoff"]) == handoff
    assert "Help requested" in event.text
    assert mail.sent == [handoff, handoff]  # the mail notifier's own queue keeps email delivery
