"""Ports of the sales channel: where the channel registration and the cases are kept.

A pick-up and a close are conditional updates: of two staff members clicking at once (in one process
or two), exactly one changes the case; the other reads who did. The finding and deleting methods at the
end serve retention and erasure (services.privacy): a case keeps the customer's name and the contacts
shown to sales.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from services.sales_channel.models import Case, SalesChannel, StaffMember


class SalesChannelStore(Protocol):
    async def register(self, channel: SalesChannel) -> None:
        """Makes `channel` the sales channel (replacing an earlier registration)."""
        ...

    async def current(self) -> SalesChannel | None: ...


class CaseStore(Protocol):
    async def add(self, case: Case) -> Case:
        """Stores a new case; if its id exists already, returns the stored one unchanged."""
        ...

    async def get(self, case_id: str) -> Case:
        """NotFound unless the case exists."""
        ...

    async def set_posted(self, case_id: str, channel_id: str, activity_id: str, thread_id: str) -> bool:
        """Records where the case's card was posted, once; False if it was recorded before."""
        ...

    async def pick_up(self, case_id: str, staff: StaffMember, at: datetime) -> bool:
        """Open -> picked up by `staff`; False (nothing changed) unless the case was still open."""
        ...

    async def close(self, case_id: str, staff: StaffMember, at: datetime) -> bool:
        """Open or picked up -> closed; False (nothing changed) if it was closed already."""
        ...

    async def active_for_customer(self, tenant_id: str, user_id: str) -> Case | None:
        """The customer's most recently picked-up case that is not closed, if any."""
        ...

    async def for_tenant(self, tenant_id: str) -> list[Case]:
        """Every case of that customer tenant, whatever its status."""
        ...

    async def closed_before(self, before: datetime) -> list[Case]:
        """Closed cases whose `closed_at` is earlier than `before`."""
        ...

    async def mentioning(self, address: str) -> list[Case]:
        """Cases naming that email address anywhere (any case of letters, as a whole address)."""
        ...

    async def delete(self, cases: Collection[Case]) -> int:
        """Deletes those cases (by id); returns how many were still there."""
        ...

    async def delete_for_tenant(self, tenant_id: str) -> int:
        """Deletes every case of that customer tenant; returns how many."""
        ...

    async def delete_closed_before(self, before: datetime) -> int:
        """Deletes the closed cases whose `closed_at` is earlier than `before`; returns how many."""
        ...
