"""The operator's number inventory: pools per (country, area code), 12-hour holds, allocations."""

from services.inventory.errors import HoldExpired, InvalidCsv, NotEnoughNumbers, RowError
from services.inventory.events import LoggingHoldEvents
from services.inventory.expiry import expiry_loop, run_expiry_loop
from services.inventory.model import (
    ExpiryReport,
    HeldNumber,
    Hold,
    HoldStatus,
    ImportReport,
    NumberRange,
    PoolCounts,
    Quantities,
    Reservation,
    ranges,
)
from services.inventory.ports import HoldEvents, InventoryStore
from services.inventory.service import Inventory
from services.inventory.sqlite import SqliteInventoryStore

__all__ = [
    "ExpiryReport",
    "HeldNumber",
    "Hold",
    "HoldEvents",
    "HoldExpired",
    "HoldStatus",
    "ImportReport",
    "InvalidCsv",
    "Inventory",
    "InventoryStore",
    "LoggingHoldEvents",
    "NotEnoughNumbers",
    "NumberRange",
    "PoolCounts",
    "Quantities",
    "Reservation",
    "RowError",
    "SqliteInventoryStore",
    "expiry_loop",
    "ranges",
    "run_expiry_loop",
]
