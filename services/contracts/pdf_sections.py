"""The contract's sections, in reading order: parties, countries, offices and numbers, fees, contacts,
terms and conditions, signature."""

from __future__ import annotations

from services.contracts.blocks import (
    Column,
    body,
    ensure_space,
    fields,
    note,
    number_grid,
    paragraphs,
    section,
    subsection,
    table,
    table_height,
)
from services.contracts.frame import ACCENT, MUTED, RULE, TITLE, WATERMARK, ContractPdf
from services.contracts.signature import draw_signature
from services.contracts.view import ContractView, CountryView, CurrencyFees, OfficeView
from services.contracts.wording import counted

SIGNED_GREEN = (25, 118, 74)
KEEP_TOGETHER = 110  # mm: a shorter table starts on a new page rather than split


def draw_contract(pdf: ContractPdf, view: ContractView) -> None:
    pdf.add_page()
    _title(pdf, view)
    _parties(pdf, view)
    _countries(pdf, view)
    _contacts(pdf, view)
    for country in view.countries:
        _offices(pdf, country)
    _fees(pdf, view)
    pdf.add_page()
    section(pdf, "Terms and conditions")
    paragraphs(pdf, view.terms)
    draw_signature(pdf, view)


def _title(pdf: ContractPdf, view: ContractView) -> None:
    body(pdf, 20, "B", ACCENT)
    pdf.cell(pdf.body_width - 45, 10, TITLE)
    color = SIGNED_GREEN if view.signature.final else WATERMARK
    badge = view.edition.upper()
    body(pdf, 8, "B", color)
    with pdf.local_context(draw_color=color, line_width=0.4):
        pdf.cell(45, 7, badge, border=1, align="C")
    pdf.ln(10)
    body(pdf, 9.5, "", MUTED)
    pdf.cell(0, 5, f"Microsoft Teams Phone through Operator Connect, supplied by {view.operator}")
    pdf.ln(9)


def _parties(pdf: ContractPdf, view: ContractView) -> None:
    top, half = pdf.get_y(), (pdf.body_width - 8) / 2
    right = pdf.l_margin + half + 8
    for x, heading in ((pdf.l_margin, "Customer"), (right, "Order")):
        pdf.set_xy(x, top)
        body(pdf, 8, "B", ACCENT)
        pdf.cell(half, 5, heading.upper())
    customer = [("Company", view.company), ("Legal address", "\n".join(view.legal_address)),
                ("Teams tenant ID", view.tenant_id), ("Account (OCN)", view.ocn)]
    offices = sum(len(country.offices) for country in view.countries)
    order = [("Order ID", view.order_id), ("Date", view.date), ("Operator", view.operator),
             ("Status", view.edition),
             ("Countries", str(len(view.countries))), ("Offices", str(offices)),
             ("Numbers", str(view.number_count))]
    pdf.set_y(top + 6)
    left_end = fields(pdf, customer, x=pdf.l_margin, width=half, label_width=27)
    pdf.set_y(top + 6)
    right_end = fields(pdf, order, x=right, width=half, label_width=20)
    pdf.set_xy(pdf.l_margin, max(left_end, right_end) + 2)
    with pdf.local_context(draw_color=RULE, line_width=0.2):
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())


def _countries(pdf: ContractPdf, view: ContractView) -> None:
    section(pdf, "Countries and voice plans")
    columns = [Column("Country", 28), Column("Voice plan", 42), Column("Billing (BCN)", 29),
               Column("Porting", 20), Column("Migration", 18), Column("Options", pdf.body_width - 137)]
    rows = [[f"{c.name}\nMain billing country" if c.main_billing else c.name, c.plan, c.bcn, c.porting,
             c.migration, c.options] for c in view.countries]
    table(pdf, columns, rows)
    if not view.countries:
        note(pdf, "No country has been added to this order yet.")


def _offices(pdf: ContractPdf, country: CountryView) -> None:
    numbers = sum(len(office.numbers) for office in country.offices)
    section(pdf, f"Offices and numbers: {country.name}", room=40)
    note(pdf, f"{counted(len(country.offices), 'office')}, {counted(numbers, 'number')} reserved. Each "
              "number is registered for emergency calls at the address of its office.")
    for office in country.offices:
        _office(pdf, office)


def _office(pdf: ContractPdf, office: OfficeView) -> None:
    subsection(pdf, office.name, counted(len(office.numbers), "number"), room=42)
    fields(pdf, [("Emergency address", office.address), ("Area code", office.area_code),
                 ("Numbers", office.quantities), ("Ranges", "\n".join(office.numbers.ranges) or "None")])
    for label, numbers in (("Numbers for users", office.numbers.users),
                           ("Numbers for resource accounts", office.numbers.resource_accounts)):
        if numbers:
            ensure_space(pdf, 12)
            pdf.ln(1)
            body(pdf, 8, "B", MUTED)
            pdf.cell(0, 5, f"{label} ({len(numbers)})", new_x="LMARGIN", new_y="NEXT")
            number_grid(pdf, numbers)
    pdf.ln(1)


def _fees(pdf: ContractPdf, view: ContractView) -> None:
    section(pdf, "Fees", room=45)
    subsection(pdf, "Totals per currency", room=25)
    currencies = list(dict.fromkeys(g.currency for g in [*view.one_off, *view.monthly]))
    one_off = {g.currency: g.total for g in view.one_off}
    monthly = {g.currency: g.total for g in view.monthly}
    table(pdf, [Column("Currency", 40), Column("One-off installation", 50, "R"),
                Column("Monthly", 50, "R")],
          [[currency, one_off.get(currency, "-"), monthly.get(currency, "-")] for currency in currencies])
    pdf.ln(1.5)
    note(pdf, "Each currency is invoiced on the billing account (BCN) of its countries. Amounts in "
              "different currencies are never added together.")
    for title, kind, groups in (("One-off installation fees", "one-off", view.one_off),
                                ("Monthly fees", "monthly", view.monthly)):
        _fee_table(pdf, title, kind, groups)


def _fee_table(pdf: ContractPdf, title: str, kind: str, groups: list[CurrencyFees]) -> None:
    """The lines of one kind of charge, currency by currency, each currency closed by its total."""
    columns = [Column("Country", 30), Column("Description", pdf.body_width - 112),
               Column("Quantity", 22, "R"), Column("Unit price", 30, "R"), Column("Amount", 30, "R")]
    rows: list[list[str]] = []
    totals: set[int] = set()
    for group in groups:
        rows += [[r.country, r.description, r.quantity, r.unit_price, r.amount] for r in group.rows]
        totals.add(len(rows))
        rows.append(["", f"Total {kind} fees in {group.currency}", "", "", group.total])
    subsection(pdf, title, room=min(table_height(pdf, columns, rows) + 12, KEEP_TOGETHER))
    if not rows:
        note(pdf, f"No {kind} fees.")
        return
    table(pdf, columns, rows, bold_rows=frozenset(totals))


def _contacts(pdf: ContractPdf, view: ContractView) -> None:
    section(pdf, "Contacts", room=35)
    if not view.contacts:
        note(pdf, "No contacts have been given yet.")
        return
    table(pdf, [Column("Role", 20), Column("Name", 36), Column("Job title", 30), Column("Email", 50),
                Column("Phone", pdf.body_width - 136)],
          [[c.role, c.name, c.job_title, c.email, c.phone] for c in view.contacts])
    pdf.ln(1.5)
    note(pdf, "The technical contact is called during delivery.")
