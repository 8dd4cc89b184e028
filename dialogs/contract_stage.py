"""After the recap: preview the contract, name the signatory, and submit the order.

New numbers only go to e-signature; porting or migration anywhere goes to a sales manager.
"""

from __future__ import annotations

from typing import Any, Literal

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import Field

from cards import contract as cards
from cards.attachments import card_message
from cards.chrome import local_time
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.receipts import replace_with_receipt
from dialogs.stage import Stage, say
from dialogs.typing import typing_while_slow
from services.domain.errors import DomainError
from services.submission import Submission

FORM, PROMPT = "contract.form", "contract.prompt"
FIELDS = ("name", "job_title", "email", "authorised")


class ContractSubmit(CardSubmit):
    action: Literal["submit", "preview", "back"]
    name: str = Field(default="", max_length=120)
    job_title: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=254)
    authorised: Literal["true", "false", ""] = ""


class ContractStage(Stage):
    def __init__(self, deps: Deps) -> None:
        super().__init__("contract", deps)
        self._handlers = {cards.SUBMIT: self._submit, cards.PREVIEW: self._preview, cards.BACK: self._back}
        self.add_dialog(WaterfallDialog(FORM, [self._show, self._act]))
        self.add_dialog(CardPrompt(PROMPT, ContractSubmit))
        self.initial_dialog_id = FORM

    @property
    def submission(self) -> Submission:
        if self.deps.submission is None:
            raise DomainError("Submitting orders is not available right now.", code="no_submission")
        return self.deps.submission

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        order = await self.load(step)
        values = dict(step.options.get("values") or {})
        if not values and order.signatory:
            values = {"name": order.signatory.full_name, "job_title": order.signatory.job_title,
                      "email": order.signatory.email, "authorised": "true"}
        form = cards.ContractForm(company=order.company_name or order.ocn, needs_sales=order.needs_sales,
                                  values=values, errors=step.options.get("errors") or {},
                                  note=step.options.get("note", ""))
        return await self.ask(step, PROMPT, lambda token: cards.contract_card(form, token), "Contract")

    async def _act(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = ContractSubmit.model_validate(step.result)
        return await self._handlers[answer.action](step, answer)

    async def _again(self, step: WaterfallStepContext, answer: ContractSubmit,
                     **extra: Any) -> DialogTurnResult:
        values = {name: getattr(answer, name) for name in FIELDS}
        return await step.replace_dialog(FORM, {**step.options, "values": values, **extra})

    async def _preview(self, step: WaterfallStepContext, answer: ContractSubmit) -> DialogTurnResult:
        who = self.who(step)
        async with typing_while_slow(step.context):
            link = await self.submission.preview(who.tenant_id, self.order_id(step))
        expires = local_time(link.expires_at, who.timezone)
        message = card_message(cards.preview_card(link.url, expires), "Draft contract")
        await step.context.send_activity(message)
        return await self._again(step, answer, note="The draft contract link is in the message above.")

    async def _back(self, step: WaterfallStepContext, answer: ContractSubmit) -> DialogTurnResult:
        await replace_with_receipt(step.context, "Back to the recap")
        return await step.end_dialog({"goto": "recap"})

    async def _submit(self, step: WaterfallStepContext, answer: ContractSubmit) -> DialogTurnResult:
        who, order_id = self.who(step), self.order_id(step)
        order = await self.load(step)
        if answer.name or not order.needs_sales:
            try:
                await self.submission.set_signatory(
                    who.tenant_id, order_id, name=answer.name, job_title=answer.job_title,
                    email=answer.email, authorised=answer.authorised == "true")
            except DomainError as error:
                return await self._again(step, answer, errors={error.field or "name": error.message})
        async with typing_while_slow(step.context):
            result = await self.submission.submit(who.tenant_id, order_id)
        await replace_with_receipt(step.context, "Order submitted", [result.message])
        await say(step.context, result.message)
        return await step.end_dialog({"submitted": result.status.value})

