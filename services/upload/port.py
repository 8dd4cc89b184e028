"""The number upload to a customer's Teams tenant (Operator Connect), as a port.

The request is built from the order (`services.upload.request.build_request`); adapters send it (the
Operator Connect API with an msal token) or record it (the embedded default).
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from services.domain.base import UtcDatetime
from services.domain.errors import DomainError


class CivicAddress(BaseModel):
    """The emergency address a user number is registered with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str
    street: str
    house_number: str = ""
    extra: str = ""
    postal_code: str = ""
    city: str
    region: str = ""


class UploadNumber(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str = Field(pattern=r"^\+[1-9][0-9]{1,17}$")
    usage: str
    """CallingUserAssignment (users) or FirstPartyAppAssignment (auto attendants, call queues)."""
    country: str
    civic_address: CivicAddress | None = None
    location: str | None = None
    """The office's name inside the civic address, when it has one."""


class UploadRequest(BaseModel):
    """One order's numbers for one tenant. `request_id` is stable, so sending it twice is harmless."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    request_id: str
    tenant_id: str
    order_id: str
    numbers: list[UploadNumber] = Field(min_length=1)


class UploadResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    request_id: str
    accepted: int
    reference: str = ""
    """The upload's id at the other end (or the recorded row), for support."""
    uploaded_at: UtcDatetime


class UploadFailed(DomainError):
    """The upload did not happen; `retryable` says whether trying again later may work."""

    code = "upload_failed"

    def __init__(self, message: str, *, retryable: bool, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retryable = retryable


class NumberUpload(Protocol):
    async def upload(self, request: UploadRequest) -> UploadResult:
        """Sends the numbers to the tenant; UploadFailed if they could not be uploaded."""
        ...
