"""Operator ranges from CSV: `country, area code, first number, last number`, one range a row.

Every row is checked before anything is imported; a bad file raises `InvalidCsv` naming each bad row
by its line number and the reason, and adds nothing. A header row with those column names is allowed.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers as pn

from services.domain.errors import DomainError
from services.inventory.errors import InvalidCsv, RowError
from services.inventory.model import PoolNumber, digits
from services.inventory.numbers import (
    geographic_problem,
    normalise_area_code,
    number_from_national,
    parse_geographic,
    region_of,
)

COLUMNS = ("country", "area code", "first number", "last number")
MAX_RANGE = 10_000


@dataclass(frozen=True)
class ImportRange:
    line: int
    country: str
    area_code: str
    first: str
    last: str

    @property
    def count(self) -> int:
        return digits(self.last) - digits(self.first) + 1

    def e164s(self) -> list[str]:
        return [f"+{value}" for value in range(digits(self.first), digits(self.last) + 1)]

    def pool_numbers(self) -> list[PoolNumber]:
        return [PoolNumber(e164=number, country=self.country, area_code=self.area_code)
                for number in self.e164s()]


def parse_ranges(lines: Iterable[str]) -> list[ImportRange]:
    """The file's ranges, or `InvalidCsv` with every bad row. Blank lines are skipped."""
    reader = csv.reader(lines)
    found: list[ImportRange] = []
    errors: list[RowError] = []
    for row in reader:
        if not any(cell.strip() for cell in row) or (not found and not errors and _is_header(row)):
            continue
        try:
            found.append(_parse_row(reader.line_num, row))
        except ValueError as exc:
            errors.append(RowError(reader.line_num, str(exc)))
    errors.extend(_overlaps(found))
    if not found and not errors:
        errors.append(RowError(1, "the file has no ranges"))
    if errors:
        raise InvalidCsv(sorted(errors, key=lambda error: error.line))
    return found


def _is_header(row: list[str]) -> bool:
    return tuple(cell.strip().lower().replace("_", " ") for cell in row) == COLUMNS


def _parse_row(line: int, row: list[str]) -> ImportRange:
    if len(row) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} columns ({', '.join(COLUMNS)}), found {len(row)}")
    country_text, area_text, first_text, last_text = (cell.strip() for cell in row)
    try:
        country = region_of(country_text)
        area_code = normalise_area_code(country, area_text)
    except DomainError as exc:
        raise ValueError(exc.message) from None
    first = _number(country, area_code, "first", first_text)
    last = _number(country, area_code, "last", last_text)
    found = ImportRange(line=line, country=country, area_code=area_code, first=first, last=last)
    _check_span(found)
    return found


def _number(country: str, area_code: str, which: str, text: str) -> str:
    if not text:
        raise ValueError(f"the {which} number is missing")
    try:
        return parse_geographic(country, area_code, text)
    except ValueError as exc:
        raise ValueError(f"{which} number {exc}") from None


def _check_span(found: ImportRange) -> None:
    if len(found.first) != len(found.last):
        raise ValueError(f"first number {found.first} and last number {found.last} differ in length")
    if found.count < 1:
        raise ValueError(f"first number {found.first} comes after last number {found.last}")
    if found.count > MAX_RANGE:
        raise ValueError(f"the range has {found.count} numbers; at most {MAX_RANGE} a row")
    code_length = len(str(pn.country_code_for_region(found.country)))
    for number in found.e164s():
        national = number[1 + code_length:]
        problem = geographic_problem(number_from_national(found.country, national), found.country,
                                     found.area_code)
        if problem:
            raise ValueError(f"{number}, inside the range, {problem}")


def _overlaps(found: list[ImportRange]) -> list[RowError]:
    errors = []
    ordered = sorted(found, key=lambda item: digits(item.first))
    for previous, current in itertools.pairwise(ordered):
        if digits(current.first) <= digits(previous.last):
            earlier, later = sorted((previous, current), key=lambda item: item.line)
            errors.append(RowError(later.line, f"overlaps the range on line {earlier.line}"))
    return errors
