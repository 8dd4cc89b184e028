"""Contract PDFs in the documents port: one draft and one final per order, under names built from ids.

A name is `contracts/<tenant id>/<order id>/draft.pdf` or `.../final.pdf`. Only ids that look like a
GUID or a hex id are accepted, so no text a user typed ever reaches a document name, and `get` serves
contract names only.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from enum import StrEnum

from services.documents.port import DocumentStore, InvalidDocumentName
from services.domain.order import Order

log = logging.getLogger(__name__)

PDF = "application/pdf"
_ID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|[0-9a-f]{32,64}")
_NAME = re.compile(rf"contracts/(?:{_ID.pattern})/(?:{_ID.pattern})/(?:draft|final)\.pdf")


class Version(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


def _checked_id(value: str, what: str) -> str:
    text = value.lower() if isinstance(value, str) else ""
    if not _ID.fullmatch(text):
        raise InvalidDocumentName(f"The {what} {value!r} is not a GUID or hex id; no contract name is made "
                                  "from it.")
    return text


def contract_name(tenant_id: str, order_id: str, version: Version) -> str:
    """`contracts/<tenant>/<order>/<draft|final>.pdf`; InvalidDocumentName if an id is not GUID/hex."""
    tenant, order = _checked_id(tenant_id, "tenant id"), _checked_id(order_id, "order id")
    return f"contracts/{tenant}/{order}/{Version(version).value}.pdf"


class ContractStore:
    """Saves and reads contract PDFs through any `DocumentStore` (local folder, Azure Blob Storage)."""

    def __init__(self, documents: DocumentStore) -> None:
        self._documents = documents

    async def save_draft(self, order: Order, pdf: bytes) -> str:
        """Stores (or replaces) the order's draft contract; returns its name."""
        return await self._save(order, Version.DRAFT, pdf)

    async def save_final(self, order: Order, pdf: bytes) -> str:
        """Stores the signed contract; returns its name."""
        return await self._save(order, Version.FINAL, pdf)

    async def get(self, name: str) -> bytes:
        """The PDF stored under a contract `name`; NotFound if there is none."""
        document = await self._documents.get(self._checked_name(name))
        return document.data

    async def exists(self, name: str) -> bool:
        return await self._documents.exists(self._checked_name(name))

    async def link(self, name: str, expires_in: timedelta) -> str | None:
        """A direct read-only URL (a blob SAS URL on Azure), or None when the bot serves the file."""
        return await self._documents.link(self._checked_name(name), expires_in)

    async def _save(self, order: Order, version: Version, pdf: bytes) -> str:
        if not bytes(pdf[:5]) == b"%PDF-":
            raise ValueError("A contract must be a PDF document.")
        name = contract_name(order.tenant_id, order.id, version)
        await self._documents.put(name, bytes(pdf), PDF)
        log.info("Stored the %s contract of order %s (%d bytes)", version.value, order.id, len(pdf))
        return name

    @staticmethod
    def _checked_name(name: str) -> str:
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise InvalidDocumentName(f"{name!r} is not a contract document name.")
        return name
