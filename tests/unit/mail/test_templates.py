"""Every email says what its reader needs, in the text and in the HTML, with values escaped."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import message_from_bytes, policy

import pytest

from services.catalogue import load
from services.mail import templates
from services.mail.port import Email
from services.pricing import quote
from services.sales import Handoff, HandoffKind
from tests.unit.domain.conftest import complete_order

OPERATOR = "Fabrikam Voice"
EXPIRES = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
SUMMARY = templates.OrderSummary(order_id="ord-42", company="Contoso Ltd",
                                 countries=["Germany", "France"], numbers=20,
                                 installation=["€297.91"], monthly=["€29.45"])
EVIL = '<script>alert("x")</script> & Sons'


def both(email: Email) -> tuple[str, str]:
    assert email.html is not None
    return email.text, email.html


def assert_everywhere(email: Email, *fragments: str) -> None:
    text, markup = both(email)
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} missing from the text"
        assert fragment in markup, f"{fragment!r} missing from the HTML"


def signing(**changes: object) -> Email:
    values: dict[str, object] = {"operator": OPERATOR, "signer": "Dana Cole", "requested_by": "Alex Kim",
                                 "link": "https://bot.example/sign/tok123", "summary": SUMMARY,
                                 "expires_at": EXPIRES}
    return templates.signing_request("cfo@contoso.example", **{**values, **changes})  # type: ignore[arg-type]


def test_sign_in_code() -> None:
    email = templates.signin_code("admin@contoso.example", "482913", operator=OPERATOR)
    assert email.to == ["admin@contoso.example"]
    assert email.subject == "Your Fabrikam Voice sign-in code"
    assert_everywhere(email, "482913", "10 minutes", "did not ask for a code, ignore this email", OPERATOR)
    assert "Northwind" not in email.text + (email.html or "")


def test_signing_request() -> None:
    email = signing()
    assert email.subject == "Signature requested: Teams Phone order for Contoso Ltd"
    assert_everywhere(email, "https://bot.example/sign/tok123", "Dana Cole", "Alex Kim", "Contoso Ltd",
                      "14 December 2026 at 09:00 UTC", "ord-42", "Germany, France", "20", "€297.91",
                      "€29.45", OPERATOR)
    assert 'href="https://bot.example/sign/tok123"' in both(email)[1]


def test_signing_request_shows_the_expiry_in_the_readers_zone() -> None:
    assert "14 December 2026 at 10:00 CET" in signing(zone="Europe/Berlin").text
    assert "14 December 2026 at 09:00 UTC" in signing(zone="Not/AZone").text


def test_signed_confirmation() -> None:
    email = templates.signed_confirmation(["cfo@contoso.example", "ada@contoso.example"], operator=OPERATOR,
                                          signer="Dana Cole", summary=SUMMARY, signed_at=EXPIRES,
                                          due=date(2026, 12, 21))
    assert email.to == ["cfo@contoso.example", "ada@contoso.example"]
    assert "Monday 21 December 2026" in email.subject
    assert_everywhere(email, "Dana Cole", "14 December 2026 at 09:00 UTC", "Due date",
                      "Monday 21 December 2026", "within 5 business days", "upload them to your Teams tenant",
                      "What happens next", "ord-42")


def test_sales_handoff() -> None:
    handoff = Handoff(kind=HandoffKind.PORTING, tenant_id="tenant-7", requester="Alex Kim",
                      requester_email="alex@contoso.example", company="Contoso Ltd", order_id="ord-42",
                      countries=["DE", "GB"], details=["DE: port 10 numbers"], message="Call me after 3 pm.",
                      created_at=EXPIRES)
    email = templates.sales_handoff("sales@fabrikam.example", handoff, operator=OPERATOR)
    assert email.subject == "Porting or migration order: Contoso Ltd"
    assert_everywhere(email, "Porting or migration order", "Contoso Ltd", "tenant-7", "ord-42",
                      "Germany, United Kingdom", "DE: port 10 numbers", "Call me after 3 pm.", "Alex Kim")
    assert "Alex Kim <alex@contoso.example>" in email.text
    assert "Alex Kim &lt;alex@contoso.example&gt;" in both(email)[1]


def test_markup_in_values_is_escaped_in_the_html_and_kept_in_the_text() -> None:
    summary = SUMMARY.model_copy(update={"company": EVIL})
    email = signing(summary=summary, signer="<b>Dana</b>")
    text, markup = both(email)
    assert EVIL in text and "<b>Dana</b>" in text
    assert "<script" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in markup
    handoff = Handoff(kind=HandoffKind.HELP, tenant_id="t", requester="x", company=EVIL,
                      message="<img src=x onerror=alert(1)>", created_at=EXPIRES)
    handed = templates.sales_handoff("s@fabrikam.example", handoff, operator=OPERATOR)
    assert "<img" not in both(handed)[1] and "&lt;img src=x" in both(handed)[1]


def test_a_link_cannot_break_out_of_its_attribute_or_run_script() -> None:
    markup = both(signing(link='https://bot.example/sign/a"onclick="x'))[1]
    assert 'href="https://bot.example/sign/a&quot;onclick=&quot;x"' in markup
    with pytest.raises(ValueError, match="http"):
        signing(link="javascript:alert(1)")


def test_subjects_stay_on_one_line() -> None:
    summary = SUMMARY.model_copy(update={"company": "Contoso\r\nBcc: everyone@example.com"})
    email = signing(summary=summary)
    assert "\n" not in email.subject and "\r" not in email.subject
    message = message_from_bytes(bytes(email.to_message("orders@fabrikam.example")), policy=policy.default)
    assert message["Bcc"] is None


def test_summary_of_an_order_and_its_quote() -> None:
    order = complete_order()
    summary = templates.OrderSummary.of(order, quote(order, load()))
    assert summary == templates.OrderSummary(order_id=order.id, company="Fabrikam GmbH",
                                             countries=["Germany"], numbers=4, installation=["€297.91"],
                                             monthly=["€29.45"])
    assert ("Monthly fees", "€29.45") in summary.rows()
