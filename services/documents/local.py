"""Documents as files under a folder: the embedded default (the data dir), with no server to run.

Each document is `<root>/<name>`, its content type in the sidecar `<root>/<name>~meta.json` ('~' is
never in a valid name, so a sidecar cannot clash with a document). Each file is written to a temporary
file and moved into place with `os.replace`, so a reader sees the old or the new bytes, never half; the
two files are replaced one after the other. File I/O runs in worker threads, off the event loop.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import os
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from services.documents.port import (
    DEFAULT_CONTENT_TYPE,
    Document,
    InvalidDocumentName,
    validate_content_type,
    validate_link_lifetime,
    validate_name,
)
from services.domain.errors import NotFound, StoreUnavailable

T = TypeVar("T")

SIDECAR_SUFFIX = "~meta.json"


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix="~tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class LocalDocumentStore:
    """A `DocumentStore` on the local file system. `link` gives None: the bot serves the file itself."""

    def __init__(self, root: Path) -> None:
        self._root = Path(root)

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        validate_name(name)
        meta = json.dumps({"content_type": validate_content_type(content_type)}).encode()

        def write() -> None:
            path = self._path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(self._sidecar(path), meta)
            _write_atomically(path, bytes(data))

        await self._run(f"store '{name}'", write)

    async def get(self, name: str) -> Document:
        validate_name(name)

        def read() -> Document:
            path = self._path(name)
            try:
                data = path.read_bytes()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
                raise NotFound(f"Document '{name}' not found.") from error
            return Document(data, self._content_type(path))

        return await self._run(f"read '{name}'", read)

    async def exists(self, name: str) -> bool:
        validate_name(name)
        return await self._run(f"look for '{name}'", lambda: self._path(name).is_file())

    async def delete(self, name: str) -> None:
        validate_name(name)

        def remove() -> None:
            path = self._path(name)
            path.unlink(missing_ok=True)
            self._sidecar(path).unlink(missing_ok=True)

        await self._run(f"delete '{name}'", remove)

    async def link(self, name: str, expires_in: timedelta) -> str | None:
        validate_link_lifetime(expires_in)
        if not await self.exists(name):
            raise NotFound(f"Document '{name}' not found.")
        return None

    async def ping(self) -> None:
        def check() -> None:
            self._root.mkdir(parents=True, exist_ok=True)
            if not os.access(self._root, os.W_OK | os.X_OK):
                raise StoreUnavailable(f"The documents folder {self._root} is not writable.")

        await self._run("open the documents folder", check)

    async def close(self) -> None:
        """Nothing to release."""

    def _path(self, name: str) -> Path:
        """The file for `name` (in a worker thread): refuses a name a symlink in the folder leads outside."""
        root = self._root.resolve()
        path = root / validate_name(name)
        if not path.resolve().is_relative_to(root):
            raise InvalidDocumentName(f"Document name {name!r} leads outside the documents folder.")
        return path

    @staticmethod
    def _sidecar(path: Path) -> Path:
        return path.with_name(path.name + SIDECAR_SUFFIX)

    def _content_type(self, path: Path) -> str:
        try:
            return json.loads(self._sidecar(path).read_bytes())["content_type"]
        except (OSError, ValueError, KeyError):
            return mimetypes.guess_type(path.name)[0] or DEFAULT_CONTENT_TYPE

    @staticmethod
    async def _run(action: str, work: Callable[[], T]) -> T:
        try:
            return await asyncio.to_thread(work)
        except OSError as error:
            raise StoreUnavailable(f"The documents folder could not {action}: {error.strerror}.") from error
