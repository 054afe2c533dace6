"""The store is always one state or the other: versions, one switch, one writer, a full log.

Imports are stopped at every step (a hook makes the process exit on the spot, as a kill
would: no cleanup runs), killed for real with SIGKILL, and run two at once; after each,
the next command finds the old store or the new one, never a mix, cleans up what was
left, and the log has one line per import that happened.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from cchc.engine.cache import fingerprint
from cchc.intake import store as intake
from cchc.intake.store import STEPS, import_folder, tidy
from cchc.sources.dataset import load_data
from cchc.sources.store import IMPORT_LOG, POINTER, VERSIONS, current_version, resolve_store
from conftest import CCHC, PROJECT, run_cli

TODAY = dt.date(2025, 1, 15)
UNITS = ("unit_id,name,level,parent_id\n"
         "lao-cai,Tỉnh Lào Cai,province,\n"
         "bat-xat,Huyện Bát Xát,district,lao-cai\n")


def _meetings(period: str, count: int) -> str:
    return ("unit_id,period,meetings,via_system\n"
            f"lao-cai,{period},{count},{count}\n"
            f"bat-xat,{period},{count + 1},{count}\n")


def _folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    """A store holding units and the meetings of 2024Q3."""
    folder = _folder(tmp_path / "q3", {"units.csv": UNITS, "meetings.csv": _meetings("2024Q3", 4)})
    import_folder(folder, tmp_path / "store", today=TODAY)
    return tmp_path / "store"


@pytest.fixture
def q4(tmp_path) -> Path:
    return _folder(tmp_path / "q4", {"meetings.csv": _meetings("2024Q4", 6)})


def _periods(store: Path) -> list[str]:
    return sorted(set(load_data(store).tables["meetings"]["period"]))


def _log(store: Path) -> list[dict]:
    return [json.loads(line) for line in (store / IMPORT_LOG).read_text().splitlines()]


def _debris(store: Path) -> list[str]:
    """What only an unfinished import leaves behind."""
    found = [p.name for p in (store / VERSIONS).iterdir() if p.name.startswith(".")]
    found += [p.name for p in store.iterdir() if p.name.endswith(".tmp")]
    found += [p.name for p in store.parent.glob(f".{store.name}.import-*")]
    return found


# --------------------------------------------------------------------------- layout


def test_each_import_is_a_version_and_current_names_it(store, q4, tmp_path):
    assert (store / POINTER).read_text() == "v000001\n"
    assert sorted(p.name for p in store.iterdir()) == [POINTER, IMPORT_LOG, VERSIONS]
    import_folder(q4, store, today=TODAY)
    assert current_version(store) == "v000002" and _periods(store) == ["2024Q3", "2024Q4"]
    # the table the import did not touch is shared with the previous version, not copied
    assert (store / VERSIONS / "v000002" / "units.parquet").stat().st_ino == (
        store / VERSIONS / "v000001" / "units.parquet").stat().st_ino
    q1 = _folder(tmp_path / "q1", {"meetings.csv": _meetings("2024Q1", 2)})
    import_folder(q1, store, today=TODAY)
    # the current version and the one before it are kept
    assert sorted(p.name for p in (store / VERSIONS).iterdir()) == ["v000002", "v000003"]
    assert [e["version"] for e in _log(store)] == ["v000001", "v000002", "v000003"]


def test_a_store_of_the_old_layout_is_read_then_moved_into_versions(tmp_path, q4):
    flat = tmp_path / "flat"
    folder = _folder(tmp_path / "q3", {"units.csv": UNITS, "meetings.csv": _meetings("2024Q3", 4)})
    import_folder(folder, tmp_path / "store", today=TODAY)
    shutil.copytree(resolve_store(tmp_path / "store"), flat)
    (flat / "import.json").unlink()
    (flat / IMPORT_LOG).write_text('{"old": "line"}\n', encoding="utf-8")
    assert _periods(flat) == ["2024Q3"]
    import_folder(q4, flat, today=TODAY)
    assert _periods(flat) == ["2024Q3", "2024Q4"]
    assert sorted(p.name for p in flat.iterdir()) == [POINTER, IMPORT_LOG, VERSIONS]
    assert _log(flat)[0] == {"old": "line"} and _log(flat)[1]["version"] == "v000001"


def test_every_reader_sees_the_current_version(store, q4, tmp_path, monkeypatch):
    from cchc import paths
    from cchc.apps.serve import prepare
    from cchc.intake.folder import validate_folder
    from cchc.intake.templates import load_unit_choices

    key = fingerprint(store, "2024Q3")
    import_folder(q4, store, today=TODAY)
    assert fingerprint(store, "2024Q3") != key  # the cache key sees the new files
    assert load_data(store).directory == store / VERSIONS / "v000002"
    assert load_unit_choices(store)[1] == ("bat-xat", "Huyện Bát Xát")
    monkeypatch.setattr(paths, "PROCESSED_DIR", store)
    assert len(load_unit_choices()) == 2
    assert validate_folder(store).ok  # the store itself validates as a data folder
    again = _folder(tmp_path / "again", {"meetings.csv": _meetings("2024Q4", 7)})
    checked = validate_folder(again, store=store, today=TODAY)
    assert checked.ok and checked.replaced["meetings"] == ["2024Q4"]
    assert prepare(store) == store.resolve()


def test_the_command_line_reads_a_store(store, q4, tmp_path):
    import_folder(q4, store, today=TODAY)
    out = tmp_path / "results.csv"
    computed = run_cli("compute", "--data", store, "--period", "2024Q4", "--out", out)
    assert computed.returncode == 0, computed.stderr
    assert "lao-cai,2024Q4,IV.5.a" in out.read_text(encoding="utf-8")
    validated = run_cli("validate", tmp_path / "q4", "--store", store)
    assert validated.returncode == 0, validated.stderr
    template = run_cli("template", "--out", tmp_path / "t", "--units", store)
    assert template.returncode == 0, template.stderr


def test_a_broken_pointer_is_a_clear_error(store, tmp_path):
    (store / POINTER).write_text("v000009\n", encoding="utf-8")
    result = run_cli("compute", "--data", store, "--period", "2024Q3", "--out", tmp_path / "x")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "CURRENT file names version v000009" in result.stderr
    assert "docs/robustness.md" in result.stderr


# --------------------------------------------------------------------------- kills


KILLED_AT = """
import os, sys
from cchc.intake import store
step, pause = sys.argv[1], sys.argv[2]

def hook(name):
    if name == step:
        if pause == "-":
            os._exit(137)  # on the spot, as a kill: no cleanup runs
        open(pause, "w").close()
        import time
        time.sleep(600)

store.step_hook = hook
sys.argv = ["cchc", *sys.argv[3:]]
from cchc.apps.cli import main
main()
"""


def _killed_import(step: str, folder: Path, store: Path, pause: str = "-") -> subprocess.Popen:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.Popen([sys.executable, "-c", KILLED_AT, step, pause, "import", str(folder),
                             "--into", str(store)], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _check_after_kill(store: Path, step: str) -> None:
    """The next command's view: old or new store, no debris, the log matching."""
    switched = STEPS.index(step) >= STEPS.index("switched")
    notes = tidy(store)
    assert _debris(store) == [], step
    if switched:
        assert _periods(store) == ["2024Q3", "2024Q4"], step
        assert [e["version"] for e in _log(store)] == ["v000001", "v000002"], step
    else:
        assert _periods(store) == ["2024Q3"], step
        assert [e["version"] for e in _log(store)] == ["v000001"], step
        assert sorted(p.name for p in (store / VERSIONS).iterdir()) == ["v000001"], step
    if step not in ("locked", "recovered", "validated", "logged", "pruned"):
        assert notes, step  # the command says what it cleaned up


@pytest.mark.slow
def test_a_kill_at_any_step_leaves_the_old_or_the_new_store(tmp_path, store, q4):
    """Each step in its own process, all at once; each kill is an exit on the spot."""
    stores = {}
    for step in STEPS:
        stores[step] = tmp_path / f"store-{step}"
        shutil.copytree(store, stores[step])
    processes = {step: _killed_import(step, q4, stores[step]) for step in STEPS}
    for step, process in processes.items():
        _, err = process.communicate(timeout=300)
        assert process.returncode == 137, (step, err)
    for step in STEPS:
        _check_after_kill(stores[step], step)
        # and the store takes the next import
        again = _folder(tmp_path / f"q1-{step}", {"meetings.csv": _meetings("2024Q1", 1)})
        import_folder(again, stores[step], today=TODAY)
        assert _periods(stores[step])[0] == "2024Q1"
        assert len(_log(stores[step])) == len({e["version"] for e in _log(stores[step])})


@pytest.mark.slow
@pytest.mark.parametrize("step", ["table_written", "switched"])
def test_a_real_kill_9_and_the_next_command_cleans_up(tmp_path, store, q4, step):
    paused = tmp_path / "paused"
    process = _killed_import(step, q4, store, str(paused))
    deadline = time.monotonic() + 120
    while not paused.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert paused.exists(), process.stderr.read() if process.poll() is not None else ""
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    out = tmp_path / "results.csv"
    result = run_cli("compute", "--data", store, "--period", "2024Q4", "--out", out)
    assert result.returncode == 0, result.stderr
    assert _debris(store) == []
    if step == "switched":
        assert "missing log line of import v000002 was added" in result.stderr
        assert [e["version"] for e in _log(store)] == ["v000001", "v000002"]
        assert "lao-cai,2024Q4,IV.5.a" in out.read_text(encoding="utf-8")
    else:
        assert "half-finished import was cleaned up" in result.stderr
        assert [e["version"] for e in _log(store)] == ["v000001"]


def test_a_line_cut_short_in_the_log_is_repaired(store, q4):
    with open(store / IMPORT_LOG, "ab") as log:
        log.write(b'{"at": "2025-01-')  # a kill in the middle of writing a line
    import_folder(q4, store, today=TODAY)
    assert [e["version"] for e in _log(store)] == ["v000001", "v000002"]


def test_an_exception_after_the_switch_keeps_the_new_store(store, q4, monkeypatch):
    def interrupt(name):
        if name == "switched":
            raise KeyboardInterrupt

    monkeypatch.setattr(intake, "step_hook", interrupt)
    with pytest.raises(KeyboardInterrupt):
        import_folder(q4, store, today=TODAY)
    monkeypatch.setattr(intake, "step_hook", None)
    assert current_version(store) == "v000002"
    assert [n.key for n in tidy(store)] == ["note.store_log_completed"]
    assert _periods(store) == ["2024Q3", "2024Q4"] and len(_log(store)) == 2


# --------------------------------------------------------------------------- one writer


def _import_process(folder: Path, store: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.Popen([*CCHC, "import", str(folder), "--into", str(store), *extra],
                            cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_imports_at_once_both_land(tmp_path, store, q4):
    q1 = _folder(tmp_path / "q1", {"meetings.csv": _meetings("2024Q1", 2)})
    first, second = _import_process(q4, store), _import_process(q1, store)
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), results
    assert _periods(store) == ["2024Q1", "2024Q3", "2024Q4"]
    assert [e["version"] for e in _log(store)] == ["v000001", "v000002", "v000003"]


def test_a_second_import_waits_with_a_message_or_is_refused(tmp_path, store, q4):
    paused = tmp_path / "paused"
    holder = _killed_import("validated", q4, store, str(paused))
    deadline = time.monotonic() + 120
    while not paused.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        q1 = _folder(tmp_path / "q1", {"meetings.csv": _meetings("2024Q1", 2)})
        refused = _import_process(q1, store, "--wait", "1")
        _, err = refused.communicate(timeout=300)
        assert refused.returncode == 2, err
        assert "another import into" in err and "is running" in err
        assert "nothing was imported" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert _periods(store) == ["2024Q3"] and len(_log(store)) == 1
    result = run_cli("import", tmp_path / "q1", "--into", store)  # the lock died with it
    assert result.returncode == 0, result.stderr
    assert _periods(store) == ["2024Q1", "2024Q3"]


def test_stored_tables_equal_what_was_imported(store, q4):
    import_folder(q4, store, today=TODAY)
    meetings = load_data(store).tables["meetings"]
    expected = pd.DataFrame({"unit_id": ["lao-cai", "bat-xat"] * 2,
                             "period": ["2024Q3"] * 2 + ["2024Q4"] * 2,
                             "meetings": [4, 5, 6, 7], "via_system": [4, 4, 6, 6]})
    pd.testing.assert_frame_equal(meetings.reset_index(drop=True), expected,
                                  check_dtype=False)
