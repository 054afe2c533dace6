"""``cchc tasks`` as a user calls it, the task sections of the outputs, and ``cchc diff``
on two runs' task lists."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from cchc.apps.diff import compute_diff, compute_task_changes
from cchc.sources.summaries import load_run_tasks
from conftest import run_cli

UNITS = (
    "unit_id,name,level,parent_id\n"
    "tinh,Tỉnh,province,\n"
    "so,Sở Nội vụ,department,tinh\n"
    "huyen,Huyện,district,tinh\n"
    "xa,Xã,commune,huyen\n"
)
TASKS = (
    "task_id,title,assigned_on,unit_id,due_on,done_on\n"
    "t1,Báo cáo quý,2024-07-01,so,2024-10-05,\n"  # due in 5 days: due soon
    "t2,\"Rà soát, đề xuất\",2024-08-25,so,2024-09-14,\n"  # overdue 16 days
    "t3,Kế hoạch,2024-08-01,xa,2024-09-01,\n"  # overdue 29 days: first
    "t4,Thống kê,2024-08-01,huyen,2024-09-04,2024-09-10\n"  # done 6 days late
    "t5,Sơ kết,2024-08-01,xa,,\n"  # no deadline: pending
    "t6,Giao ban,2024-08-01,so,2024-09-30,2024-09-30\n"  # done on the due date
    "t7,Việc sau,2024-10-02,so,2024-10-30,\n"  # assigned after the date: not listed
)
HEADER = "task_id,unit_id,title,assigned_on,due_on,done_on,state,days_late"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    (folder / "tasks.csv").write_text(TASKS, encoding="utf-8")
    return folder


def test_csv_lists_overdue_oldest_first_then_due_soon_then_the_rest(data) -> None:
    result = run_cli("tasks", "--data", data, "--as-of", "2024-09-30", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "\n".join([
        HEADER,
        "t3,xa,Kế hoạch,2024-08-01,2024-09-01,,overdue,29",
        't2,so,"Rà soát, đề xuất",2024-08-25,2024-09-14,,overdue,16',
        "t1,so,Báo cáo quý,2024-07-01,2024-10-05,,due_soon,",
        "t5,xa,Sơ kết,2024-08-01,,,pending,",
        "t4,huyen,Thống kê,2024-08-01,2024-09-04,2024-09-10,done_late,6",
        "t6,so,Giao ban,2024-08-01,2024-09-30,2024-09-30,done_on_time,",
    ]) + "\n"
    assert result.stderr.strip() == (
        "Tỉnh, as of 2024-09-30: 2 overdue, 1 due within 7 days, 1 pending, 1 done late, "
        "1 done on time | Tỉnh, đến ngày 2024-09-30: 2 quá hạn, 1 sắp đến hạn (trong 7 "
        "ngày tới), 1 đang thực hiện, 1 hoàn thành trễ hạn, 1 hoàn thành đúng hạn")


def test_unit_and_due_within_and_a_vietnamese_date(data) -> None:
    result = run_cli("tasks", "--data", data, "--as-of", "30/09/2024", "--unit", "huyen",
                     "--due-within", "0", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # the district and its commune; the department's tasks are not its own
    assert [line.split(",")[0] for line in lines[1:]] == ["t3", "t5", "t4"]
    assert result.stderr.startswith("Huyện, as of 2024-09-30: 1 overdue, 0 due within 0 days")
    soon = run_cli("tasks", "--data", data, "--as-of", "2024-09-30", "--unit", "so",
                   "--due-within", "4", "--format", "csv")
    assert "t1,so,Báo cáo quý,2024-07-01,2024-10-05,,pending," in soon.stdout


def test_table_and_markdown(data) -> None:
    table = run_cli("tasks", "--data", data, "--as-of", "2024-09-30")
    assert table.returncode == 0, table.stderr
    assert "task_id" in table.stdout and "Rà soát, đề xuất" in table.stdout
    assert table.stdout.index("t3") < table.stdout.index("t1") < table.stdout.index("t6")
    md = run_cli("tasks", "--data", data, "--as-of", "2024-09-30", "--format", "md")
    assert md.returncode == 0
    assert md.stdout.splitlines()[:3] == [
        "| " + " | ".join(HEADER.split(",")) + " |",
        "|---|---|---|---|---|---|---|---|",
        "| t3 | xa | Kế hoạch | 2024-08-01 | 2024-09-01 |  | overdue | 29 |",
    ]


@pytest.mark.parametrize(
    ("args", "parameter", "value"),
    [
        (["--as-of", "2024-09-31"], "--as-of", "2024-09-31"),
        (["--as-of", "hôm qua"], "--as-of", "hôm qua"),
        (["--as-of", "2024-09-30", "--unit", "huyn"], "--unit", "huyn"),
        (["--as-of", "2024-09-30", "--due-within", "-1"], "--due-within", "-1"),
        (["--as-of", "2024-09-30", "--due-within", "a week"], "--due-within", "a week"),
        (["--as-of", "2024-09-30", "--format", "xlsx"], "--format", "xlsx"),
        ([], "--as-of", None),
    ],
)
def test_bad_parameters_are_one_bilingual_line_and_exit_2(data, args, parameter, value):
    result = run_cli("tasks", "--data", data, *args)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr and result.stdout == ""
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("error: ")]
    en, vi = line.removeprefix("error: ").split(" | ")
    assert en.startswith(f"parameter {parameter}") and vi.startswith(f"tham số {parameter}")
    if value is not None:
        assert f"(value: '{value}')" in en and f"(giá trị: '{value}')" in vi


def test_a_folder_without_a_register_or_with_a_bad_one(data) -> None:
    (data / "tasks.csv").unlink()
    result = run_cli("tasks", "--data", data, "--as-of", "2024-09-30")
    assert result.returncode == 2
    assert "tasks.csv: the data folder has no task register" in result.stderr
    (data / "tasks.csv").write_text(TASKS.replace("2024-09-14", "2024-08-14"), encoding="utf-8")
    bad = run_cli("tasks", "--data", data, "--as-of", "2024-09-30")
    assert bad.returncode == 2 and bad.stdout == ""
    assert "tasks.csv, row 3, column 'due_on' (E): earlier than assigned_on" in bad.stderr


def test_the_sample_every_state_and_counts_agree(sample_dir) -> None:
    result = run_cli("tasks", "--data", sample_dir, "--as-of", "2024-12-31", "--format", "csv")
    assert result.returncode == 0, result.stderr
    listing = pd.read_csv(pd.io.common.StringIO(result.stdout), dtype=str,
                          keep_default_na=False)
    assert listing.columns.tolist() == HEADER.split(",")
    counts = listing["state"].value_counts()
    assert set(counts.index) == {"overdue", "due_soon", "pending", "done_late",
                                 "done_on_time"}
    summary = re.findall(r"(\d+) (overdue|due within|pending|done late|done on time)",
                         result.stderr.split(" | ")[0])
    said = {kind.replace(" ", "_").replace("due_within", "due_soon"): int(n)
            for n, kind in summary}
    assert said == counts.to_dict()
    overdue = listing[listing["state"] == "overdue"]
    assert overdue["due_on"].tolist() == sorted(overdue["due_on"])  # oldest first


# --------------------------------------------------------------------------- outputs


def test_the_workbook_section_and_the_overview_table(sample_dir) -> None:
    from cchc.present import views

    wb = views.open_workbook("bat-xat", "2024Q4", sample_dir, "en")
    own = views.show_tasks(wb).data
    assert own.startswith("<h2 id=\"tasks\">Assigned tasks</h2><p>As of 2024-12-31: ")
    states = re.findall(r"<td>(Overdue|Due soon|Pending|Done late|Done on time)</td>", own)
    rank = ["Overdue", "Due soon", "Pending", "Done late", "Done on time"]
    assert states == sorted(states, key=rank.index) and states[0] == "Overdue"
    units = views.show_task_units(wb).data
    children = [wb.units.name(u) for u in wb.children]
    assert all(f"<td>{name}</td>" in units for name in children)
    chart = views.chart_task_units(wb).to_dict()
    assert chart["encoding"]["y"]["sort"][0] in children
    commune = views.open_workbook(wb.children[0], "2024Q4", sample_dir, "vi")
    assert views.show_task_units(commune).data == ""  # no units under it
    overview = views.open_overview("2024Q4", sample_dir, "vi")
    table = views.show_task_units(overview).data
    assert "<h2 id=\"task-units\">Nhiệm vụ theo đơn vị</h2>" in table and "Quá hạn" in table


def test_the_dashboard_has_a_task_panel(sample_dir) -> None:
    from cchc.apps import dashboard

    dash = dashboard.open_dashboard(sample_dir, unit_id="bat-xat", lang="en")
    assert "<h2 id=\"tasks\">Assigned tasks</h2>" in dash.tasks.value
    assert "<h2 id=\"task-units\">Tasks by unit</h2>" in dash.tasks.value


def _run(folder: Path, states: list[tuple[str, str, str]]) -> Path:
    folder.mkdir()
    (folder / "summary.csv").write_text(
        "unit_id,measure_id,value,target,status,unit_name\n"
        "so,I.1.a,50,80,limited_progress,Sở Nội vụ\n", encoding="utf-8")
    rows = "".join(f"{t},{u},x,2024-01-01,2024-02-01,,{s},\n" for t, u, s in states)
    (folder / "tasks.csv").write_text(HEADER + "\n" + rows, encoding="utf-8")
    return folder


def test_diff_reports_tasks_that_became_overdue_or_were_completed(tmp_path) -> None:
    a = _run(tmp_path / "a", [("t1", "so", "due_soon"), ("t2", "so", "overdue"),
                              ("t3", "xa", "pending"), ("t4", "so", "done_late")])
    b = _run(tmp_path / "b", [("t1", "so", "overdue"), ("t2", "so", "done_late"),
                              ("t3", "xa", "pending"), ("t4", "so", "done_late"),
                              ("t5", "xa", "done_on_time"), ("t6", "so", "overdue")])
    result = run_cli("diff", a, b, "--format", "csv")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith(",target_b,task_id,met_a,met_b,status_basis_a,status_basis_b")
    assert lines[1:] == [
        "task_overdue,so,Sở Nội vụ,,due_soon,overdue,,,,,,t1,,,,",
        "task_overdue,so,Sở Nội vụ,,,overdue,,,,,,t6,,,,",
        "task_completed,so,Sở Nội vụ,,overdue,done_late,,,,,,t2,,,,",
        "task_completed,xa,,,,done_on_time,,,,,,t5,,,,",
    ]
    same = run_cli("diff", a, a)
    assert same.returncode == 0


def test_a_run_without_tasks_is_compared_on_its_summary_only(tmp_path) -> None:
    a = _run(tmp_path / "a", [("t1", "so", "due_soon")])
    b = _run(tmp_path / "b", [("t1", "so", "overdue")])
    (a / "tasks.csv").unlink()
    assert load_run_tasks(a) is None and load_run_tasks(b / "summary.csv") is not None
    assert load_run_tasks(tmp_path / "compute.csv") is None
    assert run_cli("diff", a, b).returncode == 0
    summary = pd.read_csv(b / "summary.csv")
    assert compute_diff(summary, summary, tasks_a=None, tasks_b=load_run_tasks(b)).empty


def test_a_task_list_with_a_task_twice_is_refused(tmp_path) -> None:
    run = _run(tmp_path / "a", [("t1", "so", "due_soon"), ("t1", "so", "overdue")])
    result = run_cli("diff", run, run)
    assert result.returncode == 2
    assert "tasks.csv, row 3, column 'task_id': the same task id appears twice" in result.stderr


def test_task_changes_of_identical_lists_are_none() -> None:
    tasks = pd.DataFrame({"task_id": ["a"], "unit_id": ["u"], "state": ["overdue"]})
    assert compute_task_changes(tasks, tasks).empty
