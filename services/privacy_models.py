"""What the privacy use case (services.privacy) works with: the retention windows, the report of what
was (or would be) removed, the checks on an operator's input, and the narrow ports it needs."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from services.domain.contact import Email
from services.domain.errors import InvalidValue
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.inventory import Hold

NEVER_CONTRACTED = (OrderStatus.DRAFT, OrderStatus.CANCELLED, OrderStatus.EXPIRED)
"""Orders no contract needs: deleted after the retention window, and on a tenant's erasure request."""

_TENANT = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_EMAIL = TypeAdapter(Email)


@dataclass(frozen=True)
class RetentionPolicy:
    draft_days: int = 90
    mail_days: int = 14

    @property
    def drafts(self) -> timedelta:
        return timedelta(days=self.draft_days)

    @property
    def mail(self) -> timedelta:
        return timedelta(days=self.mail_days)


@dataclass
class Removal:
    """What a purge or an erasure removed, or with `applied=False` (a dry run) would remove."""

    applied: bool
    orders_deleted: list[str] = field(default_factory=list)
    orders_erased: list[str] = field(default_factory=list)
    orders_skipped: list[str] = field(default_factory=list)
    """Changed by someone while being purged: left for the next pass."""
    holds_released: int = 0
    documents: int = 0
    mail_rows: int = 0
    mail_files: int = 0
    conversations: int = 0
    state_rows: int = 0
    cases: int = 0
    """Sales channel cases (services.sales_channel)."""

    @property
    def empty(self) -> bool:
        counts = (self.holds_released, self.documents, self.mail_rows, self.mail_files, self.conversations,
                  self.state_rows, self.cases)
        return not (self.orders_deleted or self.orders_erased or any(counts))


def checked_tenant(tenant_id: str) -> str:
    """A tenant id as Teams gives it (a GUID in production); InvalidValue for anything else."""
    value = tenant_id.strip() if isinstance(tenant_id, str) else ""
    if not _TENANT.fullmatch(value):
        raise InvalidValue(f"{tenant_id!r} is not a tenant id (letters, digits and . _ : - only).",
                           field="tenant_id")
    return value


def checked_email(email: str) -> str:
    try:
        return _EMAIL.validate_python(email)
    except ValidationError:
        raise InvalidValue(f"{email!r} is not an email address.", field="email") from None


def emails_on(order: Order) -> set[str]:
    """The addresses of the order's people (erased ones have none)."""
    people = [*order.contacts, *([order.signatory] if order.signatory else [])]
    return {person.email for person in people if "@" in person.email}


def has_email(order: Order, email: str) -> bool:
    return any(address.casefold() == email.casefold() for address in emails_on(order))


class HoldReleaser(Protocol):
    """The part of `services.inventory.Inventory` the privacy use case uses."""

    async def holds(self, tenant_id: str, order_id: str) -> list[Hold]: ...

    async def release_order(self, tenant_id: str, order_id: str) -> list[str]: ...


class StateRows(Protocol):
    """botbuilder's `Storage` (bot state rows), as far as erasure needs it."""

    async def read(self, keys: list[str]) -> dict[str, Any]: ...

    async def delete(self, keys: list[str]) -> None: ...


class MailRows(Protocol):
    """services.mail.retention.SqliteMailRetention."""

    async def finished_before(self, before: datetime) -> list[str]: ...

    async def mentioning(self, addresses: Collection[str]) -> list[str]: ...

    async def delete(self, ids: Collection[str]) -> int: ...


class MailFiles(Protocol):
    """services.mail.outbox_folder.OutboxFolder (only with MAIL=outbox)."""

    async def older_than(self, before: datetime) -> list[Path]: ...

    async def mentioning(self, addresses: Collection[str]) -> list[Path]: ...

    async def delete(self, paths: Collection[Path]) -> int: ...
