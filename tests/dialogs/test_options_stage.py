"""The options stage: one card per country, fees next to each option, and the totals kept up to date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from cards.attachments import card_message
from dialogs.card_prompt import OUT_OF_DATE
from dialogs.deps import Deps
from dialogs.options_stage import MAX_CONFIGURATIONS, OptionsStage
from services.domain.country_order import Billing
from services.domain.money import Money
from services.domain.options import ClipMode, Options
from services.domain.order import Order
from services.pricing import format_money
from tests.card_schema import cards_in
from tests.clock import FakeClock
from tests.conftest import TENANT, find_action, texts
from tests.dialogs.conftest import stage_chat

LOCALE = "en-GB"  # the Chat helper's activities carry this locale
CHOICES = {"call_forwarding": "true", "clip": "screen", "auto_attendants": "2", "call_queues": "1"}


async def add_countries(deps: Deps, draft: Order, *countries: tuple[str, str, Billing]) -> Order:
    def setup(order: Order) -> Order:
        for code, plan, billing in countries:
            entry = order.add_country(code)
            entry.plan_id, entry.billing = plan, billing
        return order

    return await deps.journey.change(TENANT, draft.id, setup)


GERMANY = ("DE", "de-essentials", Billing(bcn="400103", currency="EUR"))
BRITAIN = ("GB", "gb-essentials", Billing(bcn="400101", currency="GBP"))


async def open_stage(deps: Deps, storage, draft: Order, **chat_options: Any):
    chat, runner = stage_chat(OptionsStage(deps), storage, {"order_id": draft.id}, **chat_options)
    replies = await chat.say("hi")
    return chat, runner, cards_in(replies[-1])[0]


def only_card(replies) -> dict[str, Any]:
    found = [card for reply in replies for card in cards_in(reply)]
    assert found, f"no card in {texts(replies)!r}"
    return found[-1]


def element(card: dict[str, Any], input_id: str) -> dict[str, Any]:
    return next(item for item in card["body"] if item.get("id") == input_id)


def error_under(card: dict[str, Any], input_id: str) -> str | None:
    """The red message between the input `input_id` and the next input, if any."""
    body = card["body"]
    start = body.index(element(card, input_id))
    for item in body[start + 1:]:
        if "id" in item:
            return None
        if item.get("color") == "Attention":
            return item["text"]
    return None


def fee_facts(card: dict[str, Any]) -> dict[str, str]:
    summary = next(item for item in card["body"] if item.get("style") == "emphasis")
    facts = next(item for item in summary["items"] if item["type"] == "FactSet")["facts"]
    return {fact["title"]: fact["value"] for fact in facts}


async def stored(deps: Deps, draft: Order) -> Order:
    return await deps.journey.load(TENANT, draft.id)


async def test_the_card_prices_each_option_in_the_billing_currency(deps: Deps, storage, draft) -> None:
    await add_countries(deps, draft, GERMANY)
    _, _, card = await open_stage(deps, storage, draft)
    said = texts([card_message(card)])
    assert "Options for Germany" in said and "Step 3 of 5: Options and fees" in said
    fees = deps.catalogue.fees_for("EUR").options
    forwarding = format_money(Money.of(fees["call_forwarding"].installation, "EUR"), LOCALE)
    assert f"{forwarding} installation, no monthly fee" in said
    clip = format_money(Money.of(fees["clip_screen"].monthly, "EUR"), LOCALE)
    assert f"{clip} a month" in said
    assert element(card, "call_forwarding")["value"] == "false"
    assert element(card, "clip")["value"] == "none"
    for title in ("Save draft", "Help", "Cancel order"):
        assert find_action(card, title)["associatedInputs"] == "none"
    assert find_action(card, "Next")["associatedInputs"] == "auto"


async def test_update_fees_saves_and_shows_totals_that_match_the_quote(deps: Deps, storage, draft) -> None:
    await add_countries(deps, draft, GERMANY)
    chat, runner, card = await open_stage(deps, storage, draft)
    before = fee_facts(card) if any(i.get("style") == "emphasis" for i in card["body"]) else {}
    updated = only_card(await chat.click(card, "Update fees", **CHOICES))
    order = await stored(deps, draft)
    assert order.country("DE").options == Options(call_forwarding=True, clip=ClipMode.SCREEN,
                                                  auto_attendants=2, call_queues=1)
    quote = deps.journey.quote(order)
    expected = {f"Installation ({c})": format_money(m, LOCALE) for c, m in quote.installation_totals.items()}
    expected |= {f"Monthly ({c})": format_money(m, LOCALE) for c, m in quote.monthly_totals.items()}
    assert fee_facts(updated) == expected
    assert fee_facts(updated) != before
    assert element(updated, "auto_attendants")["value"] == 2
    assert element(updated, "call_forwarding")["value"] == "true"
    assert "fees below are updated" in texts([card_message(updated)])
    assert not runner.ended


async def test_next_saves_each_country_with_a_receipt_then_ends(deps: Deps, storage, draft) -> None:
    await add_countries(deps, draft, GERMANY, BRITAIN)
    chat, runner, card = await open_stage(deps, storage, draft)
    replies = await chat.click(card, "Next", call_forwarding="true", clip="screen", auto_attendants="",
                               call_queues="0")
    assert texts(chat.updated).strip() == "✓ Options: Germany — call forwarding, CLIP screen"
    second = only_card(replies)
    assert "Options for United Kingdom" in texts([card_message(second)])
    assert "£" in texts([card_message(second)])
    await chat.click(second, "Next", call_forwarding="false", clip="no_screen", auto_attendants="1",
                     call_queues="0")
    assert "Options: United Kingdom — CLIP no screen, 1 auto attendant" in texts(chat.updated)
    assert runner.ended and runner.result is None
    order = await stored(deps, draft)
    assert order.country("DE").options == Options(call_forwarding=True, clip=ClipMode.SCREEN)
    assert order.country("GB").options == Options(clip=ClipMode.NO_SCREEN, auto_attendants=1)


async def test_coming_back_shows_the_saved_choices(deps: Deps, storage, draft) -> None:
    await add_countries(deps, draft, GERMANY)
    await deps.journey.change(TENANT, draft.id, lambda o: setattr(
        o.country("DE"), "options", Options(clip=ClipMode.NO_SCREEN, call_queues=3)))
    _, _, card = await open_stage(deps, storage, draft)
    assert element(card, "clip")["value"] == "no_screen"
    assert element(card, "call_queues")["value"] == 3


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("auto_attendants", "-1", "0 or more"),
    ("call_queues", "1000000000000", f"at most {MAX_CONFIGURATIONS}"),
    ("auto_attendants", "two", "whole number"),
    ("call_queues", "1.5", "whole number"),
])
async def test_a_bad_count_is_refused_next_to_its_field(deps: Deps, storage, draft, field: str,
                                                        typed: str, message: str) -> None:
    await add_countries(deps, draft, GERMANY)
    chat, runner, card = await open_stage(deps, storage, draft)
    before = await stored(deps, draft)
    typed_values = {**CHOICES, field: typed}
    again = only_card(await chat.click(card, "Next", **typed_values))
    assert message in (error_under(again, field) or "")
    other = "call_queues" if field == "auto_attendants" else "auto_attendants"
    assert error_under(again, other) is None
    assert element(again, "call_forwarding")["value"] == "true"
    assert element(again, "clip")["value"] == "screen"
    if typed.lstrip("-").isdigit():
        assert element(again, field)["value"] == int(typed)
    after = await stored(deps, draft)
    assert after.country("DE").options == Options() and after.updated_at == before.updated_at
    assert not runner.ended and chat.updated == []
    await chat.click(again, "Next", **CHOICES)
    assert runner.ended


async def test_a_stale_card_and_a_double_click_change_nothing_twice(deps: Deps, storage, draft,
                                                                   clock: FakeClock) -> None:
    await add_countries(deps, draft, GERMANY)
    chat, runner, card = await open_stage(deps, storage, draft)
    newer = only_card(await chat.click(card, "Update fees", **CHOICES))
    saved = await stored(deps, draft)
    clock.advance(timedelta(minutes=5))
    replies = await chat.click(card, "Update fees", **{**CHOICES, "call_queues": "7"})
    assert OUT_OF_DATE in texts(replies)
    replies = await chat.click(card, "Next", call_forwarding="false", clip="none")
    assert OUT_OF_DATE in texts(replies)
    after = await stored(deps, draft)
    assert after.updated_at == saved.updated_at and after.country("DE").options.call_queues == 1
    await chat.click(newer, "Next", **CHOICES)
    assert runner.ended
    ended_at = (await stored(deps, draft)).updated_at
    clock.advance(timedelta(minutes=5))
    assert await chat.click(newer, "Next", **{**CHOICES, "call_queues": "9"}) == []
    assert (await stored(deps, draft)).updated_at == ended_at


async def test_a_tampered_choice_is_refused_politely(deps: Deps, storage, draft) -> None:
    await add_countries(deps, draft, GERMANY)
    chat, runner, card = await open_stage(deps, storage, draft)
    replies = await chat.click(card, "Next", clip="everything", tenant_id="someone-else")
    assert "need another look" in texts(replies)
    assert (await stored(deps, draft)).country("DE").options == Options() and not runner.ended


async def test_an_order_locked_meanwhile_is_explained_and_nothing_changes(deps: Deps, storage,
                                                                          draft) -> None:
    await add_countries(deps, draft, GERMANY)
    chat, runner, card = await open_stage(deps, storage, draft)
    await deps.journey.cancel(TENANT, draft.id)
    replies = await chat.click(card, "Next", **CHOICES)
    assert "can no longer be changed" in texts(replies)
    assert "Traceback" not in texts(replies) and not runner.ended
    assert (await stored(deps, draft)).country("DE").options == Options()


async def test_an_order_without_countries_skips_the_stage(deps: Deps, storage, draft) -> None:
    chat, runner = stage_chat(OptionsStage(deps), storage, {"order_id": draft.id})
    assert await chat.say("hi") == []
    assert runner.ended and runner.result is None


async def test_another_tenants_order_is_not_found(deps: Deps, storage, draft) -> None:
    await add_countries(deps, draft, GERMANY)
    other = "22222222-2222-2222-2222-222222222222"
    chat, runner = stage_chat(OptionsStage(deps), storage, {"order_id": draft.id}, tenant=other)
    replies = await chat.say("hi")
    assert "not found" in texts(replies)
    assert all(not cards_in(reply) for reply in replies) and runner.result is None
    assert await chat.say("hi again") == []  # the journey was stopped, not moved on
