from __future__ import annotations

import pytest

from services.catalogue import Catalogue, area_codes
from services.catalogue.area_codes import AreaCode, AreaCodeMatch, city_key


@pytest.mark.parametrize(
    ("country", "city", "code"),
    [
        ("DE", "Berlin", "30"), ("DE", "München", "89"), ("DE", "munchen", "89"), ("DE", "MUNICH", "89"),
        ("BE", "Bruxelles", "2"), ("BE", "brussel", "2"), ("BE", "Liège", "4"), ("BE", "Luik", "4"),
        ("NL", "Amsterdam", "20"), ("NL", "den haag", "70"), ("FR", "Paris", "1"), ("FR", "Évry", "1"),
        ("ES", "Madrid", "91"), ("ES", "Barcelona", "93"), ("IE", "Dublin", "1"), ("IE", "cork", "21"),
        ("IT", "Roma", "06"), ("GB", "London", "20"), ("AT", "Wien", "1"), ("JP", "sapporo", "11"),
    ],
)  # fmt: skip
def test_area_codes_by_city_in_any_language_case_or_accents(country: str, city: str, code: str) -> None:
    found = area_codes.for_city(country, city)
    assert code in [area.code for area in found]
    assert all(area.country == country for area in found)
    assert area_codes.matches(country, code, city)


def test_city_name_is_given_in_english_when_known() -> None:
    assert area_codes.for_city("BE", "bruxelles") == (AreaCode("BE", "2", "Brussels"),)
    assert area_codes.for_city("DE", "MÜNCHEN")[0].city == "Munich"
    assert area_codes.for_city("DE", "Nowhere") == ()


def test_list_has_code_city_pairs_sorted_and_cached() -> None:
    belgium = area_codes.list("be")
    assert AreaCode("BE", "2", "Brussels") in belgium
    assert list(belgium) == sorted(belgium)
    assert area_codes.list("BE") is area_codes.list("BE")
    assert area_codes.list("HK") == ()  # closed numbering plan: no area codes
    assert area_codes.list("XX") == ()


@pytest.mark.parametrize("country", ["BE", "DE", "ES", "FR", "IE", "NL"])
def test_countries_that_require_an_area_code_have_a_table(country: str) -> None:
    assert len(area_codes.list(country)) >= 5


def test_every_catalogue_country_requiring_an_area_code_has_one(catalogue: Catalogue) -> None:
    for code in catalogue.area_code_countries():
        assert area_codes.list(code), code


def test_display_adds_the_trunk_prefix() -> None:
    assert AreaCode("DE", "30", "Berlin").display == "030"
    assert AreaCode("IT", "06", "Rome").display == "06"  # Italy keeps the zero in the number
    assert AreaCode("ES", "91", "Madrid").display == "91"  # Spain has no trunk prefix


def test_check_tells_apart_match_mismatch_and_unknowns() -> None:
    assert area_codes.check("DE", "030", "Berlin") is AreaCodeMatch.MATCH
    assert area_codes.check("DE", "0 30", "berlin") is AreaCodeMatch.MATCH
    assert area_codes.check("DE", "89", "Berlin") is AreaCodeMatch.MISMATCH
    assert area_codes.check("DE", "30", "Atlantis") is AreaCodeMatch.UNKNOWN_CITY
    assert area_codes.check("DE", "0", "Berlin") is AreaCodeMatch.UNKNOWN_CODE
    assert not area_codes.matches("DE", "89", "Berlin")


def test_normalise_strips_the_trunk_prefix_only_when_needed() -> None:
    assert area_codes.normalise("DE", "(030)") == "30"
    assert area_codes.normalise("DE", "30") == "30"
    assert area_codes.normalise("IT", "06") == "06"
    assert area_codes.normalise("ES", "91") == "91"


def test_number_in_area() -> None:
    assert area_codes.number_in_area("+493012345678", "30")
    assert not area_codes.number_in_area("+498912345678", "30")
    assert area_codes.number_in_area("+390612345678", "06")
    assert not area_codes.number_in_area("not a number", "30")


def test_city_key() -> None:
    assert city_key("  Saint-Étienne ") == city_key("saint etienne")
    assert city_key("L'Isle-Adam") == "l isle adam"
    assert city_key("Düsseldorf") == city_key("DUSSELDORF")


def test_region_without_fixed_line_numbers_has_no_area_codes() -> None:
    assert area_codes._ndc_length("ZZ", 1, "2") is None
