"""One office from address to numbers: the address form, the area code (asked only where the country
requires one, else taken from the city), then the quantities and the reservation.

Started with `{"order_id", "country", "start": "address" | "numbers", "office_id"?}`; ends with
`{"note": ...}` for the offices overview to show.
"""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from dialogs.deps import Deps
from dialogs.office_address import OfficeAddressDialog
from dialogs.office_area_code import AreaCodeDialog
from dialogs.office_numbers import NumbersDialog
from dialogs.office_support import OfficeStep, office_name, released_note, set_area_code
from dialogs.stage import say
from services import preflight
from services.catalogue import area_codes
from services.domain.office import Office

DIALOG = "offices.office"
STEPS = "offices.office.steps"


def derived_area_code(country: str, city: str) -> str | None:
    """Where the country does not ask for one: the city's first area code, else the country's first."""
    found = area_codes.for_city(country, city) or area_codes.list(country)
    return found[0].code if found else None


class OfficeDialog(OfficeStep):
    def __init__(self, deps: Deps) -> None:
        super().__init__(DIALOG, deps)
        self.address = OfficeAddressDialog(deps)
        self.area_code = AreaCodeDialog(deps)
        self.numbers = NumbersDialog(deps)
        for dialog in (self.address, self.area_code, self.numbers):
            self.add_dialog(dialog)
        self.add_dialog(WaterfallDialog(STEPS, [self._address, self._area_code, self._numbers, self._finish]))
        self.initial_dialog_id = STEPS

    def _child(self, step: WaterfallStepContext, office_id: str | None) -> dict[str, Any]:
        return {"order_id": self.order_id(step), "country": self.country(step), "office_id": office_id}

    async def _address(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["notes"] = []
        office_id = step.options.get("office_id")
        if step.options.get("start") == "numbers":
            return await step.next({"office_id": office_id})
        return await step.begin_dialog(self.address.id, self._child(step, office_id))

    async def _area_code(self, step: WaterfallStepContext) -> DialogTurnResult:
        if self._stopped(step):
            return await self._end(step)
        office_id = step.values["office_id"] = step.result["office_id"]
        country = self.country(step)
        office = (await self.load(step)).country(country).office(office_id)
        if not preflight.area_code_required(country, self.deps.catalogue):
            await self._derive(step, office)
            return await step.next({"office_id": office_id})
        if step.options.get("start") == "numbers" and office.area_code:
            return await step.next({"office_id": office_id})
        return await step.begin_dialog(self.area_code.id, self._child(step, office_id))

    async def _numbers(self, step: WaterfallStepContext) -> DialogTurnResult:
        if self._stopped(step):
            return await self._end(step)
        return await step.begin_dialog(self.numbers.id, self._child(step, step.values["office_id"]))

    async def _finish(self, step: WaterfallStepContext) -> DialogTurnResult:
        self._stopped(step)
        return await self._end(step)

    async def _end(self, step: WaterfallStepContext) -> DialogTurnResult:
        notes = [note for note in step.values["notes"] if note]
        return await step.end_dialog({"note": " ".join(notes) or None})

    @staticmethod
    def _stopped(step: WaterfallStepContext) -> bool:
        """Keeps the note of the step that just ended; True when it ended without going on."""
        result = step.result or {}
        step.values["notes"].append(result.get("note"))
        return not result.get("office_id") or bool(result.get("stop"))

    async def _derive(self, step: WaterfallStepContext, office: Office) -> None:
        """Takes the area code from the city, silently; a changed code lets go of held numbers."""
        code = derived_area_code(self.country(step), office.address.city)
        if code == office.area_code:
            return
        who, order_id, country = self.who(step), self.order_id(step), self.country(step)
        released = await self.deps.journey.change(
            who.tenant_id, order_id, lambda o: set_area_code(o, country, office.id, code))
        await self.free_numbers(who, order_id, office.id, len(released))
        if released:
            await say(step.context, released_note(office_name(office), len(released), "The city changed"))
