from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from services.domain.errors import Conflict, InvalidValue, LimitExceeded
from services.domain.limits import MAX_NUMBERS_PER_OFFICE, RESERVATION_HOLD
from services.domain.office import (
    NumberUsage,
    Office,
    Quantities,
    ReservedNumber,
    check_quantities,
    hold_until,
)

from .conftest import BERLIN, NOW, berlin_numbers, held


def office(users: int = 2, resource_accounts: int = 1) -> Office:
    new = Office(address=BERLIN, area_code="30")
    new.set_quantities(users, resource_accounts)
    return new


@pytest.mark.parametrize(("users", "resources"), [(1, 0), (0, 1), (60, 40), (100, 0)])
def test_allowed_splits(users: int, resources: int) -> None:
    check_quantities(users, resources)
    assert Quantities(users=users, resource_accounts=resources).total == users + resources


def test_at_least_one_number() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_quantities(0, 0)
    assert caught.value.code == "invalid_value"
    assert "at least one" in caught.value.message


def test_at_most_100_numbers_per_office() -> None:
    with pytest.raises(LimitExceeded) as caught:
        check_quantities(MAX_NUMBERS_PER_OFFICE, 1)
    assert caught.value.code == "limit_exceeded"
    assert "at most 100" in caught.value.message and "101" in caught.value.message
    with pytest.raises(ValidationError):
        Quantities(users=101, resource_accounts=0)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3", None])
def test_quantities_are_whole_numbers_of_zero_or_more(bad: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_quantities(bad, 1)  # type: ignore[arg-type]
    assert caught.value.field == "users"
    with pytest.raises(InvalidValue) as caught:
        check_quantities(1, bad)  # type: ignore[arg-type]
    assert caught.value.field == "resource_accounts"


@pytest.mark.parametrize("bad", [-1, 1.5, True, "x"])
def test_quantities_model_refuses_non_whole_numbers(bad: object) -> None:
    with pytest.raises(ValidationError):
        Quantities(users=bad, resource_accounts=1)  # type: ignore[arg-type]


def test_usage_maps_to_the_operator_connect_upload_usage() -> None:
    assert NumberUsage.USER.upload_usage == "CallingUserAssignment"
    assert NumberUsage.RESOURCE_ACCOUNT.upload_usage == "FirstPartyAppAssignment"
    assert Quantities(users=2, resource_accounts=5).for_usage(NumberUsage.RESOURCE_ACCOUNT) == 5


def test_a_reservation_is_held_twelve_hours() -> None:
    assert timedelta(hours=12) == RESERVATION_HOLD
    number = held("+493012340000")
    assert number.expires_at == NOW + timedelta(hours=12)
    assert not number.is_expired(NOW + timedelta(hours=11, minutes=59))
    assert number.is_expired(NOW + timedelta(hours=12))
    assert not number.expires_soon(NOW + timedelta(hours=10, minutes=59))
    assert number.expires_soon(NOW + timedelta(hours=11, minutes=30))
    assert not number.expires_soon(NOW + timedelta(hours=13))


def test_expiry_is_stored_in_utc_and_must_carry_a_zone() -> None:
    from zoneinfo import ZoneInfo

    local = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    number = ReservedNumber(number="+493012340000", usage="user", expires_at=local)
    assert number.expires_at.utcoffset() == timedelta(0)
    assert number.expires_at == NOW
    with pytest.raises(ValidationError):
        ReservedNumber(number="+493012340000", usage="user", expires_at=NOW.replace(tzinfo=None))


@pytest.mark.parametrize("bad", ["493012340000", "+49 30 1234", "+", "+49a"])
def test_reserved_numbers_are_plus_and_digits(bad: str) -> None:
    with pytest.raises(ValidationError):
        ReservedNumber(number=bad, usage="user", expires_at=hold_until(NOW))


def test_hold_up_to_the_quantities_per_usage() -> None:
    target = office(users=2, resource_accounts=1)
    target.hold([held(n) for n in berlin_numbers(2)])
    assert not target.is_fully_reserved
    target.hold([held("+493012349999", NumberUsage.RESOURCE_ACCOUNT)])
    assert target.is_fully_reserved
    assert len(target.numbers_for(NumberUsage.USER)) == 2
    with pytest.raises(LimitExceeded) as caught:
        target.hold([held("+493012348888")])
    assert "needs 2 numbers for users" in caught.value.message


def test_cannot_hold_numbers_before_quantities_are_set() -> None:
    target = Office(address=BERLIN)
    assert target.requested == 0 and not target.is_fully_reserved
    with pytest.raises(LimitExceeded):
        target.hold([held("+493012340000")])


def test_a_number_is_held_once() -> None:
    target = office(users=3)
    with pytest.raises(Conflict) as caught:
        target.hold([held("+493012340000"), held("+493012340000")])
    assert caught.value.code == "conflict"
    assert target.numbers == []


def test_model_refuses_numbers_that_do_not_fit() -> None:
    with pytest.raises(ValidationError):
        Office(address=BERLIN, numbers=[held("+493012340000")])
    with pytest.raises(ValidationError):
        Office(
            address=BERLIN,
            quantities=Quantities(users=2, resource_accounts=0),
            numbers=[held("+493012340000"), held("+493012340000")],
        )


def test_lowering_quantities_below_the_held_numbers_releases_them() -> None:
    target = office(users=3, resource_accounts=0)
    target.hold([held(n) for n in berlin_numbers(3)])
    assert target.set_quantities(3, 2) == []
    assert len(target.numbers) == 3
    released = target.set_quantities(2, 2)
    assert [r.number for r in released] == berlin_numbers(3)
    assert target.numbers == []


def test_release_expired_keeps_live_holds() -> None:
    target = office(users=2, resource_accounts=0)
    target.hold([held(berlin_numbers(1)[0], now=NOW - timedelta(hours=13)), held(berlin_numbers(2)[1])])
    expired = target.release_expired(NOW)
    assert [e.number for e in expired] == [berlin_numbers(1)[0]]
    assert [h.number for h in target.numbers] == [berlin_numbers(2)[1]]
    assert target.release() and target.numbers == []


def test_area_code_is_digits_and_locked_while_numbers_are_held() -> None:
    target = office()
    target.set_area_code("030")
    assert target.area_code == "030"
    with pytest.raises(InvalidValue):
        target.set_area_code("3O")
    target.set_area_code("30")
    target.hold([held("+493012340000")])
    target.set_area_code("30")
    with pytest.raises(Conflict):
        target.set_area_code("89")
    target.release()
    target.set_area_code(None)
    assert target.area_code is None


def test_assignment_is_validated() -> None:
    target = office()
    with pytest.raises(ValidationError):
        target.area_code = "abc"
