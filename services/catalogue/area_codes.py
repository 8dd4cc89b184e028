"""Local area codes per country, derived from the geocoding data that ships with `phonenumbers`.

Deriving a country's table takes up to a second of CPU (Germany's about half a second, loading the
geocoding data about as long again), which would stall every chat of the process the first time someone
picks a city there. So the tables of the catalogue's countries ship precomputed in
`data/area_codes.json.gz` (`python -m services.catalogue.area_codes_build` writes it); a country missing
there, or a file made with another `phonenumbers` version, is derived on first use as before.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberType

log = logging.getLogger(__name__)

_FIXED = (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_FILLERS = ("", "0" * 15, "5" * 15, "2" * 15)


@dataclass(frozen=True, order=True)
class AreaCode:
    """An area code (national digits, without the trunk prefix) and one city it serves."""

    country: str
    code: str
    city: str

    @property
    def display(self) -> str:
        """The code as people dial it inside the country, e.g. 030 for Berlin."""
        return f"{_trunk_prefix(self.country)}{self.code}"


class AreaCodeMatch(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN_CITY = "unknown_city"
    UNKNOWN_CODE = "unknown_code"


def city_key(name: str) -> str:
    """Compare city names ignoring case, accents, hyphens and apostrophes."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[-'’.`]", " ", plain).split())


def _trunk_prefix(country: str) -> str:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(country)
    return (metadata.national_prefix or "") if metadata else ""


def _ndc_length(country: str, calling_code: int, prefix: str) -> int | None:
    """Length of the area code of numbers starting with `prefix`, from a valid fixed-line example."""
    example = phonenumbers.example_number_for_type(country, PhoneNumberType.FIXED_LINE)
    if example is None:
        return None
    template = phonenumbers.national_significant_number(example)
    for filler in _FILLERS:
        pattern = filler or template
        for length in range(len(template) - 1, len(template) + 3):
            digits = (prefix + pattern[len(prefix) :])[: max(length, len(prefix))]
            number = phonenumbers.parse(f"+{calling_code}{digits}")
            valid = phonenumbers.is_valid_number_for_region(number, country)
            if valid and phonenumbers.number_type(number) in _FIXED:
                return phonenumbers.length_of_national_destination_code(number)
    return None


def _names(descriptions: dict[str, str]) -> tuple[str, set[str]]:
    """The English description, and every city name it holds in every language."""
    primary = descriptions.get("en") or next(iter(descriptions.values()))
    names = {part.split(",")[0].strip() for text in descriptions.values() for part in text.split("/")}
    return primary, {name for name in names if name}


Table = dict[str, tuple[frozenset[str], frozenset[str]]]
STORED = Path(__file__).parent / "data" / "area_codes.json.gz"


@cache
def _stored() -> dict[str, Table]:
    """The precomputed tables, if the file matches the installed `phonenumbers`."""
    try:
        with gzip.open(STORED, "rt", encoding="utf-8") as file:
            content = json.load(file)
    except FileNotFoundError:
        return {}
    if content.get("phonenumbers") != phonenumbers.__version__:
        log.warning("%s was made with phonenumbers %s, not %s: area codes are derived on first use",
                    STORED.name, content.get("phonenumbers"), phonenumbers.__version__)
        return {}
    return {country: {code: (frozenset(english), frozenset(every)) for code, (english, every) in rows.items()}
            for country, rows in content["countries"].items()}


def stored_form(table: Table) -> dict[str, list[list[str]]]:
    """A table as the file keeps it (sorted, so the file is stable)."""
    return {code: [sorted(english), sorted(every)] for code, (english, every) in sorted(table.items())}


@cache
def _table(country: str) -> Table:
    """code -> (English city names, every name in any language) for one country."""
    stored = _stored().get(country)
    return stored if stored is not None else derive(country)


def derive(country: str) -> Table:
    """Builds a country's table from the geocoding data (slow: see the module's docstring)."""
    from phonenumbers.geodata import GEOCODE_DATA  # slow import, done once on first use

    calling_code = phonenumbers.country_code_for_region(country)
    if not calling_code:
        return {}
    lead = str(calling_code)
    known: dict[str, int] = {}
    collected: dict[str, tuple[set[str], set[str]]] = {}
    for key in sorted(k for k in GEOCODE_DATA if k.startswith(lead)):
        prefix = key[len(lead) :]
        length = next((known[prefix[:k]] for k in range(1, len(prefix) + 1) if prefix[:k] in known), None)
        if length is None:
            length = _ndc_length(country, calling_code, prefix)
            if not length:
                continue
            known[prefix[:length]] = length
        primary, names = _names(GEOCODE_DATA[key])
        english, every = collected.setdefault(prefix[:length], (set(), set()))
        english.update(part.split(",")[0].strip() for part in primary.split("/") if part.strip())
        every.update(names)
    return {code: (frozenset(english), frozenset(every)) for code, (english, every) in collected.items()}


@cache
def list(country: str) -> tuple[AreaCode, ...]:
    """Every (area code, city) pair of a country, sorted by code then city."""
    code = country.upper()
    pairs = (AreaCode(code, area, city) for area, (english, _) in _table(code).items() for city in english)
    return tuple(sorted(pairs))


@cache
def _by_city(country: str) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for area, (_, every) in _table(country).items():
        for name in every:
            index.setdefault(city_key(name), set()).add(area)
    return {key: frozenset(codes) for key, codes in index.items()}


def for_city(country: str, city: str) -> tuple[AreaCode, ...]:
    """The area codes of a city (any language, any case, with or without accents)."""
    code = country.upper()
    wanted = city_key(city)
    table = _table(code)
    areas = sorted(_by_city(code).get(wanted, frozenset()))
    return tuple(AreaCode(code, area, _english_name(table[area][0], wanted, city)) for area in areas)


def _english_name(english: frozenset[str], wanted: str, typed: str) -> str:
    same = [name for name in english if city_key(name) == wanted]
    if same:
        return same[0]
    return next(iter(english)) if len(english) == 1 else typed.strip()


def normalise(country: str, area_code: str) -> str:
    """Digits only, without the trunk prefix when the table knows the code without it (030 -> 30)."""
    digits = re.sub(r"\D", "", area_code)
    trunk = _trunk_prefix(country.upper())
    table = _table(country.upper())
    if trunk and digits.startswith(trunk) and digits not in table and digits[len(trunk) :] in table:
        return digits[len(trunk) :]
    return digits


def check(country: str, area_code: str, city: str) -> AreaCodeMatch:
    """Does `area_code` serve `city`? Tells apart an unknown city and an unknown code."""
    code = normalise(country, area_code)
    if code not in _table(country.upper()):
        return AreaCodeMatch.UNKNOWN_CODE
    areas = _by_city(country.upper()).get(city_key(city))
    if not areas:
        return AreaCodeMatch.UNKNOWN_CITY
    return AreaCodeMatch.MATCH if code in areas else AreaCodeMatch.MISMATCH


def matches(country: str, area_code: str, city: str) -> bool:
    return check(country, area_code, city) is AreaCodeMatch.MATCH


def number_in_area(number: str, area_code: str) -> bool:
    """True when the E.164 `number` starts with `area_code` after the country code."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.national_significant_number(parsed).startswith(area_code)
