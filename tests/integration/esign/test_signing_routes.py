"""The signing page over HTTP: security headers, the form's nonce, statuses for every kind of problem,
the contract and preview downloads."""

from __future__ import annotations

import logging
import re

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestClient

from bot.signing import SECURITY_HEADERS, RedactingAccessLogger
from dialogs.deps import Deps
from services.domain.errors import StoreUnavailable
from services.domain.status import OrderStatus
from services.submission import Submission
from tests.integration.esign.app import signing_app
from tests.integration.esign.orders import complete_order, submitted


def nonce_in(page: str) -> str:
    found = re.search(r'name="nonce" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


async def open_form(client: TestClient, token: str) -> str:
    response = await client.get(f"/sign/{token}")
    assert response.status == 200
    return nonce_in(await response.text())


def assert_secure(response) -> None:
    for header, value in SECURITY_HEADERS.items():
        assert response.headers[header] == value
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


async def test_the_page_shows_the_order_and_a_form_with_strict_headers(aiohttp_client, deps: Deps,
                                                                      submission: Submission) -> None:
    _, order_id, token = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    response = await client.get(f"/sign/{token}")
    page = await response.text()
    assert response.status == 200 and response.content_type == "text/html"
    assert_secure(response)
    for shown in ("Contoso Ltd", "Grace Hopper", "Germany, France", order_id, "Installation fees",
                  "Monthly fees", f"/sign/{token}/contract.pdf", "I am authorised to sign for Contoso Ltd"):
        assert shown in page
    assert "<script" not in page and 'style="' not in page
    cookie = response.cookies["sign_nonce"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == f"/sign/{token}"
    css = await client.get("/sign-assets/signing.css")
    assert css.status == 200 and css.content_type == "text/css"


async def test_signing_through_the_form(aiohttp_client, deps: Deps, submission: Submission) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    nonce = await open_form(client, token)
    response = await client.post(f"/sign/{token}", data={"name": "grace hopper", "consent": "yes",
                                                          "nonce": nonce})
    page = await response.text()
    assert response.status == 200 and "the contract is signed" in page
    assert "Due date: Monday 14 December 2026" in page
    assert_secure(response)
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.PROCESSING

    again = await client.post(f"/sign/{token}", data={"name": "grace hopper", "consent": "yes",
                                                       "nonce": nonce})
    assert again.status == 410 and "already been signed" in await again.text()
    assert (await client.get(f"/sign/{token}")).status == 410
    assert (await client.get(f"/sign/{token}/contract.pdf")).status == 410


async def test_form_mistakes_show_the_form_again_with_what_to_fix(aiohttp_client, deps: Deps,
                                                                  submission: Submission) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    nonce = await open_form(client, token)
    response = await client.post(f"/sign/{token}", data={"name": "Ada <b>Lovelace</b>", "nonce": nonce})
    page = await response.text()
    assert response.status == 400
    assert 'id="name-error"' in page and 'id="consent-error"' in page
    assert 'value="Ada &lt;b&gt;Lovelace&lt;/b&gt;"' in page and "<b>Lovelace" not in page
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.AWAITING_SIGNATURE


async def test_a_post_without_the_page_nonce_signs_nothing(aiohttp_client, deps: Deps,
                                                          submission: Submission) -> None:
    tenant, order_id, token = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    form = {"name": "Grace Hopper", "consent": "yes"}
    assert (await client.post(f"/sign/{token}", data=form)).status == 400  # no nonce, no cookie
    nonce = await open_form(client, token)
    forged = nonce.split(".")[0] + ".AAAA"
    assert (await client.post(f"/sign/{token}", data={**form, "nonce": forged})).status == 400
    client.session.cookie_jar.clear()  # another browser: the nonce's seed is not its cookie
    response = await client.post(f"/sign/{token}", data={**form, "nonce": nonce})
    assert response.status == 400 and 'id="form-error"' in await response.text()
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.AWAITING_SIGNATURE


async def test_unknown_and_garbled_tokens_are_not_found(aiohttp_client, deps: Deps,
                                                       submission: Submission) -> None:
    await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    for token in ("A" * 43, "garbled", "%3Cscript%3E"):
        for response in (await client.get(f"/sign/{token}"), await client.get(f"/sign/{token}/contract.pdf"),
                         await client.post(f"/sign/{token}", data={"name": "x"})):
            page = await response.text()
            assert response.status == 404 and "not valid" in page and "Traceback" not in page
            assert_secure(response)


async def test_the_contract_to_sign_is_served_inline(aiohttp_client, deps: Deps,
                                                    submission: Submission) -> None:
    _, order_id, token = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    response = await client.get(f"/sign/{token}/contract.pdf")
    assert response.status == 200 and response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"] == f'inline; filename="contract-{order_id[:8]}.pdf"'
    assert (await response.read()).startswith(b"%PDF-")
    assert_secure(response)


async def test_the_preview_downloads_as_an_attachment(aiohttp_client, deps: Deps,
                                                     submission: Submission) -> None:
    order = await complete_order(deps)
    link = await submission.preview(order.tenant_id, order.id)
    client = await aiohttp_client(signing_app(submission))
    response = await client.get(link.url.removeprefix(submission.config.base_url))
    assert response.status == 200 and response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert (await response.read()).startswith(b"%PDF-")
    missing = await client.get("/contracts/" + "B" * 43)
    assert missing.status == 404 and "Ask the bot for a new preview" in await missing.text()


async def test_with_docusign_there_is_no_signing_page(aiohttp_client, deps: Deps,
                                                     submission: Submission) -> None:
    _, _, token = await submitted(deps, submission)
    submission.signing.local = None  # ESIGN=docusign
    client = await aiohttp_client(signing_app(submission))
    assert (await client.get(f"/sign/{token}")).status == 404


async def test_a_store_outage_is_a_plain_page_not_a_traceback(aiohttp_client, deps: Deps,
                                                              submission: Submission) -> None:
    _, _, token = await submitted(deps, submission)

    async def down(*args, **kwargs):
        raise StoreUnavailable("The order store does not answer.")

    submission.journey.orders.get = down  # type: ignore[method-assign]
    client = await aiohttp_client(signing_app(submission))
    response = await client.get(f"/sign/{token}")
    page = await response.text()
    assert response.status == 500 and "Something went wrong" in page and "Nothing was signed" in page
    assert "Traceback" not in page and "does not answer" not in page
    assert_secure(response)


async def test_the_access_log_hides_the_tokens(aiohttp_server, deps: Deps, submission: Submission,
                                               caplog: pytest.LogCaptureFixture) -> None:
    _, _, token = await submitted(deps, submission)
    server = await aiohttp_server(signing_app(submission), access_log_class=RedactingAccessLogger,
                                  access_log=logging.getLogger("aiohttp.access"))
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    async with ClientSession() as session, session.get(server.make_url(f"/sign/{token}")) as response:
        assert response.status == 200
    logged = [record.getMessage() for record in caplog.records if record.name == "aiohttp.access"]
    assert logged and "GET /sign/<token> 200" in logged[-1]
    assert token not in caplog.text
