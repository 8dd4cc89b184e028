"""The order's life cycle as a state machine: each status lists where it may go next."""

from __future__ import annotations

from enum import StrEnum

from services.domain.errors import InvalidTransition


class OrderStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_SIGNATURE = "awaiting_signature"
    AWAITING_SALES = "awaiting_sales"
    SIGNED = "signed"
    PROCESSING = "processing"
    NUMBERS_UPLOADED = "numbers_uploaded"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        """The status in plain words: "awaiting signature"."""
        return self.value.replace("_", " ")

    @property
    def is_final(self) -> bool:
        return not TRANSITIONS[self]

    @property
    def is_submitted(self) -> bool:
        return self not in (OrderStatus.DRAFT, OrderStatus.CANCELLED, OrderStatus.EXPIRED)


_S = OrderStatus
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    _S.DRAFT: frozenset({_S.AWAITING_SIGNATURE, _S.AWAITING_SALES, _S.CANCELLED, _S.EXPIRED}),
    _S.AWAITING_SIGNATURE: frozenset({_S.SIGNED, _S.CANCELLED, _S.EXPIRED}),
    _S.AWAITING_SALES: frozenset({_S.SIGNED, _S.CANCELLED}),
    _S.SIGNED: frozenset({_S.PROCESSING, _S.CANCELLED}),
    _S.PROCESSING: frozenset({_S.NUMBERS_UPLOADED, _S.CANCELLED}),
    _S.NUMBERS_UPLOADED: frozenset({_S.COMPLETED}),
    _S.COMPLETED: frozenset(),
    _S.CANCELLED: frozenset(),
    _S.EXPIRED: frozenset(),
}


def can_transition(current: OrderStatus, new: OrderStatus) -> bool:
    return new in TRANSITIONS[current]


def ensure_transition(current: OrderStatus, new: OrderStatus) -> None:
    """Raise InvalidTransition unless the order may move from `current` to `new`."""
    if not can_transition(current, new):
        allowed = ", ".join(sorted(status.label for status in TRANSITIONS[current]))
        raise InvalidTransition(
            f"An order that is {current.label} cannot become {new.label}. "
            f"Allowed next: {allowed or 'none (this status is final)'}.",
            field="status",
        )
