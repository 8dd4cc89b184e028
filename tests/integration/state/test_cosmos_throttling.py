"""A throttled Cosmos DB (429 on every call) makes the storage give up within about 5 seconds."""

from __future__ import annotations

import time

import pytest
from aiohttp import web

from bot.state.cosmos import CosmosStorage
from services.domain.errors import StoreUnavailable
from services.storage.cosmos import THROTTLE_RETRIES


def throttling_account() -> tuple[web.Application, list[str]]:
    """Answers the account lookup, then 429 "request rate is large" to everything."""
    calls: list[str] = []

    async def account(request: web.Request) -> web.Response:
        endpoint = f"http://{request.host}/"
        location = [{"name": "Local", "databaseAccountEndpoint": endpoint}]
        return web.json_response({"id": "local", "_rid": "local", "_self": "", "_dbs": "//dbs/",
                                  "writableLocations": location, "readableLocations": location,
                                  "userConsistencyPolicy": {"defaultConsistencyLevel": "Session"}})

    async def throttled(request: web.Request) -> web.Response:
        calls.append(request.path)
        return web.json_response({"code": "TooManyRequests", "message": "Request rate is large"},
                                 status=429, headers={"x-ms-retry-after-ms": "10"})

    app = web.Application()
    app.router.add_get("/", account)
    app.router.add_route("*", "/{tail:.+}", throttled)
    return app, calls


async def test_429s_are_retried_a_bounded_number_of_times(aiohttp_server) -> None:
    app, calls = throttling_account()
    server = await aiohttp_server(app)
    storage = CosmosStorage.from_settings(str(server.make_url("/")), "a2V5", "db", "state")
    started = time.monotonic()
    try:
        with pytest.raises(StoreUnavailable, match="429"):
            await storage.ping()
    finally:
        await storage.close()
    assert time.monotonic() - started < 6
    assert len(calls) == 1 + THROTTLE_RETRIES
