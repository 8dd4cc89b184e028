"""Bearer tokens in URLs (signing and preview links): unguessable, stored only as a SHA-256 digest.

A token is 32 random bytes, URL-safe base64 (43 characters). The database keeps its digest, so a copy
of the database gives nobody a working link; a garbled token is refused before any lookup.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

TOKEN_BYTES = 32
_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """The hex SHA-256 of the token: what the database stores and looks up."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: str) -> bool:
    """True if `token` has the shape `new_token` gives; anything else cannot be one of ours."""
    return isinstance(token, str) and bool(_SHAPE.fullmatch(token))


def micros(moment: datetime) -> int:
    """A UTC moment as microseconds since the epoch: compared exactly inside SQL."""
    if moment.tzinfo is None:
        raise ValueError("a stored moment must carry a time zone")
    return round(moment.timestamp() * 1_000_000)
