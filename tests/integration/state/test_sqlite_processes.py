"""Two OS processes sharing the SQLite file: with the same e_tag only one write can win."""

from __future__ import annotations

import asyncio
import multiprocessing
from pathlib import Path

from bot.state.sqlite import SqliteStorage, StateConflict
from services.storage.sqlite import SqliteDatabase

ROUNDS = 40


def _increment(path: str, barrier, results) -> None:
    async def run() -> tuple[int, int]:
        storage = SqliteStorage(SqliteDatabase(Path(path)))
        won = lost = 0
        for _ in range(ROUNDS):
            item = (await storage.read(["counter"]))["counter"]
            barrier.wait()
            item["count"] += 1
            try:
                await storage.write({"counter": item})
                won += 1
            except StateConflict:
                lost += 1
            barrier.wait()
        return won, lost

    results.put(asyncio.run(run()))


async def test_two_processes_never_both_win_a_write(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    storage = SqliteStorage(SqliteDatabase(path))
    await storage.write({"counter": {"count": 0}})
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_increment, args=(str(path), barrier, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    wins = sum(won for won, _ in outcomes)
    assert wins == ROUNDS  # each round exactly one process wins
    assert sum(lost for _, lost in outcomes) == ROUNDS
    assert (await storage.read(["counter"]))["counter"]["count"] == ROUNDS


async def test_the_schema_is_created_once_per_database_object(tmp_path: Path, monkeypatch) -> None:
    database = SqliteDatabase(tmp_path / "once.sqlite3")
    runs: list[str] = []
    original = database._in_thread

    def counting(fn):
        runs.append("call")
        return original(fn)

    monkeypatch.setattr(database, "_in_thread", counting)
    storage = SqliteStorage(database)
    await storage.write({"k": {"v": 1}})
    await storage.read(["k"])
    await storage.delete(["k"])
    assert len(runs) == 4  # one schema script, then the three calls themselves
    database.close()
