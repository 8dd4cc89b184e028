"""Cards of the offices stage: a country's offices with their numbers, and removing an office.

Pure functions of plain view data: the dialog reads the order and passes what is to be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards import chrome
from cards.base import Element, card, heading, submit, text

MAX_RANGES_SHOWN = 6

GUIDE = [
    "Type each office's address exactly as it is on the building: its numbers are registered with "
    "that address in the national emergency-call system.",
    "Need separate number ranges at one site? Add two office records with the very same address.",
    "One office takes up to 100 numbers and one country up to 500. For more, add another office or "
    "press Help and our sales team will finish the order with you.",
]


@dataclass(frozen=True)
class CardFrame:
    """What every card of the stage shows around its own content."""

    progress: str
    hold_note: str | None = None
    installation: dict[str, str] = field(default_factory=dict)
    monthly: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OfficeSummary:
    id: str
    name: str
    address: str
    area_code: str = ""
    quantities: str = ""
    ranges: list[str] = field(default_factory=list)
    held: int = 0
    expiry: str = ""
    complete: bool = False


@dataclass(frozen=True)
class OverviewView:
    frame: CardFrame
    country: str
    offices: list[OfficeSummary]
    can_add: bool
    limit_note: str = ""
    next_label: str = "Next country"
    blocked: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class RemoveView:
    frame: CardFrame
    office: OfficeSummary


def top(frame: CardFrame, title: str, note: str | None = None) -> list[Element]:
    """The step line, the heading and, when there is one, the message about the last action."""
    body = [text(frame.progress, subtle=True, size="Small"), heading(title)]
    if note:
        body.append({"type": "Container", "style": "emphasis", "items": [text(note)]})
    return body


def bottom(frame: CardFrame) -> list[Element]:
    """The hold countdown (once numbers are held) and the fees so far."""
    body = [text(frame.hold_note, size="Small")] if frame.hold_note else []
    return [*body, chrome.fee_summary(frame.installation, frame.monthly)]


def attention(message: str) -> Element:
    return {"type": "TextBlock", "text": message, "color": "Attention", "wrap": True}


def ranges_text(ranges: list[str]) -> str:
    shown = ", ".join(ranges[:MAX_RANGES_SHOWN])
    more = len(ranges) - MAX_RANGES_SHOWN
    return f"{shown} and {more} more ranges" if more > 0 else shown


def office_facts(office: OfficeSummary) -> Element:
    facts = [("Address", office.address), ("Area code", office.area_code or "—"),
             ("Numbers wanted", office.quantities or "not chosen yet")]
    if office.held:
        facts.append((f"Held ({office.held})", ranges_text(office.ranges)))
        facts.append(("Hold", office.expiry))
    else:
        facts.append(("Held", "none yet"))
    return {"type": "FactSet", "facts": [{"title": title, "value": value} for title, value in facts]}


def _office_block(office: OfficeSummary, token: str) -> Element:
    data = {"token": token, "office_id": office.id}
    actions = [submit("Edit", {"action": "edit", **data}), submit("Remove", {"action": "remove", **data})]
    if not office.complete:
        actions.insert(0, submit("Reserve numbers", {"action": "reserve", **data}, style="positive"))
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": [
        {"type": "TextBlock", "text": office.name, "weight": "Bolder", "wrap": True},
        office_facts(office), {"type": "ActionSet", "actions": actions}]}


def overview_card(view: OverviewView, token: str) -> dict[str, Any]:
    body = top(view.frame, f"Offices in {view.country}", view.note)
    body.append(text("\n".join(f"- {line}" for line in GUIDE), size="Small"))
    if not view.offices:
        body.append(text(f"No offices yet. Add the first office in {view.country}."))
    body += [_office_block(office, token) for office in view.offices]
    if view.limit_note:
        body.append(text(view.limit_note, subtle=True))
    if view.blocked:
        body.append(attention(view.blocked))
    actions = [submit("Add office", {"action": "add", "token": token})] if view.can_add else []
    if not view.blocked:
        actions.append(submit(view.next_label, {"action": "next", "token": token}, style="positive"))
    return card([*body, *bottom(view.frame)], [*actions, *chrome.footer(token)])


def remove_card(view: RemoveView, token: str) -> dict[str, Any]:
    office = view.office
    what = (f"Its {office.held} held numbers go back to the pool." if office.held
            else "It holds no numbers yet.")
    body = [*top(view.frame, f"Remove {office.name}?"), office_facts(office), text(what), *bottom(view.frame)]
    actions = [submit("Yes, remove the office", {"action": "confirm_remove", "token": token},
                      style="destructive"),
               submit("No, keep it", {"action": "keep", "token": token})]
    return card(body, [*actions, *chrome.footer(token)])
