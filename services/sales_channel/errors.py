"""What can go wrong in the sales channel, in words the person who clicked can read."""

from __future__ import annotations

from services.domain.errors import DomainError


class NotAuthorised(DomainError):
    """Someone outside the operator's own tenant tried a staff action."""

    code = "not_authorised"


class CaseNotActive(DomainError):
    """The case cannot take this action in its current state (not picked up yet, or closed)."""

    code = "case_not_active"
