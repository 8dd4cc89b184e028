"""A real aiohttp server standing in for the Bot Connector, keyed by conversation.

What the bot posts into a conversation waits in that conversation's inbox until its simulated admin
takes it, so thousands of turns from hundreds of admins do not pile up in memory.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from aiohttp import web


class Connector:
    def __init__(self) -> None:
        self.url = ""
        self._inbox: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        self._ids = itertools.count(1)
        self.posted = 0
        self.updated = 0

    def app(self) -> web.Application:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._put)
        return app

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        body["_id"] = f"activity-{next(self._ids)}"
        self._inbox[_conversation(request, body)].append(body)
        self.posted += 1
        return web.json_response({"id": body["_id"]})

    async def _put(self, request: web.Request) -> web.Response:
        await request.read()
        self.updated += 1
        return web.json_response({"id": request.match_info["activity"]})

    def take(self, conversation: str) -> list[dict[str, Any]]:
        """Everything posted into `conversation` since the last take, oldest first."""
        return self._inbox.pop(conversation, [])


def _conversation(request: web.Request, body: dict[str, Any]) -> str:
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("id"), str):
        return conversation["id"]
    return request.match_info["conversation"]


def cards_in(activity: dict[str, Any]) -> list[dict[str, Any]]:
    return [attachment["content"] for attachment in activity.get("attachments") or []
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"]
