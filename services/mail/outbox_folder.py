"""The `.eml` files the embedded mail adapter (services.mail.outbox) wrote, for retention and erasure.

With `MAIL=outbox` these files are the delivered mail: they are deleted after the mail retention window
(by modification time), and on request when a person's address is a recipient or appears in the text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from services.mail.retention import mentions

log = logging.getLogger(__name__)


def email_text(path: Path) -> str:
    """Headers and every text part decoded (a body may be quoted-printable or base64 on disk)."""
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    parts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                parts.append(str(part.get_content()))
            except (LookupError, ValueError):
                parts.append(part.get_payload(decode=False) or "")
    return "\n".join(parts)


class OutboxFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _files(self) -> list[Path]:
        return sorted(self.folder.glob("*.eml")) if self.folder.is_dir() else []

    async def older_than(self, before: datetime) -> list[Path]:
        def find() -> list[Path]:
            moment = before.timestamp()
            return [path for path in self._files() if path.stat().st_mtime < moment]

        return await asyncio.to_thread(find)

    async def mentioning(self, addresses: Collection[str]) -> list[Path]:
        """Files whose headers or text mention any of `addresses` (services.mail.retention.mentions)."""
        wanted = {address.strip() for address in addresses if address.strip()}

        def find() -> list[Path]:
            if not wanted:
                return []
            return [path for path in self._files()
                    if any(mentions(email_text(path), address) for address in wanted)]

        return await asyncio.to_thread(find)

    async def delete(self, paths: Collection[Path]) -> int:
        def remove() -> int:
            removed = 0
            for path in paths:
                try:
                    path.unlink()
                    removed += 1
                except FileNotFoundError:
                    continue
            return removed

        removed = await asyncio.to_thread(remove)
        if removed:
            log.info("deleted %d mail file(s) from %s", removed, self.folder)
        return removed
