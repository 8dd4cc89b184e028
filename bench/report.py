"""Where benchmark results go: bench/results.json and bench/RESULTS.md, with the machine they ran on."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench import Measurement

COLUMNS = ("measurement", "p50 ms", "p99 ms", "per s", "x echo", "size", "iterations", "note")


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
            "platform": platform.platform(), "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average": [round(value, 2) for value in os.getloadavg()]}


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _size(m: Measurement) -> str:
    if m.bytes is not None:
        return f"{m.bytes / 1024:.1f} KB"
    return f"{m.mb:.1f} MB" if m.mb is not None else ""


def table(measurements: list[Measurement]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {m.name} | {_number(m.p50_ms)} | {_number(m.p99_ms)} | {_number(m.per_s, 1)} | "
              f"{_number(m.ratio_to_echo)} | {_size(m)} | {m.iterations or ''} | {m.note} |"
              for m in measurements]
    return "\n".join(lines)


def as_json(measurement: Measurement) -> dict[str, object]:
    """The measurement's fields that apply to it (None left out)."""
    return {key: value for key, value in asdict(measurement).items() if value is not None}


def write(out: Path, measurements: list[Measurement], wall_s: float | None = None,
          summary: str = "") -> dict[str, object]:
    about = machine()
    results: dict[str, object] = {"machine": about, "measurements": [as_json(m) for m in measurements]}
    if wall_s is not None:
        results["wall_s"] = round(wall_s, 1)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    took = f" The whole run took {wall_s:.0f} s." if wall_s is not None else ""
    load = ", ".join(str(value) for value in about["load_average"])  # type: ignore[attr-defined]
    (out / "RESULTS.md").write_text(
        "# Benchmark results\n\n"
        f"Machine: {about['cpu']}, {about['cores']} cores, Python {about['python']}, {about['platform']}.  \n"
        f"Date: {about['date']}; load average at the end {load}. Produced by `python -m bench` "
        f"(`make bench`).{took}\n\n"
        f"{table(measurements)}\n" + (f"\n{summary}\n" if summary else ""))
    return results
