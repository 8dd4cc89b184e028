"""Reads the one-time sign-in codes the bot emailed (the embedded outbox: one `.eml` file a mail)."""

from __future__ import annotations

import asyncio
import os
import re
from email.parser import BytesHeaderParser
from pathlib import Path

CODE = re.compile(rb"\b(\d{6})\b")


class Outbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen: set[str] = set()
        self._codes: dict[str, str] = {}

    def _scan(self) -> None:
        try:
            names = sorted(entry.name for entry in os.scandir(self.folder) if entry.name.endswith(".eml"))
        except FileNotFoundError:
            return
        for name in names:
            if name in self._seen:
                continue
            self._seen.add(name)
            data = (self.folder / name).read_bytes()
            headers = BytesHeaderParser().parsebytes(data)
            found = CODE.search(data.partition(b"\n\n")[2])
            if found and "sign-in code" in headers.get("Subject", ""):
                self._codes[headers.get("To", "").strip().lower()] = found.group(1).decode()

    async def code_for(self, email: str, seconds: float = 60) -> str:
        """The latest code sent to `email`, taken once. Waits for it like an admin waits for the email:
        under load the mail queue may deliver it after the turn that sent it has been answered."""
        wanted = email.lower()
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            self._scan()
            if wanted in self._codes:
                return self._codes.pop(wanted)
            if asyncio.get_running_loop().time() > deadline:
                raise LookupError(f"no sign-in code for {email} in {self.folder}")
            await asyncio.sleep(0.01)
