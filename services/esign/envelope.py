"""The DocuSign envelope for a signing request, as a pure function (no network, no clock).

One document (the contract PDF, base64), one signer with a "sign here" and a "date signed" tab anchored
to the signature line's label in the PDF, the order and tenant as hidden custom fields (the Connect
webhook reads them back), an envelope-level Connect subscription with HMAC, and status "sent".
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from docusign_esign import (
    ConnectEventData,
    CustomFields,
    DateSigned,
    Document,
    EnvelopeDefinition,
    EventNotification,
    Recipients,
    Signer,
    SignHere,
    Tabs,
    TextCustomField,
)

from services.esign.connect import ORDER_FIELD, TENANT_FIELD
from services.esign.port import SigningRequest

DEFAULT_ANCHOR = "Signature:"
MAX_SUBJECT = 100  # DocuSign refuses a longer email subject
CONNECT_EVENTS = ["envelope-completed", "envelope-declined", "envelope-voided"]


@dataclass(frozen=True)
class EnvelopeOptions:
    anchor: str = DEFAULT_ANCHOR
    anchor_x_offset: int = 70
    anchor_y_offset: int = -4
    webhook_url: str | None = None
    """Where DocuSign Connect posts the envelope's events (the bot's /api/esign/docusign)."""


def subject(request: SigningRequest) -> str:
    text = f"Please sign: {request.operator_name} Teams Phone contract"
    if request.company:
        text += f" for {request.company}"
    return text if len(text) <= MAX_SUBJECT else text[: MAX_SUBJECT - 1] + "…"


def document_name(request: SigningRequest) -> str:
    return f"{request.operator_name} Teams Phone contract {request.order_id}.pdf"


def build_envelope(request: SigningRequest, pdf: bytes, options: EnvelopeOptions = EnvelopeOptions()
                   ) -> EnvelopeDefinition:
    """The envelope that sends `pdf` to the request's signatory for signature."""
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("the contract to sign must be a PDF")
    document = Document(document_base64=base64.b64encode(pdf).decode("ascii"), name=document_name(request),
                        file_extension="pdf", document_id="1")
    return EnvelopeDefinition(
        email_subject=subject(request),
        email_blurb=f"{request.operator_name} asks you to sign the Teams Phone contract for order "
                    f"{request.order_id}.",
        documents=[document],
        recipients=Recipients(signers=[_signer(request, options)]),
        custom_fields=CustomFields(text_custom_fields=[
            TextCustomField(name=ORDER_FIELD, value=request.order_id, show="false", required="false"),
            TextCustomField(name=TENANT_FIELD, value=request.tenant_id, show="false", required="false"),
        ]),
        event_notification=_notification(options.webhook_url),
        status="sent",
    )


def _signer(request: SigningRequest, options: EnvelopeOptions) -> Signer:
    anchored = {"anchor_string": options.anchor, "anchor_units": "pixels",
                "anchor_ignore_if_not_present": "false", "anchor_case_sensitive": "true",
                "anchor_y_offset": str(options.anchor_y_offset), "document_id": "1"}
    sign_here = SignHere(anchor_x_offset=str(options.anchor_x_offset), tab_label="signature", **anchored)
    signed_on = DateSigned(anchor_x_offset=str(options.anchor_x_offset + 220), tab_label="date_signed",
                           **anchored)
    return Signer(email=request.signatory_email, name=request.signatory_name, recipient_id="1",
                  routing_order="1", tabs=Tabs(sign_here_tabs=[sign_here], date_signed_tabs=[signed_on]))


def _notification(url: str | None) -> EventNotification | None:
    if not url:
        return None
    return EventNotification(
        url=url, require_acknowledgment="true", include_hmac="true", logging_enabled="true",
        delivery_mode="SIM", events=list(CONNECT_EVENTS),
        event_data=ConnectEventData(version="restv2.1", format="json",
                                    include_data=["recipients", "custom_fields"]))
