"""The index shown: charts are values (``to_dict``), tables are frames, the workbook's
section and the dashboard's view call the same functions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import vl_convert as vlc
from cchc.apps.dashboard import page as dashboard
from cchc.engine.index import compute_index
from cchc.present import views as wbk
from cchc.present.charts import (
    chart_index_groups,
    chart_index_losses,
    chart_index_trend,
    index_losses,
)
from cchc.present.tables import table_index_losses, table_index_published, table_index_ranking
from cchc.sources.published import load_published_indices
from cchc.spec.indices import load_index

INDEX = load_index("766")


def scores_of(**points: float) -> pd.DataFrame:
    """One unit's rows: the criteria named get (numerator, denominator) for points; the
    others full points; groups and total added up."""
    rows = []
    for c in INDEX.criteria:
        value = points.get(c.id, c.max_points)
        rows.append({"unit_id": "u", "period": "2025-10", "group_id": c.group,
                     "criterion_id": c.id, "numerator": 45, "denominator": 50,
                     "rate": 90.0, "points": value, "max_points": c.max_points, "rank": pd.NA})
    frame = pd.DataFrame(rows)
    groups = frame.groupby("group_id", sort=False).agg(points=("points", "sum"),
                                                        max_points=("max_points", "sum"))
    for g, row in groups.iterrows():
        rows.append({"unit_id": "u", "period": "2025-10", "group_id": g, "criterion_id": "",
                     "numerator": pd.NA, "denominator": pd.NA, "rate": None,
                     "points": row.points, "max_points": row.max_points, "rank": pd.NA})
    rows.append({"unit_id": "u", "period": "2025-10", "group_id": "total", "criterion_id": "",
                 "numerator": pd.NA, "denominator": pd.NA, "rate": None,
                 "points": groups["points"].sum(), "max_points": 100.0, "rank": 1})
    return pd.DataFrame(rows)


def test_the_100_point_bar_has_a_segment_per_group_filled_to_its_points():
    chart = chart_index_groups(scores_of(on_time=12.0, paid_online=4.0), INDEX, "en")
    spec = chart.to_dict()
    data = next(iter(spec["datasets"].values()))
    assert [(d["start"], d["end"], d["earned"]) for d in data] == [
        (0, 18, 18), (18, 38, 30), (38, 50, 50), (50, 60, 54), (60, 82, 82), (82, 100, 100)]
    assert data[1]["text"] == "12.00/20"
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "end"
    assert spec["layer"][1]["encoding"]["x2"]["field"] == "earned"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 100.0]
    assert spec["title"]["subtitle"][0] == "Total: 86.00/100"


def test_where_points_are_lost_largest_first_with_what_full_points_need():
    rows = scores_of(on_time=12.0, paid_online=4.0, reused_data=1.5)
    rows.loc[rows["criterion_id"] == "on_time", ["numerator", "denominator", "rate"]] = [
        30, 50, 60.0]
    rows.loc[rows["criterion_id"] == "reused_data", ["numerator", "denominator", "rate"]] = [
        30, 50, 60.0]
    losses = index_losses(rows, INDEX, "en")
    assert losses["criterion_id"].tolist() == ["on_time", "paid_online", "reused_data"]
    assert losses["lost"].tolist() == [8.0, 6.0, 0.5]
    # linear: full points need every dossier on time (20 more of 50); threshold 80 %:
    # 40 of 50, 10 more
    assert losses["need"].tolist()[0] == "needs ≥ 100 % (20 more dossiers)"
    assert losses["need"].tolist()[2] == "needs ≥ 80 % (10 more dossiers)"
    spec = chart_index_losses(rows, INDEX, "en").to_dict()
    data = next(iter(spec["datasets"].values()))
    assert [d["lost"] for d in data] == [8.0, 6.0, 0.5]
    assert spec["layer"][0]["encoding"]["y"]["sort"] == [d["criterion"] for d in data]
    table = table_index_losses(rows, INDEX, "vi")
    assert table.iloc[0].tolist() == ["Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
                                      "Tiến độ, kết quả giải quyết", "60,0", "12,00/20", "8,00",
                                      "cần ≥ 100 % (thêm 20 hồ sơ)"]


def test_nothing_to_count_says_so():
    rows = scores_of(paid_online=0.0)
    rows.loc[rows["criterion_id"] == "paid_online", ["numerator", "denominator", "rate"]] = [
        0, 0, None]
    assert index_losses(rows, INDEX, "en")["need"].tolist() == ["nothing to count, so 0 points"]


def test_the_ranking_table_lists_a_level_by_rank():
    scores = pd.concat([scores_of(on_time=10.0).assign(unit_id="a", rank=2),
                        scores_of().assign(unit_id="b", rank=1)])
    table = table_index_ranking(scores, INDEX, {"a": "Xã A", "b": "Xã B"}, "en", highlight="a")
    assert table.iloc[:, :4].values.tolist() == [["", "1", "Xã B", "100.00"],
                                                 ["●", "2", "Xã A", "90.00"]]
    assert table.columns[5] == "Progress and results (20)"


def test_the_published_figures_beside_the_computed_ones():
    table = table_index_published(load_published_indices(), {"2024-10": 77.52}, "en")
    assert table.iloc[:, :4].values.tolist() == [
        ["Lào Cai", "2023-09", "78.70", "—"], ["Lào Cai", "2024-10", "84.54", "77.52"],
        ["Lào Cai (merged province)", "2025-07", "78.96", "—"]]
    assert table.iloc[2, 6].startswith("https://")


def test_the_monthly_trend_is_stacked_by_group(sample_data):
    evaluation = compute_index(sample_data, INDEX, "2024Q4", trend=True)
    rows = evaluation.trend[evaluation.trend["unit_id"] == "bat-xat"]
    spec = chart_index_trend(rows, INDEX, "vi").to_dict()
    assert spec["layer"][0]["encoding"]["y"]["stack"] == "zero"
    assert spec["layer"][0]["encoding"]["x"]["sort"][-1] == "2024-12"
    assert len(spec["layer"][0]["encoding"]["x"]["sort"]) == 48
    vlc.vegalite_to_svg(spec)  # renders offline


def test_empty_input_gives_no_data_charts():
    empty = pd.DataFrame()
    for chart in (chart_index_groups(empty, INDEX), chart_index_losses(empty, INDEX),
                  chart_index_trend(empty, INDEX)):
        assert chart.to_dict()["mark"]["type"] == "text"


# --------------------------------------------------------------------------- workbook, dashboard


def test_the_workbook_section(sample_dir: Path):
    wb = wbk.open_workbook("bat-xat", "2024Q4", sample_dir, "en")
    heading = wbk.show_index_heading(wb).data
    assert "Decision 766" in heading and "Records up to 2024-12-31" in heading
    assert "No data" not in heading  # the sample has every criterion
    for chart in (wbk.chart_index_groups(wb), wbk.chart_index_losses(wb),
                  wbk.chart_index_trend(wb)):
        assert chart.to_dict()["title"]["subtitle"]
    ranking = wbk.show_index_ranking(wb).data
    assert "Huyện Bát Xát" in ranking and "Huyện Si Ma Cai" in ranking and "●" in ranking
    assert "Xã" not in ranking  # districts only
    published = wbk.show_index_published(wb).data
    assert "84.54" in published and "baolaocai.vn" in published
    assert "<table" in wbk.show_index_losses(wb).data


def test_a_period_the_records_do_not_reach_is_said_not_raised(sample_dir: Path, tmp_path):
    folder = tmp_path / "no-dossiers"
    folder.mkdir()
    for file in sample_dir.iterdir():
        if file.stem not in ("dossiers", "complaints", "ratings"):
            (folder / file.name).write_bytes(file.read_bytes())
    wb = wbk.open_workbook("lao-cai", "2024Q4", folder, "en")
    assert "cchc-error" not in wbk.show_index_heading(wb).data  # the catalogue still counts
    assert wbk.chart_index_groups(wb).to_dict()["title"]["text"] == "Points by group"


def test_the_dashboard_shows_the_index_below_the_trends(sample_dir: Path):
    dash = dashboard.open_dashboard(sample_dir, query="unit_id=bat-xat&period=2024Q4")
    assert isinstance(dash, dashboard.Dashboard)
    assert "Bộ chỉ số phục vụ người dân" in dash.index_heading.value
    for name in ("index_groups", "index_losses", "index_trend"):
        view = dash.views[name]
        assert view.box.layout.display != "none" and view.widget.spec is not None, name
    assert "Huyện Si Ma Cai" in dash.index_ranking.value
    assert "84,54" in dash.index_published.value
    children = dash.body.children
    assert children.index(dash.index_heading) > children.index(dash.views["trends"].box)
