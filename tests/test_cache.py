"""The evaluation cache under attack: nothing planted in it runs, nothing damaged is trusted.

Each hostile entry is put where the cache looks for the evaluation of the sample for
2024Q3 (its key is computable, as an attacker would compute it); loading must give the
evaluation computed from the data, never execute anything, and warn about the entry.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest
from cchc.engine import cache
from cchc.engine.cache import fingerprint, load_evaluation, load_periods
from cchc.engine.coverage import compute_periods
from cchc.sources.dataset import load_data

PERIOD = "2024Q3"


class Payload:
    """Unpickling this runs a shell command: it leaves ``marker`` behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


_COMPUTED: dict[str, object] = {}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch, sample_data) -> Path:
    """An empty cache; evaluations computed once per test session (the cache is tested,
    not the computation)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setattr(cache.paths, "CACHE_DIR", folder)
    evaluate = cache.evaluate

    def computed_once(data, period, catalogue=None):
        if str(period) not in _COMPUTED:
            _COMPUTED[str(period)] = evaluate(sample_data, period, catalogue)
        return _COMPUTED[str(period)]

    monkeypatch.setattr(cache, "evaluate", computed_once)
    monkeypatch.setattr(cache, "load_data", lambda *a, **k: sample_data)
    cache._MEMORY.clear()
    yield folder
    cache._MEMORY.clear()


@pytest.fixture
def expected(evaluation_2024q3):
    return evaluation_2024q3


def _entry(cache_dir: Path, sample_dir: Path) -> Path:
    return cache_dir / f"evaluation-{fingerprint(sample_dir, PERIOD)}"


def _fill(cache_dir: Path, sample_dir: Path) -> Path:
    """A genuine cache entry, written by the cache itself."""
    load_evaluation(sample_dir, PERIOD)
    cache._MEMORY.clear()
    entry = _entry(cache_dir, sample_dir)
    assert (entry / "manifest.json").is_file()
    return entry


def _load(sample_dir: Path, caplog) -> tuple[object, list[str]]:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cchc.engine.cache"):
        evaluation = load_evaluation(sample_dir, PERIOD)
    cache._MEMORY.clear()
    return evaluation, [r.getMessage() for r in caplog.records]


def _same(evaluation, expected) -> None:
    pd.testing.assert_frame_equal(evaluation.results, expected.results)
    pd.testing.assert_frame_equal(evaluation.scores, expected.scores)


def test_a_genuine_entry_is_used_without_warning(cache_dir, sample_dir, expected, caplog,
                                                 monkeypatch):
    _fill(cache_dir, sample_dir)
    monkeypatch.setattr(cache, "evaluate", lambda *a, **k: pytest.fail("recomputed"))
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert warnings == []


# --------------------------------------------------------------------------- pickles


def _plant_pickles(cache_dir: Path, sample_dir: Path, marker: Path) -> list[Path]:
    """The payload under every name a pickling cache used or might use."""
    key = fingerprint(sample_dir, PERIOD)
    periods_key = fingerprint(sample_dir, "2021")
    data = pickle.dumps(Payload(marker))
    planted = [cache_dir / f"evaluation-{key}.pickle", cache_dir / f"periods-{periods_key}.pickle",
               cache_dir / f"evaluation-{key}.pkl"]
    for path in planted:
        path.write_bytes(data)
    return planted


def test_a_planted_pickle_never_runs_in_the_library(cache_dir, sample_dir, expected, caplog,
                                                    tmp_path):
    marker = tmp_path / "pwned"
    _plant_pickles(cache_dir, sample_dir, marker)
    evaluation, warnings = _load(sample_dir, caplog)
    newest = compute_periods(load_data(sample_dir))[0]
    assert load_periods(sample_dir)[0] == newest  # the dashboard's two entry points
    _same(evaluation, expected)
    assert not marker.exists()
    assert any("pickle" in w and "delete it" in w for w in warnings), warnings


def test_a_planted_pickle_never_runs_in_cchc_compute_or_the_dashboard_loaders(
        sample_dir, tmp_path):
    """In other processes, with the cache they use: the command line and a fresh kernel."""
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    marker = tmp_path / "pwned"
    _plant_pickles(cache_dir, sample_dir, marker)
    env = {"CCHC_CACHE": str(cache_dir)}
    computed = _run_with(env, "compute", "--data", sample_dir, "--period", PERIOD,
                         "--out", tmp_path / "out.csv")
    assert computed.returncode == 0, computed.stderr
    script = ("from cchc.engine.cache import load_evaluation, load_periods; import sys; "
              f"load_periods(sys.argv[1]); load_evaluation(sys.argv[1], '{PERIOD}')")
    loaded = _python_with(env, script, sample_dir)
    assert loaded.returncode == 0, loaded.stderr
    assert "pickle" in loaded.stderr
    assert not marker.exists()


def _run_with(env: dict[str, str], *args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "cchc", *map(str, args)], capture_output=True,
                          text=True, env={**os.environ, **env}, check=False, timeout=300)


def _python_with(env: dict[str, str], script: str, *args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True,
                          text=True, env={**os.environ, **env}, check=False, timeout=300)


# --------------------------------------------------------------------------- damaged entries


def _lie(entry: Path, change) -> None:
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    (entry / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


LIES = {
    "more rows than the table has": lambda m: m["tables"]["results"].update(rows=1),
    "another column type": lambda m: m["tables"]["results"]["columns"][0].__setitem__(1, "int64"),
    "another key": lambda m: m.update(key="0" * 32),
    "another format": lambda m: m.update(format="cchc-evaluation-1"),
    "a table missing": lambda m: m["tables"].pop("scores"),
    "a value that is no field": lambda m: m["values"].update(run="os.system('x')"),
    "another hash": lambda m: m["tables"]["results"].update(sha256="0" * 64),
    "not an object": lambda m: m.clear(),
}


@pytest.mark.parametrize("lie", list(LIES))
def test_a_manifest_that_lies_is_ignored_with_a_warning(cache_dir, sample_dir, expected, caplog,
                                                        lie):
    entry = _fill(cache_dir, sample_dir)
    _lie(entry, LIES[lie])
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert any(str(entry) in w for w in warnings), warnings
    # the entry was replaced by a genuine one: the next load trusts it, silently
    assert _load(sample_dir, caplog)[1] == []


def test_a_table_swapped_for_another_is_noticed(cache_dir, sample_dir, expected, caplog):
    """Same shape, other numbers: the results of another period put in its place."""
    entry = _fill(cache_dir, sample_dir)
    load_evaluation(sample_dir, "2024Q2")
    cache._MEMORY.clear()
    other = cache_dir / f"evaluation-{fingerprint(sample_dir, '2024Q2')}"
    shutil.copyfile(other / "results.parquet", entry / "results.parquet")
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert any("not the file the manifest describes" in w for w in warnings), warnings


@pytest.mark.parametrize("name", ["manifest.json", "results.parquet", "scores.parquet"])
def test_a_truncated_file_is_ignored_with_a_warning(cache_dir, sample_dir, expected, caplog,
                                                    name):
    entry = _fill(cache_dir, sample_dir)
    data = (entry / name).read_bytes()
    (entry / name).write_bytes(data[: len(data) // 2])
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert any(str(entry) in w for w in warnings), warnings


def test_random_bytes_and_an_empty_folder_are_ignored(cache_dir, sample_dir, expected, caplog):
    entry = _entry(cache_dir, sample_dir)
    entry.mkdir()
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert any("no manifest" in w for w in warnings), warnings
    shutil.rmtree(entry)
    entry.write_bytes(os.urandom(256))
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert any("not a regular folder" in w for w in warnings), warnings


# --------------------------------------------------------------------------- links


def test_a_linked_entry_is_not_followed(cache_dir, sample_dir, expected, caplog, tmp_path):
    genuine = _fill(cache_dir, sample_dir)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(genuine, elsewhere)
    genuine.symlink_to(elsewhere, target_is_directory=True)
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert any("symbolic link" in w for w in warnings), warnings
    assert not genuine.is_symlink() and elsewhere.is_dir()  # unlinked, never followed


def test_a_linked_table_is_not_followed(cache_dir, sample_dir, expected, caplog, tmp_path):
    entry = _fill(cache_dir, sample_dir)
    shutil.move(entry / "results.parquet", tmp_path / "results.parquet")
    (entry / "results.parquet").symlink_to(tmp_path / "results.parquet")
    evaluation, warnings = _load(sample_dir, caplog)
    _same(evaluation, expected)
    assert any("symbolic link" in w for w in warnings), warnings


def test_a_linked_periods_file_is_not_followed(cache_dir, sample_dir, caplog, tmp_path):
    real = load_periods(sample_dir)
    [file] = cache_dir.glob("periods-*.json")
    (tmp_path / "periods.json").write_text(json.dumps(["2030Q1"]), encoding="utf-8")
    file.unlink()
    file.symlink_to(tmp_path / "periods.json")
    with caplog.at_level(logging.WARNING, logger="cchc.engine.cache"):
        assert load_periods(sample_dir) == real
    assert any("symbolic link" in r.getMessage() for r in caplog.records)


def test_the_cache_location_is_set_by_CCHC_CACHE(sample_dir, tmp_path):
    where = tmp_path / "elsewhere"
    script = "from cchc import paths; print(paths.CACHE_DIR)"
    shown = _python_with({"CCHC_CACHE": str(where)}, script)
    assert shown.stdout.strip() == str(where)


def test_a_batch_checks_its_data_once_for_the_period_and_the_previous_one(
        sample_dir, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    monkeypatch.setattr(cache.paths, "CACHE_DIR", tmp_path / "cache")
    cache._MEMORY.clear()
    loads: list = []
    real = cache.load_data

    def spied(folder, tables=None):
        loads.append(tables)
        return real(folder, tables)

    monkeypatch.setattr(cache, "load_data", spied)
    try:
        with cache.sharing_loads():
            load_evaluation(data, "2024Q3")
            shared = load_evaluation(data, "2024Q2")
            assert loads == [None]
            meetings = data / "meetings.csv"  # a file changed meanwhile: read again
            os.utime(meetings, ns=(meetings.stat().st_atime_ns,
                                   meetings.stat().st_mtime_ns + 1_000_000))
            load_evaluation(data, "2024Q1")
            assert loads == [None, None]
        load_evaluation(data, "2023Q4")  # outside: each evaluation loads its data
        load_evaluation(data, "2023Q3")
        assert loads == [None] * 4
    finally:
        cache._MEMORY.clear()
    alone = cache.evaluate(real(data), "2024Q2")
    pd.testing.assert_frame_equal(shared.results, alone.results, check_exact=True)
    pd.testing.assert_frame_equal(shared.series, alone.series, check_exact=True)
