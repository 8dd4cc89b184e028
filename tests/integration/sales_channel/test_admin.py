"""`python -m bot.admin`: the same operations from the server's command line, on the bot's own data,
with the customer told through the outbox the running bot drains."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import admin
from bot.components import build_components
from bot.settings import Settings
from services.notifications.events import EventKind
from services.notifications.sqlite import SqliteEventOutbox
from services.operations import Operations
from services.storage.sqlite import SqliteDatabase
from services.upload.port import UploadFailed, UploadRequest, UploadResult
from tests.clock import FakeClock
from tests.conftest import make_settings
from tests.integration.sales_channel.orders import signed_order
from tests.servers import ROOT


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return tmp_path


def _signed_order_id(settings: Settings) -> str:
    async def prepare() -> str:
        components = build_components(settings)
        try:
            return (await signed_order(components.services.deps)).id
        finally:
            await components.close()

    return asyncio.run(prepare())


def _event_kinds(settings: Settings) -> list[EventKind]:
    async def read() -> list[EventKind]:
        database = SqliteDatabase(settings.database_path)
        try:
            return [entry.event.kind for entry in await SqliteEventOutbox(database).entries()]
        finally:
            database.close()

    return asyncio.run(read())


def test_confirm_upload_complete_from_the_command_line(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    settings = make_settings(data_dir)
    ref = _signed_order_id(settings)[:8].upper()
    assert admin.main(["list", "--status", "signed"]) == 0
    assert ref in capsys.readouterr().out
    for command, said in (("confirm", "numbers confirmed; the order is processing."),
                          ("upload", "8 numbers uploaded"), ("complete", "is completed.")):
        assert admin.main([command, ref.lower()]) == 0
        assert said in capsys.readouterr().out
    assert admin.main(["complete", ref]) == 0
    assert capsys.readouterr().out.startswith("Nothing to do:")
    assert _event_kinds(settings) == [EventKind.PROCESSING, EventKind.NUMBERS_UPLOADED, EventKind.COMPLETED]


def test_a_refusal_is_exit_code_1_with_the_reason(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert admin.main(["upload", "abcdef12"]) == 1
    assert "No submitted order has an id starting with abcdef12" in capsys.readouterr().err
    assert admin.main(["list", "--status", "shipped"]) == 1


class _Unavailable:
    async def upload(self, request: UploadRequest) -> UploadResult:
        raise UploadFailed("The number upload service did not answer.", retryable=True)


async def test_an_upload_that_may_work_later_is_exit_code_75(tmp_path: Path) -> None:
    clock = FakeClock()
    components = build_components(make_settings(tmp_path), clock=clock)
    try:
        order = await signed_order(components.services.deps)
        services = components.services
        operations = Operations(services.orders, services.inventory, _Unavailable(),
                                SqliteEventOutbox(components.database), clock)
        await operations.confirm(order.id)
        args = argparse.Namespace(command="upload", order=order.id)
        assert await admin.guarded(args, operations) == admin.TRY_LATER
    finally:
        await components.close()


def test_the_module_runs_as_a_program(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot.admin", "list", "--status", "processing"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Orders processing: 0 orders"
    usage = subprocess.run([sys.executable, "-m", "bot.admin", "ship", "x"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120, check=False)
    assert usage.returncode == 2
