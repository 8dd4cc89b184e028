"""Every card builder returns a schema-valid Adaptive Card 1.5 under the Teams size limit."""

from __future__ import annotations

import pytest

from cards import welcome
from cards.base import submit
from tests.card_schema import assert_valid_card
from tests.conftest import find_action

BUILDERS = {
    "welcome": lambda: welcome.welcome_card("tenant-1"),
    "welcome without tenant": lambda: welcome.welcome_card(None),
    "menu": lambda: welcome.menu_card("token-1"),
    "help": welcome.help_card,
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_card_is_valid(name: str) -> None:
    assert_valid_card(BUILDERS[name]())


def test_the_validator_rejects_a_broken_card() -> None:
    broken = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlok", "text": "x"}]}
    with pytest.raises(AssertionError):
        assert_valid_card(broken)


def test_the_validator_rejects_an_oversized_card() -> None:
    huge = welcome.help_card()
    huge["body"].append({"type": "TextBlock", "text": "x" * 30_000})
    with pytest.raises(AssertionError, match="byte limit"):
        assert_valid_card(huge)


def test_menu_buttons_carry_the_step_token_and_skip_validation() -> None:
    card = welcome.menu_card("token-7")
    for title in ("Start an order", "Help"):
        action = find_action(card, title)
        assert action["data"]["token"] == "token-7"
        assert action["associatedInputs"] == "none"


def test_welcome_buttons_are_entry_points_without_a_token() -> None:
    action = find_action(welcome.welcome_card(None), "Start an order")
    assert action["data"] == {"action": welcome.START}


def test_submit_validates_inputs_only_when_asked() -> None:
    assert submit("Next", {"action": "next"}, validate=True)["associatedInputs"] == "auto"
