"""Which free numbers to hold: the ones asked for again first, then one range, else the fewest ranges."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence

from services.inventory.model import HeldNumber, Hold, Quantities, digits


def runs(numbers: Iterable[str]) -> list[list[str]]:
    """Consecutive runs of distinct E.164 numbers, in numeric order."""
    result: list[list[str]] = []
    previous: int | None = None
    for number in sorted(set(numbers), key=digits):
        value = digits(number)
        if previous is not None and value == previous + 1:
            result[-1].append(number)
        else:
            result.append([number])
        previous = value
    return result


def fewest_ranges(numbers: Iterable[str], quantity: int, spread: random.Random | None = None) -> list[str]:
    """`quantity` numbers in as few consecutive ranges as possible (assumes there are enough).

    One range when a run is long enough: the shortest such run, so long runs stay whole for big asks,
    or, with `spread` (a retry after losing a race), a random place in a random fitting run, so that
    competing reservations stop aiming at the same numbers.
    Otherwise the longest runs first, which is the fewest ranges that add up to the quantity.
    """
    if quantity <= 0:
        return []
    all_runs = runs(numbers)
    fitting = [run for run in all_runs if len(run) >= quantity]
    if fitting and spread is not None:
        run = spread.choice(fitting)
        start = spread.randint(0, len(run) - quantity)
        return run[start:start + quantity]
    if fitting:
        return min(fitting, key=len)[:quantity]
    chosen: list[str] = []
    for run in sorted(all_runs, key=len, reverse=True):
        chosen.extend(run[: quantity - len(chosen)])
        if len(chosen) == quantity:
            break
    return chosen


def choose(free: Iterable[str], quantity: int, prefer: Sequence[str] = (),
           spread: random.Random | None = None) -> list[str] | None:
    """`quantity` numbers out of `free`, ascending, or None when there are not enough.

    Numbers in `prefer` (the office's previous numbers) that are still free are kept first.
    """
    available = set(free)
    if len(available) < quantity:
        return None
    kept = [number for number in dict.fromkeys(prefer) if number in available][:quantity]
    extra = fewest_ranges(available.difference(kept), quantity - len(kept), spread)
    return sorted([*kept, *extra], key=digits)


def assign_usage(numbers: Sequence[str], quantities: Quantities, previous: Hold | None) -> list[HeldNumber]:
    """Users first on numbers that were users before, then in ascending order; the rest resource accounts."""
    before: Mapping[str, str] = {n.e164: n.usage for n in previous.numbers} if previous else {}
    ordered = sorted(numbers, key=lambda number: before.get(number) != "user")
    users = set(ordered[: quantities.users])
    return [HeldNumber(e164=number, usage="user" if number in users else "resource_account")
            for number in numbers]
