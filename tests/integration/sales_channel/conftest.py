"""The bot behind create_app, a fake Bot Connector, the real event outbox and its worker, and people:
operator staff (Ada, Grace) in the sales channel, an outsider (Mallory, of a customer tenant), and a
customer (Carl) with an order and a personal chat the bot remembers.

The app's own outbox and notification worker (as wired in bot/components.py) deliver the events, but
only when the test calls `pump()`: the app's background loops are left out, so that nothing is
delivered behind the test's back.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from app import create_app
from bot.components import Components, build_components
from services.domain.order import Order
from services.notifications.events import EventKind
from services.notifications.sqlite import SqliteEventOutbox
from services.sales import Handoff, HandoffKind
from services.sales_channel.notifier import ChannelSalesNotifier
from tests.clock import FakeClock
from tests.conftest import TENANT, make_settings
from tests.fake_connector import FakeConnector

OPERATOR = "0e0e0e0e-0000-4000-8000-00000000000e"
TEAM = "19:team-general@thread.tacv2"
SALES = "19:sales@thread.tacv2"
OTHER = "19:random@thread.tacv2"
CUSTOMER_CHAT = "a:carl-personal"
CARL = {"id": "29:carl", "name": "Carl Customer", "aadObjectId": "aad-carl"}
ADA = {"id": "29:ada", "name": "Ada Lovelace", "aadObjectId": "aad-ada"}
GRACE = {"id": "29:grace", "name": "Grace Hopper", "aadObjectId": "aad-grace"}
MALLORY = {"id": "29:mallory", "name": "Mallory", "aadObjectId": "aad-mallory"}
_ids = itertools.count(1)


@dataclass
class Desk:
    client: Any
    connector: FakeConnector
    components: Components
    clock: FakeClock
    order: Order = field(init=False)

    @property
    def outbox(self) -> SqliteEventOutbox:
        return self.components.services.outbox

    # -- what arrives at the bot ----------------------------------------------------------------------

    async def post(self, activity: dict[str, Any]) -> Any:
        response = await self.client.post("/api/messages", json=activity)
        assert response.status in (200, 201), await response.text()
        return await response.json() if response.content_type == "application/json" else None

    def base(self, who: dict[str, str], tenant: str, conversation: dict[str, Any],
             channel_data: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return {"type": "message", "id": f"in-{next(_ids)}", "channelId": "msteams",
                "serviceUrl": self.connector.url, "locale": "en-GB", "localTimezone": "Europe/London",
                "from": who, "recipient": {"id": "28:bot", "name": "Ordering bot"},
                "conversation": {"tenantId": tenant, **conversation},
                "channelData": {"tenant": {"id": tenant}, **channel_data}, **fields}

    def in_channel(self, who: dict[str, str], *, tenant: str = OPERATOR, channel: str = SALES,
                   thread: str = "root-1", **fields: Any) -> dict[str, Any]:
        conversation = {"id": f"{channel};messageid={thread}", "conversationType": "channel", "isGroup": True}
        data = {"team": {"id": TEAM}, "channel": {"id": channel}}
        return self.base(who, tenant, conversation, data, **fields)

    async def command(self, who: dict[str, str], text: str, **where: Any) -> str:
        """Types `@bot text` in a channel; returns what the bot answered there."""
        before = len(self.connector.posted)
        mention = {"type": "mention", "text": "<at>Ordering bot</at>",
                   "mentioned": {"id": "28:bot", "name": "Ordering bot"}}
        await self.post(self.in_channel(who, text=f"<at>Ordering bot</at> {text}", entities=[mention],
                                        **where))
        return "\n".join(str(posted.get("text")) for posted in self.connector.posted[before:])

    async def click(self, who: dict[str, str], verb: str, data: dict[str, Any], *, tenant: str = OPERATOR,
                    root: str | None = None) -> dict[str, Any]:
        """An Action.Execute on a card in the sales channel; returns the invoke response body."""
        thread = root or "card-root"
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
        activity = self.in_channel(who, tenant=tenant, thread=thread, type="invoke",
                                   name="adaptiveCard/action", value=value, replyToId=thread)
        return await self.post(activity)

    async def customer_says(self, text: str) -> str:
        before = len(self.connector.posted)
        conversation = {"id": CUSTOMER_CHAT, "conversationType": "personal"}
        await self.post(self.base(CARL, TENANT, conversation, {}, text=text))
        return "\n".join(str(posted.get("text") or "") for posted in self.connector.posted[before:])

    # -- what the bot sends later ---------------------------------------------------------------------

    async def pump(self) -> list[dict[str, Any]]:
        """Delivers due events; returns what reached the connector meanwhile."""
        before = len(self.connector.posted)
        await self.components.notifier.deliver_due()
        return self.connector.posted[before:]

    async def events(self, kind: EventKind | None = None) -> list[Any]:
        return [entry.event for entry in await self.outbox.entries()
                if kind is None or entry.event.kind is kind]

    async def hand_off(self, kind: HandoffKind = HandoffKind.PORTING) -> Handoff:
        handoff = Handoff(kind=kind, tenant_id=TENANT, requester="Carl Customer",
                          requester_email="carl@contoso.example", company="Contoso Ltd",
                          order_id=self.order.id, countries=["DE", "FR"],
                          details=["Germany: 10 new numbers, 1 office, porting"], created_at=self.clock.now())
        notifier = ChannelSalesNotifier(self.outbox, self.components.services.deps.sales)
        await notifier.notify(handoff)
        return handoff

    async def register(self) -> None:
        said = await self.command(ADA, "register sales channel")
        assert "now the Northwind Telecom sales channel" in said, said


@pytest.fixture
async def desk(aiohttp_client, aiohttp_server, tmp_path, monkeypatch) -> AsyncIterator[Desk]:
    monkeypatch.setenv("OPERATOR_TENANT_ID", OPERATOR)
    clock = FakeClock()
    connector = FakeConnector()
    connector.url = str((await aiohttp_server(connector.app())).make_url("/"))
    settings = make_settings(tmp_path)
    components = build_components(settings, clock=clock)
    app = create_app(settings, components)
    app.cleanup_ctx.clear()  # no background loops: `pump()` delivers
    client = await aiohttp_client(app)
    assert components.sales is not None
    harness = Desk(client, connector, components, clock)
    await harness.customer_says("hi")  # Carl's chat is remembered; he sees the menu
    connector.reset()
    order = Order.new(tenant_id=TENANT, ocn="OCN-1", now=clock.now())
    order.ordered_by = CARL["aadObjectId"]
    order.company_name = "Contoso Ltd"
    harness.order = (await components.services.orders.add(order)).order
    yield harness
    await components.close()
