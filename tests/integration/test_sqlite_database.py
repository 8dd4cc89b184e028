"""The shared SQLite file (services/storage/sqlite.py): schemas created by several connections at once."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from services.storage.sqlite import SqliteDatabase


async def test_instances_opening_a_new_file_and_creating_tables_at_once_all_succeed(tmp_path: Path) -> None:
    for run in range(10):
        path = tmp_path / f"run-{run}.sqlite3"
        databases = [SqliteDatabase(path) for _ in range(4)]
        try:
            await asyncio.gather(*(database.create_schema(
                f"CREATE TABLE IF NOT EXISTS t{n % 2}_{index} (id TEXT PRIMARY KEY);"
                f"CREATE INDEX IF NOT EXISTS i{n % 2}_{index} ON t{n % 2}_{index} (id);")
                for index, database in enumerate(databases) for n in range(3)))
            tables = await databases[0].read(lambda conn: conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])
            assert tables == 8
        finally:
            for database in databases:
                database.close()


async def test_a_failing_schema_script_leaves_nothing_behind(tmp_path: Path) -> None:
    database = SqliteDatabase(tmp_path / "bot.sqlite3")
    try:
        with pytest.raises(sqlite3.OperationalError):
            await database.create_schema("CREATE TABLE a (id TEXT); CREATE TABLE oops (;")
        names = await database.read(lambda conn: [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master").fetchall()])
        assert names == []
        await database.create_schema("CREATE TABLE IF NOT EXISTS a (id TEXT);")
        await database.write(lambda conn: conn.execute("INSERT INTO a VALUES ('x')"))
    finally:
        database.close()


async def test_a_schema_script_may_end_with_or_without_a_semicolon(tmp_path: Path) -> None:
    database = SqliteDatabase(tmp_path / "bot.sqlite3")
    try:
        await database.create_schema("CREATE TABLE IF NOT EXISTS a (id TEXT)\n")
        await database.create_schema("CREATE TABLE IF NOT EXISTS b (id TEXT);\n")
        names = await database.read(lambda conn: sorted(row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()))
        assert names == ["a", "b"]
    finally:
        database.close()
