"""The precomputed area-code tables (services/catalogue/data/area_codes.json.gz) are exactly what the
installed `phonenumbers` gives, and a missing or outdated file falls back to deriving them."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import phonenumbers
import pytest

from services.catalogue import Catalogue, area_codes
from services.catalogue.area_codes_build import build, write


def forget_tables() -> None:
    for cached in (area_codes._stored, area_codes._table, area_codes.list, area_codes._by_city):
        cached.cache_clear()


@pytest.fixture
def stored_at(monkeypatch) -> Iterator[Callable[[Path], None]]:
    """Points the module at another tables file; the caches are emptied before and after."""
    def use(path: Path) -> None:
        monkeypatch.setattr(area_codes, "STORED", path)
        forget_tables()

    yield use
    monkeypatch.undo()
    forget_tables()


def test_the_shipped_file_is_what_the_installed_phonenumbers_gives(catalogue: Catalogue) -> None:
    assert build(list(catalogue.countries)) == build_from_file(), (
        "run `python -m services.catalogue.area_codes_build` after changing countries or phonenumbers")


def build_from_file() -> dict[str, object]:
    with gzip.open(area_codes.STORED, "rt", encoding="utf-8") as file:
        return json.load(file)


def test_the_shipped_tables_are_used_without_deriving_anything(monkeypatch) -> None:
    forget_tables()

    def refuse(country: str) -> None:
        raise AssertionError(f"{country} was derived although it ships precomputed")

    monkeypatch.setattr(area_codes, "derive", refuse)
    try:
        assert area_codes.check("DE", "030", "Berlin") is area_codes.AreaCodeMatch.MATCH
        assert "89" in [area.code for area in area_codes.for_city("DE", "München")]
    finally:
        forget_tables()


def test_a_file_from_another_phonenumbers_version_is_ignored(tmp_path: Path, stored_at, caplog) -> None:
    outdated = tmp_path / "area_codes.json.gz"
    write({"phonenumbers": "0.0.1", "countries": {"FR": {"99": [["Nowhere"], ["Nowhere"]]}}}, outdated)
    stored_at(outdated)
    with caplog.at_level(logging.WARNING):
        assert area_codes._table("FR") == area_codes.derive("FR")
    assert "99" not in area_codes._table("FR")
    assert f"not {phonenumbers.__version__}" in caplog.text


def test_without_the_file_the_tables_are_derived(tmp_path: Path, stored_at) -> None:
    stored_at(tmp_path / "missing.json.gz")
    assert area_codes._table("IE") == area_codes.derive("IE")
    assert area_codes.matches("IE", "021", "Cork")


def test_a_country_missing_from_the_file_is_derived(tmp_path: Path, stored_at) -> None:
    partial = tmp_path / "area_codes.json.gz"
    write(build(["AT"]), partial)
    stored_at(partial)
    assert area_codes._table("BE") == area_codes.derive("BE")
