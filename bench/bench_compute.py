"""Benchmark: every measure for every unit and period on ~10 million dossiers.

Prints the time of ``cchc compute`` (read + validate + compute + roll up + assess) as a
ratio to the floor: a single DuckDB group-by over the same Parquet file, measured in the
same run; the peak memory of each; and the tables read by the fast path
(:mod:`cchc.sources.fastpath`: checked and counted in DuckDB, no DataFrame of the rows).
Peak memory is each measured process's own (``VmHWM``). The processes' CPU time (every
thread) is printed too: on a machine shared with other work, wall-clock times stretch
with the load, unevenly between a multi-threaded scan and single-threaded Python; CPU
seconds say what each side costs. Rows per second are dossiers over wall seconds. Run:

    .venv/bin/python bench/bench_compute.py            # 10 M dossiers (2.5 M a year)
    .venv/bin/python bench/bench_compute.py --per-year 250000   # quicker
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
t, cpu = time.perf_counter(), time.process_time()
rows = duckdb.sql('''
  SELECT unit_id, year(received_on) AS y, quarter(received_on) AS q,
         count(*) AS n, sum(transfer_required::INT) AS tr, sum(transfer_electronic::INT) AS te,
         sum(payment_required::INT) AS pr, sum(paid_online::INT) AS po,
         sum(result_valid::INT) AS rv, sum(result_digitised::INT) AS rd,
         sum(reprovided::INT) AS rp, sum((channel = 'online')::INT) AS onl, sum(eid::INT) AS e
  FROM read_parquet(?) GROUP BY ALL''', params=[sys.argv[1]]).fetchall()
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "cpu": time.process_time() - cpu, "groups": len(rows),
                  "peak_mb": peak_mb()}))
"""

OURS = PEAK + """
import sys, time, json
t0 = time.perf_counter()
from cchc.sources.dataset import load_data
from cchc.engine.results import evaluate
t, cpu = time.perf_counter(), time.process_time()
data = load_data(sys.argv[1])
t_load = time.perf_counter() - t
results = [evaluate(data, p) for p in sys.argv[2].split(",")]
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "cpu": time.process_time() - cpu,
                  "load_seconds": t_load,
                  "rows": sum(len(r.results) for r in results),
                  "fast": sorted(getattr(data, "aggregates", {})),
                  "peak_mb": peak_mb()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-year", type=int, default=2_500_000,
                        help="dossiers per year (4 years; default 2.5 M → 10 M)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--periods", default="2024Q4",
                        help="comma-separated periods to compute (each covers its year's "
                             "quarters and the annual series from 2021)")
    args = parser.parse_args()

    data = HERE / "results" / f"sample-{args.per_year}"
    if not (data / "dossiers.parquet").exists():
        t = time.perf_counter()
        # in its own process: this one stays small, and so do the processes it measures
        subprocess.run([sys.executable, "-c",
                        "import sys; from cchc.sample import write_sample; write_sample("
                        "sys.argv[1], seed=7, scale='full', dossiers_per_year=int(sys.argv[2]))",
                        str(data), str(args.per_year)], check=True)
        print(f"generated {data} in {time.perf_counter() - t:.1f} s", flush=True)
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(data / "dossiers.parquet").metadata.num_rows
    floor = min((run(FLOOR, str(data / "dossiers.parquet")) for _ in range(args.repeat)),
                key=lambda r: r["seconds"])
    ours = min((run(OURS, str(data), args.periods) for _ in range(args.repeat)),
               key=lambda r: r["seconds"])
    print(f"dossiers: {rows:,}; periods: {args.periods}; best of {args.repeat}")
    print(f"duckdb group-by (floor): {floor['seconds']:.2f} s (cpu {floor['cpu']:.2f} s), "
          f"peak {floor['peak_mb']:.0f} MB, {rows / floor['seconds'] / 1e6:.1f} M rows/s")
    print(f"cchc load+compute:       {ours['seconds']:.2f} s (cpu {ours['cpu']:.2f} s; load "
          f"{ours['load_seconds']:.2f} s), peak {ours['peak_mb']:.0f} MB, "
          f"{rows / ours['seconds'] / 1e6:.1f} M rows/s, {ours['rows']} result rows")
    print(f"fast path (DuckDB check + counts): {', '.join(ours.get('fast', [])) or 'none'}")
    print(f"ratio to floor: {ours['seconds'] / floor['seconds']:.2f}x (aim <= 2x; cpu "
          f"{ours['cpu'] / floor['cpu']:.2f}x); peak memory {ours['peak_mb'] / 1024:.2f} GB "
          f"(aim < 2 GB)")


if __name__ == "__main__":
    main()
