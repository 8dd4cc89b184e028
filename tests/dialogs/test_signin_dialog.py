"""Sign-in through botbuilder's TestAdapter: account number + email + one-time code, the operator
account (OAuth), and "Not yet a customer".
"""

from __future__ import annotations

import email
import email.policy
import json
import logging
import re
from dataclasses import replace
from datetime import timedelta
from typing import Any, Literal

import jsonpickle
import jwt
import pytest
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.schema import Activity

from bot.state.sqlite import SqliteStorage
from cards.attachments import card_message
from cards.base import card, submit, text
from cards.signin import mask_email
from dialogs.card_prompt import OUT_OF_DATE, CardPrompt, CardSubmit, card_options, new_token
from dialogs.deps import Deps
from dialogs.signin_dialog import GAVE_UP, NO_MATCH, NOT_SENT, SigninDialog
from dialogs.signin_lead import NOT_SENT as LEAD_NOT_SENT
from dialogs.signin_oauth import NO_EMAIL, NOT_FINISHED, email_from_token
from dialogs.signin_oauth import NO_MATCH as OAUTH_NO_MATCH
from services.mail.port import Email
from services.sales import Handoff, HandoffKind
from tests.card_schema import cards_in
from tests.clock import FakeClock
from tests.conftest import TENANT, Chat, find_action, texts
from tests.dialogs.conftest import DEMO_EMAIL, DEMO_OCN, StageRunner, stage_chat

CONNECTION = "OperatorAccount"
USER_KEY = "msteams/users/29:user-a"
CONVERSATION_KEY = "msteams/conversations/a:user-a-personal"


class RecordingMailer:
    def __init__(self) -> None:
        self.sent: list[Email] = []
        self.down = False

    async def send(self, message: Email) -> None:
        if self.down:
            raise ConnectionError("mail relay unreachable")
        self.sent.append(message)

    def code(self, index: int = -1) -> str:
        return re.search(r"\b(\d{6})\b", self.sent[index].text).group(1)


class RecordingSales:
    def __init__(self) -> None:
        self.handoffs: list[Handoff] = []
        self.down = False

    async def notify(self, handoff: Handoff) -> None:
        if self.down:
            raise ConnectionError("sales channel unreachable")
        self.handoffs.append(handoff)


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


@pytest.fixture
def sales() -> RecordingSales:
    return RecordingSales()


@pytest.fixture
def signin_deps(deps: Deps, mailer: RecordingMailer, sales: RecordingSales) -> Deps:
    return replace(deps, mailer=mailer, sales=sales)


def start(deps: Deps, storage: SqliteStorage, **chat_options: Any) -> tuple[Chat, StageRunner]:
    return stage_chat(SigninDialog(deps), storage, {}, **chat_options)


def last_card(replies: list[Activity]) -> dict[str, Any]:
    return cards_in(replies[-1])[0]


def titles(card_json: dict[str, Any]) -> list[str]:
    return [action["title"] for action in card_json.get("actions", [])]


def inputs(card_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in card_json["body"] if str(item["type"]).startswith("Input.")}


def error_under(card_json: dict[str, Any], input_id: str) -> str | None:
    """The red line right under the input `input_id`, if any."""
    body = card_json["body"]
    index = next(i for i, item in enumerate(body) if item.get("id") == input_id)
    after = body[index + 1] if index + 1 < len(body) else {}
    return after.get("text") if after.get("color") == "Attention" else None


def without_tokens(card_json: dict[str, Any]) -> str:
    return re.sub(r'"token": "[^"]+"', "", json.dumps(card_json))


async def first_card(chat: Chat) -> dict[str, Any]:
    return last_card(await chat.say("hi"))


async def request_code(chat: Chat, ocn: str = DEMO_OCN, address: str = DEMO_EMAIL) -> list[Activity]:
    return await chat.click(await first_card(chat), "Send me a code", ocn=ocn, email=address)


async def stored_session(storage: SqliteStorage) -> dict[str, Any] | None:
    return (await storage.read([USER_KEY])).get(USER_KEY, {}).get("Session")


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


# The account card


async def test_the_first_card_shows_the_tenant_and_asks_for_ocn_and_email(signin_deps, storage) -> None:
    chat, _ = start(signin_deps, storage)
    shown = await first_card(chat)
    facts = [fact for item in shown["body"] if item["type"] == "FactSet" for fact in item["facts"]]
    assert {"title": "Microsoft 365 tenant", "value": TENANT} in facts
    assert set(inputs(shown)) == {"ocn", "email"}
    assert all(field["isRequired"] for field in inputs(shown).values())
    assert titles(shown) == ["Send me a code", "Not yet a customer"]
    assert find_action(shown, "Send me a code")["associatedInputs"] == "auto"
    assert find_action(shown, "Not yet a customer")["associatedInputs"] == "none"


async def test_the_operator_button_appears_only_when_oauth_is_configured(signin_deps, storage) -> None:
    chat, _ = start(replace(signin_deps, oauth_connection=CONNECTION), storage)
    assert "Sign in with my operator account" in titles(await first_card(chat))


async def test_the_right_code_signs_in_and_ends_with_the_session(signin_deps, storage, mailer) -> None:
    chat, runner = start(signin_deps, storage)
    replies = await request_code(chat)
    assert "We sent a 6-digit code to t•••@contoso.com" in texts(replies)
    assert "Code sent" in texts(chat.updated)
    assert mailer.sent[0].to == [DEMO_EMAIL]
    assert "10 minutes" in mailer.sent[0].text and "did not ask" in mailer.sent[0].text
    await chat.click(last_card(replies), "Sign in", code=mailer.code())
    assert "Signed in as Contoso Ltd (100001)" in texts(chat.updated)
    assert runner.ended
    assert runner.result["ocn"] == DEMO_OCN and runner.result["email"] == DEMO_EMAIL
    assert runner.result["tenant_id"] == TENANT
    assert (await stored_session(storage))["ocn"] == DEMO_OCN


async def test_the_code_goes_to_the_outbox_when_using_the_real_mail_adapter(deps, storage, settings) -> None:
    chat, runner = start(deps, storage)
    replies = await request_code(chat)
    [saved] = list((settings.data_dir / "outbox").glob("*.eml"))
    message = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert message["To"] == DEMO_EMAIL
    body = message.get_body(preferencelist=("plain",)).get_content()
    code = re.search(r"\b(\d{6})\b", body).group(1)
    await chat.click(last_card(replies), "Sign in", code=f" {code[:3]} {code[3:]} ")
    assert runner.ended and runner.result["ocn"] == DEMO_OCN


@pytest.mark.parametrize(("ocn", "address"), [
    ("999999", DEMO_EMAIL),                      # no such account
    (DEMO_OCN, "admin@fabrikam.example.com"),    # registered, but on another account
    (DEMO_OCN, "someone@contoso.com"),           # not registered anywhere
])
async def test_a_wrong_ocn_or_email_gets_one_generic_message_and_no_code(
        signin_deps, storage, mailer, ocn, address) -> None:
    chat, runner = start(signin_deps, storage)
    shown = last_card(await request_code(chat, ocn, address))
    assert error_under(shown, "email") == NO_MATCH
    assert inputs(shown)["ocn"]["value"] == ocn and inputs(shown)["email"]["value"] == address
    assert "fabrikam" not in texts([card_message(shown)]).replace(address, "")
    assert mailer.sent == [] and not runner.ended


async def test_wrong_ocn_and_unknown_email_cards_are_identical_but_for_what_was_typed(
        signin_deps, storage) -> None:
    first, _ = start(signin_deps, storage)
    wrong_ocn = last_card(await request_code(first, "999999", "x@contoso.com"))
    second, _ = start(signin_deps, storage, user="user-b")
    wrong_email = last_card(await request_code(second, "100001", "x@contoso.com"))
    assert without_tokens(wrong_ocn).replace("999999", "100001") == without_tokens(wrong_email)


async def test_a_malformed_email_is_named_without_touching_the_accounts(signin_deps, storage, mailer) -> None:
    chat, _ = start(signin_deps, storage)
    shown = last_card(await request_code(chat, DEMO_OCN, "not-an-email"))
    assert "name@example.com" in error_under(shown, "email")
    assert mailer.sent == []


async def test_mail_down_says_so_plainly_and_keeps_the_form(signin_deps, storage, mailer) -> None:
    chat, runner = start(signin_deps, storage)
    mailer.down = True
    replies = await request_code(chat)
    assert NOT_SENT in texts(replies)
    assert "relay" not in texts(replies) and "ConnectionError" not in texts(replies)
    shown = last_card(replies)
    assert inputs(shown)["ocn"]["value"] == DEMO_OCN and "code" not in inputs(shown)
    assert chat.updated == []
    mailer.down = False
    replies = await chat.click(shown, "Send me a code", ocn=DEMO_OCN, email=DEMO_EMAIL)
    await chat.click(last_card(replies), "Sign in", code=mailer.code())
    assert runner.ended


async def test_typing_cancel_gives_up_with_no_session(signin_deps, storage) -> None:
    chat, runner = start(signin_deps, storage)
    await first_card(chat)
    assert GAVE_UP in texts(await chat.say("cancel"))
    assert runner.ended and runner.result is None
    assert await stored_session(storage) is None


async def test_the_operator_button_is_refused_when_oauth_is_not_configured(signin_deps, storage) -> None:
    chat, runner = start(signin_deps, storage)
    token = find_action(await first_card(chat), "Send me a code")["data"]["token"]
    replies = await chat.submit({"action": "operator_signin", "token": token})
    assert "Sign in to order" in texts(replies) and not runner.ended


# The code card


async def test_wrong_codes_count_down_then_a_new_code_is_needed(signin_deps, storage, mailer) -> None:
    chat, runner = start(signin_deps, storage)
    shown = last_card(await request_code(chat))
    wrong = other_code(mailer.code())
    for left in ("4 tries", "3 tries", "2 tries", "1 try"):
        shown = last_card(await chat.click(shown, "Sign in", code=wrong))
        assert error_under(shown, "code") == f"That code is not right. {left} left."
    shown = last_card(await chat.click(shown, "Sign in", code=wrong))
    assert "Too many wrong codes" in texts([card_message(shown)])
    assert titles(shown) == ["Send a new code"] and "code" not in inputs(shown)
    forced = {"action": "check_code", "token": find_action(shown, "Send a new code")["data"]["token"],
              "code": mailer.code()}
    replies = await chat.submit(forced)
    assert not runner.ended and "Too many wrong codes" in texts(replies)
    shown = last_card(await chat.click(last_card(replies), "Send a new code"))
    assert len(mailer.sent) == 2 and error_under(shown, "code") is None
    await chat.click(shown, "Sign in", code=mailer.code())
    assert runner.ended and runner.result["ocn"] == DEMO_OCN


async def test_an_expired_code_offers_only_a_new_code(signin_deps, storage, mailer, clock: FakeClock) -> None:
    chat, runner = start(signin_deps, storage)
    shown = last_card(await request_code(chat))
    clock.advance(timedelta(minutes=10))
    shown = last_card(await chat.click(shown, "Sign in", code=mailer.code()))
    assert "expired" in texts([card_message(shown)])
    assert titles(shown) == ["Send a new code"]
    assert not runner.ended
    shown = last_card(await chat.click(shown, "Send a new code"))
    await chat.click(shown, "Sign in", code=mailer.code())
    assert runner.ended


async def test_a_malformed_code_costs_no_try(signin_deps, storage, mailer) -> None:
    chat, runner = start(signin_deps, storage)
    shown = last_card(await request_code(chat))
    for _ in range(6):
        shown = last_card(await chat.click(shown, "Sign in", code="12ab"))
        assert error_under(shown, "code") == "Enter the 6 digits from the email."
    await chat.click(shown, "Sign in", code=mailer.code())
    assert runner.ended


async def test_an_old_code_card_after_a_new_code_changes_nothing(signin_deps, storage, mailer) -> None:
    chat, runner = start(signin_deps, storage)
    old_card = last_card(await request_code(chat))
    current = last_card(await chat.click(old_card, "Send a new code"))
    assert "New code sent" in texts(chat.updated)
    first_code, new_code = mailer.code(0), mailer.code(1)
    replies = await chat.click(old_card, "Sign in", code=new_code)
    assert OUT_OF_DATE in texts(replies) and not runner.ended
    assert without_tokens(last_card(replies)) == without_tokens(current)
    if first_code != new_code:
        shown = last_card(await chat.click(current, "Sign in", code=first_code))
        assert "not right" in error_under(shown, "code")
        current = shown
    await chat.click(current, "Sign in", code=new_code)
    assert runner.ended


async def test_mail_down_on_a_new_code_keeps_the_old_one(signin_deps, storage, mailer) -> None:
    chat, runner = start(signin_deps, storage)
    shown = last_card(await request_code(chat))
    mailer.down = True
    replies = await chat.click(shown, "Send a new code")
    assert NOT_SENT in texts(replies) and chat.updated == [] and len(mailer.sent) == 1
    await chat.click(last_card(replies), "Sign in", code=mailer.code())
    assert runner.ended


async def test_use_another_account_goes_back_to_the_first_card(signin_deps, storage) -> None:
    chat, runner = start(signin_deps, storage)
    shown = last_card(await request_code(chat))
    replies = await chat.click(shown, "Use another account")
    assert set(inputs(last_card(replies))) == {"ocn", "email"} and not runner.ended


class NextSubmit(CardSubmit):
    action: Literal["go"]


class SigninThenNext(ComponentDialog):
    """Signs in, then waits on the next card, the way the main dialog carries on after sign-in."""

    def __init__(self, deps: Deps) -> None:
        super().__init__("SigninThenNext")
        self.add_dialog(SigninDialog(deps))
        self.add_dialog(CardPrompt("next", NextSubmit))
        self.add_dialog(WaterfallDialog("flow", [self._sign_in, self._next]))
        self.initial_dialog_id = "flow"

    async def _sign_in(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(SigninDialog.__name__)

    async def _next(self, step: WaterfallStepContext) -> DialogTurnResult:
        token = new_token()
        shown = card([text("Next: choose countries")], [submit("Go", {"action": "go", "token": token})])
        return await step.prompt("next", card_options(shown, token))


async def test_a_double_submit_of_the_right_code_signs_in_once(
        signin_deps, storage, mailer, monkeypatch) -> None:
    import dialogs.signin_dialog as module

    started: list[str] = []
    real_start = module.start_session

    async def counting(deps, turn_context, ocn, address):
        started.append(ocn)
        return await real_start(deps, turn_context, ocn, address)

    monkeypatch.setattr(module, "start_session", counting)
    chat, _ = stage_chat(SigninThenNext(signin_deps), storage, {})
    shown = last_card(await request_code(chat))
    code = mailer.code()
    first = await chat.click(shown, "Sign in", code=code)
    assert "Next: choose countries" in texts(first) and len(chat.updated) == 1
    second = await chat.click(shown, "Sign in", code=code)
    assert OUT_OF_DATE in texts(second) and "Next: choose countries" in texts(second)
    assert chat.updated == [] and "Signed in" not in texts(second)
    assert started == [DEMO_OCN]


# The code stays out of the chat and out of the log unless embedded


async def test_the_code_never_reaches_the_chat(signin_deps, storage, mailer) -> None:
    chat, runner = start(signin_deps, storage)
    seen: list[Activity] = []

    async def step(replies: list[Activity]) -> dict[str, Any]:
        seen.extend(replies + chat.updated)
        return last_card(replies) if replies else {}

    shown = await step(await request_code(chat))
    state = jsonpickle.encode(await storage.read([CONVERSATION_KEY]))
    assert '"digest"' in state and mailer.code() not in state
    shown = await step(await chat.click(shown, "Sign in", code=other_code(mailer.code())))
    shown = await step(await chat.click(shown, "Send a new code"))
    await step(await chat.click(shown, "Sign in", code=mailer.code()))
    assert runner.ended and len(mailer.sent) == 2
    said = json.dumps([activity.serialize() for activity in seen], ensure_ascii=False)
    assert mailer.code(0) not in said and mailer.code(1) not in said
    assert mask_email(DEMO_EMAIL) in said


async def test_the_code_is_logged_only_in_embedded_mode(signin_deps, storage, mailer, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    chat, _ = start(replace(signin_deps, log_codes=False), storage)
    shown = last_card(await request_code(chat))
    quiet_code = mailer.code()
    await chat.click(shown, "Send a new code")
    assert not any(quiet_code in r.getMessage() or mailer.code() in r.getMessage() for r in caplog.records)
    caplog.clear()
    loud, _ = start(replace(signin_deps, log_codes=True), storage, user="user-b")
    await request_code(loud)
    [record] = [r for r in caplog.records if mailer.code() in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"one-time code for {DEMO_EMAIL}: {mailer.code()} (embedded mode only)"


# Not yet a customer

LEAD = {"company": "Adventure Works", "contact_name": "Dana Smith", "email": "dana@adventure-works.example",
        "phone": "+44 20 7946 0000", "countries": "DE,GB", "message": "About 300 users in two offices."}


async def open_lead(chat: Chat) -> dict[str, Any]:
    return last_card(await chat.click(await first_card(chat), "Not yet a customer"))


async def test_the_lead_form_offers_every_country_in_a_filtered_multi_select(signin_deps, storage) -> None:
    chat, _ = start(signin_deps, storage)
    shown = await open_lead(chat)
    countries = inputs(shown)["countries"]
    assert countries["isMultiSelect"] and countries["style"] == "filtered"
    assert {choice["value"] for choice in countries["choices"]} == set(signin_deps.catalogue.countries)
    assert titles(shown) == ["Send to sales", "Back"]
    assert not inputs(shown)["phone"].get("isRequired")


async def test_a_lead_reaches_sales_with_company_tenant_and_countries(signin_deps, storage, sales) -> None:
    chat, runner = start(signin_deps, storage)
    replies = await chat.click(await open_lead(chat), "Send to sales", **LEAD)
    [handoff] = sales.handoffs
    assert handoff.kind is HandoffKind.LEAD and handoff.tenant_id == TENANT
    assert handoff.company == "Adventure Works" and handoff.countries == ["DE", "GB"]
    assert handoff.requester == "Dana Smith" and handoff.requester_email == LEAD["email"]
    assert "Phone: +442079460000" in handoff.details and handoff.message == LEAD["message"]
    assert "Sent to sales" in texts(chat.updated) and "Germany, United Kingdom" in texts(chat.updated)
    assert "the Northwind Telecom sales team" in texts(replies) and LEAD["email"] in texts(replies)
    assert runner.ended and runner.result is None
    assert await stored_session(storage) is None


async def test_the_sales_email_carries_the_lead(deps, storage, settings) -> None:
    chat, _ = start(deps, storage)
    await chat.click(await open_lead(chat), "Send to sales", **LEAD)
    [saved] = list((settings.data_dir / "outbox").glob("*.eml"))
    message = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Adventure Works" in body and TENANT in body
    assert "Germany, United Kingdom" in body


async def test_a_lead_with_a_bad_email_is_told_next_to_the_field(signin_deps, storage, sales) -> None:
    chat, runner = start(signin_deps, storage)
    shown = last_card(await chat.click(await open_lead(chat), "Send to sales", **{**LEAD, "email": "dana@"}))
    assert error_under(shown, "email") == "Enter an email address like name@example.com."
    assert error_under(shown, "company") is None
    assert inputs(shown)["company"]["value"] == "Adventure Works"
    assert inputs(shown)["email"]["value"] == "dana@"
    assert inputs(shown)["countries"]["value"] == "DE,GB"
    assert sales.handoffs == [] and chat.updated == [] and not runner.ended


async def test_every_bad_lead_field_gets_its_own_message(signin_deps, storage, sales) -> None:
    chat, _ = start(signin_deps, storage)
    typed = {**LEAD, "company": "  ", "phone": "12", "countries": "DE,XX"}
    shown = last_card(await chat.click(await open_lead(chat), "Send to sales", **typed))
    assert error_under(shown, "company") == "Enter your company's name."
    assert "international format" in error_under(shown, "phone")
    assert error_under(shown, "countries") == "Choose the countries from the list."
    assert error_under(shown, "email") is None and sales.handoffs == []


async def test_sales_down_says_so_and_keeps_the_form(signin_deps, storage, sales) -> None:
    chat, runner = start(signin_deps, storage)
    sales.down = True
    replies = await chat.click(await open_lead(chat), "Send to sales", **LEAD)
    assert LEAD_NOT_SENT in texts(replies) and "unreachable" not in texts(replies)
    shown = last_card(replies)
    assert inputs(shown)["company"]["value"] == "Adventure Works" and chat.updated == []
    assert not runner.ended
    sales.down = False
    await chat.click(shown, "Send to sales", **LEAD)
    assert len(sales.handoffs) == 1 and runner.ended


async def test_back_from_the_lead_form_shows_the_sign_in_card(signin_deps, storage, sales) -> None:
    chat, runner = start(signin_deps, storage)
    replies = await chat.click(await open_lead(chat), "Back")
    assert set(inputs(last_card(replies))) == {"ocn", "email"}
    assert sales.handoffs == [] and not runner.ended


# The operator account (OAuth through the token store)

OAUTH_CARD = "application/vnd.microsoft.card.oauth"


def unsigned_token(**claims: Any) -> str:
    return jwt.encode(claims, None, algorithm="none")


def operator_chat(deps: Deps, storage: SqliteStorage, token: str,
                  magic_code: str | None = "424242") -> tuple[Chat, StageRunner]:
    chat, runner = start(replace(deps, oauth_connection=CONNECTION), storage)
    chat.adapter.add_user_token(CONNECTION, "msteams", "29:user-a", token, magic_code)
    return chat, runner


async def test_operator_sign_in_then_an_ocn_that_lists_the_email(signin_deps, storage, mailer) -> None:
    token = unsigned_token(preferred_username="Teams.Admin@Contoso.com", name="Teams Admin")
    chat, runner = operator_chat(signin_deps, storage, token)
    replies = await chat.click(await first_card(chat), "Sign in with my operator account")
    assert [a.content_type for a in replies[-1].attachments] == [OAUTH_CARD]
    shown = last_card(await chat.say("424242"))
    assert "You signed in as Teams.Admin@contoso.com" in texts([card_message(shown)])
    shown = last_card(await chat.click(shown, "Continue", ocn="100002"))
    assert error_under(shown, "ocn") == OAUTH_NO_MATCH and not runner.ended
    await chat.click(shown, "Continue", ocn=" 100001 ")
    assert "Signed in as Contoso Ltd (100001)" in texts(chat.updated)
    assert runner.result["ocn"] == DEMO_OCN and runner.result["email"] == "Teams.Admin@contoso.com"
    assert mailer.sent == [] and token not in json.dumps(await storage.read([USER_KEY]))


async def test_a_token_already_in_the_store_skips_the_sign_in_card(signin_deps, storage) -> None:
    chat, runner = operator_chat(signin_deps, storage, unsigned_token(email=DEMO_EMAIL), magic_code=None)
    replies = await chat.click(await first_card(chat), "Sign in with my operator account")
    assert "Which account are you ordering for?" in texts(replies)
    await chat.click(last_card(replies), "Continue", ocn=DEMO_OCN)
    assert runner.ended and runner.result["email"] == DEMO_EMAIL


async def test_a_token_without_an_email_falls_back_to_the_code(signin_deps, storage) -> None:
    chat, runner = operator_chat(signin_deps, storage, unsigned_token(sub="abc"), magic_code=None)
    replies = await chat.click(await first_card(chat), "Sign in with my operator account")
    assert NO_EMAIL in texts(replies) and set(inputs(last_card(replies))) == {"ocn", "email"}
    assert not runner.ended


async def test_an_unfinished_operator_sign_in_goes_back_to_the_first_card(signin_deps, storage) -> None:
    chat, runner = operator_chat(signin_deps, storage, unsigned_token(email=DEMO_EMAIL))
    await chat.click(await first_card(chat), "Sign in with my operator account")
    replies = await chat.say("999999")
    assert NOT_FINISHED in texts(replies) and "Send me a code" in titles(last_card(replies))
    assert not runner.ended


async def test_back_from_the_ocn_card_goes_back_to_the_first_card(signin_deps, storage) -> None:
    chat, runner = operator_chat(signin_deps, storage, unsigned_token(email=DEMO_EMAIL), magic_code=None)
    replies = await chat.click(await first_card(chat), "Sign in with my operator account")
    replies = await chat.click(last_card(replies), "Back")
    assert "Send me a code" in titles(last_card(replies)) and not runner.ended


def test_the_email_claim_is_read_in_order_and_garbage_gives_none() -> None:
    assert email_from_token(unsigned_token(upn="u@x.example", email="e@x.example")) == "e@x.example"
    odd = unsigned_token(preferred_username="not an email", upn="u@x.example")
    assert email_from_token(odd) == "u@x.example"
    assert email_from_token("not-a-jwt") is None
    assert email_from_token(unsigned_token(email=42)) is None


def test_the_masked_email_keeps_the_first_letter_and_the_domain() -> None:
    assert mask_email("teams.admin@contoso.com") == "t•••@contoso.com"
    assert mask_email("broken") == "•••"
