"""The DocuSign Connect webhook: verify the HMAC, read the event, act on each event once.

Anything without a valid signature is refused (`WebhookUnauthorized`, HTTP 401), also when no Connect
key is configured. A "completed" envelope is handed to `on_completed` once: the event's key is claimed
in the shared store (`processed.py`: the SQLite file, or Cosmos DB with STORE=cosmos) before the work and
marked done after it, so a retry or a replay of the same event changes nothing; if the work fails the
claim is dropped and Connect's retry does it again. The order's own status machine is the second guard
(a signed order cannot be signed twice).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from enum import StrEnum

from services.domain.errors import DomainError
from services.esign.connect import ConnectEvent, parse, verify
from services.esign.processed import ProcessedEventStore

log = logging.getLogger(__name__)


class WebhookUnauthorized(DomainError):
    code = "unauthorized"


class WebhookOutcome(StrEnum):
    SIGNED = "signed"
    REPLAY = "replay"
    IGNORED = "ignored"


class ConnectWebhook:
    def __init__(self, keys: Sequence[str], events: ProcessedEventStore,
                 on_completed: Callable[[ConnectEvent], Awaitable[None]]) -> None:
        self._keys = [key for key in keys if key]
        self._events = events
        self._on_completed = on_completed
        if not self._keys:
            log.warning("no DocuSign Connect key configured: every Connect message will be refused")

    async def handle(self, body: bytes, headers: Mapping[str, str]) -> WebhookOutcome:
        if not verify(body, headers, self._keys):
            raise WebhookUnauthorized("The message is not signed with a DocuSign Connect key.")
        event = parse(body)
        if not event.completed:
            log.info("DocuSign envelope %s is %s: nothing to do", event.envelope_id, event.state)
            return WebhookOutcome.IGNORED
        if not await self._events.claim(event.key, event.envelope_id):
            log.info("DocuSign event %s was handled already", event.key)
            return WebhookOutcome.REPLAY
        try:
            await self._on_completed(event)
        except BaseException:
            await self._events.release(event.key)
            raise
        await self._events.finish(event.key)
        return WebhookOutcome.SIGNED
