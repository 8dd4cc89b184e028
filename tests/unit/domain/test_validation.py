from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.domain.office import Quantities
from services.domain.validation import field_errors


def test_field_errors_name_the_field_in_plain_words() -> None:
    with pytest.raises(ValidationError) as caught:
        Quantities(users="many", resource_accounts=-1)  # type: ignore[arg-type]
    errors = {e.field: e.message for e in field_errors(caught.value)}
    assert errors == {"users": "Enter a whole number.", "resource_accounts": "Enter a number of 0 or more."}


def test_model_level_errors_keep_their_message() -> None:
    with pytest.raises(ValidationError) as caught:
        Quantities(users=0, resource_accounts=0)
    [error] = field_errors(caught.value)
    assert error.field == "__root__"
    assert error.message == "Reserve at least one number, for a user or a resource account."


def test_missing_fields() -> None:
    with pytest.raises(ValidationError) as caught:
        Quantities()  # type: ignore[call-arg]
    assert {e.message for e in field_errors(caught.value)} == {"This field is required."}
