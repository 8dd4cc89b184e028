"""The documents port: contract PDFs and other files the bot keeps, by name, whatever the backend.

Names are shared by every adapter and checked by one function, so a name valid for the local folder is
valid for Blob Storage and no name can reach outside the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from services.domain.errors import DomainError

MAX_NAME_LENGTH = 1024
DEFAULT_CONTENT_TYPE = "application/octet-stream"
MAX_LINK_LIFETIME = timedelta(days=7)  # the longest an Azure user delegation key lives
_NAME = re.compile(r"[A-Za-z0-9._/-]+")
_CONTENT_TYPE = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;[ -~]*)?")


class InvalidDocumentName(DomainError, ValueError):
    """A document name outside the shared rule (a programming error, never a user's input)."""

    code = "invalid_document_name"


@dataclass(frozen=True)
class Document:
    data: bytes
    content_type: str


def validate_name(name: str) -> str:
    """Returns `name` if it is a safe relative name: [A-Za-z0-9._/-], no '..', no empty or dot-ended part."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or len(name) > MAX_NAME_LENGTH:
        raise InvalidDocumentName(f"Invalid document name {name!r}: use letters, digits and . _ / - only.")
    if ".." in name or any(not part or part.endswith(".") for part in name.split("/")):
        raise InvalidDocumentName(f"Invalid document name {name!r}: no '..', no leading, doubled or "
                                  "trailing '/', and no part ending with '.'.")
    return name


def validate_content_type(content_type: str) -> str:
    if not isinstance(content_type, str) or not _CONTENT_TYPE.fullmatch(content_type):
        raise ValueError(f"Invalid content type {content_type!r}: expected 'type/subtype'.")
    return content_type


def validate_link_lifetime(expires_in: timedelta) -> timedelta:
    if not timedelta(0) < expires_in <= MAX_LINK_LIFETIME:
        raise ValueError(f"A link lives more than 0 s and at most {MAX_LINK_LIFETIME}, not {expires_in}.")
    return expires_in


class DocumentStore(Protocol):
    """Stores documents by name. Every method refuses an invalid name with `InvalidDocumentName`."""

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        """Creates or replaces the document, atomically: a reader sees the old or the new bytes."""

    async def get(self, name: str) -> Document:
        """The document; raises `NotFound` if there is none."""

    async def exists(self, name: str) -> bool: ...

    async def delete(self, name: str) -> None:
        """Removes the document; deleting a missing one is not an error."""

    async def link(self, name: str, expires_in: timedelta) -> str | None:
        """A direct read-only URL valid for `expires_in`, or None when the bot must serve the download.

        Raises `NotFound` if there is no such document, `ValueError` for a lifetime outside (0, 7 days].
        """

    async def ping(self) -> None:
        """Raises `StoreUnavailable` if the store cannot be used: for /healthz."""

    async def close(self) -> None:
        """Releases connections; the store is not used afterwards."""
