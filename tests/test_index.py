"""Weighted indices (params/indices/): the rules, the on-time rule, the roll-up, the YAML,
the published arithmetic, the command. Values worked out by hand on tiny tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cchc.engine.index import (
    INDEX_COLUMNS,
    compute_index,
    compute_index_counts,
    key_label,
    on_time,
    period_keys,
    score_points,
)
from cchc.errors import CatalogueError, ParameterError
from cchc.sources.dataset import load_data
from cchc.sources.published import load_published_indices, published_components
from cchc.spec.counts import INDEX_COUNTS
from cchc.spec.indices import IndexDefinition, load_index
from cchc.spec.periods import Period
from conftest import run_cli
from pandas.testing import assert_frame_equal

# --------------------------------------------------------------------------- the rules


def points(num, den, rule="linear", threshold=np.nan, maximum=6.0) -> float:
    return float(score_points(np.array([num], float), np.array([den], float),
                              np.array([maximum]), np.array([rule]),
                              np.array([threshold], float))[0])


@pytest.mark.parametrize(("num", "den", "expected"), [
    (8, 10, 8.0),     # above the threshold: full
    (4, 5, 8.0),      # exactly at it (80 %): full
    (6, 10, 6.0),     # below: 60 % of 8 ÷ 80 % = 6
    (1, 3, 3.33),     # 33.3 % → 8 × 0.3333 / 0.8 = 3.333…, shown with 2 decimals
    (0, 10, 0.0),
    (0, 0, 0.0),      # nothing to count: 0 points, as the portal shows it
])
def test_threshold_rule(num, den, expected):
    assert points(num, den, "threshold", 80, maximum=8) == expected


@pytest.mark.parametrize(("num", "den", "expected"), [
    (20, 20, 20.0), (19, 20, 19.0), (0, 20, 0.0), (0, 0, 0.0), (1, 3, 6.67)])
def test_linear_rule(num, den, expected):
    assert points(num, den, "linear", maximum=20) == expected


@pytest.mark.parametrize(("num", "den", "expected"), [
    (0, 0, 6.0),      # no complaint at all: full points
    (3, 4, 4.5), (4, 4, 6.0), (0, 2, 0.0)])
def test_none_is_full_rule(num, den, expected):
    assert points(num, den, "none_is_full") == expected


def test_no_data_has_no_points():
    assert np.isnan(points(np.nan, np.nan))


# --------------------------------------------------------------------------- on time

D = np.datetime64


def judge(due, resolved="NaT", requested="NaT", completed="NaT", requests=0,
          end="2025-10-31") -> bool:
    day = lambda v: np.array([v], dtype="datetime64[D]")  # noqa: E731
    return bool(on_time(day("2025-10-01"), day(due), day(resolved), day(requested),
                        day(completed), np.array([requests]), day(end))[0])


@pytest.mark.parametrize(("case", "kwargs", "expected"), [
    ("resolved before due", dict(due="2025-10-10", resolved="2025-10-08"), True),
    ("resolved on the due date", dict(due="2025-10-10", resolved="2025-10-10"), True),
    ("resolved a day late", dict(due="2025-10-10", resolved="2025-10-11"), False),
    ("late but the applicant's 3 days of supplement are not counted",
     dict(due="2025-10-10", resolved="2025-10-12", requested="2025-10-03",
          completed="2025-10-06", requests=1), True),
    ("late even without the supplement days",
     dict(due="2025-10-10", resolved="2025-10-15", requested="2025-10-03",
          completed="2025-10-06", requests=1), False),
    ("a second supplement request is late",
     dict(due="2025-10-20", resolved="2025-10-12", requested="2025-10-03",
          completed="2025-10-06", requests=2), False),
    ("waiting for the applicant, asked before the due date",
     dict(due="2025-10-10", requested="2025-10-05", requests=1), True),
    ("waiting for the applicant, asked after the due date",
     dict(due="2025-10-10", requested="2025-10-12", requests=1), False),
    ("in progress, past due at the period's end", dict(due="2025-10-20"), False),
    ("in progress, due on the period's last day", dict(due="2025-10-31"), True),
    ("in progress, not yet due", dict(due="2025-11-05"), True),
    ("resolved after the period, past due at its end",
     dict(due="2025-10-20", resolved="2025-11-03"), False),
    ("resolved late after the period, not yet due at its end",
     dict(due="2025-11-02", resolved="2025-11-03"), True),
    ("no due date: neither", dict(due="NaT", resolved="2025-10-05"), False),
])
def test_on_time_case_by_case(case, kwargs, expected):
    assert judge(**kwargs) is expected, case


def test_on_time_is_judged_at_the_end_of_each_kind_of_period():
    # received 2025-10-01, due 2025-10-20, resolved 2025-11-03: a month judges it at
    # 31 October (in progress, past due: late); so does the quarter at 31 December
    # (resolved late); a dossier due 2025-11-10 is on time in October (not yet due)
    received = np.array(["2025-10-01", "2025-10-01"], dtype="datetime64[D]")
    for kind in ("month", "quarter", "year"):
        keys, ends = period_keys(received, kind)
        result = on_time(received, np.array(["2025-10-20", "2025-11-10"], "datetime64[D]"),
                         np.array(["2025-11-03", "NaT"], "datetime64[D]"),
                         np.array(["NaT", "NaT"], "datetime64[D]"),
                         np.array(["NaT", "NaT"], "datetime64[D]"), np.array([0, 0]), ends)
        assert result.tolist() == [False, kind == "month"], kind
        assert key_label(int(keys[0]), kind) == {"month": "2025-10", "quarter": "2025Q4",
                                                 "year": "2025"}[kind]


# --------------------------------------------------------------------------- periods


def test_months_are_periods_only_where_asked_for():
    month = Period.parse("2025-10", months=True)
    assert (str(month), month.start, month.end, month.quarter, month.kind) == (
        "2025-10", dt.date(2025, 10, 1), dt.date(2025, 10, 31), 4, "month")
    assert Period.parse("2024-02", months=True).end == dt.date(2024, 2, 29)
    assert Period.parse("2024Q3").months == (7, 8, 9)
    assert str(Period.parse("2024")) == "2024" and Period.parse("2024").kind == "year"
    with pytest.raises(ParameterError) as caught:
        Period.parse("2025-10")  # the 26 measures: years and quarters only
    assert caught.value.problems[0].code == "period_format"
    with pytest.raises(ParameterError):
        Period.parse("2025-13", months=True)


# --------------------------------------------------------------------------- the YAML

GOOD = {
    "id": "t", "name_vi": "Thử", "name_en": "Test", "edition_vi": "thử", "edition_en": "test",
    "source": "a test", "total_points": 10,
    "groups": [{"id": "a", "name_vi": "A", "name_en": "A", "max_points": 10}],
    "criteria": [{"id": "c1", "group": "a", "name_vi": "C", "name_en": "C", "max_points": 10,
                  "numerator": "dossiers_on_time", "denominator": "dossiers_due",
                  "rule": "threshold", "threshold": 80, "source": "s", "note": "n"}],
}


def _variant(**changes) -> dict:
    criterion = {**GOOD["criteria"][0], **changes.pop("criterion", {})}
    return {**GOOD, "criteria": [criterion], **changes}


@pytest.mark.parametrize(("changes", "needle"), [
    ({"total_points": 12}, "add up to 10 points, not 12"),
    ({"criterion": {"max_points": 6}}, "its criteria add up to 6 points"),
    ({"criterion": {"numerator": "dosiers_on_time"}}, "unknown count 'dosiers_on_time'"),
    ({"criterion": {"rule": "linear"}}, "'threshold' goes with rule threshold"),
    ({"criterion": {"threshold": None}}, "'threshold' goes with rule threshold"),
    ({"criterion": {"measure": "I.4.c"}}, "give numerator and denominator, or a measure"),
    ({"criterion": {"note": ""}}, "note"),
    ({"criterion": {"group": "b"}}, "unknown group 'b'"),
    ({"criterion": {"weight": 2}}, "weight"),
])
def test_a_bad_index_definition_is_refused(changes, needle):
    with pytest.raises(ValueError, match=needle.replace("(", r"\(")):
        IndexDefinition.model_validate(_variant(**changes))


def test_a_bad_index_file_names_the_file(tmp_path):
    (tmp_path / "mine.yaml").write_text("id: mine\ngroups: []\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_index("mine", tmp_path)
    assert all(p.file.endswith("mine.yaml") for p in caught.value.problems)
    with pytest.raises(ParameterError) as caught:
        load_index("yours", tmp_path)
    assert caught.value.problems[0].parameter == "--index"


def test_the_766_definition_as_the_portal_scores_it():
    index = load_index("766")
    assert index.group_ids == ("cong_khai", "tien_do", "truc_tuyen", "thanh_toan", "so_hoa",
                               "hai_long")
    assert {g.id: g.max_points for g in index.groups} == {
        "cong_khai": 18, "tien_do": 20, "truc_tuyen": 12, "thanh_toan": 10, "so_hoa": 22,
        "hai_long": 18}
    assert "portal" in index.edition_en and "not the" in index.edition_en
    assert all(c.source and c.note for c in index.criteria)
    by_code = {c.code: c for c in index.criteria if c.code}
    assert by_code["REUSED_DIGITIZED_DATA"].threshold == 80
    assert by_code["DOSSIER_RECEIVING_SATISFACTION"].threshold == 90
    assert by_code["PETITION_PROCESSING_ON_TIME"].rule == "none_is_full"
    assert index.criterion("on_time").max_points == 20


def test_the_example_index_of_agencies_is_built_from_measures():
    index = load_index("par_agencies")
    assert index.applies_to == ("department",)
    assert all(c.measure for c in index.criteria)
    assert sum(g.max_points for g in index.groups) == index.total_points == 100


def test_every_count_names_its_table_and_columns():
    for name, (table, needs, text) in INDEX_COUNTS.items():
        assert table in ("dossiers", "procedures", "complaints", "units"), name
        assert text and all("." in n or n in ("dossiers", "procedures", "complaints")
                            for n in needs), name


# --------------------------------------------------------------------------- published


def test_published_group_points_add_up_to_the_published_totals():
    rows = load_published_indices()
    rows = rows[rows["index"] == "Decision 766 service index"].dropna(subset=["components"])
    checked = 0
    for row in rows.itertuples(index=False):
        parts = published_components(row.components)
        if not parts:
            continue  # "September 88.1": not a breakdown
        values = [value for _, value, _ in parts]
        decimals = max(len(f"{v}".split(".")[1]) if "." in f"{v}" else 0 for v in values)
        # each part is rounded to its last decimal: the sum may miss by half a unit each
        tolerance = len(values) * 0.5 * 10 ** -decimals + 1e-9
        assert abs(sum(values) - row.value) <= tolerance, (row.period, values, row.value)
        checked += 1
    assert checked == 2


def test_the_merged_province_2025_07_to_the_hundredth():
    rows = load_published_indices()
    row = rows[(rows["index"] == "Decision 766 service index") & (rows["period"] == "2025-07")]
    parts = published_components(row["components"].iloc[0])
    assert [(name, value) for name, value, _ in parts] == [
        ("transparency", 15.34), ("progress", 19.14), ("online services", 15.41),
        ("satisfaction", 17.97), ("digitisation", 11.1)]
    assert round(sum(v for _, v, _ in parts), 2) == 78.96 == row["value"].iloc[0]


def test_the_2023_09_breakdown_keeps_the_maxima_of_the_six_groups():
    parts = published_components("transparency 14.2/18; progress 18.7/20; online services "
                                 "7.5/12 + online payment 7/10; satisfaction 17.7/18; "
                                 "digitisation 13.7/22")
    assert [m for _, _, m in parts] == [18, 20, 12, 10, 18, 22]
    assert sum(m for _, _, m in parts) == 100


# --------------------------------------------------------------------------- a tiny province

UNITS = """unit_id,name,level,parent_id
tinh,Tỉnh,province,
so,Sở,department,tinh
huyen,Huyện,district,tinh
xa-a,Xã A,commune,huyen
xa-b,Xã B,commune,huyen
"""
DOSSIER_COLUMNS = ("dossier_id,unit_id,procedure_id,received_on,channel,transfer_required,"
                   "transfer_electronic,payment_required,paid_online,result_valid,"
                   "result_digitised,reprovided,contacts,eid,due_on,resolved_on,"
                   "supplement_requested_on,supplement_completed_on,supplement_requests,fee,"
                   "synced,result_electronic,components_digitised,data_reused,"
                   "personal_store,citizen_data_connected\n")


def _d(ident, unit, proc, received, due, resolved, *, channel="direct", paid=False,
       fee="", digitised=False, reused=False, electronic=False, synced=True):
    b = lambda v: "true" if v else "false"  # noqa: E731
    return (f"{ident},{unit},{proc},{received},{channel},false,false,{b(bool(fee))},{b(paid)},"
            f"false,false,false,0,false,{due},{resolved},,,,{fee},{b(synced)},{b(electronic)},"
            f"{b(digitised)},{b(reused)},false,false\n")


PROCEDURES = ("year,unit_id,procedure_id,field,internal,published_on_time,"
              "financial_obligation,online_payment,online_eligible,online_mode,"
              "national_portal,full_online_eligible,paper_result_required\n"
              "2025,xa-a,P1,justice,false,false,true,true,true,full,true,true,false\n"
              "2025,xa-b,P1,justice,false,false,true,true,true,full,true,true,false\n"
              "2025,so,P2,business,false,false,false,false,true,partial,true,false,true\n")


@pytest.fixture
def tiny(tmp_path) -> Path:
    """Two communes of a district and a department, October 2025, worked by hand."""
    rows = [
        # xa-a: 4 dossiers, 3 digitised; 3 on time (one resolved late); 2 fees, 1 paid online
        _d("A1", "xa-a", "P1", "2025-10-01", "2025-10-10", "2025-10-09", digitised=True,
           fee=20000, paid=True, channel="online"),
        _d("A2", "xa-a", "P1", "2025-10-02", "2025-10-10", "2025-10-12", digitised=True,
           fee=20000),
        _d("A3", "xa-a", "P1", "2025-10-03", "2025-10-10", "2025-10-10", digitised=True,
           fee=0),  # exempted: not in the payment denominator
        _d("A4", "xa-a", "P1", "2025-10-20", "2025-11-05", "", fee=0),  # not yet due
        # xa-b: 1 dossier, digitised, late (in progress, past due at the month's end)
        _d("B1", "xa-b", "P1", "2025-10-06", "2025-10-15", "", digitised=True, fee=0),
        # the department: 2 dossiers in September, none in October
        _d("S1", "so", "P2", "2025-09-05", "2025-09-12", "2025-09-11", electronic=True),
        _d("S2", "so", "P2", "2025-09-08", "2025-09-12", "2025-09-30"),
    ]
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "dossiers.csv").write_text(DOSSIER_COLUMNS + "".join(rows), encoding="utf-8")
    (tmp_path / "procedures.csv").write_text(PROCEDURES, encoding="utf-8")
    return tmp_path


def _row(scores: pd.DataFrame, unit: str, criterion: str = "", group: str | None = None):
    rows = scores[(scores["unit_id"] == unit) & (scores["criterion_id"] == criterion)]
    if group is not None:
        rows = rows[rows["group_id"] == group]
    assert len(rows) == 1
    return rows.iloc[0]


def test_a_month_worked_by_hand(tiny):
    scores = compute_index(load_data(tiny), load_index("766"), "2025-10").scores
    assert scores.columns.tolist() == INDEX_COLUMNS
    a = _row(scores, "xa-a", "on_time")
    assert (a.numerator, a.denominator, a.rate, a.points) == (3, 4, 75.0, 15.0)
    b = _row(scores, "xa-b", "on_time")
    assert (b.numerator, b.denominator, b.points) == (0, 1, 0.0)
    # the district sums its communes' dossiers before the rule: 3 of 5 → 12 points, not
    # the mean of 15 and 0
    district = _row(scores, "huyen", "on_time")
    assert (district.numerator, district.denominator, district.points) == (3, 5, 12.0)
    # digitised components, threshold 80 %: 3 of 4 = 75 % → 4 × 75/80 = 3.75; the
    # district: 4 of 5 = 80 % → full
    assert _row(scores, "xa-a", "components_digitised").points == 3.75
    assert _row(scores, "huyen", "components_digitised").points == 4.0
    # payment: dossiers of fee procedures less those with fee 0 (B1): xa-a 1 of 2
    pay = _row(scores, "huyen", "paid_online")
    assert (pay.numerator, pay.denominator, pay.points) == (1, 2, 5.0)
    # fully online: only A1 was online, of 5 eligible; threshold 50 % → 12 × 20/50 = 4.8
    assert _row(scores, "huyen", "full_online").points == 4.8
    # the department had no dossier in October: nothing to count, 0 points
    dept = _row(scores, "so", "on_time")
    assert (dept.numerator, dept.denominator, dept.points) == (0, 0, 0.0)
    # no complaints table: no data, not zero
    complaints = _row(scores, "xa-a", "complaints_on_time")
    assert pd.isna(complaints.points) and pd.isna(complaints.numerator)
    assert complaints.max_points == 6.0


def test_groups_and_total_count_only_criteria_with_data(tiny):
    scores = compute_index(load_data(tiny), load_index("766"), "2025-10").scores
    criteria = scores[(scores["unit_id"] == "xa-a") & (scores["criterion_id"] != "")]
    with_data = criteria[criteria["points"].notna()]
    total = _row(scores, "xa-a", group="total")
    assert total.points == pytest.approx(round(with_data["points"].sum(), 2))
    assert total.max_points == with_data["max_points"].sum()
    group = _row(scores, "xa-a", group="hai_long")
    assert pd.isna(group.points) and group.max_points == 0  # no complaints, no ratings


def test_rank_within_the_level(tiny):
    scores = compute_index(load_data(tiny), load_index("766"), "2025-10").scores
    totals = scores[scores["group_id"] == "total"].set_index("unit_id")
    assert totals.loc["xa-a", "points"] > totals.loc["xa-b", "points"]
    assert (totals.loc["xa-a", "rank"], totals.loc["xa-b", "rank"]) == (1, 2)
    assert totals.loc["tinh", "rank"] == totals.loc["huyen", "rank"] == 1
    assert scores.loc[scores["group_id"] != "total", "rank"].isna().all()


def test_a_quarter_judges_at_its_end(tiny):
    # xa-b's B1 is still in progress at 31 December: late in the quarter as in the month;
    # A4 (due 5 November, unresolved) is late at the quarter's end but on time in October
    counts = compute_index_counts(load_data(tiny), ["month", "quarter"],
                                  as_of=dt.date(2025, 12, 31))
    month = counts["month"].values.set_index(["unit_id", "period"])
    quarter = counts["quarter"].values.set_index(["unit_id", "period"])
    assert month.loc[("xa-a", "2025-10"), "dossiers_on_time"] == 3
    assert quarter.loc[("xa-a", "2025Q4"), "dossiers_on_time"] == 2


def test_the_records_own_date_stops_the_clock(tiny):
    # the latest date in the records is 2025-10-20: A4 is judged then, not yet due
    counts = compute_index_counts(load_data(tiny), ["quarter"])["quarter"]
    assert counts.as_of == pd.Timestamp("2025-10-20")
    values = counts.values.set_index(["unit_id", "period"])
    assert values.loc[("xa-a", "2025Q4"), "dossiers_on_time"] == 3


def test_a_period_the_records_do_not_reach(tiny):
    with pytest.raises(ParameterError) as caught:
        compute_index(load_data(tiny), load_index("766"), "2026-01")
    assert caught.value.problems[0].parameter == "--period"


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample_index(sample_data):
    return compute_index(sample_data, load_index("766"), "2024Q4", trend=True)


def test_every_criterion_has_data_in_the_sample(sample_index):
    root = sample_index.scores[sample_index.scores["unit_id"] == "lao-cai"]
    assert root["points"].notna().all()
    assert _row(root, "lao-cai", group="total").max_points == 100


def test_the_sample_ranking_is_not_flat(sample_index, sample_data):
    totals = sample_index.scores[sample_index.scores["group_id"] == "total"]
    level = totals["unit_id"].map(sample_data.units.frame["level"])
    for name in ("department", "commune"):
        ranks = totals.loc[level == name, "rank"]
        assert ranks.nunique() == len(ranks) > 2, name


def test_the_trend_is_monthly_up_to_the_period(sample_index):
    trend = sample_index.trend
    months = sorted(set(trend["period"]))
    assert months[0] == "2021-01" and months[-1] == "2024-12" and len(months) == 48
    total = trend[(trend["unit_id"] == "lao-cai") & (trend["group_id"] == "total")]
    assert total["points"].between(0, 100).all()


def test_old_data_without_the_new_columns(sample_dir, tmp_path, sample_data):
    """Dropping every new column and table: the 26 measures are the same, and the index
    shows no data where a criterion lacks its columns."""
    from cchc.engine.results import evaluate
    from cchc.spec.dictionary import load_dictionary

    old = tmp_path / "old"
    old.mkdir()
    dictionary = load_dictionary()
    for file in sample_dir.iterdir():
        name = file.stem
        if name in ("complaints", "ratings"):
            continue
        if name in ("dossiers", "procedures"):
            frame = pd.read_csv(file, dtype=str, keep_default_na=False)
            table = dictionary.table(name)
            keep = [c.name for c in table.columns if c.required or c.name == "name"]
            frame[[c for c in frame.columns if c in keep]].to_csv(old / file.name, index=False)
        else:
            (old / file.name).write_bytes(file.read_bytes())
    before, after = evaluate(sample_data, "2024Q3"), evaluate(load_data(old), "2024Q3")
    assert_frame_equal(before.results, after.results)
    assert_frame_equal(before.scores, after.scores)
    scores = compute_index(load_data(old), load_index("766"), "2024Q3").scores
    root = scores[scores["unit_id"] == "lao-cai"].set_index(["group_id", "criterion_id"])
    assert root.loc[("thanh_toan", "paid_online"), "points"] > 0  # its columns are old ones
    assert pd.isna(root.loc[("tien_do", "on_time"), "points"])
    assert root.loc[("total", ""), "max_points"] == 10


# --------------------------------------------------------------------------- the command


def test_cchc_index_writes_the_contract(tiny, tmp_path):
    out = tmp_path / "index.csv"
    result = run_cli("index", "--data", tiny, "--index", "766", "--period", "2025-10",
                     "--out", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == ",".join(INDEX_COLUMNS)
    assert "xa-a,2025-10,tien_do,on_time,3,4,75,15,20," in lines
    assert "xa-a,2025-10,tien_do,,,,,15,20," in lines
    again = tmp_path / "again.csv"
    run_cli("index", "--data", tiny, "--period", "2025-10", "--out", again)
    assert again.read_bytes() == out.read_bytes()  # --index 766 is the default


@pytest.mark.parametrize(("args", "needle"), [
    (["--period", "2025-13"], "--period"),
    (["--period", "2025-10", "--index", "767"], "--index"),
    (["--period", "2030"], "no data for this period"),
])
def test_cchc_index_bad_parameters(tiny, tmp_path, args, needle):
    out = tmp_path / "index.csv"
    result = run_cli("index", "--data", tiny, "--out", out, *args)
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_cchc_index_bad_file_names_file_row_column(tiny, tmp_path):
    text = (tiny / "dossiers.csv").read_text(encoding="utf-8")
    assert text.count("2025-10-10,2025-10-09") == 1  # A1's due and resolution dates
    text = text.replace("2025-10-10,2025-10-09", "2025-09-10,2025-10-09")  # due before
    (tiny / "dossiers.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "index.csv"
    result = run_cli("index", "--data", tiny, "--period", "2025-10", "--out", out)
    assert result.returncode == 2 and not out.exists()
    assert "dossiers.csv, row 2, column 'due_on' (O): earlier than received_on" in result.stderr


def test_the_example_index_by_year(sample_data):
    scores = compute_index(sample_data, load_index("par_agencies"), "2024").scores
    assert set(scores["unit_id"].map(sample_data.units.frame["level"])) == {"department"}
    criteria = scores[scores["criterion_id"] != ""]
    assert criteria["points"].notna().all()
    # the measures are computed for years and quarters: by month, no data
    monthly = compute_index(sample_data, load_index("par_agencies"), "2024-10").scores
    assert monthly.loc[monthly["criterion_id"] != "", "points"].isna().all()
