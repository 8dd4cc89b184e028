from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from services.domain.contact import ContactRole
from services.domain.errors import Conflict, DomainError, InvalidTransition, NotFound
from services.domain.office import NumberUsage, Office
from services.domain.order import Order
from services.domain.status import OrderStatus

from .conftest import BERLIN, LONDON, NOW, PARIS, berlin_numbers, complete_order, contact, held


def new_order() -> Order:
    return Order.new(tenant_id="tenant-1", ocn="100002", now=NOW)


def test_new_order_is_a_draft_with_ids_and_utc_times() -> None:
    order = new_order()
    assert order.status is OrderStatus.DRAFT
    assert order.schema_version == 1
    assert len(order.id) == 32 and order.id != new_order().id
    assert order.created_at == order.updated_at == NOW
    with pytest.raises(ValidationError):
        Order(tenant_id="", ocn="1", created_at=NOW, updated_at=NOW)
    with pytest.raises(ValidationError):
        Order(tenant_id="t", ocn="1", created_at=NOW.replace(tzinfo=None), updated_at=NOW)


def test_countries_are_unique_and_the_first_is_the_main_billing_country() -> None:
    order = new_order()
    order.add_country("de")
    order.add_country("FR")
    assert [c.country for c in order.countries] == ["DE", "FR"]
    assert order.main_billing_country == "DE"
    with pytest.raises(Conflict):
        order.add_country("DE")
    order.set_main_billing_country("fr")
    assert order.main_billing_country == "FR"
    with pytest.raises(NotFound):
        order.set_main_billing_country("IT")


def test_removing_the_main_billing_country_picks_another() -> None:
    order = new_order()
    order.add_country("DE")
    order.add_country("FR")
    removed = order.remove_country("DE")
    assert removed.country == "DE"
    assert order.main_billing_country == "FR"
    order.remove_country("FR")
    assert order.main_billing_country is None and order.countries == []
    with pytest.raises(NotFound) as caught:
        order.country("FR")
    assert "France" in caught.value.message


def test_removing_another_country_keeps_the_main_billing_country() -> None:
    order = new_order()
    order.add_country("DE")
    order.add_country("FR")
    order.remove_country("FR")
    assert order.main_billing_country == "DE"


def test_model_rules_hold_on_assignment_and_a_refused_assignment_changes_nothing() -> None:
    order = new_order()
    order.add_country("DE")
    before = order.model_dump()
    with pytest.raises(ValidationError, match="main billing country"):
        order.main_billing_country = "FR"
    with pytest.raises(ValidationError, match="country appears twice"):
        order.countries = [*order.countries, order.countries[0]]
    with pytest.raises(ValidationError, match="contact role appears twice"):
        order.contacts = [contact(ContactRole.BILLING), contact(ContactRole.BILLING)]
    with pytest.raises(ValidationError):
        order.status = "shipped"  # type: ignore[assignment]
    assert order.model_dump() == before


def test_add_office_and_quantities_through_the_order() -> None:
    order = new_order()
    order.add_country("DE")
    office = order.add_office("DE", Office(address=BERLIN))
    assert order.set_quantities("DE", office.id, 5, 2) == []
    assert order.country("DE").office(office.id).quantities.total == 7  # type: ignore[union-attr]
    with pytest.raises(NotFound):
        order.add_office("FR", Office(address=PARIS))


def test_a_number_appears_once_in_the_whole_order() -> None:
    order = new_order()
    order.add_country("DE")
    first = order.add_office("DE", Office(address=BERLIN))
    second = order.add_office("DE", Office(address=BERLIN))
    order.set_quantities("DE", first.id, 2, 0)
    order.set_quantities("DE", second.id, 2, 0)
    order.hold_numbers("DE", first.id, [held(n) for n in berlin_numbers(2)])
    with pytest.raises(Conflict) as caught:
        order.hold_numbers("DE", second.id, [held(berlin_numbers(1)[0])])
    assert berlin_numbers(1)[0] in caught.value.message
    with pytest.raises(ValidationError):
        second.numbers = [held(berlin_numbers(1)[0])]
        order.model_validate(order.model_dump())


def test_contacts_one_per_role() -> None:
    order = new_order()
    order.set_contact(contact(ContactRole.BILLING))
    replacement = contact(ContactRole.BILLING).model_copy(update={"first_name": "Bob"})
    order.set_contact(replacement)
    assert order.contact(ContactRole.BILLING) == replacement
    assert order.contact(ContactRole.TECHNICAL) is None
    assert len(order.contacts) == 1


def test_submit_new_numbers_goes_to_signature() -> None:
    order = complete_order()
    assert order.submit(NOW + timedelta(hours=1)) is OrderStatus.AWAITING_SIGNATURE
    assert order.status is OrderStatus.AWAITING_SIGNATURE
    assert order.submitted_at == order.updated_at == NOW + timedelta(hours=1)


def test_submit_with_porting_or_migration_goes_to_sales() -> None:
    order = complete_order(porting=True)
    assert order.needs_sales
    assert order.submit(NOW) is OrderStatus.AWAITING_SALES


def test_submit_after_the_hold_expired_is_refused() -> None:
    order = complete_order()
    assert order.earliest_expiry() == NOW + timedelta(hours=12)
    with pytest.raises(DomainError) as caught:
        order.submit(NOW + timedelta(hours=12))
    assert caught.value.code == "reservation_expired"
    assert order.status is OrderStatus.DRAFT
    released = order.release_expired(NOW + timedelta(hours=12))
    assert len(released) == 4 and order.earliest_expiry() is None


def test_a_submitted_order_is_locked() -> None:
    order = complete_order()
    order.submit(NOW)
    for change in (
        lambda: order.add_country("FR"),
        lambda: order.remove_country("DE"),
        lambda: order.set_main_billing_country("DE"),
        lambda: order.add_office("DE", Office(address=BERLIN)),
        lambda: order.set_quantities("DE", order.countries[0].offices[0].id, 1, 0),
        lambda: order.hold_numbers("DE", order.countries[0].offices[0].id, []),
        lambda: order.set_contact(contact(ContactRole.ORDERING)),
    ):
        with pytest.raises(DomainError) as caught:
            change()
        assert caught.value.code == "order_locked"
    with pytest.raises(InvalidTransition):
        order.submit(NOW)


def test_sign_sets_the_due_date_five_business_days_later_in_the_main_billing_country() -> None:
    order = complete_order()
    order.submit(NOW)
    signed_on_thursday_before_easter = NOW.replace(year=2025, month=4, day=17, hour=15)
    assert order.sign(signed_on_thursday_before_easter) == date(2025, 4, 28)  # Good Friday, Easter Monday off
    assert order.status is OrderStatus.SIGNED
    assert order.signed_at == signed_on_thursday_before_easter


def test_sign_falls_back_to_the_first_country_then_to_weekends_only() -> None:
    order = complete_order()
    order.submit(NOW)
    order.main_billing_country = None
    assert order.sign(NOW) == date(2025, 3, 10)
    empty = new_order()
    empty.transition(OrderStatus.AWAITING_SALES)
    assert empty.sign(NOW) == date(2025, 3, 10)


def test_the_full_life_cycle_and_a_wrong_transition() -> None:
    order = complete_order()
    order.submit(NOW)
    order.sign(NOW)
    order.transition(OrderStatus.PROCESSING, now=NOW + timedelta(days=1))
    assert order.updated_at == NOW + timedelta(days=1)
    order.transition(OrderStatus.NUMBERS_UPLOADED)
    with pytest.raises(InvalidTransition) as caught:
        order.transition(OrderStatus.CANCELLED)
    assert caught.value.code == "invalid_transition"
    order.transition("completed")  # type: ignore[arg-type]
    assert order.status is OrderStatus.COMPLETED
    with pytest.raises(InvalidTransition):
        order.transition(OrderStatus.DRAFT)


def test_touch_and_numbers_listing() -> None:
    order = complete_order()
    order.touch(NOW + timedelta(minutes=5))
    assert order.updated_at == NOW + timedelta(minutes=5)
    usages = [held.usage for _, _, held in order.numbers()]
    assert usages.count(NumberUsage.USER) == 3 and usages.count(NumberUsage.RESOURCE_ACCOUNT) == 1


def test_json_round_trip_is_lossless() -> None:
    order = complete_order()
    order.legal_address = LONDON
    text = order.model_dump_json()
    again = Order.model_validate_json(text)
    assert again == order
    assert again.model_dump_json() == text
    assert Order.model_validate(order.model_dump(mode="json")) == order


def test_stored_json_with_unknown_keys_is_refused() -> None:
    data = complete_order().model_dump(mode="json") | {"colour": "blue"}
    with pytest.raises(ValidationError):
        Order.model_validate(data)
