"""Sign-in with an account number (OCN) and its registered email, proved by a one-time code.

The code is 6 digits, valid 10 minutes, 5 tries; after that a new code is needed. Only a salted hash
is kept (in the caller's state), never the code itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.domain.base import UtcDatetime
from services.domain.errors import DomainError

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
CODE_TRIES = 5


class CodeCheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED_UP = "used_up"


class PendingCode(BaseModel):
    """What is kept between "code sent" and "code typed". JSON-friendly for dialog state."""

    model_config = ConfigDict(extra="forbid")

    ocn: str
    email: str
    salt: str
    digest: str
    expires_at: UtcDatetime
    tries_left: int = CODE_TRIES

    @classmethod
    def issue(cls, ocn: str, email: str, now: datetime) -> tuple[str, PendingCode]:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        salt = secrets.token_hex(16)
        pending = cls(ocn=ocn, email=email, salt=salt, digest=_digest(salt, code),
                      expires_at=now + CODE_LIFETIME)
        return code, pending

    def check(self, typed: str, now: datetime) -> CodeCheck:
        """Spends one try unless the code has expired or no try is left."""
        if now >= self.expires_at:
            return CodeCheck.EXPIRED
        if self.tries_left <= 0:
            return CodeCheck.USED_UP
        self.tries_left -= 1
        if hmac.compare_digest(self.digest, _digest(self.salt, "".join(typed.split()))):
            return CodeCheck.OK
        return CodeCheck.USED_UP if self.tries_left == 0 else CodeCheck.WRONG


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def message_for(result: CodeCheck, tries_left: int) -> str:
    tries = "1 try" if tries_left == 1 else f"{tries_left} tries"
    messages = {
        CodeCheck.WRONG: f"That code is not right. {tries} left.",
        CodeCheck.EXPIRED: "That code has expired (codes last 10 minutes). Ask for a new one.",
        CodeCheck.USED_UP: "Too many wrong codes. Ask for a new one.",
    }
    if result not in messages:
        raise DomainError("No message for a correct code.", code="no_message")
    return messages[result]
