import phonenumbers as pn
import pytest
from phonenumbers import PhoneNumberType

from services.domain.errors import DomainError
from services.inventory.model import ranges
from services.inventory.numbers import generate_pool, normalise_area_code, parse_geographic

AREAS = [("GB", "20"), ("GB", "161"), ("DE", "30"), ("DE", "6151"), ("FR", "1"), ("US", "212"),
         ("CA", "416"), ("IT", "02"), ("NL", "20"), ("BE", "2"), ("ES", "91"), ("CH", "44"), ("AT", "1"),
         ("SE", "8"), ("IE", "1"), ("PL", "22"), ("AU", "2"), ("DK", "")]


@pytest.mark.parametrize(("country", "area_code"), AREAS)
def test_pool_numbers_are_valid_geographic_numbers_of_the_area(country: str, area_code: str) -> None:
    pool = generate_pool(country, area_code, 200)
    assert len(pool) == len(set(pool)) == 200
    for number in pool:
        parsed = pn.parse(number)
        assert pn.is_valid_number_for_region(parsed, country), number
        assert pn.number_type(parsed) in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
        assert pn.national_significant_number(parsed).startswith(area_code)
        assert pn.format_number(parsed, pn.PhoneNumberFormat.E164) == number
        length = pn.length_of_geographical_area_code(parsed)
        assert length in (0, len(area_code))


def test_pool_is_deterministic_and_contiguous() -> None:
    first = generate_pool("GB", "20", 1000)
    assert first == generate_pool("GB", "20", 1000)
    assert len(ranges(first)) == 1
    assert first[0] == "+442030000000"


def test_subscriber_numbers_do_not_start_with_zero_or_one_when_avoidable() -> None:
    assert generate_pool("US", "212", 1)[0][5] not in "01"
    assert generate_pool("DE", "30", 1)[0][5] not in "01"


def test_sizes() -> None:
    assert generate_pool("GB", "20", 0) == []
    assert len(generate_pool("GB", "20", 1)) == 1
    assert generate_pool("GB", "7700", 5) == []


def test_different_areas_different_numbers() -> None:
    assert not set(generate_pool("GB", "20", 50)) & set(generate_pool("GB", "161", 50))


@pytest.mark.parametrize(("country", "given", "expected"), [
    ("GB", "020", "20"), ("GB", "(0)20", "20"), ("GB", "0161", "161"), ("DE", "030", "30"),
    ("FR", "01", "1"), ("US", "212", "212"), ("IT", "02", "02"), ("gb", " 20 ", "20"), ("DK", "", ""),
])
def test_area_codes_are_normalised(country: str, given: str, expected: str) -> None:
    assert normalise_area_code(country, given) == expected


@pytest.mark.parametrize(("country", "area_code"), [
    ("GB", "1"), ("GB", "207"), ("GB", "7700"), ("US", "555"), ("FR", "6"), ("DE", "15"), ("GB", "2x"),
    ("GB", ""),
])
def test_unknown_area_codes_are_refused(country: str, area_code: str) -> None:
    with pytest.raises(DomainError) as caught:
        normalise_area_code(country, area_code)
    assert caught.value.code == "invalid_area_code"
    assert caught.value.field == "area_code"


def test_unknown_country_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        normalise_area_code("XX", "20")
    assert caught.value.code == "unknown_country"


@pytest.mark.parametrize("text", ["+44 20 7946 0000", "020 7946 0000", "02079460000", "+442079460000"])
def test_parse_geographic_accepts_any_usual_format(text: str) -> None:
    assert parse_geographic("GB", "20", text) == "+442079460000"


@pytest.mark.parametrize(("text", "reason"), [
    ("hello", "is not a phone number"),
    ("+44 161 496 0000", "is not in area code 20"),
    ("+44 7400 123456", "is not a geographic"),
    ("+44 7911 123456", "is not a valid number in GB"),
    ("+44 20 1234", "is not a valid number in GB"),
])
def test_parse_geographic_says_why_not(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_geographic("GB", "20", text)
