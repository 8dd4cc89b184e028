"""The sales channel's cards: schema-valid Adaptive Cards 1.5 under 28 KB, with the buttons each state
allows (Action.Execute, carrying the case id)."""

from __future__ import annotations

from datetime import timedelta

from cards import sales
from services.sales_channel.models import CaseStatus, SalesChannel
from tests.card_schema import assert_valid_card
from tests.clock import START
from tests.unit.sales_channel.helpers import case


def _titles(card: dict) -> list[str]:
    return [action["title"] for action in card.get("actions", [])]


def test_an_open_case_offers_pick_up_and_close() -> None:
    card = sales.handoff_card(case(porting=["Germany: port 20 numbers; 10 new numbers"],
                                   contacts=["Ordering contact: Carl Customer, carl@contoso.example"],
                                   details=["Installation: EUR 100.00"], message="Please call us"))
    assert_valid_card(card)
    assert _titles(card) == ["Pick up", "Close"]
    assert all(action["type"] == "Action.Execute" and action["data"] == {"case_id": "case-1"}
               for action in card["actions"])
    text = str(card)
    for expected in ("Porting or migration order · ABCD1234", "Waiting for someone to pick it up",
                     "Numbers to port or migrate", "Germany: port 20 numbers", "Contacts", "Order summary",
                     "Their message", "Please call us", "ABCD1234 (awaiting sales)"):
        assert expected in text


def test_a_picked_up_case_shows_who_and_when_and_offers_a_message_box() -> None:
    picked = case().model_copy(update={"status": CaseStatus.PICKED_UP, "picked_up_by": "Ada Lovelace",
                                       "picked_up_at": START})
    card = sales.handoff_card(picked, "Europe/Berlin", note="Message sent.")
    assert_valid_card(card)
    assert "Picked up by Ada Lovelace at 7 Dec 10:00 CET" in str(card)
    assert _titles(card) == ["Message customer", "Close"]
    [box] = [item for item in card["body"] if item["type"] == "Input.Text"]
    assert box["id"] == sales.REPLY_INPUT
    message = card["actions"][0]
    assert (message["verb"], message["associatedInputs"]) == (sales.MESSAGE_CUSTOMER, "auto")


def test_a_lead_without_a_chat_cannot_be_messaged_from_the_card() -> None:
    picked = case(customer=None).model_copy(update={"status": CaseStatus.PICKED_UP, "picked_up_by": "Ada",
                                                     "picked_up_at": START})
    card = sales.handoff_card(picked)
    assert _titles(card) == ["Close"]
    assert "Input.Text" not in str(card)


def test_a_closed_case_has_no_buttons() -> None:
    closed = case().model_copy(update={"status": CaseStatus.CLOSED, "closed_by": "Grace Hopper",
                                       "closed_at": START + timedelta(hours=1)})
    card = sales.handoff_card(closed)
    assert_valid_card(card)
    assert "actions" not in card
    assert "Closed by Grace Hopper at 7 Dec 10:00 UTC" in str(card)


def test_the_longest_case_keeps_the_card_under_the_size_limit() -> None:
    big = case(details=["x" * 200] * 20, message="y" * 2000, contacts=["c" * 300] * 3,
               porting=["p" * 200] * 20)
    assert_valid_card(sales.handoff_card(big))


def test_the_install_and_registered_cards() -> None:
    install = sales.install_card("Northwind Telecom")
    assert_valid_card(install)
    [button] = install["actions"]
    assert (button["type"], button["verb"]) == ("Action.Execute", sales.REGISTER_CHANNEL)
    channel = SalesChannel(team_id="t", channel_id="c", reference={}, registered_by="Ada Lovelace",
                           registered_by_aad="aad-ada", registered_at=START)
    registered = sales.registered_card("Northwind Telecom", channel, "Europe/London")
    assert_valid_card(registered)
    assert "registered by Ada Lovelace at 7 Dec 09:00 GMT" in str(registered)
