"""What the dialogs need, handed in by the composition root (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import StatePropertyAccessor

from services.catalogue.accounts import AccountDirectory
from services.catalogue.models import Catalogue
from services.clock import Clock
from services.journey import Journey
from services.mail.port import Mailer
from services.sales import SalesNotifier
from services.submission import Submission


@dataclass
class Deps:
    journey: Journey
    catalogue: Catalogue
    accounts: AccountDirectory
    mailer: Mailer
    sales: SalesNotifier
    clock: Clock
    session: StatePropertyAccessor
    """UserState property holding the signed-in `Session` (as JSON)."""
    log_codes: bool = False
    """Embedded mode: one-time codes also go to the console log, for a developer in the Playground."""
    oauth_connection: str = ""
    sales_contact: str = "our sales team"
    operator_name: str = "Northwind Telecom"
    submission: Submission | None = None
    """Contract preview, signatory and submission (absent in tests of earlier stages)."""
