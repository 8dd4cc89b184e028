"""Fixtures shared by the integration tests: the local Azure stand-ins, started once per session, and a
fake Bot Connector per test."""

import pytest

from tests.fake_connector import FakeConnector
from tests.integration.emulators import azurite, azurite_oauth, cosmos_emulator, emulator_logs

__all__ = ["azurite", "azurite_oauth", "connector", "cosmos_emulator", "emulator_logs"]


@pytest.fixture
async def connector(aiohttp_server) -> FakeConnector:
    """A real local server standing in for the Bot Connector; point activities' serviceUrl at its url."""
    fake = FakeConnector()
    server = await aiohttp_server(fake.app())
    fake.url = str(server.make_url("/"))
    return fake
