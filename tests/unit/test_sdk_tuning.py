"""The SDK speed-ups in bot/sdk_tuning.py give exactly what the SDK's own code gives."""

from __future__ import annotations

from datetime import UTC, datetime

from botbuilder.core.bot_state import CachedBotState
from botbuilder.dialogs import DialogInstance, DialogState
from botbuilder.dialogs.prompts import PromptOptions
from hypothesis import given
from hypothesis import strategies as st
from msrest.serialization import Serializer
from msrest.universal_http.requests import ClientRetryPolicy

from bot import sdk_tuning
from bot.sdk_tuning import speed_up_sdk, state_fingerprint
from cards import welcome
from cards.attachments import card_message
from cards.chrome import receipt_card
from dialogs.card_prompt import card_options

SDK_HASH = sdk_tuning._SDK_COMPUTE_HASH
SDK_SERIALIZE = sdk_tuning._SDK_SERIALIZE_OBJECT


def test_the_retry_policy_keeps_the_same_codes_after_the_speed_up() -> None:
    before = ClientRetryPolicy().policy.status_forcelist
    speed_up_sdk()
    speed_up_sdk()
    assert isinstance(ClientRetryPolicy.safe_codes, frozenset)
    assert ClientRetryPolicy().policy.status_forcelist == before
    assert 408 in before and 502 in before and 404 not in before


def sdk_body(activity) -> dict:
    serializer = Serializer()
    serializer.serialize_object = lambda attr, **kwargs: SDK_SERIALIZE(serializer, attr, **kwargs)
    return serializer.body(activity, "Activity")


CARDS = [welcome.welcome_card("tenant-1"), welcome.menu_card("token-1"), welcome.help_card(),
         receipt_card("Countries chosen", ["Germany: Business Voice", "France: Basic"])]


def test_cards_are_serialised_exactly_as_the_sdk_does() -> None:
    speed_up_sdk()
    for card in CARDS:
        activity = card_message(card, "summary")
        assert Serializer().body(activity, "Activity") == sdk_body(activity)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30)


@given(json_values)
def test_any_plain_json_content_is_serialised_as_the_sdk_does(value) -> None:
    speed_up_sdk()
    assert Serializer().serialize_object(value) == SDK_SERIALIZE(Serializer(), value)


def test_content_that_is_not_plain_json_goes_the_sdks_way() -> None:
    speed_up_sdk()
    for value in ({"at": datetime(2026, 12, 4, tzinfo=UTC)}, {1: "number key"}, [("a", "tuple")]):
        assert Serializer().serialize_object(value) == SDK_SERIALIZE(Serializer(), value)


def dialog_state(values: dict, token: str) -> dict:
    """The shape the conversation state has mid-journey: stacks of dialog instances with prompt options."""
    inner = DialogState([DialogInstance("prompt", {"options": card_options({"body": []}, token)})])
    outer = DialogInstance("stage", {"dialogs": inner, "values": values})
    return {"DialogState": DialogState([outer]), "HandledActivities": ["a-1", "a-2"]}


def changed(before, after) -> tuple[bool, bool]:
    cached = CachedBotState(before)
    return (state_fingerprint(before) != state_fingerprint(after),
            SDK_HASH(cached, before) != SDK_HASH(cached, after))


def test_a_change_deep_in_the_dialog_stack_is_seen_as_the_sdk_sees_it() -> None:
    base = dialog_state({"country": "DE"}, "token-1")
    assert changed(base, dialog_state({"country": "DE"}, "token-1")) == (False, False)
    assert changed(base, dialog_state({"country": "FR"}, "token-1")) == (True, True)
    assert changed(base, dialog_state({"country": "DE"}, "token-2")) == (True, True)
    assert changed(base, dialog_state({"country": "DE", "n": 1}, "token-1")) == (True, True)


def test_a_different_class_with_the_same_attributes_is_a_change() -> None:
    options = PromptOptions(validations={"token": "t"})
    twin = type("PromptOptions", (), {})()
    twin.__dict__.update(vars(options))
    assert state_fingerprint({"o": options}) != state_fingerprint({"o": twin})


@given(json_values, json_values)
def test_plain_states_differ_exactly_when_the_sdk_says_they_do(first, second) -> None:
    assert changed({"v": first}, {"v": second})[0] == changed({"v": first}, {"v": second})[1]


class Slotted:
    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value


def test_objects_without_a_plain_description_fall_back_to_the_sdks_hash() -> None:
    speed_up_sdk()
    state = {"slotted": Slotted(1)}
    cached = CachedBotState(state)
    assert cached.compute_hash(state) == SDK_HASH(cached, state)
    state["slotted"].value = 2
    assert cached.is_changed
