"""Bot Connector calls over one pooled aiohttp session instead of the SDK's default transport.

The SDK's async ConnectorClient sends through `requests` on the default thread pool and, without
keep-alive, opens a new connection (a new TLS handshake in production) for every reply. Under load the
replies then queue behind a handful of threads. Here each ConnectorClient the SDK creates keeps its
serialiser, credentials and error handling, and only its last hop is swapped: an async pipeline
sending on a shared `aiohttp.ClientSession`, so connections are reused and nothing waits for a thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import ClaimsIdentity, ConnectorFactory
from msrest.exceptions import ClientRequestError
from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline, Request, Response
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import ClientRequest
from msrest.universal_http.async_abc import AsyncClientResponse
from multidict import CIMultiDict

CONNECT_TIMEOUT_S = 10.0


class ConnectorTransport:
    """Owns the shared session: created on first use inside the running loop, closed with the app."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # trust_env: HTTPS_PROXY / NO_PROXY apply, as they did with `requests`
            self._session = aiohttp.ClientSession(trust_env=True)
        return self._session

    def pipeline(self, config: Any) -> AsyncPipeline:
        """The pipeline of the SDK's default async client, minus `requests`."""
        policies = [config.user_agent_policy, _CredentialsPolicy(config.credentials), RawDeserializer(),
                    config.http_logger_policy]
        timeout = aiohttp.ClientTimeout(total=config.connection.timeout, sock_connect=CONNECT_TIMEOUT_S)
        return AsyncPipeline(policies, _SessionSender(self, timeout))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class PooledConnectorAuthentication(ConfigurationBotFrameworkAuthentication):
    """The SDK's configuration-based authentication, whose connector clients use `transport`."""

    def __init__(self, configuration: Any, transport: ConnectorTransport) -> None:
        super().__init__(configuration)
        self._transport = transport

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _PooledFactory(super().create_connector_factory(claims_identity), self._transport)


class _PooledFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, transport: ConnectorTransport) -> None:
        self._inner, self._transport = inner, transport

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        client = await self._inner.create(service_url, audience)
        client.config.pipeline = self._transport.pipeline(client.config)
        return client


class _Headers:
    """What the SDK's credentials sign: they only set or remove the Authorization header."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}


class _CredentialsPolicy(AsyncHTTPPolicy):
    def __init__(self, credentials: Any) -> None:
        super().__init__()
        self._credentials = credentials

    async def send(self, request: Request, **kwargs: Any) -> Response:
        if self._credentials is not None:
            signed = _Headers()
            if getattr(self._credentials, "microsoft_app_id", None):
                # MSAL answers from its cache, but may go to Entra ID to refresh: not on the loop.
                await asyncio.to_thread(self._credentials.signed_session, signed)
            else:
                self._credentials.signed_session(signed)
            request.http_request.headers.update(signed.headers)
        return await self.next.send(request, **kwargs)


@dataclass(frozen=True)
class _Answered:
    """What the SDK's errors carry as `response` (`HttpOperationError.response`): the fields of the
    `requests.Response` they held before, so code reading `status_code` and `headers` keeps working."""

    status_code: int
    headers: Mapping[str, str]
    reason: str | None
    content: bytes


class _LoadedResponse(AsyncClientResponse):
    """A response whose body is already in memory (an empty body is b"", not an error)."""

    def __init__(self, request: ClientRequest, answered: _Answered) -> None:
        super().__init__(request, answered)
        self.status_code, self.headers, self.reason = answered.status_code, answered.headers, answered.reason

    def body(self) -> bytes:
        return self.internal_response.content


class _SessionSender(AsyncHTTPSender):
    def __init__(self, transport: ConnectorTransport, timeout: aiohttp.ClientTimeout) -> None:
        self._transport, self._timeout = transport, timeout

    async def __aenter__(self) -> _SessionSender:
        return self

    async def __aexit__(self, *exc_details: Any) -> None:
        return None  # the session outlives every client; ConnectorTransport.close() ends it

    def build_context(self) -> None:
        return None

    async def send(self, request: Request, **config: Any) -> Response:
        http = request.http_request
        try:
            async with self._transport.session().request(
                    http.method, http.url, headers=dict(http.headers), data=http.data,
                    timeout=self._timeout) as answer:
                answered = _Answered(answer.status, CIMultiDict(answer.headers), answer.reason,
                                     await answer.read())
        except (aiohttp.ClientError, TimeoutError) as error:
            raise ClientRequestError(f"The Bot Connector could not be reached: {error!r}") from error
        return Response(request, _LoadedResponse(http, answered))
