"""Small builders shared by every card: the envelope, text blocks, actions. Pure functions."""

from __future__ import annotations

from typing import Any

SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
MAX_CARD_BYTES = 28 * 1024

Element = dict[str, Any]


def card(body: list[Element], actions: list[Element] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "AdaptiveCard", "$schema": SCHEMA_URL, "version": VERSION,
                              "body": body}
    if actions:
        result["actions"] = actions
    return result


def heading(text: str) -> Element:
    return {"type": "TextBlock", "text": text, "size": "Large", "weight": "Bolder", "wrap": True,
            "style": "heading"}


def text(value: str, *, subtle: bool = False, size: str | None = None) -> Element:
    block: Element = {"type": "TextBlock", "text": value, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    if size:
        block["size"] = size
    return block


def bullets(items: list[str]) -> Element:
    return text("\n".join(f"- {item}" for item in items))


def submit(title: str, data: dict[str, Any], *, style: str | None = None,
           validate: bool = False) -> Element:
    """An Action.Submit. Unless `validate`, it never trips required-field validation."""
    action: Element = {"type": "Action.Submit", "title": title, "data": data,
                       "associatedInputs": "auto" if validate else "none"}
    if style:
        action["style"] = style
    return action
