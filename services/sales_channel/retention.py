"""The rules both case stores apply when retention or erasure (services.privacy) looks for cases: which
closed cases are old enough, and whether a case names an email address.

A case is matched as plain text (every text of the case, one per line), not as its JSON: the JSON
escapes line breaks, which would hide the word boundary `mentions` looks for.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.mail.retention import mentions
from services.sales_channel.models import Case, CaseStatus


def closed_before(case: Case, before: datetime) -> bool:
    return case.status is CaseStatus.CLOSED and case.closed_at is not None and case.closed_at < before


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def names(case: Case, address: str) -> bool:
    """True if the case (customer, card view, who acted on it) contains `address` as a whole address."""
    return mentions("\n".join(_texts(case.model_dump(mode="json"))), address.strip())
