"""The e-signature port: send a contract to its signatory. Adapters: the bot's signing page, DocuSign."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from services.domain.base import UtcDatetime
from services.domain.contact import Email
from services.domain.errors import DomainError

TOKEN_UNKNOWN = "token_unknown"
TOKEN_EXPIRED = "token_expired"
TOKEN_USED = "token_used"


class SigningError(DomainError):
    """A signing link that cannot be used: unknown (or not ours), expired, or already used."""

    code = TOKEN_UNKNOWN

    @classmethod
    def unknown(cls) -> SigningError:
        return cls("This signing link is not valid. Check that you opened the whole link from the email.",
                   code=TOKEN_UNKNOWN)

    @classmethod
    def expired(cls, replaced: bool = False) -> SigningError:
        why = "was replaced by a newer one" if replaced else "has expired"
        return cls(f"This signing link {why}. Ask the person who ordered to send you a new link.",
                   code=TOKEN_EXPIRED)

    @classmethod
    def used(cls) -> SigningError:
        return cls("This contract has already been signed with this link; it cannot be used again.",
                   code=TOKEN_USED)


class SigningRequest(BaseModel):
    """Who must sign which stored contract, for which order of which tenant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    order_id: str = Field(min_length=1)
    tenant_id: str = Field(min_length=1)
    signatory_name: str = Field(min_length=1, max_length=201)
    signatory_email: Email
    signatory_job_title: str = Field(default="", max_length=100)
    document: str = Field(min_length=1)
    """The draft contract's name in the document store."""
    operator_name: str = Field(min_length=1)
    company: str = ""


class SigningSent(BaseModel):
    model_config = ConfigDict(frozen=True)

    envelope_id: str
    signing_url: str | None = None
    """The link to post and email; None when the provider emails the signatory itself (DocuSign)."""
    expires_at: UtcDatetime | None = None


class SigningTokenInfo(BaseModel):
    """What a valid signing link is bound to."""

    model_config = ConfigDict(frozen=True)

    envelope_id: str
    order_id: str
    tenant_id: str
    signatory_name: str
    signatory_email: str
    document: str
    expires_at: UtcDatetime
    used_at: UtcDatetime | None = None
    signer_name: str | None = None


class Esign(Protocol):
    async def send(self, request: SigningRequest) -> SigningSent:
        """Sends the contract for signature; raises DomainError (code esign_unavailable) if it cannot."""
        ...

