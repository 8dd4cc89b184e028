"""Sign-in cards: account number and email, the one-time code, the operator account's OCN, and the
"not yet a customer" lead form. Pure functions of plain data.
"""

from __future__ import annotations

from typing import Any

from cards.base import Element, card, heading, submit, text
from cards.chrome import field_error

SEND_CODE = "send_code"
NOT_CUSTOMER = "not_customer"
OPERATOR_SIGNIN = "operator_signin"
CHECK_CODE = "check_code"
RESEND = "resend_code"
OTHER_ACCOUNT = "other_account"
CONTINUE = "continue"
SEND_LEAD = "send_lead"
BACK = "back"

CODE_PATTERN = r"^\s*\d{6}\s*$"


def mask_email(email: str) -> str:
    """'teams.admin@contoso.com' -> 't•••@contoso.com': enough to recognise, not to harvest."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def _input(input_id: str, label: str, value: str, *, required: str | None = None, **extra: Any) -> Element:
    """A text input; `required` is the message shown when it is left empty (None: optional)."""
    element: Element = {"type": "Input.Text", "id": input_id, "label": label, "value": value, **extra}
    if required:
        element["isRequired"] = True
        element["errorMessage"] = required
    return element


def _with_error(elements: list[Element], message: str | None) -> list[Element]:
    return [*elements, field_error(message)] if message else elements


def _tenant(tenant_id: str) -> Element:
    return {"type": "FactSet", "facts": [{"title": "Microsoft 365 tenant", "value": tenant_id}]}


def account_card(token: str, tenant_id: str, *, ocn: str = "", email: str = "", error: str | None = None,
                 operator_signin: bool = False) -> dict[str, Any]:
    """OCN and registered email; `error` is one line under both fields, never saying which was wrong."""
    fields = [
        _input("ocn", "Account number (OCN)", ocn, maxLength=20, placeholder="As printed on your invoice",
               required="Enter your account number (OCN)."),
        _input("email", "Email registered on the account", email, style="email", maxLength=254,
               required="Enter the email registered on the account."),
    ]
    body = [heading("Sign in to order"),
            text("Enter your account number and the email registered on it. We will email you a "
                 "one-time code."),
            _tenant(tenant_id), *_with_error(fields, error)]
    actions = [submit("Send me a code", {"action": SEND_CODE, "token": token}, style="positive",
                      validate=True),
               submit("Not yet a customer", {"action": NOT_CUSTOMER, "token": token})]
    if operator_signin:
        actions.append(submit("Sign in with my operator account",
                              {"action": OPERATOR_SIGNIN, "token": token}))
    return card(body, actions)


def code_card(token: str, masked_email: str, *, error: str | None = None,
              blocked: bool = False) -> dict[str, Any]:
    """The code input; when `blocked` (expired or too many tries) only a new code can help."""
    body = [heading("Enter your code"),
            text(f"We sent a 6-digit code to {masked_email}. It is valid for 10 minutes.")]
    resend = submit("Send a new code", {"action": RESEND, "token": token})
    if blocked:
        return card([*body, field_error(error or "Ask for a new code.")], [resend])
    code = _input("code", "Code from the email", "", regex=CODE_PATTERN, maxLength=12, placeholder="6 digits",
                  required="Enter the 6 digits from the email.")
    actions = [submit("Sign in", {"action": CHECK_CODE, "token": token}, style="positive", validate=True),
               resend, submit("Use another account", {"action": OTHER_ACCOUNT, "token": token})]
    return card([*body, *_with_error([code], error)], actions)


def operator_ocn_card(token: str, email: str, *, ocn: str = "", error: str | None = None) -> dict[str, Any]:
    """After the operator sign-in: which account (OCN) the signed-in email orders for."""
    field = _input("ocn", "Account number (OCN)", ocn, maxLength=20,
                   required="Enter your account number (OCN).")
    body = [heading("Which account are you ordering for?"),
            text(f"You signed in as {email}. Enter the account number (OCN) this email is registered on."),
            *_with_error([field], error)]
    return card(body, [submit("Continue", {"action": CONTINUE, "token": token}, style="positive",
                              validate=True),
                       submit("Back", {"action": BACK, "token": token})])


LEAD_FIELDS = ("company", "contact_name", "email", "phone", "countries", "message")
_LEAD_TEXTS: dict[str, dict[str, Any]] = {
    "company": {"label": "Company name", "maxLength": 200, "required": "Enter your company's name."},
    "contact_name": {"label": "Your name", "maxLength": 200, "required": "Enter your name."},
    "email": {"label": "Your email", "style": "email", "maxLength": 254,
              "required": "Enter your email address."},
    "phone": {"label": "Phone (optional)", "style": "tel", "maxLength": 40,
              "placeholder": "+44 20 7946 0000"},
    "message": {"label": "Message (optional)", "isMultiline": True, "maxLength": 2000},
}


def _countries(countries: list[tuple[str, str]], value: str) -> Element:
    """A multi-select with type-to-filter search (the 'filtered' style Teams renders)."""
    return {"type": "Input.ChoiceSet", "id": "countries", "label": "Countries of interest",
            "isMultiSelect": True, "style": "filtered", "value": value,
            "choices": [{"title": name, "value": code} for code, name in countries],
            "isRequired": True, "errorMessage": "Choose at least one country."}


def lead_card(token: str, tenant_id: str, countries: list[tuple[str, str]], values: dict[str, str],
              errors: dict[str, str]) -> dict[str, Any]:
    """`countries` are (code, name) pairs; `values` keep what was typed; `errors` sit under their field."""
    body = [heading("Not yet a customer?"),
            text("Tell us about your company and our sales team will get in touch about Teams Phone."),
            _tenant(tenant_id)]
    for name in LEAD_FIELDS:
        value = values.get(name, "")
        spec = _LEAD_TEXTS.get(name)
        element = _input(name, value=value, **spec) if spec else _countries(countries, value)
        body += _with_error([element], errors.get(name))
    return card(body, [submit("Send to sales", {"action": SEND_LEAD, "token": token}, style="positive",
                              validate=True),
                       submit("Back", {"action": BACK, "token": token})])
