"""The delivery due date: a number of business days after signing, skipping weekends and holidays."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import cache

import holidays

from services.domain.limits import DELIVERY_BUSINESS_DAYS

log = logging.getLogger(__name__)


@cache
def _holidays(country: str, year: int) -> frozenset[date]:
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        log.warning("No public holiday calendar for %s; counting weekends only", country)
        return frozenset()
    return frozenset(calendar.keys())


def is_business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country.upper(), day.year)


def add_business_days(start: date, days: int, country: str) -> date:
    """The date `days` business days after `start` (the start day itself is not counted)."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current, country):
            remaining -= 1
    return current


def due_date(signed_at: datetime | date, country: str, days: int = DELIVERY_BUSINESS_DAYS) -> date:
    """When an order signed at `signed_at` is due, counted in the main billing country's calendar."""
    start = signed_at.date() if isinstance(signed_at, datetime) else signed_at
    return add_business_days(start, days, country)
