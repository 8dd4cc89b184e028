"""The sales channel's settings: the upload adapter needs its credentials; values come from the app's
Settings when it has them, else from the environment."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from bot.sales_channel_settings import SalesChannelSettings, UploadBackend

FULL = {"upload": "operator_connect", "upload_client_id": "app", "upload_client_secret": "secret",
        "upload_tenant_id": "op", "upload_scope": "api://oc/.default",
        "upload_endpoint": "https://api.example/tenants/{tenant_id}/numbers"}


def test_the_default_records_uploads_and_nobody_is_staff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPERATOR_TENANT_ID", raising=False)
    settings = SalesChannelSettings(_env_file=None)
    assert (settings.upload, settings.operator_tenant_id) == (UploadBackend.RECORDING, "")


def test_the_operator_connect_upload_needs_every_credential() -> None:
    config = SalesChannelSettings(_env_file=None, **FULL).upload_config()
    assert (config.client_id, config.tenant, config.validate_authority) == ("app", "op", True)
    with pytest.raises(ValidationError, match="UPLOAD_CLIENT_SECRET, UPLOAD_SCOPE"):
        SalesChannelSettings(_env_file=None, **{**FULL, "upload_client_secret": "", "upload_scope": ""})
    with pytest.raises(ValidationError, match="https"):
        SalesChannelSettings(_env_file=None, **{**FULL, "upload_endpoint": "http://api.example/x"})


def test_the_apps_settings_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPERATOR_TENANT_ID", "from-env")
    assert SalesChannelSettings.from_settings(SimpleNamespace()).operator_tenant_id == "from-env"
    app = SimpleNamespace(operator_tenant_id="from-settings")
    assert SalesChannelSettings.from_settings(app).operator_tenant_id == "from-settings"
