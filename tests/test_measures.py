"""Measures from records: windows, roll-up by sums, states, applicability."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cchc.engine import measures as m
from cchc.engine.measures import Window, compute_cells, compute_dossier_cells, rollup, window_values
from cchc.engine.results import evaluate
from cchc.sources.dataset import load_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

UNITS = (
    "unit_id,name,level,parent_id\n"
    "lao-cai,Tỉnh Lào Cai,province,\n"
    "so-noi-vu,Sở Nội vụ,department,lao-cai\n"
    "bat-xat,Huyện Bát Xát,district,lao-cai\n"
    "xa-a,Xã A,commune,bat-xat\n"
    "xa-b,Xã B,commune,bat-xat\n"
)
HEADER = ("dossier_id,unit_id,procedure_id,received_on,channel,transfer_required,"
          "transfer_electronic,payment_required,paid_online,result_valid,result_digitised,"
          "reprovided,contacts,eid\n")


def _dossier(i, unit, date, channel="online", treq=1, tel=1, contacts=0):
    return f"HS-{i},{unit},P1,{date},{channel},{treq},{tel},0,0,1,1,0,{contacts},1\n"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    rows = [
        _dossier(1, "xa-a", "2023-02-01", tel=0),
        _dossier(2, "xa-a", "2023-05-01"),
        _dossier(3, "xa-b", "2023-08-01", channel="direct", contacts=3),
        _dossier(4, "bat-xat", "2023-11-01", tel=0, contacts=1),
        _dossier(5, "so-noi-vu", "2024-02-01"),
        _dossier(6, "xa-a", "2024-02-15", treq=0, tel=0),
        _dossier(7, "xa-b", "2024-08-01", tel=0, contacts=2),
        _dossier(8, "xa-b", "2021-03-01", tel=0),
    ]
    (tmp_path / "dossiers.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    (tmp_path / "meetings.csv").write_text(
        "unit_id,period,meetings,via_system\nlao-cai,2024Q1,10,9\nbat-xat,2024Q1,5,2\n"
        "lao-cai,2023Q1,10,5\nbat-xat,2023Q3,4,1\n", encoding="utf-8")
    (tmp_path / "merging.csv").write_text(
        "item_id,unit_id,kind,name,required,completed_on\n"
        "m1,bat-xat,village,Thôn 1,true,2023-06-30\nm2,bat-xat,village,Thôn 2,true,\n"
        "m3,lao-cai,district,Huyện X,false,\n", encoding="utf-8")
    return tmp_path


def _row(results, unit, measure):
    return results.set_index(["unit_id", "measure_id"]).loc[(unit, measure)]


def test_rollup_sums_numerators_and_denominators(folder):
    results = evaluate(load_data(folder), "2023").results
    # I.1.a 2023: xa-a 1/2, xa-b 1/1, bat-xat 0/1 → district 2/4, province 2/4
    assert _row(results, "xa-a", "I.1.a")[["numerator", "denominator"]].tolist() == [1, 2]
    district = _row(results, "bat-xat", "I.1.a")
    assert (district["numerator"], district["denominator"], district["value"]) == (2, 4, 50.0)
    assert _row(results, "lao-cai", "I.1.a")["denominator"] == 4


def test_quarter_window_and_year_to_date(folder):
    results = evaluate(load_data(folder), "2024Q3").results
    # Q3 alone: only dossier 7 (xa-b)
    assert _row(results, "bat-xat", "I.4.c")["denominator"] == 1
    # so-noi-vu: no dossier in Q3 (its only one, of 2024-02-01, is in Q1): no value for
    # the quarter; its year to date has one year of data, too few for a trend: a row
    # without a value for the period and fewer than two years has no status (no_data)
    department = _row(results, "so-noi-vu", "I.4.c")
    assert pd.isna(department["value"]) and pd.isna(department["denominator"])
    assert (department["status"], department["status_basis"]) == ("no_data", "none")
    assert pd.isna(department["met"])


def test_level_scoped_measure_counts_own_level_only(folder):
    results = evaluate(load_data(folder), "2024Q1").results
    # IV.5.a is summed within a level: the province's meetings are its own (9/10), not
    # the district's added (which would be 11/15).
    province = _row(results, "lao-cai", "IV.5.a")
    assert (province["numerator"], province["denominator"]) == (9, 10)
    assert province["target"] == 100
    assert _row(results, "bat-xat", "IV.5.a")["target"] == 80


def test_not_applicable_and_no_data(folder):
    results = evaluate(load_data(folder), "2024").results
    commune = _row(results, "xa-a", "IV.5.a")
    assert commune["status"] == "not_applicable"
    assert pd.isna(commune["value"]) and pd.isna(commune["target"])
    assert _row(results, "so-noi-vu", "II.1.a")["status"] == "not_applicable"
    # surveys table absent → its measures are "no data" where they apply
    assert _row(results, "xa-a", "I.5.a")["status"] == "no_data"
    assert len(results) == 5 * 26


def test_merging_state_at_period_end(folder):
    early = evaluate(load_data(folder), "2023Q1").results
    late = evaluate(load_data(folder), "2023Q3").results
    assert _row(early, "bat-xat", "II.1.a")[["numerator", "denominator"]].tolist() == [0, 2]
    assert _row(late, "bat-xat", "II.1.a")[["numerator", "denominator"]].tolist() == [1, 2]
    assert _row(late, "lao-cai", "II.1.a")["value"] == 50.0


def test_status_uses_annual_series(folder):
    results = evaluate(load_data(folder), "2024").results
    row = _row(results, "xa-b", "I.1.a")  # 2021: 0/1, 2023: 1/1, 2024: 0/1
    assert row["base_year"] == 2021
    # 0 % in 2021 (replaced by 0.001), 0 % in 2024, target 80: the observed growth is
    # (0 / 0.001) ** (1/3) - 1 = -1, the required one (80 / 0.001) ** (1/4) - 1 = 15.82,
    # R = -0.0632 < 0: deterioration, score 4.1667 R - 2.5 = -2.76
    assert row["status"] == "deterioration"
    assert row["ratio"] == pytest.approx(-1 / ((80 / 0.001) ** 0.25 - 1), abs=1e-4)
    assert row["score"] == pytest.approx(4.1667 * row["ratio"] - 2.5, abs=1e-3)


def test_contacts_distribution(folder):
    contacts = evaluate(load_data(folder), "2023").contacts
    district = contacts[contacts["unit_id"] == "bat-xat"].set_index("contacts")
    assert district["dossiers"].to_dict() == {"0": 2, "1": 1, "2": 0, "3+": 1}
    assert (district["total"] == 4).all()
    assert district["share"].sum() == pytest.approx(100)


def test_scores_group_and_overall(folder):
    ev = evaluate(load_data(folder), "2024")
    scores = ev.scores
    assert set(scores["kind"]) == {"indicator", "group", "overall"}
    overall = scores[(scores["kind"] == "overall")].set_index("unit_id")
    assert overall.index.tolist() == ["lao-cai", "so-noi-vu", "bat-xat", "xa-a", "xa-b"]
    assert not overall["achieved"].any()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["xa-a", "xa-b", "bat-xat", "so-noi-vu"]),
                          st.integers(1, 4), st.booleans(), st.booleans()),
                min_size=1, max_size=40))
def test_rollup_invariant_parent_is_sum_of_children(rows):
    """For any records: a parent's numerator and denominator are its own plus its
    children's; the province equals the sum over every unit's own records."""
    dossiers = pd.DataFrame({
        "dossier_id": [f"d{i}" for i in range(len(rows))],
        "unit_id": [r[0] for r in rows],
        "received_on": pd.to_datetime([f"2024-{3 * r[1]:02d}-01" for r in rows]),
        "channel": ["online" if r[2] else "direct" for r in rows],
        "transfer_required": [True] * len(rows),
        "transfer_electronic": [r[3] for r in rows],
        "payment_required": False, "paid_online": False, "result_valid": True,
        "result_digitised": [r[3] for r in rows], "reprovided": False, "contacts": 0,
        "eid": [r[2] for r in rows],
    })
    cells = compute_dossier_cells(dossiers)
    assert (cells["numerator"] <= cells["denominator"]).all()
    from cchc.spec.units import Units

    units = Units.from_frame(pd.read_csv(pd.io.common.StringIO(UNITS)))
    owner = cells.groupby(["unit_id", "measure_id"], as_index=False)[
        ["numerator", "denominator"]].sum()
    rolled = rollup(owner, units).set_index(["unit_id", "measure_id"])
    for measure in owner["measure_id"].unique():
        own = owner[owner["measure_id"] == measure].set_index("unit_id")
        total = own[["numerator", "denominator"]].sum()
        assert rolled.loc[("lao-cai", measure)].tolist() == total.tolist()
        communes = own.reindex(["xa-a", "xa-b", "bat-xat"])[
            ["numerator", "denominator"]].fillna(0).sum()
        if ("bat-xat", measure) in rolled.index:
            assert rolled.loc[("bat-xat", measure)].tolist() == communes[
                ["numerator", "denominator"]].tolist()


def test_window_values_quarters(folder):
    cells = compute_cells(load_data(folder))
    values = window_values(cells, [Window("q1", 2023, (1,)), Window("y", 2023, (1, 2, 3, 4))])
    q1 = values[(values["window"] == "q1") & (values["measure_id"] == "I.4.c")]
    assert q1["denominator"].sum() == 1
    year = values[(values["window"] == "y") & (values["measure_id"] == "I.4.c")]
    assert year["denominator"].sum() == 4


# ------------------------------------------------------------------ compute_* on inline tables

CELLS = ["unit_id", "measure_id", "year", "quarter", "numerator", "denominator"]


def _b(*values):
    return pd.array(list(values), dtype="boolean")


def _expected(rows, columns=CELLS):
    return pd.DataFrame(rows, columns=columns)


def _same(got: pd.DataFrame, rows, columns=CELLS):
    """Compare cells whatever their order, the values exactly, the integer widths aside."""
    key = columns[:4]
    got = got[columns].sort_values(key).reset_index(drop=True)
    want = _expected(rows, columns).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.astype({"unit_id": object, key[1]: object}),
                                  want.astype({"unit_id": object, key[1]: object}),
                                  check_dtype=False)


@pytest.fixture()
def dossiers() -> pd.DataFrame:
    """Three dossiers: two of unit a (Q1 online, Q2 direct), one of b (Q1 online)."""
    return pd.DataFrame({
        "unit_id": ["a", "a", "b"],
        "received_on": pd.to_datetime(["2024-01-05", "2024-04-02", "2024-01-20"]),
        "channel": ["online", "direct", "online"],
        "transfer_required": _b(True, True, False),
        "transfer_electronic": _b(True, False, None),
        "payment_required": _b(True, False, True),
        "paid_online": _b(False, False, True),
        "result_valid": _b(True, True, True),
        "result_digitised": _b(True, False, True),
        "reprovided": _b(False, True, False),
        "contacts": pd.array([0, 3, 1], dtype="Int64"),
        "eid": _b(True, False, False),
    })


def test_compute_dossier_cells(dossiers):
    _same(m.compute_dossier_cells(dossiers), [
        ("a", "I.1.a", 2024, 1, 1, 1), ("a", "I.1.a", 2024, 2, 0, 1),  # b needs no transfer
        ("a", "I.2.b", 2024, 1, 0, 1), ("b", "I.2.b", 2024, 1, 1, 1),  # a's Q2: nothing owed
        ("a", "I.3.a", 2024, 1, 1, 1), ("a", "I.3.a", 2024, 2, 0, 1), ("b", "I.3.a", 2024, 1, 1, 1),
        ("a", "I.4.c", 2024, 1, 1, 1), ("a", "I.4.c", 2024, 2, 0, 1), ("b", "I.4.c", 2024, 1, 1, 1),
        ("a", "I.7.a", 2024, 1, 1, 1), ("a", "I.7.a", 2024, 2, 0, 1), ("b", "I.7.a", 2024, 1, 1, 1),
        ("a", "IV.2.a", 2024, 1, 1, 1), ("b", "IV.2.a", 2024, 1, 0, 1),  # online ones only
    ])


def test_compute_contact_cells(dossiers):
    columns = ["unit_id", "contacts", "year", "quarter", "numerator", "denominator"]
    rows = [(u, c, 2024, q, int(n), 1) for u, q, n0 in (("a", 1, "0"), ("a", 2, "3+"),
                                                           ("b", 1, "1"))
            for c in ("0", "1", "2", "3+") for n in [c == n0]]
    _same(m.compute_contact_cells(dossiers), rows, columns)


def test_counts_give_the_same_cells_as_records(dossiers):
    """The fast path's counts (DuckDB) and the records give the same cells, row for row."""
    c = dossiers
    counts = pd.DataFrame({
        "unit_id": ["a", "a", "b"], "year": 2024, "quarter": [1, 2, 1],
        "dossiers": 1, "online": [1, 0, 1], "online_eid": [1, 0, 0],
        "transfer_required": [1, 1, 0], "transfer_electronic": [1, 0, 0],
        "payment_required": [1, 0, 1], "paid_online": [0, 0, 1],
        "result_valid": 1, "result_digitised": [1, 0, 1], "not_reprovided": [1, 0, 1],
        "contacts_0": [1, 0, 0], "contacts_1": [0, 0, 1], "contacts_2": 0,
        "contacts_3+": [0, 1, 0],
    }).set_index(["unit_id", "year", "quarter"])
    cells, contacts = m.compute_dossier_cells_from_counts(counts)
    pd.testing.assert_frame_equal(cells, m.compute_dossier_cells(c), check_dtype=False)
    pd.testing.assert_frame_equal(contacts, m.compute_contact_cells(c), check_dtype=False)


def test_payment_counts_give_the_same_cells_as_records():
    """I.2.b by the procedures offering online payment: the fast path's counts per unit,
    procedure and quarter give the records' cells, row for row."""
    d = pd.DataFrame({
        "unit_id": ["a", "a", "a", "a", "a", "b", "b"],
        "procedure_id": ["P1", "P1", "P2", "P1", "P1", "P1", "P2"],
        "received_on": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-03-01",
                                       "2024-04-02", "2025-01-02", "2024-01-20",
                                       "2024-02-20"]),
        "payment_required": _b(True, True, True, False, True, True, True),
        "paid_online": _b(True, False, True, False, True, True, False),
    })
    # P1 offers online payment at a in 2024 only, P2 at b only
    procedures = pd.DataFrame({"unit_id": ["a", "a", "a", "b", "b"],
                               "procedure_id": ["P1", "P2", "P1", "P1", "P2"],
                               "year": pd.array([2024, 2024, 2025, 2024, 2024], dtype="Int64"),
                               "online_payment": _b(True, False, False, False, True)})
    counts = pd.DataFrame({
        "unit_id": ["a", "a", "a", "a", "b", "b"],
        "procedure_id": ["P1", "P2", "P1", "P1", "P1", "P2"],
        "year": [2024, 2024, 2024, 2025, 2024, 2024], "quarter": [1, 1, 2, 1, 1, 1],
        "payment_required": [2, 1, 0, 1, 1, 1], "paid_online": [1, 1, 0, 1, 1, 0],
    }).set_index(["unit_id", "procedure_id", "year", "quarter"])
    want = [("a", "I.2.b", 2024, 1, 1, 2),  # P1's two payments; P2 offers none at a
            ("b", "I.2.b", 2024, 1, 0, 1)]  # P2's one, not paid online; a's 2025: not offered
    _same(m.compute_payment_cells(d, procedures), want)
    _same(m.compute_payment_cells_from_counts(counts, procedures), want)
    pd.testing.assert_frame_equal(m.compute_payment_cells_from_counts(counts, procedures),
                                  m.compute_payment_cells(d, procedures), check_dtype=False)
    assert m.compute_payment_cells_from_counts(counts, None).empty


def test_counts_per_procedure_give_the_same_cells(dossiers):
    """The fast path's counts carry the procedure as a key: summed over it first."""
    counts = pd.DataFrame({
        "unit_id": ["a", "a", "a", "b"], "procedure_id": ["P1", "P2", "P1", "P1"],
        "year": 2024, "quarter": [1, 1, 2, 1],
        "dossiers": [1, 0, 1, 1], "online": [1, 0, 0, 1], "online_eid": [1, 0, 0, 0],
        "transfer_required": [1, 0, 1, 0], "transfer_electronic": [1, 0, 0, 0],
        "payment_required": [1, 0, 0, 1], "paid_online": [0, 0, 0, 1],
        "result_valid": [1, 0, 1, 1], "result_digitised": [1, 0, 0, 1],
        "not_reprovided": [1, 0, 0, 1], "contacts_0": [1, 0, 0, 0], "contacts_1": [0, 0, 0, 1],
        "contacts_2": 0, "contacts_3+": [0, 0, 1, 0],
    }).set_index(["unit_id", "procedure_id", "year", "quarter"])
    cells, contacts = m.compute_dossier_cells_from_counts(counts)
    pd.testing.assert_frame_equal(cells, m.compute_dossier_cells(dossiers), check_dtype=False)
    pd.testing.assert_frame_equal(contacts, m.compute_contact_cells(dossiers),
                                  check_dtype=False)


def test_compute_survey_cells():
    surveys = pd.DataFrame({
        "unit_id": ["a"] * 5,
        "surveyed_on": pd.to_datetime(["2024-02-01"] * 5),
        "service": ["procedure", "procedure", "administration", "health", "education"],
        "field": ["land", "justice", None, None, None],
        "satisfied": _b(True, False, True, False, True),
    })
    _same(m.compute_survey_cells(surveys), [
        ("a", "I.5.a", 2024, 1, 1, 2),  # both procedure answers
        ("a", "I.5.b", 2024, 1, 1, 1),  # the land one only
        ("a", "II.3.a", 2024, 1, 1, 1),
        ("a", "II.3.b", 2024, 1, 1, 2),  # health and education together
    ])


def test_compute_count_cells():
    meetings = pd.DataFrame({"unit_id": ["a", "a", "b"], "period": ["2024Q1", "2024Q1", "2024Q3"],
                             "meetings": pd.array([4, 6, 0], dtype="Int64"),
                             "via_system": pd.array([3, 6, 0], dtype="Int64")})
    # two rows of one quarter add up; a quarter with no meeting is not a 0 % cell
    _same(m.compute_count_cells(meetings, "IV.5.a", "via_system", "meetings"),
          [("a", "IV.5.a", 2024, 1, 9, 10)])


def test_compute_procedure_cells():
    procedures = pd.DataFrame({
        "unit_id": ["a", "a", "a"], "year": pd.array([2024] * 3, dtype="Int64"),
        "online_mode": ["full", "partial", "none"],
        "financial_obligation": _b(True, True, False), "online_payment": _b(True, False, False),
        "online_eligible": _b(True, True, True), "internal": _b(False, False, True),
        "published_on_time": _b(False, False, True), "national_portal": _b(True, False, False),
    })
    _same(m.compute_procedure_cells(procedures), [
        ("a", "I.2.a", 2024, 0, 1, 2), ("a", "I.4.a", 2024, 0, 2, 3),
        ("a", "I.4.b", 2024, 0, 1, 2), ("a", "I.6.a", 2024, 0, 1, 1),
    ])


def test_compute_system_cells():
    systems = pd.DataFrame({
        "unit_id": ["p", "p", "p", "p"], "year": pd.array([2023] * 4, dtype="Int64"),
        "kind": ["public_service_portal", "one_stop", "reporting", "sector"],
        "citizen_facing": _b(True, True, False, True), "in_operation": _b(True, True, True, False),
        "national_portal_connected": _b(True, False, False, False),
        "data_axis_connected": _b(True, False, False, True),
        "reporting_connected": _b(False, False, True, False),
    })
    _same(m.compute_system_cells(systems), [
        ("p", "IV.1.a", 2023, 0, 1, 2),  # portal + one-stop
        ("p", "IV.3.a", 2023, 0, 1, 2),  # citizen-facing AND in operation
        ("p", "IV.4.a", 2023, 0, 1, 1),
    ])


def test_compute_service_unit_cells():
    units = pd.DataFrame({
        "unit_id": ["a", "a", "a", "a", "b"],
        "service_unit_id": ["a1", "a2", "a1", "a1", "b1"],
        "year": pd.array([2021, 2021, 2022, 2023, 2022], dtype="Int64"),
        "sector": ["economic", "health", "economic", "economic", "other"],
        "budget_staff": pd.array([10, 20, 8, 5, 5], dtype="Int64"),
        "autonomy": ["1", "4", "2", "2", "3"],
        "conversion_eligible": _b(True, False, True, True, True),
        "converted": _b(False, False, True, True, False),
    })
    _same(m.compute_service_unit_cells(units), [
        ("a", "III.1.a", 2021, 0, 1, 2), ("a", "III.1.a", 2022, 0, 1, 1),
        ("a", "III.1.a", 2023, 0, 1, 1), ("b", "III.1.a", 2022, 0, 0, 1),
        ("a", "III.1.b", 2021, 0, 0, 1), ("a", "III.1.b", 2022, 0, 1, 1),
        ("a", "III.1.b", 2023, 0, 1, 1), ("b", "III.1.b", 2022, 0, 0, 1),
    ])
    stocks = m.compute_service_unit_stocks(units)
    assert stocks.values.tolist() == [["a", 2021, 2, 30], ["a", 2022, 1, 8], ["a", 2023, 1, 5],
                                      ["b", 2022, 1, 5]]


def test_ii2_index_counts_every_unit_of_the_area():
    """II.2 as an index of 2021 (= 100): a had 2 units (30 staff) in 2021 and 1 (5 staff)
    in 2023; b existed in 2021 with no unit and has 1 (5 staff) in 2023; c is new since
    2021 with 1 unit (5 staff); d ended, handing its 2021 unit over. Over all four: 3 units
    now of 2 + 1 = 3 in 2021, index 100; staff 15 of 30 + 10 = 40, index 37.5."""
    stocks = pd.DataFrame({"unit_id": ["a", "a", "b", "c", "d", "d"],
                           "year": [2021, 2023, 2023, 2023, 2021, 2023],
                           "count": [2, 1, 1, 1, 1, 1], "staff": [30, 5, 5, 5, 10, 9]})
    in_force = pd.Series({"a": True, "b": True, "c": True, "d": False})
    got = m.compute_stock_index_values(stocks, 2023, 2021, in_force)
    assert got.sort_values(["measure_id", "unit_id"]).values.tolist() == [
        ["a", "II.2.a", 1, 2], ["b", "II.2.a", 1, 0], ["c", "II.2.a", 1, 0],
        ["d", "II.2.a", 0, 1],
        ["a", "II.2.b", 5, 30], ["b", "II.2.b", 5, 0], ["c", "II.2.b", 5, 0],
        ["d", "II.2.b", 0, 10],
    ]
    totals = got.groupby("measure_id")[["numerator", "denominator"]].sum()
    assert (100 * totals["numerator"] / totals["denominator"]).tolist() == [100.0, 37.5]
    # the base year itself is 100 exactly
    base = m.compute_stock_index_values(stocks, 2021, 2021)  # d still in force then
    assert (base["numerator"] == base["denominator"]).all()
    assert m.compute_stock_index_values(stocks, 2023, 2020).empty  # no base year


def test_compute_merging_values_at_a_date():
    merging = pd.DataFrame({
        "unit_id": ["d", "d", "d", "p"], "required": _b(True, True, False, False),
        "completed_on": pd.to_datetime(["2023-06-30", None, "2022-01-01", None]),
    })
    got = m.compute_merging_values(merging, pd.Timestamp("2023-06-30"))
    want = pd.DataFrame({"unit_id": ["d"], "measure_id": ["II.1.a"], "numerator": [1],
                         "denominator": [2]})
    pd.testing.assert_frame_equal(got.reset_index(drop=True).astype({"unit_id": object}),
                                  want.astype({"unit_id": object}), check_dtype=False)


def test_compute_tracking_values_takes_the_latest_report_of_the_year():
    tracking = pd.DataFrame({"unit_id": ["a", "a", "a", "b"],
                             "period": ["2024Q1", "2024Q3", "2025Q1", "2023Q4"],
                             "operating": _b(False, True, False, True)})
    got = m.compute_tracking_values(tracking, m.Window("y", 2024, (1, 2, 3, 4)))
    want = pd.DataFrame({"unit_id": ["a"], "measure_id": ["IV.8.a"], "numerator": [1],
                         "denominator": [1]})
    pd.testing.assert_frame_equal(got.astype({"unit_id": object}),
                                  want.astype({"unit_id": object}), check_dtype=False)
    early = m.compute_tracking_values(tracking, m.Window("q1", 2024, (1,)))
    assert early[["unit_id", "numerator"]].values.tolist() == [["a", 0]]


def test_iii1b_keeps_units_converted_into_joint_stock_companies():
    """x (eligible, economic) converts in 2022 and leaves the inventory in 2023; y stays
    unconverted; z converted in 2022 but is still listed (self-financing): a's III.1.b
    is 1/2 in 2022 (x; y not yet) and, with z under b, 1/1 for b; in 2023 a keeps x
    (1 of 2: x, y) although x is no longer listed."""
    su = pd.DataFrame({
        "year": pd.array([2022, 2022, 2023, 2022, 2023], dtype="Int64"),
        "service_unit_id": ["x", "y", "y", "z", "z"], "unit_id": ["a", "a", "a", "b", "b"],
        "sector": ["economic", "other", "other", "economic", "economic"],
        "autonomy": ["1", "3", "3", "1", "1"],
        "budget_staff": pd.array([5, 5, 5, 5, 5], dtype="Int64"),
        "conversion_eligible": _b(True, True, True, True, True),
        "converted": _b(True, False, False, True, True),
    })
    cells = m.compute_service_unit_cells(su)
    got = cells[cells["measure_id"] == "III.1.b"].sort_values(["unit_id", "year"])
    assert got[["unit_id", "year", "numerator", "denominator"]].values.tolist() == [
        ["a", 2022, 1, 2], ["a", 2023, 1, 2], ["b", 2022, 1, 1], ["b", 2023, 1, 1]]
    # III.1.a counts only the units listed
    a = cells[(cells["measure_id"] == "III.1.a") & (cells["unit_id"] == "a")]
    assert a[["year", "numerator", "denominator"]].values.tolist() == [[2022, 1, 2],
                                                                       [2023, 0, 1]]


def test_met_and_status_basis(folder):
    """``met`` is this period's value against this year's target; ``status_basis`` says
    which values the status rests on (docs/meaning.md)."""
    q3 = evaluate(load_data(folder), "2024Q3").results
    # xa-b I.4.c: Q3 has dossier 7, online: 1/1 = 100 ≥ 50, met; the trend (2021 100,
    # 2023 0, 2024 100) ends on a value that meets 50: target achieved
    row = _row(q3, "xa-b", "I.4.c")
    assert (row["value"], row["target"], row["met"]) == (100.0, 50.0, True)
    assert (row["status"], row["status_basis"]) == ("target_achieved", "trend_to_period")
    # xa-b I.1.a: Q3 0/1 = 0 < 80, not met; 2021 0, 2023 100, 2024 0: deterioration
    row = _row(q3, "xa-b", "I.1.a")
    assert (row["value"], row["met"], row["status"]) == (0.0, False, "deterioration")
    assert row["status_basis"] == "trend_to_period"
    # xa-a I.4.c: no dossier in Q3, so no value and no met; 2023 and 2024 (Q1) are both
    # 100: the trend is kept and flagged
    row = _row(q3, "xa-a", "I.4.c")
    assert pd.isna(row["value"]) and pd.isna(row["met"])
    assert (row["status"], row["status_basis"]) == ("target_achieved", "trend_no_period_value")
    # a measure that does not apply: no status, no met
    row = _row(q3, "xa-a", "IV.5.a")
    assert (row["status"], row["status_basis"]) == ("not_applicable", "none")
    assert pd.isna(row["met"])
    # so-noi-vu I.4.c in 2024Q1: one dossier, online, its only year: 100 ≥ 50 already,
    # so target achieved on one year (Open SDG's rule), score 5
    row = _row(evaluate(load_data(folder), "2024Q1").results, "so-noi-vu", "I.4.c")
    assert (row["value"], row["met"], row["status"], row["status_basis"], row["score"]) == (
        100.0, True, "target_achieved", "single_year", 5.0)


def test_met_and_status_basis_in_the_csv(folder, tmp_path):
    from cchc.files import write_csv

    results = evaluate(load_data(folder), "2024Q3").results
    cols = results.columns.tolist()
    assert cols[:11] == ["unit_id", "period", "measure_id", "numerator", "denominator",
                         "value", "target", "gap", "met", "status", "status_basis"]
    out = tmp_path / "summary.csv"
    write_csv(results, out)
    back = pd.read_csv(out, dtype=str, keep_default_na=False).set_index(
        ["unit_id", "measure_id"])
    assert back.loc[("xa-b", "I.4.c"), "met"] == "true"
    assert back.loc[("xa-b", "I.1.a"), "met"] == "false"
    assert back.loc[("xa-a", "I.4.c"), "met"] == ""
    assert set(back["status_basis"]) <= {"trend_to_period", "single_year",
                                         "trend_no_period_value", "none"}
