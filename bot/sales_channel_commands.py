"""Typed commands in a team channel (after the bot's @mention): register the sales channel, and, in the
sales channel, the operations on orders. Only members of the operator's own tenant may run them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import MessageFactory, TurnContext

from bot.sales_channel_context import channel_ids, channel_reference, command_text, staff_of
from services.domain.errors import DomainError
from services.operations import Operations, StepResult
from services.operations_text import listing, statuses_from
from services.sales_channel.errors import NotAuthorised
from services.sales_channel.service import SalesDesk

log = logging.getLogger(__name__)

Command = Callable[[TurnContext, str], Awaitable[str]]
HELP = ("Mention me with one of these:\n\n"
        "- **register sales channel**: post handoffs (porting orders, help requests, leads) here\n"
        "- **orders** [status]: list orders (open work, or e.g. *orders processing*)\n"
        "- **confirm** *order*: confirm the order's numbers (signed -> processing)\n"
        "- **upload** *order*: upload the numbers to the customer's Teams tenant\n"
        "- **complete** *order*: complete the order\n\n"
        "*order* is the order id or its first 8 characters.")


class ChannelCommands:
    def __init__(self, desk: SalesDesk, operations: Operations) -> None:
        self._desk, self._operations = desk, operations
        self._commands: dict[str, Command] = {
            "register": self._register, "orders": self._orders, "confirm": self._confirm,
            "upload": self._upload, "complete": self._complete, "help": self._help,
        }

    async def run(self, turn_context: TurnContext) -> None:
        verb, _, rest = command_text(turn_context.activity).partition(" ")
        command = self._commands.get(verb.lower(), self._help)
        try:
            reply = await command(turn_context, rest.strip())
        except DomainError as error:
            log.info("channel command %r refused: %s", verb, error.code)
            reply = error.message
        await turn_context.send_activity(MessageFactory.text(reply))

    async def _register(self, turn_context: TurnContext, rest: str) -> str:
        activity = turn_context.activity
        team, channel = channel_ids(activity)
        registered = await self._desk.register(staff_of(activity), team, channel,
                                               channel_reference(activity, channel))
        return (f"This channel is now the {self._desk.operator_name} sales channel (registered by "
                f"{registered.registered_by}). Handoffs will be posted here.")

    async def _orders(self, turn_context: TurnContext, rest: str) -> str:
        await self._ensure_operations(turn_context)
        orders = await self._operations.list(statuses_from(rest))
        return "\n\n".join(listing(f"Orders {rest}" if rest else "Open orders", orders))

    async def _confirm(self, turn_context: TurnContext, rest: str) -> str:
        await self._ensure_operations(turn_context)
        return _said(await self._operations.confirm(_order_ref(rest)))

    async def _upload(self, turn_context: TurnContext, rest: str) -> str:
        await self._ensure_operations(turn_context)
        return _said(await self._operations.upload(_order_ref(rest)))

    async def _complete(self, turn_context: TurnContext, rest: str) -> str:
        await self._ensure_operations(turn_context)
        return _said(await self._operations.complete(_order_ref(rest)))

    async def _help(self, turn_context: TurnContext, rest: str) -> str:
        return HELP

    async def _ensure_operations(self, turn_context: TurnContext) -> None:
        """Operator staff, in the registered sales channel."""
        self._desk.ensure_staff(staff_of(turn_context.activity))
        registered = await self._desk.channel()
        _, channel = channel_ids(turn_context.activity)
        if registered is None or registered.channel_id != channel:
            raise NotAuthorised("Operations run in the registered sales channel only. "
                                + ("" if registered else "No channel is registered yet."))


def _order_ref(rest: str) -> str:
    ref = rest.split()[0] if rest.split() else ""
    if not ref:
        raise DomainError("Name the order: its id or its first 8 characters.", code="no_order")
    return ref


def _said(result: StepResult) -> str:
    return result.message if result.changed else f"Nothing to do: {result.message}"
