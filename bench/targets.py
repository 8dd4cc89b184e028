"""The targets of issue #9, and the load checks, with whether this run met them, as a Markdown list."""

from __future__ import annotations

import re

from bench import Measurement

CARD_LIMIT_BYTES = 28 * 1024
TEAMS_BUDGET_MS = 15_000  # Teams gives up on a message turn after 15 s
BUSY = re.compile(r"(\d+) of (\d+) reservations answered 'taken by other reservations, try again'")
LIMITS = [("reserve_100", "p50_ms", 20, "100-number reservation p50 under 20 ms", "ms"),
          ("recap_card_bytes", "bytes", CARD_LIMIT_BYTES, "500-number recap card under 28 KB", "B"),
          ("contract_pdf_500", "p50_ms", 300, "500-number contract PDF under 300 ms", "ms"),
          ("cold_start", "p50_ms", 2000, "cold start under 2 s", "ms")]


def _line(met: bool, text: str) -> str:
    return f"- {'met' if met else '**missed**'}: {text}"


def _steps(measurements: list[Measurement]) -> list[str]:
    steps = [m for m in measurements if m.name.startswith("step_") and m.ratio_to_echo is not None]
    if not steps:
        return []
    worst = max(steps, key=lambda m: m.ratio_to_echo or 0)
    over = [m.name for m in steps if (m.ratio_to_echo or 0) > 1.5]
    lines = [_line(not over, f"card-step turn p50 at most 1.5x the echo turn: worst {worst.name} "
                             f"{worst.ratio_to_echo}x; over: {', '.join(over) or 'none'}")]
    shaped = next((m for m in measurements if m.name == "echo_step_shaped"), None)
    if shaped is not None and shaped.p50_ms:
        ratios = sorted(m.p50_ms / shaped.p50_ms for m in steps)
        lines.append(f"  - for reference: the step-shaped echo (state, receipt and card, no ordering logic) "
                     f"is {shaped.ratio_to_echo}x the echo; the ordering bot's steps are {ratios[0]:.2f}x "
                     f"to {ratios[-1]:.2f}x the step-shaped echo")
    return lines


def _load(m: Measurement) -> list[str]:
    failed = m.note[m.note.find("FAILED:"):].split(";")[0] if "FAILED:" in m.note else ""
    lines = [_line(not failed, f"{m.name}: {failed or 'no 5xx, no order lost, no number held twice'}"),
             _line((m.p99_ms or 0) < TEAMS_BUDGET_MS, f"{m.name}: p99 turn within Teams' 15 s budget: "
                                                      f"p50 {m.p50_ms:.0f} ms, p99 {m.p99_ms:.0f} ms")]
    busy = BUSY.search(m.note)
    if busy:
        lines.append(_line(busy.group(1) == "0", f"{m.name}: no reservation answered 'try again': "
                                                 f"{busy.group(1)} of {busy.group(2)} were"))
    return lines


def verdicts(measurements: list[Measurement]) -> str:
    by_name = {m.name: m for m in measurements}
    lines = ["Targets and checks:", *_steps(measurements)]
    for name, field, limit, text, unit in LIMITS:
        if name in by_name:
            value = getattr(by_name[name], field)
            lines.append(_line(value is not None and value < limit, f"{text}: {value} {unit}"))
    for m in measurements:
        if m.name.startswith("load_"):
            lines += _load(m)
    return "\n".join(lines)
