"""Ports of the sales channel: where the channel registration and the cases are kept.

A pick-up and a close are conditional updates: of two staff members clicking at once (in one process
or two), exactly one changes the case; the other reads who did.
"""

from __future__ import annotations

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
