"""Cards that list a tenant's orders: drafts to resume, and the status of every order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cards.base import card, heading, submit, text


@dataclass(frozen=True)
class OrderLine:
    """One order as the lists show it; `when` is already in the user's time zone."""

    id: str
    title: str
    status: str
    when: str
    note: str = ""


def _short(order_id: str) -> str:
    return order_id[:8].upper()


def drafts_card(drafts: list[OrderLine], token: str) -> dict[str, Any]:
    body: list[dict[str, Any]] = [heading("Your saved drafts")]
    if not drafts:
        body.append(text("There is no saved draft for your account."))
        return card(body, [submit("Start an order", {"action": "start_order", "token": token},
                                  style="positive")])
    for draft in drafts[:10]:
        items = [text(f"**{draft.title}**"), text(f"Draft {_short(draft.id)} · saved {draft.when}",
                                                   subtle=True, size="Small")]
        if draft.note:
            items.append(text(draft.note, size="Small"))
        body.append({"type": "Container", "separator": True, "items": items,
                     "selectAction": {"type": "Action.Submit", "title": "Resume",
                                      "data": {"action": "resume", "order": draft.id, "token": token}}})
    actions = [submit(f"Resume {_short(d.id)}", {"action": "resume", "order": d.id, "token": token})
               for d in drafts[:5]]
    return card(body, actions)


def status_card(orders: list[OrderLine]) -> dict[str, Any]:
    body: list[dict[str, Any]] = [heading("Your orders")]
    if not orders:
        body.append(text("You have no orders yet. Type **start order** to begin."))
    facts = [{"title": _short(o.id), "value": f"{o.status} · {o.title} · {o.when}"} for o in orders[:30]]
    if facts:
        body.append({"type": "FactSet", "facts": facts})
    return card(body)
