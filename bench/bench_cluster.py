"""Benchmark: workbooks per second on a Dask cluster with 1 and 2 workers.

``cchc run --cluster local --jobs N`` starts a LocalCluster of N single-threaded workers
(each with its warm kernel) and runs the same workbooks; the local pool (``--jobs 2``,
no cluster) is measured in the same run as the baseline. Every run writes the same bytes
(tests/test_cluster.py); only the time differs. On a machine shared with others the
figures move: read the ratios, not the seconds. Run:

    .venv/bin/python bench/bench_cluster.py             # 12 units of the small sample
    .venv/bin/python bench/bench_cluster.py --limit 0   # every unit in force
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PERIOD = "2024Q3"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "cchc"), *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=12,
                        help="units to run (0: every unit in force at the period's end)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-cluster-") as tmp:
        tmp = Path(tmp)
        os.environ["CCHC_CACHE"] = str(tmp / "cache")
        data = tmp / "sample"
        subprocess.run([str(BIN / "cchc"), "sample", "--out", str(data)], check=True,
                       capture_output=True)
        with open(data / "units.csv", encoding="utf-8") as f:
            units = [r["unit_id"] for r in csv.DictReader(f) if not r["valid_from"]]
        if args.limit:
            units = units[: args.limit]
        common = ["run", "--data", str(data), "--period", PERIOD, "--units", ",".join(units)]
        # the evaluation is cached by the first run: every run after it reads the cache
        timed([*common, "--out", str(tmp / "warm"), "--jobs", "2"])
        n = len(units) + 1  # and the overview
        runs = {"local pool, 2 processes": ["--jobs", "2"],
                "dask, 1 worker": ["--jobs", "1", "--cluster", "local"],
                "dask, 2 workers": ["--jobs", "2", "--cluster", "local"]}
        seconds = {name: timed([*common, "--out", str(tmp / str(i)), *extra])
                   for i, (name, extra) in enumerate(runs.items())}
    base = seconds["local pool, 2 processes"]
    print(f"{n} workbooks ({len(units)} units + overview), period {PERIOD}, "
          f"{os.cpu_count()} cores (shared)")
    for name, s in seconds.items():
        print(f"{name:26s} {s:7.1f} s  {n / s:5.2f} workbooks/s  "
              f"{base / s:4.2f}x the local pool")
    one, two = seconds["dask, 1 worker"], seconds["dask, 2 workers"]
    print(f"2 workers / 1 worker: {one / two:.2f}x the throughput")


if __name__ == "__main__":
    main()
