"""Benchmark: the quarterly batch per workbook vs the naive way.

The naive way is papermill's command line called once per unit, one after the other
(timed on a few units); ours is ``cchc run`` over the whole sample province (every unit
plus the overview, with HTML), measured in the same run. Prints seconds per workbook,
the speed-up ratio and the peak memory of the largest process. Run:

    .venv/bin/python bench/bench_runs.py                 # small sample, all its units
    .venv/bin/python bench/bench_runs.py --scale full    # 373 units in force in 2024Q4
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


#: Runs a command in a fresh process and prints the peak memory of its own children
#: (ru_maxrss of RUSAGE_CHILDREN counts every child ever waited for: measuring from the
#: bench's own process would include the sample generator's peak).
_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def timed_with_peak(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of the largest process of ``cmd``'s tree."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *cmd], cwd=cwd, check=True,
                          capture_output=True, text=True)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


#: What a run reads from the cache: the period's evaluation, the previous period's (the
#: headline cards compare with it), the service index's, and the charts' JavaScript.
_WARM = """
import sys, contextlib
from cchc.engine.cache import load_evaluation, load_index_evaluation
from cchc.errors import CchcError
from cchc.present.render import charts_javascript
from cchc.spec.indices import DEFAULT_INDEX
from cchc.spec.periods import Period
data, period = sys.argv[1], sys.argv[2]
load_evaluation(data, period)
previous = Period.parse(period).previous()
for warm in (lambda: load_index_evaluation(data, DEFAULT_INDEX, period),
             lambda: previous and load_evaluation(data, str(previous))):
    with contextlib.suppress(CchcError):
        warm()
charts_javascript()
"""


def _write_light(path: Path) -> None:
    """The unit workbook cut to its parameters, the evaluation and one table."""
    import nbformat

    nb = nbformat.read(PROJECT / "notebooks/workbook.ipynb", as_version=4)
    nb.cells = [c for c in nb.cells if "show_group(wb, \"I\")" in c.source
                or c.source.startswith(("from cchc", "wb = ")) or "parameters" in
                c.metadata.get("tags", [])]
    nbformat.write(nb, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "full"], default="small")
    parser.add_argument("--period", default="2024Q4")
    parser.add_argument("--naive-units", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--light", action="store_true",
                        help="use a notebook with no chart (parameters + one table) for both "
                             "ways: measures the engine's own overhead, not chart rendering")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cchc-bench-runs-"))
    os.environ["CCHC_CACHE"] = str(work / "cache")  # never the repository's outputs/
    try:
        data = work / "data"
        subprocess.run([BIN / "cchc", "sample", "--out", data, "--scale", args.scale],
                       check=True, capture_output=True)
        # Warm the caches for both ways alike, as on any run after a quarter's first: the
        # evaluation (both read it) and the charts' JavaScript bundle (ours only: the
        # naive way writes no page). Each way then pays only for its notebooks.
        # (``cchc compute`` writes no cache: the evaluations a run reads are warmed through
        # the cache itself, as ``runs.plan`` reads them.)
        subprocess.run([sys.executable, "-c", _WARM, data, args.period], check=True)

        template = PROJECT / "notebooks/workbook.ipynb"
        if args.light:
            template = work / "light.ipynb"
            _write_light(template)
        ours_s, ours_peak = timed_with_peak(
            [str(BIN / "cchc"), "run", "--data", str(data), "--period", args.period,
             "--out", str(work / "ours"), "--jobs", str(args.jobs), "--template", str(template)],
            PROJECT)
        manifest = json.loads((work / "ours" / "manifest.json").read_text(encoding="utf-8"))
        # the notebooks the run wrote: the units in force in the period and the overview
        # (units.csv also lists units of other periods, which the run leaves out)
        notebooks = len(manifest["units"])
        units = [u["unit_id"] for u in manifest["units"] if u["unit_id"] != "overview"]

        naive = []
        for unit in units[: args.naive_units]:
            naive.append(timed([str(BIN / "papermill"), str(template),
                                str(work / f"naive-{unit}.ipynb"), "-p", "unit_id", unit,
                                "-p", "period", args.period, "-p", "data_dir", str(data),
                                "--no-progress-bar"], PROJECT))
        naive_per = sum(naive) / len(naive)
        ours_per = ours_s / notebooks
        print(f"notebook: {template.name}")
        print(f"sample: {args.scale}, {len(units)} units in force + overview, "
              f"period {args.period}, "
              f"{os.cpu_count()} cores, --jobs {args.jobs}; failed: {manifest['failed']}")
        print(f"naive (papermill CLI, one after another, {len(naive)} units, ipynb only): "
              f"{naive_per:.2f} s per workbook")
        print(f"cchc run (ipynb + HTML, summary, manifest): {ours_s:.1f} s for {notebooks} "
              f"notebooks = {ours_per:.2f} s per workbook")
        print(f"speed-up per workbook: {naive_per / ours_per:.1f}x (aim >= 10x); "
              f"peak memory of the largest process: {ours_peak:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
