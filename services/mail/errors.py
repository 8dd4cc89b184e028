"""Mail errors, in domain terms: what callers catch whichever adapter sends the email."""

from __future__ import annotations

from services.domain.errors import DomainError


class MailUnavailable(DomainError):
    """The mail server (or the outbox) did not take the email: refused, unreachable, timed out."""

    code = "mail_unavailable"
