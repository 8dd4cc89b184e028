from __future__ import annotations

import pytest

from services.domain.errors import DomainError, InvalidTransition
from services.domain.status import TRANSITIONS, OrderStatus, can_transition, ensure_transition

S = OrderStatus
ALLOWED = {
    (S.DRAFT, S.AWAITING_SIGNATURE), (S.DRAFT, S.AWAITING_SALES),
    (S.DRAFT, S.CANCELLED), (S.DRAFT, S.EXPIRED),
    (S.AWAITING_SIGNATURE, S.SIGNED), (S.AWAITING_SIGNATURE, S.CANCELLED), (S.AWAITING_SIGNATURE, S.EXPIRED),
    (S.AWAITING_SALES, S.SIGNED), (S.AWAITING_SALES, S.CANCELLED),
    (S.SIGNED, S.PROCESSING), (S.SIGNED, S.CANCELLED),
    (S.PROCESSING, S.NUMBERS_UPLOADED), (S.PROCESSING, S.CANCELLED),
    (S.NUMBERS_UPLOADED, S.COMPLETED),
}  # fmt: skip


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("new", list(S))
def test_only_the_journeys_transitions_are_allowed(current: S, new: S) -> None:
    assert can_transition(current, new) == ((current, new) in ALLOWED)
    if (current, new) in ALLOWED:
        ensure_transition(current, new)
    else:
        with pytest.raises(InvalidTransition) as caught:
            ensure_transition(current, new)
        assert caught.value.code == "invalid_transition"
        assert isinstance(caught.value, DomainError)
        assert caught.value.field == "status"


def test_every_status_has_an_entry_and_final_statuses_are_terminal() -> None:
    assert set(TRANSITIONS) == set(S)
    assert {s for s in S if s.is_final} == {S.COMPLETED, S.CANCELLED, S.EXPIRED}


def test_message_names_both_statuses_and_what_is_allowed() -> None:
    with pytest.raises(InvalidTransition) as caught:
        ensure_transition(S.COMPLETED, S.DRAFT)
    assert "completed" in caught.value.message
    assert "final" in caught.value.message
    with pytest.raises(InvalidTransition) as caught:
        ensure_transition(S.DRAFT, S.SIGNED)
    assert caught.value.message == (
        "An order that is draft cannot become signed. "
        "Allowed next: awaiting sales, awaiting signature, cancelled, expired."
    )


def test_submitted_statuses() -> None:
    assert not S.DRAFT.is_submitted
    assert not S.CANCELLED.is_submitted
    assert S.AWAITING_SALES.is_submitted
    assert S.COMPLETED.is_submitted
    assert S("signed") is S.SIGNED
