"""The whole journey through the bot (TestAdapter): sign-in to recap for two countries, three offices."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity

from services.domain.status import OrderStatus
from tests.card_client import press
from tests.card_schema import cards_in
from tests.conftest import TENANT, Chat, texts
from tests.journey import OFFICES, SIGNATORY, click, play_to_recap, submit_for_signature


class ChatTransport:
    def __init__(self, chat: Chat) -> None:
        self.chat = chat

    @staticmethod
    def _cards(replies: list[Activity]) -> list[dict[str, Any]]:
        return [card for reply in replies for card in cards_in(reply)]

    async def say(self, text: str) -> list[dict[str, Any]]:
        return self._cards(await self.chat.say(text))

    async def submit(self, value: dict[str, Any]) -> list[dict[str, Any]]:
        return self._cards(await self.chat.submit(value))


async def test_a_journey_reaches_the_recap_with_numbers_held(chat: Chat, components, settings) -> None:
    recap = await play_to_recap(ChatTransport(chat), settings.data_dir / "outbox")
    assert "Continue to contract" in str(recap)
    journey = components.services.journey
    [order] = await journey.drafts("11111111-1111-1111-1111-111111111111")
    held = [held for _, _, held in order.numbers()]
    wanted = sum(s["users"] + s["resource_accounts"] for specs in OFFICES.values() for s in specs)
    assert len(held) == wanted


async def test_submitting_sends_the_contract_for_signature(chat: Chat, components, settings) -> None:
    bot = ChatTransport(chat)
    recap = await play_to_recap(bot, settings.data_dir / "outbox")
    await submit_for_signature(bot, recap)
    [order] = await components.services.journey.all_orders(TENANT)
    assert order.status is OrderStatus.AWAITING_SIGNATURE
    assert order.signatory is not None and order.signatory.full_name == "Margaret Hamilton"
    assert "Order submitted" in texts(chat.updated)
    holds = await components.services.inventory.holds(TENANT, order.id)
    assert holds and all(hold.status == "allocated" for hold in holds)
    mails = [path.read_text() for path in (settings.data_dir / "outbox").glob("*.eml")]
    assert any("m.hamilton@contoso.com" in mail and "/sign/" in mail for mail in mails)


async def test_the_contract_card_refuses_a_signatory_not_confirmed_as_authorised(
        chat: Chat, components, settings) -> None:
    bot = ChatTransport(chat)
    recap = await play_to_recap(bot, settings.data_dir / "outbox")
    card = await click(bot, recap, "Continue to contract")
    cards = await bot.submit(press(card, "Submit to sign", **{**SIGNATORY, "authorised": "false"}))
    assert "authorised to sign" in str(cards[-1])
    [order] = await components.services.journey.all_orders(TENANT)
    assert order.status is OrderStatus.DRAFT


async def test_a_porting_order_is_submitted_to_sales_without_e_signature(chat: Chat, components,
                                                                       settings) -> None:
    bot = ChatTransport(chat)
    recap = await play_to_recap(bot, settings.data_dir / "outbox", porting=True)
    card = await click(bot, recap, "Continue to contract")
    assert "Submit to sign" not in str(card)
    await bot.submit(press(card, "Submit"))
    [order] = await components.services.journey.all_orders(TENANT)
    assert order.status is OrderStatus.AWAITING_SALES
    mails = [path.read_text() for path in (settings.data_dir / "outbox").glob("*.eml")]
    assert any("Porting" in mail and settings.sales_email in mail for mail in mails)
