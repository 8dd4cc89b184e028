"""The order's number limits, checked when numbers are reserved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.domain.errors import LimitExceeded
from services.domain.limits import MAX_NUMBERS_PER_COUNTRY, MAX_NUMBERS_PER_OFFICE, MAX_OFFICES_PER_COUNTRY
from services.inventory.model import Hold, Quantities


def check_limits(holds: Sequence[Hold], *, office_id: str, country: str, quantities: Quantities,
                 now: datetime) -> None:
    """Raises `LimitExceeded` if holding `quantities` for the office would break a limit of the order.

    `holds` are the order's holds; the office's own hold does not count, as the new one replaces it.
    Only active holds count (held and unexpired, or allocated).
    """
    if quantities.total > MAX_NUMBERS_PER_OFFICE:
        raise LimitExceeded(f"An office can have at most {MAX_NUMBERS_PER_OFFICE} numbers; "
                            f"{quantities.total} were asked for.",
                            code="max_numbers_per_office", field="quantities")
    others = [hold for hold in holds
              if hold.country == country and hold.office_id != office_id and hold.is_active(now)]
    if len({hold.office_id for hold in others}) >= MAX_OFFICES_PER_COUNTRY:
        raise LimitExceeded(f"An order can have numbers for at most {MAX_OFFICES_PER_COUNTRY} offices in "
                            f"{country}, and {MAX_OFFICES_PER_COUNTRY} offices already have numbers there.",
                            code="max_offices_per_country", field="office_id")
    in_country = sum(len(hold.numbers) for hold in others)
    if in_country + quantities.total > MAX_NUMBERS_PER_COUNTRY:
        left = MAX_NUMBERS_PER_COUNTRY - in_country
        raise LimitExceeded(f"An order can have at most {MAX_NUMBERS_PER_COUNTRY} numbers in {country}. "
                            f"Other offices already hold {in_country}, "
                            f"so this office can have {left} at most.",
                            code="max_numbers_per_country", field="quantities")
