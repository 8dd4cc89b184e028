"""The recap card: the whole order on one card, an Edit button per section, the pre-flight problems with
a Fix button each, and "Continue to contract" only when nothing stands in the way.

A pure function of a `RecapView` (plain strings, already formatted for the user). Long number lists
are summarised as ranges; if the card would still be too big for Teams, the ranges are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cards import chrome
from cards.base import MAX_CARD_BYTES, Element, bullets, card, heading, submit, text

EDIT, FIX, CONTINUE = "edit", "fix", "continue"
SIZE_BUDGET = MAX_CARD_BYTES - 2048  # headroom for the activity envelope around the card
MAX_RANGES = 6


@dataclass(frozen=True)
class OfficeView:
    title: str
    address: str
    details: str
    ranges: list[str] = field(default_factory=list)
    more_ranges: int = 0


@dataclass(frozen=True)
class CountryView:
    name: str
    plan: str
    billing: str
    porting: str
    options: str
    offices: list[OfficeView]


@dataclass(frozen=True)
class FeeTable:
    """One currency's lines and totals; amounts of two currencies are never added."""

    currency: str
    installation: list[tuple[str, str]]
    installation_total: str
    monthly: list[tuple[str, str]]
    monthly_total: str


@dataclass(frozen=True)
class ProblemView:
    message: str
    goto: str


@dataclass(frozen=True)
class RecapView:
    progress: str
    company: str
    tenant: str
    ocn: str
    countries: list[CountryView]
    fees: list[FeeTable]
    contacts: list[str]
    legal_address: str
    hold: str = ""
    hold_expired: bool = False
    problems: list[ProblemView] = field(default_factory=list)
    more_problems: int = 0
    blocked: str = ""

    @property
    def can_continue(self) -> bool:
        return not self.blocked


def recap_card(view: RecapView, token: str) -> dict[str, Any]:
    """The recap; for a very big order without the number ranges, then with fee totals only, so that
    it stays under Teams' size limit (the contract PDF has everything)."""
    built: dict[str, Any] = {}
    for ranges, itemised in ((True, True), (False, True), (False, False)):
        built = _card(view, token, ranges=ranges, itemised=itemised)
        if len(json.dumps(built, ensure_ascii=False).encode("utf-8")) <= SIZE_BUDGET:
            break
    return built


def _card(view: RecapView, token: str, *, ranges: bool, itemised: bool) -> dict[str, Any]:
    body: list[Element] = [
        text(view.progress, subtle=True, size="Small"),
        heading("Check your order"),
        text(f"**{view.company}** · account (OCN) {view.ocn}"),
        text(f"Microsoft 365 tenant: {view.tenant}", subtle=True, size="Small"),
    ]
    if view.hold:
        body.append(chrome.field_error(view.hold) if view.hold_expired else text(view.hold, size="Small"))
    body += _problems(view, token)
    body += _section("Countries and plans", [_country(c) for c in view.countries], token, "countries")
    offices = [item for c in view.countries for item in _offices(c, ranges)]
    if not ranges:
        offices.append(text("The full list of numbers is in the contract PDF.", subtle=True, size="Small"))
    body += _section("Offices and numbers", offices, token, "offices")
    body += _section("Options", [bullets([f"{c.name}: {c.options}" for c in view.countries])]
                     if view.countries else [], token, "options")
    fees = [item for table in view.fees for item in _fees(table, itemised)]
    if not itemised:
        fees.append(text("Every fee line is itemised in the contract PDF.", subtle=True, size="Small"))
    body += _section("Fees", fees, token, None)
    contacts = [bullets(view.contacts), text(f"Legal company address: {view.legal_address}")]
    body += _section("Contacts", contacts, token, "contacts")
    body.append(text("Next: preview the contract before you submit the order."
                     if view.can_continue else view.blocked, size="Small"))
    actions = [submit("Continue to contract", {"action": CONTINUE, "token": token}, style="positive")]
    return card(body, (actions if view.can_continue else []) + chrome.footer(token))


def _section(title: str, items: list[Element], token: str, goto: str | None) -> list[Element]:
    block = text(title, size="Medium")
    block.update({"weight": "Bolder", "separator": True, "spacing": "Large"})
    content = items or [text("Nothing yet.", subtle=True)]
    if goto is None:
        return [block, *content]
    edit = submit(f"Edit {title[0].lower()}{title[1:]}", {"action": EDIT, "goto": goto, "token": token})
    return [block, *content, {"type": "ActionSet", "actions": [edit]}]


def _country(country: CountryView) -> Element:
    facts = [{"title": "Plan", "value": country.plan}, {"title": "Billing", "value": country.billing},
             {"title": "Numbers", "value": country.porting}]
    return {"type": "Container", "items": [text(f"**{country.name}**"), {"type": "FactSet", "facts": facts}]}


def _offices(country: CountryView, ranges: bool) -> list[Element]:
    items: list[Element] = [text(f"**{country.name}**")]
    for office in country.offices or [OfficeView("No office yet", "", "")]:
        lines = [line for line in (office.address, office.details) if line]
        if ranges and office.ranges:
            more = f" and {office.more_ranges} more ranges" if office.more_ranges else ""
            lines.append(f"Numbers: {', '.join(office.ranges)}{more}")
        items.append(text("\n\n".join([f"**{office.title}**", *lines]), size="Small"))
    return items


def _fees(table: FeeTable, itemised: bool) -> list[Element]:
    items: list[Element] = []
    for kind, lines, total in (("Installation (one-off)", table.installation, table.installation_total),
                               ("Monthly", table.monthly, table.monthly_total)):
        if not lines:
            continue
        facts = [{"title": label, "value": amount} for label, amount in lines] if itemised else []
        facts.append({"title": f"Total ({table.currency})", "value": total})
        items += [text(f"{kind} in {table.currency}", size="Small"), {"type": "FactSet", "facts": facts}]
    return items


def _problems(view: RecapView, token: str) -> list[Element]:
    if not view.problems:
        return []
    rows: list[Element] = [text("Before you continue, fix these:", size="Small")]
    for problem in view.problems:
        fix = submit("Fix", {"action": FIX, "goto": problem.goto, "token": token})
        rows.append({"type": "ColumnSet", "columns": [
            {"type": "Column", "width": "stretch", "verticalContentAlignment": "Center",
             "items": [text(problem.message, size="Small")]},
            {"type": "Column", "width": "auto", "items": [{"type": "ActionSet", "actions": [fix]}]}]})
    if view.more_problems:
        rows.append(text(f"…and {view.more_problems} more; fixing the ones above may solve them too.",
                         subtle=True, size="Small"))
    return [{"type": "Container", "style": "attention", "items": rows}]
