"""The numeric limits of an order, from the operator's rules. One place, imported everywhere."""

from __future__ import annotations

from datetime import timedelta

MAX_OFFICES_PER_COUNTRY = 5
MAX_NUMBERS_PER_OFFICE = 100
MAX_NUMBERS_PER_COUNTRY = 500
RESERVATION_HOLD = timedelta(hours=12)
EXPIRY_WARNING = timedelta(hours=1)
DELIVERY_BUSINESS_DAYS = 5
