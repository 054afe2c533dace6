from __future__ import annotations

import pandas as pd
from cchc.apps.diff import compute_diff
from cchc.sources.summaries import load_summary
from conftest import run_cli

COLUMNS = ["unit_id", "period", "measure_id", "numerator", "denominator", "value", "target",
           "gap", "status", "unit_name"]


def _summary(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


A = _summary([
    ("lao-cai", "2024Q2", "I.1.a", 70, 100, 70.0, 80, 10, "moderate_progress", "Tỉnh Lào Cai"),
    ("lao-cai", "2024Q2", "I.2.a", 90, 100, 90.0, 80, 0, "target_achieved", "Tỉnh Lào Cai"),
    ("bat-xat", "2024Q2", "I.1.a", 50, 100, 50.0, 80, 30, "limited_progress", "Huyện Bát Xát"),
    ("xa-cu", "2024Q2", "I.1.a", 5, 10, 50.0, 80, 30, "limited_progress", "Xã Cũ"),
])


def test_identical_summaries_have_no_difference():
    assert compute_diff(A, A.copy()).empty


def test_kinds_and_order():
    b = A.copy()
    b.loc[1, ["value", "status"]] = [60.0, "deterioration"]  # achieved → deterioration
    b.loc[2, ["value", "status"]] = [79.0, "substantial_progress"]  # better
    b.loc[0, "value"] = 70.02  # within tolerance: ignored
    b = b[b["unit_id"] != "xa-cu"]
    b = pd.concat([b, _summary([("xa-moi", "2024Q3", "I.1.a", 1, 2, 50.0, 80, 30,
                                 "not_available", "Xã Mới")])])
    diff = compute_diff(A, b, tolerance=0.05)
    assert diff["kind"].tolist() == ["status_worse", "status_better", "unit_removed",
                                     "unit_added"]
    worse = diff.iloc[0]
    assert (worse["unit_id"], worse["measure_id"], worse["status_a"], worse["status_b"]) == (
        "lao-cai", "I.2.a", "target_achieved", "deterioration")
    assert worse["delta"] == -30.0


def test_value_changes_beyond_tolerance_largest_first():
    b = A.copy()
    b.loc[0, "value"] = 71.0
    b.loc[2, "value"] = 55.0
    diff = compute_diff(A, b, tolerance=0.5)
    assert diff["kind"].tolist() == ["value_changed", "value_changed"]
    assert diff["unit_id"].tolist() == ["bat-xat", "lao-cai"]


def test_measure_appears(tmp_path):
    b = pd.concat([A, _summary([("bat-xat", "2024Q3", "I.2.a", 1, 2, 50.0, 80, 30,
                                 "limited_progress", "Huyện Bát Xát")])])
    diff = compute_diff(A, b)
    assert diff["kind"].tolist() == ["measure_added"]


def test_cli_exit_codes_and_formats(tmp_path):
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    A.to_csv(a_dir / "summary.csv", index=False)
    A.to_csv(b_dir / "summary.csv", index=False)
    same = run_cli("diff", a_dir, b_dir)
    assert same.returncode == 0, same.stderr
    assert "no differences" in same.stdout
    b = A.copy()
    b.loc[0, "status"] = "substantial_progress"
    b.to_csv(b_dir / "summary.csv", index=False)
    changed = run_cli("diff", a_dir, b_dir, "--format", "csv")
    assert changed.returncode == 1
    assert changed.stdout.splitlines()[0].startswith("kind,unit_id,unit_name,measure_id")
    assert "status_better,lao-cai,Tỉnh Lào Cai,I.1.a" in changed.stdout
    md = run_cli("diff", a_dir, b_dir, "--format", "md", "--lang", "en")
    assert md.returncode == 1 and md.stdout.startswith("# Differences from ")
    assert "## Differences by kind" in md.stdout and "| Trend better | 1 |" in md.stdout
    table = run_cli("diff", a_dir, b_dir)
    assert table.returncode == 1 and "Xu hướng tốt lên" in table.stdout


def test_cli_errors(tmp_path):
    missing = run_cli("diff", tmp_path / "nope", tmp_path / "nope2")
    assert missing.returncode == 2
    assert "summary.csv" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "bad.csv").write_text("unit_id,value\nx,1\n", encoding="utf-8")
    bad = run_cli("diff", tmp_path / "bad.csv", tmp_path / "bad.csv")
    assert bad.returncode == 2 and "measure_id" in bad.stderr
    fmt = run_cli("diff", tmp_path, tmp_path, "--format", "xml")
    assert fmt.returncode == 2 and "--format" in fmt.stderr


def test_load_summary_rejects_duplicates(tmp_path):
    import pytest
    from cchc.errors import SourceError

    pd.concat([A, A.iloc[:1]]).to_csv(tmp_path / "s.csv", index=False)
    with pytest.raises(SourceError) as err:
        load_summary(tmp_path / "s.csv")
    assert "row 6" in str(err.value)


def _meaning(frame, met, basis):
    return frame.assign(met=met, status_basis=basis)


def test_met_flips_come_first_and_status_moves_only_on_the_same_basis():
    a = _meaning(A, ["false", "true", "false", "false"],
                 ["trend_to_period", "trend_to_period", "trend_to_period", "single_year"])
    b = a.copy()
    # lao-cai I.1.a: 70 → 85 against 80, met gained; its trend status moves on the
    # same basis (moderate → substantial): better
    b.loc[0, ["value", "met", "status"]] = [85.0, "true", "substantial_progress"]
    # lao-cai I.2.a: 90 → 75, met lost; the trend status stays achieved (its basis too)
    b.loc[1, ["value", "met"]] = [75.0, "false"]
    # bat-xat I.1.a: no value this period now; the status comes from earlier years
    # (another basis): a change, not "worse" — and the value disappeared
    b.loc[2, ["value", "met", "status", "status_basis"]] = [
        None, None, "deterioration", "trend_no_period_value"]
    # xa-cu I.1.a: single_year → trend_to_period, limited → substantial: a change of basis
    b.loc[3, ["status", "status_basis"]] = ["substantial_progress", "trend_to_period"]
    diff = compute_diff(a, b)
    assert diff[["kind", "unit_id"]].values.tolist() == [
        ["met_lost", "lao-cai"], ["met_gained", "lao-cai"],
        ["status_better", "lao-cai"],
        ["status_changed", "xa-cu"], ["status_changed", "bat-xat"],  # 2 steps, then 1
        ["value_disappeared", "bat-xat"], ["value_changed", "lao-cai"]]
    lost = diff.iloc[0]
    assert (lost["met_a"], lost["met_b"], lost["status_basis_b"]) == (
        True, False, "trend_to_period")


def test_values_that_appear_or_disappear_are_their_own_kinds():
    b = A.copy()
    b.loc[0, "value"] = None
    a = A.copy()
    a.loc[2, "value"] = None
    diff = compute_diff(a, b)
    assert diff[["kind", "unit_id"]].values.tolist() == [
        ["value_disappeared", "lao-cai"], ["value_appeared", "bat-xat"]]


def test_met_and_basis_read_back_from_csv(tmp_path):
    a = _meaning(A, ["false", "true", "", "false"], "trend_to_period")
    b = a.copy()
    b.loc[1, "met"] = "false"
    a.to_csv(tmp_path / "a.csv", index=False)
    b.to_csv(tmp_path / "b.csv", index=False)
    diff = compute_diff(load_summary(tmp_path / "a.csv"), load_summary(tmp_path / "b.csv"))
    assert diff["kind"].tolist() == ["met_lost"]
    # an older summary without the columns: no met flips, statuses compared as before
    assert compute_diff(A, A.copy()).empty


def _runs(tmp_path, a, b):
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    for folder, frame in ((a_dir, a), (b_dir, b)):
        folder.mkdir()
        frame.to_csv(folder / "summary.csv", index=False)
    return a_dir, b_dir


def _many_changes():
    a = _meaning(A, ["false", "true", "false", "false"], "trend_to_period")
    b = a.copy()
    b.loc[1, ["value", "met"]] = [75.0, "false"]  # met lost, 90 → 75
    b.loc[2, ["value", "status"]] = [79.0, "substantial_progress"]  # better, +29
    b.loc[3, "value"] = 52.04  # value changed, +2.04
    return a, b


def test_the_diff_in_one_screen_starts_with_the_counts_in_either_language(tmp_path):
    a_dir, b_dir = _runs(tmp_path, *_many_changes())
    vi = run_cli("diff", a_dir, b_dir, "--lang", "vi")
    assert vi.returncode == 1, vi.stderr
    lines = [line.strip(" │|┃") for line in vi.stdout.splitlines() if line.strip()]
    assert lines[0].startswith("Khác biệt từ ")
    assert lines[1] == "Số khác biệt theo loại"
    body = vi.stdout
    # the counts come before any row, each kind once, then the total
    counts = body.index("Không còn đạt mục tiêu năm")
    assert counts < body.index("Những thay đổi đáng chú ý")
    for word, n in (("Không còn đạt mục tiêu năm", 1), ("Xu hướng tốt lên", 1),
                    ("Giá trị thay đổi", 2), ("Tổng cộng", 4)):
        row = next(line for line in body.splitlines() if word in line)
        assert row.split()[-2:][-1].strip("│┃") == str(n) or f" {n} " in row, row
    # the rows: names, status words, one decimal in the language's way
    assert "Tỉnh Lào Cai" in body and "I.2.a — " in body
    assert "Đạt (90,0)" in body and "Chưa đạt (75,0)" in body and "−15,0" in body
    assert "Tiến bộ hạn chế" in body and "Tiến bộ đáng kể" in body  # cells may wrap
    en = run_cli("diff", a_dir, b_dir, "--lang", "en")
    assert en.returncode == 1
    assert en.stdout.splitlines()[1].strip() == "Differences by kind"
    assert "No longer meets this year's target" in en.stdout and "Met (90.0)" in en.stdout
    assert "+2.0" in en.stdout
    # exit codes unchanged: same runs give 0
    same = run_cli("diff", a_dir, a_dir)
    assert same.returncode == 0


def test_the_text_fits_the_width_and_says_how_many_rows_it_left_out():
    from cchc.apps.diff import to_text

    a, b = _many_changes()
    text = to_text(compute_diff(a, b), "en", width=72, a="2024Q2", b="2024Q3")
    assert max(len(line) for line in text.splitlines()) <= 72
    assert text.splitlines()[0] == "Differences from 2024Q2 to 2024Q3"
    many = pd.concat([A.assign(unit_id=A["unit_id"] + f"-{i}") for i in range(20)])
    moved = many.assign(value=many["value"] + 1)
    text = to_text(compute_diff(many, moved), "vi", width=120)
    assert "… và 70 dòng khác (--format csv để xem tất cả)" in text
