"""The welcome, the main menu and the card prompt, through botbuilder's TestAdapter."""

from __future__ import annotations

from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

from dialogs.card_prompt import NOT_A_CARD, OUT_OF_DATE
from tests.card_schema import cards_in
from tests.conftest import TENANT, Chat, texts


async def test_install_in_personal_chat_greets_once_with_the_tenant(chat: Chat) -> None:
    replies = await chat.install()
    assert len(replies) == 1
    assert "Welcome to Operator Connect ordering" in texts(replies)
    assert TENANT in texts(replies)
    again = await chat.send(Activity(type=ActivityTypes.installation_update, action="add"))
    assert again == []


async def test_install_in_a_team_does_not_post_the_ordering_welcome(components) -> None:
    team = Chat.with_bot(components, conversation_type="channel")
    assert await team.install() == []


async def test_a_member_other_than_the_bot_joining_is_not_greeted(chat: Chat) -> None:
    joined = Activity(type=ActivityTypes.conversation_update,
                      members_added=[ChannelAccount(id="29:someone-else")])
    assert await chat.send(joined) == []


async def test_any_message_shows_the_menu_and_the_menu_answers(chat: Chat) -> None:
    [menu] = await chat.say("hello")
    card = cards_in(menu)[0]
    assert "What would you like to do?" in texts([menu])
    replies = await chat.click(card, "Help")
    assert "How ordering works" in texts(replies)


async def test_typed_commands_skip_the_menu(chat: Chat) -> None:
    assert "How ordering works" in texts(await chat.say("  HELP "))
    assert "Sign in to order" in texts(await chat.say("start order"))


async def test_welcome_buttons_work_without_an_active_dialog(chat: Chat) -> None:
    [welcome] = await chat.install()
    replies = await chat.click(cards_in(welcome)[0], "Help")
    assert "How ordering works" in texts(replies)


async def test_a_stale_menu_card_changes_nothing_and_shows_the_current_card(chat: Chat) -> None:
    [first] = await chat.say("hi")
    old_card = cards_in(first)[0]
    await chat.click(old_card, "Help")
    [second] = await chat.say("hi")
    replies = await chat.click(old_card, "Help")
    assert OUT_OF_DATE in texts(replies)
    assert "How ordering works" not in texts(replies)
    assert cards_in(replies[-1]) == cards_in(second)
    assert "How ordering works" in texts(await chat.click(cards_in(second)[0], "Help"))


async def test_a_tampered_submit_is_refused_politely(chat: Chat) -> None:
    [menu] = await chat.say("hi")
    token = cards_in(menu)[0]["actions"][0]["data"]["token"]
    replies = await chat.submit({"action": "drop_tables", "token": token})
    assert "need another look" in texts(replies)
    replies = await chat.submit({"action": "help", "token": token, "tenant": "someone-else"})
    assert "need another look" in texts(replies)
    assert "How ordering works" in texts(await chat.submit({"action": "help", "token": token}))


async def test_free_text_while_a_card_waits_asks_for_the_buttons(chat: Chat) -> None:
    await chat.say("hi")
    replies = await chat.say("what now?")
    assert texts(replies) == NOT_A_CARD


async def test_a_failing_turn_gets_a_plain_apology_and_no_traceback(
        chat: Chat, components, monkeypatch) -> None:
    async def broken(*args, **kwargs):
        raise RuntimeError("database exploded: secret=hunter2")

    monkeypatch.setattr(components.bot, "on_message_activity", broken)
    replies = await chat.say("hi")
    said = texts(replies)
    assert "something went wrong on our side" in said
    assert "hunter2" not in said and "RuntimeError" not in said
