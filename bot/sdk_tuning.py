"""A measured fix for the Bot Framework SDK's hot path.

msrest builds a retry policy for every connector call and, doing so, tests 999 status codes for
membership in a 500-item list: about 7 ms of every turn on this machine (see bench/RESULTS.md). The
same membership test against a frozenset gives the same policy in microseconds.
"""

from __future__ import annotations

from msrest.universal_http.requests import ClientRetryPolicy


def speed_up_retry_policy() -> None:
    """Idempotent; keeps exactly the same set of codes."""
    if not isinstance(ClientRetryPolicy.safe_codes, frozenset):
        ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)
