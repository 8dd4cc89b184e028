"""The embedded mail adapter: each email becomes an `.eml` file in the outbox folder."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from services.mail.port import Email

log = logging.getLogger(__name__)


class OutboxMailer:
    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = Path(folder)
        self._sender = sender

    async def send(self, email: Email) -> None:
        message = email.to_message(self._sender)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"{stamp}-{message['Message-ID'].strip('<>').split('@')[0]}.eml"
        await asyncio.to_thread(self._write, path, bytes(message))
        log.info("mail to %s saved as %s", ", ".join(email.to), path)

    def _write(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
