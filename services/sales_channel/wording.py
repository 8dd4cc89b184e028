"""What the sales desk says to staff and customers, in one place."""

from __future__ import annotations

from services.sales_channel.models import Case, CaseStatus, StaffMember


def staff_only(operator: str) -> str:
    return f"Only {operator} staff can do this here. Nothing was changed."


def about(case: Case) -> str:
    return f"your order {case.short_ref}" if case.order_id else "your request"


def picked_up(case: Case, operator: str) -> str:
    return (f"{case.picked_up_by} from the {operator} sales team picked up {about(case)} and will be in "
            "touch. You can reply here: just type your message.")


def sender(staff: StaffMember, operator: str) -> str:
    """How a message from sales is signed in the customer's chat."""
    return f"{staff.display_name} ({operator} sales)"


def closed(case: Case, operator: str) -> str:
    return (f"{case.closed_by} from the {operator} sales team closed the conversation about {about(case)}. "
            "Your messages here go back to the ordering menu; press Help on any card if you need us again.")


def not_active(case: Case) -> str:
    if case.status is CaseStatus.CLOSED:
        return "This case is closed: messages no longer reach the customer."
    return "Pick this case up first, so that the customer knows who is writing."


def unreachable(case: Case) -> str:
    email = f" at {case.view.requester_email}" if case.view.requester_email else ""
    return f"This customer has no Teams chat with the bot yet: contact them{email} instead."


def relayed(case: Case) -> str:
    who = case.picked_up_by or "the sales team"
    return (f"I passed your message on to {who} ({case.short_ref}). Commands such as **status** or "
            "**start order** still work as usual.")
