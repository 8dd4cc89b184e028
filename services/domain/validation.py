"""Turn pydantic validation errors into per-field messages a card can show."""

from __future__ import annotations

from pydantic import ValidationError

from services.domain.address import FieldError

_PLAIN = {
    "missing": "This field is required.",
    "string_too_short": "This field is required.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "greater_than_equal": "Enter a number of 0 or more.",
}


def field_errors(error: ValidationError) -> list[FieldError]:
    """One FieldError per failing field; the field is the dotted path of the input."""
    result: list[FieldError] = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "__root__"
        message = _PLAIN.get(item["type"]) or str(item["msg"]).removeprefix("Value error, ")
        result.append(FieldError(field=field, code=item["type"], message=message))
    return result
