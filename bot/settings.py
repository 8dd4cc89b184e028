"""Settings from the environment (and an optional `.env`), validated once at start.

The Bot Framework names (`MicrosoftAppId`, ...) are kept as they are so Azure App Service
configuration copied from any Bot Framework sample works unchanged.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

VERSION = "0.1.0"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class StoreBackend(StrEnum):
    SQLITE = "sqlite"
    COSMOS = "cosmos"


class BlobBackend(StrEnum):
    LOCAL = "local"
    AZURE = "azure"


class MailBackend(StrEnum):
    OUTBOX = "outbox"
    SMTP = "smtp"


class EsignBackend(StrEnum):
    LOCAL = "local"
    DOCUSIGN = "docusign"


class AppType(StrEnum):
    MULTI_TENANT = "MultiTenant"
    SINGLE_TENANT = "SingleTenant"
    USER_ASSIGNED_MSI = "UserAssignedMSI"


class Settings(BaseSettings):
    """Every setting the bot reads. `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True,
                                      case_sensitive=False)

    environment: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = Field(default=3978, ge=1, le=65535)
    public_url: str = "http://localhost:3978"
    data_dir: Path = Path("var")
    log_level: str = "INFO"

    app_id: str = Field(default="", validation_alias=AliasChoices("MicrosoftAppId", "app_id"))
    app_password: str = Field(default="", validation_alias=AliasChoices("MicrosoftAppPassword",
                                                                        "app_password"))
    app_type: AppType = Field(default=AppType.MULTI_TENANT,
                              validation_alias=AliasChoices("MicrosoftAppType", "app_type"))
    app_tenant_id: str = Field(default="", validation_alias=AliasChoices("MicrosoftAppTenantId",
                                                                         "app_tenant_id"))
    # Where the bot reads the Bot Connector's OpenID metadata (and from it the signing keys) to check
    # the token on every incoming activity. Empty = the SDK's public-cloud default
    # (https://login.botframework.com/v1/.well-known/openidconfiguration); tests point it at a local
    # key server. Never set it to anything but Microsoft's endpoint in production.
    bot_openid_metadata_url: str = ""

    operator_name: str = "Northwind Telecom"
    sales_email: str = "sales@northwind-telecom.example"
    mail_from: str = "orders@northwind-telecom.example"
    oauth_connection_name: str = ""
    notify_interval_s: float = Field(default=2.0, gt=0, le=60)
    catalogue_dir: Path | None = None
    accounts_file: Path | None = None

    store: StoreBackend = StoreBackend.SQLITE
    blobs: BlobBackend = BlobBackend.LOCAL
    mail: MailBackend = MailBackend.OUTBOX
    esign: EsignBackend = EsignBackend.LOCAL

    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_timeout: float = Field(default=30, gt=0)

    # Retention (services.privacy, run daily): drafts untouched and cancelled/expired orders older than
    # this many days are deleted with their holds and contract PDFs; sent or given-up mail after the other.
    draft_retention_days: int = Field(default=90, ge=1, le=3650)
    mail_retention_days: int = Field(default=14, ge=1, le=3650)

    signing_link_days: int = Field(default=7, ge=1, le=30)
    preview_link_minutes: int = Field(default=60, ge=1, le=10080)
    terms_file: Path | None = None
    docusign_integration_key: str = ""
    docusign_user_id: str = ""
    docusign_account_id: str = ""
    docusign_private_key: str = ""
    docusign_private_key_file: Path | None = None
    docusign_base_path: str = "https://demo.docusign.net/restapi"
    docusign_oauth_host: str = "account-d.docusign.com"
    docusign_anchor: str = "Signature:"
    docusign_connect_keys: str = ""

    cosmos_endpoint: str = ""
    cosmos_key: str = ""
    cosmos_database: str = "operator-connect"
    cosmos_verify_tls: bool = True
    cosmos_create_containers: bool = True
    azure_storage_connection_string: str = ""
    azure_storage_account_url: str = ""
    blob_container: str = "contracts"
    use_entra_id: bool = False

    @model_validator(mode="after")
    def _production_needs_identity(self) -> Self:
        if self.environment is Environment.PRODUCTION and not self.app_id:
            raise ValueError(
                "ENVIRONMENT=production needs MicrosoftAppId (and its password or managed identity): "
                "without them anyone could post activities to /api/messages."
            )
        if self.app_type is AppType.SINGLE_TENANT and self.app_id and not self.app_tenant_id:
            raise ValueError("MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId.")
        self._check_azure()
        self._check_mail()
        self._check_esign()
        return self

    def _check_esign(self) -> None:
        if self.esign is not EsignBackend.DOCUSIGN:
            return
        key = self.docusign_private_key or self.docusign_private_key_file
        needed = {"DOCUSIGN_INTEGRATION_KEY": self.docusign_integration_key,
                  "DOCUSIGN_USER_ID": self.docusign_user_id, "DOCUSIGN_ACCOUNT_ID": self.docusign_account_id,
                  "DOCUSIGN_PRIVATE_KEY (or _FILE)": key, "DOCUSIGN_CONNECT_KEYS": self.docusign_connect_keys}
        missing = [name for name, value in needed.items() if not value]
        if missing:
            raise ValueError(f"ESIGN=docusign needs {', '.join(missing)}.")

    def _check_mail(self) -> None:
        if self.mail is MailBackend.SMTP and not self.smtp_host:
            raise ValueError("MAIL=smtp needs SMTP_HOST.")
        if self.environment is Environment.PRODUCTION and self.smtp_username and not self.smtp_starttls:
            raise ValueError("SMTP_STARTTLS=false would send the SMTP password in clear text.")

    def _check_azure(self) -> None:
        if self.store is StoreBackend.COSMOS and not (
                self.cosmos_endpoint and (self.cosmos_key or self.use_entra_id)):
            raise ValueError("STORE=cosmos needs COSMOS_ENDPOINT and COSMOS_KEY (or USE_ENTRA_ID=true).")
        by_identity = self.azure_storage_account_url and self.use_entra_id
        if self.blobs is BlobBackend.AZURE and not (self.azure_storage_connection_string or by_identity):
            raise ValueError("BLOBS=azure needs AZURE_STORAGE_CONNECTION_STRING (or "
                             "AZURE_STORAGE_ACCOUNT_URL with USE_ENTRA_ID=true).")
        if self.environment is Environment.PRODUCTION and not self.cosmos_verify_tls:
            raise ValueError("COSMOS_VERIFY_TLS=false is only for the local test server, never production.")

    @property
    def database_path(self) -> Path:
        return self.data_dir / "bot.sqlite3"

    def bot_framework_config(self) -> object:
        """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads.

        With `BOT_OPENID_METADATA_URL` set, the SDK switches to its "parameterized" authentication,
        which needs every public-cloud value spelled out (an unset issuer would refuse every token).
        """
        values = {
            "APP_ID": self.app_id,
            "APP_PASSWORD": self.app_password,
            "APP_TYPE": self.app_type.value,
            "APP_TENANTID": self.app_tenant_id,
        }
        if self.bot_openid_metadata_url:
            values |= {
                "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": self.bot_openid_metadata_url,
                "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": "https://api.botframework.com",
                "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL":
                    "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                "TO_CHANNEL_FROM_BOT_LOGIN_URL": "https://login.microsoftonline.com/",
                "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": "https://api.botframework.com",
                "OAUTH_URL": "https://api.botframework.com",
                "CALLER_ID": "urn:botframework:azure",
            }
        return type("BotFrameworkConfig", (), values)()
