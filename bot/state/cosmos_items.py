"""How a bot state item is kept in Cosmos DB: a valid, unique id for any key, and the document around it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import jsonpickle

MAX_ID_LENGTH = 255
# Cosmos forbids / \ ? # (and trailing spaces) in ids. "*" is the escape mark itself; "%" and
# whitespace or control characters would upset the id's place in request URLs.
_ESCAPED = frozenset("/\\?#*%")


def escape_key(key: str) -> str:
    """A valid Cosmos id for `key`, distinct for distinct keys.

    Escapes are fixed width (`*2f`), so no two keys give the same id; an id over 255 characters is cut
    and ends in `*~` plus the key's SHA-256, a mark no escaped key contains. The real key is stored
    beside it (`realId`) and checked on read.
    """
    escaped = "".join(f"*{ord(c):02x}" if c in _ESCAPED or ord(c) < 0x21 or ord(c) == 0x7F else c
                      for c in key)
    if len(escaped) <= MAX_ID_LENGTH:
        return escaped
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{escaped[:MAX_ID_LENGTH - len(digest) - 2]}*~{digest}"


def get_e_tag(item: Any) -> str | None:
    return item.get("e_tag") if isinstance(item, Mapping) else getattr(item, "e_tag", None)


def set_e_tag(item: Any, e_tag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = e_tag
    elif hasattr(item, "__dict__"):
        item.e_tag = e_tag


def to_document(key: str, item: Any) -> dict[str, Any]:
    """The Cosmos document for one item; the value is jsonpickle's JSON form (dialog stacks hold objects)."""
    if isinstance(item, Mapping):
        item = {k: v for k, v in item.items() if k != "e_tag"}
    return {"id": escape_key(key), "realId": key, "document": jsonpickle.Pickler(keys=True).flatten(item)}


def from_document(document: Mapping[str, Any]) -> Any:
    item = jsonpickle.Unpickler(keys=True).restore(document["document"])
    set_e_tag(item, document["_etag"])
    return item


def e_tag_of(saved: Any) -> str:
    """The new `_etag` of a written document (from the response headers if the body was not returned)."""
    return saved.get("_etag") or saved.get_response_headers()["etag"]
