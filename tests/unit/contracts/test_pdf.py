"""The contract PDF read back with pypdf: draft and final signature blocks, every number of a 500-number
order, fee totals per currency, Unicode text, page numbers and deterministic bytes."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from dialogs.deps import Deps
from services.catalogue.models import Catalogue
from services.contracts import render_contract
from services.domain.errors import DomainError
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.pricing import format_money, quote
from tests.conftest import TENANT
from tests.dialogs.office_flow import BERLIN, office_in, with_countries
from tests.unit.contracts.orders import NOW, SIGNATORY, flat, pages_text, two_currency_order

log = logging.getLogger(__name__)

OPERATOR = "Northwind Telecom"
SIGNED_AT = NOW + timedelta(days=1, hours=5, minutes=5, seconds=7)
_NUMBER = re.compile(r"\+\d+(?: \d+)*")
_GRID_ROW = re.compile(r"(?:\+\d+(?: \d+)*\s*)+")


def render(order: Order, catalogue: Catalogue, terms: str, **options: object) -> bytes:
    return render_contract(order, catalogue, operator_name=OPERATOR, terms=terms, **options)


def signature_block(pdf: bytes) -> str:
    """The customer's side of the signature block: from its heading up to the operator's side."""
    text = flat("\n".join(pages_text(pdf)))
    assert text.count("FOR THE CUSTOMER") == 1
    return text.split("FOR THE CUSTOMER")[1].split("FOR THE OPERATOR")[0]


def grid_numbers(text: str) -> Counter[str]:
    """The numbers of the number grids (the lines holding nothing but numbers), back in E.164."""
    rows = [line for line in text.splitlines() if _GRID_ROW.fullmatch(line.strip())]
    return Counter(match.replace(" ", "") for row in rows for match in _NUMBER.findall(row))


async def test_the_draft_has_a_watermark_on_every_page_and_the_ordering_contact_signs(
        catalogue: Catalogue, terms: str) -> None:
    order = two_currency_order()
    order.signatory = SIGNATORY  # known already, but a draft still shows the ordering contact
    pdf = render(order, catalogue, terms)

    pages = pages_text(pdf)
    assert len(pages) >= 3 and all("DRAFT" in page for page in pages)
    block = signature_block(pdf)
    assert "Ada Lovelace" in block and "ada@contoso.com" in block and "Ordering contact" in block
    assert "Margaret Hamilton" not in block and "Signed electronically" not in block


async def test_the_final_contract_names_the_signatory_and_the_signing_time_without_a_watermark(
        catalogue: Catalogue, terms: str) -> None:
    order = two_currency_order()
    order.signatory = SIGNATORY
    pdf = render(order, catalogue, terms, signed_at=SIGNED_AT)

    text = "\n".join(pages_text(pdf))
    assert "DRAFT" not in text
    block = signature_block(pdf)
    assert "Margaret Hamilton" in block and "Chief Operating Officer" in block
    assert "2026-12-08T14:05:07Z" in block and "8 December 2026, 14:05 UTC" in block
    assert "Ada Lovelace" not in block


async def test_a_final_contract_needs_a_signatory(catalogue: Catalogue, terms: str) -> None:
    with pytest.raises(DomainError) as refused:
        render(two_currency_order(), catalogue, terms, signed_at=SIGNED_AT)
    assert refused.value.code == "signatory_missing"


async def test_a_draft_without_an_ordering_contact_leaves_the_name_open(catalogue: Catalogue,
                                                                       terms: str) -> None:
    order = two_currency_order()
    order.contacts = []
    assert "ordering contact not given yet" in signature_block(render(order, catalogue, terms))


async def test_the_order_form_shows_company_tenant_countries_offices_and_contacts(
        catalogue: Catalogue, terms: str) -> None:
    order = two_currency_order()
    raw = "\n".join(pages_text(render(order, catalogue, terms)))
    text = flat(raw)

    assert "Operator Connect order form" in text and OPERATOR in text
    for expected in ("Contoso Ltd", "221 Baker Street", TENANT, "Account (OCN) 100001", order.id,
                     "7 December 2026", "National Unlimited, €8.99 per user per month",
                     "Essentials, £2.99 per user per month", "400103 (EUR)", "New BCN requested, GBP",
                     "Main billing country", "Yes, 20 numbers", "2 auto attendants configured",
                     "1 call queue configured", "Friedrichstraße 43, 10117 Berlin, Germany",
                     "Area code 30", "10 numbers: 8 for users, 2 for resource accounts",
                     "+49 30 20000000 to +49 30 20000009 (10 numbers)", "Charles Babbage",
                     "grace@contoso.com", "+49 30 901820"):
        assert expected in text, expected
    assert "Terms and conditions" in text and terms.splitlines()[-1][-40:] in text
    assert grid_numbers(raw) == Counter(held.number for _, _, held in order.numbers())


async def test_unicode_names_and_currency_signs_print(catalogue: Catalogue, terms: str) -> None:
    text = "\n".join(pages_text(render(two_currency_order(), catalogue, terms)))
    assert "Friedrichstraße" in text and "€" in text and "£" in text


async def test_fee_totals_are_those_of_the_quote_per_currency_never_added(catalogue: Catalogue,
                                                                          terms: str) -> None:
    order = two_currency_order()
    fees = quote(order, catalogue)
    text = flat("\n".join(pages_text(render(order, catalogue, terms))))

    assert list(fees.installation_totals) == ["EUR", "GBP"] == list(fees.monthly_totals)
    for currency in ("EUR", "GBP"):
        one_off = format_money(fees.installation_totals[currency], "en-GB")
        monthly = format_money(fees.monthly_totals[currency], "en-GB")
        assert f"Total one-off fees in {currency} {one_off}" in text
        assert f"Total monthly fees in {currency} {monthly}" in text
        assert f"{currency} {one_off} {monthly}" in text  # the totals-per-currency table
    for line in fees.lines:
        unit, amount = format_money(line.unit_price, "en-GB"), format_money(line.total, "en-GB")
        assert f"{line.description} {line.quantity} {unit} {amount}" in text, line.description
    mixed = fees.installation_totals["EUR"].amount + fees.installation_totals["GBP"].amount
    assert f"{mixed:,}" not in text


async def test_every_page_says_page_x_of_y(catalogue: Catalogue, terms: str) -> None:
    pages = pages_text(render(two_currency_order(), catalogue, terms))
    assert all(f"Page {number} of {len(pages)}" in page for number, page in enumerate(pages, start=1))


async def test_the_same_order_gives_the_same_bytes_dated_from_the_order(catalogue: Catalogue,
                                                                        terms: str) -> None:
    order = two_currency_order()
    first, second = render(order, catalogue, terms), render(order, catalogue, terms)
    assert first == second
    assert PdfReader(BytesIO(first)).metadata.creation_date == order.updated_at
    final = render(order.model_copy(update={"signatory": SIGNATORY}), catalogue, terms, signed_at=SIGNED_AT)
    assert PdfReader(BytesIO(final)).metadata.creation_date == SIGNED_AT


async def test_a_missing_font_is_a_clear_domain_error(catalogue: Catalogue, terms: str,
                                                      tmp_path: Path) -> None:
    with pytest.raises(DomainError) as refused:
        render(two_currency_order(), catalogue, terms, font_dir=tmp_path)
    assert refused.value.code == "contract_font_missing"
    assert "fonts-dejavu-core" in refused.value.message


async def five_hundred_numbers(deps: Deps, draft: Order) -> Order:
    """One country, five offices of 100 numbers each, reserved through the real inventory."""
    await with_countries(deps, draft, "DE")
    for index in range(5):
        await office_in(deps, draft.id, {**BERLIN, "name": f"Berlin floor {index + 1}"}, users=100)
    return await deps.journey.load(TENANT, draft.id)


async def test_a_500_number_order_lists_every_number(deps: Deps, draft: Order, catalogue: Catalogue,
                                                     terms: str) -> None:
    order = await five_hundred_numbers(deps, draft)
    reserved = {held.number for _, _, held in order.numbers()}
    assert len(reserved) == 500

    render(order, catalogue, terms)  # the first render in a process also pays for lazy imports
    started = time.perf_counter()
    pdf = render(order, catalogue, terms)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("Rendered the 500-number contract (%d bytes) in %.0f ms", len(pdf), elapsed_ms)

    pages = pages_text(pdf)
    text = "\n".join(pages)
    listed = grid_numbers(text)
    assert set(listed) == reserved and set(listed.values()) == {1}  # each number once, none missing
    assert "Numbers 500" in flat(text) and flat(text).count("Numbers for users (100)") == 5
    assert all("DRAFT" in page for page in pages)


async def test_the_e_signature_anchor_text_appears_exactly_once_in_the_draft(catalogue: Catalogue,
                                                                             terms: str) -> None:
    text = "\n".join(pages_text(render(two_currency_order(), catalogue, terms)))
    assert text.count("Signature:") == 1  # DocuSign anchors the signer's box to it


async def test_the_contract_sent_for_signature_names_the_signatory_without_a_draft_mark(
        catalogue: Catalogue, terms: str) -> None:
    order = two_currency_order()
    order.signatory = SIGNATORY
    order.transition(OrderStatus.AWAITING_SIGNATURE)
    pdf = render(order, catalogue, terms)

    text = "\n".join(pages_text(pdf))
    assert "DRAFT" not in text and "FOR SIGNATURE" in text
    block = signature_block(pdf)
    assert "Margaret Hamilton" in block and "Chief Operating Officer" in block
    assert "Ada Lovelace" not in block and "Signature:" in block
