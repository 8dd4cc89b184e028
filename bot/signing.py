"""HTTP routes of the signing flow: the signing page, the contract downloads, the DocuSign webhook.

`add_signing_routes(app, key)` registers them; the `Submission` use cases are read from `app[key]`.
Pages are plain HTML with strict security headers. The form carries a nonce made for its token whose
seed is also in a SameSite=Strict cookie, so no other site can post it. A problem is shown as a short
page with the right status (400, 404, 410, 409), never a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from urllib.parse import quote

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from bot.signing_page import CSS, STYLESHEET, form_page, problem_page, signed_page
from services.domain.errors import DomainError, NotFound, StoreUnavailable
from services.esign.connect import MAX_BODY_BYTES
from services.esign.port import TOKEN_UNKNOWN, SigningError
from services.esign.webhook import WebhookUnauthorized
from services.submission import Submission
from services.submission_form import SigningFormError

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; "
                               "frame-ancestors 'none'; object-src 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
_TOKEN_IN_PATH = re.compile(r"^/(sign|contracts)/[^/?]+")
NONCE_COOKIE = "sign_nonce"
MAX_FORM_BYTES = 16 * 1024
TITLES = {400: "Please check the form", 404: "This link is not valid", 409: "This order cannot be signed",
          410: "This signing link can no longer be used", 413: "Please check the form",
          500: "Something went wrong"}


def _secure(response: web.Response) -> web.Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def _html(body: str, status: int = 200) -> web.Response:
    return _secure(web.Response(text=body, status=status, content_type="text/html", charset="utf-8"))


def _pdf(data: bytes, filename: str, disposition: str) -> web.Response:
    response = web.Response(body=data, content_type="application/pdf")
    response.headers["Content-Disposition"] = f"{disposition}; filename=\"{quote(filename)}\""
    return _secure(response)


def _status(error: Exception) -> tuple[int, str]:
    if isinstance(error, SigningError):
        return (404 if error.code == TOKEN_UNKNOWN else 410), error.message
    if isinstance(error, NotFound):
        return 404, error.message
    if isinstance(error, DomainError) and not isinstance(error, StoreUnavailable):
        return 409, error.message
    log.error("a signing page failed", exc_info=error)
    return 500, "This could not be done just now. Nothing was signed. Please try again in a few minutes."


def _nonce_for(token: str, seed: str) -> str:
    mac = hmac.new(token.encode(), b"sign-form:" + seed.encode(), hashlib.sha256).digest()
    return f"{seed}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def _nonce_ok(token: str, form_nonce: str, cookie: str | None) -> bool:
    """The form's nonce was made for this token, and its seed is the one in this browser's cookie."""
    seed = form_nonce.partition(".")[0]
    if not (seed and cookie):
        return False
    return hmac.compare_digest(_nonce_for(token, seed), form_nonce) & hmac.compare_digest(seed, cookie)


class SigningRoutes:
    def __init__(self, key: web.AppKey[Submission]) -> None:
        self.key = key

    def _problem(self, request: web.Request, error: Exception) -> web.Response:
        status, message = _status(error)
        operator = request.app[self.key].config.operator_name
        return _html(problem_page(TITLES[status], message, operator=operator), status)

    async def _form(self, request: web.Request, token: str, status: int = 200, *, typed: str = "",
                    consent: bool = False, errors: dict[str, str] | None = None) -> web.Response:
        submission = request.app[self.key]
        view = await submission.signing_page(token)
        seed = secrets.token_urlsafe(16)
        response = _html(form_page(view, token=token, nonce=_nonce_for(token, seed), typed=typed,
                                   consent=consent, errors=errors,
                                   operator=submission.config.operator_name), status)
        secure = request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"
        response.set_cookie(NONCE_COOKIE, seed, path=f"/sign/{token}", httponly=True, samesite="Strict",
                            secure=secure)
        return response

    async def page(self, request: web.Request) -> web.Response:
        try:
            return await self._form(request, request.match_info["token"])
        except Exception as error:
            return self._problem(request, error)

    async def sign(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        try:
            if (request.content_length or 0) > MAX_FORM_BYTES:
                return self._too_large(request)
            form = await request.post()
            typed, consent = str(form.get("name", "")), form.get("consent") == "yes"
            if not _nonce_ok(token, str(form.get("nonce", "")), request.cookies.get(NONCE_COOKIE)):
                errors = {"form": "This page was out of date. Check your name and the box, then sign again."}
                return await self._form(request, token, 400, typed=typed, consent=consent, errors=errors)
            submission = request.app[self.key]
            try:
                result = await submission.sign(token, typed, consent)
            except SigningFormError as error:
                return await self._form(request, token, 400, typed=typed, consent=consent,
                                        errors=error.errors)
            operator = submission.config.operator_name
            return _html(signed_page(result, company=result.company, operator=operator))
        except Exception as error:
            return self._problem(request, error)

    def _too_large(self, request: web.Request) -> web.Response:
        operator = request.app[self.key].config.operator_name
        return _html(problem_page(TITLES[413], "The form sent was too large.", operator=operator), 413)

    async def contract(self, request: web.Request) -> web.Response:
        try:
            data, filename = await request.app[self.key].signing_contract(request.match_info["token"])
        except Exception as error:
            return self._problem(request, error)
        return _pdf(data, filename, "inline")

    async def preview(self, request: web.Request) -> web.Response:
        try:
            data, filename = await request.app[self.key].open_preview(request.match_info["token"])
        except Exception as error:
            return self._problem(request, error)
        return _pdf(data, filename, "attachment")

    async def docusign(self, request: web.Request) -> web.Response:
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return web.json_response({"error": "too_large"}, status=413)
        body = await request.read()
        try:
            outcome = await request.app[self.key].docusign_event(body, request.headers)
        except WebhookUnauthorized:
            log.warning("refused a DocuSign Connect call without a valid HMAC signature")
            return web.json_response({"error": "unauthorized"}, status=401)
        except DomainError as error:
            if isinstance(error, StoreUnavailable):
                log.error("DocuSign event not recorded, Connect will retry: %s", error.message)
                return web.json_response({"error": "unavailable"}, status=503)
            return web.json_response({"error": error.code, "message": error.message}, status=400)
        return web.json_response({"outcome": outcome.value})


async def stylesheet(request: web.Request) -> web.Response:
    response = web.Response(text=CSS, content_type="text/css", charset="utf-8")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def redact_tokens(path: str) -> str:
    """The path with a signing or preview token hidden: a link in a log file must not work."""
    return _TOKEN_IN_PATH.sub(lambda found: f"/{found.group(1)}/<token>", path)


class RedactingAccessLogger(AbstractAccessLogger):
    """aiohttp's access log without the tokens (`web.run_app(..., access_log_class=...)`)."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %.3fs", request.method, redact_tokens(request.path), response.status, time)


def add_signing_routes(app: web.Application, submission_key: web.AppKey[Submission]) -> None:
    """The signing page, its contract, the preview download and the DocuSign Connect webhook."""
    routes = SigningRoutes(submission_key)
    app.router.add_get("/sign/{token}", routes.page)
    app.router.add_post("/sign/{token}", routes.sign)
    app.router.add_get("/sign/{token}/contract.pdf", routes.contract)
    app.router.add_get("/contracts/{token}", routes.preview)
    app.router.add_post("/api/esign/docusign", routes.docusign)
    app.router.add_get(STYLESHEET, stylesheet)
