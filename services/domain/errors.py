"""Domain errors: a stable machine code plus a plain message a user can read."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the business was broken. `code` is stable; `message` is for people."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field


class LimitExceeded(DomainError):
    code = "limit_exceeded"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    """Someone else changed the same thing first (ETag mismatch, number already held)."""

    code = "conflict"


class InvalidValue(DomainError):
    """A value a person gave does not fit the rule for that field."""

    code = "invalid_value"


class InvalidTransition(DomainError):
    """The order cannot move from its current status to the one asked for."""

    code = "invalid_transition"


class CurrencyMismatch(DomainError):
    """Two amounts in different currencies were combined."""

    code = "currency_mismatch"


class StoreUnavailable(DomainError):
    """A storage backend (Cosmos DB, Blob Storage, the data folder) did not answer or refused the call."""

    code = "store_unavailable"
