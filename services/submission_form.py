"""The signing form's rules: the typed name must be the signatory's, and consent must be given."""

from __future__ import annotations

import unicodedata

from services.domain.errors import InvalidValue

MAX_NAME = 201


class SigningFormError(InvalidValue):
    """The form is not right; `errors` maps each field ("name", "consent") to what to fix."""

    code = "signing_form_invalid"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()), field=next(iter(errors), None))
        self.errors = errors


def normalised(name: str) -> str:
    """A name compared the way people read it: same letters, any case, any spacing."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def name_matches(typed: str, expected: str) -> bool:
    return bool(typed.strip()) and len(typed) <= MAX_NAME and normalised(typed) == normalised(expected)


def check_form(typed_name: str, consent: bool, expected_name: str) -> None:
    errors: dict[str, str] = {}
    if not typed_name.strip():
        errors["name"] = "Type your full name to sign."
    elif not name_matches(typed_name, expected_name):
        errors["name"] = (f"Type your name exactly as it appears on the contract: {expected_name}. "
                          "If that is not you, do not sign.")
    if not consent:
        errors["consent"] = "Tick the box to confirm that you are authorised to sign and agree."
    if errors:
        raise SigningFormError(errors)
