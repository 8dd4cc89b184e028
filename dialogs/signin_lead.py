"""'Not yet a customer': a short lead form that goes to the operator's sales staff.

Ends with {"lead": <handoff id>} once sales has it, or None when the user pressed Back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Literal

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from cards import signin as cards
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.receipts import replace_with_receipt
from dialogs.stage import Stage, say
from services.domain.contact import Email, Phone
from services.sales import Handoff, HandoffKind

log = logging.getLogger(__name__)

LEAD, LEAD_PROMPT = "signin.lead", "signin.lead.prompt"
NOT_SENT = ("We could not pass your details to sales just now, so nothing was sent. "
            "Please press Send to sales again in a minute.")
HINTS = {"company": "Enter your company's name.", "contact_name": "Enter your name.",
         "email": "Enter an email address like name@example.com.",
         "countries": "Choose at least one country.", "message": "Keep the message under 2000 characters."}


class LeadSubmit(CardSubmit):
    action: Literal["send_lead", "back"]
    company: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    countries: str = ""
    message: str = ""


class Lead(BaseModel):
    """The form's rules. Validate with context={"countries": codes the operator sells in}."""

    model_config = ConfigDict(str_strip_whitespace=True)

    company: str = Field(min_length=1, max_length=200)
    contact_name: str = Field(min_length=1, max_length=200)
    email: Email
    phone: Phone | None = None
    countries: list[str] = Field(min_length=1)
    message: str = Field(default="", max_length=2000)

    @field_validator("phone", mode="before")
    @classmethod
    def _blank_phone(cls, value: Any) -> Any:
        return (value.strip() if isinstance(value, str) else value) or None

    @field_validator("countries", mode="before")
    @classmethod
    def _split(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            return value
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        known = (info.context or {}).get("countries", ())
        if any(code not in known for code in codes):
            raise ValueError("Choose the countries from the list.")
        return list(dict.fromkeys(codes))


def field_errors(error: ValidationError) -> dict[str, str]:
    """One plain message per field, for the line under that field."""
    errors: dict[str, str] = {}
    for item in error.errors():
        name = str(item["loc"][0])
        if item["type"] == "value_error":
            errors.setdefault(name, str(item["ctx"]["error"]))
        errors.setdefault(name, HINTS.get(name, "Check this answer."))
    return errors


Handler = Callable[[WaterfallStepContext, LeadSubmit], Awaitable[DialogTurnResult]]


class LeadDialog(Stage):
    """The lead form, begun by SigninDialog. Uses Stage only for its card helpers."""

    def __init__(self, deps: Deps) -> None:
        super().__init__(LeadDialog.__name__, deps)
        self._actions: dict[str, Handler] = {
            cards.SEND_LEAD: self._send, cards.BACK: self._back}
        self.add_dialog(WaterfallDialog(LEAD, [self._ask, self._answer]))
        self.add_dialog(CardPrompt(LEAD_PROMPT, LeadSubmit))
        self.initial_dialog_id = LEAD

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options or {}
        countries = [(code, offer.name) for code, offer in sorted(self.deps.catalogue.countries.items(),
                                                                   key=lambda item: item[1].name)]
        build = partial(cards.lead_card, tenant_id=self.who(step).tenant_id, countries=countries,
                        values=options.get("values", {}), errors=options.get("errors", {}))
        return await self.ask(step, LEAD_PROMPT, build, "Tell us about your company")

    async def _answer(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = LeadSubmit.model_validate(step.result)
        return await self._actions[answer.action](step, answer)

    async def _back(self, step: WaterfallStepContext, answer: LeadSubmit) -> DialogTurnResult:
        return await step.end_dialog(None)

    async def _send(self, step: WaterfallStepContext, answer: LeadSubmit) -> DialogTurnResult:
        values = answer.model_dump(include=set(cards.LEAD_FIELDS))
        try:
            lead = Lead.model_validate(values, context={"countries": set(self.deps.catalogue.countries)})
        except ValidationError as error:
            return await step.replace_dialog(LEAD, {"values": values, "errors": field_errors(error)})
        handoff = self._handoff(step, lead)
        try:
            await self.deps.sales.notify(handoff)
        except Exception:  # any notifier failure: say so plainly and keep the form
            log.exception("could not send lead %s to sales", handoff.id)
            await say(step.context, NOT_SENT)
            return await step.replace_dialog(LEAD, {"values": values})
        return await self._sent(step, lead, handoff)

    def _handoff(self, step: WaterfallStepContext, lead: Lead) -> Handoff:
        who = self.who(step)
        details = [f"Phone: {lead.phone}"] if lead.phone else []
        details.append(f"Asked in Teams by {who.name or who.user_id}")
        return Handoff(kind=HandoffKind.LEAD, tenant_id=who.tenant_id, requester=lead.contact_name,
                       requester_email=lead.email, company=lead.company, countries=lead.countries,
                       details=details, message=lead.message, created_at=self.deps.clock.now())

    async def _sent(self, step: WaterfallStepContext, lead: Lead, handoff: Handoff) -> DialogTurnResult:
        names = ", ".join(self.deps.catalogue.countries[code].name for code in lead.countries)
        await replace_with_receipt(step.context, "Sent to sales", [lead.company, names])
        await say(step.context, f"Thank you, {lead.contact_name}. Your details are with "
                  f"{self.deps.sales_contact}, who will contact you at {lead.email}.")
        log.info("lead %s sent to sales", handoff.id)
        return await step.end_dialog({"lead": handoff.id})
