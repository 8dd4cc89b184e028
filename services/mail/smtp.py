"""The production mail adapter: SMTP through aiosmtplib, with STARTTLS and AUTH when configured.

One connection per email (aiosmtplib.send): nothing stays open between emails, so a server restart
never leaves a dead connection behind. Every library or network failure becomes `MailUnavailable`.
"""

from __future__ import annotations

import logging
import ssl

import aiosmtplib

from services.mail.errors import MailUnavailable
from services.mail.port import Email

log = logging.getLogger(__name__)


class SmtpMailer:
    def __init__(self, host: str, port: int, username: str, password: str, starttls: bool, sender: str,
                 timeout: float = 30, tls_context: ssl.SSLContext | None = None) -> None:
        """`starttls` requires the upgrade (the send fails without it); `tls_context` overrides the
        system's trusted certificates (a private CA). AUTH is used only when `username` is set."""
        self._host = host
        self._port = port
        self._username = username or None
        self._password = password if username else None
        self._starttls = starttls
        self._sender = sender
        self._timeout = timeout
        self._tls_context = tls_context

    async def send(self, email: Email) -> None:
        message = email.to_message(self._sender)
        try:
            refused, reply = await aiosmtplib.send(
                message, hostname=self._host, port=self._port, username=self._username,
                password=self._password, start_tls=self._starttls, tls_context=self._tls_context,
                timeout=self._timeout)
        except aiosmtplib.SMTPAuthenticationError as error:
            log.error("SMTP server %s:%s refused our credentials: %s", self._host, self._port, error)
            raise MailUnavailable("The mail server refused the bot's credentials.") from error
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            log.warning("SMTP send to %s:%s failed: %s", self._host, self._port, error)
            raise MailUnavailable("The mail server is not available at the moment.") from error
        if refused:
            log.warning("SMTP server refused some recipients of %r: %s", email.subject, sorted(refused))
        log.info("mail %r sent to %s (%s)", email.subject, ", ".join(email.to), reply.strip())
