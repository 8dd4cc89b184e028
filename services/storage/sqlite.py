"""One SQLite file shared by every embedded adapter: WAL, a busy timeout, work off the event loop.

Each call runs in a worker thread with a connection of that thread's own, so the event loop never
waits on the disk and two processes can share the file (WAL + `BEGIN IMMEDIATE` for writers).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000


class SqliteDatabase:
    """A SQLite file. `read` and `write` run a function with a connection in a worker thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._running = 0
        self._schemas: set[str] = set()

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            _use_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def transaction(self, conn: sqlite3.Connection):
        """`BEGIN IMMEDIATE`: takes the write lock up front, so read-then-write is atomic."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _in_thread(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Runs in a worker thread; `close` waits for every such call to finish first."""
        with self._lock:
            self._running += 1
        try:
            return fn(self._connection())
        finally:
            with self._lock:
                self._running -= 1
                self._idle.notify_all()

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self._in_thread, fn)

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Runs `fn` inside one immediate transaction; an exception rolls it back."""

        def run(conn: sqlite3.Connection) -> T:
            with self.transaction(conn):
                return fn(conn)

        return await asyncio.to_thread(self._in_thread, run)

    async def create_schema(self, script: str) -> None:
        """Runs `CREATE ... IF NOT EXISTS` statements once per database object (later calls return at
        once), so an adapter calls it before each use instead of keeping its own "created" flag."""
        if script in self._schemas:
            return
        await asyncio.to_thread(self._in_thread, lambda conn: _run_script(conn, script))
        self._schemas.add(script)

    def close(self, wait_s: float = 30) -> None:
        """Closes every connection once no call is using one (a cancelled task's thread still may)."""
        with self._lock:
            self._idle.wait_for(lambda: self._running == 0, timeout=wait_s)
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._local = threading.local()


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """The script in one `BEGIN IMMEDIATE` transaction. Run as it is, a `CREATE ... IF NOT EXISTS` reads
    the schema and then writes; when another connection to a new file created a table in between, SQLite
    answers "database is locked" at once instead of waiting (it cannot upgrade a stale read)."""
    try:
        conn.executescript(f"BEGIN IMMEDIATE;\n{script.strip().rstrip(';')};\nCOMMIT;")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switches the file to WAL. The first connections to a new file race to do it, and SQLite answers
    the losers "database is locked" at once, without waiting for the busy timeout: they try again."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
