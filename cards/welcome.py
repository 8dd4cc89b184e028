"""The welcome card (on install) and the main menu (any message with no active dialog)."""

from __future__ import annotations

from typing import Any

from cards.base import bullets, card, heading, submit, text

START = "start_order"
HELP = "help"

WHAT_IT_DOES = [
    "Pick the countries and voice plans for Teams Phone",
    "Add your offices with their emergency addresses",
    "Reserve phone numbers for users and resource accounts",
    "Choose options, check the fees, sign the contract",
]


def menu_actions(token: str | None = None) -> list[dict[str, Any]]:
    """Start and Help. Without a step token they are entry points that work from any old card."""
    extra = {"token": token} if token else {}
    return [submit("Start an order", {"action": START, **extra}, style="positive"),
            submit("Help", {"action": HELP, **extra})]


def welcome_card(tenant_id: str | None) -> dict[str, Any]:
    body = [
        heading("Welcome to Operator Connect ordering"),
        text("Order Teams phone service from this chat, step by step:"),
        bullets(WHAT_IT_DOES),
        text("You can save a draft at any point and come back later."),
    ]
    if tenant_id:
        body.append(text(f"Microsoft 365 tenant: {tenant_id}", subtle=True, size="Small"))
    return card(body, menu_actions())


def menu_card(token: str) -> dict[str, Any]:
    return card([heading("What would you like to do?"),
                 text("Start a new order, or ask for help.")], menu_actions(token))


def help_card() -> dict[str, Any]:
    return card(
        [
            heading("How ordering works"),
            bullets([
                "Type **start order** (or press Start an order) to begin",
                "Every step is a card: fill it in and press its button",
                "Type **help** at any time to see this again",
            ]),
        ],
        menu_actions(),
    )
