"""Settings are validated at start; production without an app id refuses to start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.sales_channel_settings import SalesChannelSettings
from bot.settings import BlobBackend, EsignBackend, MailBackend, Settings, StoreBackend

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_are_the_embedded_backends(monkeypatch) -> None:
    for name in ("STORE", "BLOBS", "MAIL", "ESIGN", "MicrosoftAppId", "PORT", "HOST"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert (settings.store, settings.blobs, settings.mail, settings.esign) == (
        StoreBackend.SQLITE, BlobBackend.LOCAL, MailBackend.OUTBOX, EsignBackend.LOCAL)
    assert (settings.host, settings.port, str(settings.data_dir)) == ("127.0.0.1", 3978, "var")


def test_bot_framework_names_are_read_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("MicrosoftAppId", "app-123")
    monkeypatch.setenv("MicrosoftAppPassword", "pw")
    monkeypatch.setenv("MicrosoftAppType", "SingleTenant")
    monkeypatch.setenv("MicrosoftAppTenantId", "tenant-9")
    config = Settings(_env_file=None).bot_framework_config()
    assert (config.APP_ID, config.APP_PASSWORD, config.APP_TYPE, config.APP_TENANTID) == (
        "app-123", "pw", "SingleTenant", "tenant-9")


@pytest.mark.parametrize("field, value", [("store", "mongodb"), ("port", "0"), ("port", "http"),
                                          ("environment", "staging"), ("MicrosoftAppType", "Anyone")])
def test_unknown_values_are_refused(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, **{field: value})


def test_production_without_an_app_id_is_refused() -> None:
    with pytest.raises(ValidationError, match="MicrosoftAppId"):
        Settings(_env_file=None, environment="production")
    assert Settings(_env_file=None, environment="production", MicrosoftAppId="x").app_id == "x"


def test_single_tenant_needs_its_tenant() -> None:
    with pytest.raises(ValidationError, match="MicrosoftAppTenantId"):
        Settings(_env_file=None, MicrosoftAppId="x", MicrosoftAppType="SingleTenant")


def test_the_app_refuses_to_start_in_production_without_an_app_id(tmp_path: Path) -> None:
    env = {**os.environ, "ENVIRONMENT": "production", "DATA_DIR": str(tmp_path), "PORT": "1"}
    env.pop("MicrosoftAppId", None)
    done = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "cannot start" in done.stderr and "MicrosoftAppId" in done.stderr
    assert "Traceback" not in done.stderr


def _setting_names() -> set[str]:
    names = set()
    fields = {**Settings.model_fields, **SalesChannelSettings.model_fields}
    for name, field in fields.items():
        alias = field.validation_alias
        names.add(alias.choices[0] if alias is not None else name.upper())
    return names


def test_every_setting_is_explained_in_env_example_and_the_readme() -> None:
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in _setting_names():
        assert f"\n{name}=" in example, f"{name} is missing from .env.example"
        assert f"`{name}`" in readme, f"{name} is missing from the README's settings table"


@pytest.mark.parametrize("overrides, complaint", [
    ({"store": "cosmos"}, "COSMOS_ENDPOINT"),
    ({"store": "cosmos", "cosmos_endpoint": "https://x.documents.azure.com"}, "COSMOS_KEY"),
    ({"blobs": "azure"}, "AZURE_STORAGE_CONNECTION_STRING"),
    ({"environment": "production", "MicrosoftAppId": "x", "cosmos_verify_tls": False}, "COSMOS_VERIFY_TLS"),
])
def test_azure_backends_need_their_settings(overrides: dict, complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        Settings(_env_file=None, **overrides)
