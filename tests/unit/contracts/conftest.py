"""Fixtures for the contract tests: the shipped catalogue and terms, and (for the 500-number order) the
real services on a temporary SQLite file from the dialog tests."""

from __future__ import annotations

import pytest

from services.catalogue.loader import load
from services.catalogue.models import Catalogue
from services.contracts import load_terms
from tests.dialogs.conftest import clock, database, deps, draft, services, storage

__all__ = ["catalogue", "clock", "database", "deps", "draft", "services", "storage", "terms"]


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load()


@pytest.fixture(scope="session")
def terms() -> str:
    return load_terms()
