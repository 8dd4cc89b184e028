from datetime import UTC, datetime, timedelta

import pytest

from services.domain.errors import LimitExceeded
from services.inventory.model import HeldNumber, Hold, HoldStatus, Quantities
from services.inventory.rules import check_limits

NOW = datetime(2030, 1, 1, 9, tzinfo=UTC)
_serial = iter(range(10**6))


def hold(office: str, count: int, *, country: str = "GB", status: HoldStatus = HoldStatus.HELD,
         made: datetime = NOW) -> Hold:
    numbers = [HeldNumber(e164=f"+4420{next(_serial):08d}", usage="user") for _ in range(count)]
    made_hold = Hold.new(tenant_id="t", order_id="o", office_id=office, country=country, area_code="20",
                         numbers=numbers, now=made)
    return made_hold.model_copy(update={"status": status})


def check(holds: list[Hold], office: str, total: int, country: str = "GB") -> None:
    check_limits(holds, office_id=office, country=country, quantities=Quantities(users=total), now=NOW)


def code_of(holds: list[Hold], office: str, total: int) -> str:
    with pytest.raises(LimitExceeded) as caught:
        check(holds, office, total)
    return caught.value.code


def test_an_office_has_at_most_100_numbers() -> None:
    check([], "a", 100)
    assert code_of([], "a", 101) == "max_numbers_per_office"


def test_at_most_five_offices_per_country() -> None:
    four = [hold(f"office{i}", 1) for i in range(4)]
    check(four, "office4", 1)
    assert code_of([*four, hold("office4", 1)], "office5", 1) == "max_offices_per_country"


def test_an_office_that_already_has_numbers_may_change_them() -> None:
    five = [hold(f"office{i}", 100) for i in range(5)]
    check(five, "office2", 100)


def test_at_most_500_numbers_per_country() -> None:
    others = [hold("a", 150), hold("b", 150), hold("c", 150)]
    check(others, "d", 50)
    with pytest.raises(LimitExceeded, match="this office can have 50 at most") as caught:
        check(others, "d", 51)
    assert caught.value.code == "max_numbers_per_country"


def test_other_countries_do_not_count() -> None:
    five_in_de = [hold(f"office{i}", 100, country="DE") for i in range(5)]
    check(five_in_de, "office9", 100)


def test_expired_and_released_holds_do_not_count_but_allocations_do() -> None:
    stale = hold("old", 100, made=NOW - timedelta(hours=12, seconds=1))
    released = hold("gone", 100, status=HoldStatus.RELEASED)
    four = [hold(f"office{i}", 1) for i in range(4)]
    check([stale, released, *four], "office4", 1)
    allocated = hold("done", 1, status=HoldStatus.ALLOCATED, made=NOW - timedelta(days=3))
    assert code_of([allocated, *four], "office4", 1) == "max_offices_per_country"
