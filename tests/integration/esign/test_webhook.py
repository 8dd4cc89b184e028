"""The DocuSign Connect webhook over HTTP: a valid HMAC is accepted once, a replay changes nothing,
a bad or missing HMAC is refused with 401."""

from __future__ import annotations

import json

from dialogs.deps import Deps
from services.domain.status import OrderStatus
from services.submission import Submission, SubmissionConfig
from tests.integration.esign.app import signing_app
from tests.integration.esign.conftest import RecordingChat
from tests.integration.esign.orders import Outbox, submitted
from tests.unit.esign.connect_messages import KEY_1, KEY_2, connect_body, sign

URL = "/api/esign/docusign"


def confirmations(outbox: Outbox) -> int:
    return len([message for message in outbox.messages() if "Order signed" in message["Subject"]])


async def status(deps: Deps, tenant: str, order_id: str) -> OrderStatus:
    return (await deps.journey.load(tenant, order_id)).status


async def test_a_signed_completed_event_processes_the_order_once(
        aiohttp_client, deps: Deps, submission: Submission, outbox: Outbox, chat: RecordingChat) -> None:
    tenant, order_id, _ = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    body = connect_body(order_id=order_id, tenant_id=tenant, signer="Grace Hopper")

    headers = {**sign(body, KEY_1), "Content-Type": "application/json"}
    response = await client.post(URL, data=body, headers=headers)
    assert response.status == 200 and await response.json() == {"outcome": "signed"}
    order = await deps.journey.load(tenant, order_id)
    assert order.status is OrderStatus.PROCESSING and str(order.due_date) == "2026-12-14"
    assert order.signed_at is not None and order.signed_at.isoformat().startswith("2026-12-07T10:15:30")
    assert confirmations(outbox) == 1 and len(chat.texts(order_id)) == 2

    for replay in (body, connect_body(order_id=order_id, tenant_id=tenant, retry=2)):
        again = await client.post(URL, data=replay, headers=sign(replay, KEY_1))
        assert again.status == 200 and await again.json() == {"outcome": "replay"}
    assert confirmations(outbox) == 1 and len(chat.texts(order_id)) == 2
    assert (await deps.journey.load(tenant, order_id)).model_dump() == order.model_dump()


async def test_bad_or_missing_signatures_are_refused(aiohttp_client, deps: Deps, submission: Submission,
                                                     outbox: Outbox) -> None:
    tenant, order_id, _ = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    body = connect_body(order_id=order_id, tenant_id=tenant)
    tampered = body.replace(b"Grace Hopper", b"Mallory")
    for data, headers in ((body, {}), (body, sign(body, "a-guessed-key")), (tampered, sign(body, KEY_1)),
                          (body, {"X-DocuSign-Signature-1": "not base64 at all"})):
        response = await client.post(URL, data=data, headers=headers)
        assert response.status == 401 and await response.json() == {"error": "unauthorized"}
    assert await status(deps, tenant, order_id) is OrderStatus.AWAITING_SIGNATURE
    assert confirmations(outbox) == 0


async def test_a_second_connect_key_is_accepted_while_keys_rotate(aiohttp_client, deps: Deps,
                                                                  submission: Submission) -> None:
    tenant, order_id, _ = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    body = connect_body(order_id=order_id, tenant_id=tenant)
    headers = {"X-DocuSign-Signature-1": sign(body, "retired")["X-DocuSign-Signature-1"],
               "X-DocuSign-Signature-2": sign(body, KEY_2)["X-DocuSign-Signature-1"]}
    response = await client.post(URL, data=body, headers=headers)
    assert response.status == 200 and await status(deps, tenant, order_id) is OrderStatus.PROCESSING


async def test_without_a_configured_key_everything_is_refused(aiohttp_client, deps: Deps,
                                                              submission: Submission) -> None:
    tenant, order_id, _ = await submitted(deps, submission)
    config = submission.config
    unkeyed = Submission(journey=submission.journey, contracts=submission.contracts, esign=submission.esign,
                         mailer=submission.mailer, sales=submission.sales, chat=submission.chat,
                         database=submission.database,
                         config=SubmissionConfig(operator_name=config.operator_name,
                                                 public_url=config.public_url, terms=config.terms))
    client = await aiohttp_client(signing_app(unkeyed))
    body = connect_body(order_id=order_id, tenant_id=tenant)
    response = await client.post(URL, data=body, headers=sign(body, KEY_1))
    assert response.status == 401
    assert await status(deps, tenant, order_id) is OrderStatus.AWAITING_SIGNATURE


async def test_other_events_are_acknowledged_and_change_nothing(aiohttp_client, deps: Deps,
                                                                submission: Submission) -> None:
    tenant, order_id, _ = await submitted(deps, submission)
    client = await aiohttp_client(signing_app(submission))
    for state in ("sent", "delivered", "declined"):
        body = connect_body(order_id=order_id, tenant_id=tenant, status=state)
        response = await client.post(URL, data=body, headers=sign(body, KEY_1))
        assert response.status == 200 and await response.json() == {"outcome": "ignored"}
    assert await status(deps, tenant, order_id) is OrderStatus.AWAITING_SIGNATURE


async def test_a_signed_message_that_is_not_an_event_is_a_bad_request(aiohttp_client,
                                                                      submission: Submission) -> None:
    client = await aiohttp_client(signing_app(submission))
    body = json.dumps({"hello": "world"}).encode()
    response = await client.post(URL, data=body, headers=sign(body, KEY_1))
    assert response.status == 400 and (await response.json())["error"] == "invalid_event"


async def test_a_completed_envelope_of_an_unknown_order_is_acknowledged(aiohttp_client, deps: Deps,
                                                                       submission: Submission) -> None:
    client = await aiohttp_client(signing_app(submission))
    body = connect_body(order_id="e" * 32)
    response = await client.post(URL, data=body, headers=sign(body, KEY_1))
    assert response.status == 200  # logged; retrying would not help
