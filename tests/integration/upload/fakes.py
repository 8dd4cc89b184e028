"""Local stand-ins for Microsoft Entra ID (an OpenID authority over HTTPS, as msal insists on https)
and for the Operator Connect upload API. Both record what they were sent and answer as scripted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class FakeAuthority:
    """`/{tenant}/v2.0/.well-known/openid-configuration` and `/{tenant}/oauth2/v2.0/token`."""

    base: str = ""
    token_requests: list[dict[str, str]] = field(default_factory=list)
    refuse: bool = False

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._metadata)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        return app

    async def _metadata(self, request: web.Request) -> web.Response:
        tenant = f"{self.base}/{request.match_info['tenant']}"
        return web.json_response({"issuer": f"{tenant}/v2.0",
                                  "authorization_endpoint": f"{tenant}/oauth2/v2.0/authorize",
                                  "token_endpoint": f"{tenant}/oauth2/v2.0/token"})

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests.append(dict(await request.post()))
        if self.refuse:
            return web.json_response({"error": "invalid_client",
                                      "error_description": "AADSTS7000215: Invalid client secret."},
                                     status=401)
        return web.json_response({"access_token": f"token-{len(self.token_requests)}",
                                  "token_type": "Bearer", "expires_in": 3600})


@dataclass
class FakeUploadApi:
    """POST /tenants/{tenant}/numbers; `answer` is the next (status, body), success by default."""

    received: list[dict[str, Any]] = field(default_factory=list)
    answer: tuple[int, dict[str, Any]] | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/tenants/{tenant}/numbers", self._upload)
        return app

    async def _upload(self, request: web.Request) -> web.Response:
        self.received.append({"tenant": request.match_info["tenant"], "headers": dict(request.headers),
                              "body": await request.json()})
        status, body = self.answer or (202, {"id": "upload-77", "accepted": len(self.received[-1]["body"]
                                                                                ["numbers"])})
        return web.json_response(body, status=status)
