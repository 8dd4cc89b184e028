"""The DocuSign envelope built from a signing request (pure: no network)."""

from __future__ import annotations

import base64

import pytest
from docusign_esign import ApiClient

from services.esign.docusign import DocusignConfig
from services.esign.envelope import (
    CONNECT_EVENTS,
    MAX_SUBJECT,
    EnvelopeOptions,
    build_envelope,
)
from services.esign.port import SigningRequest

PDF = b"%PDF-1.7\n% a tiny stand-in contract\n%%EOF\n"
REQUEST = SigningRequest(order_id="c" * 32, tenant_id="11111111-1111-1111-1111-111111111111",
                         signatory_name="Grace Hopper", signatory_email="grace@contoso.com",
                         signatory_job_title="CEO", document="contracts/x/y/draft.pdf",
                         operator_name="Northwind Telecom", company="Contoso Ltd")


def as_json(options: EnvelopeOptions | None = None, request: SigningRequest = REQUEST) -> dict:
    """The envelope as the SDK would post it (camelCase JSON)."""
    envelope = build_envelope(request, PDF, options or EnvelopeOptions())
    return ApiClient().sanitize_for_serialization(envelope)


def test_the_envelope_is_sent_with_the_contract_as_its_one_document() -> None:
    envelope = as_json()
    assert envelope["status"] == "sent"
    [document] = envelope["documents"]
    assert base64.b64decode(document["documentBase64"]) == PDF
    assert document["fileExtension"] == "pdf" and document["documentId"] == "1"
    assert document["name"] == f"Northwind Telecom Teams Phone contract {'c' * 32}.pdf"


def test_one_signer_the_signatory_with_anchored_tabs() -> None:
    [signer] = as_json(EnvelopeOptions(anchor="Signature:", anchor_x_offset=70))["recipients"]["signers"]
    assert (signer["name"], signer["email"], signer["recipientId"], signer["routingOrder"]) == \
        ("Grace Hopper", "grace@contoso.com", "1", "1")
    [sign_here] = signer["tabs"]["signHereTabs"]
    assert sign_here["anchorString"] == "Signature:"
    assert sign_here["anchorUnits"] == "pixels" and sign_here["anchorXOffset"] == "70"
    assert sign_here["anchorIgnoreIfNotPresent"] == "false"  # a contract without the anchor fails loudly
    [dated] = signer["tabs"]["dateSignedTabs"]
    assert dated["anchorString"] == "Signature:" and int(dated["anchorXOffset"]) > 70


def test_the_order_and_tenant_travel_as_hidden_custom_fields() -> None:
    fields = as_json()["customFields"]["textCustomFields"]
    assert {field["name"]: field["value"] for field in fields} == {
        "order_id": "c" * 32, "tenant_id": "11111111-1111-1111-1111-111111111111"}
    assert all(field["show"] == "false" for field in fields)


def test_the_subject_names_operator_and_company_within_docusign_limit() -> None:
    assert as_json()["emailSubject"] == "Please sign: Northwind Telecom Teams Phone contract for Contoso Ltd"
    long = REQUEST.model_copy(update={"company": "A very long company name " * 8})
    subject = as_json(request=long)["emailSubject"]
    assert len(subject) == MAX_SUBJECT and subject.endswith("…")


def test_connect_notification_with_hmac_only_when_a_webhook_url_is_set() -> None:
    assert "eventNotification" not in as_json()
    url = "https://bot.example.test/api/esign/docusign"
    notification = as_json(EnvelopeOptions(webhook_url=url))["eventNotification"]
    assert notification["url"] == url
    assert notification["includeHMAC"] == "true" and notification["requireAcknowledgment"] == "true"
    assert notification["events"] == CONNECT_EVENTS and "envelope-completed" in CONNECT_EVENTS
    assert notification["eventData"] == {"version": "restv2.1", "format": "json",
                                         "includeData": ["recipients", "custom_fields"]}


def test_only_a_pdf_can_be_sent() -> None:
    with pytest.raises(ValueError):
        build_envelope(REQUEST, b"<html>not a pdf</html>")


def test_the_docusign_settings_must_be_complete() -> None:
    with pytest.raises(ValueError, match="account_id, private_key"):
        DocusignConfig(integration_key="ik", user_id="uid", account_id="", private_key=b"")
    config = DocusignConfig(integration_key="ik", user_id="uid", account_id="acc", private_key=b"secret")
    assert "secret" not in repr(config)
