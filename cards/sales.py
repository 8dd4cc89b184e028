"""Cards of the sales channel: the handoff card (pick up, message the customer, close) and the card the
bot posts when it is added to a team. Buttons are Action.Execute (Universal Actions): the bot answers
with the updated card, which Teams shows in place of the old one for everyone."""

from __future__ import annotations

from typing import Any

from cards.base import Element, card, heading, text
from cards.chrome import local_time
from services.sales_channel.models import Case, CaseStatus, SalesChannel

PICK_UP = "pick_up"
MESSAGE_CUSTOMER = "message_customer"
CLOSE_CASE = "close_case"
REGISTER_CHANNEL = "register_channel"
REPLY_INPUT = "reply_text"


def execute(title: str, verb: str, data: dict[str, Any], *, style: str | None = None,
            with_inputs: bool = False) -> Element:
    action: Element = {"type": "Action.Execute", "title": title, "verb": verb, "data": data,
                       "associatedInputs": "auto" if with_inputs else "none"}
    if style:
        action["style"] = style
    return action


def handoff_card(case: Case, timezone: str | None = None, note: str = "") -> dict[str, Any]:
    body: list[Element] = [heading(f"{case.view.title} · {case.short_ref}"), _status(case, timezone),
                           {"type": "FactSet", "facts": _facts(case)}]
    for title, lines in (("Numbers to port or migrate", case.view.porting), ("Contacts", case.view.contacts),
                         ("Order summary", case.view.details)):
        if lines:
            body += [_section(title), text("\n".join(f"- {line}" for line in lines))]
    if case.view.message:
        body += [_section("Their message"), text(case.view.message)]
    if case.status is CaseStatus.PICKED_UP and case.reachable:
        body.append({"type": "Input.Text", "id": REPLY_INPUT, "label": "Message to the customer",
                     "isMultiline": True, "maxLength": 2000,
                     "placeholder": "Goes to the customer's chat with the bot"})
    if note:
        body.append(text(note, subtle=True, size="Small"))
    return card(body, _actions(case))


def _status(case: Case, timezone: str | None) -> Element:
    if case.status is CaseStatus.PICKED_UP and case.picked_up_at:
        line, style = f"Picked up by {case.picked_up_by} at {local_time(case.picked_up_at, timezone)}", "good"
    elif case.status is CaseStatus.CLOSED and case.closed_at:
        line, style = f"Closed by {case.closed_by} at {local_time(case.closed_at, timezone)}", "default"
    else:
        line, style = "Waiting for someone to pick it up", "attention"
    return {"type": "Container", "style": style,
            "items": [{"type": "TextBlock", "text": line, "weight": "Bolder", "wrap": True}]}


def _facts(case: Case) -> list[dict[str, str]]:
    view = case.view
    requester = " ".join(part for part in (view.requester, view.requester_email) if part)
    order = f"{view.order_ref} ({view.order_status})" if view.order_status else view.order_ref
    facts = [("Customer", view.company or "(not given)"), ("Tenant", case.tenant_id),
             ("Requested by", requester), ("Order", order), ("Countries", ", ".join(view.countries))]
    return [{"title": title, "value": value} for title, value in facts if value]


def _section(title: str) -> Element:
    return {"type": "TextBlock", "text": title, "weight": "Bolder", "spacing": "Medium", "wrap": True}


def _actions(case: Case) -> list[Element]:
    data = {"case_id": case.id}
    if case.status is CaseStatus.OPEN:
        return [execute("Pick up", PICK_UP, data, style="positive"), execute("Close", CLOSE_CASE, data)]
    if case.status is CaseStatus.PICKED_UP:
        close = execute("Close", CLOSE_CASE, data)
        if not case.reachable:
            return [close]
        return [execute("Message customer", MESSAGE_CUSTOMER, data, with_inputs=True), close]
    return []


def install_card(operator: str) -> dict[str, Any]:
    body = [heading(f"{operator} sales channel"),
            text("Porting and migration orders, help requests and new-customer leads from the ordering "
                 "bot can be posted in a channel of this team, where sales can pick them up and chat with "
                 "the customer."),
            text(f"Only {operator} staff can choose the channel. In another channel, mention me and type "
                 "**register sales channel**.", subtle=True, size="Small")]
    return card(body, [execute("Use this channel for sales", REGISTER_CHANNEL, {}, style="positive")])


def registered_card(operator: str, channel: SalesChannel, timezone: str | None = None) -> dict[str, Any]:
    done = f"This channel is the sales channel: registered by {channel.registered_by} at " \
           f"{local_time(channel.registered_at, timezone)}."
    body = [heading(f"{operator} sales channel"),
            {"type": "Container", "style": "good", "items": [{
                "type": "TextBlock", "wrap": True, "weight": "Bolder",
                "text": done}]},
            text("Handoffs appear here as cards. Mention me with **orders processing**, **confirm** *order*, "
                 "**upload** *order* or **complete** *order* to run operations.", subtle=True, size="Small")]
    return card(body)
