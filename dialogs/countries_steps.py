"""The countries stage's payloads, card view models, checks and order changes (no botbuilder here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from cards.countries import CountryForm, Fees, PlanView
from dialogs.card_prompt import CardSubmit
from dialogs.deps import Deps
from dialogs.stage import progress
from services.catalogue.models import Catalogue, CountryOffer, Region, VoicePlan
from services.domain.country_order import Billing, CountryOrder
from services.domain.errors import DomainError
from services.domain.limits import MAX_NUMBERS_PER_COUNTRY
from services.domain.order import Order
from services.pricing import format_money

REGION_NAMES = {Region.EUROPE: "Europe", Region.ASIA_PACIFIC: "Asia Pacific"}
CARD_FIELDS = ("plan_id", "bcn", "main_billing")
MOVE_MAIN = ("An order needs one main billing country. To move it, switch it on in another country's "
             "card.")


def _split(value: Any) -> Any:
    """A multi-select ChoiceSet sends its values comma-separated."""
    if isinstance(value, str):
        return [part.strip().upper() for part in value.split(",") if part.strip()]
    return value


CountryCodes = Annotated[list[Annotated[str, Field(max_length=8)]], BeforeValidator(_split),
                         Field(max_length=60)]


class CountriesAnswer(CardSubmit):
    action: Literal["next"]
    countries: CountryCodes = Field(default_factory=list)


class RemoveAnswer(CardSubmit):
    action: Literal["confirm_remove", "back"]


class CountryAnswer(CardSubmit):
    action: Literal["next", "back"]
    plan_id: str = Field(default="", max_length=80)
    bcn: str = Field(default="", max_length=80)
    porting: bool = False
    porting_numbers: str = Field(default="", max_length=12)
    migration: bool = False
    main_billing: bool | None = None


@dataclass(frozen=True)
class CountryChoice:
    """A checked answer of a country card, ready to apply to the order."""

    code: str
    plan: VoicePlan
    billing: Billing
    porting: bool
    migration: bool
    main: bool
    porting_numbers: int = 0


def country_choices(catalogue: Catalogue) -> list[tuple[str, str]]:
    """Every country sold as (code, "Germany · Europe"), grouped by region, by name inside a region."""
    return [(offer.code, f"{offer.name} · {REGION_NAMES.get(region, region.value)}")
            for region in Region for offer in catalogue.in_region(region)]


def names(order: Order) -> str:
    return ", ".join(entry.name for entry in order.countries)


def unsold(order: Order, catalogue: Catalogue) -> list[CountryOrder]:
    return [entry for entry in order.countries if entry.country not in catalogue.countries]


def unsold_message(gone: list[CountryOrder]) -> str:
    which = "it" if len(gone) == 1 else "them"
    numbers = " and released the numbers held there" if any(e.held_numbers() for e in gone) else ""
    return (f"We no longer sell in {', '.join(entry.name for entry in gone)}, so I removed {which} from "
            f"your order{numbers}.")


def add_countries(codes: list[str]) -> Callable[[Order], Order]:
    def add(order: Order) -> Order:
        present = {entry.country for entry in order.countries}
        for code in codes:
            if code not in present:
                order.add_country(code)
        return order
    return add


def removal_lines(order: Order, codes: list[str]) -> list[str]:
    """What removing each country loses, for the countries that have offices."""
    lines = []
    for entry in (entry for entry in order.countries if entry.country in codes and entry.offices):
        offices = "its office" if len(entry.offices) == 1 else f"its {len(entry.offices)} offices"
        held = len(entry.held_numbers())
        numbers = f" and releases {held} held number{'' if held == 1 else 's'}" if held else ""
        lines.append(f"Removing {entry.name} drops {offices}{numbers}.")
    return lines


def country_form(deps: Deps, order: Order, index: int, *, locale: str, fees: Fees,
                 typed: dict[str, Any] | None = None, errors: dict[str, str] | None = None) -> CountryForm:
    """The card of the `index`th country, prefilled from what the user typed or else from the order."""
    entry = order.countries[index]
    offer = deps.catalogue.country(entry.country)
    choices = deps.accounts.bcn_choices(order.ocn, entry.country, offer.currencies)
    current_bcn = next((choice.id for choice in choices if choice.to_billing() == entry.billing), None)
    main = order.main_billing_country == entry.country
    if typed and typed.get("main_billing") is not None:
        main = bool(typed["main_billing"])
    answers = typed or {"plan_id": entry.plan_id, "bcn": current_bcn, "porting": entry.porting,
                        "migration": entry.migration, "porting_numbers": entry.porting_numbers or ""}
    return CountryForm(
        name=offer.name, title=f"{offer.name} ({', '.join(offer.currencies)})",
        progress=f"{progress('countries')} · country {index + 1} of {len(order.countries)}",
        plans=[_plan_view(plan, offer, locale) for plan in offer.plans],
        bcn_choices=[(choice.id, choice.label) for choice in choices], fees=fees,
        plan_id=answers.get("plan_id"), bcn=answers.get("bcn"),
        porting=bool(answers.get("porting")) if offer.porting else None,
        porting_numbers=str(answers.get("porting_numbers") or ""),
        migration=bool(answers.get("migration")) if offer.migration else None,
        main_billing=main if len(order.countries) > 1 else None, errors=errors or {})


def check_country(deps: Deps, order: Order, code: str,
                  answer: dict[str, Any]) -> tuple[CountryChoice | None, dict[str, str]]:
    """The answer resolved against the catalogue and the account, or the errors per card field."""
    offer = deps.catalogue.country(code)
    errors: dict[str, str] = {}
    plan = next((plan for plan in offer.plans if plan.id == answer["plan_id"]), None)
    if plan is None:
        errors["plan_id"] = "Choose one of the voice plans listed."
    billing = None
    try:
        billing = deps.accounts.choice(order.ocn, code, offer.currencies, answer["bcn"]).to_billing()
    except DomainError as error:
        errors["bcn"] = error.message if answer["bcn"] else "Choose a billing number (BCN)."
    main = _main_billing(order, code, answer["main_billing"])
    if main is None:
        errors["main_billing"] = MOVE_MAIN
    porting = bool(answer["porting"] and offer.porting)
    to_port = _porting_numbers(answer.get("porting_numbers", ""), porting, errors)
    if plan is None or billing is None or main is None or to_port is None:
        return None, errors
    return CountryChoice(code, plan, billing, porting, answer["migration"] and offer.migration, main,
                         to_port), {}


def _porting_numbers(typed: str, porting: bool, errors: dict[str, str]) -> int | None:
    """How many numbers to port: a whole number from 1 to 500 with porting, else none."""
    if not porting:
        return 0
    value = typed.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_NUMBERS_PER_COUNTRY:
        errors["porting_numbers"] = (f"With porting, enter how many numbers to bring over "
                                     f"(1 to {MAX_NUMBERS_PER_COUNTRY}).")
        return None
    return int(value)


def _main_billing(order: Order, code: str, wanted: bool | None) -> bool | None:
    """Whether `code` is to be the main billing country; None when that would leave the order without one."""
    is_main = order.main_billing_country == code
    if wanted is None or len(order.countries) == 1:
        return is_main
    return None if is_main and not wanted else wanted


def apply_country(choice: CountryChoice) -> Callable[[Order], CountryOrder]:
    def apply(order: Order) -> CountryOrder:
        entry = order.country(choice.code)
        entry.plan_id = choice.plan.id
        entry.billing = choice.billing
        entry.porting = choice.porting
        entry.porting_numbers = choice.porting_numbers
        entry.migration = choice.migration
        if choice.main:
            order.set_main_billing_country(choice.code)
        return entry
    return apply


def country_receipt(entry: CountryOrder, choice: CountryChoice) -> str:
    """"Germany: Business 500 · BCN 400103 · porting"."""
    billing = choice.billing
    parts = [choice.plan.name, f"BCN {billing.bcn}" if billing.bcn else f"new BCN ({billing.currency})"]
    parts += [name for name, on in (("porting", choice.porting), ("migration", choice.migration),
                                    ("main billing country", choice.main)) if on]
    return f"{entry.name}: {' · '.join(parts)}"


def error_field(error: DomainError) -> str:
    return error.field if error.field in CARD_FIELDS else "notice"


def _plan_view(plan: VoicePlan, offer: CountryOffer, locale: str) -> PlanView:
    prices = " or ".join(format_money(plan.price(currency), locale) for currency in offer.currencies)
    return PlanView(id=plan.id, name=plan.name, price=f"{prices} per user a month", summary=plan.summary,
                    includes=list(plan.includes))

