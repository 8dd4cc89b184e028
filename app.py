"""Composition root: `create_app(settings)` builds the aiohttp application; `python app.py` serves it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web
from pydantic import ValidationError

from bot.components import build_components
from bot.routes import COMPONENTS, MAX_BODY_BYTES, add_routes
from bot.settings import Settings

log = logging.getLogger("app")


def create_app(settings: Settings | None = None) -> web.Application:
    settings = settings or Settings()
    app = web.Application(client_max_size=MAX_BODY_BYTES)

    async def components(app: web.Application) -> AsyncIterator[None]:
        app[COMPONENTS] = build_components(settings)
        yield
        await app[COMPONENTS].close()

    app.cleanup_ctx.append(components)
    add_routes(app)
    return app


def main() -> None:
    try:
        settings = Settings()
    except ValidationError as error:
        logging.basicConfig(level=logging.ERROR, format="%(message)s")
        problems = "; ".join(item["msg"].removeprefix("Value error, ") for item in error.errors())
        log.error("The bot cannot start: %s", problems)
        raise SystemExit(2) from None
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.info("serving on http://%s:%s (store=%s)", settings.host, settings.port, settings.store.value)
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
