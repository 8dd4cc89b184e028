"""DocuSign Connect: HMAC-SHA256 verification with one or several keys, and reading the event."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from services.domain.errors import DomainError
from services.esign import connect
from services.esign.connect import parse, signature, signatures, verify
from tests.unit.esign.connect_messages import KEY_1, KEY_2, connect_body, sign


def test_a_message_signed_with_the_key_is_genuine() -> None:
    body = connect_body()
    assert verify(body, sign(body, KEY_1), [KEY_1])


def test_the_signature_is_the_base64_hmac_sha256_of_the_raw_body() -> None:
    # RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    expected = bytes.fromhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    assert signature("Jefe", b"what do ya want for nothing?") == base64.b64encode(expected).decode()


@pytest.mark.parametrize("tamper", [
    lambda body: body.replace(b"completed", b"Completed", 1),
    lambda body: body + b" ",
    lambda body: body[:-1],
])
def test_any_change_to_the_body_breaks_the_signature(tamper) -> None:
    body = connect_body()
    assert not verify(tamper(body), sign(body, KEY_1), [KEY_1])


def test_missing_wrong_or_empty_signatures_and_keys_are_refused() -> None:
    body = connect_body()
    assert not verify(body, {}, [KEY_1])
    assert not verify(body, sign(body, "not-the-key"), [KEY_1])
    assert not verify(body, {"X-DocuSign-Signature-1": ""}, [KEY_1])
    assert not verify(body, {"X-DocuSign-Signature-1": "garbage!"}, [KEY_1])
    assert not verify(body, sign(body, KEY_1), [])
    assert not verify(body, sign(body, KEY_1), [""])
    assert not verify(body, {"X-DocuSign-Signature-2": sign(body, KEY_1)["X-DocuSign-Signature-1"]},
                      [KEY_1])  # numbering starts at 1


def test_several_keys_any_header_matching_any_key() -> None:
    body = connect_body()
    both = sign(body, KEY_1, KEY_2)
    assert verify(body, both, [KEY_2])
    assert verify(body, both, [KEY_1])
    assert verify(body, {"X-DocuSign-Signature-1": sign(body, "old")["X-DocuSign-Signature-1"],
                         "X-DocuSign-Signature-2": both["X-DocuSign-Signature-2"]}, ["unrelated", KEY_2])
    assert signatures(both) == list(both.values())


def test_every_pair_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """No early exit on the first match or mismatch: each header is compared with each key's HMAC."""
    calls: list[tuple[bytes, bytes]] = []
    real = connect.hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(connect.hmac, "compare_digest", recording)
    body = connect_body()
    assert verify(body, sign(body, KEY_1, "other"), [KEY_1, KEY_2, "third"])
    assert len(calls) == 6 and all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in calls)


def test_the_completed_event_gives_the_order_signer_and_time() -> None:
    event = parse(connect_body(order_id="b" * 32, signer="Grace Hopper"))
    assert event.completed and event.state == "completed"
    assert (event.order_id, event.tenant_id) == ("b" * 32, "11111111-1111-1111-1111-111111111111")
    assert event.signer_name == "Grace Hopper"
    assert event.signed_at == datetime(2026, 12, 7, 10, 15, 30, 123456, tzinfo=UTC)
    assert event.key == "8d2c1b3a-0f4e-4b6a-9c7d-1e2f3a4b5c6d:completed"


def test_a_retry_of_the_same_event_has_the_same_key() -> None:
    assert parse(connect_body(retry=0)).key == parse(connect_body(retry=3)).key
    assert parse(connect_body()).key != parse(connect_body(status="declined")).key


def test_other_statuses_are_not_completed() -> None:
    for status in ("sent", "delivered", "declined", "voided"):
        assert not parse(connect_body(status=status)).completed


def test_times_without_a_zone_are_utc() -> None:
    event = parse(connect_body(completed="2026-12-07T10:15:30"))
    assert event.signed_at == datetime(2026, 12, 7, 10, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize("body", [b"", b"<xml/>", b"[]", b"{}", json.dumps({"data": {}}).encode()])
def test_anything_else_is_not_an_event(body: bytes) -> None:
    with pytest.raises(DomainError) as caught:
        parse(body)
    assert caught.value.code == "invalid_event"
