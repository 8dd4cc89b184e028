"""The last card of the journey: preview the contract, name the signatory, submit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards import chrome
from cards.base import Element, card, heading, submit, text

PREVIEW, SUBMIT, BACK = "preview", "submit", "back"


@dataclass(frozen=True)
class ContractForm:
    company: str
    needs_sales: bool
    """Porting or migration somewhere: sales prepares the forms and the contract, no e-signature now."""
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    note: str = ""


def _input(input_id: str, label: str, form: ContractForm, **extra: Any) -> list[Element]:
    element: Element = {"type": "Input.Text", "id": input_id, "label": label,
                        "value": form.values.get(input_id, ""), **extra}
    if not form.needs_sales:
        element.update(isRequired=True, errorMessage=f"Enter the signatory's {label.lower()}.")
    error = form.errors.get(input_id)
    return [element, chrome.field_error(error)] if error else [element]


def _signatory(form: ContractForm) -> list[Element]:
    authorised = {"type": "Input.Toggle", "id": "authorised", "valueOn": "true", "valueOff": "false",
                  "value": form.values.get("authorised", "false"), "wrap": True,
                  "title": f"I confirm this person is authorised to sign contracts for {form.company}."}
    body = [text("Signatory", size="Medium"), *_input("name", "Full name", form, maxLength=120),
            *_input("job_title", "Job title", form, maxLength=100),
            *_input("email", "Email", form, style="email", maxLength=254), authorised]
    if form.errors.get("authorised"):
        body.append(chrome.field_error(form.errors["authorised"]))
    return body


def contract_card(form: ContractForm, token: str) -> dict[str, Any]:
    if form.needs_sales:
        path = ("This order includes porting or migration: press **Submit** and a sales manager will "
                "contact you to prepare the porting or migration forms and the contract with you.")
        go = "Submit"
    else:
        path = ("Press **Submit to sign** and the contract goes to the signatory for e-signature. Once "
                "it is signed, the order is delivered within 5 business days.")
        go = "Submit to sign"
    body = [heading("Contract and signature"), text(path),
            text("In the draft, the ordering contact stands where the signatory will sign; the final "
                 "contract carries the signatory's name.", subtle=True, size="Small")]
    if form.note:
        body.append(text(form.note, size="Small"))
    body += _signatory(form)
    actions = [submit(go, {"action": SUBMIT, "token": token}, style="positive", validate=True),
               submit("Preview the contract", {"action": PREVIEW, "token": token}),
               submit("Back to the recap", {"action": BACK, "token": token}), *chrome.footer(token)]
    return card(body, actions)


def preview_card(url: str, expires: str) -> dict[str, Any]:
    return card([text("Your draft contract is ready."),
                 text(f"The link works until {expires}.", subtle=True, size="Small")],
                [{"type": "Action.OpenUrl", "title": "Open the draft contract (PDF)", "url": url}])
