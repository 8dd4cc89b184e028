"""What the office dialogs share: reading an office for its cards, and changes the domain has no
single method for (replacing an office record, letting go of an office's held numbers).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

import phonenumbers
from botbuilder.dialogs import WaterfallStepContext

from cards import chrome
from cards.offices import CardFrame, OfficeSummary
from dialogs.session import Requester
from dialogs.stage import Stage, progress
from services.catalogue.area_codes import AreaCode
from services.domain.address import Address
from services.domain.office import Office, ReservedNumber
from services.domain.order import Order
from services.inventory import ranges

log = logging.getLogger(__name__)

STAGE = "offices"


def one_line(address: Address) -> str:
    """Street, extra line, postal code and city on one line (the country is in the heading)."""
    return ", ".join(address.lines()[:-1])


def office_name(office: Office) -> str:
    return office.name or office.address.city


def area_display(country: str, code: str | None) -> str:
    """The area code as dialled in the country, e.g. 030; empty when there is none."""
    return AreaCode(country, code, "").display if code else ""


def quantities_text(office: Office) -> str:
    if office.quantities is None:
        return ""
    return (f"{office.quantities.users} for users, "
            f"{office.quantities.resource_accounts} for resource accounts")


def readable(number: str) -> str:
    """+4930200000 as +49 30 200000: E.164 grouped the way the country writes it."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def range_texts(numbers: Iterable[str], *, counts: bool = False) -> list[str]:
    """Consecutive numbers as readable ranges ('first–last', with '(10)' when `counts`)."""
    texts = []
    for run in ranges(numbers):
        text = readable(run.first) if run.count == 1 else f"{readable(run.first)}–{readable(run.last)}"
        texts.append(f"{text} ({run.count})" if counts else text)
    return texts


def hold_note(order: Order, now: datetime, timezone: str | None) -> str | None:
    expiry = order.earliest_expiry()
    return chrome.countdown(expiry, now, timezone) if expiry else None


def has_expired(office: Office, now: datetime) -> bool:
    return any(held.is_expired(now) for held in office.numbers)


def is_done(office: Office, now: datetime) -> bool:
    """The office holds every number it asked for, and the hold has not lapsed."""
    return office.is_fully_reserved and not has_expired(office, now)


def set_area_code(order: Order, country: str, office_id: str, code: str | None) -> list[ReservedNumber]:
    """Sets the office's area code; numbers held under another code are let go of first (returned)."""
    office = order.country(country).office(office_id)
    released = office.release() if office.numbers and office.area_code != code else []
    office.set_area_code(code)
    return released


def replace_office(order: Order, country: str, office: Office) -> Office:
    """Puts `office` in place of the record with its id; the country's rules are checked again."""
    entry = order.country(country)
    entry.office(office.id)
    entry.offices = [office if other.id == office.id else other for other in entry.offices]
    return office


def released_note(name: str, count: int, why: str) -> str:
    return (f"{why}, so the {count} numbers held for {name} went back to the pool. "
            "Reserve them again for the new details.")


class OfficeStep(Stage):
    """A dialog of the offices stage: its options carry `order_id`, `country` and the office's id."""

    @staticmethod
    def country(step: WaterfallStepContext) -> str:
        return step.options["country"]

    def frame(self, order: Order, who: Requester) -> CardFrame:
        installation, monthly = self.fees(order, who.locale)
        return CardFrame(progress=progress(STAGE), installation=installation, monthly=monthly,
                         hold_note=hold_note(order, self.deps.clock.now(), who.timezone))

    def summary(self, country: str, office: Office, who: Requester) -> OfficeSummary:
        expiry = min((held.expires_at for held in office.numbers), default=None)
        return OfficeSummary(
            id=office.id, name=office_name(office), address=one_line(office.address),
            area_code=area_display(country, office.area_code), quantities=quantities_text(office),
            ranges=range_texts(held.number for held in office.numbers), held=len(office.numbers),
            expiry=chrome.countdown(expiry, self.deps.clock.now(), who.timezone) if expiry else "",
            complete=is_done(office, self.deps.clock.now()))

    async def free_numbers(self, who: Requester, order_id: str, office_id: str, count: int) -> None:
        """The order let go of `count` numbers of the office: the inventory returns them to the pool."""
        if count:
            await self.deps.journey.inventory.release(who.tenant_id, order_id, office_id)
            log.info("released %d numbers of office %s in order %s", count, office_id, order_id)
