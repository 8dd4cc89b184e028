"""Start and stop the real local servers tests talk to: the bot, the Playground, and (later) emulators."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_BIN = ROOT / "node_modules" / ".bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str, *, insecure: bool, any_status: bool) -> bool:
    """True when `url` answers; an HTTP error status counts only with `any_status`."""
    context = None
    if insecure:  # local emulators with a self-signed certificate
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, timeout=2, context=context):
            return True
    except urllib.error.HTTPError:
        return any_status
    except OSError:
        return False


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60, *,
                  insecure: bool = False, any_status: bool = False) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited early:\n{log.read_text()[-3000:]}")
        if _answers(url, insecure=insecure, any_status=any_status):
            return
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


@contextmanager
def running(args: list[str], *, ready_url: str, workdir: Path, env: dict[str, str] | None = None,
            name: str = "server", insecure: bool = False, any_status: bool = False,
            stop_timeout: float = 10) -> Iterator[subprocess.Popen]:
    """Runs a server process until the block ends; its output goes to `<workdir>/<name>.log`.

    `insecure` accepts a self-signed certificate and `any_status` any HTTP answer (an emulator that
    wants authentication answers 403) while waiting for `ready_url`; after `stop_timeout` seconds a
    server that ignores SIGTERM is killed.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=workdir, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
        try:
            wait_for_http(ready_url, process, log, insecure=insecure, any_status=any_status)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def bot_server(data_dir: Path, **env: str) -> Iterator[str]:
    """`python app.py` on a free port; yields its base URL."""
    port = free_port()
    settings = {"PORT": str(port), "DATA_DIR": str(data_dir), "HOST": "127.0.0.1",
                "PUBLIC_URL": f"http://127.0.0.1:{port}", **env}
    base = f"http://127.0.0.1:{port}"
    with running([sys.executable, str(ROOT / "app.py")], ready_url=f"{base}/healthz",
                 workdir=data_dir, env=settings, name="bot"):
        yield base


@contextmanager
def playground(bot_url: str, workdir: Path) -> Iterator[str]:
    """The Microsoft 365 Agents Playground (Teams channel) pointed at the bot; yields its URL."""
    port = free_port()
    args = [str(NODE_BIN / "agentsplayground"), "-e", f"{bot_url}/api/messages", "-c", "msteams",
            "--dt", "-p", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(args, ready_url=url, workdir=workdir, name="playground"):
        yield url
