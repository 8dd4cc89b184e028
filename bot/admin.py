"""Operator staff's command line, run on the bot's server with the bot's settings:

    python -m bot.admin list [--status processing]
    python -m bot.admin confirm ORDER      # confirm the numbers (signed -> processing)
    python -m bot.admin upload ORDER       # upload them to the customer's tenant (-> numbers uploaded)
    python -m bot.admin complete ORDER     # -> completed

    python -m bot.admin purge [--dry-run]                 # the daily retention pass, now
    python -m bot.admin forget-tenant TENANT [--yes]      # erase one customer tenant's personal data
    python -m bot.admin forget-person EMAIL [--yes]       # erase one person's, on every order

ORDER is the order id or its first 8 characters. The customer is told through the notification outbox,
which the running bot delivers. Without --yes, forget-* only print what they would remove. Exit codes:
0 done (or nothing to do), 1 refused by a rule (unknown order, wrong status), 2 bad usage or settings
(also a malformed tenant id or email), 75 may work later (the upload failed; an order kept changing
during an erasure).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from botbuilder.core import UserState
from pydantic import ValidationError

from bot.components import build_storage, entra_credential
from bot.sales_channel_settings import SalesChannelSettings
from bot.sales_channel_wiring import build_operations
from bot.settings import Settings
from bot.state.factory import close_state_storage
from bot.wiring import build_privacy, build_services
from services.catalogue import CatalogueError
from services.clock import Clock, SystemClock
from services.domain.errors import Conflict, DomainError, InvalidValue
from services.operations import Operations
from services.operations_text import listing, statuses_from
from services.privacy import Privacy
from services.privacy_text import removal_lines
from services.storage.sqlite import SqliteDatabase
from services.upload.port import UploadFailed

log = logging.getLogger("bot.admin")

OK, REFUSED, USAGE, TRY_LATER = 0, 1, 2, 75
PRIVACY = ("purge", "forget-tenant", "forget-person")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot.admin", description="Operations on submitted orders.")
    commands = root.add_subparsers(dest="command", required=True)
    listed = commands.add_parser("list", help="list orders by status")
    listed.add_argument("--status", default="", help="e.g. processing, signed, numbers_uploaded "
                                                      "(default: every open order)")
    for name, words in (("confirm", "confirm the order's numbers"), ("upload", "upload them to the tenant"),
                        ("complete", "complete the order")):
        commands.add_parser(name, help=words).add_argument("order", help="order id or its first 8 characters")
    purge = commands.add_parser("purge", help="delete what the retention windows say is due, now")
    purge.add_argument("--dry-run", action="store_true", help="only print what would be deleted")
    for name, what, words in (("forget-tenant", "tenant", "the customer's tenant id"),
                              ("forget-person", "email", "the person's email address")):
        forget = commands.add_parser(name, help=f"erase the personal data of {words}")
        forget.add_argument(what, help=words)
        forget.add_argument("--yes", action="store_true", help="really remove (without it: a dry run)")
    return root


async def execute(args: argparse.Namespace, operations: Operations) -> int:
    if args.command == "list":
        status = args.status.replace("_", " ")
        orders = await operations.list(statuses_from(status))
        print("\n".join(listing(f"Orders {status}" if status else "Open orders", orders)))
        return OK
    step = {"confirm": operations.confirm, "upload": operations.upload, "complete": operations.complete}
    result = await step[args.command](args.order)
    print(result.message if result.changed else f"Nothing to do: {result.message}")
    return OK


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Builds the services like the app does (same stores, same outbox: the running bot's notification
    worker tells the customer), runs one command, closes."""
    database = SqliteDatabase(settings.database_path)
    credential = entra_credential(settings)
    storage, documents = build_storage(settings, database, credential)
    clock = SystemClock()
    services = build_services(settings, database, UserState(storage), clock, documents=documents,
                              credential=credential)
    try:
        if args.command in PRIVACY:
            privacy = build_privacy(settings, database, services, storage, documents)
            return await guarded_privacy(args, privacy, clock)
        operations = build_operations(SalesChannelSettings.from_settings(settings), database, services.orders,
                                      services.inventory, services.outbox, clock, settings.operator_name)
        return await guarded(args, operations)
    finally:
        await services.close()
        await close_state_storage(storage)
        await documents.close()
        if credential is not None:
            await credential.close()
        database.close()


async def guarded(args: argparse.Namespace, operations: Operations) -> int:
    """Runs the command; a refusal is printed to stderr and becomes the exit code."""
    try:
        return await execute(args, operations)
    except UploadFailed as error:
        print(f"Upload failed: {error.message}", file=sys.stderr)
        return TRY_LATER if error.retryable else REFUSED
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return REFUSED


async def forget(args: argparse.Namespace, privacy: Privacy, clock: Clock) -> int:
    """Purge or erasure; forget-* change nothing without --yes, they print what they would remove."""
    now = clock.now()
    if args.command == "purge":
        report = await privacy.purge(now, apply=not args.dry_run)
        policy = privacy.policy
        subject = f"retention (orders after {policy.draft_days} days, mail after {policy.mail_days} days)"
    elif args.command == "forget-tenant":
        report = await privacy.forget_tenant(args.tenant, now, apply=args.yes)
        subject = f"tenant {args.tenant}"
    else:
        report = await privacy.forget_person(args.email, now, apply=args.yes)
        subject = args.email
    print("\n".join(removal_lines(subject, report)))
    return OK


async def guarded_privacy(args: argparse.Namespace, privacy: Privacy, clock: Clock) -> int:
    """A malformed tenant id or email is bad usage (2); an order that kept changing may work later."""
    try:
        return await forget(args, privacy, clock)
    except InvalidValue as error:
        print(error.message, file=sys.stderr)
        return USAGE
    except Conflict as error:
        print(error.message, file=sys.stderr)
        return TRY_LATER
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return REFUSED


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    try:
        settings = Settings()
        return asyncio.run(run(args, settings))
    except (ValidationError, CatalogueError) as error:
        print(f"The settings are not usable: {error}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    raise SystemExit(main())
