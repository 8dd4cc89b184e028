"""Composition root: `create_app(settings)` builds the aiohttp application; `python app.py` serves it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web
from pydantic import ValidationError

from bot.components import Components, build_components
from bot.routes import COMPONENTS, MAX_BODY_BYTES, add_routes
from bot.settings import Settings
from bot.signing import RedactingAccessLogger
from bot.wiring import build_privacy
from services.catalogue import CatalogueError
from services.inventory import expiry_loop
from services.mail.sender import mail_loop
from services.notifications.worker import notifier_loop
from services.privacy_loop import DAY_S, retention_loop

log = logging.getLogger("app")


def create_app(settings: Settings | None = None, components: Components | None = None, *,
               retention_interval_s: float = DAY_S) -> web.Application:
    """Reference data is read here, so a broken catalogue file stops the start with its reason.

    The retention purge runs at start and then every `retention_interval_s` (a day; tests shorten it)."""
    settings = settings or Settings()
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[COMPONENTS] = components or build_components(settings)

    async def background(app: web.Application) -> AsyncIterator[None]:
        components = app[COMPONENTS]
        services, interval = components.services, components.settings.notify_interval_s
        privacy = build_privacy(components.settings, components.database, services, components.storage,
                                components.documents)
        async with (expiry_loop(services.inventory), mail_loop(services.mail_sender, mailer=services.mailer),
                    notifier_loop(components.notifier, interval),
                    retention_loop(privacy, services.deps.clock, retention_interval_s)):
            yield
        await app[COMPONENTS].close()

    app.cleanup_ctx.append(background)
    add_routes(app)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2's font subsetting is chatty
    try:
        settings = Settings()
        logging.getLogger().setLevel(settings.log_level.upper())
        app = create_app(settings)
    except ValidationError as error:
        problems = "; ".join(item["msg"].removeprefix("Value error, ") for item in error.errors())
        log.error("The bot cannot start: %s", problems)
        raise SystemExit(2) from None
    except CatalogueError as error:
        log.error("The bot cannot start: %s", error)
        raise SystemExit(2) from None
    log.info("serving on http://%s:%s (store=%s)", settings.host, settings.port, settings.store.value)
    web.run_app(app, host=settings.host, port=settings.port, print=None,
                access_log_class=RedactingAccessLogger)


if __name__ == "__main__":
    main()
