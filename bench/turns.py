"""Turn latency over HTTP, in this process: the ordering bot and, as the baseline, an echo bot on the same
stack. Each turn is an activity posted to /api/messages, answered once the bot's replies reached the
fake Bot Connector. Admins play one after another, with echo turns between their journeys, so this is
the latency of a bot with nothing else to do; `bench.process` measures it under load."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from aiohttp import ClientSession

from app import create_app
from bench import Measurement, percentile, summarise
from bench.accounts import write_accounts
from bench.admin import Admin, Identity
from bench.connector import Connector
from bench.echo import create_echo_app, create_step_shaped_app
from bench.journey import TEXT_TURN, play_to_recap
from bench.outbox import Outbox
from bench.servers import serve
from bot.settings import Settings

ECHO_TURNS = 300
JOURNEYS = 30
WARMUP_JOURNEYS = 2
ECHO_NOTE = ("echo bot: botbuilder CloudAdapter + aiohttp, same settings, one text reply; measured "
             "between the journeys")
SHAPED = "echo_step_shaped"
SHAPED_NOTE = ("the least a card step does, on the same stack with no ordering logic: conversation state "
               "read and saved in SQLite, the answered card replaced by a receipt, a 3 KB card posted "
               "(bench/echo.py)")
NOTES = {TEXT_TURN: "typed 'start order' in a new chat: the sign-in card",
         "step_offices_done": "'Done' after the last country's offices",
         "step_add_office": "'Add office': the address form"}


def bench_settings(workdir: Path, admins: int) -> Settings:
    return Settings(_env_file=None, data_dir=workdir / "bot", log_level="WARNING",
                    accounts_file=write_accounts(workdir, admins))


@dataclass
class Cpu:
    """CPU time of this process (client, bot and connector alike) per turn, whatever else runs."""

    ms: float = 0.0
    turns: int = 0

    @property
    def per_turn(self) -> float:
        return self.ms / self.turns if self.turns else 0.0


async def _interleaved(http: ClientSession, urls: dict[str, str], connector: Connector, outbox: Outbox,
                       journeys: int, echo_turns: int, bot_cpu: Cpu, echo_cpu: Cpu
                       ) -> tuple[list[float], list[float], dict[str, list[float]]]:
    """Journeys with echo turns between them, so that both see the machine in the same state (this
    machine's speed drifts by a third within minutes; measured one after the other, the ratio drifted
    with it)."""
    echo = Admin(http, urls["echo"], connector, Identity(0, run="echo"))
    shaped = Admin(http, urls["shaped"], connector, Identity(1, run="echo"))
    await shaped.say(SHAPED, "start")
    for _ in range(echo_turns // 10):  # warm-up
        await echo.say("echo_turn", "hello")
        await shaped.submit(SHAPED, {"action": "next"})
    echo.timings.clear()
    shaped.timings.clear()
    samples: defaultdict[str, list[float]] = defaultdict(list)
    per_journey = max(1, echo_turns // journeys)
    for index in range(WARMUP_JOURNEYS + journeys):
        admin = Admin(http, urls["bot"], connector, Identity(index, run="turns"))
        started = time.process_time()
        await play_to_recap(admin, outbox)
        if index < WARMUP_JOURNEYS:
            continue
        bot_cpu.ms += (time.process_time() - started) * 1000
        bot_cpu.turns += len(admin.statuses)
        for step, timings in admin.timings.items():
            samples[step] += timings
        started = time.process_time()
        for _ in range(per_journey):
            await echo.say("echo_turn", "hello")
        echo_cpu.ms += (time.process_time() - started) * 1000
        echo_cpu.turns += per_journey
        for _ in range(per_journey):
            await shaped.submit(SHAPED, {"action": "next"})
    return echo.timings["echo_turn"], shaped.timings[SHAPED], samples


def with_ratio(measurement: Measurement, echo_p50: float) -> Measurement:
    return Measurement(**{**measurement.__dict__, "ratio_to_echo": round(measurement.p50_ms / echo_p50, 2)})


async def turn_latency(workdir: Path, journeys: int = JOURNEYS, echo_turns: int = ECHO_TURNS
                       ) -> list[Measurement]:
    settings = bench_settings(workdir, WARMUP_JOURNEYS + journeys)
    connector, echo_cpu, bot_cpu = Connector(), Cpu(), Cpu()
    codes = logging.getLogger("dialogs.signin_dialog")  # the embedded mode logs each code as a warning
    level = codes.level
    codes.setLevel(logging.ERROR)
    try:
        async with (serve(connector.app()) as connector_url, serve(create_app(settings)) as bot_url,
                    serve(create_echo_app(settings)) as echo_url,
                    serve(create_step_shaped_app(settings, workdir / "shaped.sqlite3")) as shaped_url,
                    ClientSession() as http):
            connector.url = f"{connector_url}/"
            echo, shaped, steps = await _interleaved(
                http, {"bot": bot_url, "echo": echo_url, "shaped": shaped_url}, connector,
                Outbox(settings.data_dir / "outbox"), journeys, echo_turns, bot_cpu, echo_cpu)
    finally:
        codes.setLevel(level)
    echo_p50 = percentile(echo, 50)
    note = (f"{ECHO_NOTE}; CPU per turn in this process (client + bot + connector): echo "
            f"{echo_cpu.per_turn:.1f} ms, ordering bot {bot_cpu.per_turn:.1f} ms "
            f"({bot_cpu.per_turn / echo_cpu.per_turn:.2f}x)")
    measured = [with_ratio(summarise("echo_turn", echo, note), echo_p50),
                with_ratio(summarise(SHAPED, shaped, SHAPED_NOTE), echo_p50)]
    measured += [with_ratio(summarise(step, samples, NOTES.get(step, "")), echo_p50)
                 for step, samples in steps.items()]
    return measured
