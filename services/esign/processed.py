"""The port behind the DocuSign Connect webhook's "each event once": event keys claimed, then done.

Connect may deliver one event several times, to any bot instance, even at once. Of concurrent claims of
a key exactly one succeeds; a claim whose holder neither finished nor released it within STALE_CLAIM
(its process died mid-work) may be claimed again. Adapters: SQLite (`processed_sqlite.py`, one file) and
Cosmos DB (`processed_cosmos.py`, for STORE=cosmos, where instances share nothing else).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

STALE_CLAIM = timedelta(minutes=5)


class ProcessedEventStore(Protocol):
    async def claim(self, key: str, envelope_id: str) -> bool:
        """True if the caller should process the event: new, or a claim abandoned for STALE_CLAIM."""
        ...

    async def finish(self, key: str) -> None:
        """Marks the event done: it is never claimed again. Nothing happens for an unknown key."""
        ...

    async def release(self, key: str) -> None:
        """Drops a claim that is not done (the work failed), so a retry of the event is processed."""
        ...

    async def done(self, key: str) -> bool: ...
