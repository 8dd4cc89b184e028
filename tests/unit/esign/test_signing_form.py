"""The signing form: the typed name must be the signatory's (any case, any spacing), consent ticked."""

from __future__ import annotations

import pytest

from bot.signing import redact_tokens
from services.submission_form import SigningFormError, check_form, name_matches


@pytest.mark.parametrize("typed", ["Grace Hopper", "grace hopper", "  GRACE   Hopper ", "Grace\tHopper"])
def test_the_signatory_name_matches_whatever_the_case_and_spacing(typed: str) -> None:
    assert name_matches(typed, "Grace Hopper")
    check_form(typed, True, "Grace Hopper")


@pytest.mark.parametrize("typed", ["Grace", "Grace Hoper", "Hopper Grace", "Grace-Hopper", "x" * 300])
def test_another_name_is_refused(typed: str) -> None:
    assert not name_matches(typed, "Grace Hopper")
    with pytest.raises(SigningFormError) as caught:
        check_form(typed, True, "Grace Hopper")
    assert set(caught.value.errors) == {"name"} and "Grace Hopper" in caught.value.errors["name"]


def test_accents_compare_as_typed_in_either_unicode_form() -> None:
    assert name_matches("Zoe\u0301 Lefe\u0300vre", "Zoé Lefèvre")
    assert not name_matches("Zoe Lefevre", "Zoé Lefèvre")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(SigningFormError) as caught:
        check_form("   ", False, "Grace Hopper")
    assert caught.value.errors == {"name": "Type your full name to sign.",
                                   "consent": "Tick the box to confirm that you are authorised to sign "
                                              "and agree."}
    assert caught.value.field == "name"


@pytest.mark.parametrize(("path", "logged"), [
    ("/sign/abcDEF123_-xyz", "/sign/<token>"),
    ("/sign/abcDEF123_-xyz/contract.pdf", "/sign/<token>/contract.pdf"),
    ("/contracts/abcDEF123_-xyz", "/contracts/<token>"),
    ("/api/messages", "/api/messages"),
    ("/sign-assets/signing.css", "/sign-assets/signing.css"),
])
def test_access_logs_never_hold_a_working_link(path: str, logged: str) -> None:
    assert redact_tokens(path) == logged
