"""An office's reserved numbers as the contract lists them: every number, grouped for reading, and the
consecutive ranges they form."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

from services.domain.office import NumberUsage, Office
from services.inventory.model import digits, ranges


@dataclass(frozen=True)
class OfficeNumbers:
    """Numbers for users and for resource accounts (each in numeric order) and the ranges of all."""

    users: list[str]
    resource_accounts: list[str]
    ranges: list[str]

    def __len__(self) -> int:
        return len(self.users) + len(self.resource_accounts)


def readable(e164: str) -> str:
    """"+49 30 12345678": E.164 grouped as the country writes it (unchanged if it cannot be parsed)."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def office_numbers(office: Office) -> OfficeNumbers:
    def listed(usage: NumberUsage) -> list[str]:
        return [readable(n) for n in sorted((h.number for h in office.numbers_for(usage)), key=digits)]

    runs = ranges(held.number for held in office.numbers)
    summary = [
        readable(run.first) if run.count == 1
        else f"{readable(run.first)} to {readable(run.last)} ({run.count} numbers)"
        for run in runs
    ]
    return OfficeNumbers(users=listed(NumberUsage.USER),
                         resource_accounts=listed(NumberUsage.RESOURCE_ACCOUNT), ranges=summary)
