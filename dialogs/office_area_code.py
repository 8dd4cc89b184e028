"""The local area code of an office, in countries that require one: the codes of the office's city,
or the country's full list (searched when it is long). An area code of another city is refused.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Literal

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from cards.office_forms import AreaCodeView, Choice, area_code_card
from dialogs.card_prompt import CardPrompt, CardSubmit
from dialogs.deps import Deps
from dialogs.office_support import OfficeStep, area_display, office_name, released_note, set_area_code
from dialogs.receipts import replace_with_receipt
from dialogs.stage import say
from services.catalogue import area_codes
from services.catalogue.area_codes import AreaCode, AreaCodeMatch
from services.domain.base import country_name
from services.domain.errors import DomainError
from services.domain.office import Office

DIALOG = "offices.area_code"
PROMPT = "offices.area_code.choice"
STEPS = "offices.area_code.steps"
MAX_LISTED = 150  # distinct codes a country may have and still be shown in one list
MAX_RESULTS = 50
KEEP = ("order_id", "country", "office_id")

Handler = Callable[[WaterfallStepContext], Awaitable[DialogTurnResult]]


class AreaCodeSubmit(CardSubmit):
    action: Literal["choose", "show_all", "find", "city", "back"]
    area_code: str = ""
    search: str = ""


def grouped(codes: Iterable[AreaCode]) -> list[Choice]:
    """One choice per code, with the cities it serves: '089 – Munich'."""
    cities: dict[str, list[str]] = {}
    display: dict[str, str] = {}
    for code in codes:
        cities.setdefault(code.code, []).append(code.city)
        display[code.code] = code.display
    titles = {code: ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
              for code, names in cities.items()}
    return [Choice(code, f"{display[code]} – {titles[code]}") for code in sorted(cities, key=display.get)]


def search(country: str, query: str) -> list[Choice]:
    """Codes whose digits start with the query, or whose city names contain it."""
    digits = re.sub(r"\D", "", query)
    wanted = area_codes.city_key(query)
    prefix = area_codes.normalise(country, digits) if digits else ""
    if not prefix and not wanted:
        return []
    found = [code for code in area_codes.list(country)
             if (prefix and code.code.startswith(prefix))
             or (not digits and wanted in area_codes.city_key(code.city))]
    return grouped(found)[:MAX_RESULTS]


def refusal(country: str, code: str, city: str) -> str | None:
    """Why `code` cannot be the area code of an office in `city`, or None when it can."""
    if not code:
        return "Choose an area code from the list."
    match = area_codes.check(country, code, city)
    shown = area_display(country, area_codes.normalise(country, code))
    if match is AreaCodeMatch.UNKNOWN_CODE:
        return f"{shown} is not an area code in {country_name(country)}. Choose one from the list."
    if match is AreaCodeMatch.MISMATCH:
        wanted = area_codes.normalise(country, code)
        served = sorted({c.city for c in area_codes.list(country) if c.code == wanted})[:2]
        own = " or ".join(c.display for c in area_codes.for_city(country, city))
        return (f"{shown} is the area code of {' and '.join(served)}, not of {city}. Numbers must carry the "
                f"area code of the office's city: choose {own}.")
    return None


class AreaCodeDialog(OfficeStep):
    def __init__(self, deps: Deps) -> None:
        super().__init__(DIALOG, deps)
        self.add_dialog(CardPrompt(PROMPT, AreaCodeSubmit))
        self.add_dialog(WaterfallDialog(STEPS, [self._show, self._answer]))
        self.initial_dialog_id = STEPS
        self._handlers: dict[str, Handler] = {"choose": self._choose, "show_all": self._show_all,
                                              "find": self._find, "city": self._city, "back": self._back}

    async def _show(self, step: WaterfallStepContext) -> DialogTurnResult:
        who, order, country = self.who(step), await self.load(step), self.country(step)
        office = order.country(country).office(step.options["office_id"])
        view = AreaCodeView(frame=self.frame(order, who), office=office_name(office),
                            **self._mode(country, office, step.options))
        return await self.ask(step, PROMPT, lambda token: area_code_card(view, token), view.intro)

    def _mode(self, country: str, office: Office, options: dict[str, Any]) -> dict[str, Any]:
        """What the card lists: the city's codes, all codes, a search box, or search results."""
        city, name = office.address.city, country_name(country)
        own = area_codes.for_city(country, city)
        mode = options.get("mode") or "city"
        if mode == "city" and not own:
            mode = "all"
        listed = {c.code for c in area_codes.list(country)}
        if mode == "all" and len(listed) > MAX_LISTED:
            mode = "search"
        missing = "" if own else f"We found no area code for {city} in our list for {name}. "
        common = {"selected": office.area_code or "", "error": options.get("error"),
                  "offer_city": city if own and mode != "city" else ""}
        if mode == "city":
            return {**common, "choices": grouped(own), "offer_all": True,
                    "intro": f"Choose the area code of {city}: the numbers must match the office's address."}
        if mode == "all":
            return {**common, "choices": grouped(area_codes.list(country)), "offer_all": False,
                    "intro": f"{missing}All area codes in {name}: choose the one of the office's location."}
        if mode == "results":
            return {**common, "choices": search(country, options["query"]), "offer_all": True,
                    "intro": f"Area codes in {name} matching “{options['query']}”."}
        return {**common, "searching": True, "query": options.get("query", ""),
                "intro": f"{missing}{name} has {len(listed)} area codes: search them by city or by digits."}

    async def _answer(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._handlers[step.result["action"]](step)

    async def _again(self, step: WaterfallStepContext, **options: Any) -> DialogTurnResult:
        return await step.replace_dialog(STEPS, {**{k: step.options[k] for k in KEEP}, **options})

    async def _show_all(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._again(step, mode="all")

    async def _city(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await self._again(step, mode="city")

    async def _find(self, step: WaterfallStepContext) -> DialogTurnResult:
        query, country = step.result["search"], self.country(step)
        if query and search(country, query):
            return await self._again(step, mode="results", query=query)
        error = (f"No area code in {country_name(country)} matches “{query}”. Try the city's name or the "
                 "code's first digits." if query else "Type a city or the first digits of an area code.")
        return await self._again(step, mode="search", query=query, error=error)

    async def _back(self, step: WaterfallStepContext) -> DialogTurnResult:
        await replace_with_receipt(step.context, "Area code not changed")
        return await step.end_dialog({"stop": True})

    async def _choose(self, step: WaterfallStepContext) -> DialogTurnResult:
        who, order, country = self.who(step), await self.load(step), self.country(step)
        office = order.country(country).office(step.options["office_id"])
        typed = step.result["area_code"]
        stay = {"mode": step.options.get("mode"), "query": step.options.get("query", "")}
        problem = refusal(country, typed, office.address.city)
        if problem:
            return await self._again(step, **stay, error=problem)
        code = area_codes.normalise(country, typed)
        try:
            released = await self.deps.journey.change(
                who.tenant_id, self.order_id(step), lambda o: set_area_code(o, country, office.id, code))
        except DomainError as error:
            return await self._again(step, **stay, error=error.message)
        await self.free_numbers(who, self.order_id(step), office.id, len(released))
        name = office_name(office)
        await replace_with_receipt(step.context, f"Area code {area_display(country, code)} for {name}")
        if released:
            await say(step.context, released_note(name, len(released), "The area code changed"))
        return await step.end_dialog({"office_id": office.id})
