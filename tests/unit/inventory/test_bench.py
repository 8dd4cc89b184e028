"""The reservation benchmark runs and writes its report (a smoke test with few iterations)."""

import json
from pathlib import Path

from bench import percentile, summarise
from bench.report import table, write
from bench.reserve import reserve_latency


def test_percentiles_by_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 50) == 50
    assert percentile(samples, 99) == 99
    assert percentile([3.0], 99) == 3
    assert summarise("x", [1.0, 3.0]).per_s == 500


async def test_reserve_latency_for_1_100_and_500(tmp_path: Path) -> None:
    measurements = await reserve_latency(tmp_path, iterations=2)
    assert [m.name for m in measurements] == ["reserve_1", "reserve_100", "reserve_500"]
    assert all(0 < m.p50_ms <= m.p99_ms and m.per_s > 0 and m.iterations == 2 for m in measurements)
    results = write(tmp_path, measurements)
    stored = json.loads((tmp_path / "results.json").read_text())
    assert stored == json.loads(json.dumps(results))
    assert {"cpu", "cores", "python", "date"} <= set(stored["machine"])
    assert stored["measurements"][1]["name"] == "reserve_100"
    markdown = (tmp_path / "RESULTS.md").read_text()
    assert str(stored["machine"]["cpu"]) in markdown
    assert table(measurements) in markdown
