import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.inventory.model import HeldNumber, Hold, HoldStatus, NumberRange, Quantities, digits, ranges

NOW = datetime(2030, 1, 1, 9, tzinfo=UTC)


def make_hold(*numbers: str, status: HoldStatus = HoldStatus.HELD) -> Hold:
    held = [HeldNumber(e164=n, usage="user") for n in numbers or ("+442030000000",)]
    hold = Hold.new(tenant_id="t", order_id="o", office_id="f", country="GB", area_code="20",
                    numbers=held, now=NOW)
    return hold.model_copy(update={"status": status})


class TestQuantities:
    def test_total_adds_users_and_resource_accounts(self) -> None:
        assert Quantities(users=3, resource_accounts=2).total == 5

    @pytest.mark.parametrize("fields", [{"users": 0, "resource_accounts": 0}, {}])
    def test_at_least_one_number(self, fields: dict[str, int]) -> None:
        with pytest.raises(ValidationError, match="at least one"):
            Quantities(**fields)

    @pytest.mark.parametrize("value", [-1, 2.5, True, "three", None])
    def test_whole_numbers_not_below_zero(self, value: object) -> None:
        with pytest.raises(ValidationError):
            Quantities(users=value, resource_accounts=1)  # type: ignore[arg-type]

    def test_unknown_fields_are_refused(self) -> None:
        with pytest.raises(ValidationError):
            Quantities(users=1, phones=2)  # type: ignore[call-arg]


class TestHold:
    def test_held_for_twelve_hours(self) -> None:
        hold = make_hold()
        assert hold.created_at == NOW
        assert hold.expires_at == NOW + timedelta(hours=12)
        assert hold.status is HoldStatus.HELD

    def test_expired_as_of_expires_at_not_before(self) -> None:
        hold = make_hold()
        assert hold.as_of(hold.expires_at - timedelta(seconds=1)).status is HoldStatus.HELD
        assert hold.as_of(hold.expires_at).status is HoldStatus.EXPIRED
        assert hold.as_of(hold.expires_at + timedelta(seconds=1)).status is HoldStatus.EXPIRED

    @pytest.mark.parametrize("status", [HoldStatus.ALLOCATED, HoldStatus.RELEASED])
    def test_only_held_holds_expire(self, status: HoldStatus) -> None:
        hold = make_hold(status=status)
        assert hold.as_of(hold.expires_at + timedelta(days=1)).status is status

    def test_active_while_held_or_allocated(self) -> None:
        later = NOW + timedelta(hours=13)
        assert make_hold().is_active(NOW)
        assert not make_hold().is_active(later)
        assert make_hold(status=HoldStatus.ALLOCATED).is_active(later)
        assert not make_hold(status=HoldStatus.RELEASED).is_active(NOW)

    def test_quantities_from_usage(self) -> None:
        hold = Hold.new(tenant_id="t", order_id="o", office_id="f", country="GB", area_code="20", now=NOW,
                        numbers=[HeldNumber(e164="+442030000000", usage="user"),
                                 HeldNumber(e164="+442030000001", usage="resource_account"),
                                 HeldNumber(e164="+442030000002", usage="user")])
        assert hold.quantities == Quantities(users=2, resource_accounts=1)

    def test_needs_numbers_and_aware_times(self) -> None:
        with pytest.raises(ValidationError):
            Hold(tenant_id="t", order_id="o", office_id="f", country="GB", area_code="20", numbers=(),
                 created_at=NOW, expires_at=NOW)
        with pytest.raises(ValidationError):
            Hold.new(tenant_id="t", order_id="o", office_id="f", country="GB", area_code="20",
                     numbers=[HeldNumber(e164="+442030000000", usage="user")], now=datetime(2030, 1, 1))

    def test_round_trips_through_json(self) -> None:
        hold = make_hold("+442030000000", "+442030000001")
        assert Hold.model_validate_json(hold.model_dump_json()) == hold

    @pytest.mark.parametrize("e164", ["442030000000", "+0123", "+44 20 3000 0000"])
    def test_numbers_are_e164(self, e164: str) -> None:
        with pytest.raises(ValidationError):
            HeldNumber(e164=e164, usage="user")


class TestRanges:
    def test_groups_consecutive_numbers(self) -> None:
        numbers = ["+442030000005", "+442030000001", "+442030000002", "+442030000003", "+442030000009"]
        assert ranges(numbers) == [
            NumberRange(first="+442030000001", last="+442030000003", count=3),
            NumberRange(first="+442030000005", last="+442030000005", count=1),
            NumberRange(first="+442030000009", last="+442030000009", count=1),
        ]

    def test_carries_over_a_decade(self) -> None:
        assert ranges(["+442030000099", "+442030000100"]) == [
            NumberRange(first="+442030000099", last="+442030000100", count=2)]

    def test_empty(self) -> None:
        assert ranges([]) == []

    def test_display(self) -> None:
        first, single = ranges(["+442030000000", "+442030000001", "+442030000007"])
        assert str(first) == "+442030000000–+442030000001"
        assert str(single) == "+442030000007"

    @given(st.sets(st.integers(min_value=442030000000, max_value=442030000400), max_size=120))
    def test_ranges_cover_exactly_and_are_maximal(self, values: set[int]) -> None:
        found = ranges(f"+{v}" for v in values)
        covered = [v for r in found for v in range(digits(r.first), digits(r.last) + 1)]
        assert covered == sorted(values)
        assert all(r.count == digits(r.last) - digits(r.first) + 1 for r in found)
        assert all(digits(b.first) > digits(a.last) + 1 for a, b in itertools.pairwise(found))
