"""The customer's side of a handoff: free text typed in the personal chat while sales has their case goes
to the case's thread in the sales channel instead of the ordering menu.

Only plain text is relayed, and only when no card of the journey is waiting for an answer (the chat is
idle or shows the main menu): card submits and typed commands (status, start order, help ...) keep
working as before.
"""

from __future__ import annotations

import logging

from botbuilder.core import MessageFactory, StatePropertyAccessor, TurnContext
from botbuilder.dialogs import DialogState
from botbuilder.schema import ActivityTypes

from bot.activity import is_personal, tenant_id
from dialogs.main_dialog import MENU_PROMPT, read_command
from services.domain.base import new_id
from services.sales_channel import wording
from services.sales_channel.service import SalesDesk

log = logging.getLogger(__name__)

IDLE_PROMPTS = frozenset({MENU_PROMPT})


class CaseRelay:
    def __init__(self, desk: SalesDesk, dialog_state: StatePropertyAccessor) -> None:
        self._desk, self._dialog_state = desk, dialog_state

    async def try_relay(self, turn_context: TurnContext) -> bool:
        """True when the message went to sales (and the customer was told); False to run the dialogs."""
        activity = turn_context.activity
        text = (activity.text or "").strip()
        tenant, user = tenant_id(activity), activity.from_property
        if (activity.type != ActivityTypes.message or activity.value is not None or not text
                or not is_personal(activity) or not tenant or user is None or read_command(text)):
            return False
        if not await self._idle(turn_context):
            return False
        case = await self._desk.relay_from_customer(tenant, user.aad_object_id or user.id, user.name or "",
                                                    text, key=activity.id or new_id())
        if case is None:
            return False
        log.info("relayed a customer message to the thread of case %s", case.id)
        await turn_context.send_activity(MessageFactory.text(wording.relayed(case)))
        return True

    async def _idle(self, turn_context: TurnContext) -> bool:
        state = await self._dialog_state.get(turn_context)
        return active_dialog(state) in (None, *IDLE_PROMPTS)


def active_dialog(state: DialogState | None) -> str | None:
    """The innermost dialog waiting for the user's answer, None when no dialog runs."""
    active = None
    while state is not None and state.dialog_stack:
        top = state.dialog_stack[0]
        active = top.id
        inner = (top.state or {}).get("dialogs")
        state = inner if isinstance(inner, DialogState) else None
    return active
