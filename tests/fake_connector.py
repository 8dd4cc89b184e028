"""A real aiohttp server standing in for the Bot Connector: records what the bot posts."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from aiohttp import web


class FakeConnector:
    def __init__(self) -> None:
        self.posted: list[dict[str, Any]] = []
        self.updated: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._arrived = asyncio.Condition()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._put)
        return app

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        body["_conversation"] = request.match_info["conversation"]
        body["_id"] = f"activity-{next(self._ids)}"
        async with self._arrived:
            self.posted.append(body)
            self._arrived.notify_all()
        return web.json_response({"id": body["_id"]})

    async def _put(self, request: web.Request) -> web.Response:
        self.updated.append(await request.json())
        return web.json_response({"id": request.match_info["activity"]})

    async def wait_for(self, count: int, seconds: float = 5.0) -> list[dict[str, Any]]:
        async with asyncio.timeout(seconds), self._arrived:
            await self._arrived.wait_for(lambda: len(self.posted) >= count)
        return self.posted
