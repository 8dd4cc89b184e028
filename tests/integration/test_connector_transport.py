"""Bot Connector calls over the pooled aiohttp session (bot/connector_transport.py), against a real local
HTTP server that records each request's connection and Authorization header."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import ClaimsIdentity, MicrosoftAppCredentials
from botframework.connector.models import ErrorResponseException
from msrest.exceptions import ClientRequestError

from bot.connector_transport import ConnectorTransport, PooledConnectorAuthentication
from tests.conftest import make_settings


@dataclass
class Recorder:
    peers: list[int] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    answers: list[web.Response] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        self.peers.append(request.transport.get_extra_info("peername")[1])
        self.authorizations.append(request.headers.get("Authorization"))
        if self.answers:
            return self.answers.pop(0)
        return web.json_response({"id": f"reply-{len(self.peers)}"})


@pytest.fixture
async def recorder(aiohttp_server) -> tuple[Recorder, str]:
    recorder = Recorder()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", recorder.handle)
    server = await aiohttp_server(app)
    return recorder, str(server.make_url("/"))


@pytest.fixture
async def transport():
    transport = ConnectorTransport()
    yield transport
    await transport.close()


async def sdk_client(transport: ConnectorTransport, url: str, tmp_path) -> ConnectorClient:
    """A connector client exactly as the adapter gets one during a turn."""
    auth = PooledConnectorAuthentication(make_settings(tmp_path).bot_framework_config(), transport)
    factory = auth.create_connector_factory(ClaimsIdentity({}, True))
    return await factory.create(url, None)


def message(text: str) -> Activity:
    return Activity(type="message", text=text)


async def test_replies_of_several_turns_share_one_connection(recorder, transport, tmp_path) -> None:
    server, url = recorder
    for turn in range(3):
        client = await sdk_client(transport, url, tmp_path)
        sent = await client.conversations.send_to_conversation("a:chat", message(f"reply {turn}"))
        assert sent.id == f"reply-{turn + 1}"
    assert len(server.peers) == 3 and len(set(server.peers)) == 1
    assert server.authorizations == [None, None, None]  # no app id: the SDK sends no token either


async def test_an_error_status_keeps_the_shape_the_sdk_errors_had(recorder, transport, tmp_path) -> None:
    server, url = recorder
    server.answers.append(web.json_response({"error": {"code": "Throttled", "message": "slow down"}},
                                            status=429, headers={"Retry-After": "3"}))
    client = await sdk_client(transport, url, tmp_path)
    with pytest.raises(ErrorResponseException) as raised:
        await client.conversations.send_to_conversation("a:chat", message("hello"))
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "3"


async def test_an_empty_answer_to_an_update_is_not_an_error(recorder, transport, tmp_path) -> None:
    server, url = recorder
    server.answers.append(web.Response(status=200))
    client = await sdk_client(transport, url, tmp_path)
    await client.conversations.update_activity("a:chat", "reply-1", message("receipt"))
    assert len(server.peers) == 1


async def test_a_connector_that_cannot_be_reached_raises_the_sdk_error(transport, tmp_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = await sdk_client(transport, f"http://127.0.0.1:{port}/", tmp_path)
    with pytest.raises(ClientRequestError, match="could not be reached"):
        await client.conversations.send_to_conversation("a:chat", message("hello"))


class TokenFromCache(MicrosoftAppCredentials):
    """The real credentials class; only the MSAL call is answered locally (no Entra ID here)."""

    def get_access_token(self, force_refresh: bool = False) -> str:
        return "token-from-entra-id"


async def test_with_an_app_id_every_call_carries_the_bot_token(recorder, transport) -> None:
    server, url = recorder
    client = ConnectorClient(TokenFromCache("app-id", "secret"), base_url=url)
    client.config.pipeline = transport.pipeline(client.config)
    await client.conversations.send_to_conversation("a:chat", message("one"))
    await client.conversations.send_to_conversation("a:chat", message("two"))
    assert server.authorizations == ["Bearer token-from-entra-id"] * 2


async def test_a_closed_transport_opens_a_new_session_when_used_again(recorder, transport, tmp_path) -> None:
    server, url = recorder
    client = await sdk_client(transport, url, tmp_path)
    await client.conversations.send_to_conversation("a:chat", message("before"))
    await transport.close()
    await client.conversations.send_to_conversation("a:chat", message("after"))
    assert len(set(server.peers)) == 2
