"""A prompt that waits for a card submit (DESIGN.md section 5).

A Teams card submit is a message whose `value` holds the action data and `text` is None, which the SDK's
text prompts cannot read. This prompt takes `activity.value`, checks the step token the card was built
with, and parses the rest into the step's pydantic payload model. A typed command can stand in for a
button where the step allows it.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs.prompts import Prompt, PromptOptions, PromptRecognizerResult
from pydantic import BaseModel, ConfigDict, ValidationError

from cards.attachments import card_message

log = logging.getLogger(__name__)

OUT_OF_DATE = "This card is out of date, so nothing was changed. Please use the newest card below."
NOT_A_CARD = "Please answer with the buttons on the card above."

TextCommands = Callable[[str], dict[str, Any] | None]


class CardSubmit(BaseModel):
    """What every card submit carries: the action and the token of the step that drew the card."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=2000)

    action: str
    token: str


def new_token() -> str:
    return secrets.token_urlsafe(12)


def card_options(card: dict[str, Any], token: str, summary: str | None = None) -> PromptOptions:
    """Prompt options for a card drawn with `token`; the card is also the retry prompt.

    The prompt's options live in dialog state, which is hashed and encoded on every turn, so the card is
    kept there as one JSON string rather than as an Activity (msrest objects cost ten times as much).
    """
    return PromptOptions(validations={"token": token, "summary": summary,
                                      "card": json.dumps(card, separators=(",", ":"))})


class CardPrompt(Prompt):
    def __init__(self, dialog_id: str, payload: type[CardSubmit], commands: TextCommands | None = None,
                 validator: Any = None) -> None:
        super().__init__(dialog_id, validator)
        self._payload = payload
        self._commands = commands

    async def on_prompt(self, turn_context: TurnContext, state: dict[str, object],
                        options: PromptOptions, is_retry: bool) -> None:
        drawn = options.validations or {}
        if "card" in drawn:
            await turn_context.send_activity(card_message(json.loads(drawn["card"]), drawn.get("summary")))

    async def on_recognize(self, turn_context: TurnContext, state: dict[str, object],
                           options: PromptOptions) -> PromptRecognizerResult:
        token = (options.validations or {}).get("token")
        data = self._read(turn_context, token)
        if data is None:
            await turn_context.send_activity(MessageFactory.text(NOT_A_CARD))
            return PromptRecognizerResult(succeeded=False)
        if data.get("token") != token:
            log.info("stale card submit in %s", turn_context.activity.conversation.id)
            await self._refuse(turn_context, options, OUT_OF_DATE)
            return PromptRecognizerResult(succeeded=False)
        try:
            value = self._payload.model_validate(data)
        except ValidationError as error:
            await self._refuse(turn_context, options, _describe(error))
            return PromptRecognizerResult(succeeded=False)
        return PromptRecognizerResult(succeeded=True, value=value.model_dump(mode="json"))

    async def _refuse(self, turn_context: TurnContext, options: PromptOptions, reason: str) -> None:
        """Says why nothing changed, then shows the step's card again."""
        await turn_context.send_activity(MessageFactory.text(reason))
        await self.on_prompt(turn_context, {}, options, True)

    def _read(self, turn_context: TurnContext, token: str | None) -> dict[str, Any] | None:
        activity = turn_context.activity
        if isinstance(activity.value, dict):
            return activity.value
        if self._commands and activity.text:
            command = self._commands(activity.text)
            if command is not None:
                return {**command, "token": token}
        return None


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "card"
        lines.append(f"- {field}: {item['msg']}")
    return "Some answers need another look:\n" + "\n".join(lines)
