"""The mail port: one email out. Adapters: `.eml` files in an outbox folder (embedded), SMTP."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from services.domain.contact import Email as EmailAddress


class Email(BaseModel):
    model_config = ConfigDict(frozen=True)

    to: list[EmailAddress] = Field(min_length=1)
    subject: str = Field(min_length=1, max_length=200)
    text: str
    html: str | None = None

    def to_message(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = ", ".join(self.to)
        message["Subject"] = self.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        message.set_content(self.text)
        if self.html:
            message.add_alternative(self.html, subtype="html")
        return message


class Mailer(Protocol):
    async def send(self, email: Email) -> None:
        """Delivers or raises MailUnavailable; never half-sends."""
        ...
