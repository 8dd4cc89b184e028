"""The production number upload: an app-only token from Microsoft Entra ID (msal, client credentials),
then the numbers POSTed as JSON to the Operator Connect upload endpoint.

msal is synchronous (it uses `requests`), so token calls run in a worker thread; msal keeps the token
in its in-memory cache until shortly before it expires. Every failure becomes `UploadFailed`, marked
retryable when trying again later may work (throttling, outages, timeouts).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from typing import Any

import aiohttp
import msal

from services.clock import Clock
from services.upload.port import UploadFailed, UploadNumber, UploadRequest, UploadResult

log = logging.getLogger(__name__)

RETRYABLE = {408, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class UploadConfig:
    client_id: str
    client_secret: str
    tenant: str
    """The operator's Entra ID tenant, where the app registration lives."""
    scope: str
    endpoint: str
    """May contain `{tenant_id}` and `{order_id}`, filled in per request."""
    authority_host: str = "https://login.microsoftonline.com"
    timeout_s: float = 30
    validate_authority: bool = True


class OperatorConnectUpload:
    def __init__(self, config: UploadConfig, clock: Clock) -> None:
        self._config, self._clock = config, clock
        self._app: msal.ConfidentialClientApplication | None = None
        self._app_lock = threading.Lock()

    async def upload(self, request: UploadRequest) -> UploadResult:
        token = await asyncio.to_thread(self._token)
        url = self._config.endpoint.format(tenant_id=request.tenant_id, order_id=request.order_id)
        headers = {"Authorization": f"Bearer {token}", "x-ms-client-request-id": request.request_id}
        try:
            timeout = aiohttp.ClientTimeout(total=self._config.timeout_s)
            async with aiohttp.ClientSession(timeout=timeout) as session, session.post(
                    url, json=request_body(request), headers=headers) as response:
                body = await _json(response)
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("number upload of order %s could not reach %s: %r", request.order_id, url, error)
            raise UploadFailed("The number upload service did not answer; try again in a few minutes.",
                               retryable=True) from error
        if status >= 300:
            raise _http_error(status, body, request.order_id)
        log.info("uploaded %d numbers of order %s to tenant %s", len(request.numbers), request.order_id,
                 request.tenant_id)
        accepted = int(body.get("accepted", len(request.numbers)))
        return UploadResult(request_id=request.request_id, accepted=accepted,
                            reference=str(body.get("id") or body.get("uploadId") or ""),
                            uploaded_at=self._clock.now())

    def _token(self) -> str:
        try:
            result = self._client().acquire_token_for_client(scopes=[self._config.scope])
        except Exception as error:  # msal raises ValueError and requests' errors on an unreachable authority
            log.warning("no token for the number upload: %r", error)
            raise UploadFailed("Microsoft sign-in for the number upload did not answer; try again later.",
                               retryable=True) from error
        if "access_token" not in result:
            log.error("the number upload's credentials were refused: %s %s", result.get("error"),
                      result.get("error_description"))
            raise UploadFailed("Microsoft refused the number upload's credentials (UPLOAD_CLIENT_ID and "
                               f"secret): {result.get('error', 'unknown error')}.", retryable=False,
                               code="upload_credentials")
        return str(result["access_token"])

    def _client(self) -> msal.ConfidentialClientApplication:
        """Created on first use (it reads the authority's metadata over the network), then reused."""
        with self._app_lock:
            if self._app is None:
                config = self._config
                self._app = msal.ConfidentialClientApplication(
                    config.client_id, client_credential=config.client_secret,
                    authority=f"{config.authority_host.rstrip('/')}/{config.tenant}",
                    validate_authority=config.validate_authority,
                    instance_discovery=config.validate_authority)
            return self._app


def request_body(request: UploadRequest) -> dict[str, Any]:
    return {"requestId": request.request_id, "tenantId": request.tenant_id, "orderId": request.order_id,
            "numbers": [_number(number) for number in request.numbers]}


def _number(number: UploadNumber) -> dict[str, Any]:
    item: dict[str, Any] = {"telephoneNumber": number.number, "usage": number.usage,
                            "country": number.country}
    if number.civic_address is not None:
        address = number.civic_address
        item["civicAddress"] = {"country": address.country, "street": address.street,
                                "houseNumber": address.house_number, "extra": address.extra,
                                "postalCode": address.postal_code, "city": address.city,
                                "region": address.region}
    if number.location:
        item["location"] = {"name": number.location}
    return item


async def _json(response: aiohttp.ClientResponse) -> dict[str, Any]:
    try:
        body = await response.json(content_type=None)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _http_error(status: int, body: dict[str, Any], order_id: str) -> UploadFailed:
    error = body.get("error")
    detail = error.get("message") if isinstance(error, dict) else body.get("message")
    log.warning("number upload of order %s answered %s: %s", order_id, status, detail or body)
    if status in RETRYABLE:
        return UploadFailed(f"The number upload service is busy or unavailable ({status}); try again later.",
                            retryable=True)
    if status in (401, 403):
        return UploadFailed(f"The number upload was not allowed ({status}): check the app's permissions "
                            "and that the customer consented to the operator.", retryable=False,
                            code="upload_forbidden")
    return UploadFailed(f"The number upload was refused ({status}): {detail or 'no reason given'}.",
                        retryable=False, code="upload_rejected")
