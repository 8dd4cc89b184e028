"""Renders a sample draft contract (2 countries, 3 offices, the journey of tests/journey.py) to PDF, and its
first page to PNG for the README with poppler's pdftoppm.

    .venv/bin/python -m scripts.render_contract_sample [--pdf var/contract-sample.pdf]
                                                       [--png docs/contract-page1.png] [--final]

The PDF goes under var/ (not committed); the PNG is committed. Same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.catalogue.accounts import AccountDirectory
from services.catalogue.loader import load
from services.contracts import load_terms, render_contract
from services.domain.address import Address
from services.domain.contact import Contact, ContactRole, Signatory
from services.domain.office import NumberUsage, Office, ReservedNumber, hold_until
from services.domain.options import ClipMode, Options
from services.domain.order import Billing, Order
from services.inventory.numbers import generate_pool

log = logging.getLogger("render_contract_sample")

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
TENANT = "3f2b8c1e-7d4a-4e59-9b0c-5a1d2e3f4a5b"
ORDER_ID = "5c0f1e2d3b4a59687766554433221100"
# country: (area code, [(name, street, house number, postal code, city, users, resource accounts)])
OFFICES = {
    "DE": ("30", [("Berlin HQ", "Friedrichstraße", "43", "10117", "Berlin", 8, 2),
                  ("Berlin Sales", "Friedrichstraße", "43", "10117", "Berlin", 5, 0)]),
    "FR": ("1", [("Paris Rivoli", "Rue de Rivoli", "12", "75004", "Paris", 4, 1)]),
}
PEOPLE = [
    (ContactRole.ORDERING, "Ada", "Lovelace", "ada@contoso.com", "+44 20 7946 0000", "IT Director"),
    (ContactRole.BILLING, "Charles", "Babbage", "accounts@contoso.com", "+44 20 7946 0100", "Finance"),
    (ContactRole.TECHNICAL, "Grace", "Hopper", "grace.hopper@contoso.com", "+49 30 901820", "Teams admin"),
]


def sample_order() -> Order:
    account = AccountDirectory.load().find("100001")
    order = Order.new(tenant_id=TENANT, ocn=account.ocn, now=NOW)
    order.id, order.company_name, order.legal_address = ORDER_ID, account.company_name, account.legal_address
    _country(order, "DE", "de-national", Billing(bcn="400103", currency="EUR"),
             Options(call_forwarding=True, clip=ClipMode.SCREEN, auto_attendants=1))
    _country(order, "FR", "fr-essentials", Billing(currency="EUR", new_bcn=True), Options(call_queues=1))
    for role, first, last, email, phone, title in PEOPLE:
        order.set_contact(Contact(role=role, first_name=first, last_name=last, email=email, phone=phone,
                                  job_title=title))
    order.touch(NOW + timedelta(minutes=20))
    return order


def _country(order: Order, code: str, plan_id: str, billing: Billing, options: Options) -> None:
    """Adds the country and its offices, each with consecutive numbers from the demo pool."""
    entry = order.add_country(code)
    entry.plan_id, entry.billing, entry.options = plan_id, billing, options
    area_code, offices = OFFICES[code]
    pool = iter(generate_pool(code, area_code, 40))
    for name, street, number, postal_code, city, users, resource_accounts in offices:
        address = Address(country=code, street=street, house_number=number, postal_code=postal_code,
                          city=city)
        office = order.add_office(code, Office(name=name, address=address, area_code=area_code))
        order.set_quantities(code, office.id, users, resource_accounts)
        usages = [NumberUsage.USER] * users + [NumberUsage.RESOURCE_ACCOUNT] * resource_accounts
        expires = hold_until(NOW)
        held = [ReservedNumber(number=next(pool), usage=usage, expires_at=expires) for usage in usages]
        order.hold_numbers(code, office.id, held)


def signed(order: Order) -> Order:
    order.signatory = Signatory(first_name="Margaret", last_name="Hamilton", email="m.hamilton@contoso.com",
                                job_title="Chief Operating Officer", authorised=True)
    return order


def first_page_png(pdf: Path, png: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm is missing: install poppler-utils.")
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(prefix)], check=True)
        png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(prefix.with_suffix(".png"), png)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=ROOT / "var" / "contract-sample.pdf")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "contract-page1.png")
    parser.add_argument("--final", action="store_true", help="render the signed contract instead")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # one line per table subset otherwise
    order = sample_order()
    signed_at = NOW + timedelta(hours=2) if args.final else None
    data = render_contract(signed(order) if args.final else order, load(), operator_name="Northwind Telecom",
                           terms=load_terms(), signed_at=signed_at)
    args.pdf.parent.mkdir(parents=True, exist_ok=True)
    args.pdf.write_bytes(data)
    first_page_png(args.pdf, args.png)
    log.info("Wrote %s and %s", args.pdf, args.png)


if __name__ == "__main__":
    main()
