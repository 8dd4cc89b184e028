"""How the inventory is laid out in Cosmos DB: documents, patch operations and filter predicates.

`inventory-numbers`, partitioned by `/pool` ("GB:20"): one document per number of the pool, id = the
E.164 number, carrying its claim: `state` free | held | allocated, `hold_id`, `expires_us`. A claim reads the
documents and patches each with If-Match on the ETag it read, so no number is ever held twice.

`inventory-holds`, partitioned by `/order_key` (tenant and order), unique key `/slot`: one document per
hold. An active hold (pending, held or allocated) has `slot` = "office:<office id>", so Cosmos itself
refuses a second active hold for an office; a released or expired one has `slot` = "hold:<its id>".
Times are integer microseconds since the epoch, compared with the caller's `now`, never a TTL.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from services.inventory.model import Hold, HoldStatus, PoolNumber, digits
from services.storage.cosmos import ContainerSpec

NUMBERS = ContainerSpec("inventory-numbers", "/pool")
HOLDS = ContainerSpec("inventory-holds", "/order_key", unique_keys=("/slot",))

PENDING = "pending"  # a hold whose numbers are being claimed: invisible to readers, holds its office slot
PENDING_LEASE = timedelta(minutes=2)  # a pending hold older than this was left by a crashed claim
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Doc = dict[str, Any]
Ops = list[dict[str, Any]]


def micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def pool_key(country: str, area_code: str) -> str:
    return f"{country}:{area_code}"


def order_key(tenant_id: str, order_id: str) -> str:
    return json.dumps([tenant_id, order_id], separators=(",", ":"))


def literal(value: str) -> str:
    """A string as a Cosmos SQL literal, for filter predicates (which take no parameters)."""
    return json.dumps(value)


def set_ops(**fields: Any) -> Ops:
    return [{"op": "set", "path": f"/{name}", "value": value} for name, value in fields.items()]


# --- numbers -------------------------------------------------------------------------------------

def number_doc(number: PoolNumber) -> Doc:
    return {"id": number.e164, "pool": pool_key(number.country, number.area_code), "country": number.country,
            "area_code": number.area_code, "num": digits(number.e164), "state": "free", "hold_id": None,
            "expires_us": None}


# Free at `now` (the `@now` parameter): never claimed, released, or held past its `expires_us`.
FREE_AT_NOW = "(c.state = 'free' OR (c.state = 'held' AND c.expires_us <= @now))"


def claimable(doc: Doc, now_us: int, replaces: str | None) -> bool:
    """Free at `now`, or held by the hold being replaced."""
    if doc["state"] == "free":
        return True
    return doc["state"] == "held" and (doc["expires_us"] <= now_us or doc["hold_id"] == replaces)


def claimed_by(hold: Hold) -> Ops:
    return set_ops(state="held", hold_id=hold.hold_id, expires_us=micros(hold.expires_at))


@dataclass
class Claimed:
    """The numbers one claim changed: each document before, and after (with the ETag it created)."""

    pool: str
    changes: list[tuple[Doc, Doc]] = field(default_factory=list)


def restored(doc: Doc) -> Ops:
    """Puts back the claim fields of a number document as they were in `doc`."""
    return set_ops(state=doc["state"], hold_id=doc["hold_id"], expires_us=doc["expires_us"])


FREED = set_ops(state="free", hold_id=None, expires_us=None)
ALLOCATED = set_ops(state="allocated", expires_us=None)


# --- holds ---------------------------------------------------------------------------------------

def office_slot(office_id: str) -> str:
    return f"office:{office_id}"


def closed_slot(hold_id: str) -> str:
    return f"hold:{hold_id}"


def hold_doc(hold: Hold, status: str) -> Doc:
    return {"id": hold.hold_id, "order_key": order_key(hold.tenant_id, hold.order_id),
            "tenant_id": hold.tenant_id, "order_id": hold.order_id, "office_id": hold.office_id,
            "status": status, "slot": office_slot(hold.office_id), "expires_us": micros(hold.expires_at),
            "created_us": micros(hold.created_at), "seq": f"{time.time_ns():020d}",
            "warned": hold.expiry_warned, "body": hold.model_dump(mode="json")}


def body_of(doc: Doc) -> Hold:
    """The hold as it was claimed (status and warning not applied): its numbers, pool and expiry."""
    return Hold.model_validate(doc["body"])


def hold_of(doc: Doc) -> Hold:
    """The hold as stored; not for a pending document (not a hold yet)."""
    hold = body_of(doc)
    return hold.model_copy(update={"status": HoldStatus(doc["status"]), "expiry_warned": doc["warned"]})


def creation_order(doc: Doc) -> tuple[int, str, str]:
    """Oldest first: by `created_at`, then by when the document was written (`seq`)."""
    return doc["created_us"], doc["seq"], doc["id"]


def ended(status: HoldStatus, hold_id: str) -> Ops:
    """A hold leaves its office slot when it is released or expires."""
    return set_ops(status=status.value, slot=closed_slot(hold_id))


def status_is(*statuses: str) -> str:
    return f"c.status IN ({', '.join(literal(status) for status in statuses)})"
