"""DocuSign Connect messages: the HMAC check and the event, read from the JSON (SIM) format.

Connect signs the raw body with each of the account's Connect keys (HMAC-SHA256, base64) and sends the
results as `X-DocuSign-Signature-1`, `-2`, ...; a message is genuine if any header matches any key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AliasChoices,
    AliasPath,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from services.domain.errors import DomainError

ORDER_FIELD, TENANT_FIELD = "order_id", "tenant_id"  # the envelope's hidden custom fields
SIGNATURE_HEADER = "X-DocuSign-Signature-{}"
MAX_SIGNATURE_HEADERS = 100
MAX_BODY_BYTES = 2 * 1024 * 1024


def _utc(value: datetime) -> datetime:
    """Connect writes UTC times; one without a zone is read as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Moment = Annotated[datetime, AfterValidator(_utc)]


def signature(key: str, body: bytes) -> str:
    """What Connect puts in an `X-DocuSign-Signature-n` header for `body` signed with `key`."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode("ascii")


def signatures(headers: Mapping[str, str]) -> list[str]:
    found = []
    for index in range(1, MAX_SIGNATURE_HEADERS + 1):
        value = headers.get(SIGNATURE_HEADER.format(index))
        if value is None:
            break
        found.append(value.strip())
    return found


def verify(body: bytes, headers: Mapping[str, str], keys: Sequence[str]) -> bool:
    """True if a signature header matches the body under one of `keys`; always compared in constant time."""
    given = [value.encode() for value in signatures(headers)]
    matched = False
    for key in (key for key in keys if key):
        expected = signature(key, body).encode()
        for value in given:
            matched |= hmac.compare_digest(expected, value)
    return matched


class _Signer(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    name: str = ""
    status: str = ""
    signed_at: Moment | None = Field(default=None, alias="signedDateTime")


class ConnectEvent(BaseModel):
    """One envelope event, whatever else Connect sent."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event: str = ""
    envelope_id: str = Field(min_length=1, validation_alias=AliasChoices(
        AliasPath("data", "envelopeId"), AliasPath("data", "envelopeSummary", "envelopeId")))
    status: str = Field(default="", validation_alias=AliasPath("data", "envelopeSummary", "status"))
    completed_at: Moment | None = Field(
        default=None, validation_alias=AliasPath("data", "envelopeSummary", "completedDateTime"))
    generated_at: Moment | None = Field(default=None, validation_alias="generatedDateTime")
    signers: list[_Signer] = Field(default_factory=list, validation_alias=AliasPath(
        "data", "envelopeSummary", "recipients", "signers"))
    fields: list[dict[str, object]] = Field(default_factory=list, validation_alias=AliasPath(
        "data", "envelopeSummary", "customFields", "textCustomFields"))

    @property
    def key(self) -> str:
        """The same event delivered again (a retry, a replay) has the same key."""
        return f"{self.envelope_id}:{self.state}"

    @property
    def state(self) -> str:
        return (self.status or self.event.removeprefix("envelope-")).lower()

    @property
    def completed(self) -> bool:
        return self.state == "completed"

    def field(self, name: str) -> str | None:
        value = next((item.get("value") for item in self.fields if item.get("name") == name), None)
        return str(value) if value else None

    @property
    def order_id(self) -> str | None:
        return self.field(ORDER_FIELD)

    @property
    def tenant_id(self) -> str | None:
        return self.field(TENANT_FIELD)

    @property
    def signer_name(self) -> str:
        done = [signer for signer in self.signers if signer.status.lower() == "completed"]
        return (done or self.signers or [_Signer()])[0].name

    @property
    def signed_at(self) -> datetime | None:
        signed = [signer.signed_at for signer in self.signers if signer.signed_at]
        return self.completed_at or (signed[0] if signed else None) or self.generated_at


def parse(body: bytes) -> ConnectEvent:
    """The event in a Connect JSON message; DomainError (invalid_event) if it is not one."""
    try:
        return ConnectEvent.model_validate(json.loads(body))
    except (ValueError, ValidationError) as error:
        raise DomainError("This is not a DocuSign Connect JSON message.", code="invalid_event") from error
