"""The journey's stages, in order: each is one dialog in its own file."""

from __future__ import annotations

from botbuilder.dialogs import Dialog

from dialogs.contacts_stage import ContactsStage
from dialogs.contract_stage import ContractStage
from dialogs.countries_stage import CountriesStage
from dialogs.deps import Deps
from dialogs.offices_stage import OfficesStage
from dialogs.options_stage import OptionsStage
from dialogs.recap_stage import RecapStage


def journey_stages(deps: Deps) -> list[Dialog]:
    return [CountriesStage(deps), OfficesStage(deps), OptionsStage(deps), ContactsStage(deps),
            RecapStage(deps), ContractStage(deps)]
