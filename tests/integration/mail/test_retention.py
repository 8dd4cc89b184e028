"""Mail outbox rows (on every backend: SQLite, Cosmos DB) and `.eml` files for retention and erasure:
found by age or by an address they mention, deleted, and nothing else touched."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from services.mail.outbox import OutboxMailer
from services.mail.outbox_folder import OutboxFolder
from services.mail.port import Email
from services.mail.queue import MailQueue
from services.mail.retention import mentions
from tests.clock import START
from tests.integration.mail.conftest import MailStores


def email(to: str, text: str = "Hello", subject: str = "Your order") -> Email:
    return Email(to=[to], subject=subject, text=text)


async def _sent(queue: MailQueue, mail: Email, at) -> str:
    mail_id = await queue.enqueue(mail, at)
    [claimed] = await queue.claim(at, at + timedelta(minutes=5), 1, mail_id)
    await queue.mark_sent(claimed.id, at)
    return mail_id


async def test_rows_finished_before_the_moment_are_found_and_deleted(mail: MailStores) -> None:
    queue, retention = mail.queues[1], mail.retention
    old_sent = await _sent(queue, email("ada@contoso.com"), START)
    new_sent = await _sent(queue, email("ada@contoso.com"), START + timedelta(days=10))
    failed = await queue.enqueue(email("grace@contoso.com"), START)
    [claimed] = await queue.claim(START, START + timedelta(minutes=5), 1, failed)
    await queue.mark_failed(claimed, START + timedelta(days=1), "550 no such user")
    pending = await queue.enqueue(email("alan@contoso.com"), START)
    found = await retention.finished_before(START + timedelta(days=5))
    assert found == [old_sent, failed]
    assert await retention.delete(found) == 2
    assert await queue.get(old_sent) is None and await queue.get(failed) is None
    assert await queue.get(new_sent) is not None and await queue.get(pending) is not None
    assert await retention.delete([]) == 0


async def test_rows_mentioning_an_address_in_any_case_are_found_sent_or_not(mail: MailStores) -> None:
    queue, retention = mail.queues[1], mail.retention
    to_ada = await queue.enqueue(email("Ada@contoso.com"), START)
    handoff = email("sales@northwind.example", text="Ordering contact:\nada@contoso.com\n")
    about_ada = await _sent(queue, handoff, START)
    to_nada = await queue.enqueue(email("nada@contoso.com", text="a_da%@contoso.com"), START)
    found = await retention.mentioning(["ADA@contoso.com"])
    assert found == [to_ada, about_ada]
    assert await retention.mentioning(["a_da%@contoso.com"]) == [to_nada]  # LIKE wildcards taken literally
    assert await retention.mentioning([" ", ""]) == []
    assert await retention.delete(found) == 2
    assert await queue.get(to_nada) is not None


async def test_a_row_deleted_while_it_is_being_sent_stays_deleted(mail: MailStores) -> None:
    mail_id = await mail.queue.enqueue(email("ada@contoso.com"), START)
    [claimed] = await mail.queue.claim(START, START + timedelta(minutes=5), 1)
    assert await mail.retention.delete([mail_id, mail_id, "no-such-mail"]) == 1
    await mail.queue.mark_sent(mail_id, START)
    await mail.queue.retry_later(claimed, START + timedelta(minutes=1), "421 try again later")
    assert await mail.queues[1].get(mail_id) is None and await mail.queues[1].pending() == []


def test_mentions_matches_whole_addresses_only() -> None:
    assert mentions("To: Ada <ADA@contoso.com>.", "ada@contoso.com")
    assert not mentions("nada@contoso.com", "ada@contoso.com")
    assert not mentions("ada@contoso.com.au", "ada@contoso.com")
    assert not mentions("ada@contoso.community", "ada@contoso.com")


async def test_eml_files_by_age_and_by_address_even_when_the_body_is_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    await OutboxMailer(folder, "orders@northwind.example").send(email("alan@contoso.com"))
    [alan] = folder.glob("*.eml")
    message = EmailMessage()
    message["From"], message["To"] = "orders@northwind.example", "grace@contoso.com"
    message["Subject"] = "Your code"
    message.set_content("Grüße, Grace: the code for ada@contoso.com is 123456", cte="base64")
    grace = folder / "20261207T090000000000-grace.eml"
    grace.write_bytes(bytes(message))
    assert "ada@contoso.com" not in grace.read_text()  # base64 on disk
    files = OutboxFolder(folder)
    now = datetime.now(UTC)  # files carry real modification times
    old = (now - timedelta(days=30)).timestamp()
    os.utime(alan, (old, old))
    assert await files.older_than(now - timedelta(days=14)) == [alan]
    assert await files.mentioning(["ADA@contoso.com"]) == [grace]
    assert await files.mentioning(["grace@contoso.com"]) == [grace]
    assert await files.delete([alan, alan]) == 1
    assert sorted(folder.glob("*.eml")) == [grace]
    assert await OutboxFolder(tmp_path / "missing").older_than(START) == []
