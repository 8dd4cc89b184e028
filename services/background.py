"""The app's background loops (expiry, mail, notifications, retention) run for the life of a block:
aiohttp's `cleanup_ctx` enters it at start and leaves it at shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import Any

Running = AbstractAsyncContextManager["asyncio.Task[None]"]
"""What the `*_loop` functions return: enter it to start the loop, leave it to stop it."""


@asynccontextmanager
async def in_background(loop: Coroutine[Any, Any, None], name: str,
                        before_stop: Callable[[], Awaitable[None]] | None = None
                        ) -> AsyncIterator[asyncio.Task[None]]:
    """Runs `loop` in a task; at the end of the block awaits `before_stop` (if any), then cancels it."""
    task = asyncio.create_task(loop, name=name)
    try:
        yield task
    finally:
        if before_stop is not None:
            await before_stop()
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
