"""Benchmark: start-up cost of the stack (docs/stack.md: rfc3987-syntax doubled it).

Times ``import X`` in fresh interpreters (best of N) as a ratio to ``import pandas``
measured in the same run, and reports whether rfc3987-syntax is installed (scripts/setup.sh
removes it). Run: ``.venv/bin/python bench/bench_import.py``
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

MODULES = ["pandas", "altair", "papermill", "cchc.present.views", "voila.app"]


def best(module: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f"rfc3987-syntax installed: {importlib.util.find_spec('rfc3987_syntax') is not None}")
    base = best("pandas", repeat)
    for module in MODULES:
        seconds = best(module, repeat)
        print(f"import {module:14s} {seconds:5.2f} s  = {seconds / base:4.2f}x import pandas")


if __name__ == "__main__":
    main()
