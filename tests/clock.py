"""A clock tests can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday morning


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta

    def set(self, moment: datetime) -> None:
        self.moment = moment
