"""A local stand-in for the Bot Connector's token keys: RSA keys, a JWKS behind OpenID metadata, and
tokens signed like the channel signs them.

The SDK fetches the metadata with blocking `requests`, so the key server runs in its own thread (an
aiohttp server on the test's event loop could not answer while the loop is blocked).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"


@dataclass
class SigningKey:
    kid: str = field(default_factory=lambda: uuid.uuid4().hex)
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def jwk(self, endorsements: list[str] | None = None) -> dict[str, Any]:
        key = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**key, "kid": self.kid, "use": "sig", "endorsements": endorsements or ["msteams"]}

    def token(self, *, audience: str, service_url: str, issuer: str = ISSUER, expires_in: float = 3600,
              kid: str | None = None, **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": issuer, "aud": audience, "serviceurl": service_url, "iat": now - 10,
                   "nbf": now - 10, "exp": int(now + expires_in), **claims}
        return jwt.encode(payload, self.private, algorithm="RS256", headers={"kid": kid or self.kid})


@contextmanager
def key_server(*keys: SigningKey) -> Iterator[str]:
    """Serves /.well-known/openid-configuration and /keys; yields the metadata URL."""
    state: dict[str, Any] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/.well-known/openid-configuration":
                body = {"issuer": ISSUER, "jwks_uri": f"{state['base']}/keys",
                        "id_token_signing_alg_values_supported": ["RS256"]}
            elif self.path == "/keys":
                body = {"keys": [key.jwk() for key in keys]}
            else:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["base"] = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="jwks", daemon=True)
    thread.start()
    try:
        yield f"{state['base']}/.well-known/openid-configuration"
    finally:
        server.shutdown()
        server.server_close()
