"""Pieces every journey card shares: the footer buttons, the fee summary, receipts, field errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cards.base import Element, card, submit, text

SAVE_DRAFT = "save_draft"
HELP = "help"
CANCEL_ORDER = "cancel_order"
FOOTER_ACTIONS = (SAVE_DRAFT, HELP, CANCEL_ORDER)


def footer(token: str) -> list[Element]:
    """Save draft, Help, Cancel order: they never trip required-field validation."""
    return [submit("Save draft", {"action": SAVE_DRAFT, "token": token}),
            submit("Help", {"action": HELP, "token": token}),
            submit("Cancel order", {"action": CANCEL_ORDER, "token": token}, style="destructive")]


def fee_summary(installation: dict[str, str], monthly: dict[str, str]) -> Element:
    """Totals per currency, already formatted for the user's locale. Currencies are never added."""
    if not installation and not monthly:
        return text("Fees appear here once the order has a plan and numbers.", subtle=True, size="Small")
    facts = [{"title": f"Installation ({code})", "value": amount} for code, amount in installation.items()]
    facts += [{"title": f"Monthly ({code})", "value": amount} for code, amount in monthly.items()]
    return {"type": "Container", "style": "emphasis", "spacing": "Medium",
            "items": [text("Fees so far", size="Small"), {"type": "FactSet", "facts": facts}]}


def field_error(message: str) -> Element:
    """A message shown right under the input it is about."""
    return {"type": "TextBlock", "text": message, "color": "Attention", "size": "Small", "wrap": True,
            "spacing": "None"}


def receipt_card(title: str, lines: list[str]) -> dict[str, Any]:
    body: list[Element] = [{"type": "TextBlock", "text": f"✓ {title}", "weight": "Bolder", "wrap": True}]
    body += [text(line, subtle=True, size="Small") for line in lines[:8]]
    return card(body)


def local_time(moment: datetime, timezone: str | None) -> str:
    """A UTC moment in the user's Teams time zone (falls back to UTC), e.g. '4 Dec 21:30 CET'."""
    try:
        zone = ZoneInfo(timezone) if timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    shown = moment.astimezone(zone)
    return f"{shown.day} {shown:%b %H:%M} {shown.tzname()}"


def countdown(expires_at: datetime, now: datetime, timezone: str | None) -> str:
    left = expires_at - now
    if left.total_seconds() <= 0:
        return "The numbers' hold has expired: reserve them again before you submit."
    hours, minutes = divmod(int(left.total_seconds() // 60), 60)
    return f"Numbers held until {local_time(expires_at, timezone)} ({hours} h {minutes:02d} min left)."


def confirm_cancel_card(token: str) -> dict[str, Any]:
    return card(
        [text("Cancel this order?", size="Medium"),
         text("The draft is closed and every number it holds goes back to the pool. This cannot be undone.")],
        [submit("Yes, cancel the order", {"action": "confirm_cancel", "token": token}, style="destructive"),
         submit("No, keep it", {"action": "keep_order", "token": token})],
    )
