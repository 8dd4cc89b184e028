from __future__ import annotations

from datetime import timedelta

import pytest

from services.catalogue import Catalogue
from services.domain.address import Address
from services.domain.contact import ContactRole
from services.domain.country_order import Billing
from services.domain.office import NumberUsage, Office, ReservedNumber, hold_until
from services.domain.order import Order
from services.preflight import AREA_CODE_COUNTRIES, Problem, area_code_required, check, upload_rows

from .conftest import BERLIN, NOW, PARIS, complete_order, held


def codes(problems: list[Problem]) -> list[str]:
    return [problem.code for problem in problems]


def put_number(order: Order, number: str, usage: NumberUsage = NumberUsage.USER) -> None:
    """Replace the first held number, bypassing the pattern check as a broken inventory would."""
    office = order.countries[0].offices[0]
    first = ReservedNumber.model_construct(
        number=number, usage=usage, expires_at=hold_until(NOW), schema_version=1
    )
    office.__dict__["numbers"] = [first, *office.numbers[1:]]


def test_a_complete_order_passes(catalogue: Catalogue) -> None:
    assert check(complete_order(), catalogue, now=NOW) == []


def test_microsofts_area_code_countries_are_always_checked(catalogue: Catalogue) -> None:
    assert {"BE", "DE", "ES", "FR", "IE", "NL"} <= AREA_CODE_COUNTRIES
    assert area_code_required("JP", catalogue)  # from the catalogue
    assert not area_code_required("DK", catalogue)
    assert area_code_required("NL", catalogue.model_copy(update={"countries": {}}))


def test_every_problem_is_listed_at_once(catalogue: Catalogue) -> None:
    order = Order.new(tenant_id="t", ocn="100002", now=NOW)
    order.add_country("DE")
    order.main_billing_country = None
    problems = check(order, catalogue)
    assert codes(problems) == [
        "main_billing_country_missing", "contact_missing", "contact_missing", "contact_missing",
        "legal_address_missing", "plan_missing", "billing_missing", "no_offices",
    ]  # fmt: skip
    assert problems[1].message == "Add the ordering contact."
    assert {p.country for p in problems[5:]} == {"DE"}


def test_empty_order(catalogue: Catalogue) -> None:
    order = Order.new(tenant_id="t", ocn="1", now=NOW)
    assert "no_countries" in codes(check(order, catalogue))


def test_country_plan_billing_and_flags_must_be_offered(catalogue: Catalogue) -> None:
    order = complete_order()
    germany = order.countries[0]
    germany.plan_id = "fr-national"
    germany.billing = Billing(bcn="1", currency="GBP")
    order.add_country("US")
    nz = order.add_country("NZ")
    nz.porting, nz.migration = True, True
    found = codes(check(order, catalogue))
    for code in (
        "plan_unknown",
        "billing_currency",
        "country_not_sold",
        "porting_not_offered",
        "migration_not_offered",
    ):
        assert code in found


def test_number_must_be_e164(catalogue: Catalogue) -> None:
    order = complete_order()
    put_number(order, "004930123456")
    [problem] = check(order, catalogue)
    assert problem.code == "number_not_e164"
    assert (problem.country, problem.number) == ("DE", "004930123456")
    assert problem.office_id == order.countries[0].offices[0].id


def test_number_is_at_most_19_characters(catalogue: Catalogue) -> None:
    order = complete_order()
    put_number(order, "+4930" + "1" * 15)  # 20 characters
    assert codes(check(order, catalogue)) == ["number_too_long"]
    put_number(order, "+4930" + "1" * 14)  # 19 characters: long, but allowed by the upload
    assert "number_too_long" not in codes(check(order, catalogue))


def test_number_country_must_equal_the_office_country(catalogue: Catalogue) -> None:
    order = complete_order()
    put_number(order, "+33142345678")
    problems = check(order, catalogue)
    assert codes(problems) == ["number_country_mismatch"]
    assert "Germany" in problems[0].message


def test_number_must_be_in_the_office_area_code(catalogue: Catalogue) -> None:
    order = complete_order()
    put_number(order, "+498912345678")
    assert codes(check(order, catalogue)) == ["number_area_code_mismatch"]


def test_area_code_stored_with_its_trunk_prefix_still_matches(catalogue: Catalogue) -> None:
    order = complete_order()
    order.countries[0].offices[0].__dict__["area_code"] = "030"
    assert check(order, catalogue) == []


def test_unparseable_number_has_no_country(catalogue: Catalogue) -> None:
    order = complete_order()
    put_number(order, "+999123")
    assert codes(check(order, catalogue)) == ["number_country_mismatch"]


def test_area_code_must_be_chosen_and_match_the_city(catalogue: Catalogue) -> None:
    order = complete_order()
    office = order.countries[0].offices[0]
    office.__dict__["area_code"] = None
    assert codes(check(order, catalogue)) == ["area_code_missing"]
    office.__dict__["area_code"] = "89"
    assert "area_code_mismatch" in codes(check(order, catalogue))
    office.__dict__["area_code"] = "0"
    assert "area_code_unknown" in codes(check(order, catalogue))
    office.__dict__["area_code"] = "30"
    office.__dict__["address"] = BERLIN.model_copy(update={"city": "Atlantis"})
    problems = check(order, catalogue)
    assert codes(problems) == ["area_code_unverified"]
    assert "Atlantis" in problems[0].message


def test_area_code_not_checked_where_not_required(catalogue: Catalogue) -> None:
    order = Order.new(tenant_id="t", ocn="1", now=NOW)
    denmark = order.add_country("DK")
    denmark.plan_id = "dk-national"
    denmark.billing = Billing(currency="DKK", new_bcn=True)
    copenhagen = Address(
        country="DK", street="Vesterbrogade", house_number="1", postal_code="1620", city="København"
    )
    office = order.add_office("DK", Office(address=copenhagen))
    order.set_quantities("DK", office.id, 1, 0)
    order.hold_numbers("DK", office.id, [held("+4532123456")])
    assert [p for p in check(order, catalogue) if p.country == "DK"] == []


def test_user_numbers_need_an_emergency_address(catalogue: Catalogue) -> None:
    order = complete_order()
    office = order.countries[0].offices[0]
    office.__dict__["address"] = BERLIN.model_copy(update={"house_number": ""})
    problems = check(order, catalogue)
    assert codes(problems) == ["emergency_address"]
    assert "HQ" in problems[0].message and "house or building number" in problems[0].message


def test_resource_account_only_offices_do_not_need_an_emergency_address(catalogue: Catalogue) -> None:
    order = complete_order()
    office = order.countries[0].offices[0]
    office.__dict__["address"] = BERLIN.model_copy(update={"house_number": ""})
    office.__dict__["numbers"] = office.numbers_for(NumberUsage.RESOURCE_ACCOUNT)
    office.__dict__["quantities"] = office.quantities.model_copy(update={"users": 0})  # type: ignore[union-attr]
    assert check(order, catalogue) == []


def test_each_office_holds_exactly_what_it_asked_for(catalogue: Catalogue) -> None:
    order = complete_order()
    office = order.countries[0].offices[0]
    office.release()
    assert codes(check(order, catalogue)) == ["reservation_incomplete"]
    order.add_office("DE", Office(name="Branch", address=BERLIN, area_code="30"))
    problems = check(order, catalogue)
    assert codes(problems) == ["reservation_incomplete", "quantities_missing"]
    assert "Branch" in problems[1].message


def test_expired_holds_are_reported_when_a_time_is_given(catalogue: Catalogue) -> None:
    order = complete_order()
    later = NOW + timedelta(hours=12)
    assert codes(check(order, catalogue, now=later)) == ["reservation_expired"] * 4
    assert check(order, catalogue) == []


def test_offices_in_several_countries(catalogue: Catalogue) -> None:
    order = complete_order()
    france = order.add_country("FR")
    france.plan_id = "fr-national"
    france.billing = Billing(bcn="400401", currency="EUR")
    office = order.add_office("FR", Office(address=PARIS, area_code="1"))
    order.set_quantities("FR", office.id, 1, 0)
    order.hold_numbers("FR", office.id, [held("+33142345678")])
    assert check(order, catalogue) == []


def test_upload_rows_carry_microsofts_usage() -> None:
    rows = upload_rows(complete_order())
    assert [row.usage for row in rows] == ["CallingUserAssignment"] * 3 + ["FirstPartyAppAssignment"]
    assert {row.country for row in rows} == {"DE"}


@pytest.mark.parametrize("role", list(ContactRole))
def test_each_contact_role_is_required(catalogue: Catalogue, role: ContactRole) -> None:
    order = complete_order()
    order.contacts = [c for c in order.contacts if c.role is not role]
    [problem] = check(order, catalogue)
    assert problem.code == "contact_missing" and role.value in problem.message
