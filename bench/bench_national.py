"""Benchmark: every measure for the whole synthetic country, against the DuckDB floor.

Generates the country (``cchc sample --scope national``: 34 provinces, 3,321 communes,
dossiers partitioned by province and year) in its own process, then measures, each in a
fresh process: the floor, one DuckDB group-by (unit, year, quarter) over the same
partitioned Parquet files; and ``cchc compute``'s work (load the folder, evaluate the
period). Prints the time of each, our ratio to the floor, rows per second and the peak
memory of each measured process alone (``VmHWM``), and the generator's time and peak.
The machine may be shared: read the ratios. Run:

    .venv/bin/python bench/bench_national.py                   # 8 M dossiers a year (10 M)
    .venv/bin/python bench/bench_national.py --per-year 800000  # the small country (10⁶)
    .venv/bin/python bench/bench_national.py --per-year 80000000  # full: 10⁸ (long)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _harness import PEAK, run  # bench/ is on the path when run as a script

HERE = Path(__file__).resolve().parent


GENERATE = PEAK + """
import sys, time, json
from cchc.sample.national import write_national
t = time.perf_counter()
files = write_national(sys.argv[1], seed=7, scale="full", dossiers_per_year=int(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t, "files": len(files),
                  "peak_mb": peak_mb()}))
"""

FLOOR = PEAK + """
import duckdb, sys, time, json
t = time.perf_counter()
rows = duckdb.sql('''
  SELECT unit_id, year(received_on) AS y, quarter(received_on) AS q,
         count(*) AS n, sum(transfer_required::INT) AS tr, sum(transfer_electronic::INT) AS te,
         sum(payment_required::INT) AS pr, sum(paid_online::INT) AS po,
         sum(result_valid::INT) AS rv, sum(result_digitised::INT) AS rd,
         sum(reprovided::INT) AS rp, sum((channel = 'online')::INT) AS onl, sum(eid::INT) AS e
  FROM read_parquet(?, hive_partitioning = true) GROUP BY ALL''',
  params=[sys.argv[1] + "/dossiers/*/*/*.parquet"]).fetchall()
print(json.dumps({"seconds": time.perf_counter() - t, "groups": len(rows),
                  "peak_mb": peak_mb()}))
"""

OURS = PEAK + """
import sys, time, json
from cchc.sources.dataset import load_data
from cchc.engine.results import evaluate
t = time.perf_counter()
data = load_data(sys.argv[1])
t_load = time.perf_counter() - t
results = evaluate(data, sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - t, "load_seconds": t_load,
                  "rows": len(results.results), "fast": sorted(getattr(data, "aggregates", {})),
                  "peak_mb": peak_mb()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-year", type=int, default=8_000_000,
                        help="the country's dossiers a year (15 months of records; default "
                             "8 M → 10 M dossiers; 80 M is --scale full, 10⁸)")
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    data = HERE / "results" / f"national-{args.per_year}"
    if not (data / "dossiers").is_dir():
        made = run(GENERATE, str(data), str(args.per_year))
        print(f"generated {data}: {made['seconds']:.0f} s, peak {made['peak_mb']:.0f} MB",
              flush=True)
    import pyarrow.dataset as ds

    rows = ds.dataset(data / "dossiers", format="parquet", partitioning="hive").count_rows()
    floor = min((run(FLOOR, str(data)) for _ in range(args.repeat)),
                key=lambda r: r["seconds"])
    ours = min((run(OURS, str(data), args.period) for _ in range(args.repeat)),
               key=lambda r: r["seconds"])
    print(f"country: {rows:,} dossiers in 34 provinces; period {args.period}; "
          f"best of {args.repeat}")
    print(f"duckdb group-by (floor): {floor['seconds']:.2f} s, {rows / floor['seconds']:,.0f}"
          f" rows/s, peak {floor['peak_mb']:.0f} MB")
    print(f"cchc load+compute:       {ours['seconds']:.2f} s (load {ours['load_seconds']:.2f} s),"
          f" {rows / ours['seconds']:,.0f} rows/s, peak {ours['peak_mb']:.0f} MB, "
          f"{ours['rows']} result rows")
    print(f"fast path: {', '.join(ours.get('fast', [])) or 'none'}")
    print(f"ratio to floor: {ours['seconds'] / floor['seconds']:.2f}x; "
          f"peak memory {ours['peak_mb'] / 1024:.2f} GB")


if __name__ == "__main__":
    main()
