"""Where benchmark results go: bench/results.json and bench/RESULTS.md, with the machine they ran on."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench import Measurement


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, object]:
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "date": datetime.now(UTC).isoformat(timespec="seconds")}


def table(measurements: list[Measurement]) -> str:
    lines = ["| measurement | p50 ms | p99 ms | per s | iterations | note |", "|---|---:|---:|---:|---:|---|"]
    lines += [f"| {m.name} | {m.p50_ms:.2f} | {m.p99_ms:.2f} | {m.per_s:.1f} | {m.iterations} | {m.note} |"
              for m in measurements]
    return "\n".join(lines)


def write(out: Path, measurements: list[Measurement]) -> dict[str, object]:
    about = machine()
    results = {"machine": about, "measurements": [asdict(m) for m in measurements]}
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out / "RESULTS.md").write_text(
        "# Benchmark results\n\n"
        f"Machine: {about['cpu']}, {about['cores']} cores, Python {about['python']}, {about['platform']}.  \n"
        f"Date: {about['date']}. Produced by `python -m bench` (`make bench`).\n\n"
        f"{table(measurements)}\n")
    return results
