"""The inventory's domain errors, on top of the shared ones."""

from __future__ import annotations

from dataclasses import dataclass

from services.domain.errors import DomainError


class NotEnoughNumbers(DomainError):
    """The pool cannot give the whole quantity; nothing was held."""

    code = "not_enough_numbers"

    def __init__(self, *, country: str, area_code: str, wanted: int, available: int) -> None:
        where = f"area code {area_code} in {country}" if area_code else country
        super().__init__(
            f"Only {available} numbers are free in {where}, and {wanted} were asked for. "
            "Nothing was reserved: ask for fewer numbers or choose another area code.",
            field="quantities",
        )
        self.wanted = wanted
        self.available = available


class HoldExpired(DomainError):
    """An office's hold expired before the order was submitted; nothing was allocated."""

    code = "hold_expired"

    def __init__(self, office_ids: list[str]) -> None:
        offices = ", ".join(office_ids) or "an office"
        super().__init__(f"The numbers reserved for {offices} were held for 12 hours and that time has "
                         "passed. Reserve them again, then submit.")
        self.office_ids = office_ids


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class InvalidCsv(DomainError):
    """A range file had bad rows; nothing from it was imported."""

    code = "invalid_csv"

    def __init__(self, errors: list[RowError]) -> None:
        shown = "; ".join(str(error) for error in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"Nothing was imported. {shown}{more}")
        self.errors = errors
