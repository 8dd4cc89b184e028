"""Faults during real turns over HTTP: the store failing mid-turn, SMTP down, Blob Storage down, the
Bot Connector answering 429/502. The user gets a plain message, nothing saved is lost, and pending
work (the queued email) goes out once the outage ends.
(A crash between saving an order and notifying about it: tests/integration/notifications/test_restart.py.)
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from app import create_app
from bot.errors import SORRY
from bot.routes import COMPONENTS
from bot.state.sqlite import SqliteStorage
from services.domain.errors import StoreUnavailable
from tests.card_client import press
from tests.conftest import TENANT, make_settings
from tests.integration.mail.smtpd import Recorder, smtp_server
from tests.integration.test_http_journey import HttpTransport
from tests.journey import EMAIL, OCN, click, play_to_recap
from tests.servers import free_port

LEAKS = ("Traceback", 'File "', "StoreUnavailable", "RuntimeError", "Exception", "ConnectionRefused")



def said(posted: list[dict]) -> str:
    return "\n".join(json.dumps(activity) for activity in posted)


def assert_plain(posted: list[dict]) -> None:
    shown = said(posted)
    assert not any(leak in shown for leak in LEAKS), shown[:2000]


async def test_the_store_failing_mid_turn_gets_a_plain_apology_and_loses_no_order(
        aiohttp_client, tmp_path: Path, connector, monkeypatch) -> None:
    app = create_app(make_settings(tmp_path))
    bot = HttpTransport(await aiohttp_client(app), connector)
    journey = app[COMPONENTS].services.journey
    draft = await journey.start(TENANT, OCN, "Ada")
    await bot.say("hi")

    async def broken(self, changes) -> None:
        raise StoreUnavailable("The state store did not answer.")

    monkeypatch.setattr(SqliteStorage, "write", broken)
    before = len(connector.posted)
    await bot.say("start order")  # the turn runs, then saving its state fails
    failed = connector.posted[before:]
    assert SORRY in said(failed) or "did not answer" in said(failed)
    assert_plain(failed)

    monkeypatch.undo()
    assert (await journey.load(TENANT, draft.id)).model_dump() == draft.model_dump()
    cards = await bot.say("hi")
    assert cards, "the next turn works again"


async def test_smtp_down_the_code_is_queued_and_delivered_when_smtp_is_back(
        aiohttp_client, tmp_path: Path, connector) -> None:
    port = free_port()  # nothing listens here yet
    settings = make_settings(tmp_path, mail="smtp", smtp_host="127.0.0.1", smtp_port=port,
                             smtp_starttls=False, smtp_timeout=2)
    app = create_app(settings)
    bot = HttpTransport(await aiohttp_client(app), connector)
    card = (await bot.say("start order"))[-1]
    card = await click(bot, card, "Send me a code", ocn=OCN, email=EMAIL)
    assert "code" in json.dumps(card).lower(), "the user is asked for the code although SMTP is down"
    assert_plain(connector.posted)
    services = app[COMPONENTS].services
    [pending] = await services.mail_sender._queue.pending()
    assert pending.email.to == [EMAIL]

    recorder = Recorder()
    with smtp_server(recorder, port):
        report = await services.mail_sender.deliver_due(now=services.deps.clock.now() + timedelta(hours=1))
    assert report.sent == [pending.id]
    [message] = recorder.messages
    assert message["To"] == EMAIL
    assert await services.mail_sender._queue.pending() == []


async def test_blob_storage_down_the_preview_says_so_plainly_and_changes_nothing(
        aiohttp_client, tmp_path: Path, connector, monkeypatch) -> None:
    settings = make_settings(tmp_path)
    app = create_app(settings)
    bot = HttpTransport(await aiohttp_client(app), connector)
    recap = await play_to_recap(bot, settings.data_dir / "outbox")
    contract = await click(bot, recap, "Continue to contract")
    journey = app[COMPONENTS].services.journey
    [order] = await journey.drafts(TENANT)
    documents = app[COMPONENTS].documents

    async def down(*args, **kwargs):
        raise StoreUnavailable("Blob Storage could not store the document (status 503).")

    monkeypatch.setattr(documents, "put", down)
    before = len(connector.posted)
    await bot.submit(press(contract, "Preview the contract"))
    shown = said(connector.posted[before:])
    assert "Blob Storage could not" in shown or SORRY in shown
    assert_plain(connector.posted[before:])
    assert "Open the draft contract" not in shown
    assert (await journey.load(TENANT, order.id)).model_dump() == order.model_dump()
    assert not list((settings.data_dir / "documents").rglob("*.pdf"))


@pytest.mark.parametrize("status", [429, 502])
async def test_the_connector_refusing_a_reply_is_no_500_to_the_channel(
        aiohttp_client, tmp_path: Path, connector, status: int, caplog) -> None:
    client = await aiohttp_client(create_app(make_settings(tmp_path)))
    bot = HttpTransport(client, connector)
    connector.script(status)  # the first reply is refused
    response = await client.post("/api/messages", json=bot._activity(text="hi"))
    assert response.status in (200, 201)
    assert connector.statuses()[0] == status
    assert_plain(connector.posted)
    assert any(record.levelname in ("ERROR", "WARNING") for record in caplog.records), "the refusal is logged"
    assert await bot.say("hi"), "the next turn answers normally"
