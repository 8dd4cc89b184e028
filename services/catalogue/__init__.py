"""The operator's reference data: catalogue (countries, plans, fees), accounts and area codes."""

from services.catalogue.accounts import Account, AccountDirectory, Bcn, BcnChoice, BcnChoiceKind
from services.catalogue.loader import CatalogueError, FileProblem, load
from services.catalogue.models import Catalogue, CountryOffer, CurrencyFees, OptionFee, Region, VoicePlan

__all__ = [
    "Account",
    "AccountDirectory",
    "Bcn",
    "BcnChoice",
    "BcnChoiceKind",
    "Catalogue",
    "CatalogueError",
    "CountryOffer",
    "CurrencyFees",
    "FileProblem",
    "OptionFee",
    "Region",
    "VoicePlan",
    "load",
]
