import itertools
import random
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from services.inventory.model import HeldNumber, Hold, Quantities, ranges
from services.inventory.selection import assign_usage, choose, fewest_ranges, runs


def block(start: int, count: int) -> list[str]:
    return [f"+4420300{value:05d}" for value in range(start, start + count)]


def test_runs_split_at_gaps() -> None:
    assert runs([*block(0, 3), *block(10, 2)]) == [block(0, 3), block(10, 2)]


def test_one_range_when_a_run_is_long_enough() -> None:
    free = [*block(0, 10), *block(20, 50), *block(100, 5)]
    assert choose(free, 40) == block(20, 40)


def test_the_shortest_run_that_fits_keeps_long_runs_whole() -> None:
    free = [*block(0, 50), *block(100, 6), *block(200, 8)]
    assert choose(free, 5) == block(100, 5)


def test_fewest_ranges_when_no_run_is_long_enough() -> None:
    free = [*block(0, 3), *block(10, 30), *block(50, 2), *block(60, 20)]
    chosen = choose(free, 45)
    assert chosen is not None
    assert len(chosen) == 45
    assert [r.count for r in ranges(chosen)] == [30, 15]


def test_none_when_not_enough() -> None:
    assert choose(block(0, 4), 5) is None


def test_preferred_numbers_first_when_free() -> None:
    free = [*block(0, 100)]
    assert choose(free, 3, prefer=block(50, 3)) == block(50, 3)


def test_preferred_numbers_taken_are_replaced() -> None:
    free = [*block(0, 10), *block(51, 2)]
    chosen = choose(free, 3, prefer=block(50, 3))
    assert chosen is not None
    assert set(block(51, 2)) <= set(chosen)
    assert len(chosen) == 3


def test_more_preferred_than_wanted() -> None:
    assert choose(block(0, 10), 2, prefer=block(5, 4)) == block(5, 2)


def test_zero_wanted() -> None:
    assert fewest_ranges(block(0, 5), 0) == []


def brute_force_fewest(run_lengths: list[int], quantity: int) -> int:
    for count in range(1, len(run_lengths) + 1):
        if any(sum(combo) >= quantity for combo in itertools.combinations(run_lengths, count)):
            return count
    raise AssertionError("not enough")


@given(st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=7), st.data())
def test_fewest_ranges_is_optimal(run_lengths: list[int], data: st.DataObject) -> None:
    free: list[str] = []
    start = 0
    for length in run_lengths:
        free.extend(block(start, length))
        start += length + 1 + data.draw(st.integers(min_value=0, max_value=3))
    quantity = data.draw(st.integers(min_value=1, max_value=sum(run_lengths)))
    chosen = choose(free, quantity)
    assert chosen is not None
    assert len(chosen) == len(set(chosen)) == quantity
    assert set(chosen) <= set(free)
    assert chosen == sorted(chosen)
    assert len(ranges(chosen)) == brute_force_fewest(run_lengths, quantity)


def test_usage_follows_the_previous_hold() -> None:
    previous = Hold.new(tenant_id="t", order_id="o", office_id="f", country="GB", area_code="20",
                        now=datetime(2030, 1, 1, tzinfo=UTC),
                        numbers=[HeldNumber(e164=n, usage=u) for n, u in zip(
                            block(0, 3), ["resource_account", "user", "user"], strict=True)])
    again = assign_usage(block(0, 3), Quantities(users=2, resource_accounts=1), previous)
    assert again == list(previous.numbers)
    fresh = assign_usage(block(0, 3), Quantities(users=1, resource_accounts=2), None)
    assert [n.usage for n in fresh] == ["user", "resource_account", "resource_account"]


def test_a_retry_spreads_over_the_fitting_runs_and_stays_contiguous() -> None:
    free = block(1000, 100) + block(2000, 50)
    picks = {tuple(choose(free, 10, spread=random.Random(seed))) for seed in range(40)}
    assert len(picks) > 10  # not all aiming at the same numbers
    for pick in picks:
        assert len(ranges(pick)) == 1 and len(pick) == 10


def test_without_spread_the_choice_is_the_shortest_fitting_run() -> None:
    free = block(1000, 100) + block(2000, 50)
    assert choose(free, 10) == block(2000, 10)
