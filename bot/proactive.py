"""Talking first: the bot remembers each user's personal chat and posts into it later.

References are saved as turns arrive (only when they change); sending uses CloudAdapter's
continue_conversation with the bot's app id. Every send is paced (at most 7 a second per
conversation), retried on 412/429/502/503/504 with exponential backoff that honours Retry-After, and
deferred to the outbox (`DeliveryDeferred`) once the retries used up their time budget. A chat that
answers 403 or 404 (app removed, user gone) is marked inactive instead of being retried for ever.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, ConversationReference
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.activity import is_personal, tenant_id
from services.clock import Clock, SystemClock
from services.conversations.port import ConversationRef, ConversationStore
from services.notifications.chat import OrderChatNotifier
from services.notifications.errors import DeliveryDeferred, DeliveryRejected, RecipientGone
from services.notifications.pacing import ConversationRateLimiter, SendRetry, Sleeper, retry_after_seconds

__all__ = ["ConversationMemory", "OrderChatNotifier", "ProactiveMessenger"]

log = logging.getLogger(__name__)
GONE = {403, 404}
RETRYABLE = {412, 429, 502, 503, 504}
LATER = {401, 408}
"""Not retried at once, but not the message's fault either (a token problem, a slow service)."""
INSTALL_EVENTS = {ActivityTypes.conversation_update, ActivityTypes.installation_update}
Logic = Callable[[TurnContext], Awaitable[None]]


class ConversationMemory:
    """Saves the reference of a personal chat whenever it differs from what this process saved last.

    What was saved is trusted for `recheck` only, and an install event always saves: a chat marked
    inactive (by this or another instance) becomes active again once its user is back.
    """

    def __init__(self, store: ConversationStore, clock: Clock,
                 recheck: timedelta = timedelta(minutes=10)) -> None:
        self._store, self._clock, self._recheck = store, clock, recheck
        self._saved: dict[tuple[str, str], tuple[str, datetime]] = {}

    async def remember(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        tenant, user = tenant_id(activity), activity.from_property
        if not tenant or user is None or not is_personal(activity) or activity.conversation is None:
            return
        key = (tenant, user.aad_object_id or user.id)
        fingerprint, now = f"{activity.conversation.id}|{activity.service_url}", self._clock.now()
        if activity.type not in INSTALL_EVENTS and self._fresh(key, fingerprint, now):
            return
        reference = TurnContext.get_conversation_reference(activity).serialize()
        await self._store.save(ConversationRef(tenant_id=key[0], user_id=key[1],
                                               conversation_id=activity.conversation.id,
                                               reference=reference, updated_at=now))
        self._saved[key] = (fingerprint, now)

    def _fresh(self, key: tuple[str, str], fingerprint: str, now: datetime) -> bool:
        saved = self._saved.get(key)
        return saved is not None and saved[0] == fingerprint and now - saved[1] < self._recheck

    def forget(self, tenant: str, user_id: str) -> None:
        """The chat was marked inactive: the user's next turn saves it again."""
        self._saved.pop((tenant, user_id), None)


class ProactiveMessenger:
    """Posts into conversations the bot knows; raises `RecipientGone`, `DeliveryDeferred` or
    `DeliveryRejected` (services.notifications.errors) instead of the SDK's HTTP errors."""

    def __init__(self, adapter: CloudAdapter, app_id: str, store: ConversationStore, *,
                 memory: ConversationMemory | None = None, clock: Clock | None = None,
                 limiter: ConversationRateLimiter | None = None, retry: SendRetry | None = None,
                 sleep: Sleeper = asyncio.sleep) -> None:
        self._adapter, self._app_id, self._store, self._memory = adapter, app_id, store, memory
        self._clock = clock or SystemClock()
        self._limiter = limiter or ConversationRateLimiter(sleep=sleep)
        self._retry, self._sleep = retry or SendRetry(), sleep

    async def send(self, tenant: str, user_id: str, activity: Activity) -> bool:
        """Posts `activity` into the user's chat; False when there is no (longer a) chat to post into.

        A 403/404 marks the chat inactive; `DeliveryDeferred` means "try again later".
        """
        ref = await self._store.get(tenant, user_id)
        if ref is None or not ref.active:
            log.info("no active chat for user %s in tenant %s: message not posted", user_id, tenant)
            return False
        try:
            await self.post(ref.reference, activity)
        except RecipientGone as gone:
            log.warning("chat of user %s in tenant %s is gone (%s): marked inactive", user_id, tenant, gone)
            await self._store.deactivate(tenant, user_id)
            if self._memory is not None:
                self._memory.forget(tenant, user_id)
            return False
        return True

    async def post(self, reference: dict[str, Any], activity: Activity) -> str | None:
        """Posts into any conversation (a chat, a channel, a thread); returns the new activity's id."""
        posted: list[str | None] = []

        async def send(turn_context: TurnContext) -> None:
            response = await turn_context.send_activity(activity)
            posted.append(response.id if response else None)

        await self._deliver(reference, send)
        return posted[-1] if posted else None

    async def update(self, reference: dict[str, Any], activity_id: str, activity: Activity) -> None:
        """Replaces an activity the bot posted earlier (e.g. a handoff card once it is picked up)."""
        activity.id = activity_id

        async def replace(turn_context: TurnContext) -> None:
            await turn_context.update_activity(activity)

        await self._deliver(reference, replace)

    async def _deliver(self, reference: dict[str, Any], logic: Logic) -> None:
        """Runs `logic` in the conversation, paced and retried within the retry budget."""
        conversation = ConversationReference().deserialize(reference)
        key = conversation.conversation.id if conversation.conversation else ""
        started, attempt = self._clock.now(), 0
        while True:
            await self._limiter.acquire(key)
            try:
                await self._continue(conversation, logic)
                return
            except HttpOperationError as error:
                spent = (self._clock.now() - started).total_seconds()
                delay = self._delay_after(error, key, attempt, spent)
            except ClientRequestError as error:
                raise DeliveryDeferred(f"The Bot Connector could not be reached: {error}") from error
            await self._sleep(delay)
            attempt += 1

    async def _continue(self, conversation: ConversationReference, logic: Logic) -> None:
        """The SDK hands an error raised in `logic` to the turn-error handler (which would apologise to
        the user and wipe their dialog); catching it here keeps it ours."""
        failed: list[Exception] = []

        async def guarded(turn_context: TurnContext) -> None:
            try:
                await logic(turn_context)
            except Exception as error:
                failed.append(error)

        await self._adapter.continue_conversation(conversation, guarded, self._app_id)
        if failed:
            raise failed[0]

    def _delay_after(self, error: HttpOperationError, key: str, attempt: int, spent: float) -> float:
        """How long to wait before the next try; raises when there must be none (`spent`: seconds since
        the first try, so that requests that hang count against the budget too)."""
        response = getattr(error, "response", None)
        status = getattr(response, "status_code", None)
        if status in GONE:
            raise RecipientGone(f"The conversation answered {status}.") from error
        if status not in RETRYABLE:
            if status is not None and 400 <= status < 500 and status not in LATER:
                raise DeliveryRejected(f"The Bot Connector refused the message ({status}).",
                                       status=status) from error
            raise DeliveryDeferred(f"The Bot Connector answered {status}.") from error
        headers = getattr(response, "headers", None) or {}
        retry_after = retry_after_seconds(headers.get("Retry-After"), self._clock.now())
        delay = self._retry.delay(attempt, retry_after)
        if spent + delay > self._retry.budget:
            raise DeliveryDeferred(f"The Bot Connector kept answering {status}; try again later.",
                                   retry_after=max(delay, retry_after or 0.0)) from error
        log.info("conversation %s answered %s: trying again in %.1f s", key, status, delay)
        return delay
