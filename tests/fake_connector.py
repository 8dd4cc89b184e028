"""A real aiohttp server standing in for the Bot Connector: records what the bot posts.

Failure modes are scripted per request: `script(429, 502, conversation=...)` answers the next requests
(to that conversation, or to any) with those statuses before answering normally again; `Answer` sets
headers such as Retry-After; `Answer.dropped()` closes the connection without an answer;
`always(conversation, 403)` makes a chat answer 403 until `clear()`.
Every request, answered or not, is in `requests` with its arrival time on `clock`.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

CODES = {403: "BotNotInConversationRoster", 404: "ConversationNotFound", 412: "PreconditionFailed",
         429: "Throttled", 502: "BadGateway", 503: "ServiceUnavailable", 504: "GatewayTimeout"}


@dataclass(frozen=True)
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def throttled(cls, retry_after: str = "1") -> Answer:
        return cls(429, {"Retry-After": retry_after})

    @classmethod
    def dropped(cls) -> Answer:
        """The connection is closed before any answer (recorded with status 0)."""
        return cls(0)


@dataclass(frozen=True)
class Arrival:
    method: str
    conversation: str
    status: int
    at: float


class FakeConnector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.posted: list[dict[str, Any]] = []
        self.updated: list[dict[str, Any]] = []
        self.requests: list[Arrival] = []
        self.url = ""
        self._clock = clock
        self._ids = itertools.count(1)
        self._arrived = asyncio.Condition()
        self._scripts: dict[str | None, deque[Answer]] = {}
        self._always: dict[str, Answer] = {}

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._put)
        return app

    # -- scripting ------------------------------------------------------------------------------------

    def script(self, *answers: Answer | int, conversation: str | None = None) -> None:
        """The next requests (to `conversation`, or to any) get these answers, in order."""
        queue = self._scripts.setdefault(conversation, deque())
        queue.extend(answer if isinstance(answer, Answer) else Answer(answer) for answer in answers)

    def always(self, conversation: str, answer: Answer | int) -> None:
        self._always[conversation] = answer if isinstance(answer, Answer) else Answer(answer)

    def clear(self) -> None:
        """Forgets every scripted answer: every request succeeds again."""
        self._scripts.clear()
        self._always.clear()

    def reset(self) -> None:
        """Forgets what was recorded (the scripts stay)."""
        self.posted.clear()
        self.updated.clear()
        self.requests.clear()

    def statuses(self, conversation: str | None = None) -> list[int]:
        return [r.status for r in self.requests if conversation in (None, r.conversation)]

    def _answer(self, conversation: str) -> Answer:
        if conversation in self._always:
            return self._always[conversation]
        for key in (conversation, None):
            queue = self._scripts.get(key)
            if queue:
                return queue.popleft()
        return Answer()

    def _refuse(self, request: web.Request, answer: Answer) -> web.Response:
        if answer.status == 0 and request.transport is not None:
            request.transport.close()
        error = {"error": {"code": CODES.get(answer.status, "Error"), "message": f"scripted {answer.status}"}}
        return web.json_response(error, status=answer.status, headers=answer.headers)

    # -- the Bot Connector API ---------------------------------------------------------------------

    async def _post(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        answer = self._answer(conversation)
        self.requests.append(Arrival("POST", conversation, answer.status, self._clock()))
        if not 200 <= answer.status < 300:
            return self._refuse(request, answer)
        body = await request.json()
        body["_conversation"] = conversation
        body["_id"] = f"activity-{next(self._ids)}"
        async with self._arrived:
            self.posted.append(body)
            self._arrived.notify_all()
        return web.json_response({"id": body["_id"]})

    async def _put(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        answer = self._answer(conversation)
        self.requests.append(Arrival("PUT", conversation, answer.status, self._clock()))
        if not 200 <= answer.status < 300:
            return self._refuse(request, answer)
        self.updated.append(await request.json())
        return web.json_response({"id": request.match_info["activity"]})

    async def wait_for(self, count: int, seconds: float = 5.0) -> list[dict[str, Any]]:
        async with asyncio.timeout(seconds), self._arrived:
            await self._arrived.wait_for(lambda: len(self.posted) >= count)
        return self.posted
