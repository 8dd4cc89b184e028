"""HTTP routes: the Bot Framework messaging endpoint and the health check."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from jwt import PyJWTError
from msrest.exceptions import DeserializationError

from bot.components import Components
from bot.settings import VERSION
from bot.signing import add_signing_routes
from services.submission import Submission

log = logging.getLogger(__name__)

COMPONENTS = web.AppKey("components", Components)
SUBMISSION = web.AppKey("submission", Submission)
MAX_BODY_BYTES = 1024 * 1024
REQUIRED = {"type": str, "channelId": str, "serviceUrl": str, "conversation": dict}


def _unauthorized() -> web.Response:
    log.info("refused an activity with a missing or invalid token")
    return web.json_response({"error": "unauthorized"}, status=401)


def _is_token_refusal(error: Exception) -> bool:
    """botframework-connector's own ways of refusing a token besides PyJWTError/PermissionError: an
    unknown or missing `kid` is an IndexError from its key lookup, and a key not endorsed for the
    channel a bare Exception("Could not validate endorsement key")."""
    return isinstance(error, (PyJWTError, PermissionError, LookupError)) or (
        type(error) is Exception and "endorsement" in str(error))


def _bad_request(reason: str) -> web.Response:
    return web.json_response({"error": "bad_request", "message": reason}, status=400)


def _check_activity(body: Any) -> str | None:
    """What is wrong with the posted activity, in a sentence; None when it can be processed."""
    if not isinstance(body, dict):
        return "The body must be a JSON object (a Bot Framework activity)."
    for field, kind in REQUIRED.items():
        if not isinstance(body.get(field), kind):
            return f"The activity needs '{field}'."
    if not isinstance(body["conversation"].get("id"), str):
        return "The activity needs 'conversation.id'."
    return None


async def messages(request: web.Request) -> web.StreamResponse:
    if request.content_type != "application/json":
        return _bad_request("Send the activity as JSON with Content-Type: application/json.")
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        return _bad_request("The body is not valid JSON.")
    problem = _check_activity(body)
    if problem:
        return _bad_request(problem)
    components = request.app[COMPONENTS]
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if components.settings.app_id and (scheme != "Bearer" or not token.strip()):
        return _unauthorized()  # the SDK's configured-issuer path crashes on a missing header
    try:
        response = await components.adapter.process(request, components.bot)
    except DeserializationError:
        return _bad_request("The activity could not be read.")
    except Exception as error:
        if not _is_token_refusal(error):
            raise
        return _unauthorized()
    return response or web.Response(status=201)


async def healthz(request: web.Request) -> web.Response:
    components = request.app[COMPONENTS]
    store_ok = True
    try:
        await components.storage.ping()
        await components.services.orders.ping()
    except Exception:
        log.exception("health check: the store does not answer")
        store_ok = False
    body = {"status": "ok" if store_ok else "unavailable", "version": VERSION,
            "storage": components.settings.store.value, "store_ok": store_ok}
    return web.json_response(body, status=200 if store_ok else 503)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app[SUBMISSION] = app[COMPONENTS].services.submission
    add_signing_routes(app, SUBMISSION)
