"""What the benchmarks that measure a process alone share: the peak-memory snippet that
each measured program starts with, and running such a program in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys

#: Peak memory of the measured process alone: VmHWM belongs to the process's own address
#: space (ru_maxrss would carry over the peak of the process that started it); where
#: /proc is missing, ru_maxrss.
PEAK = """
def peak_mb():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""


def run(code: str, *args: str) -> dict:
    """Run ``code`` (a program printing one JSON line) in a fresh Python; that line."""
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True)
    return json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])
