"""The batch on a Dask cluster (``cchc run --cluster local``): the same bytes as the local
pool, failures recorded unit by unit, and where each unit ran in the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from conftest import PROJECT, run_cli

pytestmark = pytest.mark.slow
UNITS = "lao-cai,bat-xat,so-noi-vu"


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_a_cluster_writes_the_bytes_of_the_local_pool(sample_dir, tmp_path):
    local, dask = tmp_path / "local", tmp_path / "dask"
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", local,
                     "--units", UNITS, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", dask,
                     "--units", UNITS, "--jobs", "2", "--cluster", "local")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "distributed" not in result.stderr
    assert _files(local) == _files(dask)
    for name in _files(local):
        if name != "manifest.json":
            assert (local / name).read_bytes() == (dask / name).read_bytes(), name
    a, b = _manifest(local), _manifest(dask)
    where_a = [u.pop("ran_on") for u in a["units"]]
    where_b = [u.pop("ran_on") for u in b["units"]]
    assert a == b
    assert {w["worker"] for w in where_a} == {"local"}
    workers = {w["worker"] for w in where_b}
    assert all(w.startswith("tcp://127.0.0.1:") for w in workers) and 1 <= len(workers) <= 2
    assert all(w["host"] for w in where_b)


def test_on_a_cluster_a_failing_unit_fails_alone(sample_dir, tmp_path):
    nb = nbformat.read(PROJECT / "notebooks" / "workbook.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(
        'if unit_id == "bat-xat":\n    raise RuntimeError("dữ liệu hỏng")\n'
        'if unit_id == "so-noi-vu":\n    import time\n    time.sleep(600)'))
    template = tmp_path / "failing.ipynb"
    nbformat.write(nb, template)
    out = tmp_path / "out"
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", out,
                     "--units", UNITS, "--template", template, "--cluster", "local",
                     "--jobs", "2", "--timeout", "60")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failed = {u["unit_id"]: u for u in _manifest(out)["units"] if not u["ok"]}
    assert set(failed) == {"bat-xat", "so-noi-vu"}
    assert failed["bat-xat"]["reason"] == "error" and "dữ liệu hỏng" in failed["bat-xat"]["error"]
    assert failed["bat-xat"]["cell"] == 5
    assert failed["so-noi-vu"]["reason"] == "timeout"
    assert all(u["ran_on"]["worker"].startswith("tcp://") for u in failed.values())
    assert not (out / "bat-xat" / "workbook.ipynb").exists()
    assert not (out / "so-noi-vu" / "workbook.ipynb").exists()
    assert (out / "lao-cai" / "workbook.html").exists()


def test_an_unreachable_cluster_is_a_parameter_error(sample_dir, tmp_path):
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out",
                     tmp_path / "out", "--units", "lao-cai", "--cluster", "tcp://127.0.0.1:9")
    assert result.returncode == 2
    assert "--cluster" in result.stderr and "Traceback" not in result.stderr


def test_on_a_cluster_a_worker_that_dies_fails_its_unit_alone(sample_dir, tmp_path,
                                                              monkeypatch):
    # the kernel kills its worker process; the scheduler gives up at once (a real cluster
    # retries on another worker: distributed.scheduler.allowed-failures, default 3)
    monkeypatch.setenv("DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES", "0")
    nb = nbformat.read(PROJECT / "notebooks" / "workbook.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(
        'if unit_id == "bat-xat":\n    import os, signal\n'
        '    os.kill(os.getppid(), signal.SIGKILL)'))
    template = tmp_path / "killing.ipynb"
    nbformat.write(nb, template)
    out = tmp_path / "out"
    result = run_cli("run", "--data", sample_dir, "--period", "2024Q3", "--out", out,
                     "--units", UNITS, "--template", template, "--cluster", "local",
                     "--jobs", "2")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failed = [u for u in _manifest(out)["units"] if not u["ok"]]
    assert [(u["unit_id"], u["reason"]) for u in failed] == [("bat-xat", "worker_died")]
    assert failed[0]["ran_on"]["worker"].startswith("tcp://127.0.0.1:")
    assert (out / "lao-cai" / "workbook.html").exists()
    assert (out / "so-noi-vu" / "workbook.html").exists()


def test_the_notebooks_of_a_dask_worker_share_its_kernel_client(sample_dir, tmp_path):
    # Dask runs each task in a fresh context; a new event loop per notebook would mean a
    # new kernel client per notebook (0.2 s each before the first cell)
    from cchc.apps import cluster, runs

    batch = runs.plan(sample_dir, "2024Q3", tmp_path / "out", ["lao-cai", "bat-xat"], "vi")

    def notebook(task, cwd):
        from cchc.apps import cluster, kernels

        outcome = cluster.run_on_worker(task, cwd)
        return outcome.ok, id(kernels._CLIENT[2])

    with cluster.connect(cluster.LOCAL, 1) as client:
        answers = [client.submit(notebook, task, str(Path.cwd()), pure=False).result()
                   for task in batch.tasks[:3]]
    assert [ok for ok, _ in answers] == [True, True, True]
    assert len({client_id for _, client_id in answers}) == 1
