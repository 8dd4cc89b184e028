"""`python -m bench`: runs every measurement, prints a table, writes bench/results.json and RESULTS.md."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

from bench import Measurement, Suite, report
from bench.documents import documents
from bench.process import bot_process_suite
from bench.reserve import reserve_latency
from bench.targets import verdicts
from bench.turns import turn_latency

# Later benchmarks append their suite here.
MEASUREMENTS: list[Suite] = [turn_latency, reserve_latency, documents, bot_process_suite]


async def run_all(suites: list[Suite]) -> tuple[list[Measurement], dict[str, float]]:
    """Every suite's measurements, and how long each suite took (seconds)."""
    measurements: list[Measurement] = []
    took: dict[str, float] = {}
    for suite in suites:
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            started = time.perf_counter()
            measurements.extend(await suite(Path(workdir)))
            took[suite.__name__] = time.perf_counter() - started
    return measurements, took


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent, help="folder for the results")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    started = time.perf_counter()
    measurements, took = asyncio.run(run_all(MEASUREMENTS))
    wall_s = time.perf_counter() - started
    times = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in took.items())
    summary = f"{verdicts(measurements)}\n\nTime per suite: {times}; in all {wall_s:.0f} s."
    report.write(args.out, measurements, wall_s, summary)
    print(report.table(measurements))  # the table and the verdicts are the bench's output
    print(f"\n{summary}\nResults in {args.out}/results.json and RESULTS.md.")
    if any("FAILED:" in m.note for m in measurements):
        sys.exit(1)


if __name__ == "__main__":
    main()
