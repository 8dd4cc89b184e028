"""Serving aiohttp applications for the bench: in this process on a free port of 127.0.0.1, or the
bot as its own process (`python app.py`), as it runs in production."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import ClientError, ClientSession, ClientTimeout, web

ROOT = Path(__file__).resolve().parent.parent


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """Serves `app` in this process until the block ends; yields its base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        await web.SockSite(runner, sock).start()
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        await runner.cleanup()
        sock.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class BotProcess:
    url: str
    process: asyncio.subprocess.Process
    started_s: float  # from spawning `python app.py` to the first 200 from /healthz

    def peak_rss_mb(self) -> float:
        """The process's high-water resident set size (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise LookupError("no VmHWM in /proc/<pid>/status")

    def cpu_s(self) -> float:
        """CPU time (user + system) the process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bot_environment(data_dir: Path, port: int, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Embedded backends, development mode without a Bot Framework identity, logging at WARNING."""
    keep = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "TZ")}
    return {**keep, "ENVIRONMENT": "development", "HOST": "127.0.0.1", "PORT": str(port),
            "PUBLIC_URL": f"http://127.0.0.1:{port}", "DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING",
            "STORE": "sqlite", "BLOBS": "local", "MAIL": "outbox", "ESIGN": "local",
            "MicrosoftAppId": "", "MicrosoftAppPassword": "", "PYTHONUNBUFFERED": "1", **(extra or {})}


@asynccontextmanager
async def bot_process(data_dir: Path, extra_env: Mapping[str, str] | None = None,
                      timeout_s: float = 30) -> AsyncIterator[BotProcess]:
    """Starts `python app.py` (from an empty working folder, so no `.env` is read) and waits for
    /healthz to answer 200; stops the process when the block ends."""
    port = free_port()
    workdir = data_dir.parent / f"cwd-{port}"
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"bot-{port}.log"
    log = log_path.open("wb")
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "app.py"), cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
        env=bot_environment(data_dir, port, extra_env))
    try:
        url = f"http://127.0.0.1:{port}"
        try:
            await _wait_healthy(url, process, started + timeout_s)
        except (RuntimeError, TimeoutError) as error:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{error}; its log ends: {tail}") from None
        yield BotProcess(url, process, time.perf_counter() - started)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()


async def _wait_healthy(url: str, process: asyncio.subprocess.Process, deadline: float) -> None:
    async with ClientSession(timeout=ClientTimeout(total=2)) as http:
        while True:
            if process.returncode is not None:
                raise RuntimeError(f"the bot exited with {process.returncode} before it was healthy")
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            except (TimeoutError, ClientError, OSError):
                pass
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{url}/healthz did not answer 200 in time")
            await asyncio.sleep(0.005)
