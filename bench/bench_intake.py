"""Benchmark: validating and importing a large dossiers file, CSV / Parquet / Excel.

Each figure is a ratio to reading the same file with pandas' default reader
(``read_csv``, ``read_parquet``, ``read_excel``), measured in the same run on the same
machine. Every step runs in a fresh child process, so that its peak memory
(``resource.getrusage``, ``ru_maxrss``) is its own; the memory of a child that only
imports the libraries is printed too.

    .venv/bin/python bench/bench_intake.py                  # 1 000 000 rows
    .venv/bin/python bench/bench_intake.py --rows 100000 --excel-rows 50000

CSV and Parquet steps run ``--repeat`` times (default 3) and the fastest counts; the
Excel steps once (pandas' default Excel reader takes minutes on a million rows).

The files are deterministic (numpy, seed 2021): 14 columns, the dossiers table of the
data dictionary, dates over 2024, a unit tree of 177 units.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ("noop", "pandas", "validate", "import")


def make_units():
    import pandas as pd

    rows = [("lao-cai", "Tỉnh Lào Cai", "province", None)]
    rows += [(f"so-{i:02d}", f"Sở {i:02d}", "department", "lao-cai") for i in range(17)]
    for d in range(9):
        rows.append((f"huyen-{d}", f"Huyện {d}", "district", "lao-cai"))
        rows += [(f"xa-{d}-{c:02d}", f"Xã {d}-{c:02d}", "commune", f"huyen-{d}") for c in range(17)]
    return pd.DataFrame(rows, columns=["unit_id", "name", "level", "parent_id"])


def make_dossiers(n: int, unit_ids: list[str]):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2021)
    ids = np.char.add("HS-", np.char.zfill(np.arange(n).astype(str), 8))
    start = np.datetime64("2024-01-01")
    frame = pd.DataFrame(
        {
            "dossier_id": ids,
            "unit_id": np.asarray(unit_ids)[rng.integers(0, len(unit_ids), n)],
            "procedure_id": np.char.add("TTHC-", rng.integers(1, 600, n).astype(str)),
            "received_on": start + rng.integers(0, 366, n).astype("timedelta64[D]"),
            "channel": np.array(["online", "direct", "postal"])[rng.integers(0, 3, n)],
        }
    )
    from cchc.spec.dictionary import load_dictionary

    flags = [c.name for c in load_dictionary().table("dossiers").columns
             if c.type == "boolean" and c.name != "eid"]
    for column in flags:
        frame[column] = rng.random(n) < 0.5
    frame["contacts"] = rng.integers(0, 4, n)
    frame["eid"] = rng.random(n) < 0.4
    return frame


def write_files(root: Path, rows: int, excel_rows: int) -> dict[str, Path]:
    """One folder per format, each holding units + dossiers; return the dossiers files."""
    import openpyxl

    units = make_units()
    dossiers = make_dossiers(rows, units["unit_id"].tolist())
    out = {}
    timings = {}
    for fmt in ("csv", "parquet", "xlsx"):
        folder = root / fmt
        folder.mkdir(parents=True, exist_ok=True)
        units.to_csv(folder / "units.csv", index=False)
        path = folder / f"dossiers.{fmt}"
        began = time.perf_counter()
        if fmt == "csv":
            text = dossiers.assign(received_on=dossiers["received_on"].dt.strftime("%Y-%m-%d"))
            text.to_csv(path, index=False)
        elif fmt == "parquet":
            dossiers.assign(received_on=dossiers["received_on"].dt.date).to_parquet(
                path, index=False
            )
        else:
            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet("dossiers")
            part = dossiers.iloc[:excel_rows]
            sheet.append(list(part.columns))
            for row in part.itertuples(index=False):
                sheet.append(
                    [
                        row[0],
                        row[1],
                        row[2],
                        row[3].to_pydatetime(),
                        *row[4:12],
                        int(row[12]),
                        row[13],
                    ]
                )
            book.save(path)
        timings[fmt] = time.perf_counter() - began
        out[fmt] = path
    print(
        f"wrote files in {root}: "
        + ", ".join(
            f"{fmt} {out[fmt].stat().st_size / 1e6:.1f} MB in {t:.1f}s"
            for fmt, t in timings.items()
        ),
        flush=True,
    )
    return out


def child(step: str, path: Path) -> None:
    """Run one step on one file and print its time and the process's peak memory."""
    import openpyxl  # noqa: F401  (pandas' Excel reader: imported before timing, like ours)
    import pandas as pd
    import pyarrow.csv
    import pyarrow.parquet  # noqa: F401
    import python_calamine  # noqa: F401
    from cchc.intake.folder import import_folder, validate_folder
    from cchc.spec.dictionary import load_dictionary

    load_dictionary()  # parsed once per process, not per file
    began = time.perf_counter()
    rows = None
    if step == "pandas":
        reader = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".xlsx": pd.read_excel}
        rows = len(reader[path.suffix](path))
    elif step == "validate":
        intake = validate_folder(path.parent)
        assert intake.ok, intake.problems[:3]
        rows = len(intake.tables["dossiers"])
    elif step == "import":
        with tempfile.TemporaryDirectory() as tmp:
            result = import_folder(path.parent, Path(tmp) / "store")
            rows = result.stored_rows["dossiers"]
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "rows": rows}))


def run_child(*args: str) -> dict:
    """Run this script as a child (fresh process, own peak memory); its last line is JSON."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line, flush=True)
    return json.loads(lines[-1])


def best_of(step: str, path: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` runs (the others measure the machine's other work)."""
    runs = [run_child("--child", step, str(path)) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r["seconds"])
    return {**fastest, "peak_mb": max(r["peak_mb"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--excel-rows", type=int, default=None, help="rows of the Excel file (default: --rows)"
    )
    parser.add_argument("--formats", default="csv,parquet,xlsx")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per CSV/Parquet step; the fastest counts"
    )
    parser.add_argument("--child", nargs=2, metavar=("STEP", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    if args.write:
        files = write_files(Path(args.write[0]), int(args.write[1]), int(args.write[2]))
        print(json.dumps({fmt: str(path) for fmt, path in files.items()}))
        return
    excel_rows = min(args.excel_rows or args.rows, 1_048_575)
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        # Written by a child too: a child's ru_maxrss starts from its parent's size at
        # fork, so the parent stays small.
        files = {
            k: Path(v)
            for k, v in run_child("--write", tmp, str(args.rows), str(excel_rows)).items()
        }
        base = run_child("--child", "noop", str(files["csv"]))
        print(f"python + libraries alone: peak {base['peak_mb']:.0f} MB")
        header = (
            f"{'format':8} {'rows':>9} {'pandas s':>9} {'validate s':>10} "
            f"{'import s':>9} {'validate/pandas':>15} {'import/pandas':>13} "
            f"{'peak MB pandas/validate/import':>31}"
        )
        print(header, flush=True)
        for fmt in args.formats.split(","):
            repeat = 1 if fmt == "xlsx" else args.repeat
            result = {step: best_of(step, files[fmt], repeat) for step in STEPS[1:]}
            pandas_s = result["pandas"]["seconds"]
            print(
                f"{fmt:8} {result['import']['rows']:>9} {pandas_s:>9.2f} "
                f"{result['validate']['seconds']:>10.2f} {result['import']['seconds']:>9.2f} "
                f"{result['validate']['seconds'] / pandas_s:>15.2f} "
                f"{result['import']['seconds'] / pandas_s:>13.2f} "
                f"{result['pandas']['peak_mb']:>11.0f} / {result['validate']['peak_mb']:.0f}"
                f" / {result['import']['peak_mb']:.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
