"""`cchc sample` and `cchc compute` as a user calls them."""

from __future__ import annotations

import csv

import pytest
from conftest import run_cli

HEAD = "unit_id,period,measure_id,numerator,denominator,value,target,gap,met,status,status_basis"


def test_sample_is_byte_identical_for_a_seed(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, "5"), (b, "5"), (c, "6")):
        result = run_cli("sample", "--out", out, "--seed", seed, "--scale", "small")
        assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in a.iterdir())
    assert "SYNTHETIC.md" in names and "units.csv" in names and "dossiers.csv" in names
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
    assert (a / "dossiers.csv").read_bytes() != (c / "dossiers.csv").read_bytes()


def test_compute_writes_one_row_per_unit_and_measure(sample_dir, tmp_path):
    out, scores, contacts = tmp_path / "r.csv", tmp_path / "s.csv", tmp_path / "c.csv"
    result = run_cli("compute", "--data", sample_dir, "--period", "2024Q3", "--out", out,
                     "--scores", scores, "--contacts", contacts)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(HEAD)
    rows = list(csv.DictReader(text.splitlines()))
    units = {r["unit_id"] for r in rows}
    assert len(rows) == len(units) * 26
    assert {r["period"] for r in rows} == {"2024Q3"}
    statuses = {r["status"] for r in rows}
    # since issue 12 the sample's 2024Q3 has no "not_available" row (II.2 is an index,
    # I.2.b counts the procedures offering online payment); every other status shows
    assert statuses >= {"target_achieved", "substantial_progress", "moderate_progress",
                        "limited_progress", "deterioration", "no_data", "not_applicable"}
    assert statuses <= {*statuses, "not_available"}
    assert {r["status_basis"] for r in rows} == {"trend_to_period", "trend_no_period_value",
                                                 "none"}
    assert {r["met"] for r in rows} == {"true", "false", ""}
    for r in rows:
        if r["status"] == "not_applicable":
            assert r["value"] == r["target"] == ""
        elif r["value"]:
            value = float(r["value"])
            assert value == pytest.approx(100 * int(r["numerator"]) / int(r["denominator"]),
                                          abs=1e-3)
            sign = 1 if r["direction"] == "up" else -1  # II.2 is down (an index of 2021)
            gap = max(0.0, sign * (float(r["target"]) - value))
            assert float(r["gap"]) == pytest.approx(gap, abs=1e-3)
            assert r["met"] == ("true" if float(r["gap"]) == 0 else "false")
    names = {r["unit_name"] for r in rows}
    assert "Huyện Bát Xát" in names
    assert scores.read_text(encoding="utf-8").startswith("unit_id,period,kind,id,score,achieved")
    assert contacts.read_text(encoding="utf-8").startswith("unit_id,period,contacts,dossiers")


def test_compute_is_deterministic(sample_dir, tmp_path):
    for name in ("a.csv", "b.csv"):
        assert run_cli("compute", "--data", sample_dir, "--period", "2024",
                       "--out", tmp_path / name).returncode == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


@pytest.mark.parametrize(
    ("period", "needle"), [("2024Q5", "--period"), ("2019", "--period"), ("abc", "--period")])
def test_compute_bad_period(sample_dir, tmp_path, period, needle):
    out = tmp_path / "r.csv"
    result = run_cli("compute", "--data", sample_dir, "--period", period, "--out", out)
    assert result.returncode == 2 and needle in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_compute_bad_file_leaves_nothing(sample_dir, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    lines = (data / "dossiers.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    broken = lines[5].split(",")
    broken[header.index("received_on")] = "31/02/2024"
    lines[5] = ",".join(broken)
    (data / "dossiers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.csv"
    out.write_text("previous", encoding="utf-8")
    result = run_cli("compute", "--data", data, "--period", "2024Q3", "--out", out)
    assert result.returncode == 2
    assert "dossiers.csv, row 6, column 'received_on'" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous"
    assert not list(tmp_path.glob(".r.csv.*"))


def test_compute_missing_folder(tmp_path):
    result = run_cli("compute", "--data", tmp_path / "nope", "--period", "2024",
                     "--out", tmp_path / "r.csv")
    assert result.returncode == 2 and "nope" in result.stderr
