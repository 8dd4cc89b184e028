"""What `python -m bot.admin purge | forget-tenant | forget-person` prints about a `Removal`."""

from __future__ import annotations

from services.privacy_models import Removal


def _count(number: int, one: str) -> str:
    return f"{number} {one if number == 1 else one + 's'}"


def removal_lines(subject: str, report: Removal) -> list[str]:
    """A heading (done, or a dry run that changed nothing) and one line per kind of data."""
    if report.empty and not report.orders_skipped:
        return [f"Nothing to remove for {subject}."]
    done = report.applied
    deleted, erased, released = ("deleted", "erased", "released") if done else (
        "to delete", "to erase", "to release")
    lines = [f"Removed for {subject}:" if done
             else f"Dry run for {subject} (nothing changed; add --yes to remove):"]
    items = [
        (len(report.orders_deleted), f"{_count(len(report.orders_deleted), 'order')} (draft, cancelled or "
                                     f"expired) {deleted}"),
        (len(report.orders_erased), f"{_count(len(report.orders_erased), 'order')} kept, personal data "
                                    f"{erased}"),
        (report.holds_released, f"{_count(report.holds_released, 'number hold')} {released}"),
        (report.documents, f"{_count(report.documents, 'contract document')} {deleted}"),
        (report.mail_rows, f"{_count(report.mail_rows, 'mail outbox row')} {deleted}"),
        (report.mail_files, f"{_count(report.mail_files, 'mail file')} {deleted}"),
        (report.conversations, f"{_count(report.conversations, 'chat reference')} {deleted}"),
        (report.state_rows, f"{_count(report.state_rows, 'bot state row')} {deleted}"),
        (report.cases, f"{_count(report.cases, 'sales channel case')} {deleted}"),
    ]
    lines += [f"  {text}" for number, text in items if number]
    lines += [f"  order {order_id} was changed meanwhile: left for the next pass"
              for order_id in report.orders_skipped]
    return lines
