"""A small aiohttp app with the signing routes around a `Submission`, as the bot will register them."""

from __future__ import annotations

from aiohttp import web

from bot.signing import add_signing_routes
from services.submission import Submission

SUBMISSION = web.AppKey("submission", Submission)


def signing_app(submission: Submission) -> web.Application:
    app = web.Application()
    app[SUBMISSION] = submission
    add_signing_routes(app, SUBMISSION)
    return app
