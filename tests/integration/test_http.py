"""The bot's own HTTP server: /healthz and /api/messages, with a fake Bot Connector receiving replies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import create_app
from tests.card_schema import assert_valid_card, cards_in
from tests.conftest import TENANT, make_settings


@pytest.fixture
async def client(aiohttp_client, settings):
    return await aiohttp_client(create_app(settings))


def activity(service_url: str, **fields) -> dict:
    base = {
        "type": "message",
        "id": "act-1",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": "29:user-a", "name": "Ada", "aadObjectId": "aad-a"},
        "recipient": {"id": "28:bot", "name": "Ordering bot"},
        "conversation": {"id": "a:personal-1", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
    }
    return {**base, **fields}


async def test_healthz_reports_version_and_store(client) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert body == {"status": "ok", "version": "0.1.0", "storage": "sqlite", "store_ok": True}


async def test_healthz_is_503_when_the_store_does_not_answer(aiohttp_client, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data folder should be")
    client = await aiohttp_client(create_app(make_settings(blocker)))
    response = await client.get("/healthz")
    assert response.status == 503
    assert (await response.json())["store_ok"] is False


async def test_installing_the_bot_posts_a_schema_valid_welcome_card(client, connector) -> None:
    update = activity(connector.url, type="conversationUpdate",
                      membersAdded=[{"id": "28:bot"}, {"id": "29:user-a"}])
    response = await client.post("/api/messages", json=update)
    assert response.status in (200, 201)
    [posted] = await connector.wait_for(1)
    [card] = cards_in(posted)
    assert_valid_card(card)
    assert card["body"][0]["text"] == "Welcome to Operator Connect ordering"
    assert posted["_conversation"] == "a:personal-1"


async def test_a_message_gets_the_menu_card(client, connector) -> None:
    response = await client.post("/api/messages", json=activity(connector.url, text="hi"))
    assert response.status in (200, 201)
    [posted] = await connector.wait_for(1)
    assert_valid_card(cards_in(posted)[0])


@pytest.mark.parametrize("body, headers", [
    (b"not json", {"Content-Type": "application/json"}),
    (b'{"type": "message"', {"Content-Type": "application/json"}),
    (b'{"type": "message"}', {}),
    (b'{"type": "message"}', {"Content-Type": "text/plain"}),
    (b"[1, 2, 3]", {"Content-Type": "application/json"}),
    (b'{"type": "message"}', {"Content-Type": "application/json"}),
    (b'{"type": 5, "channelId": "x", "serviceUrl": "y", "conversation": {"id": "c"}}',
     {"Content-Type": "application/json"}),
    (b'{"type": "message", "channelId": "x", "serviceUrl": "y", "conversation": {}}',
     {"Content-Type": "application/json"}),
    ("\udcff".encode("utf-8", "surrogatepass"), {"Content-Type": "application/json"}),
])
async def test_bad_bodies_get_400_with_a_reason(client, body, headers) -> None:
    response = await client.post("/api/messages", data=body, headers=headers)
    assert response.status == 400
    assert (await response.json())["message"]


async def test_a_body_over_one_megabyte_is_refused(client, connector) -> None:
    big = json.dumps(activity(connector.url, text="x" * (1024 * 1024 + 10)))
    response = await client.post("/api/messages", data=big, headers={"Content-Type": "application/json"})
    assert response.status == 413
    assert connector.posted == []


async def test_only_post_is_allowed_on_the_messaging_endpoint(client) -> None:
    assert (await client.get("/api/messages")).status == 405


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-jwt", "Basic dXNlcjpwYXNz"])
async def test_with_an_app_id_a_request_without_a_valid_token_is_401_and_touches_nothing(
        aiohttp_client, tmp_path: Path, connector, authorization) -> None:
    settings = make_settings(tmp_path, app_id="00000000-0000-0000-0000-00000000b0b0",
                             app_password="secret")
    client = await aiohttp_client(create_app(settings))
    headers = {"Authorization": authorization} if authorization else {}
    update = activity(connector.url, type="conversationUpdate", membersAdded=[{"id": "28:bot"}])
    response = await client.post("/api/messages", json=update, headers=headers)
    assert response.status == 401
    assert connector.posted == []
    assert not settings.database_path.exists() or _state_rows(settings.database_path) == 0


def _state_rows(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return conn.execute("SELECT count(*) FROM bot_state").fetchone()[0] if "bot_state" in tables else 0
