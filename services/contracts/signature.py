"""The signature block: the ordering contact standing in on a draft, the signatory and signing time on
the final contract, and the operator's acceptance."""

from __future__ import annotations

from services.contracts.blocks import body, ensure_space, fields, note, section
from services.contracts.frame import ACCENT, MUTED, RULE, ContractPdf
from services.contracts.view import ContractView, SignatureView
from services.contracts.wrap import write

BOX_HEIGHT = 62
LABEL_WIDTH = 24
CUSTOMER_HEADING = "FOR THE CUSTOMER"
OPERATOR_HEADING = "FOR THE OPERATOR"


def draw_signature(pdf: ContractPdf, view: ContractView) -> None:
    ensure_space(pdf, BOX_HEIGHT + 30)
    section(pdf, "Signature")
    signature = view.signature
    note(pdf, f"By signing, the customer orders the services in this order form on the terms and conditions "
              f"above, and the signatory confirms that they are authorised to sign for {signature.company}.")
    pdf.ln(3)
    top, half = pdf.get_y(), (pdf.body_width - 8) / 2
    with pdf.local_context(draw_color=RULE, line_width=0.25):
        pdf.rect(pdf.l_margin, top, pdf.body_width, BOX_HEIGHT)
        pdf.line(pdf.l_margin + half + 4, top + 4, pdf.l_margin + half + 4, top + BOX_HEIGHT - 4)
    _customer(pdf, signature, pdf.l_margin + 4, top + 4, half - 6)
    _operator(pdf, view.operator, pdf.l_margin + half + 8, top + 4, half - 6)
    pdf.set_xy(pdf.l_margin, top + BOX_HEIGHT + 3)
    if view.is_draft:
        note(pdf, "In this draft the ordering contact stands where the signatory will sign. The final "
                  "contract carries the name and job title of the signatory and the time of signing.")


def _heading(pdf: ContractPdf, x: float, y: float, width: float, heading: str, name: str) -> None:
    pdf.set_xy(x, y)
    body(pdf, 7.5, "B", ACCENT)
    pdf.cell(width, 4.5, heading)
    pdf.set_xy(x, pdf.get_y() + 4.5)
    body(pdf, 10, "B")
    write(pdf, name, width, 5.5, x=x)
    pdf.ln(1.5)


def _customer(pdf: ContractPdf, signature: SignatureView, x: float, y: float, width: float) -> None:
    _heading(pdf, x, y, width, CUSTOMER_HEADING, signature.company)
    if signature.final:
        pairs = [("Name", signature.name), ("Job title", signature.job_title), ("Email", signature.email),
                 ("Signed", f"{signature.signed_at_iso}\n{signature.signed_at_text}")]
        fields(pdf, pairs, x=x, width=width, label_width=LABEL_WIDTH)
        pdf.set_xy(x, pdf.get_y() + 2)
        body(pdf, 8, "", MUTED)
        write(pdf, "Signed electronically by the signatory named above.", width, 4, x=x)
        return
    if signature.for_signature:
        pairs = [("Name", signature.name), ("Job title", signature.job_title), ("Email", signature.email)]
        fields(pdf, pairs, x=x, width=width, label_width=LABEL_WIDTH)
        _lines_to_sign(pdf, x, width)
        return
    pairs = [("Name", signature.name), ("Role", "Ordering contact (stands in for the signatory)")]
    if signature.email:
        pairs.append(("Email", signature.email))
    fields(pdf, pairs, x=x, width=width, label_width=LABEL_WIDTH)
    _lines_to_sign(pdf, x, width)


def _lines_to_sign(pdf: ContractPdf, x: float, width: float) -> None:
    """'Signature:' appears nowhere else in the PDF: DocuSign anchors the signer's box to it."""
    for label in ("Signature:", "Date:"):
        pdf.set_xy(x, pdf.get_y() + 4)
        body(pdf, 8, "", MUTED)
        pdf.cell(LABEL_WIDTH, 5, label)
        with pdf.local_context(draw_color=MUTED, line_width=0.2):
            pdf.line(x + LABEL_WIDTH, pdf.get_y() + 4.5, x + width, pdf.get_y() + 4.5)
        pdf.ln(5)
    body(pdf)


def _operator(pdf: ContractPdf, operator: str, x: float, y: float, width: float) -> None:
    _heading(pdf, x, y, width, OPERATOR_HEADING, operator)
    body(pdf, 8.5)
    write(pdf, f"{operator} accepts this order by confirming it in writing after the customer has signed, "
               "and then delivers the service within five business days unless the order says otherwise.",
          width, 4.4, x=x)
