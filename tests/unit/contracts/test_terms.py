"""The terms and conditions: the shipped sample, an operator's own file, and files that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.catalogue.models import Catalogue
from services.contracts import SAMPLE_TERMS, load_terms, render_contract
from services.domain.errors import DomainError
from tests.unit.contracts.orders import flat, pages_text, two_currency_order

TOPICS = ["service", "Numbers and emergency addresses", "Charges and invoicing", "Term and termination",
          "Porting", "Data protection", "Liability"]


def test_the_sample_is_marked_as_sample_text_for_the_operator_to_replace() -> None:
    text = load_terms()
    first_paragraph = text.split("\n\n")[0]
    assert "SAMPLE TEXT" in first_paragraph and "replaces this file" in first_paragraph
    assert "not legal advice" in first_paragraph
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    for topic in TOPICS:
        assert any(topic in heading for heading in headings), topic
    assert "DRAFT" not in text  # the watermark word must only mean a draft contract


def test_an_operator_file_replaces_the_sample(tmp_path: Path) -> None:
    own = tmp_path / "terms.md"
    own.write_text("## Our terms\n\nService is provided by Northwind Telecom under its master agreement.\n",
                   encoding="utf-8")
    assert load_terms(own).startswith("## Our terms")
    assert load_terms(None) == SAMPLE_TERMS.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("content", [None, b"", b"  \n\n ", b"\xff\xfe not utf-8 \x80"])
def test_a_missing_empty_or_unreadable_file_is_a_domain_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "terms.md"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DomainError) as refused:
        load_terms(path)
    assert refused.value.code == "terms_unavailable" and str(path) in refused.value.message


def test_the_operator_terms_are_printed_in_the_contract(tmp_path: Path, catalogue: Catalogue) -> None:
    own = tmp_path / "terms.md"
    own.write_text("## Our terms\n\nCalls to premium numbers are barred unless the customer asks in "
                   "writing.\n\n- First bullet about invoices.\n- Second bullet about\n  notice periods.\n",
                   encoding="utf-8")
    pdf = render_contract(two_currency_order(), catalogue, operator_name="Northwind Telecom",
                          terms=load_terms(own))
    text = flat("\n".join(pages_text(pdf)))
    assert "Our terms Calls to premium numbers are barred unless the customer asks in writing." in text
    assert "• First bullet about invoices. • Second bullet about notice periods." in text
    assert "SAMPLE TEXT" not in text
