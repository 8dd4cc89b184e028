"""The SQL of the embedded inventory store: schema and statements, kept apart from the logic."""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS inventory_numbers (
    e164 TEXT PRIMARY KEY, country TEXT NOT NULL, area_code TEXT NOT NULL, value INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS inventory_numbers_pool ON inventory_numbers (country, area_code, value);
CREATE TABLE IF NOT EXISTS inventory_claims (
    e164 TEXT PRIMARY KEY, hold_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('held', 'allocated')), expires_us INTEGER);
CREATE INDEX IF NOT EXISTS inventory_claims_hold ON inventory_claims (hold_id);
CREATE TABLE IF NOT EXISTS inventory_holds (
    hold_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, order_id TEXT NOT NULL, office_id TEXT NOT NULL,
    status TEXT NOT NULL, expires_us INTEGER NOT NULL, warned INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS inventory_holds_order ON inventory_holds (tenant_id, order_id);
CREATE INDEX IF NOT EXISTS inventory_holds_due ON inventory_holds (status, expires_us);
"""

# A claim counts while it is allocated or until its expires_us; the `?` is now in microseconds.
ACTIVE_CLAIM = "(c.state = 'allocated' OR c.expires_us > ?)"

POOL_SIZE = "SELECT COUNT(*) FROM inventory_numbers WHERE country = ? AND area_code = ?"
ADD_NUMBER = "INSERT OR IGNORE INTO inventory_numbers VALUES (?, ?, ?, ?)"
FREE_CANDIDATES = (
    "SELECT n.e164 FROM inventory_numbers n WHERE n.country = ? AND n.area_code = ? AND NOT EXISTS "
    f"(SELECT 1 FROM inventory_claims c WHERE c.e164 = n.e164 AND {ACTIVE_CLAIM}) ORDER BY n.value LIMIT ?")
FREE_AMONG = (
    "SELECT n.e164 FROM inventory_numbers n WHERE n.e164 IN ({marks}) AND NOT EXISTS "
    f"(SELECT 1 FROM inventory_claims c WHERE c.e164 = n.e164 AND {ACTIVE_CLAIM})")
IN_POOL = ("SELECT COUNT(*) FROM inventory_numbers WHERE e164 IN ({marks}) "
           "AND country = ? AND area_code = ?")
TAKEN = f"SELECT 1 FROM inventory_claims c WHERE c.e164 IN ({{marks}}) AND {ACTIVE_CLAIM} LIMIT 1"
OFFICE_HAS_HOLD = (
    "SELECT 1 FROM inventory_holds WHERE tenant_id = ? AND order_id = ? AND office_id = ? "
    "AND (status = 'allocated' OR (status = 'held' AND expires_us > ?)) LIMIT 1")
DROP_CLAIMS = "DELETE FROM inventory_claims WHERE e164 IN ({marks})"
INSERT_CLAIM = "INSERT INTO inventory_claims VALUES (?, ?, 'held', ?)"
INSERT_HOLD = "INSERT INTO inventory_holds VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

GET_HOLD = "SELECT * FROM inventory_holds WHERE hold_id = ?"
ORDER_HOLDS = "SELECT * FROM inventory_holds WHERE tenant_id = ? AND order_id = ? ORDER BY rowid"
RELEASABLE_AMONG = ("SELECT hold_id FROM inventory_holds WHERE hold_id IN ({marks}) "
                    "AND status IN ('held', 'expired')")
END_HOLD = "UPDATE inventory_holds SET status = 'released' WHERE hold_id = ?"
DROP_HOLD_CLAIMS = "DELETE FROM inventory_claims WHERE hold_id = ?"
LIVE_AMONG = ("SELECT COUNT(*) FROM inventory_holds WHERE hold_id IN ({marks}) "
              "AND status = 'held' AND expires_us > ?")
ALLOCATE_HOLDS = "UPDATE inventory_holds SET status = 'allocated' WHERE hold_id IN ({marks})"
ALLOCATE_CLAIMS = ("UPDATE inventory_claims SET state = 'allocated', expires_us = NULL "
                   "WHERE hold_id IN ({marks})")
HOLDS_DUE = "SELECT * FROM inventory_holds WHERE status = 'held' AND expires_us <= ? ORDER BY expires_us"
MARK_WARNED = "UPDATE inventory_holds SET warned = 1 WHERE hold_id = ? AND warned = 0 AND status = 'held'"
EXPIRE_HOLD = ("UPDATE inventory_holds SET status = 'expired' "
               "WHERE hold_id = ? AND status = 'held' AND expires_us <= ?")
COUNTS = (
    "SELECT SUM(c.state IS NULL OR (c.state = 'held' AND c.expires_us <= :now)), "
    "SUM(c.state = 'held' AND c.expires_us > :now), SUM(c.state = 'allocated') "
    "FROM inventory_numbers n LEFT JOIN inventory_claims c ON c.e164 = n.e164 "
    "WHERE n.country = :country AND n.area_code = :area")
