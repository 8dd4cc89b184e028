"""Registering the sales channel over HTTP: typed in a channel, or with the button of the card the bot
posts when it joins the operator's team. Only members of the operator's tenant may; nobody else."""

from __future__ import annotations

from cards.sales import REGISTER_CHANNEL
from tests.card_schema import assert_valid_card, cards_in
from tests.conftest import TENANT
from tests.integration.sales_channel.conftest import ADA, MALLORY, OPERATOR, OTHER, SALES, TEAM, Desk


async def test_an_outsider_cannot_register_a_channel(desk: Desk) -> None:
    said = await desk.command(MALLORY, "register sales channel", tenant=TENANT)
    assert "Only Northwind Telecom staff can do this here. Nothing was changed." in said
    assert await desk.components.sales.desk.channel() is None


async def test_operator_staff_register_the_channel_they_type_in(desk: Desk) -> None:
    await desk.register()
    channel = await desk.components.sales.desk.channel()
    assert channel is not None
    assert (channel.team_id, channel.channel_id, channel.registered_by) == (TEAM, SALES, "Ada Lovelace")
    assert channel.reference["conversation"]["id"] == SALES  # the channel, not the thread typed in
    assert channel.reference["serviceUrl"] == desk.connector.url
    [reply] = desk.connector.posted
    assert reply["_conversation"] == f"{SALES};messageid=root-1"  # answered in the thread


async def test_registering_again_elsewhere_moves_the_channel(desk: Desk) -> None:
    await desk.register()
    said = await desk.command(ADA, "register sales channel", channel=OTHER)
    assert "now the Northwind Telecom sales channel" in said
    assert (await desk.components.sales.desk.channel()).channel_id == OTHER


async def test_an_unknown_command_gets_the_list_of_commands(desk: Desk) -> None:
    said = await desk.command(ADA, "what can you do")
    assert "register sales channel" in said and "upload" in said


def _joined(desk: Desk, tenant: str) -> dict:
    return desk.base(ADA, tenant, {"id": TEAM, "conversationType": "channel", "isGroup": True},
                     {"team": {"id": TEAM}, "eventType": "teamMemberAdded"},
                     type="conversationUpdate", membersAdded=[{"id": "28:bot"}])


async def test_joining_the_operators_team_offers_the_channel_and_only_staff_can_accept(desk: Desk) -> None:
    await desk.post(_joined(desk, OPERATOR))
    [posted] = await desk.connector.wait_for(1)
    [card] = cards_in(posted)
    assert_valid_card(card)
    assert posted["_conversation"] == TEAM
    [button] = card["actions"]
    assert (button["type"], button["verb"]) == ("Action.Execute", REGISTER_CHANNEL)

    refused = await desk.click(MALLORY, REGISTER_CHANNEL, {}, tenant=TENANT)
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert "Only Northwind Telecom staff" in refused["value"]
    assert await desk.components.sales.desk.channel() is None

    accepted = await desk.click(ADA, REGISTER_CHANNEL, {})
    assert accepted["statusCode"] == 200
    assert accepted["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(accepted["value"])
    assert "registered by Ada Lovelace" in str(accepted["value"])
    assert (await desk.components.sales.desk.channel()).channel_id == SALES


async def test_joining_a_customers_team_posts_nothing(desk: Desk) -> None:
    await desk.post(_joined(desk, TENANT))
    assert desk.connector.posted == []
