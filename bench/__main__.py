"""`python -m bench`: runs every measurement, prints a table, writes bench/results.json and RESULTS.md."""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
from pathlib import Path

from bench import Measurement, Suite, report
from bench.reserve import reserve_latency

# Later benchmarks append their suite here.
MEASUREMENTS: list[Suite] = [reserve_latency]


async def run_all(suites: list[Suite]) -> list[Measurement]:
    measurements: list[Measurement] = []
    for suite in suites:
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            measurements.extend(await suite(Path(workdir)))
    return measurements


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent, help="folder for the results")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    measurements = asyncio.run(run_all(MEASUREMENTS))
    report.write(args.out, measurements)
    print(report.table(measurements))  # the table is the bench's output


if __name__ == "__main__":
    main()
