"""Sign-in with the operator's online account: an OAuth sign-in card through the Bot Service token store.

The operator's identity provider would say which customer account (OCN) the user belongs to; there is
no such API here, so after the sign-in the user names the OCN, and it is accepted only when the email
the sign-in proved is registered on that account.

Ends with {"ocn": ..., "email": ...}, or None (Back, sign-in not finished, or no email in the token).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Literal

import jwt
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import OAuthPrompt, OAuthPromptSettings
from botbuilder.schema import TokenResponse
from pydantic import TypeAdapter, ValidationError

from cards import signin as cards
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.stage import Stage, say
from services.domain.contact import Email

log = logging.getLogger(__name__)

FLOW, OCN = "signin.operator", "signin.operator.ocn"
OAUTH_PROMPT, OCN_PROMPT = "signin.operator.oauth", "signin.operator.ocn.prompt"
SIGNIN_TIMEOUT_MS = 300_000
EMAIL_CLAIMS = ("email", "preferred_username", "upn")
NOT_FINISHED = ("Signing in with your operator account did not finish. You can try again, or use your "
                "account number and a code.")
NO_EMAIL = ("Your operator account did not tell us your email address, so we cannot match it to a "
            "customer account. Please use your account number and a code instead.")
NO_MATCH = "We could not match that account number with the account you signed in with."

_email_rule: TypeAdapter[str] = TypeAdapter(Email)


def email_from_token(token: str) -> str | None:
    """The email a token from the Bot Service token store was issued to, or None.

    The signature is deliberately not checked, and the claims are read only to learn the email. This is
    safe because of where the token comes from: the Bot Service token store, reached by the bot with its
    own credentials (or in a token response activity that Bot Framework authentication has already
    checked), so it is trusted as delivered. Never use this on a token from card data or typed text.
    """
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    for name in EMAIL_CLAIMS:
        try:
            return _email_rule.validate_python(claims.get(name))
        except ValidationError:
            continue
    return None


class OcnSubmit(CardSubmit):
    action: Literal["continue", "back"]
    ocn: str = ""


Handler = Callable[[WaterfallStepContext, OcnSubmit], Awaitable[DialogTurnResult]]


class OperatorSigninDialog(Stage):
    """Begun by SigninDialog when an OAuth connection is configured."""

    def __init__(self, deps: Deps) -> None:
        super().__init__(OperatorSigninDialog.__name__, deps)
        settings = OAuthPromptSettings(connection_name=deps.oauth_connection, title="Sign in",
                                       text="Sign in with your operator account to order Teams Phone.",
                                       timeout=SIGNIN_TIMEOUT_MS, end_on_invalid_message=True)
        self._actions: dict[str, Handler] = {
            cards.CONTINUE: self._choose_account, cards.BACK: self._back}
        self.add_dialog(OAuthPrompt(OAUTH_PROMPT, settings))
        self.add_dialog(WaterfallDialog(FLOW, [self._sign_in, self._after_sign_in]))
        self.add_dialog(WaterfallDialog(OCN, [self._ask_ocn, self._on_ocn]))
        self.add_dialog(CardPrompt(OCN_PROMPT, OcnSubmit))
        self.initial_dialog_id = FLOW

    async def _sign_in(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(OAUTH_PROMPT)

    async def _after_sign_in(self, step: WaterfallStepContext) -> DialogTurnResult:
        """The token is used here and dropped: only the email it proves is kept."""
        token: TokenResponse | None = step.result
        if token is None or not token.token:
            await say(step.context, NOT_FINISHED)
            return await step.end_dialog(None)
        email = email_from_token(token.token)
        if email is None:
            log.warning("operator sign-in token carries no email claim")
            await say(step.context, NO_EMAIL)
            return await step.end_dialog(None)
        return await step.replace_dialog(OCN, {"email": email})

    async def _ask_ocn(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        build = partial(cards.operator_ocn_card, email=options["email"], ocn=options.get("ocn", ""),
                        error=options.get("error"))
        return await self.ask(step, OCN_PROMPT, build, "Which account are you ordering for?")

    async def _on_ocn(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = OcnSubmit.model_validate(step.result)
        return await self._actions[answer.action](step, answer)

    async def _choose_account(self, step: WaterfallStepContext, answer: OcnSubmit) -> DialogTurnResult:
        email = step.options["email"]
        if not answer.ocn or not self.deps.accounts.is_registered_email(answer.ocn, email):
            return await step.replace_dialog(OCN, {"email": email, "ocn": answer.ocn, "error": NO_MATCH})
        return await step.end_dialog({"ocn": self.deps.accounts.find(answer.ocn).ocn, "email": email})

    async def _back(self, step: WaterfallStepContext, answer: OcnSubmit) -> DialogTurnResult:
        return await step.end_dialog(None)
