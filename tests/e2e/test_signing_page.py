"""The signing page in headless Chromium, served by a real aiohttp server around real services:
sign once and see the due date; a reused, expired, foreign or garbled link fails with a clear page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from playwright.async_api import Browser, Page, expect

from dialogs.deps import Deps
from services.domain.status import OrderStatus
from services.esign.tokens import new_token
from services.inventory import HoldStatus
from services.submission import Submission
from tests.clock import FakeClock
from tests.dialogs.conftest import clock, database, deps, services, storage  # noqa: F401  (fixtures)
from tests.e2e.conftest import SCREENSHOTS
from tests.integration.esign.app import signing_app
from tests.integration.esign.conftest import chat, contracts, esign, outbox, submission  # noqa: F401
from tests.integration.esign.orders import submitted

pytestmark = pytest.mark.e2e


@pytest.fixture
async def base_url(aiohttp_server, submission: Submission) -> str:  # noqa: F811
    server = await aiohttp_server(signing_app(submission))
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
async def tab(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1000, "height": 900}, locale="en-GB")
    yield await context.new_page()
    await context.close()


async def sign(page: Page, name: str = "Grace Hopper") -> None:
    await page.get_by_label("Your full name").fill(name)
    await page.get_by_role("checkbox").check()
    await page.get_by_role("button", name="Sign the contract").click()


async def test_signing_once_processes_the_order(tab: Page, base_url: str, deps: Deps,  # noqa: F811
                                                submission: Submission) -> None:  # noqa: F811
    tenant, order_id, token = await submitted(deps, submission)
    response = await tab.goto(f"{base_url}/sign/{token}")
    assert response and response.status == 200
    heading = tab.get_by_role("heading", name="Sign the Teams Phone contract for Contoso Ltd")
    await expect(heading).to_be_visible()
    await expect(tab.get_by_text("Germany, France")).to_be_visible()
    await expect(tab.get_by_role("link", name="Open the contract")).to_have_attribute(
        "href", f"/sign/{token}/contract.pdf")
    pdf = await tab.request.get(f"{base_url}/sign/{token}/contract.pdf")
    assert pdf.status == 200 and (await pdf.body()).startswith(b"%PDF-")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await tab.screenshot(path=str(SCREENSHOTS / "signing-page.png"), full_page=True)

    await sign(tab, "Ada Lovelace")  # not the signatory
    await expect(tab.locator("#name-error")).to_contain_text("exactly as it appears on the contract")
    await sign(tab, "  grace  hopper ")
    await expect(tab.get_by_role("heading", name="Thank you: the contract is signed")).to_be_visible()
    await expect(tab.get_by_text("Due date: Monday 14 December 2026")).to_be_visible()

    order = await deps.journey.load(tenant, order_id)
    assert order.status is OrderStatus.PROCESSING and str(order.due_date) == "2026-12-14"
    holds = await deps.journey.inventory.holds(tenant, order_id)
    assert {hold.status for hold in holds} == {HoldStatus.ALLOCATED}


async def test_a_used_link_cannot_sign_again(browser: Browser, tab: Page, base_url: str,
                                             deps: Deps, submission: Submission) -> None:  # noqa: F811
    tenant, order_id, token = await submitted(deps, submission)
    other = await (await browser.new_context()).new_page()  # the same link opened in a second browser
    await other.goto(f"{base_url}/sign/{token}")
    await tab.goto(f"{base_url}/sign/{token}")
    await sign(tab)
    await expect(tab.get_by_text("Due date:")).to_be_visible()

    await sign(other)
    await expect(other.get_by_role("heading", name="This signing link can no longer be used")).to_be_visible()
    await expect(other.get_by_text("already been signed")).to_be_visible()
    again = await tab.goto(f"{base_url}/sign/{token}")
    assert again and again.status == 410
    await other.context.close()
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.PROCESSING


async def test_an_expired_link_fails(tab: Page, base_url: str, deps: Deps, submission: Submission,  # noqa: F811
                                     clock: FakeClock) -> None:  # noqa: F811
    tenant, order_id, token = await submitted(deps, submission)
    await tab.goto(f"{base_url}/sign/{token}")
    clock.advance(timedelta(days=7))
    await sign(tab)
    await expect(tab.get_by_text("This signing link has expired")).to_be_visible()
    response = await tab.goto(f"{base_url}/sign/{token}")
    assert response and response.status == 410
    assert (await deps.journey.load(tenant, order_id)).status is OrderStatus.AWAITING_SIGNATURE


@pytest.mark.parametrize("token", [new_token(), "garbled-token", "..%2F..%2Fetc"])
async def test_a_foreign_or_garbled_link_fails(tab: Page, base_url: str, deps: Deps,  # noqa: F811
                                               submission: Submission, token: str) -> None:  # noqa: F811
    await submitted(deps, submission)
    response = await tab.goto(f"{base_url}/sign/{token}")
    assert response and response.status == 404
    await expect(tab.get_by_role("heading", name="This link is not valid")).to_be_visible()
    await expect(tab.get_by_role("button", name="Sign the contract")).to_have_count(0)
