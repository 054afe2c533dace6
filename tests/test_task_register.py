"""The task register as agencies send it: the dictionary's table, its checks (file, row,
column), the Excel template, the store, the notice's example file and the sample."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from cchc import paths
from cchc.engine.tasks import compute_task_states
from cchc.intake.folder import validate_folder
from cchc.intake.store import import_folder
from cchc.intake.templates import GUIDE_SHEET, LISTS_SHEET, write_templates
from cchc.sample.draws import _rng
from cchc.sample.settings import LAST_DAY
from cchc.sample.tasks import build_tasks
from cchc.sample.units import _units_table, build_units
from cchc.sources.dataset import load_data
from cchc.spec.catalogue import load_catalogue
from cchc.spec.dictionary import load_dictionary
from cchc.spec.tasks import TASK_STATES
from conftest import run_cli

TODAY = dt.date(2025, 1, 15)
UNITS = (
    "unit_id,name,level,parent_id\n"
    "lao-cai,Tỉnh Lào Cai,province,\n"
    "so-noi-vu,Sở Nội vụ,department,lao-cai\n"
    "bat-xat,Huyện Bát Xát,district,lao-cai\n"
)
HEADER = "task_id,title,assigned_on,unit_id,due_on,done_on,measure_id\n"
EXAMPLE = paths.PARAMS_DIR / "examples" / "tasks_notice_2021.csv"


def _folder(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir(exist_ok=True)
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    (folder / "tasks.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def _problems(folder: Path) -> list[tuple]:
    intake = validate_folder(folder, today=TODAY)
    return [(Path(p.file).name, p.row, p.column, p.code, p.value) for p in intake.problems]


def test_the_dictionary_has_the_columns_the_issue_names() -> None:
    table = load_dictionary().table("tasks")
    assert table.column_names == ("task_id", "title", "source_document", "assigned_by",
                                  "assigned_on", "unit_id", "due_on", "done_on", "measure_id",
                                  "note")
    assert table.key == ("task_id",) and table.period_column is None
    assert table.column("due_on").not_before == "assigned_on"
    assert table.column("done_on").not_before == "assigned_on"
    assert table.column("due_on").may_be_future and not table.column("done_on").may_be_future


def test_a_good_register_is_clean_and_a_deadline_may_lie_ahead(tmp_path) -> None:
    folder = _folder(tmp_path, (
        "t1,Rà soát,2024-08-25,so-noi-vu,2024-09-14,,\n"
        "t2,Báo cáo,25/08/2024,bat-xat,31/12/2026,2024-09-01,IV.8.a\n"  # due in the future
        "t3,Không hạn,2024-08-25,lao-cai,,,\n"
    ))
    assert _problems(folder) == []


def test_bad_rows_are_named_by_file_row_and_column(tmp_path) -> None:
    folder = _folder(tmp_path, (
        "t1,Hạn trước ngày giao,2024-08-25,so-noi-vu,2024-08-24,,\n"
        "t2,Xong trước ngày giao,2024-08-25,so-noi-vu,2024-09-30,2024-08-01,\n"
        "t3,Đơn vị lạ,2024-08-25,so-noi-vuu,2024-09-30,,\n"
        "t4,Chỉ số lạ,2024-08-25,bat-xat,2024-09-30,,IV.9.a\n"
        "t1,Trùng mã,2024-08-25,bat-xat,2024-09-30,,\n"
        "t6,Xong ở tương lai,2024-08-25,bat-xat,2024-09-30,2025-02-01,\n"
        "t7,,2024-08-25,bat-xat,2024-09-30,,\n"
    ))
    assert sorted(_problems(folder), key=lambda p: (p[1], p[2])) == [
        ("tasks.csv", 2, "due_on", "before_other", "2024-08-24"),
        ("tasks.csv", 3, "done_on", "before_other", "2024-08-01"),
        ("tasks.csv", 4, "unit_id", "unknown_unit_in_units", "so-noi-vuu"),
        ("tasks.csv", 5, "measure_id", "unknown_measure_in_catalogue", "IV.9.a"),
        ("tasks.csv", 6, "task_id", "duplicate_id", "t1"),
        ("tasks.csv", 7, "done_on", "date_in_future", "2025-02-01"),
        ("tasks.csv", 8, "title", "empty_cell", None),
    ]


def test_the_messages_say_which_other_column(tmp_path) -> None:
    folder = _folder(tmp_path, "t1,x,2024-08-25,so-noi-vu,2024-08-24,,\n")
    (problem,) = validate_folder(folder, today=TODAY).problems
    assert problem.bilingual() == (
        f"{folder / 'tasks.csv'}, row 2, column 'due_on' (E): earlier than assigned_on on the "
        "same row (value: '2024-08-24') | "
        f"{folder / 'tasks.csv'}, dòng 2, cột 'due_on' (E): sớm hơn ngày ở cột 'assigned_on' "
        "của cùng dòng (giá trị: '2024-08-24')")


def test_cli_validate_refuses_a_bad_register_and_import_writes_nothing(tmp_path) -> None:
    folder = _folder(tmp_path, "t1,x,2024-08-25,so-noi-vu,2024-08-24,,\n")
    result = run_cli("validate", folder)
    assert result.returncode == 2
    assert "tasks.csv, row 2, column 'due_on'" in result.stderr
    store = tmp_path / "store"
    imported = run_cli("import", folder, "--into", store)
    assert imported.returncode == 2 and not (store / "tasks.parquet").exists()


def test_the_register_is_replaced_whole_on_import(tmp_path) -> None:
    folder = _folder(tmp_path, "t1,x,2024-08-25,so-noi-vu,2024-09-14,,\n"
                               "t2,y,2024-08-25,bat-xat,2024-09-14,,\n")
    store = tmp_path / "store"
    import_folder(folder, store, today=TODAY)
    (folder / "tasks.csv").write_text(HEADER + "t1,x,2024-08-25,so-noi-vu,2024-09-14,"
                                      "2024-09-10,\n", encoding="utf-8")
    result = import_folder(folder, store, today=TODAY)
    assert result.stored_rows["tasks"] == 1
    stored = load_data(store).tables["tasks"]
    assert stored["task_id"].tolist() == ["t1"]
    assert stored["done_on"].tolist() == [pd.Timestamp("2024-09-10")]


def test_the_template_lists_measures_and_explains_the_dates(tmp_path) -> None:
    (units := tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (path,) = write_templates(tmp_path / "t", units, tables=["tasks"])
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    table = load_dictionary().table("tasks")
    assert [c.value for c in sheet[1]] == [c.label_vi for c in table.columns]
    letter = "ABCDEFGHIJ"[table.column_names.index("measure_id")]
    lists = {r.coord.split(":")[0].rstrip("0123456789"): v.formula1
             for v in sheet.data_validations.dataValidation for r in v.sqref.ranges}
    cells = book[LISTS_SHEET][lists[letter].split("!")[1].replace("$", "")]
    assert [row[0].value for row in cells] == list(load_catalogue().measure_ids)
    guide = {row[1]: row for row in book[GUIDE_SHEET].iter_rows(values_only=True) if row}
    assert "không sớm hơn assigned_on / not before assigned_on" in guide["due_on"][3]
    assert "may lie in the future" in guide["due_on"][3]
    assert "may lie in the future" not in guide["done_on"][3]


# --------------------------------------------------------------------------- the notice


def test_the_notices_tasks_validate_and_cite_their_source(tmp_path) -> None:
    folder = tmp_path / "notice"
    folder.mkdir()
    import pyarrow.csv as pa_csv

    pa_csv.write_csv(_units_table(build_units("full")), str(folder / "units.csv"))
    shutil.copy(EXAMPLE, folder / "tasks.csv")
    intake = validate_folder(folder, today=LAST_DAY)  # the units of July 2025 included
    assert intake.problems == []
    tasks = intake.tables["tasks"]
    assert tasks["source_document"].str.contains("TB-VPUBND").all()
    assert tasks["assigned_on"].eq(pd.Timestamp("2021-08-25")).all()
    dated = tasks.dropna(subset=["due_on"]).set_index("task_id")["due_on"]
    assert dated["TB2021-01"] == pd.Timestamp("2021-09-14")  # "trước ngày 15/9/2021"
    assert dated["TB2021-02"] == pd.Timestamp("2021-09-30")  # "trong tháng 9/2021"
    assert dated["TB2021-03"] == pd.Timestamp("2021-09-04")  # "trước ngày 05/9/2021"
    reviews = tasks[tasks["task_id"].str.startswith("TB2021-GB-")]
    assert len(reviews) == 18 and reviews["unit_id"].eq("so-noi-vu").all()  # 2021Q3-2025Q4
    states = compute_task_states(tasks, "2021-09-10")
    assert states.iloc[0]["task_id"] == "TB2021-03" and states.iloc[0]["days_late"] == 6


# --------------------------------------------------------------------------- the sample


def test_the_sample_gives_every_unit_tasks_and_every_state(sample_data) -> None:
    tasks = sample_data.tables["tasks"]
    assert set(tasks["unit_id"]) == set(sample_data.units.ids)
    last_day = pd.Timestamp(LAST_DAY)
    states = compute_task_states(tasks, LAST_DAY)
    assert set(states["state"]) == set(TASK_STATES)
    assert tasks["done_on"].max() <= last_day
    assert tasks["assigned_on"].min() >= pd.Timestamp("2021-01-01")
    reports = tasks[tasks["title"].str.startswith("Báo cáo kết quả công tác cải cách")]
    # one row per quarter the unit is in force: 2021Q1–2025Q2 for an old unit (18),
    # 2025Q3–2026Q3 for a new one (5)
    units = sample_data.units.frame
    start = units["valid_from"].fillna(pd.Timestamp("2021-01-01"))
    end = units["valid_to"].fillna(last_day)
    quarters = ((end.dt.year - start.dt.year) * 4 + end.dt.quarter - start.dt.quarter + 1)
    assert reports.groupby("unit_id").size().to_dict() == quarters.to_dict()


def test_the_generator_takes_any_units_and_years() -> None:
    units = pd.DataFrame({
        "unit_id": ["tinh", "so", "xa-cu", "xa-moi"],
        "name": ["Tỉnh", "Sở", "Xã Cũ", "Xã Mới"],
        "level": ["province", "department", "commune", "commune"],
        "parent_id": [None, "tinh", "tinh", "tinh"],
        "valid_from": [None, None, None, "2025-07-01"],
        "valid_to": [None, None, "2025-06-30", None],
        "successor_id": [None, None, "xa-moi", None],
    })
    table = build_tasks(units, [2025, 2026], _rng(7, "tasks"))
    tasks = table.to_pandas()
    for column in ("assigned_on", "due_on", "done_on"):
        tasks[column] = pd.to_datetime(tasks[column])
    assert set(tasks["unit_id"]) == set(units["unit_id"])
    old, new = tasks[tasks["unit_id"] == "xa-cu"], tasks[tasks["unit_id"] == "xa-moi"]
    assert old["assigned_on"].max() <= pd.Timestamp("2025-06-30")
    assert old["done_on"].dropna().max() <= pd.Timestamp("2025-06-30")
    assert new["assigned_on"].min() >= pd.Timestamp("2025-07-01")
    assert tasks["assigned_on"].dt.year.between(2025, 2026).all()
    assert tasks["done_on"].max() <= pd.Timestamp("2026-12-31")
    assert set(compute_task_states(tasks, "2026-12-31")["state"]) == set(TASK_STATES)
    assert not (tasks["due_on"] < tasks["assigned_on"]).any()
    assert not (tasks["done_on"] < tasks["assigned_on"]).any()
    assert tasks["task_id"].is_unique
    again = build_tasks(units, [2026, 2025], _rng(7, "tasks"))
    assert again.equals(table)  # same seed, same rows, whatever the years' order


def test_every_state_occurs_even_with_a_few_tasks() -> None:
    units = pd.DataFrame({"unit_id": ["p"], "name": ["P"], "level": ["province"],
                          "parent_id": [None]})
    for seed in range(5):
        tasks = build_tasks(units, [2030], _rng(seed, "tasks"), as_of=dt.date(2030, 8, 20))
        frame = tasks.to_pandas()
        for column in ("assigned_on", "due_on", "done_on"):
            frame[column] = pd.to_datetime(frame[column])
        assert frame["assigned_on"].max() <= pd.Timestamp("2030-08-20")
        states = compute_task_states(frame, "2030-08-20")
        assert set(states["state"]) == set(TASK_STATES), seed


def test_the_generator_needs_a_year() -> None:
    with pytest.raises(ValueError, match="year"):
        build_tasks(pd.DataFrame(columns=["unit_id", "name", "level", "parent_id"]), [],
                    np.random.default_rng(0))
