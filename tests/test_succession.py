"""Series across a reorganisation, on small hand-made trees: a 3-into-1 merger, a chain of
successions, a merger of two provinces. Every expected value is worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cchc.engine.results import evaluate
from cchc.errors import SourceError
from cchc.sources.dataset import load_data
from conftest import run_cli

UNITS_HEADER = "unit_id,name,level,parent_id,code,valid_from,valid_to,successor_id\n"
DOSSIER_HEADER = ("dossier_id,unit_id,procedure_id,received_on,channel,transfer_required,"
                  "transfer_electronic,payment_required,paid_online,result_valid,"
                  "result_digitised,reprovided,contacts,eid\n")


def _dossiers(rows: list[tuple[str, str, bool]]) -> str:
    """(unit, date, online) → dossier rows (only the channel matters here: I.4.c)."""
    body = "".join(
        f"HS-{i},{unit},P1,{day},{'online' if online else 'direct'},0,0,0,0,1,1,0,0,0\n"
        for i, (unit, day, online) in enumerate(rows))
    return DOSSIER_HEADER + body


def _folder(tmp_path: Path, units: str, **tables: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "units.csv").write_text(UNITS_HEADER + units, encoding="utf-8")
    for name, text in tables.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def _row(results: pd.DataFrame, unit: str, measure: str) -> pd.Series:
    return results.set_index(["unit_id", "measure_id"]).loc[(unit, measure)]


def _series(ev, unit: str, measure: str) -> dict[int, float]:
    s = ev.series
    part = s[(s["unit_id"] == unit) & (s["measure_id"] == measure)]
    return dict(zip(part["year"], part["value"], strict=True))


# --------------------------------------------------------------------------- 3 into 1

THREE_INTO_ONE = (
    "p,Tỉnh P,province,,01,,,\n"
    "d,Huyện D,district,p,001,,2025-06-30,\n"
    "a,Xã A,commune,d,00001,,2025-06-30,n\n"
    "b,Xã B,commune,d,00002,,2025-06-30,n\n"
    "c,Xã C,commune,d,00003,,2025-06-30,n\n"
    "n,Xã N,commune,p,00001,2025-07-01,,\n"  # the new commune reuses a's code
)
THREE_DOSSIERS = [
    ("a", "2021-02-01", True), ("a", "2021-05-01", False),  # a 2021: 1/2
    ("b", "2021-03-01", False),  # b 2021: 0/1
    ("c", "2021-04-01", True),  # c 2021: 1/1
    ("a", "2024-02-01", True), ("a", "2024-06-01", True),  # a 2024: 2/2
    ("b", "2024-03-01", True), ("b", "2024-07-01", False),  # b 2024: 1/2
    ("c", "2025-03-01", True),  # c 2025 (before the merger): 1/1
    ("n", "2025-08-01", True), ("n", "2025-08-02", True), ("n", "2025-09-01", True),
    ("n", "2025-09-02", False),  # n 2025Q3: 3/4
    ("n", "2026-02-01", True), ("n", "2026-02-02", True),  # n 2026Q1: 2/2
]


@pytest.fixture
def three(tmp_path: Path):
    return load_data(_folder(tmp_path, THREE_INTO_ONE, dossiers=_dossiers(THREE_DOSSIERS)))


def test_a_successor_has_the_sum_of_its_predecessors_history(three) -> None:
    ev = evaluate(three, "2025")
    # 2021: (1 + 0 + 1) / (2 + 1 + 1); 2024: (2 + 1) / (2 + 2); 2025: c's 1/1 + n's 3/4
    assert _series(ev, "n", "I.4.c") == {2021: 50.0, 2024: 75.0, 2025: 80.0}
    n = _row(ev.results, "n", "I.4.c")
    assert (n["numerator"], n["denominator"], n["value"]) == (4, 5, 80.0)
    assert n["base_year"] == 2021 and n["base_value"] == 50.0
    assert n["status"] == "target_achieved"  # 80 ≥ 50


def test_the_tree_of_the_period_decides_who_is_reported(three) -> None:
    after = evaluate(three, "2025").results
    before = evaluate(three, "2025Q2").results
    assert list(dict.fromkeys(after["unit_id"])) == ["p", "n"]
    assert list(dict.fromkeys(before["unit_id"])) == ["p", "d", "a", "b", "c"]
    # the province counts both eras of 2025 once: c's 1/1 and n's 3/4
    assert _row(after, "p", "I.4.c")[["numerator", "denominator"]].tolist() == [4, 5]
    # a quarter of the new era is the successor's own records
    q3 = evaluate(three, "2025Q3").results
    assert _row(q3, "n", "I.4.c")[["numerator", "denominator"]].tolist() == [3, 4]
    assert _row(evaluate(three, "2026Q1").results, "n", "I.4.c")["value"] == 100.0


def test_an_old_unit_keeps_its_own_history_until_it_ends(three) -> None:
    ev = evaluate(three, "2025Q2")
    assert _series(ev, "a", "I.4.c") == {2021: 50.0, 2024: 100.0}
    assert _series(ev, "d", "I.4.c") == {2021: 50.0, 2024: 75.0, 2025: 100.0}


def test_records_dated_outside_their_unit_are_refused(tmp_path: Path) -> None:
    rows = [*THREE_DOSSIERS, ("n", "2025-05-01", True), ("a", "2025-07-01", True)]
    folder = _folder(tmp_path, THREE_INTO_ONE, dossiers=_dossiers(rows))
    with pytest.raises(SourceError) as err:
        load_data(folder)
    text = str(err.value)
    row_n, row_a = len(THREE_DOSSIERS) + 2, len(THREE_DOSSIERS) + 3
    assert (f"dossiers.csv, row {row_n}, column 'received_on': dated outside the time unit n "
            "exists (2025-07-01 – …)") in text
    assert f"row {row_a}, column 'received_on'" in text and "(… – 2025-06-30)" in text


def test_a_quarter_or_a_year_outside_the_unit_is_refused(tmp_path: Path) -> None:
    meetings = "unit_id,period,meetings,via_system\nd,2025Q2,4,2\nd,2025Q3,4,2\n"
    procedures = ("year,unit_id,procedure_id,field,internal,published_on_time,"
                  "financial_obligation,online_payment,online_eligible,online_mode,"
                  "national_portal\n"
                  "2025,a,P1,land,false,false,true,true,true,full,true\n"
                  "2026,a,P1,land,false,false,true,true,true,full,true\n")
    folder = _folder(tmp_path, THREE_INTO_ONE, meetings=meetings, procedures=procedures)
    with pytest.raises(SourceError) as err:
        load_data(folder)
    text = str(err.value)
    assert "meetings.csv, row 3, column 'period': dated outside the time unit d exists" in text
    assert "procedures.csv, row 3, column 'year': dated outside" in text
    assert "row 2" not in text


# --------------------------------------------------------------------------- a chain

CHAIN = (
    "p,Tỉnh P,province,,01,,,\n"
    "x,Xã X,commune,p,,,2022-12-31,y\n"
    "y,Xã Y,commune,p,,2023-01-01,2024-12-31,z\n"
    "z,Xã Z,commune,p,,2025-01-01,,\n"
)


def test_a_chain_of_successions_carries_the_history_through(tmp_path: Path) -> None:
    rows = [("x", "2021-03-01", True), ("x", "2021-04-01", False),  # 2021: 1/2
            ("x", "2022-03-01", True), ("x", "2022-04-01", True),  # 2022: 2/2
            ("y", "2023-03-01", True),  # 2023: 1/1
            ("y", "2024-03-01", False),  # 2024: 0/1
            ("z", "2025-03-01", True), ("z", "2025-04-01", True), ("z", "2025-05-01", True)]
    data = load_data(_folder(tmp_path, CHAIN, dossiers=_dossiers(rows)))
    ev = evaluate(data, "2025")
    assert _series(ev, "z", "I.4.c") == {2021: 50.0, 2022: 100.0, 2023: 100.0, 2024: 0.0,
                                         2025: 100.0}
    lineage = data.units.lineage("z")
    assert lineage[["relation", "depth", "unit_id"]].values.tolist() == [
        ["predecessor", 2, "x"], ["predecessor", 1, "y"], ["unit", 0, "z"]]
    assert data.units.lineage("x")["unit_id"].tolist() == ["x", "y", "z"]
    assert list(dict.fromkeys(evaluate(data, "2023").results["unit_id"])) == ["p", "y"]


# --------------------------------------------------------------------------- two provinces

PROVINCES = (
    "p1,Tỉnh Một,province,,10,,2025-06-30,n\n"
    "s1,Sở Nội vụ,department,p1,,,2025-06-30,sn\n"
    "d1,Huyện Một,district,p1,080,,2025-06-30,\n"
    "a1,Xã A,commune,d1,02635,,2025-06-30,w\n"
    "p2,Tỉnh Hai,province,,15,,2025-06-30,n\n"
    "s2,Sở Nội vụ,department,p2,,,2025-06-30,sn\n"
    "d2,Huyện Hai,district,p2,132,,2025-06-30,\n"
    "a2,Xã B,commune,d2,04249,,2025-06-30,w\n"
    "n,Tỉnh Mới,province,,15,2025-07-01,,\n"
    "sn,Sở Nội vụ,department,n,,2025-07-01,,\n"
    "w,Xã W,commune,n,02635,2025-07-01,,\n"
)


def _work_records(rows: list[tuple[str, str, int, int]]) -> str:
    return "unit_id,period,records,online\n" + "".join(
        f"{u},{p},{r},{o}\n" for u, p, r, o in rows)


@pytest.fixture
def merged(tmp_path: Path):
    records = _work_records([
        ("p1", "2021Q1", 10, 5), ("s1", "2021Q1", 10, 1), ("d1", "2021Q1", 10, 8),
        ("a1", "2021Q1", 10, 2),
        ("p2", "2021Q1", 10, 3), ("s2", "2021Q1", 10, 7), ("d2", "2021Q1", 10, 6),
        ("a2", "2021Q1", 10, 4),
        ("s1", "2025Q2", 10, 9), ("d1", "2025Q2", 10, 9),
        ("n", "2025Q3", 20, 18), ("sn", "2025Q3", 20, 16), ("w", "2025Q3", 20, 10),
    ])
    service = ["year,service_unit_id,unit_id,sector,budget_staff,autonomy,"
               "conversion_eligible,converted"]
    service += [f"2021,S1-{k},s1,other,10,3,false,false" for k in range(10)]
    service += [f"2021,D2-{k},d2,education,10,3,false,false" for k in range(10)]
    service += [f"2025,S1-{k},s1,other,10,3,false,false" for k in range(9)]  # before July
    service += [f"2025,D2-{k},d2,education,10,3,false,false" for k in range(10)]
    service += [f"2025,SN-{k},sn,other,10,3,false,false" for k in range(8)]  # after July
    service += [f"2025,W-{k},w,education,10,3,false,false" for k in range(9)]
    return load_data(_folder(tmp_path, PROVINCES, work_records=records,
                             service_units="\n".join(service) + "\n"))


def test_the_new_province_starts_from_both_old_ones(merged) -> None:
    ev = evaluate(merged, "2025")
    # IV.6.a is summed within a level: the province level is the provinces and their
    # departments. 2021: p1 5/10, s1 1/10, p2 3/10, s2 7/10 → 16/40 = 40 %
    assert _series(ev, "n", "IV.6.a")[2021] == 40.0
    # 2025: s1's first half 9/10, then n 18/20 and sn 16/20 → 43/50 = 86 %
    n = _row(ev.results, "n", "IV.6.a")
    assert (n["numerator"], n["denominator"], n["value"]) == (43, 50, 86.0)
    # a commune level measure of the new commune: a1 2/10 + a2 4/10 in 2021
    assert _series(ev, "w", "IV.6.a")[2021] == 30.0
    assert n["target"] == 90.0 and _row(ev.results, "w", "IV.6.a")["target"] == 60.0
    assert merged.units.roots_at("2025-06-30") == ["p1", "p2"]
    assert merged.units.roots_at("2025-07-01") == ["n"]


def test_stocks_are_read_from_the_units_in_force_and_compared_across_the_merger(merged) -> None:
    # II.2.a, public service units as an index of 2021 (= 100), compares stocks:
    # 2025Q2 reads the old managers: s1 10 → 9: 9/10 = 90
    q2 = evaluate(merged, "2025Q2").results
    assert _row(q2, "p1", "II.2.a")[["numerator", "denominator"]].tolist() == [9, 10]
    # 2025 reads the new ones: base 10 + 10, now sn 8 + w 9 (d2's schools went to w):
    # 17 / 20 = 85, not 36 / 20 with both 2025 inventories counted
    year = evaluate(merged, "2025").results
    n = _row(year, "n", "II.2.a")
    assert (n["numerator"], n["denominator"], n["value"]) == (17, 20, 85.0)


def test_district_measures_end_with_the_districts(tmp_path: Path) -> None:
    # a district that (wrongly) goes on after 30 June 2025: its level has ended
    units = ("p,Tỉnh P,province,,01,,,\n"
             "d,Huyện D,district,p,001,,,\n")
    records = _work_records([("d", "2025Q2", 10, 8), ("d", "2025Q3", 10, 8)])
    data = load_data(_folder(tmp_path, units, work_records=records))
    assert _row(evaluate(data, "2025Q2").results, "d", "IV.6.a")["status"] != "not_applicable"
    after = evaluate(data, "2025Q3").results
    assert (after.loc[after["unit_id"] == "d", "status"] == "not_applicable").all()
    assert _row(after, "p", "IV.6.a")["status"] != "not_applicable"


# --------------------------------------------------------------------------- bad input

BAD_UNITS = [
    ("a successor that does not exist",
     THREE_INTO_ONE.replace("00003,,2025-06-30,n", "00003,,2025-06-30,nowhere"),
     "units.csv, row 6, column 'successor_id': unknown unit id (not in this file)"),
    ("a cycle of successions",
     CHAIN.replace("z,Xã Z,commune,p,,2025-01-01,,", "z,Xã Z,commune,p,,2025-01-01,2025-12-31,x"),
     "units.csv, row 3, column 'successor_id': the chain of successors loops back"),
    ("an id reused across structures",
     THREE_INTO_ONE.replace("n,Xã N,commune,p,00001,2025-07-01,,",
                            "a,Xã N,commune,p,00001,2025-07-01,,"),
     "units.csv, row 7, column 'unit_id': the id is already used by another unit in row 4"),
    ("a unit with children after its end",
     THREE_INTO_ONE.replace("c,Xã C,commune,d,00003,,2025-06-30,n", "c,Xã C,commune,d,00003,,,"),
     "units.csv, row 6, column 'parent_id': the parent ended on 2025-06-30"),
    ("a unit split between successors",
     THREE_INTO_ONE.replace("00003,,2025-06-30,n", "00003,,2025-06-30,n;p"),
     "units.csv, row 6, column 'successor_id': a unit has one successor only"),
    ("a successor that starts too late",
     THREE_INTO_ONE.replace("2025-07-01,,", "2025-08-01,,"),
     "units.csv, row 4, column 'successor_id': the successor is not in force on 2025-07-01"),
]


@pytest.mark.parametrize(("case", "units", "needle"), BAD_UNITS, ids=[b[0] for b in BAD_UNITS])
def test_bad_successions_exit_2_naming_file_row_and_column(tmp_path: Path, case, units,
                                                           needle) -> None:
    folder = _folder(tmp_path / "data", units, dossiers=_dossiers(THREE_DOSSIERS[:2]))
    out = tmp_path / "results.csv"
    done = run_cli("compute", "--data", folder, "--period", "2025", "--out", out)
    assert done.returncode == 2, done.stderr
    assert needle in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()  # nothing written


def test_records_outside_their_unit_exit_2_and_nothing_is_written(tmp_path: Path) -> None:
    rows = [*THREE_DOSSIERS, ("c", "2025-07-02", True)]
    folder = _folder(tmp_path / "data", THREE_INTO_ONE, dossiers=_dossiers(rows))
    out = tmp_path / "run"
    done = run_cli("run", "--data", folder, "--period", "2025", "--out", out)
    assert done.returncode == 2
    assert (f"dossiers.csv, row {len(rows) + 1}, column 'received_on': dated outside the time "
            "unit c exists") in done.stderr
    assert not out.exists()
