from __future__ import annotations

from pathlib import Path

import pytest

from services.addresses import validate_address
from services.catalogue import AccountDirectory, BcnChoiceKind, Catalogue, CatalogueError
from services.catalogue.loader import DATA_DIR
from services.domain.errors import NotFound


def test_demo_accounts_cover_several_countries_and_currencies(directory: AccountDirectory) -> None:
    accounts = [directory.find(ocn) for ocn in ("100001", "100002", "100003", "100004")]
    bcns = [bcn for account in accounts for bcn in account.bcns]
    assert len({bcn.country for bcn in bcns}) >= 8
    assert len({bcn.currency for bcn in bcns}) >= 5
    for account in accounts:
        assert all(
            email.split("@")[1].endswith(("example.com", "contoso.com"))
            for email in account.registered_emails
        )


def test_demo_legal_addresses_are_valid(directory: AccountDirectory) -> None:
    for ocn in ("100001", "100002", "100003", "100004"):
        address = directory.find(ocn).legal_address
        assert validate_address(address.model_dump(exclude={"schema_version"})).ok, ocn


def test_demo_bcns_are_in_countries_and_currencies_the_operator_sells(
    directory: AccountDirectory, catalogue: Catalogue
) -> None:
    for ocn in ("100001", "100002", "100003", "100004"):
        for bcn in directory.find(ocn).bcns:
            assert bcn.currency in catalogue.country(bcn.country).currencies, bcn


def test_find_by_ocn(directory: AccountDirectory) -> None:
    assert directory.find(" 100 001 ").company_name == "Contoso Ltd"
    with pytest.raises(NotFound) as caught:
        directory.find("999999")
    assert caught.value.field == "ocn"


def test_registered_email_ignores_case_and_spaces(directory: AccountDirectory) -> None:
    assert directory.is_registered_email("100003", "  TEAMS-owner@northwind.EXAMPLE.com ")
    assert directory.is_registered_email("100001", "teams.admin@contoso.com")
    assert not directory.is_registered_email("100001", "admin@fabrikam.example.com")
    assert not directory.is_registered_email("999999", "teams.admin@contoso.com")


def test_bcn_choices_depend_on_ocn_country_and_currency(directory: AccountDirectory) -> None:
    choices = directory.bcn_choices("100001", "gb", ["GBP", "EUR"])
    assert [(c.kind, c.bcn, c.currency) for c in choices] == [
        (BcnChoiceKind.EXISTING, "400101", "GBP"),
        (BcnChoiceKind.EXISTING, "400102", "EUR"),
        (BcnChoiceKind.NEW, None, "GBP"),
        (BcnChoiceKind.NEW, None, "EUR"),
    ]
    only_gbp = directory.bcn_choices("100001", "GB", ["GBP"])
    assert [c.id for c in only_gbp] == ["bcn:400101", "new:GB:GBP"]
    swiss_for_fabrikam = directory.bcn_choices("100002", "CH", ["CHF", "EUR"])
    assert [c.id for c in swiss_for_fabrikam] == ["bcn:400203", "new:CH:CHF", "new:CH:EUR"]


def test_request_a_new_bcn_is_always_offered(directory: AccountDirectory) -> None:
    choices = directory.bcn_choices("100004", "IT", ["EUR"])
    assert len(choices) == 1
    [new] = choices
    assert new.kind is BcnChoiceKind.NEW
    assert new.label == "Request a new BCN for Italy in EUR"
    billing = new.to_billing()
    assert billing.new_bcn and billing.bcn is None and billing.currency == "EUR"


def test_choosing_an_existing_bcn_puts_charges_on_its_invoice(directory: AccountDirectory) -> None:
    choice = directory.choice("100001", "DE", ["EUR"], "bcn:400103")
    assert "invoice" in choice.label and "400103" in choice.label
    billing = choice.to_billing()
    assert billing.bcn == "400103" and billing.currency == "EUR" and not billing.new_bcn
    assert directory.choice("100001", "DE", ["EUR"], "new:DE:EUR").kind is BcnChoiceKind.NEW
    with pytest.raises(NotFound):
        directory.choice("100001", "DE", ["EUR"], "bcn:400101")  # a GB BCN


def test_bcn_choices_for_an_unknown_ocn() -> None:
    with pytest.raises(NotFound):
        AccountDirectory([]).bcn_choices("1", "DE", ["EUR"])


def broken(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "accounts.toml"
    text = (DATA_DIR / "accounts.toml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_broken_accounts_file_names_file_key_and_line(tmp_path: Path) -> None:
    path = broken(tmp_path, 'number = "400202"\ncountry = "AT"', 'number = "400202"\ncountry = "Austria"')
    with pytest.raises(CatalogueError) as caught:
        AccountDirectory.load(path)
    assert caught.value.file == "accounts.toml"
    assert caught.value.key == "accounts[1].bcns[1].country"
    assert caught.value.line == path.read_text(encoding="utf-8").splitlines().index('country = "Austria"') + 1


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('number = "400102"', 'number = "400101"', "a BCN appears twice"),
        ('ocn = "100002"', 'ocn = "100001"', "an OCN appears twice"),
        ('["admin@fabrikam.example.com"]', '["not-an-email"]', "Enter an email address"),
        ('["admin@fabrikam.example.com"]', "[]", "at least 1"),
    ],
)
def test_account_rules(tmp_path: Path, old: str, new: str, reason: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        AccountDirectory.load(broken(tmp_path, old, new))
    assert reason in str(caught.value)
