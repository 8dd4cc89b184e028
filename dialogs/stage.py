"""The shape every journey stage shares.

A stage is a ComponentDialog started with `{"order_id": ...}` (plus its own keys). It ends with None
when its part of the order is done, or with `{"goto": stage}` to send the journey elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallStepContext

from dialogs.card_prompt import card_options, new_token
from dialogs.deps import Deps
from dialogs.session import Requester, requester
from services.domain.errors import DomainError
from services.domain.order import Order
from services.pricing import format_money

STAGES = ("countries", "offices", "options", "contacts", "recap")
STAGE_TITLES = {"countries": "Countries and plans", "offices": "Offices and numbers",
                "options": "Options and fees", "contacts": "Contacts", "recap": "Recap"}

CardBuilder = Callable[[str], dict[str, Any]]


def progress(stage: str) -> str:
    return f"Step {STAGES.index(stage) + 1} of {len(STAGES)}: {STAGE_TITLES[stage]}"


class Stage(ComponentDialog):
    def __init__(self, dialog_id: str, deps: Deps) -> None:
        super().__init__(dialog_id)
        self.deps = deps

    @staticmethod
    def order_id(step: WaterfallStepContext) -> str:
        return step.options["order_id"]

    @staticmethod
    def who(step: WaterfallStepContext) -> Requester:
        return requester(step.context)

    async def load(self, step: WaterfallStepContext) -> Order:
        return await self.deps.journey.load(self.who(step).tenant_id, self.order_id(step))

    async def stop(self, step: WaterfallStepContext, error: DomainError) -> DialogTurnResult:
        """The order cannot be worked on (not found, another tenant's, no longer a draft): say why and
        end the whole journey, not just this stage."""
        await say(step.context, error.message)
        return await step.cancel_all_dialogs(True)

    async def ask(self, step: WaterfallStepContext, prompt_id: str, build: CardBuilder,
                  summary: str) -> DialogTurnResult:
        """Shows the card `build(token)` and waits for its submit in the prompt `prompt_id`."""
        token = new_token()
        return await step.prompt(prompt_id, card_options(build(token), token, summary))

    def fees(self, order: Order, locale: str) -> tuple[dict[str, str], dict[str, str]]:
        """Installation and monthly totals per currency, formatted for the user's locale."""
        quote = self.deps.journey.quote(order)
        return ({code: format_money(money, locale) for code, money in quote.installation_totals.items()},
                {code: format_money(money, locale) for code, money in quote.monthly_totals.items()})


async def say(turn_context: TurnContext, message: str) -> None:
    await turn_context.send_activity(MessageFactory.text(message))
