"""Benchmark: the Decision 766 index on ~10 million dossiers.

Prints the time of ``cchc index`` (read + check + count + roll up + score) as a ratio to the
floor: a single DuckDB group-by over the same Parquet file (the dossier counts per unit and
month, no joins), measured in the same run; and the peak memory of each.

Each measurement runs in a fresh process started by a small launcher, and reads its own
high-water mark (``VmHWM`` of ``/proc/self/status``, which counts only the memory of the
process's own program): ``ru_maxrss`` of a child forked from a large parent reports the
parent's size. The data are generated in a subprocess too, so the parent stays small.

    .venv/bin/python bench/bench_index.py                     # 10 M dossiers (2.5 M a year)
    .venv/bin/python bench/bench_index.py --per-year 250000   # quicker
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from _harness import PEAK, run  # bench/ is on the path when run as a script

HERE = Path(__file__).resolve().parent


FLOOR = PEAK + """
import duckdb, sys, time, json
t = time.perf_counter()
rows = duckdb.sql('''
  SELECT unit_id, year(received_on) AS y, month(received_on) AS m, count(*) AS n,
         count_if(due_on IS NOT NULL) AS due,
         count_if(resolved_on <= due_on) AS on_time,
         count_if(synced) AS synced, count_if(channel = 'online') AS online,
         count_if(paid_online) AS paid, count_if(result_electronic) AS electronic,
         count_if(components_digitised) AS digitised, count_if(data_reused) AS reused,
         count_if(personal_store) AS store, count_if(citizen_data_connected) AS citizen
  FROM read_parquet(?) GROUP BY ALL''', params=[sys.argv[1]]).fetchall()
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "groups": len(rows), "peak_mb": peak_mb()}))
"""

OURS = PEAK + """
import sys, time, json
from cchc.sources.dataset import load_data
from cchc.engine.index import compute_index
from cchc.spec.indices import load_index
t = time.perf_counter()
index = load_index("766")
data = load_data(sys.argv[1], index.tables)  # as cchc index loads it
t_load = time.perf_counter() - t
result = compute_index(data, index, sys.argv[2], trend=sys.argv[3] == "trend")
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "load_seconds": t_load, "rows": len(result.scores),
                  "trend_rows": len(result.trend), "fast": sorted(data.aggregates),
                  "peak_mb": peak_mb()}))
"""

GENERATE = """
import sys
from cchc.sample import write_sample
write_sample(sys.argv[1], seed=7, scale="full", dossiers_per_year=int(sys.argv[2]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-year", type=int, default=2_500_000,
                        help="dossiers per year (4 years; default 2.5 M → 10 M)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--period", default="2024-10", help="the period of the index")
    args = parser.parse_args()

    data = HERE / "results" / f"index-sample-{args.per_year}"
    if not (data / "dossiers.parquet").exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", GENERATE, str(data), str(args.per_year)],
                       check=True)
        print(f"generated {data} in {time.perf_counter() - t:.1f} s", flush=True)
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(data / "dossiers.parquet").metadata.num_rows
    file = str(data / "dossiers.parquet")
    floor = min((run(FLOOR, file) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    ours = min((run(OURS, str(data), args.period, "one") for _ in range(args.repeat)),
               key=lambda r: r["seconds"])
    trend = min((run(OURS, str(data), args.period, "trend") for _ in range(args.repeat)),
                key=lambda r: r["seconds"])
    print(f"dossiers: {rows:,}; period: {args.period}; best of {args.repeat}; "
          "each in a fresh process")
    print(f"duckdb group-by (floor):   {floor['seconds']:.2f} s, peak {floor['peak_mb']:.0f} MB")
    print(f"cchc index (one period):   {ours['seconds']:.2f} s (load {ours['load_seconds']:.2f}"
          f" s), peak {ours['peak_mb']:.0f} MB, {ours['rows']} rows")
    print(f"  + monthly trend:         {trend['seconds']:.2f} s, peak {trend['peak_mb']:.0f} MB,"
          f" {trend['trend_rows']} trend rows")
    print(f"fast path (DuckDB check, columns read, no full table): "
          f"{', '.join(ours.get('fast', [])) or 'none'}")
    print(f"ratio to floor: {ours['seconds'] / floor['seconds']:.2f}x (one period), "
          f"{trend['seconds'] / floor['seconds']:.2f}x (with the trend)")


if __name__ == "__main__":
    main()
