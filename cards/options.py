"""The add-on options card of one country: forwarding, CLIP, auto attendants and call queues, with fees.

A pure function of an `OptionsView` whose amounts are already formatted for the user's locale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from cards import chrome
from cards.base import Element, card, heading, submit, text

UPDATE_FEES = "update_fees"
NEXT = "next"
CLIP_CHOICES = (("none", "No CLIP configuration"), ("screen", "CLIP screen"),
                ("no_screen", "CLIP no screen"))


@dataclass(frozen=True)
class OptionsView:
    """What the card shows. `values` are the inputs' current values as strings (what the user typed),
    `prices` the fee text per option id, `errors` a message per input id."""

    progress: str
    country: str
    currency: str
    position: str
    max_count: int
    values: dict[str, str]
    prices: dict[str, str]
    installation: dict[str, str]
    monthly: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""


def options_card(view: OptionsView, token: str) -> dict[str, Any]:
    body: list[Element] = [
        text(view.progress, subtle=True, size="Small"),
        heading(f"Options for {view.country}"),
        text(f"{view.position}. Optional configuration services. Fees are in {view.currency}, the "
             "currency of this country's billing number."),
    ]
    if view.notice:
        body.append(text(view.notice, size="Small"))
    body += _forwarding(view) + _clip(view)
    body += _count(view, "auto_attendants", "Auto attendants to configure", "auto_attendant")
    body += _count(view, "call_queues", "Call queues to configure", "call_queue")
    body.append(chrome.fee_summary(view.installation, view.monthly))
    actions = [submit("Update fees", {"action": UPDATE_FEES, "token": token}, validate=True),
               submit("Next", {"action": NEXT, "token": token}, style="positive", validate=True)]
    return card(body, actions + chrome.footer(token))


def _forwarding(view: OptionsView) -> list[Element]:
    toggle = {"type": "Input.Toggle", "id": "call_forwarding", "title": "Call forwarding configuration",
              "value": "true" if view.values.get("call_forwarding") == "true" else "false",
              "valueOn": "true", "valueOff": "false", "wrap": True, "spacing": "Medium"}
    return [toggle, *_error(view, "call_forwarding"), _price(view.prices["call_forwarding"])]


def _clip(view: OptionsView) -> list[Element]:
    names = {"screen": "clip_screen", "no_screen": "clip_no_screen"}
    choices = [{"title": title if value == "none" else f"{title} ({view.prices[names[value]]})",
                "value": value} for value, title in CLIP_CHOICES]
    chosen = view.values.get("clip", "none")
    choice_set = {"type": "Input.ChoiceSet", "id": "clip", "style": "expanded", "wrap": True,
                  "label": "Calling line identity (CLIP): the number shown to the people you call",
                  "choices": choices, "value": chosen if chosen in dict(CLIP_CHOICES) else "none",
                  "spacing": "Medium"}
    return [choice_set, *_error(view, "clip")]


def _count(view: OptionsView, input_id: str, label: str, price_id: str) -> list[Element]:
    number: Element = {"type": "Input.Number", "id": input_id, "label": label, "min": 0,
                       "max": view.max_count, "placeholder": "0", "spacing": "Medium",
                       "errorMessage": f"Enter a whole number from 0 to {view.max_count}."}
    typed = _number(view.values.get(input_id, ""))
    if typed is not None:
        number["value"] = typed
    return [number, *_error(view, input_id), _price(f"Each: {view.prices[price_id]}")]


def _number(value: str) -> int | float | None:
    """The typed value as a JSON number (an Input.Number's value must be one), or None."""
    try:
        return int(value)
    except ValueError:
        pass
    try:
        parsed = float(value)
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def _price(value: str) -> Element:
    block = text(value, subtle=True, size="Small")
    block["spacing"] = "None"
    return block


def _error(view: OptionsView, input_id: str) -> list[Element]:
    message = view.errors.get(input_id)
    return [chrome.field_error(message)] if message else []
