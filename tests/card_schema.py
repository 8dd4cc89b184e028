"""Checks every card against the vendored Adaptive Card 1.5 schema and the Teams size limit."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator

from cards.base import MAX_CARD_BYTES

SCHEMA = Path(__file__).parent / "schemas" / "adaptive-card-1.5.schema.json"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


@cache
def validator() -> Draft6Validator:
    return Draft6Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def assert_valid_card(card: dict[str, Any]) -> None:
    errors = sorted(validator().iter_errors(card), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    size = len(json.dumps(card, ensure_ascii=False).encode("utf-8"))
    assert size < MAX_CARD_BYTES, f"card is {size} bytes, over the {MAX_CARD_BYTES} byte limit"
    assert card.get("version") == "1.5"


def cards_in(activity: Any) -> list[dict[str, Any]]:
    """The Adaptive Cards an activity (an SDK Activity or its JSON dict) carries."""
    attachments = activity.get("attachments") if isinstance(activity, dict) else activity.attachments
    found = []
    for attachment in attachments or []:
        kind = attachment.get("contentType") if isinstance(attachment, dict) else attachment.content_type
        content = attachment.get("content") if isinstance(attachment, dict) else attachment.content
        if kind == CONTENT_TYPE:
            found.append(content)
    return found
