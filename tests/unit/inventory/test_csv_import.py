from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from phonenumbers import PhoneNumber

from services.clock import Clock
from services.inventory import csv_import
from services.inventory.csv_import import MAX_RANGE, parse_ranges
from services.inventory.errors import InvalidCsv
from services.inventory.events import LoggingHoldEvents
from services.inventory.model import PoolNumber
from services.inventory.service import Inventory

GOOD = """country,area code,first number,last number
GB,020,+44 20 7946 0000,+44 20 7946 0999

DE,030,030 1234 5000,030 1234 5099
US,212,(212) 555-1000,(212) 555-1099
"""


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(InvalidCsv) as caught:
        parse_ranges(text.splitlines())
    assert caught.value.code == "invalid_csv"
    return [(error.line, error.reason) for error in caught.value.errors]


def test_reads_ranges_with_header_and_blank_lines() -> None:
    found = parse_ranges(GOOD.splitlines())
    assert [(r.line, r.country, r.area_code, r.first, r.last, r.count) for r in found] == [
        (2, "GB", "20", "+442079460000", "+442079460999", 1000),
        (4, "DE", "30", "+493012345000", "+493012345099", 100),
        (5, "US", "212", "+12125551000", "+12125551099", 100),
    ]
    assert found[0].pool_numbers()[1] == PoolNumber(e164="+442079460001", country="GB", area_code="20")


def test_a_file_without_header() -> None:
    assert len(parse_ranges(["GB,20,+442079460000,+442079460009"])) == 1


@pytest.mark.parametrize(("row", "reason"), [
    ("XX,1,1,2", "'XX' is not a country code we know"),
    ("GB,1,+44 20 7946 0000,+44 20 7946 0009", "1 is not a geographic area code in GB"),
    ("GB,020,+44 161 496 0000,+44 161 496 0009", "first number '+44 161 496 0000' is not in area code 20"),
    ("GB,020,+44 20 7946 0009,+44 20 7946 0000", "comes after last number"),
    ("GB,020,+44 7911 123456,+44 7911 123466", "first number '+44 7911 123456' is not a valid number in GB"),
    ("GB,020,+44 7400 123456,+44 7400 123466", "first number '+44 7400 123456' is not a geographic"),
    ("GB,020", "expected 4 columns"),
    ("GB,020,hello,+44 20 7946 0000", "first number 'hello' is not a phone number"),
    ("GB,020,+44 20 7946 0000,", "the last number is missing"),
    ("GB,020,+44 20 3000 0000,+44 20 9999 9999", "last number '+44 20 9999 9999' is not a valid number"),
    ("GB,020,+44 20 3000 0000,+44 20 3999 9999", f"at most {MAX_RANGE} a row"),
    ("DE,030,030 123450,030 1234 5000", "differ in length"),
    ("FR,01,+33 6 12 34 56 78,+33 6 12 34 56 79", "is not a geographic (fixed-line) number"),
])
def test_bad_rows_are_named_by_line_and_reason(row: str, reason: str) -> None:
    [(line, message)] = errors_of(f"country,area code,first number,last number\n\n{row}\n")
    assert line == 3
    assert reason in message


def test_every_bad_row_is_reported_in_line_order() -> None:
    text = ("GB,020,+44 20 7946 0000,+44 20 7946 0009\nXX,1,1,2\nGB,020,x,y\n"
            "GB,020,+44 20 7946 0100,+44 20 7946 0109\n")
    assert [line for line, _ in errors_of(text)] == [2, 3]


def test_overlapping_rows_are_refused() -> None:
    text = ("GB,020,+44 20 7946 0000,+44 20 7946 0099\nGB,020,+44 20 7946 0200,+44 20 7946 0299\n"
            "GB,020,+44 20 7946 0050,+44 20 7946 0149\n")
    assert errors_of(text) == [(3, "overlaps the range on line 1")]


def test_a_number_inside_the_range_must_be_geographic_too(monkeypatch: pytest.MonkeyPatch) -> None:
    real = csv_import.geographic_problem

    def problem(number: PhoneNumber, region: str, area_code: str) -> str | None:
        if number.national_number == 2079460005:
            return "is not a valid number in GB"
        return real(number, region, area_code)

    monkeypatch.setattr(csv_import, "geographic_problem", problem)
    assert errors_of("GB,020,+44 20 7946 0000,+44 20 7946 0009\n") == [
        (1, "+442079460005, inside the range, is not a valid number in GB")]


def test_empty_file() -> None:
    assert errors_of("country,area code,first number,last number\n") == [(1, "the file has no ranges")]


class SpyStore:
    def __init__(self) -> None:
        self.added: list[Sequence[PoolNumber]] = []

    async def add_numbers(self, numbers: Sequence[PoolNumber]) -> int:
        self.added.append(numbers)
        return len(numbers)

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the import should not call {name}")


class FixedClock:
    def now(self) -> datetime:
        return datetime(2030, 1, 1, tzinfo=UTC)


def inventory(store: SpyStore) -> Inventory:
    clock: Clock = FixedClock()
    return Inventory(store, clock=clock, events=LoggingHoldEvents(), countries={"GB"})  # type: ignore[arg-type]


async def test_a_bad_file_imports_nothing() -> None:
    store = SpyStore()
    with pytest.raises(InvalidCsv):
        await inventory(store).import_csv(["GB,020,+44 20 7946 0000,+44 20 7946 0009", "XX,1,1,2"])
    assert store.added == []


async def test_a_good_file_is_added_in_one_step() -> None:
    store = SpyStore()
    report = await inventory(store).import_csv(GOOD.splitlines())
    assert len(store.added) == 1
    assert len(store.added[0]) == 1200
    assert (report.ranges, report.numbers, report.added, report.already_present) == (3, 1200, 1200, 0)
