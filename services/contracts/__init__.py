"""Contracts: the order form PDF (draft and signed), its terms and conditions, and where it is stored."""

from services.contracts.pdf import render_contract
from services.contracts.store import ContractStore, Version, contract_name
from services.contracts.terms import SAMPLE_TERMS, load_terms

__all__ = ["SAMPLE_TERMS", "ContractStore", "Version", "contract_name", "load_terms", "render_contract"]
