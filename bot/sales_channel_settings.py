"""Settings of the sales channel and the number upload (environment names in capitals):

- OPERATOR_TENANT_ID: the operator's own Microsoft Entra tenant. Only its members may register the
  sales channel, pick up, message customers, close cases and run operations. Empty: nobody may.
- UPLOAD=recording (default: requests are recorded in the SQLite file) or operator_connect, which needs
  UPLOAD_CLIENT_ID, UPLOAD_CLIENT_SECRET, UPLOAD_TENANT_ID (where the app registration lives),
  UPLOAD_SCOPE (e.g. "api://<operator connect api>/.default") and UPLOAD_ENDPOINT (may contain
  {tenant_id} and {order_id}); UPLOAD_AUTHORITY_HOST and UPLOAD_TIMEOUT are optional.

`from_settings` takes each value from the app's `Settings` when it carries that field, otherwise from
the environment (and `.env`), so the same names work before and after they move into bot/settings.py.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.upload.msal_graph import UploadConfig


class UploadBackend(StrEnum):
    RECORDING = "recording"
    OPERATOR_CONNECT = "operator_connect"


class SalesChannelSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    operator_tenant_id: str = ""
    upload: UploadBackend = UploadBackend.RECORDING
    upload_client_id: str = ""
    upload_client_secret: str = ""
    upload_tenant_id: str = ""
    upload_scope: str = ""
    upload_endpoint: str = ""
    upload_authority_host: str = "https://login.microsoftonline.com"
    upload_timeout: float = Field(default=30, gt=0)

    @model_validator(mode="after")
    def _upload_needs_credentials(self) -> Self:
        if self.upload is UploadBackend.OPERATOR_CONNECT:
            needed = ("upload_client_id", "upload_client_secret", "upload_tenant_id", "upload_scope",
                      "upload_endpoint")
            missing = [name.upper() for name in needed if not getattr(self, name)]
            if missing:
                raise ValueError(f"UPLOAD=operator_connect needs {', '.join(missing)}.")
            if not self.upload_endpoint.startswith("https://"):
                raise ValueError("UPLOAD_ENDPOINT must be an https:// URL.")
        return self

    @classmethod
    def from_settings(cls, settings: Any) -> SalesChannelSettings:
        known = {name: getattr(settings, name) for name in cls.model_fields if hasattr(settings, name)}
        return cls(**known)

    def upload_config(self) -> UploadConfig:
        return UploadConfig(client_id=self.upload_client_id, client_secret=self.upload_client_secret,
                            tenant=self.upload_tenant_id, scope=self.upload_scope,
                            endpoint=self.upload_endpoint,
                            authority_host=self.upload_authority_host, timeout_s=self.upload_timeout)
