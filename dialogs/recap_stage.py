"""Stage 5: the recap of the whole order, a way back to every stage, and the pre-flight check.

Ends with `{"goto": stage}` (Edit or Fix; the order dialog comes back here afterwards) or with
`{"done": True}` once the admin continues to the contract, which is only offered when the pre-flight
check finds nothing and no hold on the numbers has expired.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Literal, Self

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from pydantic import model_validator

from cards import chrome, recap
from cards.recap import CONTINUE, EDIT, FIX, RecapView
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.office_support import range_texts
from dialogs.options_stage import describe
from dialogs.receipts import replace_with_receipt
from dialogs.session import Requester
from dialogs.stage import STAGE_TITLES, Stage, progress, say
from dialogs.typing import typing_while_slow
from services.catalogue.area_codes import AreaCode
from services.domain.base import country_name
from services.domain.contact import ContactRole
from services.domain.country_order import CountryOrder
from services.domain.errors import DomainError
from services.domain.money import Charge
from services.domain.office import NumberUsage, Office
from services.domain.order import Order
from services.domain.status import OrderStatus
from services.preflight import Problem
from services.pricing import Quote, format_money

log = logging.getLogger(__name__)

FLOW, PROMPT = "recap.flow", "recap.card"
MAX_PROBLEMS = 8
CONTACT_PROBLEMS = frozenset({"contact_missing", "legal_address_missing"})
COUNTRY_PROBLEMS = frozenset({"no_countries", "main_billing_country_missing", "country_not_sold",
                              "plan_missing", "plan_unknown", "billing_missing", "billing_currency",
                              "porting_not_offered", "migration_not_offered"})


class RecapSubmit(CardSubmit):
    action: Literal["edit", "fix", "continue"]
    goto: Literal["countries", "offices", "options", "contacts"] | None = None

    @model_validator(mode="after")
    def _target_when_jumping(self) -> Self:
        if self.action != CONTINUE and self.goto is None:
            raise ValueError("say which step to go back to")
        return self


def fixed_in(problem: Problem) -> str:
    """The stage that fixes a pre-flight problem: offices unless it is the plan, billing or contacts."""
    return ("contacts" if problem.code in CONTACT_PROBLEMS
            else "countries" if problem.code in COUNTRY_PROBLEMS else "offices")


def problem_views(problems: list[Problem]) -> tuple[list[recap.ProblemView], int]:
    """One line per problem; problems about single numbers are counted per office and kind."""
    grouped: dict[tuple[str, str | None, str | None], list[Problem]] = {}
    for problem in problems:
        key = (problem.code, problem.office_id, problem.message if problem.number is None else None)
        grouped.setdefault(key, []).append(problem)
    views = [recap.ProblemView(_counted(group), fixed_in(group[0])) for group in grouped.values()]
    return views[:MAX_PROBLEMS], max(0, len(views) - MAX_PROBLEMS)


def _counted(group: list[Problem]) -> str:
    extra = len(group) - 1
    return group[0].message + (f" The same goes for {extra} more numbers of this office." if extra else "")


class RecapStage(Stage):
    def __init__(self, deps: Deps) -> None:
        super().__init__("recap", deps)
        self._handlers: dict[str, Callable[[WaterfallStepContext, dict[str, Any]],
                                           Awaitable[DialogTurnResult]]] = {
            EDIT: self._jump, FIX: self._jump, CONTINUE: self._continue}
        self.add_dialog(CardPrompt(PROMPT, RecapSubmit))
        self.add_dialog(WaterfallDialog(FLOW, [self._show, self._answer]))
        self.initial_dialog_id = FLOW

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        try:
            async with typing_while_slow(step.context):
                order = await self.load(step)
                view = self.view(order, self.who(step))
        except DomainError as error:
            return await self.stop(step, error)
        return await self.ask(step, PROMPT, lambda token: recap.recap_card(view, token), "Check your order")

    async def _answer(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer: dict[str, Any] = step.result
        return await self._handlers[answer["action"]](step, answer)

    async def _jump(self, step: WaterfallStepContext, answer: dict[str, Any]) -> DialogTurnResult:
        title = STAGE_TITLES[answer["goto"]]
        await replace_with_receipt(step.context, f"Recap: going back to {title.lower()}")
        return await step.end_dialog({"goto": answer["goto"]})

    async def _continue(self, step: WaterfallStepContext, answer: dict[str, Any]) -> DialogTurnResult:
        """Checks again: the hold may have run out, or the order changed, since the card was drawn."""
        order = await self.load(step)
        view = self.view(order, self.who(step))
        if not view.can_continue:
            log.info("continue to contract refused for order %s: %s", order.id, view.blocked)
            await say(step.context, f"Not yet: {view.blocked}")
            return await step.replace_dialog(FLOW, {"order_id": self.order_id(step)})
        await replace_with_receipt(step.context, "Order checked", ["Next: the contract"])
        return await step.end_dialog({"done": True})

    def view(self, order: Order, who: Requester) -> RecapView:
        now = self.deps.clock.now()
        problems, more = problem_views(self.deps.journey.problems(order))
        expiry = order.earliest_expiry()
        expired = expiry is not None and expiry <= now
        return RecapView(
            progress=progress("recap"), company=order.company_name or "Your company",
            tenant=order.tenant_id, ocn=order.ocn,
            countries=[self._country(entry, order) for entry in order.countries],
            fees=fee_tables(self.deps.journey.quote(order), who.locale), contacts=contact_lines(order),
            legal_address=", ".join(order.legal_address.lines()) if order.legal_address else "not given yet",
            hold=chrome.countdown(expiry, now, who.timezone) if expiry else "", hold_expired=expired,
            problems=problems, more_problems=more, blocked=_blocked(order, bool(problems), expired))

    def _country(self, entry: CountryOrder, order: Order) -> recap.CountryView:
        return recap.CountryView(
            name=entry.name, plan=self._plan(entry), billing=_billing(entry, order), porting=_porting(entry),
            options=describe(entry.options), offices=[office_view(entry, office) for office in entry.offices])

    def _plan(self, entry: CountryOrder) -> str:
        if entry.plan_id is None:
            return "not chosen yet"
        try:
            return self.deps.catalogue.plan(entry.country, entry.plan_id).name
        except DomainError:
            return entry.plan_id


def _blocked(order: Order, problems: bool, expired: bool) -> str:
    if order.status is not OrderStatus.DRAFT:
        return f"This order is {order.status.label} and can no longer be changed or submitted."
    if expired:
        return ("The hold on your numbers has expired and they went back to the pool. Reserve them "
                "again (Edit offices and numbers) before you continue to the contract.")
    return "Fix the problems listed at the top before you continue to the contract." if problems else ""


def _billing(entry: CountryOrder, order: Order) -> str:
    main = " · main billing country" if order.main_billing_country == entry.country else ""
    if entry.billing is None:
        return "no billing number chosen yet"
    if entry.billing.new_bcn:
        return f"New BCN requested in {entry.billing.currency}{main}"
    return f"BCN {entry.billing.bcn} in {entry.billing.currency}{main}"


def _porting(entry: CountryOrder) -> str:
    parts = [f"porting {entry.porting_numbers or 'your'} numbers" if entry.porting else "",
             "migration of your numbers" if entry.migration else ""]
    chosen = " and ".join(part for part in parts if part)
    if not chosen:
        return "New numbers only"
    return f"New numbers, {chosen} (our sales team prepares the forms with you)"


def office_view(entry: CountryOrder, office: Office) -> recap.OfficeView:
    runs = range_texts((held.number for held in office.numbers), counts=True)
    users, resources = (len(office.numbers_for(usage)) for usage in NumberUsage)
    details = [f"Area code {AreaCode(entry.country, office.area_code, office.address.city).display}"
               if office.area_code else "",
               f"{len(office.numbers)} of {office.requested} numbers reserved: {users} for users, "
               f"{resources} for resource accounts" if office.quantities else "Numbers not chosen yet"]
    return recap.OfficeView(
        title=office.name or office.address.city, address=", ".join(office.address.lines()),
        details=" · ".join(part for part in details if part), ranges=runs[:recap.MAX_RANGES],
        more_ranges=max(0, len(runs) - recap.MAX_RANGES))


def fee_tables(quote: Quote, locale: str) -> list[recap.FeeTable]:
    """Lines and totals per currency, in the order the currencies first appear; never added across."""
    totals = {Charge.ONE_OFF: quote.installation_totals, Charge.MONTHLY: quote.monthly_totals}

    def rows(charge: Charge, currency: str) -> list[tuple[str, str]]:
        return [(f"{country_name(line.country)} · {line.description} × {line.quantity}",
                 format_money(line.total, locale))
                for line in quote.lines_for(charge) if line.currency == currency]

    def total(charge: Charge, currency: str) -> str:
        money = totals[charge].get(currency)
        return format_money(money, locale) if money else ""

    return [recap.FeeTable(currency=currency, installation=rows(Charge.ONE_OFF, currency),
                           installation_total=total(Charge.ONE_OFF, currency),
                           monthly=rows(Charge.MONTHLY, currency),
                           monthly_total=total(Charge.MONTHLY, currency))
            for currency in dict.fromkeys(line.currency for line in quote.lines)]


def contact_lines(order: Order) -> list[str]:
    people = {role: order.contact(role) for role in ContactRole}
    return [f"{role.label}: {c.full_name}, {c.email}, {c.phone}" if c else f"{role.label}: not given yet"
            for role, c in people.items()]
