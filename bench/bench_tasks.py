"""Benchmark: ``cchc tasks`` on a large register, against a plain pandas filter.

Two comparisons, measured in the same run on the same machine:

* end to end, each in a fresh process: ``cchc tasks --format csv`` (start-up, reading and
  validating ``units.csv`` and ``tasks.csv`` against the data dictionary, every state,
  the ordered list written as CSV) against a plain pandas script that reads
  ``tasks.csv`` and writes its overdue rows, oldest first (no validation, one state);
* in process: :func:`cchc.engine.tasks.compute_task_states` (every state, days late,
  ordered) against the same pandas filter on the same typed frame.

    .venv/bin/python bench/bench_tasks.py                 # 100 000 tasks
    .venv/bin/python bench/bench_tasks.py --tasks 1000000 --repeat 3

Each step runs ``--repeat`` times (default 3); the fastest counts. The register is
deterministic (numpy, seed 2021): 177 units, tasks assigned over 2021–2024, deadlines of
10–90 days, a few without one, 80 % done.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2024-12-31"
PANDAS_FILTER = """
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], parse_dates=["assigned_on", "due_on", "done_on"])
day = pd.Timestamp(sys.argv[2])
late = frame[(frame["assigned_on"] <= day) & frame["done_on"].isna() & (frame["due_on"] < day)]
late.sort_values("due_on").to_csv(sys.stdout, index=False)
"""


def make_units():
    import pandas as pd

    rows = [("lao-cai", "Tỉnh Lào Cai", "province", None)]
    rows += [(f"so-{i:02d}", f"Sở {i:02d}", "department", "lao-cai") for i in range(17)]
    for d in range(9):
        rows.append((f"huyen-{d}", f"Huyện {d}", "district", "lao-cai"))
        rows += [(f"xa-{d}-{c:02d}", f"Xã {d}-{c:02d}", "commune", f"huyen-{d}")
                 for c in range(17)]
    return pd.DataFrame(rows, columns=["unit_id", "name", "level", "parent_id"])


def make_tasks(n: int, unit_ids: list[str]):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2021)
    assigned = np.datetime64("2021-01-01") + rng.integers(0, 4 * 365, n).astype("timedelta64[D]")
    due = assigned + rng.choice([10, 15, 30, 45, 60, 90], n).astype("timedelta64[D]")
    done = assigned + rng.integers(0, 120, n).astype("timedelta64[D]")
    frame = pd.DataFrame({
        "task_id": np.char.add("NV-", np.char.zfill(np.arange(n).astype(str), 7)),
        "title": np.array(["Báo cáo kết quả công tác cải cách hành chính quý",
                           "Rà soát, đơn giản hóa thủ tục hành chính",
                           "Số hóa kết quả giải quyết thủ tục hành chính"])[
            rng.integers(0, 3, n)],
        "assigned_on": pd.to_datetime(assigned),
        "unit_id": np.asarray(unit_ids)[rng.integers(0, len(unit_ids), n)],
        "due_on": pd.Series(pd.to_datetime(due)).where(rng.random(n) > 0.05),
        "done_on": pd.Series(pd.to_datetime(done)).where(
            (rng.random(n) < 0.8) & (done <= np.datetime64(AS_OF))),
    })
    return frame


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import pandas as pd
    from cchc.engine.tasks import compute_task_states
    from cchc.sources.dataset import load_data

    with tempfile.TemporaryDirectory(prefix="cchc-bench-tasks-") as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        units = make_units()
        units.to_csv(folder / "units.csv", index=False)
        make_tasks(args.tasks, units["unit_id"].tolist()).to_csv(
            folder / "tasks.csv", index=False, date_format="%Y-%m-%d")
        tasks_file = folder / "tasks.csv"
        cchc = [sys.executable, "-m", "cchc", "tasks", "--data", str(folder), "--as-of", AS_OF,
                "--format", "csv"]
        plain = [sys.executable, "-c", PANDAS_FILTER, str(tasks_file), AS_OF]

        def run(command: list[str]) -> None:
            result = subprocess.run(command, capture_output=True, check=False)
            if result.returncode != 0:
                raise SystemExit(result.stderr.decode())

        noop = best(args.repeat, lambda: run([sys.executable, "-c", "import pandas"]))
        ours = best(args.repeat, lambda: run(cchc))
        baseline = best(args.repeat, lambda: run(plain))

        register = load_data(folder, tables=["tasks"]).tables["tasks"]
        day = pd.Timestamp(AS_OF)

        def pandas_filter() -> None:
            late = register[(register["assigned_on"] <= day) & register["done_on"].isna()
                            & (register["due_on"] < day)]
            late.sort_values("due_on")

        engine = best(args.repeat, lambda: compute_task_states(register, AS_OF))
        filtered = best(args.repeat, pandas_filter)

    print(f"{args.tasks:,} tasks, as of {AS_OF}, best of {args.repeat}")
    print(f"  python + import pandas (start-up)   {noop:7.2f} s")
    print(f"  pandas: read, filter overdue, write {baseline:7.2f} s   1.00")
    print(f"  cchc tasks --format csv             {ours:7.2f} s   {ours / baseline:5.2f}")
    print("in process, on the typed register:")
    print(f"  pandas filter (overdue only)        {filtered:7.3f} s   1.00")
    print(f"  compute_task_states (every state)   {engine:7.3f} s   {engine / filtered:5.2f}")


if __name__ == "__main__":
    main()
