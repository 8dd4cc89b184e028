"""DocuSign as the e-signature port: JWT grant, one envelope per signing request, status "sent".

DocuSign emails the signing link to the signatory itself, so `signing_url` is None. The SDK is blocking
(urllib3): every call runs in a worker thread. The access token is kept until shortly before it expires.
The webhook for the envelope's events is `services.esign.webhook`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from docusign_esign import ApiClient, EnvelopesApi
from docusign_esign.client.api_exception import ApiException
from urllib3.exceptions import HTTPError

from services.domain.errors import DomainError
from services.esign.envelope import EnvelopeOptions, build_envelope
from services.esign.port import SigningRequest, SigningSent

log = logging.getLogger(__name__)

TOKEN_LIFETIME_S = 3600
TOKEN_MARGIN_S = 300
SCOPES = ("signature", "impersonation")


@dataclass(frozen=True)
class DocusignConfig:
    integration_key: str
    user_id: str
    account_id: str
    private_key: bytes = field(repr=False)
    base_path: str = "https://demo.docusign.net/restapi"
    oauth_host: str = "account-d.docusign.com"
    envelope: EnvelopeOptions = field(default_factory=EnvelopeOptions)

    def __post_init__(self) -> None:
        missing = [name for name in ("integration_key", "user_id", "account_id", "private_key")
                   if not getattr(self, name)]
        if missing:
            raise ValueError(f"DocuSign needs {', '.join(missing)}.")


class ContractReader(Protocol):
    async def get(self, name: str) -> bytes:
        """The stored PDF (services.contracts.ContractStore)."""
        ...


def unavailable() -> DomainError:
    return DomainError("The contract could not be sent to DocuSign just now. Try again in a few minutes.",
                       code="esign_unavailable")


class DocusignEsign:
    """`Esign` through DocuSign's eSignature REST API (docusign-esign SDK)."""

    def __init__(self, config: DocusignConfig, contracts: ContractReader) -> None:
        self._config = config
        self._contracts = contracts
        self._lock = threading.Lock()
        self._token: tuple[str, float] | None = None  # (Authorization header, monotonic expiry)

    async def send(self, request: SigningRequest) -> SigningSent:
        pdf = await self._contracts.get(request.document)
        envelope = build_envelope(request, pdf, self._config.envelope)
        try:
            envelope_id = await asyncio.to_thread(self._create, envelope)
        except (ApiException, HTTPError, OSError) as error:
            log.error("DocuSign refused the envelope for order %s: %s", request.order_id, error)
            raise unavailable() from error
        log.info("DocuSign envelope %s sent for order %s", envelope_id, request.order_id)
        return SigningSent(envelope_id=envelope_id, signing_url=None)

    def _create(self, envelope: object) -> str:
        client = self._client()
        summary = EnvelopesApi(client).create_envelope(self._config.account_id, envelope_definition=envelope)
        return str(summary.envelope_id)

    def _client(self) -> ApiClient:
        """An API client carrying a valid access token (JWT grant), renewed before it runs out."""
        client = ApiClient(base_path=self._config.base_path, oauth_host_name=self._config.oauth_host)
        with self._lock:
            if self._token is None or self._token[1] <= time.monotonic():
                self._token = self._grant(client)
        client.set_default_header("Authorization", self._token[0])
        return client

    def _grant(self, client: ApiClient) -> tuple[str, float]:
        token = client.request_jwt_user_token(
            client_id=self._config.integration_key, user_id=self._config.user_id,
            oauth_host_name=self._config.oauth_host, private_key_bytes=self._config.private_key,
            expires_in=TOKEN_LIFETIME_S, scopes=SCOPES)
        lifetime = int(token.expires_in or TOKEN_LIFETIME_S)
        return f"Bearer {token.access_token}", time.monotonic() + max(lifetime - TOKEN_MARGIN_S, 60)
