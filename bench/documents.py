"""The biggest documents a user gets: the recap card of a 5-country, 25-office order (500 numbers in
one country, 700 in all) and the contract PDF of a 500-number order. Size and build time of each."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from bench import Measurement, summarise
from bench.orders import TENANT, build_order, five_countries_25_offices, five_hundred_in_germany
from bot.components import Components, build_components
from bot.settings import Settings
from cards import recap
from cards.attachments import card_message
from cards.base import MAX_CARD_BYTES
from dialogs.card_prompt import new_token
from dialogs.recap_stage import RecapStage
from dialogs.session import Requester
from services.contracts import load_terms
from services.contracts.pdf import render_contract
from services.domain.order import Order

RECAP_ITERATIONS = 20
PDF_ITERATIONS = 10
WHO = Requester(tenant_id=TENANT, user_id="aad-bench", name="Bench Admin", timezone="Europe/Berlin",
                locale="en-GB")


def _samples(action: Callable[[], object], iterations: int) -> tuple[list[float], float]:
    """Wall-clock milliseconds of each call, and the mean CPU milliseconds of a call (what it costs
    whatever else the machine is doing)."""
    action()  # the first call in a process also pays for lazy imports and font loading
    samples = []
    cpu_started = time.process_time()
    for _ in range(iterations):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, (time.process_time() - cpu_started) * 1000 / iterations


def recap_card_bytes(components: Components, order: Order) -> Measurement:
    """The recap card as the bot posts it (the activity's JSON, as the connector client sends it)."""
    stage = RecapStage(components.services.deps)

    def build() -> dict[str, object]:
        return recap.recap_card(stage.view(order, WHO), new_token())

    card = build()
    wire = len(json.dumps(card_message(card, "Check your order").serialize()).encode())
    compact = len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode())
    shown = ("number ranges left out to fit" if "full list of numbers is in the contract" in str(card)
             else "every office's number ranges shown")
    samples, cpu_ms = _samples(build, RECAP_ITERATIONS)
    timing = summarise("recap_card_bytes", samples)
    note = (f"{len(list(order.numbers()))} numbers, {len(order.countries)} countries, "
            f"{sum(len(c.offices) for c in order.countries)} offices; {shown}; activity {wire} B on the "
            f"wire, card {compact} B compact; limit {MAX_CARD_BYTES} B; ms = building view and card "
            f"(CPU {cpu_ms:.0f} ms)")
    return Measurement(name=timing.name, p50_ms=timing.p50_ms, p99_ms=timing.p99_ms, per_s=timing.per_s,
                       iterations=timing.iterations, bytes=wire, note=note)


def contract_pdf(components: Components, order: Order) -> Measurement:
    catalogue, terms = components.services.journey.catalogue, load_terms()
    operator = components.settings.operator_name
    pdf = render_contract(order, catalogue, operator_name=operator, terms=terms)
    samples, cpu_ms = _samples(
        lambda: render_contract(order, catalogue, operator_name=operator, terms=terms), PDF_ITERATIONS)
    timing = summarise("contract_pdf_500", samples)
    return Measurement(name=timing.name, p50_ms=timing.p50_ms, p99_ms=timing.p99_ms, per_s=timing.per_s,
                       iterations=timing.iterations, bytes=len(pdf),
                       note=f"draft, {len(list(order.numbers()))} numbers in 5 offices, render_contract "
                            f"(CPU {cpu_ms:.0f} ms)")


async def documents(workdir: Path) -> list[Measurement]:
    components = build_components(Settings(_env_file=None, data_dir=workdir, log_level="WARNING"))
    journey = components.services.journey
    try:
        big = await build_order(journey, five_countries_25_offices())
        measured = [recap_card_bytes(components, big)]
        await journey.cancel(TENANT, big.id)  # its 500 German numbers back to the pool
        measured.append(contract_pdf(components, await build_order(journey, five_hundred_in_germany())))
        return measured
    finally:
        await components.close()
