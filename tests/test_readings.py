"""The four readings of the notice (issue 12, point 10): each chosen one, and the other
one a one-line change in params/catalogue.yaml (docs/meaning.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cchc import paths
from cchc.engine.results import evaluate
from cchc.errors import CatalogueError
from cchc.sources.dataset import load_data
from cchc.spec.catalogue import load_catalogue

UNITS = (
    "unit_id,name,level,parent_id\n"
    "lao-cai,Tỉnh Lào Cai,province,\n"
    "so-noi-vu,Sở Nội vụ,department,lao-cai\n"
    "bat-xat,Huyện Bát Xát,district,lao-cai\n"
    "xa-a,Xã A,commune,bat-xat\n"
)
DOSSIERS = ("dossier_id,unit_id,procedure_id,received_on,channel,transfer_required,"
            "transfer_electronic,payment_required,paid_online,result_valid,result_digitised,"
            "reprovided,contacts,eid\n")
PROCEDURES = ("year,unit_id,procedure_id,field,internal,published_on_time,"
              "financial_obligation,online_payment,online_eligible,online_mode,"
              "national_portal\n")


def _dossier(i, date, procedure, pay, paid, valid=1, digitised=1):
    return (f"HS-{i},xa-a,{procedure},{date},online,0,0,{pay},{paid},{valid},{digitised},"
            f"0,0,1\n")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.csv").write_text(UNITS, encoding="utf-8")
    rows = [
        # 2023: one valid result, not digitised
        _dossier(1, "2023-05-01", "P1", 0, 0, valid=1, digitised=0),
        # 2024Q3: P1 offers online payment, P2 does not (a fee paid at the counter)
        _dossier(2, "2024-07-01", "P1", 1, 1),
        _dossier(3, "2024-07-02", "P1", 1, 0),
        _dossier(4, "2024-07-03", "P2", 1, 0),
        _dossier(5, "2024-07-04", "P2", 1, 0),
    ]
    (data / "dossiers.csv").write_text(DOSSIERS + "".join(rows), encoding="utf-8")
    (data / "procedures.csv").write_text(
        PROCEDURES
        + "2024,xa-a,P1,justice,false,false,true,true,true,full,true\n"
        + "2024,xa-a,P2,land,false,false,true,false,true,none,false\n", encoding="utf-8")
    (data / "meetings.csv").write_text(
        "unit_id,period,meetings,via_system\n"
        "bat-xat,2024Q1,10,1\nbat-xat,2024Q2,6,0\nbat-xat,2024Q3,4,0\n", encoding="utf-8")
    (data / "inspections.csv").write_text(
        "unit_id,period,inspections,digital\nxa-a,2024Q3,4,1\n", encoding="utf-8")
    return data


def _switched(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """The shipped catalogue with one line changed, as an analyst would change it."""
    text = paths.CATALOGUE_FILE.read_text(encoding="utf-8")
    assert text.count(old) == count, old
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _row(results: pd.DataFrame, unit: str, measure: str) -> pd.Series:
    return results.set_index(["unit_id", "measure_id"]).loc[(unit, measure)]


def _pair(row: pd.Series) -> list:
    return [row["numerator"], row["denominator"]]


def test_i2b_counts_the_payments_of_procedures_offering_online_payment(folder, tmp_path):
    data = load_data(folder)
    # chosen: of the 4 payments of 2024Q3, 2 are for P1 (offers online payment), 1 paid
    # online: 1/2 = 50 %
    chosen = evaluate(data, "2024Q3").results
    assert _pair(_row(chosen, "xa-a", "I.2.b")) == [1, 2]
    assert _row(chosen, "xa-a", "I.2.b")["value"] == 50.0
    # the other reading, one line uncommented: every payment, 1/4 = 25 %
    path = _switched(tmp_path, "    # reading: financial_obligation",
                     "    reading: financial_obligation")
    other = evaluate(data, "2024Q3", load_catalogue(path)).results
    assert _pair(_row(other, "xa-a", "I.2.b")) == [1, 4]
    assert _row(other, "xa-a", "I.2.b")["value"] == 25.0


def test_i2b_without_a_procedures_catalogue_has_no_data(folder):
    (folder / "procedures.csv").unlink()
    results = evaluate(load_data(folder), "2024Q3").results
    assert _row(results, "xa-a", "I.2.b")["status"] == "no_data"


def test_i3a_counts_the_results_issued_in_the_period_or_the_stock(folder, tmp_path):
    data = load_data(folder)
    # chosen: 2024Q3's four valid results, all digitised: 4/4
    chosen = evaluate(data, "2024Q3").results
    assert _pair(_row(chosen, "xa-a", "I.3.a")) == [4, 4]
    # the stock since 2021: 2023's undigitised result too: 4/5 = 80 %
    path = _switched(tmp_path, "    # reading: valid_stock", "    reading: valid_stock")
    other = evaluate(data, "2024Q3", load_catalogue(path)).results
    assert _pair(_row(other, "xa-a", "I.3.a")) == [4, 5]
    assert _row(other, "xa-a", "I.3.a")["value"] == 80.0
    # its annual series accumulates too: 2023 0/1, 2024 (to Q3) 4/5
    series = evaluate(data, "2024Q3", load_catalogue(path)).series
    mine = series[(series["unit_id"] == "xa-a") & (series["measure_id"] == "I.3.a")]
    assert mine[["year", "numerator", "denominator"]].values.tolist() == [[2023, 0, 1],
                                                                          [2024, 4, 5]]


def test_iv5a_is_a_share_of_meetings_or_of_committee_quarters(folder, tmp_path):
    data = load_data(folder)
    # chosen: 2024 to Q3, 1 of 20 meetings through the system: 5 %
    chosen = evaluate(data, "2024").results
    assert _pair(_row(chosen, "bat-xat", "IV.5.a")) == [1, 20]
    # the other reading: 3 committee-quarters with meetings, 1 with one through the system
    path = _switched(tmp_path, "    # reading: committee_quarters",
                     "    reading: committee_quarters")
    other = evaluate(data, "2024", load_catalogue(path)).results
    assert _pair(_row(other, "bat-xat", "IV.5.a")) == [1, 3]


def test_measures_not_applied_to_communes_and_the_change_that_applies_them(folder, tmp_path):
    data = load_data(folder)
    chosen = evaluate(data, "2024Q3").results
    # a commune's inspections are not judged, but count in its district's value
    assert _row(chosen, "xa-a", "IV.7.a")["status"] == "not_applicable"
    assert _pair(_row(chosen, "bat-xat", "IV.7.a")) == [1, 4]
    # the other reading: commune in applies_to and a commune target row
    text = paths.CATALOGUE_FILE.read_text(encoding="utf-8")
    block = text[text.index("  - id: IV.7.a"):text.index("  - id: IV.8.a")]
    changed = text.replace(block, block.replace(
        "applies_to: [province, department, district]",
        "applies_to: [province, department, district, commune]"))
    changed = changed.replace(
        "  - {measure: IV.7.a, level: district, year: 2025, value: 50}\n",
        "  - {measure: IV.7.a, level: district, year: 2025, value: 50}\n"
        "  - {measure: IV.7.a, level: commune, year: 2025, value: 50}\n")
    path = tmp_path / "catalogue.yaml"
    path.write_text(changed, encoding="utf-8")
    other = evaluate(data, "2024Q3", load_catalogue(path)).results
    row = _row(other, "xa-a", "IV.7.a")
    assert (_pair(row), row["value"], row["target"], row["met"]) == ([1, 4], 25.0, 50.0,
                                                                      False)


def test_an_unknown_reading_is_refused(tmp_path):
    path = _switched(tmp_path, "    # reading: valid_stock", "    reading: stock_of_results")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert "valid_stock" in str(err.value) and "I.3.a" in str(err.value)


# --------------------------------------------------------------------------- across tables


def test_validate_warns_about_records_that_contradict_the_procedures(folder, tmp_path):
    """Dossiers 4 and 5 (rows 5 and 6) pay for P2, which has a fee but no online payment:
    fine; make dossier 4 paid online and P1 fee-free, and the checks name file, row and
    column in both languages, as warnings that block nothing."""
    from conftest import run_cli

    text = (folder / "dossiers.csv").read_text(encoding="utf-8")
    text = text.replace("HS-4,xa-a,P2,2024-07-03,online,0,0,1,0",
                        "HS-4,xa-a,P2,2024-07-03,online,0,0,1,1")
    (folder / "dossiers.csv").write_text(text, encoding="utf-8")
    procedures = (folder / "procedures.csv").read_text(encoding="utf-8").replace(
        "2024,xa-a,P1,justice,false,false,true,", "2024,xa-a,P1,justice,false,false,false,")
    (folder / "procedures.csv").write_text(procedures, encoding="utf-8")
    result = run_cli("validate", folder)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(lines) == 3  # dossier 4 paid online; dossiers 2 and 3 owe a fee P1 lacks
    assert lines[0].startswith("warning: ")
    assert "dossiers.csv, row 5, column 'paid_online': paid online, but procedure P2 of " \
           "unit xa-a offers no online payment in 2024" in lines[0]
    assert "dòng 5" in lines[0] and "không triển khai thanh toán trực tuyến" in lines[0]
    assert "row 3, column 'payment_required'" in lines[1]
    assert "row 4, column 'payment_required'" in lines[2]
    assert "3 cross-table warnings" in result.stderr and "3 cảnh báo" in result.stderr
    store = tmp_path / "store"
    imported = run_cli("import", folder, "--into", store)
    assert imported.returncode == 0, imported.stderr
    assert "warning: " in imported.stderr
