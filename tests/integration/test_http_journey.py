"""A full journey over HTTP: activities posted to /api/messages, replies received by a fake Bot
Connector. Two countries, three offices, ending at the recap with the numbers held and the fees right."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from bot.routes import COMPONENTS
from bot.settings import Settings
from services.pricing import format_money
from tests.card_schema import assert_valid_card, cards_in
from tests.conftest import TENANT, make_settings
from tests.fake_connector import FakeConnector
from tests.journey import OFFICES, play_to_recap


class HttpTransport:
    """Posts activities like Teams does and collects what the bot sends back to the connector."""

    def __init__(self, client, connector: FakeConnector) -> None:
        self.client, self.connector = client, connector
        self._ids = itertools.count(1)
        self._last_card_id: str | None = None

    def _activity(self, **fields: Any) -> dict[str, Any]:
        return {"type": "message", "id": f"in-{next(self._ids)}", "channelId": "msteams",
                "serviceUrl": self.connector.url, "locale": "en-GB", "localTimezone": "Europe/Berlin",
                "from": {"id": "29:ada", "name": "Ada Lovelace", "aadObjectId": "aad-ada"},
                "recipient": {"id": "28:bot", "name": "Ordering bot"},
                "conversation": {"id": "a:ada-personal", "conversationType": "personal", "tenantId": TENANT},
                "channelData": {"tenant": {"id": TENANT}}, **fields}

    async def _post(self, activity: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.connector.posted)
        response = await self.client.post("/api/messages", json=activity)
        assert response.status in (200, 201), await response.text()
        cards = []
        for posted in self.connector.posted[before:]:
            for card in cards_in(posted):
                assert_valid_card(card)
                cards.append(card)
                self._last_card_id = posted["_id"]
        return cards

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self._post(self._activity(text=text))

    async def submit(self, value: dict[str, Any]) -> list[dict[str, Any]]:
        return await self._post(self._activity(value=value, replyToId=self._last_card_id))



def azure_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Everything on the local Azure stand-ins: Cosmos DB for state, orders and inventory; Azurite blobs."""
    cosmos, blobs = request.getfixturevalue("cosmos_emulator"), request.getfixturevalue("azurite")
    return make_settings(tmp_path, store="cosmos", cosmos_endpoint=cosmos.endpoint, cosmos_key=cosmos.key,
                         cosmos_verify_tls=False, cosmos_database=f"journey-{uuid.uuid4().hex[:8]}",
                         blobs="azure", azure_storage_connection_string=blobs.connection_string)


BACKENDS = {"embedded": lambda request, tmp_path: make_settings(tmp_path), "azure": azure_settings}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
async def test_two_countries_three_offices_end_at_the_recap(aiohttp_client, request, tmp_path, connector,
                                                            backend: str) -> None:
    settings = BACKENDS[backend](request, tmp_path)
    app = create_app(settings)
    client = await aiohttp_client(app)
    recap = await play_to_recap(HttpTransport(client, connector), settings.data_dir / "outbox")
    journey = app[COMPONENTS].services.journey
    [order] = await journey.drafts(TENANT)
    wanted = {(country, spec["name"]): spec["users"] + spec["resource_accounts"]
              for country, specs in OFFICES.items() for spec in specs}
    held = {(entry.country, office.name): len(office.numbers) for entry in order.countries
            for office in entry.offices}
    assert held == wanted
    assert await journey.inventory.holds(TENANT, order.id)
    shown = str(recap)
    quote = journey.quote(order)
    for totals in (quote.installation_totals, quote.monthly_totals):
        assert set(totals) == {"EUR"}
        for money in totals.values():
            assert format_money(money, "en-GB") in shown
    assert "Continue to contract" in shown
    assert connector.updated, "answered cards were replaced by receipts"
