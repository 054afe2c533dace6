"""Benchmark: computing across a reorganisation, as a ratio to one structure, per dossier.

The two-era sample (old Lào Cai and old Yên Bái to June 2025, the merged province since:
units that end, successors that carry their predecessors' history, stocks read from
the units in force) against the same dossiers in one structure: every old unit's
dossiers given to the unit that carries its history today (a district's to the
province), one tree with no dates and no successions. Both folders hold the units and
the dossiers only, so the comparison is the engine's cost of the eras, per dossier.
Measured in the same run, best of ``--repeat``. Run:

    .venv/bin/python bench/bench_eras.py                       # 400 000 dossiers a year
    .venv/bin/python bench/bench_eras.py --per-year 100000     # quicker
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

OURS = """
import json, sys, time
from cchc.sources.dataset import load_data
from cchc.engine.results import evaluate
t = time.perf_counter()
data = load_data(sys.argv[1])
t_load = time.perf_counter() - t
results = [evaluate(data, p) for p in sys.argv[2].split(",")]
print(json.dumps({"seconds": time.perf_counter() - t, "load_seconds": t_load,
                  "units": len(data.units.ids), "rows": sum(len(r.results) for r in results)}))
"""


def run(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", OURS, *args], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_era(two: Path, one: Path) -> None:
    """The same dossiers in the structure of today: each unit's dossiers under its head."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    units = pd.read_csv(two / "units.csv", dtype=str, keep_default_na=False)
    successor = dict(zip(units["unit_id"], units["successor_id"], strict=True))
    parent = dict(zip(units["unit_id"], units["parent_id"], strict=True))

    def head(unit: str) -> str:
        while successor.get(unit):
            unit = successor[unit]
        if units.set_index("unit_id").at[unit, "valid_to"]:  # ended with no successor
            return head(parent[unit])
        return unit

    today = units[units["valid_to"] == ""].copy()
    today[["valid_from", "valid_to", "successor_id"]] = ""
    one.mkdir(parents=True, exist_ok=True)
    today.to_csv(one / "units.csv", index=False)
    mapping = {u: head(u) for u in units["unit_id"]}
    table = pq.read_table(two / "dossiers.parquet")
    keys = pa.array(list(mapping))
    index = pc.index_in(table["unit_id"], value_set=keys)
    heads = pc.take(pa.array(list(mapping.values())), index)
    table = table.set_column(table.schema.get_field_index("unit_id"), "unit_id", heads)
    pq.write_table(table, one / "dossiers.parquet", compression="zstd")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-year", type=int, default=400_000,
                        help="dossiers per year (2021 to 2026Q3)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--periods", default="2025,2026Q3")
    args = parser.parse_args()

    from cchc.sample import write_sample

    root = HERE / "results" / f"eras-{args.per_year}"
    two, one = root / "two", root / "one"
    if not (one / "dossiers.parquet").exists():
        t = time.perf_counter()
        write_sample(two, seed=7, scale="full", dossiers_per_year=args.per_year)
        for path in two.iterdir():  # the units and the dossiers only
            if path.name not in ("units.csv", "dossiers.parquet"):
                path.unlink()
        one_era(two, one)
        print(f"generated {root} in {time.perf_counter() - t:.1f} s", flush=True)
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(two / "dossiers.parquet").metadata.num_rows
    base = min((run(str(one), args.periods) for _ in range(args.repeat)),
               key=lambda r: r["seconds"])
    eras = min((run(str(two), args.periods) for _ in range(args.repeat)),
               key=lambda r: r["seconds"])
    print(f"dossiers: {rows:,}; periods: {args.periods}; best of {args.repeat}")
    for name, r in (("one era (structure of today)", base), ("two eras (with successions)", eras)):
        print(f"{name}: {r['units']} units, {r['seconds']:.2f} s (load {r['load_seconds']:.2f} s)"
              f" = {1e6 * r['seconds'] / rows:.2f} µs per dossier, {r['rows']} result rows")
    print(f"ratio two eras / one era, per dossier: {eras['seconds'] / base['seconds']:.2f}x")


if __name__ == "__main__":
    main()
