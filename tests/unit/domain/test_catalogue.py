from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from services.catalogue import Catalogue, CatalogueError, Region, load
from services.catalogue.loader import DATA_DIR
from services.domain.errors import NotFound
from services.domain.options import OptionId


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for name in ("countries.toml", "fees.toml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def test_shipped_catalogue_is_complete(catalogue: Catalogue) -> None:
    assert len(catalogue.countries) >= 15
    europe, apac = catalogue.in_region(Region.EUROPE), catalogue.in_region(Region.ASIA_PACIFIC)
    assert europe and apac and len(europe) + len(apac) == len(catalogue.countries)
    assert {"BE", "DE", "ES", "FR", "IE", "NL"} <= set(catalogue.area_code_countries())
    for offer in catalogue.countries.values():
        assert 2 <= len(offer.plans) <= 4
        for plan in offer.plans:
            assert plan.includes and plan.name
            for currency in offer.currencies:
                assert plan.price(currency).amount > 0
                assert set(catalogue.fees_for(currency).options) == set(OptionId)


def test_lookups(catalogue: Catalogue) -> None:
    germany = catalogue.country("de")
    assert germany.name == "Germany" and germany.currency == "EUR" and germany.area_code_required
    assert catalogue.plan("DE", "de-national").price("EUR").amount == Decimal("8.99")
    switzerland = catalogue.country("CH")
    assert switzerland.currencies == ["CHF", "EUR"]
    with pytest.raises(NotFound):
        catalogue.country("US")
    with pytest.raises(NotFound):
        catalogue.plan("DE", "fr-national")
    with pytest.raises(NotFound):
        catalogue.plan("DE", "de-national").price("GBP")
    with pytest.raises(NotFound):
        catalogue.fees_for("XAF")


def test_broken_value_names_file_line_and_key(data_dir: Path) -> None:
    countries = data_dir / "countries.toml"
    edit(countries, 'monthly_price = { EUR = "8.99" }', 'monthly_price = { EUR = "lots" }')
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    error = caught.value
    assert error.file == "countries.toml"
    assert error.key == "countries.AT.plans[1].monthly_price.EUR"
    assert error.line == line_of(countries, '"lots"')
    assert "decimal" in error.reason
    assert str(error).startswith(
        f"countries.toml, line {error.line}, key countries.AT.plans[1].monthly_price.EUR:"
    )


def test_missing_key_is_reported_at_its_table(data_dir: Path) -> None:
    countries = data_dir / "countries.toml"
    edit(countries, "area_code_required = true\n", "", count=1)
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.key == "countries.AT.area_code_required"
    assert caught.value.line == line_of(countries, "[countries.AT]")
    assert caught.value.reason == "Field required"


def test_unknown_key_is_refused(data_dir: Path) -> None:
    fees = data_dir / "fees.toml"
    edit(fees, 'porting_per_number = "8.99"', 'porting_per_number = "8.99"\nporting_per_numbr = "1"')
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.file == "fees.toml"
    assert caught.value.key == "currencies.EUR.porting_per_numbr"
    assert caught.value.line == line_of(fees, "porting_per_numbr")
    assert "Extra inputs" in caught.value.reason


def test_every_problem_is_listed(data_dir: Path) -> None:
    countries = data_dir / "countries.toml"
    edit(countries, 'currency = "EUR"', 'currency = "EURO"')
    edit(countries, 'region = "asia_pacific"', 'region = "americas"')
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    keys = [problem.key for problem in caught.value.problems]
    assert "countries.AT.currency" in keys and "countries.AU.region" in keys
    assert "three-letter ISO currency" in str(caught.value)


def test_bad_country_key_and_plan_rules(data_dir: Path) -> None:
    countries = data_dir / "countries.toml"
    edit(countries, "[countries.AT]", "[countries.XX]")
    edit(countries, "[[countries.AT.plans]]", "[[countries.XX.plans]]", count=4)
    edit(countries, 'id = "be-national"', 'id = "be-essentials"')
    edit(countries, 'monthly_price = { CHF = "8.49", EUR = "8.99" }', 'monthly_price = { CHF = "8.49" }')
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    text = str(caught.value)
    assert "key countries.XX" in text and "two-letter ISO country code" in text
    assert "countries.BE: Value error" not in text and "two plans have the same id" in text
    assert "plan ch-national has no monthly_price in EUR" in text


def test_too_few_plans(data_dir: Path) -> None:
    countries = data_dir / "countries.toml"
    text = countries.read_text(encoding="utf-8")
    start = text.index("[[countries.AU.plans]]")
    end = text.index("\n[countries.", start) + 1
    kept = text[start:end].split("[[countries.AU.plans]]")[1]
    countries.write_text(text[:start] + "[[countries.AU.plans]]" + kept + text[end:], encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.key == "countries.AU.plans"
    assert "at least 2" in caught.value.reason


def test_invalid_toml_names_file_and_line(data_dir: Path) -> None:
    fees = data_dir / "fees.toml"
    edit(fees, 'installation_per_office = "44.99"', "installation_per_office = 44,99")
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.file == "fees.toml"
    assert caught.value.line == line_of(fees, "44,99")
    assert "not valid TOML" in caught.value.reason


def test_missing_file(data_dir: Path) -> None:
    (data_dir / "fees.toml").unlink()
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.file == "fees.toml" and "cannot be read" in caught.value.reason
    assert caught.value.line is None and str(caught.value).startswith("fees.toml: cannot be read")


def test_country_billed_in_a_currency_without_fees(data_dir: Path) -> None:
    fees = data_dir / "fees.toml"
    text = fees.read_text(encoding="utf-8")
    start = text.index("[currencies.CHF]")
    end = text.index("[currencies.", start + 1)
    fees.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.file == "fees.toml"
    assert caught.value.key == "currencies.CHF"
    assert "bills CH in CHF" in caught.value.reason


def test_option_fees_must_cover_every_option(data_dir: Path) -> None:
    fees = data_dir / "fees.toml"
    edit(fees, 'options.call_queue = { installation = "94.99", monthly = "0.00" }\n', "")
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.key == "currencies.EUR"
    assert "call_queue" in caught.value.reason


def test_country_code_must_match_its_key(data_dir: Path) -> None:
    countries = data_dir / "countries.toml"
    edit(countries, '[countries.AT]\nname = "Austria"', '[countries.AT]\ncode = "DE"\nname = "Austria"')
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert "countries.AT has code DE" in caught.value.reason


def test_schema_version_is_checked(data_dir: Path) -> None:
    edit(data_dir / "fees.toml", "schema_version = 1", "schema_version = 2")
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.key == "schema_version" and caught.value.line == 5


@pytest.mark.parametrize(
    ("body", "key", "line"),
    [("countries = 5", "countries", 2), ('[countries]\nAT = "Austria"', "countries.AT", 3)],
)
def test_wrong_table_shapes_are_reported(data_dir: Path, body: str, key: str, line: int) -> None:
    (data_dir / "countries.toml").write_text(f"schema_version = 1\n{body}\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load(data_dir)
    assert caught.value.key == key
    assert caught.value.line == line
