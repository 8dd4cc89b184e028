"""What a reservation's choice leaves alone (services/inventory/in_flight.py)."""

from __future__ import annotations

from services.inventory.in_flight import ClaimsInFlight

POOL = ("GB", "20")


def test_numbers_being_claimed_are_left_alone_until_the_claim_ends() -> None:
    claims = ClaimsInFlight()
    with claims.claiming(POOL, {"+1", "+2"}), claims.reading(POOL) as busy:
        assert busy() == {"+1", "+2"}
    with claims.reading(POOL) as busy:
        assert busy() == set(), "a claim that ended before the read began is in what the read sees"


def test_a_claim_that_ends_during_a_read_stays_left_alone_for_that_read() -> None:
    claims = ClaimsInFlight()
    with claims.reading(POOL) as busy:
        with claims.claiming(POOL, {"+3"}):
            pass
        assert busy() == {"+3"}


def test_other_pools_are_not_affected() -> None:
    claims = ClaimsInFlight()
    with claims.claiming(("FR", "1"), {"+33"}), claims.reading(POOL) as busy:
        assert busy() == set()


def test_finished_claims_are_forgotten_once_no_read_needs_them() -> None:
    claims = ClaimsInFlight()
    for number in range(100):
        with claims.claiming(POOL, {f"+{number}"}):
            pass
    with claims.reading(POOL) as busy:
        assert busy() == set()
    assert claims._pools[POOL].finished == []
