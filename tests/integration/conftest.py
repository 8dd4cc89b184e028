"""Fixtures shared by the integration tests: the local Azure stand-ins, started once per session."""

from tests.integration.emulators import azurite, azurite_oauth, cosmos_emulator, emulator_logs

__all__ = ["azurite", "azurite_oauth", "cosmos_emulator", "emulator_logs"]
