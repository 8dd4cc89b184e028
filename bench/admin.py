"""A simulated Teams admin: posts activities to the bot's /api/messages like Teams does and reads the
cards the bot posted back to the connector. Times every turn under the name of its journey step."""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession

from bench.connector import Connector, cards_in

OCN = "100001"  # Contoso, the demo account: every simulated admin signs in to it with an email of its own


@dataclass(frozen=True)
class Identity:
    """Who one simulated admin is: a tenant, a personal chat and a registered email of their own."""

    index: int
    run: str = "bench"

    @property
    def tenant(self) -> str:
        return f"00000000-0000-4000-8000-{self.index:012d}"

    @property
    def conversation(self) -> str:
        return f"a:{self.run}-admin-{self.index}-personal"

    @property
    def email(self) -> str:
        return admin_email(self.index)


def admin_email(index: int) -> str:
    return f"admin-{index:04d}@contoso.com"


class TurnFailed(Exception):
    """The bot answered a turn with an HTTP error, or without the card the journey needs next."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Admin:
    def __init__(self, http: ClientSession, bot_url: str, connector: Connector, identity: Identity) -> None:
        self.http, self.bot_url, self.connector, self.who = http, bot_url.rstrip("/"), connector, identity
        self.timings: defaultdict[str, list[float]] = defaultdict(list)
        self.statuses: list[int] = []
        self.texts: list[str] = []
        self.busy = 0  # reservations answered "taken by other reservations, try again"
        self._ids = itertools.count(1)
        self._last_card_id: str | None = None

    def _activity(self, **fields: Any) -> dict[str, Any]:
        who = self.who
        return {"type": "message", "id": f"in-{next(self._ids)}", "channelId": "msteams",
                "serviceUrl": self.connector.url, "locale": "en-GB", "localTimezone": "Europe/Berlin",
                "from": {"id": f"29:admin-{who.index}", "name": f"Admin {who.index}",
                         "aadObjectId": f"aad-admin-{who.index}"},
                "recipient": {"id": "28:bot", "name": "Ordering bot"},
                "conversation": {"id": who.conversation, "conversationType": "personal",
                                 "tenantId": who.tenant},
                "channelData": {"tenant": {"id": who.tenant}}, **fields}

    async def _post(self, step: str, activity: dict[str, Any]) -> list[dict[str, Any]]:
        started = time.perf_counter()
        async with self.http.post(f"{self.bot_url}/api/messages", json=activity) as response:
            await response.read()
            status = response.status
        self.timings[step].append((time.perf_counter() - started) * 1000)
        self.statuses.append(status)
        if status >= 300:
            raise TurnFailed(f"{step}: HTTP {status}", status)
        cards = []
        for posted in self.connector.take(self.who.conversation):
            if posted.get("text"):
                self.texts.append(posted["text"])
            for card in cards_in(posted):
                cards.append(card)
                self._last_card_id = posted["_id"]
        return cards

    async def say(self, step: str, text: str) -> list[dict[str, Any]]:
        return await self._post(step, self._activity(text=text))

    async def submit(self, step: str, value: dict[str, Any]) -> list[dict[str, Any]]:
        return await self._post(step, self._activity(value=value, replyToId=self._last_card_id))
