"""The production number upload against local servers: msal gets an app-only token from a fake Entra
authority (HTTPS with a self-signed certificate the test trusts), then the numbers are POSTed to a fake
upload API. Every failure is a domain error that says whether trying again may help."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.upload.msal_graph import OperatorConnectUpload, UploadConfig
from services.upload.port import CivicAddress, UploadFailed, UploadNumber, UploadRequest
from tests.clock import FakeClock
from tests.integration.mail.smtpd import self_signed
from tests.integration.upload.fakes import FakeAuthority, FakeUploadApi
from tests.servers import free_port

SCOPE = "api://operator-connect/.default"
BERLIN = CivicAddress(country="DE", street="Friedrichstraße", house_number="43", postal_code="10117",
                      city="Berlin")
REQUEST = UploadRequest(request_id="order-1-abc", tenant_id="cust-tenant", order_id="order-1", numbers=[
    UploadNumber(number="+4930901820", usage="CallingUserAssignment", country="DE", civic_address=BERLIN,
                 location="Berlin HQ"),
    UploadNumber(number="+4930901821", usage="FirstPartyAppAssignment", country="DE"),
])


@pytest.fixture
async def authority(aiohttp_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeAuthority:
    certificate = self_signed(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate.cert))  # msal's `requests` trusts it
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeAuthority()
    server = await aiohttp_server(fake.app(), ssl=certificate.server_context())
    fake.base = f"https://127.0.0.1:{server.port}"
    return fake


@pytest.fixture
async def api(aiohttp_server) -> tuple[FakeUploadApi, str]:
    fake = FakeUploadApi()
    server = await aiohttp_server(fake.app())
    return fake, f"http://127.0.0.1:{server.port}/tenants/{{tenant_id}}/numbers"


def _upload(authority_host: str, endpoint: str) -> OperatorConnectUpload:
    config = UploadConfig(client_id="app-1", client_secret="s3cret", tenant="operator-tenant", scope=SCOPE,
                          endpoint=endpoint, authority_host=authority_host, timeout_s=5,
                          validate_authority=False)
    return OperatorConnectUpload(config, FakeClock())


async def test_a_token_from_entra_then_the_numbers_with_usage_and_address(authority, api) -> None:
    fake_api, endpoint = api
    upload = _upload(authority.base, endpoint)
    result = await upload.upload(REQUEST)
    assert (result.accepted, result.reference, result.request_id) == (2, "upload-77", "order-1-abc")

    [token_request] = authority.token_requests
    assert token_request["grant_type"] == "client_credentials"
    assert (token_request["client_id"], token_request["client_secret"]) == ("app-1", "s3cret")
    assert SCOPE in token_request["scope"]
    [sent] = fake_api.received
    assert sent["tenant"] == "cust-tenant"
    assert sent["headers"]["Authorization"] == "Bearer token-1"
    assert sent["headers"]["x-ms-client-request-id"] == "order-1-abc"
    user, app_number = sent["body"]["numbers"]
    assert user == {"telephoneNumber": "+4930901820", "usage": "CallingUserAssignment", "country": "DE",
                    "civicAddress": {"country": "DE", "street": "Friedrichstraße", "houseNumber": "43",
                                     "extra": "", "postalCode": "10117", "city": "Berlin", "region": ""},
                    "location": {"name": "Berlin HQ"}}
    assert app_number == {"telephoneNumber": "+4930901821", "usage": "FirstPartyAppAssignment",
                          "country": "DE"}

    await upload.upload(REQUEST)
    assert len(authority.token_requests) == 1  # msal keeps the token until it nearly expires


@pytest.mark.parametrize("status, body, retryable, code, words", [
    (400, {"error": {"message": "+4930901820 is not in your ranges"}}, False, "upload_rejected",
     "+4930901820 is not in your ranges"),
    (403, {}, False, "upload_forbidden", "consented to the operator"),
    (429, {}, True, "upload_failed", "busy or unavailable (429)"),
    (503, {}, True, "upload_failed", "busy or unavailable (503)"),
])
async def test_refusals_and_outages_become_upload_failed(authority, api, status, body, retryable, code,
                                                         words) -> None:
    fake_api, endpoint = api
    fake_api.answer = (status, body)
    with pytest.raises(UploadFailed) as failed:
        await _upload(authority.base, endpoint).upload(REQUEST)
    assert (failed.value.retryable, failed.value.code) == (retryable, code)
    assert words in failed.value.message


async def test_refused_credentials_are_not_retried_and_nothing_is_posted(authority, api) -> None:
    authority.refuse = True
    fake_api, endpoint = api
    with pytest.raises(UploadFailed) as failed:
        await _upload(authority.base, endpoint).upload(REQUEST)
    assert (failed.value.retryable, failed.value.code) == (False, "upload_credentials")
    assert "invalid_client" in failed.value.message
    assert fake_api.received == []


async def test_an_unreachable_authority_or_api_may_work_later(authority, api) -> None:
    fake_api, endpoint = api
    with pytest.raises(UploadFailed) as no_authority:
        await _upload(f"https://127.0.0.1:{free_port()}", endpoint).upload(REQUEST)
    assert no_authority.value.retryable
    with pytest.raises(UploadFailed) as no_api:
        await _upload(authority.base, f"http://127.0.0.1:{free_port()}/tenants/{{tenant_id}}/numbers"
                      ).upload(REQUEST)
    assert no_api.value.retryable
    assert fake_api.received == []
