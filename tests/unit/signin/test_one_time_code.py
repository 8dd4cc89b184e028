from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.domain.errors import DomainError
from services.signin import CODE_TRIES, CodeCheck, PendingCode, message_for

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def issue() -> tuple[str, PendingCode]:
    return PendingCode.issue("OCN-1", "it@contoso.com", NOW)


def test_a_code_is_six_digits_and_only_its_hash_is_kept() -> None:
    code, pending = issue()
    assert re.fullmatch(r"\d{6}", code)
    assert code not in pending.model_dump_json()


def test_the_right_code_within_ten_minutes_passes() -> None:
    code, pending = issue()
    assert pending.check(f" {code[:3]} {code[3:]} ", NOW + timedelta(minutes=9, seconds=59)) is CodeCheck.OK


def test_the_right_code_after_ten_minutes_has_expired() -> None:
    code, pending = issue()
    assert pending.check(code, NOW + timedelta(minutes=10)) is CodeCheck.EXPIRED


def test_five_wrong_tries_use_the_code_up_even_for_the_right_code_after() -> None:
    code, pending = issue()
    wrong = "000000" if code != "000000" else "111111"
    results = [pending.check(wrong, NOW) for _ in range(CODE_TRIES)]
    assert results == [CodeCheck.WRONG] * 4 + [CodeCheck.USED_UP]
    assert pending.check(code, NOW) is CodeCheck.USED_UP


def test_state_survives_a_json_round_trip() -> None:
    code, pending = issue()
    pending.check("bad", NOW)
    again = PendingCode.model_validate_json(pending.model_dump_json())
    assert again.tries_left == CODE_TRIES - 1
    assert again.check(code, NOW) is CodeCheck.OK


@given(st.text(max_size=40))
def test_no_random_text_passes_except_the_code(typed: str) -> None:
    code, pending = issue()
    result = pending.check(typed, NOW)
    assert (result is CodeCheck.OK) == ("".join(typed.split()) == code)


def test_messages_say_how_many_tries_are_left() -> None:
    assert "4 tries left" in message_for(CodeCheck.WRONG, 4)
    assert "1 try left" in message_for(CodeCheck.WRONG, 1)
    assert "new one" in message_for(CodeCheck.EXPIRED, 0)
    assert "new one" in message_for(CodeCheck.USED_UP, 0)
    with pytest.raises(DomainError):
        message_for(CodeCheck.OK, 5)
