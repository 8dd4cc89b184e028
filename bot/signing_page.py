"""The signing page's HTML: plain server-rendered pages, no script, one stylesheet from the bot itself
(the Content-Security-Policy allows nothing else). Every value is escaped."""

from __future__ import annotations

from html import escape

from services.mail.templates import day, when
from services.submission import SignedResult, SigningPage

STYLESHEET = "/sign-assets/signing.css"

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#1f2328;font:16px/1.5 "Segoe UI",system-ui,-apple-system,Helvetica,
Arial,sans-serif}
main{max-width:680px;margin:40px auto;padding:32px 36px;background:#fff;border-radius:8px;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
.brand{margin:0 0 4px;color:#4b53bc;font-size:13px;font-weight:600;letter-spacing:.06em;
text-transform:uppercase}
h1{margin:0 0 20px;font-size:24px;line-height:1.3}
h2{margin:28px 0 10px;font-size:17px}
p{margin:0 0 14px}
.muted{color:#5f6368;font-size:14px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 20px;margin:0 0 8px}
dt{color:#5f6368}
dd{margin:0}
.document{display:flex;align-items:center;justify-content:space-between;gap:16px;padding:14px 16px;
border:1px solid #d0d7de;border-radius:6px;background:#f8f9fb}
.button,button{display:inline-block;white-space:nowrap;padding:10px 22px;border:0;border-radius:4px;
background:#4b53bc;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#4b53bc;border:1px solid #4b53bc}
label{display:block;font-weight:600;margin:0 0 6px}
input[type=text]{width:100%;padding:10px 12px;border:1px solid #8c959f;border-radius:4px;font:inherit}
.consent{display:flex;gap:10px;align-items:flex-start;margin:18px 0;font-weight:normal}
.consent input{margin-top:5px;width:18px;height:18px}
.error{margin:6px 0 0;color:#b3261e;font-size:14px;font-weight:600}
.notice{padding:14px 16px;border-radius:6px;background:#e8f5e9;border:1px solid #a5d6a7}
.problem{padding:14px 16px;border-radius:6px;background:#fdecea;border:1px solid #f5c2c0}
.notice p:last-child,.problem p:last-child{margin:0}
.due{font-size:18px}
.spaced{margin-top:18px}
footer{max-width:680px;margin:0 auto 40px;color:#5f6368;font-size:13px;text-align:center}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _layout(title: str, content: str, operator: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{_e(title)}</title>'
        f'<link rel="stylesheet" href="{STYLESHEET}"></head><body><main>'
        f'<p class="brand">{_e(operator)} · Teams Phone</p>{content}</main>'
        f"<footer>{_e(operator)} · Operator Connect ordering</footer></body></html>"
    )


def _error(errors: dict[str, str], field: str, template: str) -> str:
    return template.format(_e(errors[field])) if field in errors else ""


def _facts(view: SigningPage) -> str:
    rows = [(label, value) for label, value in view.summary.rows()
            if label in ("Order", "Company", "Countries", "Phone numbers", "Installation fees",
                         "Monthly fees")]
    return "<dl>" + "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in rows) + "</dl>"


def form_page(view: SigningPage, *, token: str, nonce: str, operator: str, typed: str = "",
              consent: bool = False, errors: dict[str, str] | None = None) -> str:
    errors = errors or {}
    company = view.company or "the company"
    general = _error(errors, "form", '<div class="problem" id="form-error"><p>{}</p></div>')
    name_error = _error(errors, "name", '<p class="error" id="name-error">{}</p>')
    consent_error = _error(errors, "consent", '<p class="error" id="consent-error">{}</p>')
    content = (
        f"<h1>Sign the Teams Phone contract for {_e(company)}</h1>"
        f"<p>{_e(view.signatory_name)}, you are asked to sign this order as {_e(view.signatory_job_title)} "
        f"of {_e(company)}. Read the contract, then sign below.</p>"
        f"<h2>The order</h2>{_facts(view)}"
        '<h2>The contract</h2><div class="document"><span>Contract with the order, fees and terms (PDF)'
        f'</span><a class="button secondary" href="/sign/{_e(token)}/contract.pdf" target="_blank" '
        'rel="noopener noreferrer">Open the contract</a></div>'
        f'<h2>Sign</h2>{general}<form method="post" action="/sign/{_e(token)}" autocomplete="off">'
        f'<input type="hidden" name="nonce" value="{_e(nonce)}">'
        f'<label for="name">Your full name, as on the contract ({_e(view.signatory_name)})</label>'
        f'<input type="text" id="name" name="name" value="{_e(typed)}" required maxlength="201" '
        f'autocomplete="name">{name_error}'
        '<label class="consent"><input type="checkbox" id="consent" name="consent" value="yes"'
        f'{" checked" if consent else ""} required><span>I am authorised to sign for {_e(company)} and I '
        "agree to the contract, its fees and its terms and conditions. I understand that typing my name "
        f"and pressing Sign is my electronic signature.</span></label>{consent_error}"
        '<button type="submit">Sign the contract</button></form>'
        f'<p class="muted spaced">This link is for you only and works until '
        f"{_e(when(view.expires_at, None))}, once.</p>"
    )
    return _layout(f"Sign the contract for {company}", content, operator)


def signed_page(result: SignedResult, *, company: str, operator: str) -> str:
    content = (
        "<h1>Thank you: the contract is signed</h1>"
        f'<div class="notice"><p>{_e(result.signer_name)} signed the Teams Phone contract for '
        f"{_e(company or 'the company')} on {_e(when(result.signed_at, None))}.</p>"
        f'<p class="due"><strong>Due date: {_e(day(result.due_date))}</strong></p></div>'
        f"<h2>What happens next</h2><p>{_e(operator)} processes the order now and delivers the numbers to "
        "your Teams tenant by the due date. A confirmation email with the order summary is on its way, "
        "and the ordering contact is kept informed in Teams.</p>"
        '<p class="muted">You can close this page. The signing link cannot be used again.</p>'
    )
    return _layout("Contract signed", content, operator)


def problem_page(title: str, message: str, *, operator: str) -> str:
    content = f'<h1>{_e(title)}</h1><div class="problem"><p>{_e(message)}</p></div>'
    return _layout(title, content, operator)
