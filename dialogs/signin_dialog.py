"""Sign-in: the account number (OCN) and its registered email, proved by a one-time code sent to that
email; or the operator's online account (when an OAuth connection is configured); or "Not yet a
customer", which sends a lead to sales.

Ends with the session (`Session.model_dump(mode="json")`) when signed in, or None when a lead was sent
or the user gave up. Only the code's salted hash (`PendingCode`) is kept in the dialog state.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Literal

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import TypeAdapter, ValidationError

from cards import signin as cards
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.receipts import replace_with_receipt
from dialogs.session import start_session
from dialogs.signin_lead import LeadDialog
from dialogs.signin_oauth import OperatorSigninDialog
from dialogs.stage import Stage, say
from services.domain.contact import Email as EmailRule
from services.mail import templates
from services.signin import CodeCheck, PendingCode, message_for

log = logging.getLogger(__name__)

ACCOUNT, CODE = "signin.account", "signin.code"
ACCOUNT_PROMPT, CODE_PROMPT = "signin.account.prompt", "signin.code.prompt"
NO_MATCH = "We could not match that account number and email."
NOT_SENT = "We could not send the code just now, so nothing has changed. Please try again in a minute."
ENTER_DIGITS = "Enter the 6 digits from the email."
GAVE_UP = "Sign-in stopped. Send me any message when you want to start again."

_email_rule: TypeAdapter[str] = TypeAdapter(EmailRule)


class AccountSubmit(CardSubmit):
    action: Literal["send_code", "not_customer", "operator_signin", "cancel"]
    ocn: str = ""
    email: str = ""


class CodeSubmit(CardSubmit):
    action: Literal["check_code", "resend_code", "other_account", "cancel"]
    code: str = ""


def read_cancel(typed: str) -> dict[str, str] | None:
    return {"action": "cancel"} if typed.strip().lower() in {"cancel", "stop"} else None


Handler = Callable[[WaterfallStepContext, Any], Awaitable[DialogTurnResult]]


class SigninDialog(Stage):
    """Begun with no options when there is no valid session. Uses Stage only for its card helpers."""

    def __init__(self, deps: Deps) -> None:
        super().__init__(SigninDialog.__name__, deps)
        self._account: dict[str, Handler] = {
            cards.SEND_CODE: self._send_code, cards.NOT_CUSTOMER: self._lead,
            cards.OPERATOR_SIGNIN: self._operator, "cancel": self._cancel}
        self._code: dict[str, Handler] = {
            cards.CHECK_CODE: self._check, cards.RESEND: self._resend,
            cards.OTHER_ACCOUNT: self._other_account, "cancel": self._cancel}
        self.add_dialog(WaterfallDialog(ACCOUNT, [self._ask_account, self._on_account, self._after_child]))
        self.add_dialog(WaterfallDialog(CODE, [self._ask_code, self._on_code]))
        self.add_dialog(CardPrompt(ACCOUNT_PROMPT, AccountSubmit, read_cancel))
        self.add_dialog(CardPrompt(CODE_PROMPT, CodeSubmit, read_cancel))
        self.add_dialog(LeadDialog(deps))
        if deps.oauth_connection:
            self.add_dialog(OperatorSigninDialog(deps))
        self.initial_dialog_id = ACCOUNT

    async def _ask_account(self, step: WaterfallStepContext) -> DialogTurnResult:
        form = step.options or {}
        build = partial(cards.account_card, tenant_id=self.who(step).tenant_id, ocn=form.get("ocn", ""),
                        email=form.get("email", ""), error=form.get("error"),
                        operator_signin=bool(self.deps.oauth_connection))
        return await self.ask(step, ACCOUNT_PROMPT, build, "Sign in to order")

    async def _on_account(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = AccountSubmit.model_validate(step.result)
        return await self._account[answer.action](step, answer)

    async def _send_code(self, step: WaterfallStepContext, answer: AccountSubmit) -> DialogTurnResult:
        form = {"ocn": answer.ocn, "email": answer.email}
        try:
            email = _email_rule.validate_python(answer.email)
        except ValidationError:
            return await step.replace_dialog(ACCOUNT, {**form, "error": "Enter an email address like "
                                                       "name@example.com."})
        if not answer.ocn or not self.deps.accounts.is_registered_email(answer.ocn, email):
            log.info("sign-in refused: account number and email do not match")
            return await step.replace_dialog(ACCOUNT, {**form, "error": NO_MATCH})
        pending = await self._issue(step.context, self.deps.accounts.find(answer.ocn).ocn, email)
        if pending is None:
            return await step.replace_dialog(ACCOUNT, form)
        await replace_with_receipt(step.context, "Code sent", [f"To {cards.mask_email(email)}"])
        return await step.replace_dialog(CODE, {"pending": pending})

    async def _issue(self, turn_context: TurnContext, ocn: str, email: str) -> dict[str, Any] | None:
        """Emails a new code; returns the pending check for the dialog state, or None if mail failed."""
        code, pending = PendingCode.issue(ocn, email, self.deps.clock.now())
        try:
            await self.deps.mailer.send(templates.signin_code(email, code, operator=self.deps.operator_name))
        except Exception:  # any mail adapter failure: say so plainly, keep the previous state
            log.exception("could not email a sign-in code to %s", cards.mask_email(email))
            await say(turn_context, NOT_SENT)
            return None
        if self.deps.log_codes:
            log.warning("one-time code for %s: %s (embedded mode only)", email, code)
        log.info("sign-in code sent to %s for account %s", cards.mask_email(email), ocn)
        return pending.model_dump(mode="json")

    async def _lead(self, step: WaterfallStepContext, answer: AccountSubmit) -> DialogTurnResult:
        return await step.begin_dialog(LeadDialog.__name__)

    async def _operator(self, step: WaterfallStepContext, answer: AccountSubmit) -> DialogTurnResult:
        if not self.deps.oauth_connection:  # a button this card never showed
            return await step.replace_dialog(ACCOUNT, {"ocn": answer.ocn, "email": answer.email})
        return await step.begin_dialog(OperatorSigninDialog.__name__)

    async def _after_child(self, step: WaterfallStepContext) -> DialogTurnResult:
        """The lead form or the operator sign-in ended: None means Back."""
        outcome: dict[str, Any] | None = step.result
        if not outcome:
            return await step.replace_dialog(ACCOUNT, {})
        if "ocn" in outcome:
            return await self._signed_in(step, outcome["ocn"], outcome["email"])
        return await step.end_dialog(None)

    async def _cancel(self, step: WaterfallStepContext, answer: Any) -> DialogTurnResult:
        await say(step.context, GAVE_UP)
        return await step.end_dialog(None)

    async def _ask_code(self, step: WaterfallStepContext) -> DialogTurnResult:
        pending = PendingCode.model_validate(step.options["pending"])
        build = partial(cards.code_card, masked_email=cards.mask_email(pending.email),
                        error=step.options.get("error"), blocked=step.options.get("blocked", False))
        return await self.ask(step, CODE_PROMPT, build, "Enter your sign-in code")

    async def _on_code(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = CodeSubmit.model_validate(step.result)
        return await self._code[answer.action](step, answer)

    async def _check(self, step: WaterfallStepContext, answer: CodeSubmit) -> DialogTurnResult:
        pending = PendingCode.model_validate(step.options["pending"])
        typed = "".join(answer.code.split())
        if not (typed.isascii() and typed.isdigit() and len(typed) == 6):  # a typo does not cost a try
            error = step.options.get("error") if step.options.get("blocked") else ENTER_DIGITS
            return await step.replace_dialog(CODE, {**step.options, "error": error})
        result = pending.check(typed, self.deps.clock.now())
        if result is CodeCheck.OK:
            return await self._signed_in(step, pending.ocn, pending.email)
        return await step.replace_dialog(CODE, {"pending": pending.model_dump(mode="json"),
                                                "error": message_for(result, pending.tries_left),
                                                "blocked": result is not CodeCheck.WRONG})

    async def _resend(self, step: WaterfallStepContext, answer: CodeSubmit) -> DialogTurnResult:
        pending = PendingCode.model_validate(step.options["pending"])
        fresh = await self._issue(step.context, pending.ocn, pending.email)
        if fresh is None:
            return await step.replace_dialog(CODE, step.options)
        await replace_with_receipt(step.context, "New code sent", [f"To {cards.mask_email(pending.email)}"])
        return await step.replace_dialog(CODE, {"pending": fresh})

    async def _other_account(self, step: WaterfallStepContext, answer: CodeSubmit) -> DialogTurnResult:
        await replace_with_receipt(step.context, "Code not used")
        return await step.replace_dialog(ACCOUNT, {})

    async def _signed_in(self, step: WaterfallStepContext, ocn: str, email: str) -> DialogTurnResult:
        session = await start_session(self.deps, step.context, ocn, email)
        company = self.deps.accounts.find(ocn).company_name
        await replace_with_receipt(step.context, f"Signed in as {company} ({ocn})")
        log.info("signed in to account %s", ocn)
        return await step.end_dialog(session.model_dump(mode="json"))
