"""Acts on an Adaptive Card the way a Teams client does: a button sends its data plus the current
value of every input (unless the action says `associatedInputs: none`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

INPUT_TYPES = {"Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet"}


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every element of a card, ShowCard sub-cards excepted (their inputs are not sent by the parent)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key != "card":
                yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {element["id"]: element for element in walk(card.get("body", []))
            if element.get("type") in INPUT_TYPES and "id" in element}


def current_values(card: dict[str, Any]) -> dict[str, str]:
    """What the client sends for untouched inputs: their value, a toggle's on/off value, else ''."""
    values = {}
    for input_id, element in inputs(card).items():
        if element["type"] == "Input.Toggle":
            value = element.get("value", element.get("valueOff", "false"))
        else:
            value = element.get("value", "")
        values[input_id] = "" if value is None else str(value)
    return values


def choices(card: dict[str, Any], input_id: str) -> list[tuple[str, str]]:
    """(value, title) of a ChoiceSet's choices."""
    return [(choice["value"], choice["title"]) for choice in inputs(card)[input_id].get("choices", [])]


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {element["title"]: element for element in walk(card)
            if str(element.get("type", "")).startswith("Action.Submit") and "title" in element}


def press(card: dict[str, Any], title: str, **typed: Any) -> dict[str, Any]:
    """The `value` of the message sent when the user types `typed` into the card and presses `title`."""
    found = buttons(card)
    if title not in found:
        raise AssertionError(f"no button {title!r}; the card has {sorted(found)}")
    action = found[title]
    unknown = set(typed) - set(inputs(card))
    if unknown:
        raise AssertionError(f"the card has no input {sorted(unknown)}; it has {sorted(inputs(card))}")
    sent = {} if action.get("associatedInputs") == "none" else current_values(card)
    sent.update({key: str(value) for key, value in typed.items()})
    return {**sent, **action.get("data", {})}
