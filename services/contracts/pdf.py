"""`render_contract`: the order form as PDF bytes, a draft for review or the signed contract.

Drawn with fpdf2 on the frame in `frame` (DejaVu Sans, so any name and currency sign prints), from the
text values in `view`, section by section in `pdf_sections`.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from services.catalogue.models import Catalogue
from services.contracts.frame import FONT_DIR, TITLE, ContractPdf
from services.contracts.pdf_sections import draw_contract
from services.contracts.view import ContractView, build_view
from services.domain.order import Order

log = logging.getLogger(__name__)


def render_contract(order: Order, catalogue: Catalogue, *, operator_name: str, terms: str,
                    signed_at: datetime | None = None, font_dir: Path = FONT_DIR) -> bytes:
    """The order form as PDF bytes: a draft (watermark, ordering contact) when `signed_at` is None,
    else the final contract (signatory, signing time). DomainError if a final has no signatory."""
    started = time.perf_counter()
    view = build_view(order, catalogue, operator_name=operator_name, terms=terms, signed_at=signed_at)
    pdf = ContractPdf(view, font_dir)
    _set_metadata(pdf, view, signed_at or order.updated_at)
    draw_contract(pdf, view)
    data = bytes(pdf.output())
    log.info("Contract %s for order %s: %d pages, %d numbers, %d bytes in %.0f ms",
             "final" if signed_at else "draft", order.id, pdf.pages_count, view.number_count, len(data),
             (time.perf_counter() - started) * 1000)
    return data


def _set_metadata(pdf: FPDF, view: ContractView, moment: datetime) -> None:
    pdf.set_title(f"{TITLE}: {view.company}, order {view.order_id}")
    pdf.set_author(view.operator)
    pdf.set_subject(f"{'Draft' if view.is_draft else 'Signed'} Operator Connect order form")
    pdf.set_creator("Operator Connect ordering bot")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(moment)
