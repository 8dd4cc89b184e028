"""The SMTP adapter, and the outbox on every queue adapter (SQLite, Cosmos DB), against a real SMTP server
(aiosmtpd) started by each test."""

from __future__ import annotations

import asyncio
import random
import ssl
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from services.mail import templates
from services.mail.errors import MailUnavailable
from services.mail.port import Email
from services.mail.queue import QueuedMailer
from services.mail.sender import MailSender
from services.mail.smtp import SmtpMailer
from tests.clock import START, FakeClock
from tests.integration.mail.conftest import MailStores
from tests.integration.mail.smtpd import PASSWORD, USER, Recorder, check_password, self_signed, smtp_server
from tests.servers import free_port

SENDER = "orders@northwind-telecom.example"
OPERATOR = "Northwind Telecom"
SUMMARY = templates.OrderSummary(order_id="ord-42", company="Contoso Ltd", countries=["United Kingdom"],
                                 numbers=20, installation=["£200.00"], monthly=["£95.00"])


def smtp(port: int, *, username: str = "", password: str = "", starttls: bool = False,
         tls_context: ssl.SSLContext | None = None) -> SmtpMailer:
    return SmtpMailer("127.0.0.1", port, username, password, starttls, SENDER, timeout=5,
                      tls_context=tls_context)


def numbered(n: int) -> Email:
    return Email(to=[f"admin{n}@contoso.example"], subject=f"Message {n}", text=f"Body {n}",
                 html=f"<p>Body {n}</p>")


@pytest.fixture
def port() -> int:
    return free_port()


async def test_sends_text_and_html_alternatives_from_the_sender_to_the_recipient(port: int) -> None:
    recorder = Recorder()
    email = templates.signing_request("cfo@contoso.example", operator=OPERATOR, signer="Dana Cole",
                                      requested_by="Alex Kim", link="https://bot.example/sign/abc",
                                      summary=SUMMARY, expires_at=START + timedelta(days=7))
    with smtp_server(recorder, port):
        await smtp(port).send(email)
    [message] = recorder.messages
    assert recorder.envelopes == [(SENDER, ["cfo@contoso.example"])]
    assert (message["From"], message["To"]) == (SENDER, "cfo@contoso.example")
    assert message["Subject"] == email.subject
    assert message.get_content_type() == "multipart/alternative"
    plain, markup = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and markup is not None
    assert "https://bot.example/sign/abc" in plain.get_content()
    assert 'href="https://bot.example/sign/abc"' in markup.get_content()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_authenticates_with_the_right_credentials_only(port: int) -> None:
    recorder = Recorder()
    auth = {"auth_required": True, "auth_require_tls": False, "authenticator": check_password}
    with smtp_server(recorder, port, **auth):
        await smtp(port, username=USER, password=PASSWORD).send(numbered(1))
        with pytest.raises(MailUnavailable) as refused:
            await smtp(port, username=USER, password="wrong").send(numbered(2))
        with pytest.raises(MailUnavailable):
            await smtp(port).send(numbered(3))  # no AUTH at all: the server refuses the mail
    assert recorder.subjects() == ["Message 1"]
    assert refused.value.code == "mail_unavailable"


async def test_starttls_with_auth_and_a_verified_certificate(port: int, tmp_path: Path) -> None:
    recorder, certificate = Recorder(), self_signed(tmp_path)
    secure = {"require_starttls": True, "tls_context": certificate.server_context(), "auth_required": True,
              "authenticator": check_password}
    with smtp_server(recorder, port, **secure):
        await smtp(port, username=USER, password=PASSWORD, starttls=True,
                   tls_context=certificate.client_context()).send(numbered(1))
        with pytest.raises(MailUnavailable):  # STARTTLS is required by the server
            await smtp(port, username=USER, password=PASSWORD, starttls=False).send(numbered(2))
        with pytest.raises(MailUnavailable):  # the self-signed certificate is not trusted by default
            await smtp(port, username=USER, password=PASSWORD, starttls=True).send(numbered(3))
    assert recorder.subjects() == ["Message 1"]
    assert recorder.tls_used == [True]


async def test_a_closed_port_is_mail_unavailable(port: int) -> None:
    with pytest.raises(MailUnavailable):
        await smtp(port).send(numbered(1))


async def test_an_outage_loses_nothing_and_recovery_sends_each_email_once(port: int,
                                                                         mail: MailStores) -> None:
    recorder, clock, queue = Recorder(), FakeClock(), mail.queue
    sender = MailSender(queue, smtp(port), clock, rng=random.Random(6))
    mailer = QueuedMailer(queue, clock)
    with smtp_server(recorder, port):
        await mailer.send(numbered(0))
        assert (await sender.deliver_due()).sent
    # the server is down now
    for n in (1, 2, 3):
        await mailer.send(numbered(n))
    report = await sender.deliver_due()
    assert (report.sent, len(report.retrying)) == ([], 3)
    waiting = await queue.pending()
    assert [row.email.subject for row in waiting] == ["Message 1", "Message 2", "Message 3"]
    assert all(row.attempts == 1 and row.next_attempt_at > clock.now() for row in waiting)
    assert all("MailUnavailable" in (row.last_error or "") for row in waiting)

    with smtp_server(recorder, port):  # the server is back
        assert not await sender.deliver_due()  # nothing is due before the backoff ends
        clock.advance(timedelta(minutes=1))
        assert len((await sender.deliver_due()).sent) == 3
        assert not await sender.deliver_due()
    assert Counter(recorder.subjects()) == {f"Message {n}": 1 for n in range(4)}  # jitter sets the order
    assert await queue.pending() == []
    rows = [await queue.get(row.id) for row in waiting]
    assert all(row and row.sent_at == clock.now() and row.attempts == 2 for row in rows)


async def test_two_instances_send_each_email_exactly_once(port: int, mail: MailStores) -> None:
    recorder, clock, queues = Recorder(delay_s=0.02), FakeClock(), mail.queues
    for n in range(12):
        await QueuedMailer(queues[n % 2], clock).send(numbered(n))
    senders = [MailSender(queue, smtp(port), clock, batch=2) for queue in queues]
    with smtp_server(recorder, port):
        reports = await asyncio.gather(*(sender.deliver_due() for sender in senders))
    assert await queues[1].pending() == []
    assert Counter(recorder.subjects()) == {f"Message {n}": 1 for n in range(12)}
    assert all(report.sent for report in reports)  # both worked, on different rows
    assert not set(reports[0].sent) & set(reports[1].sent)


async def test_an_immediate_try_delivers_the_sign_in_code_once(port: int, mail: MailStores) -> None:
    recorder, clock, queue = Recorder(), FakeClock(), mail.queue
    sender = MailSender(queue, smtp(port), clock)
    mailer = QueuedMailer(queue, clock, deliver_now=sender.deliver)
    with smtp_server(recorder, port):
        await mailer.send(templates.signin_code("admin@contoso.example", "482913", operator=OPERATOR))
        await mailer.drain()
        assert not await sender.deliver_due()
    [message] = recorder.messages
    assert "482913" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert await queue.pending() == []


async def test_send_can_wait_for_the_immediate_try(port: int, mail: MailStores) -> None:
    recorder, clock, queue = Recorder(), FakeClock(), mail.queue
    sender = MailSender(queue, smtp(port), clock)
    with smtp_server(recorder, port):
        await QueuedMailer(queue, clock, deliver_now=sender.deliver, wait_s=5).send(numbered(1))
        assert recorder.subjects() == ["Message 1"]  # before `send` returned
    assert await queue.pending() == []
