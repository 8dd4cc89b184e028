"""What can go wrong delivering a notification, as domain errors the outbox worker understands.

`RecipientGone`: the chat is gone for good (403/404); the event is skipped, never retried.
`DeliveryDeferred`: Teams is throttling or briefly unavailable and the messenger's own retries used up
their time budget; the outbox tries the event again later (not before `retry_after` seconds).
`DeliveryRejected`: Teams refused the message itself (400, 413, ...: a 4xx other than 401, 403, 404,
408, 412 and 429); retrying it unchanged cannot succeed, so the event fails at once.
"""

from __future__ import annotations

from services.domain.errors import DomainError


class DeliveryError(DomainError):
    code = "delivery_error"


class RecipientGone(DeliveryError):
    code = "recipient_gone"


class DeliveryDeferred(DeliveryError):
    code = "delivery_deferred"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DeliveryRejected(DeliveryError):
    code = "delivery_rejected"

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
