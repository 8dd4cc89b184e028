from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.domain.address import Address, FieldError, emergency_errors, looks_like_po_box
from services.domain.base import country_name

from .conftest import BERLIN, LONDON


def test_street_line_follows_the_country_convention() -> None:
    assert BERLIN.street_line == "Friedrichstraße 123"
    assert LONDON.street_line == "221 Baker Street"
    assert BERLIN.model_copy(update={"house_number": ""}).street_line == "Friedrichstraße"


def test_lines_for_cards_and_contract() -> None:
    assert BERLIN.lines() == ["Friedrichstraße 123", "10117 Berlin", "Germany"]
    with_extra = LONDON.model_copy(update={"extra": "Floor 2", "region": "Greater London"})
    assert with_extra.lines() == [
        "221 Baker Street",
        "Floor 2",
        "NW1 6XE London",
        "Greater London",
        "United Kingdom",
    ]


def test_same_place_ignores_case_and_spacing() -> None:
    other = Address(
        country="de", street="friedrichstraße ", house_number="123", postal_code="10117", city="BERLIN"
    )
    assert other.same_place(BERLIN)
    assert not BERLIN.same_place(BERLIN.model_copy(update={"house_number": "124"}))


@pytest.mark.parametrize("field", ["street", "city"])
def test_street_and_city_are_required(field: str) -> None:
    data = BERLIN.model_dump() | {field: "  "}
    with pytest.raises(ValidationError):
        Address(**data)


def test_country_must_be_iso_alpha_2() -> None:
    for bad in ("XX", "DEU", "Germany"):
        with pytest.raises(ValidationError):
            Address(**(BERLIN.model_dump() | {"country": bad}))


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        Address(**BERLIN.model_dump(), floor="2")


def test_emergency_address_needs_a_house_number() -> None:
    errors = emergency_errors(BERLIN.model_copy(update={"house_number": ""}))
    assert [(e.field, e.code) for e in errors] == [("house_number", "house_number_missing")]
    assert "emergency" in errors[0].message
    assert emergency_errors(BERLIN) == []


@pytest.mark.parametrize(
    "text",
    ["PO Box 123", "P.O. Box 5", "p o box 9", "Postfach 10 01 01", "Postbus 42", "Boîte postale 12",
     "BP 12", "Apartado de correos 7", "Casella postale 3", "GPO Box 1", "Locked Bag 3", "Postboks 4",
     "Caixa Postal 8"],
)  # fmt: skip
def test_po_boxes_are_recognised(text: str) -> None:
    assert looks_like_po_box(text)
    errors = emergency_errors(BERLIN.model_copy(update={"street": text}))
    assert FieldError(field="street", code="po_box", message=errors[0].message) in errors


@pytest.mark.parametrize(
    "text", ["Boxhagener Straße", "Poststraße", "Bpm Avenue", "Box Hill Road", "Apartadó"]
)
def test_street_names_are_not_po_boxes(text: str) -> None:
    assert not looks_like_po_box(text)


def test_po_box_in_the_extra_line_is_caught_on_that_field() -> None:
    errors = emergency_errors(BERLIN.model_copy(update={"extra": "PO Box 77"}))
    assert [e.field for e in errors] == ["extra"]


def test_country_name_falls_back_to_the_code() -> None:
    assert country_name("DE") == "Germany"
    assert country_name("TW") == "Taiwan"
    assert country_name("ZZ") == "ZZ"


def test_address_json_round_trip() -> None:
    assert Address.model_validate_json(LONDON.model_dump_json()) == LONDON
