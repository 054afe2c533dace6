"""`cchc units`: the units in force on a date, and a unit's history of successions."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from conftest import run_cli

UNITS_CSV_COLUMNS = ["unit_id", "name", "level", "parent_id", "code", "valid_from", "valid_to",
                     "successor_id"]


def _csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_units_in_force_on_a_date_as_csv(sample_dir: Path) -> None:
    before = run_cli("units", "--data", sample_dir, "--as-of", "30/06/2025", "--format", "csv")
    after = run_cli("units", "--data", sample_dir, "--as-of", "2025-07-01", "--format", "csv")
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    old, new = _csv(before.stdout), _csv(after.stdout)
    assert old.columns.tolist() == new.columns.tolist() == UNITS_CSV_COLUMNS
    assert old["unit_id"].tolist()[:2] == ["lao-cai", "so-noi-vu"]
    assert "yen-bai" in set(old["unit_id"]) and "lao-cai-2025" not in set(old["unit_id"])
    assert new["unit_id"].str.endswith("-2025").all()
    assert new.set_index("unit_id").loc["phuong-lao-cai-2025"].to_dict() == {
        "name": "Phường Lào Cai", "level": "commune", "parent_id": "lao-cai-2025",
        "code": "02647", "valid_from": "2025-07-01", "valid_to": "", "successor_id": ""}


def test_the_history_of_a_unit(sample_dir: Path) -> None:
    done = run_cli("units", "--data", sample_dir, "--history", "phuong-lao-cai-2025",
                   "--format", "csv")
    assert done.returncode == 0, done.stderr
    history = _csv(done.stdout)
    assert history[["relation", "depth", "unit_id", "valid_to"]].values.tolist() == [
        ["predecessor", "1", "phuong-duyen-hai", "2025-06-30"],
        ["predecessor", "1", "phuong-lao-cai", "2025-06-30"],
        ["predecessor", "1", "phuong-coc-leu", "2025-06-30"],
        ["unit", "0", "phuong-lao-cai-2025", ""],
    ]
    table = run_cli("units", "--data", sample_dir, "--history", "xa-nam-chac")
    assert table.returncode == 0
    assert "successor" in table.stdout and "xa-a-mu-sung-2025" in table.stdout
    assert "2025-07-01" in table.stdout and "Xã A Mú Sung" in table.stdout


def test_bad_parameters_exit_2_naming_them(sample_dir: Path) -> None:
    bad_day = run_cli("units", "--data", sample_dir, "--as-of", "31/06/2025")
    assert bad_day.returncode == 2
    assert "parameter --as-of" in bad_day.stderr and "'31/06/2025'" in bad_day.stderr
    unknown = run_cli("units", "--data", sample_dir, "--history", "xa-nam-cha")
    assert unknown.returncode == 2
    assert "parameter --history" in unknown.stderr and "did you mean xa-nam-chac" in unknown.stderr
    wrong = run_cli("units", "--data", sample_dir, "--format", "xml")
    assert wrong.returncode == 2 and "--format" in wrong.stderr
