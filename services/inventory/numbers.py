"""Real-format geographic numbers with `phonenumbers`: valid area codes, and deterministic pools.

A pool for (country, area code) is a run of consecutive national numbers that `phonenumbers` accepts as
valid fixed-line (or fixed-line-or-mobile) numbers of that country whose geographic area code is exactly
the one asked for. Same inputs, same numbers: tests and demos are repeatable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers as pn
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumber, PhoneNumberType

from services.domain.errors import DomainError

GEOGRAPHIC = frozenset({PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
BLOCK_PREFIX_DIGITS = 2
MAX_MISSES_PER_BLOCK = 2_000
_SEPARATORS = re.compile(r"[\s\-().]")


@dataclass(frozen=True)
class Layout:
    """Where geographic numbers of an area code live: their length and the blocks that hold them."""

    length: int
    blocks: tuple[str, ...]


def region_of(country: str) -> str:
    region = country.strip().upper()
    if region not in pn.SUPPORTED_REGIONS:
        raise DomainError(f"{country!r} is not a country code we know.", code="unknown_country",
                          field="country")
    return region


def normalise_area_code(country: str, area_code: str) -> str:
    """'020' and '(0)20' become '20' in GB; Italy keeps its leading zero. Unknown codes are refused."""
    region = region_of(country)
    code = _SEPARATORS.sub("", area_code)
    prefix = PhoneMetadata.metadata_for_region(region).national_prefix
    if prefix and code.startswith(prefix) and len(code) > len(prefix):
        code = code[len(prefix):]
    if (code and not code.isdigit()) or layout(region, code) is None:
        raise DomainError(f"{area_code or 'An empty area code'} is not a geographic area code in {region}.",
                          code="invalid_area_code", field="area_code")
    return code


def number_from_national(region: str, nsn: str) -> PhoneNumber:
    zeros = len(nsn) - len(nsn.lstrip("0"))
    number = PhoneNumber(country_code=pn.country_code_for_region(region), national_number=int(nsn))
    if zeros and len(nsn) > 1:
        number.italian_leading_zero = True
        number.number_of_leading_zeros = zeros if zeros > 1 else None
    return number


def geographic_problem(number: PhoneNumber, region: str, area_code: str) -> str | None:
    """Why `number` is not a geographic number of `area_code` in `region`, or None when it is."""
    if not pn.is_valid_number_for_region(number, region):
        return f"is not a valid number in {region}"
    if pn.number_type(number) not in GEOGRAPHIC:
        return "is not a geographic (fixed-line) number"
    area_length = pn.length_of_geographical_area_code(number)
    nsn = pn.national_significant_number(number)
    if not nsn.startswith(area_code) or area_length not in (0, len(area_code)):
        return f"is not in area code {area_code}"
    return None


def parse_geographic(country: str, area_code: str, text: str) -> str:
    """`text` as E.164, if it is a geographic number of that area code; ValueError says why not."""
    region = region_of(country)
    try:
        number = pn.parse(text, region)
    except NumberParseException:
        raise ValueError(f"{text!r} is not a phone number") from None
    problem = geographic_problem(number, region, area_code)
    if problem:
        raise ValueError(f"{text!r} {problem}")
    return pn.format_number(number, pn.PhoneNumberFormat.E164)


def e164(region: str, nsn: str) -> str:
    return f"+{pn.country_code_for_region(region)}{nsn}"


def _possible_lengths(region: str) -> tuple[int, ...]:
    metadata = PhoneMetadata.metadata_for_region(region)
    lengths = tuple(n for n in metadata.fixed_line.possible_length if n > 0)
    return lengths or tuple(metadata.general_desc.possible_length)


def _blocks(region: str, area_code: str, length: int) -> tuple[str, ...]:
    """Prefixes (area code + two digits) that hold geographic numbers; subscriber digits 2-9 first."""
    rest = length - len(area_code)
    width = min(BLOCK_PREFIX_DIGITS, rest)
    found = []
    for i in sorted(range(10**width), key=lambda i: (f"{i:0{width}d}"[0] in "01", i)):
        prefix = f"{area_code}{i:0{width}d}"
        probes = (prefix + "0" * (rest - width), prefix + "5" * (rest - width))
        if any(geographic_problem(number_from_national(region, p), region, area_code) is None
               for p in probes):
            found.append(prefix)
    return tuple(found)


@lru_cache(maxsize=4096)
def layout(region: str, area_code: str) -> Layout | None:
    """The usual length of the area code's numbers and its blocks; None if it has no geographic numbers.

    Open numbering plans (DE, AT, IT) accept many lengths: prefer the middle of the country's range
    among lengths that hold a fair share of the area code's numbers.
    """
    lengths = _possible_lengths(region)
    probes = {n: _blocks(region, area_code, n) for n in lengths if n > len(area_code)}
    best = max((len(blocks) for blocks in probes.values()), default=0)
    if best == 0:
        return None
    middle = (min(lengths) + max(lengths)) / 2
    usable = [n for n, blocks in probes.items() if len(blocks) * 4 >= best]
    length = min(usable, key=lambda n: (abs(n - middle), n))
    return Layout(length=length, blocks=probes[length])


def generate_pool(country: str, area_code: str, size: int) -> list[str]:
    """Up to `size` consecutive-as-possible geographic numbers of the area code, as E.164, ascending."""
    region = region_of(country)
    found = layout(region, area_code)
    numbers: list[str] = []
    if found is None or size <= 0:
        return numbers
    for block in found.blocks:
        rest = found.length - len(block)
        misses = 0
        for i in range(10**rest):
            nsn = f"{block}{i:0{rest}d}"
            if geographic_problem(number_from_national(region, nsn), region, area_code) is None:
                numbers.append(e164(region, nsn))
                misses = 0
                if len(numbers) == size:
                    return numbers
            elif (misses := misses + 1) > MAX_MISSES_PER_BLOCK:
                break
    return numbers
