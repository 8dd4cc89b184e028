"""The contract's wording for single values: plans, billing, options, quantities and times."""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_datetime

from services.catalogue.models import Catalogue
from services.domain.country_order import CountryOrder
from services.domain.errors import NotFound
from services.domain.office import Office
from services.domain.options import ClipMode
from services.pricing import format_money

_LOCALE = "en_GB"


def plan_text(entry: CountryOrder, catalogue: Catalogue) -> str:
    """"Essentials, €3.49 per user per month", in the currency of the country's BCN."""
    if entry.plan_id is None:
        return "No voice plan chosen"
    offer = catalogue.country(entry.country)
    currency = entry.billing.currency if entry.billing else offer.currency
    plan = offer.plan(entry.plan_id)
    try:
        price = format_money(plan.price(currency), "en-GB")
    except NotFound:
        return f"{plan.name} (no price in {currency})"
    return f"{plan.name}, {price} per user per month"


def bcn_text(entry: CountryOrder) -> str:
    billing = entry.billing
    if billing is None:
        return "Not chosen"
    if billing.new_bcn or billing.bcn is None:
        return f"New BCN requested, {billing.currency}"
    return f"{billing.bcn} ({billing.currency})"


def porting_text(entry: CountryOrder) -> str:
    if not entry.porting:
        return "No"
    if entry.porting_numbers:
        return f"Yes, {counted(entry.porting_numbers, 'number')}"
    return "Yes"


def counted(count: int, one: str, many: str | None = None) -> str:
    """"1 number", "20 numbers"."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def options_text(entry: CountryOrder) -> str:
    options = entry.options
    chosen: list[str] = []
    if options.call_forwarding:
        chosen.append("Call forwarding")
    if options.clip is ClipMode.SCREEN:
        chosen.append("CLIP screen")
    elif options.clip is ClipMode.NO_SCREEN:
        chosen.append("CLIP no screen")
    if options.auto_attendants:
        chosen.append(counted(options.auto_attendants, "auto attendant", "auto attendants") + " configured")
    if options.call_queues:
        chosen.append(counted(options.call_queues, "call queue", "call queues") + " configured")
    return ", ".join(chosen) or "None"


def quantities_text(office: Office) -> str:
    """"10 numbers: 8 for users, 2 for resource accounts", with what is reserved if it falls short."""
    quantities = office.quantities
    if quantities is None:
        return "No numbers requested yet"
    text = (f"{counted(quantities.total, 'number', 'numbers')}: {quantities.users} for users, "
            f"{quantities.resource_accounts} for resource accounts")
    if len(office.numbers) != quantities.total:
        text += f" ({len(office.numbers)} reserved so far)"
    return text


def iso_time(moment: datetime) -> str:
    """"2026-12-07T10:15:00Z": UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_time(moment: datetime) -> str:
    """"7 December 2026, 10:15 UTC"."""
    return str(format_datetime(moment.astimezone(UTC), "d MMMM y, HH:mm 'UTC'", tzinfo=UTC, locale=_LOCALE))


def long_date(moment: datetime) -> str:
    """"7 December 2026" (the UTC date)."""
    return str(format_datetime(moment.astimezone(UTC), "d MMMM y", tzinfo=UTC, locale=_LOCALE))
