"""Retention and erasure of personal data: the daily purge, and "forget this tenant / this person".

Orders no contract needs (drafts, cancelled, expired) are deleted: their held numbers are released
through the inventory first, then their contract PDFs, then the order (on condition of the ETag read, so
a draft someone is working on right now is left alone). Submitted orders stay for billing: on request,
the people on them become "[erased]" markers (services.domain.erasure) and their PDFs are deleted.
Mail rows and `.eml` files go after the mail window, or on request when they mention the person.
Sales channel cases (they keep the customer's name and the contacts shown to sales) go when closed longer
ago than the draft window, with their tenant, or when they name the person.
With `apply=False` every method only counts what it would remove (the admin's dry run).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from services.catalogue.accounts import AccountDirectory
from services.conversations.port import ConversationRef, ConversationStore
from services.documents.port import DocumentStore
from services.domain.errors import Conflict, NotFound
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.inventory import HoldStatus
from services.orders.port import OrderStore, Stored
from services.privacy_documents import contract_documents
from services.privacy_models import (
    NEVER_CONTRACTED,
    HoldReleaser,
    MailFiles,
    MailRows,
    Removal,
    RetentionPolicy,
    StateRows,
    checked_email,
    checked_tenant,
    emails_on,
    has_email,
)
from services.sales_channel.port import CaseStore

log = logging.getLogger(__name__)

ERASE_ATTEMPTS = 5


def state_keys(ref: ConversationRef) -> list[str]:
    """botbuilder's keys for the chat's ConversationState and its user's UserState rows."""
    channel = str(ref.reference.get("channelId") or "msteams")
    keys = [f"{channel}/conversations/{ref.conversation_id}"]
    user = (ref.reference.get("user") or {}).get("id")
    if user:
        keys.append(f"{channel}/users/{user}")
    return keys


def _kept_changing(order: Order) -> Conflict:
    return Conflict(f"Order {order.id} kept changing while its personal data was being erased; run the "
                    "command again.", code="order_changed")


class Privacy:
    def __init__(self, orders: OrderStore, inventory: HoldReleaser, documents: DocumentStore,
                 conversations: ConversationStore, state: StateRows, mail: MailRows, *, cases: CaseStore,
                 mail_files: MailFiles | None = None, policy: RetentionPolicy | None = None,
                 accounts: AccountDirectory | None = None) -> None:
        self._orders, self._inventory, self._documents, self._cases = orders, inventory, documents, cases
        self._conversations, self._state, self._mail, self._files = conversations, state, mail, mail_files
        self.policy = policy or RetentionPolicy()
        self._accounts = accounts

    async def purge(self, now: datetime, *, apply: bool = True) -> Removal:
        """Deletes never-contracted orders untouched for the draft window, sales cases closed longer ago
        than that window, and mail finished (sent or given up) longer ago than the mail window."""
        report = Removal(applied=apply)
        for stored in await self._orders.list_untouched(NEVER_CONTRACTED, now - self.policy.drafts):
            if not await self._delete_order(stored, report):
                log.info("order %s changed while being purged; left for the next pass", stored.order.id)
                report.orders_skipped.append(stored.order.id)
        closed = now - self.policy.drafts
        report.cases = (await self._cases.delete_closed_before(closed) if apply
                        else len(await self._cases.closed_before(closed)))
        report.mail_rows = await self._remove_rows(await self._mail.finished_before(now - self.policy.mail),
                                                   apply)
        if self._files is not None:
            files = await self._files.older_than(now - self.policy.mail)
            report.mail_files = await self._files.delete(files) if apply else len(files)
        return report

    async def forget_tenant(self, tenant_id: str, now: datetime, *, apply: bool = True) -> Removal:
        """Everything personal of one customer tenant; its submitted orders stay, erased. Mail goes when
        it mentions the orders' people or the account's registered (sign-in) addresses; every sales case
        of the tenant is deleted."""
        tenant = checked_tenant(tenant_id)
        report = Removal(applied=apply)
        addresses: set[str] = set()
        for order in await self._orders.list_for_tenant(tenant):
            addresses |= emails_on(order) | self._sign_in_addresses(order.ocn)
            await self._forget_order(order, now, report)
        await self._forget_mail(addresses, report)
        await self._forget_chats(tenant, report)
        report.cases += (await self._cases.delete_for_tenant(tenant) if apply
                         else len(await self._cases.for_tenant(tenant)))
        return report

    async def forget_person(self, email: str, now: datetime, *, apply: bool = True) -> Removal:
        """One person, by email (any case), on every tenant's orders; the mail and the sales cases
        naming them are deleted."""
        address = checked_email(email)
        report = Removal(applied=apply)
        for order in await self._orders.list_by_status(list(OrderStatus)):
            if has_email(order, address):
                await self._erase(order, lambda o: o.erase_person(address, now), report)
        await self._forget_mail({address}, report)
        cases = await self._cases.mentioning(address)
        report.cases += await self._cases.delete(cases) if apply else len(cases)
        return report

    def _sign_in_addresses(self, ocn: str) -> set[str]:
        """The account's registered emails: the sign-in codes for this tenant's orders went there."""
        if self._accounts is None:
            return set()
        try:
            return set(self._accounts.find(ocn).registered_emails)
        except NotFound:
            return set()

    # -- steps --------------------------------------------------------------------------------------

    async def _forget_order(self, order: Order, now: datetime, report: Removal) -> None:
        """A never-contracted order is deleted, any other erased; tried again if it changed meanwhile."""
        for _ in range(ERASE_ATTEMPTS):
            try:
                stored = await self._orders.get(order.tenant_id, order.id)
            except NotFound:
                return
            if stored.order.status not in NEVER_CONTRACTED:
                await self._erase(order, lambda o: o.erase_personal_data(now), report)
                return
            if await self._delete_order(stored, report):
                return
        raise _kept_changing(order)

    async def _delete_order(self, stored: Stored, report: Removal) -> bool:
        """Holds released, then the PDFs, then the order itself if nobody changed it meanwhile (else
        False)."""
        order = stored.order
        if report.applied:
            report.holds_released += len(await self._inventory.release_order(order.tenant_id, order.id))
        else:
            holds = await self._inventory.holds(order.tenant_id, order.id)
            report.holds_released += sum(1 for hold in holds if hold.status is not HoldStatus.ALLOCATED)
        report.documents += await self._remove_documents(order, report.applied)
        if report.applied:
            try:
                await self._orders.delete(order.tenant_id, order.id, stored.etag)
            except Conflict:
                return False
            except NotFound:
                return True
        report.orders_deleted.append(order.id)
        return True

    async def _erase(self, order: Order, change: Callable[[Order], bool], report: Removal) -> None:
        """Applies the domain's erasure and saves, reading again if someone saved first; the order's
        PDFs go in any case (they name the people)."""
        for _ in range(ERASE_ATTEMPTS):
            try:
                stored = await self._orders.get(order.tenant_id, order.id)
            except NotFound:
                return
            erased = stored.order.model_copy(deep=True)
            changed = change(erased)
            if changed and report.applied:
                try:
                    await self._orders.save(erased, stored.etag)
                except Conflict:
                    continue
            if changed:
                report.orders_erased.append(order.id)
            report.documents += await self._remove_documents(order, report.applied)
            return
        raise _kept_changing(order)

    async def _remove_documents(self, order: Order, apply: bool) -> int:
        found = [name for name in contract_documents(order) if await self._documents.exists(name)]
        if apply:
            for name in found:
                await self._documents.delete(name)
        return len(found)

    async def _remove_rows(self, ids: list[str], apply: bool) -> int:
        return await self._mail.delete(ids) if apply else len(ids)

    async def _forget_mail(self, addresses: set[str], report: Removal) -> None:
        report.mail_rows += await self._remove_rows(await self._mail.mentioning(addresses), report.applied)
        if self._files is not None:
            files = await self._files.mentioning(addresses)
            report.mail_files += await self._files.delete(files) if report.applied else len(files)

    async def _forget_chats(self, tenant: str, report: Removal) -> None:
        """The tenant's chat references, and the bot state rows of those chats and their users."""
        refs = await self._conversations.list_for_tenant(tenant)
        keys = sorted({key for ref in refs for key in state_keys(ref)})
        report.state_rows += len(await self._state.read(keys)) if keys else 0
        report.conversations += len(refs)
        if report.applied:
            if keys:
                await self._state.delete(keys)
            for ref in refs:
                await self._conversations.delete(tenant, ref.user_id)
