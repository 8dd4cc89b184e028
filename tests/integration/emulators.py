"""Session fixtures that run the local stand-ins for Azure: `cosmosdb-server` and Azurite (blob).

Both come from `node_modules/.bin` (installed by `make setup`); each listens on a free port of
127.0.0.1, its log goes to a temporary folder, and it is stopped when the test session ends.
Without `node_modules` the fixtures fail with the command to run: they never skip silently.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import NODE_BIN, free_port, running

# The well-known development keys of the Cosmos DB emulator and Azurite: public, local only.
COSMOS_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@dataclass(frozen=True)
class CosmosEmulator:
    endpoint: str
    key: str = COSMOS_KEY
    verify_tls: bool = False  # the stand-in serves a self-signed certificate


@dataclass(frozen=True)
class AzuriteEmulator:
    blob_endpoint: str

    @property
    def connection_string(self) -> str:
        return (f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};AccountKey={AZURITE_KEY};"
                f"BlobEndpoint={self.blob_endpoint};")


def _binary(name: str) -> str:
    path = NODE_BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make setup` (npm ci) to install the local Azure stand-ins.",
                    pytrace=False)
    return str(path)


@pytest.fixture(scope="session")
def emulator_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("emulators")


@pytest.fixture(scope="session")
def cosmos_emulator(emulator_logs: Path) -> Iterator[CosmosEmulator]:
    port = free_port()
    args = [_binary("cosmosdb-server"), "--host", "127.0.0.1", "-p", str(port)]
    endpoint = f"https://127.0.0.1:{port}/"
    with running(args, ready_url=endpoint, workdir=emulator_logs, name="cosmosdb-server", insecure=True):
        yield CosmosEmulator(endpoint)


@pytest.fixture(scope="session")
def azurite(emulator_logs: Path) -> Iterator[AzuriteEmulator]:
    port = free_port()
    args = [_binary("azurite-blob"), "--skipApiVersionCheck", "--inMemoryPersistence", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", str(port)]
    endpoint = f"http://127.0.0.1:{port}/{AZURITE_ACCOUNT}"
    # Azurite answers 403 to an unsigned request, which is enough to know it listens; it lingers for
    # seconds after SIGTERM with nothing to save (in-memory), so it is killed after one.
    with running(args, ready_url=f"{endpoint}?comp=list", workdir=emulator_logs, name="azurite-blob",
                 any_status=True, stop_timeout=1):
        yield AzuriteEmulator(endpoint)


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="session")
def azurite_oauth(emulator_logs: Path) -> Iterator[AzuriteEmulator]:
    """Azurite over HTTPS (self-signed) accepting Entra ID bearer tokens (`--oauth basic`: any
    well-formed, unexpired token for storage): for the managed identity path and user delegation SAS."""
    port = free_port()
    cert, key = _self_signed_certificate(emulator_logs)
    args = [_binary("azurite-blob"), "--skipApiVersionCheck", "--inMemoryPersistence", "--loose",
            "--oauth", "basic", "--cert", str(cert), "--key", str(key),
            "--blobHost", "127.0.0.1", "--blobPort", str(port)]
    endpoint = f"https://127.0.0.1:{port}/{AZURITE_ACCOUNT}"
    with running(args, ready_url=f"{endpoint}?comp=list", workdir=emulator_logs, name="azurite-oauth",
                 insecure=True, any_status=True, stop_timeout=1):
        yield AzuriteEmulator(endpoint)
