"""The smaller holes, through every command that meets them: exit 2 and one clear line.

A hostile corpus of data folders (each case with the message it must give), run through
``validate``, ``import``, ``compute``, ``run``, ``serve`` (and ``template`` where a units
file is read); then what the system can refuse: an output folder that cannot be
written, a file that cannot be read, for all nine commands (``targets``, ``sample``,
``compute``, ``run``, ``diff``, ``template``, ``validate``, ``import``, ``serve``).

Permission cases need a process the permissions apply to. As root they run with the
two capabilities that let root ignore them removed (``setpriv --bounding-set``); root
still owns its files, so a file with mode 000 is refused to it as to anyone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cchc.apps.cli import app
from cchc.files import write_csv
from conftest import CCHC, PROJECT
from typer.testing import CliRunner


def _csv(folder: Path, name: str) -> Path:
    return folder / f"{name}.csv"


def _rewrite(folder: Path, name: str, change: Callable[[pd.DataFrame], None]) -> None:
    frame = pd.read_csv(_csv(folder, name), dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(_csv(folder, name), index=False, lineterminator="\n")


def _folder_instead(folder: Path) -> None:
    _csv(folder, "dossiers").unlink()
    _csv(folder, "dossiers").mkdir()


def _link_loop(folder: Path) -> None:
    _csv(folder, "dossiers").unlink()
    _csv(folder, "dossiers").symlink_to("dossiers.csv")


def _dangling(folder: Path) -> None:
    _csv(folder, "dossiers").unlink()
    _csv(folder, "dossiers").symlink_to("/nowhere/dossiers.csv")


def _cr_only(folder: Path) -> None:
    path = _csv(folder, "meetings")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))


def _uint64(folder: Path) -> None:
    frame = pd.read_csv(_csv(folder, "meetings"))
    _csv(folder, "meetings").unlink()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    counts = pa.array([2**64 - 1] + [10**6] * (len(frame) - 1), pa.uint64())
    table = table.set_column(table.schema.get_field_index("meetings"), "meetings", counts)
    pq.write_table(table, folder / "meetings.parquet")


def _too_large(folder: Path) -> None:
    _rewrite(folder, "meetings", lambda f: f.loc.__setitem__((0, "meetings"),
                                                             "99999999999999999999"))


def _date(value: str) -> Callable[[Path], None]:
    return lambda folder: _rewrite(
        folder, "dossiers", lambda f: f.loc.__setitem__((0, "received_on"), value))


def _valid_to_first(folder: Path) -> None:
    def change(frame):
        row = frame.index[frame["unit_id"] == "so-noi-vu"][0]
        frame.loc[row, ["valid_from", "valid_to"]] = ["2024-01-01", "2023-06-30"]

    _rewrite(folder, "units", change)


#: case → (how to break the sample folder, what every command must say about it)
CORPUS: dict[str, tuple[Callable[[Path], None], str]] = {
    "dossiers.csv is a folder": (_folder_instead,
                                 "dossiers.csv: this is a folder, not a table file"),
    "dossiers.csv is a link loop": (_link_loop, "dossiers.csv: a symbolic link that loops back"),
    "dossiers.csv is a dangling link": (
        _dangling,
        "dossiers.csv: a symbolic link to /nowhere/dossiers.csv, where there is no file"),
    "CR-only line ends": (_cr_only, "meetings.csv: lines end with a carriage return only"),
    "a uint64 column": (_uint64, "meetings.parquet, row 2, column 'meetings' (C): number too large "
                                 "(the largest accepted is 9223372036854775807) "
                                 "(value: '18446744073709551615')"),
    "a number too large for int64": (
        _too_large, "meetings.csv, row 2, column 'meetings' (C): number too large (the largest "
                    "accepted is 9223372036854775807) (value: '99999999999999999999')"),
    "received_on in 1900": (_date("1900-01-01"),
                            "dossiers.csv, row 2, column 'received_on' (D): date outside the years "
                            "2000-2100"),
    "received_on in 2150": (_date("01/06/2150"), "date outside the years 2000-2100"),
    "received_on in year 3000": (_date("3000-01-01"), "date outside the years 2000-2100"),
    "valid_to before valid_from": (
        _valid_to_first, "units.csv, row 3, column 'valid_to' (G): earlier than valid_from on the "
                         "same row (value: '2023-06-30')"),
}


@pytest.fixture
def broken(sample_dir, tmp_path) -> Callable[[str], Path]:
    def make(case: str) -> Path:
        folder = tmp_path / "data"
        shutil.copytree(sample_dir, folder, symlinks=True)
        CORPUS[case][0](folder)
        return folder

    return make


def _commands(data: Path, tmp: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(data)],
        "import": ["import", str(data), "--into", str(tmp / "store")],
        "compute": ["compute", "--data", str(data), "--period", "2024Q3",
                    "--out", str(tmp / "r.csv")],
        "run": ["run", "--data", str(data), "--period", "2024Q3", "--out", str(tmp / "out")],
        "serve": ["serve", "--data", str(data), "--port", "1"],
    }


def _clear(result, needle: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors and all(" | " in line for line in errors)
    assert any(needle in line for line in errors), f"{needle!r} not in\n{result.stderr}"


def test_the_corpus_has_every_case_of_the_issue():
    assert len(CORPUS) == 10


@pytest.mark.parametrize("case", list(CORPUS))
def test_a_hostile_folder_is_refused_by_validate_and_compute(broken, tmp_path, case):
    """The two ways in: checking a folder (intake), loading one (every other reader)."""
    data = broken(case)
    runner = CliRunner()
    for name, args in _commands(data, tmp_path).items():
        if name in ("validate", "compute"):
            _clear(runner.invoke(app, args), CORPUS[case][1])
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CORPUS))
def test_a_hostile_folder_is_refused_by_every_command(broken, tmp_path, case):
    data = broken(case)
    runner = CliRunner()
    for name, args in _commands(data, tmp_path).items():
        if name == "serve":  # a free port: the data are what is refused
            args = ["serve", "--data", str(data), "--port", str(_free_port())]
        _clear(runner.invoke(app, args), CORPUS[case][1])
    assert not (tmp_path / "store").exists() or not (tmp_path / "store" / "CURRENT").exists()
    assert not (tmp_path / "r.csv").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", ["CR-only line ends", "dossiers.csv is a dangling link"])
def test_template_refuses_a_hostile_units_file(sample_dir, tmp_path, case):
    units = tmp_path / "units.csv"
    if case == "CR-only line ends":
        units.write_bytes((sample_dir / "units.csv").read_bytes().replace(b"\n", b"\r"))
        needle = "units.csv: lines end with a carriage return only"
    else:
        units.symlink_to("/nowhere/units.csv")
        needle = "units.csv: a symbolic link to /nowhere/units.csv"
    _clear(CliRunner().invoke(app, ["template", "--out", str(tmp_path / "t"), "--units",
                                    str(units)]), needle)
    assert not (tmp_path / "t").exists()


def test_dates_inside_the_range_and_today_still_pass(broken, tmp_path):
    data = broken("received_on in 1900")
    _rewrite(data, "dossiers", lambda f: f.loc.__setitem__((0, "received_on"), "2000-01-01"))
    result = CliRunner().invoke(app, ["validate", str(data)])
    assert result.exit_code == 0, result.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --------------------------------------------------------------------------- the system


def _unprivileged() -> list[str]:
    """A prefix running a command as one the file permissions apply to."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: root reads and writes anything")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def _cchc(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run([*_unprivileged(), *CCHC, *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd or PROJECT, timeout=300, check=False)


def _refused(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and " | " in errors[0], result.stderr
    assert needle in errors[0], result.stderr


@pytest.fixture
def locked(tmp_path) -> Path:
    """A folder nobody may write into (root included, without its capabilities)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.fixture
def runs(tmp_path) -> tuple[Path, Path]:
    """Two run folders for ``cchc diff``."""
    frame = pd.DataFrame({"unit_id": ["a"], "measure_id": ["I.1.a"], "value": [1.0],
                          "target": [2.0], "status": ["limited_progress"]})
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        write_csv(frame, tmp_path / name / "summary.csv")
    return tmp_path / "a", tmp_path / "b"


@pytest.mark.slow
def test_an_output_folder_that_cannot_be_written(sample_dir, tmp_path, locked, runs):
    """Every command that writes: one line naming what could not be written."""
    cases = {
        "sample": (["sample", "--out", locked / "s"], "locked/s"),
        "compute": (["compute", "--data", sample_dir, "--period", "2024Q3",
                     "--out", locked / "r.csv"], "locked/r.csv: cannot write: Permission denied"),
        "run": (["run", "--data", sample_dir, "--period", "2024Q3", "--out", locked / "o",
                 "--units", "lao-cai"], "locked/o"),
        "diff": (["diff", *runs, "--format", "csv", "--out", locked / "d.csv"],
                 "locked/d.csv: cannot write: Permission denied"),
        "template": (["template", "--out", locked / "t", "--units", sample_dir / "units.csv"],
                     "locked/t/units.xlsx: cannot write: Permission denied"),
        "validate": (["validate", sample_dir, "--format", "csv", "--out", locked / "v.csv"],
                     "locked/v.csv: cannot write: Permission denied"),
        "import": (["import", sample_dir, "--into", locked / "store"],
                   "locked/store: cannot write the store (Permission denied)"),
    }
    for args, needle in cases.values():
        _refused(_cchc(*args), needle)
    assert sorted(p.name for p in locked.iterdir()) == []
    # serve writes the charts' JavaScript in the cache: a cache it cannot write is named
    env_cache = os.environ.get("CCHC_CACHE")
    os.environ["CCHC_CACHE"] = str(locked / "cache")
    try:
        _refused(_cchc("serve", "--data", sample_dir, "--port", _free_port()),
                 "locked/cache")
    finally:
        os.environ["CCHC_CACHE"] = env_cache or ""
    # targets writes to its standard output only: nothing to refuse
    assert _cchc("targets", "--year", "2024", "--level", "district").returncode == 0


@pytest.mark.slow
def test_a_file_that_cannot_be_read(sample_dir, tmp_path, runs):
    """Every command that reads a user's file: one line naming it."""
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    (data / "dossiers.csv").chmod(0o000)
    needle = "dossiers.csv: cannot read: Permission denied"
    for args in (["validate", data], ["import", data, "--into", tmp_path / "store"],
                 ["compute", "--data", data, "--period", "2024Q3", "--out", tmp_path / "r.csv"],
                 ["run", "--data", data, "--period", "2024Q3", "--out", tmp_path / "o"],
                 ["serve", "--data", data, "--port", _free_port()]):
        _refused(_cchc(*args), needle)
    (data / "units.csv").chmod(0o000)
    _refused(_cchc("template", "--out", tmp_path / "t", "--units", data / "units.csv"),
             "units.csv: cannot read: Permission denied")
    (runs[1] / "summary.csv").chmod(0o000)
    _refused(_cchc("diff", *runs), "b/summary.csv: cannot read: Permission denied")
    assert not (tmp_path / "store").exists() and not (tmp_path / "r.csv").exists()
    assert sys.platform != "win32"
