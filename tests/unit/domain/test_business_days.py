from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.domain import business_days
from services.domain.business_days import add_business_days, due_date, is_business_day
from services.domain.limits import DELIVERY_BUSINESS_DAYS


def test_five_business_days_skip_the_weekend() -> None:
    assert DELIVERY_BUSINESS_DAYS == 5
    assert due_date(date(2025, 3, 3), "DE") == date(2025, 3, 10)  # Monday -> next Monday
    assert due_date(date(2025, 3, 7), "DE") == date(2025, 3, 14)  # Friday -> next Friday
    assert due_date(date(2025, 3, 8), "DE") == date(2025, 3, 14)  # signed on Saturday


def test_public_holidays_of_the_country_are_skipped() -> None:
    # 3 October is German Unity Day: a holiday in Germany, a working day in France.
    assert due_date(date(2025, 9, 30), "DE") == date(2025, 10, 8)
    assert due_date(date(2025, 9, 30), "FR") == date(2025, 10, 7)
    # Christmas and New Year, across the year boundary.
    assert due_date(date(2025, 12, 22), "DE") == date(2025, 12, 31)
    assert due_date(date(2025, 12, 29), "DE") == date(2026, 1, 6)


def test_a_datetime_counts_from_its_date() -> None:
    signed = datetime(2025, 3, 3, 23, 30, tzinfo=UTC)
    assert due_date(signed, "de") == date(2025, 3, 10)


def test_country_without_a_calendar_counts_weekends_only(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(country: str, years: int) -> None:
        raise NotImplementedError(country)

    monkeypatch.setattr(business_days.holidays, "country_holidays", unsupported)
    business_days._holidays.cache_clear()
    try:
        assert due_date(date(2025, 12, 22), "DE") == date(2025, 12, 29)
    finally:
        business_days._holidays.cache_clear()
    assert "No public holiday calendar for DE" in caplog.text


def test_business_day_rules() -> None:
    assert is_business_day(date(2025, 3, 3), "DE")
    assert not is_business_day(date(2025, 3, 8), "DE")
    assert not is_business_day(date(2025, 10, 3), "DE")  # German Unity Day
    assert is_business_day(date(2025, 10, 3), "FR")
    assert add_business_days(date(2025, 3, 3), 0, "DE") == date(2025, 3, 3)
    with pytest.raises(ValueError):
        add_business_days(date(2025, 3, 3), -1, "DE")
