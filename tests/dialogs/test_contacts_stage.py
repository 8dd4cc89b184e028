"""The contacts stage: three contacts, "same as ordering", the verified legal address, errors per field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from cards.attachments import card_message
from dialogs.card_prompt import OUT_OF_DATE
from dialogs.contacts_stage import ContactsStage
from dialogs.deps import Deps
from services.domain.address import Address
from services.domain.contact import Contact, ContactRole
from services.domain.order import Order
from tests.card_schema import cards_in
from tests.clock import FakeClock
from tests.conftest import TENANT, find_action, texts
from tests.dialogs.conftest import stage_chat

ADA = {"ordering_first_name": "Ada", "ordering_last_name": "Lovelace",
       "ordering_email": "ada@contoso.com", "ordering_phone": "+44 20 7946 0000"}
GRACE = {"technical_same": "false", "technical_first_name": "Grace", "technical_last_name": "Hopper",
         "technical_email": "grace@contoso.com", "technical_phone": "+49 30 901820"}
ADDRESS = {"legal_street": "Baker Street", "legal_house_number": "221", "legal_extra": "",
           "legal_postal_code": "NW1 6XE", "legal_city": "London", "legal_region": "",
           "legal_country": "GB"}
FORM = {**ADA, "billing_same": "true", **GRACE, **ADDRESS}


async def open_stage(deps: Deps, storage, draft: Order, **chat_options: Any):
    chat, runner = stage_chat(ContactsStage(deps), storage, {"order_id": draft.id}, **chat_options)
    replies = await chat.say("hi")
    return chat, runner, last_card(replies)


def last_card(replies) -> dict[str, Any]:
    found = [card for reply in replies for card in cards_in(reply)]
    assert found, f"no card in {texts(replies)!r}"
    return found[-1]


def _lists(node: Any) -> Iterator[list[Any]]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _lists(value)
    elif isinstance(node, list):
        yield node
        for item in node:
            yield from _lists(item)


def element(card: dict[str, Any], input_id: str) -> dict[str, Any]:
    return next(item for items in _lists(card) for item in items
                if isinstance(item, dict) and item.get("id") == input_id)


def error_under(card: dict[str, Any], input_id: str) -> str | None:
    """The red message right after the input `input_id`, before any other input, if there is one."""
    for items in _lists(card):
        ids = [item.get("id") if isinstance(item, dict) else None for item in items]
        if input_id in ids:
            for item in items[ids.index(input_id) + 1:]:
                if "id" in item:
                    return None
                if item.get("color") == "Attention":
                    return item["text"]
            return None
    raise AssertionError(f"no input {input_id}")


async def stored(deps: Deps, draft: Order) -> Order:
    return await deps.journey.load(TENANT, draft.id)


async def test_the_card_prefills_the_legal_address_and_names_the_company(deps: Deps, storage,
                                                                        draft) -> None:
    _, _, card = await open_stage(deps, storage, draft)
    said = texts([card_message(card)])
    assert "Contoso Ltd" in said and "Step 4 of 5: Contacts" in said
    assert "during delivery" in said
    for input_id, value in ADDRESS.items():
        assert element(card, input_id)["value"] == value
    assert element(card, "billing_same")["value"] == "true"
    assert element(card, "ordering_email")["isRequired"] is True
    assert "United Kingdom" in [c["title"] for c in element(card, "legal_country")["choices"]]
    assert find_action(card, "Next")["associatedInputs"] == "auto"
    for title in ("Save draft", "Help", "Cancel order"):
        assert find_action(card, title)["associatedInputs"] == "none"


async def test_next_saves_the_contacts_and_the_address_with_a_receipt(deps: Deps, storage, draft) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    await chat.click(card, "Next", **{**FORM, "legal_postal_code": "nw1 6xe"})
    order = await stored(deps, draft)
    ada = order.contact(ContactRole.ORDERING)
    assert ada is not None and (ada.full_name, ada.email, ada.phone) == (
        "Ada Lovelace", "ada@contoso.com", "+442079460000")
    billing = order.contact(ContactRole.BILLING)
    assert billing == ada.model_copy(update={"role": ContactRole.BILLING})
    technical = order.contact(ContactRole.TECHNICAL)
    assert technical is not None and technical.full_name == "Grace Hopper"
    assert order.legal_address is not None and order.legal_address.postal_code == "NW1 6XE"
    assert texts(chat.updated).strip().startswith(
        "✓ Contacts: Ada Lovelace (ordering), Ada Lovelace (billing), Grace Hopper (technical)")
    assert "221 Baker Street" in texts(chat.updated)
    assert runner.ended and runner.result is None


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("ordering_email", "ada@", "email address"),
    ("ordering_phone", "12345", "international format"),
    ("technical_email", "grace at contoso", "email address"),
    ("technical_phone", "+49 30", "international format"),
    ("technical_first_name", "", "required"),
])
async def test_a_bad_contact_field_is_refused_next_to_it_and_the_typing_is_kept(
        deps: Deps, storage, draft, field: str, typed: str, message: str) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    before = await stored(deps, draft)
    again = last_card(await chat.click(card, "Next", **{**FORM, field: typed}))
    assert message in (error_under(again, field) or "")
    assert element(again, field)["value"] == typed
    assert element(again, "ordering_first_name")["value"] == "Ada"
    assert element(again, "technical_same")["value"] == "false"
    assert error_under(again, "ordering_last_name") is None
    after = await stored(deps, draft)
    assert after.contacts == [] and after.updated_at == before.updated_at
    assert not runner.ended and chat.updated == []


async def test_same_as_ordering_ignores_the_billing_fields_and_needs_them_when_off(
        deps: Deps, storage, draft) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    ignored = {"billing_first_name": "", "billing_email": "not an email"}
    again = last_card(await chat.click(card, "Next", **{**FORM, **ignored, "billing_same": "false"}))
    assert "required" in (error_under(again, "billing_first_name") or "")
    assert "email address" in (error_under(again, "billing_email") or "")
    assert element(again, "billing_same")["value"] == "false"
    await chat.click(again, "Next", **{**FORM, **ignored, "billing_same": "true"})
    assert runner.ended
    order = await stored(deps, draft)
    assert order.contact(ContactRole.BILLING).full_name == "Ada Lovelace"


async def test_a_bad_ordering_contact_is_shown_once_under_its_own_fields(deps: Deps, storage,
                                                                        draft) -> None:
    chat, _, card = await open_stage(deps, storage, draft)
    again = last_card(await chat.click(card, "Next", **{**FORM, "ordering_email": "ada"}))
    assert "email address" in (error_under(again, "ordering_email") or "")
    assert error_under(again, "billing_email") is None


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"legal_postal_code": "12345"}, "legal_postal_code", "does not look right"),
    ({"legal_street": ""}, "legal_street", "street"),
    ({"legal_country": "DE", "legal_city": "Berlin", "legal_postal_code": "1011"}, "legal_postal_code",
     "Germany"),
])
async def test_the_legal_address_is_validated_for_its_country(deps: Deps, storage, draft,
                                                              changes: dict[str, str], field: str,
                                                              message: str) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    again = last_card(await chat.click(card, "Next", **{**FORM, **changes}))
    assert message in (error_under(again, field) or "")
    assert all(element(again, key)["value"] == value for key, value in changes.items())
    order = await stored(deps, draft)
    assert order.contacts == [] and order.legal_address == draft.legal_address and not runner.ended


async def test_a_legal_address_without_a_house_number_is_accepted(deps: Deps, storage, draft) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    await chat.click(card, "Next", **{**FORM, "legal_house_number": "", "legal_extra": "PO Box 12"})
    order = await stored(deps, draft)
    assert runner.ended and order.legal_address.extra == "PO Box 12"


async def test_coming_back_prefills_the_saved_contacts(deps: Deps, storage, draft) -> None:
    ada = Contact(role=ContactRole.ORDERING, first_name="Ada", last_name="Lovelace",
                  email="ada@contoso.com", phone="+442079460000")
    grace = Contact(role=ContactRole.TECHNICAL, first_name="Grace", last_name="Hopper",
                    email="grace@contoso.com", phone="+4930901820")
    address = Address(country="DE", street="Friedrichstraße", house_number="123", postal_code="10117",
                      city="Berlin")

    def setup(order: Order) -> None:
        for contact in (ada, ada.model_copy(update={"role": ContactRole.BILLING}), grace):
            order.set_contact(contact)
        order.legal_address = address

    await deps.journey.change(TENANT, draft.id, setup)
    _, _, card = await open_stage(deps, storage, draft)
    assert element(card, "ordering_phone")["value"] == "+442079460000"
    assert element(card, "billing_same")["value"] == "true"
    assert element(card, "technical_same")["value"] == "false"
    assert element(card, "technical_last_name")["value"] == "Hopper"
    assert element(card, "legal_country")["value"] == "DE"
    assert element(card, "legal_street")["value"] == "Friedrichstraße"


async def test_a_stale_card_and_a_double_click_change_nothing_twice(deps: Deps, storage, draft,
                                                                   clock: FakeClock) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    newer = last_card(await chat.click(card, "Next", **{**FORM, "ordering_phone": "12"}))
    replies = await chat.click(card, "Next", **FORM)
    assert OUT_OF_DATE in texts(replies)
    assert (await stored(deps, draft)).contacts == [] and not runner.ended
    await chat.click(newer, "Next", **FORM)
    assert runner.ended
    saved_at = (await stored(deps, draft)).updated_at
    clock.advance(timedelta(minutes=3))
    assert await chat.click(newer, "Next", **{**FORM, "ordering_first_name": "Eve"}) == []
    order = await stored(deps, draft)
    assert order.updated_at == saved_at and order.contact(ContactRole.ORDERING).first_name == "Ada"


async def test_a_tampered_submit_is_refused_politely(deps: Deps, storage, draft) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    replies = await chat.click(card, "Next", **FORM, tenant_id="someone-else")
    assert "need another look" in texts(replies)
    assert (await stored(deps, draft)).contacts == [] and not runner.ended


async def test_an_order_locked_meanwhile_is_explained(deps: Deps, storage, draft) -> None:
    chat, runner, card = await open_stage(deps, storage, draft)
    await deps.journey.cancel(TENANT, draft.id)
    replies = await chat.click(card, "Next", **FORM)
    assert "can no longer be changed" in texts(replies)
    assert (await stored(deps, draft)).contacts == [] and not runner.ended
    assert element(last_card(replies), "ordering_first_name")["value"] == "Ada"
