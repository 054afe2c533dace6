"""Charts are values: assert on ``chart.to_dict()``; check they convert to SVG offline."""

from __future__ import annotations

import json
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from cchc import paths
from cchc.errors import ParameterError
from cchc.present import charts, render, theme
from cchc.present.charts import (
    UNIT_PICK,
    chart_bullet,
    chart_contacts,
    chart_group_scores,
    chart_heatmap,
    chart_published_indices,
    chart_ranking,
    chart_status_summary,
    chart_trend,
    chart_trends,
    target_schedule,
)
from cchc.present.labels import label, status_label
from cchc.spec.statuses import STATUS_ORDER

NAN = math.nan
UNITS = {"bat-xat": "Bát Xát", "bac-ha": "Bắc Hà", "sa-pa": "TX Sa Pa"}


def make_results() -> pd.DataFrame:
    """Two districts × five measures, one of every kind of status."""
    ids = ["I.4.c", "I.1.a", "I.3.a", "IV.5.a", "II.1.a"]  # not in catalogue order
    return pd.DataFrame(
        {
            "unit_id": ["bat-xat"] * 5 + ["bac-ha"] * 5,
            "period": "2024Q3",
            "measure_id": ids * 2,
            "value": [30.0, 85.0, 55.0, NAN, NAN, 45.0, 60.0, 70.0, 90.0, NAN],
            "target": [50.0, 80.0, 80.0, 80.0, NAN, 50.0, 80.0, 80.0, 80.0, NAN],
            "gap": [20.0, 0.0, 25.0, NAN, NAN, 5.0, 20.0, 10.0, 0.0, NAN],
            "status": [
                "deterioration",
                "target_achieved",
                "moderate_progress",
                "no_data",
                "not_applicable",
                "not_available",
                "limited_progress",
                "substantial_progress",
                "target_achieved",
                "not_applicable",
            ],
            "unit_name": ["Bát Xát"] * 5 + ["Bắc Hà"] * 5,
            "level": "district",
            "group_id": ["I", "I", "I", "IV", "II"] * 2,
            "indicator_id": ["I.4", "I.1", "I.3", "IV.5", "II.1"] * 2,
            "direction": "up",
            "final_target": [50.0, 80.0, 100.0, 80.0, NAN] * 2,
            "milestone": [40.0, 75.0, 80.0, NAN, NAN] * 2,
            "ratio": [-0.3, 1.2, 0.7, NAN, NAN, NAN, 0.3, 1.0, 1.5, NAN],
            "score": [-4.0, 5.0, 1.0, NAN, NAN, NAN, -1.0, 3.0, 5.0, NAN],
            "projection": [20.0, 95.0, 88.0, NAN, NAN, NAN, 70.0, 101.0, 99.0, NAN],
            "projection_meets_target": pd.array(
                [False, True, False, None, None, None, False, True, True, None], dtype="boolean"
            ),
            "base_year": pd.array(
                [2021, 2021, 2021, None, None, 2024, 2021, 2021, 2021, None], dtype="Int64"
            ),
            "base_value": [35.0, 40.0, 20.0, NAN, NAN, 45.0, 50.0, 30.0, 60.0, NAN],
        }
    )


def make_series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": "bat-xat",
            "measure_id": ["I.1.a"] * 4 + ["I.3.a"] * 4 + ["I.4.c"] * 4,
            "year": [2021, 2022, 2023, 2024] * 3,
            "numerator": [40, 60, 70, 85, 20, 30, 45, 55, 35, 33, 31, 30],
            "denominator": 100,
            "value": [40.0, 60.0, 70.0, 85.0, 20.0, 30.0, 45.0, 55.0, 35.0, 33.0, 31.0, 30.0],
        }
    )


def make_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["bat-xat"] * 4 + ["bac-ha"] * 4,
            "period": "2024Q3",
            "kind": ["overall", "group", "group", "indicator"] * 2,
            "id": ["all", "I", "IV", "I.1", "all", "I", "IV", "I.1"],
            "score": [0.7, 0.7, NAN, 5.0, 2.3, 1.0, 5.0, -1.0],
            "achieved": [False, False, False, True, False, False, True, False],
            "measures": [4, 3, 1, 1, 4, 3, 1, 1],
        }
    )


def make_contacts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": "bat-xat",
            "period": "2024Q3",
            "contacts": ["3+", "2", "1", "0"],  # shuffled: the chart orders them
            "dossiers": [10, 40, 150, 800],
            "total": 1000,
            "share": [1.0, 4.0, 15.0, 80.0],
        }
    )


def make_published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "index": ["PAR INDEX", "PAR INDEX", "SIPAS", "PAPI", "Decision 766 service index"],
            "scope": ["Lào Cai", "Lào Cai", "Lào Cai", "Lào Cai", "Bát Xát (district)"],
            "period": ["2021", "2019", "2024", "2020", "2024-10"],
            "value": [88.44, 82.85, 84.92, 42.96, 90.04],
            "max": [100, 100, 100, 80, 100],
            "rank": [11, 15, 19, 27, 1],
            "of": [63, 63, 63, 63, 9],
            "components": ["up 3 places", "appraisal 52.90", NAN, "8 dimensions", "September 88.1"],
            "source": [
                "https://example.org/par-2021",
                "https://example.org/par-2019",
                "https://example.org/sipas-2024",
                "https://example.org/papi-2020",
                "https://example.org/d766",
            ],
        }
    )


def unit(frame: pd.DataFrame, unit_id: str = "bat-xat") -> pd.DataFrame:
    return frame[frame["unit_id"] == unit_id]


def rows(spec: dict) -> list[dict]:
    """The inline data rows of a chart spec (Altair puts them in ``datasets``)."""
    return spec["datasets"][spec["data"]["name"]]


def layer_marks(spec: dict) -> list[str]:
    return [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec["layer"]
    ]


def all_charts(lang: str = "vi") -> dict[str, alt.TopLevelMixin]:
    results, series = make_results(), make_series()
    return {
        "status_summary": chart_status_summary(unit(results), lang),
        "bullet": chart_bullet(unit(results), lang),
        "trend": chart_trend(series[series["measure_id"] == "I.1.a"], unit(results).iloc[1], lang),
        "trends": chart_trends(series, unit(results), lang),
        "ranking": chart_ranking(results, lang, highlight="bat-xat", measure_id="I.1.a"),
        "ranking_scores": chart_ranking(make_scores(), lang, highlight="bac-ha", names=UNITS),
        "heatmap": chart_heatmap(results, lang),
        "group_scores": chart_group_scores(make_scores(), lang, names=UNITS),
        "contacts": chart_contacts(make_contacts(), lang),
        "published_indices": chart_published_indices(make_published(), lang),
    }


# --- theme ---------------------------------------------------------------------------------


def test_theme_is_registered_and_enabled():
    assert theme.THEME in alt.theme.names()
    assert alt.theme.active == "cchc"
    config = chart_status_summary(unit(make_results())).to_dict()["config"]
    assert config["font"] == theme.FONT
    assert config["title"]["anchor"] == "start"
    assert config["range"]["category"] == list(theme.OKABE_ITO)


def test_status_colours_cover_every_status_and_differ():
    assert list(theme.STATUS_COLOURS) == list(STATUS_ORDER)
    assert len(set(theme.STATUS_COLOURS.values())) == len(STATUS_ORDER)
    assert set(theme.STATUS_TEXT_COLOURS) == set(STATUS_ORDER)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_status_scale(lang):
    scale = theme.status_scale(lang).to_dict()
    assert scale["domain"] == [status_label(s, lang) for s in STATUS_ORDER]
    assert scale["range"] == [theme.STATUS_COLOURS[s] for s in STATUS_ORDER]
    assert scale["range"][0] == "#0072B2"  # achieved: Okabe–Ito blue


# --- status summary -------------------------------------------------------------------------


def test_status_summary_counts_applicable_measures_by_status():
    spec = chart_status_summary(unit(make_results())).to_dict()
    assert layer_marks(spec) == ["bar", "text"]
    data = rows(spec)
    expected = [s for s in STATUS_ORDER if s != "not_applicable"]
    assert [r["status"] for r in data] == expected
    counts = {r["status"]: r["count"] for r in data}
    assert counts == {
        "target_achieved": 1,
        "substantial_progress": 0,
        "moderate_progress": 1,
        "limited_progress": 0,
        "deterioration": 1,
        "not_available": 0,
        "no_data": 1,
    }
    bar = spec["layer"][0]["encoding"]
    assert bar["y"]["field"] == "status_label"
    assert bar["y"]["sort"] == [status_label(s, "vi") for s in expected]
    assert bar["x"]["field"] == "count" and bar["x"]["type"] == "quantitative"
    assert bar["color"]["scale"] == theme.status_scale("vi").to_dict()
    assert spec["title"]["text"] == "Số chỉ số theo tình trạng"
    assert "Chỉ số áp dụng: 4" in spec["title"]["subtitle"]


def test_status_summary_in_english():
    spec = chart_status_summary(unit(make_results()), "en").to_dict()
    assert spec["title"]["text"] == "Measures by status"
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == "Target achieved"
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Number of measures"


# --- bullet ----------------------------------------------------------------------------------


def test_bullet_has_value_bars_target_ticks_and_measures_in_catalogue_order():
    spec = chart_bullet(unit(make_results().assign(met=MET))).to_dict()
    assert layer_marks(spec) == ["bar", "tick", "tick", "text", "square", "text", "text"]
    data = rows(spec)
    assert [r["measure_id"] for r in data] == ["I.1.a", "I.3.a", "I.4.c", "IV.5.a"]
    assert data[0]["measure"] == "I.1.a — Luân chuyển hồ sơ điện tử"
    bar, target, final, missing, square, words, _ = (layer["encoding"] for layer in spec["layer"])
    assert bar["y"]["sort"] == [r["measure"] for r in data]
    assert bar["x"]["field"] == "value" and bar["x"]["scale"]["domain"] == [0, 100]
    # two marks, each coloured by what it says: the bar by this period (met) …
    assert bar["color"]["field"] == "met_label"
    assert bar["color"]["scale"] == theme.met_scale("vi").to_dict()
    assert bar["color"]["legend"]["title"] == "Kỳ này"
    assert [r["met_label"] for r in data] == ["Đạt", "Chưa đạt", "Chưa đạt", "Không xác định"]
    # … the trend by its status, on its own scale (fill) and legend
    assert square["fill"]["field"] == "status_label"
    assert square["fill"]["scale"]["range"] == [theme.STATUS_COLOURS[s] for s in STATUS_ORDER]
    assert square["fill"]["legend"]["title"] == "Xu hướng 2021 → nay"
    assert words["text"]["field"] == "trend_label"
    assert target["x"]["field"] == "target"
    assert final["x"]["field"] == "final_shown"
    assert [r["final_shown"] for r in data] == [None, 100.0, None, None]  # only I.3.a differs
    assert missing["text"]["field"] == "missing_text"
    assert [r["missing_text"] for r in data] == [None, None, None, "kỳ này chưa có số liệu"]
    titles = [t["title"] for t in bar["tooltip"]]
    assert titles == [
        "Chỉ số",
        "Giá trị (%)",
        "Mục tiêu năm (%)",
        "Mục tiêu 2025 (%)",
        "Còn thiếu (điểm %)",
        "Kỳ này",
        "Xu hướng 2021 → nay",
    ]
    assert data[1]["value_text"] == "55,0" and data[1]["gap_text"] == "25,0"
    assert spec["title"] == {"text": "Giá trị so với mục tiêu", "subtitle": "Bát Xát · 2024Q3"}


def test_bullet_flags_a_trend_kept_without_a_value_for_the_period():
    results = unit(make_results()).assign(
        met=[None, True, False, None, None],
        value=[NAN, 85.0, 55.0, NAN, NAN],
        status_basis=["trend_no_period_value", "trend_to_period", "trend_to_period", "none",
                      "none"])
    data = rows(chart_bullet(results, "en").to_dict())
    # I.4.c has no value this period: its trend is kept and says so
    assert data[2]["measure_id"] == "I.4.c"
    assert data[2]["trend_label"] == "Deterioration (no value this period)"
    assert data[2]["missing_text"] == "no value this period"
    assert data[1]["trend_label"] == "Moderate progress (acceleration needed)"


def test_bullet_in_english():
    spec = chart_bullet(unit(make_results()), "en").to_dict()
    data = rows(spec)
    assert data[0]["measure"] == "I.1.a — Electronic internal transfer"
    assert data[1]["value_text"] == "55.0"
    assert spec["title"]["text"] == "Value against target"


def test_bullet_widens_the_axis_for_values_beyond_100():
    results = unit(make_results()).assign(value=[130.0, 85.0, 55.0, NAN, NAN])
    spec = chart_bullet(results).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 130]


# --- trend -----------------------------------------------------------------------------------


def trend_data(spec: dict) -> dict[str, list[tuple[int, float]]]:
    out: dict[str, list[tuple[int, float]]] = {}
    for r in rows(spec):
        out.setdefault(r["series_key"], []).append((r["year"], r["value"]))
    return out


def test_trend_draws_values_straight_target_path_and_projection():
    results, series = unit(make_results()), make_series()
    row = results[results["measure_id"] == "I.1.a"].iloc[0]
    spec = chart_trend(series[series["measure_id"] == "I.1.a"], row).to_dict()
    assert layer_marks(spec) == ["line", "point"]
    lines = trend_data(spec)
    assert lines["actual"] == [(2021, 40.0), (2022, 60.0), (2023, 70.0), (2024, 85.0)]
    assert lines["target_path"] == [(2021, 40.0), (2025, 80.0)]
    assert lines["projection"] == [(2024, 85.0), (2025, 95.0)]
    line = spec["layer"][0]["encoding"]
    assert line["x"]["field"] == "year" and line["x"]["scale"]["domain"] == [
        2021,
        2022,
        2023,
        2024,
        2025,
    ]
    domain = ["Thực hiện", "Lộ trình mục tiêu", "Dự báo đến 2025"]
    assert line["color"]["scale"]["domain"] == domain
    assert line["strokeDash"]["scale"]["domain"] == domain
    assert line["strokeDash"]["scale"]["range"] == [[1, 0], [2, 3], [6, 4]]
    assert spec["title"]["text"] == "I.1.a — Luân chuyển hồ sơ điện tử"
    assert spec["title"]["subtitle"] == [
        "Bát Xát · 2024Q3",
        "Đã đạt mục tiêu",
        "Mốc năm (%): 75,0 · Mục tiêu 2025 (%): 80,0 · Dự báo 2025 (%): 95,0",
    ]


def test_trend_follows_a_schedule_when_given():
    results, series = unit(make_results()), make_series()
    row = results[results["measure_id"] == "I.3.a"].iloc[0]
    schedule = target_schedule(None, "I.3.a", "district")
    assert schedule == {2021: 20.0, 2022: 40.0, 2023: 60.0, 2024: 80.0, 2025: 100.0}
    spec = chart_trend(
        series[series["measure_id"] == "I.3.a"], row, "en", schedule=schedule
    ).to_dict()
    assert trend_data(spec)["target_path"] == sorted(schedule.items())
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "Actual",
        "Target path",
        "Projection to 2025",
    ]


def test_target_schedule_is_none_for_a_final_target_only():
    assert target_schedule(None, "I.1.a", "district") is None
    assert target_schedule(None, "I.3.a", "department") == {
        2021: 30.0,
        2022: 50.0,
        2023: 70.0,
        2024: 90.0,
        2025: 100.0,
    }


def test_trend_accepts_a_plain_mapping_and_falls_back_to_the_first_value():
    series = make_series()
    row = {"measure_id": "I.4.c", "final_target": 50.0, "projection": None}
    spec = chart_trend(series[series["measure_id"] == "I.4.c"], row, "en").to_dict()
    lines = trend_data(spec)
    assert lines["target_path"] == [(2021, 35.0), (2025, 50.0)]
    assert "projection" not in lines


def test_trends_are_small_multiples_in_catalogue_order_with_one_legend():
    spec = chart_trends(make_series(), unit(make_results())).to_dict()
    panels = spec["facet"]["sort"]
    assert [p.split(" — ")[0] for p in panels] == ["I.1.a", "I.3.a", "I.4.c"]
    assert panels[0].split("\n")[1] == "Đã đạt mục tiêu"  # the status under the name
    assert spec["columns"] == 3
    assert spec["spec"]["layer"][0]["encoding"]["color"]["legend"]["symbolType"] == "stroke"
    points = spec["datasets"][spec["data"]["name"]]
    i3 = [r["value"] for r in points
          if r["panel"].startswith("I.3.a") and r["series_key"] == "target_path"]
    assert i3 == [20.0, 40.0, 60.0, 80.0, 100.0]  # the district schedule
    # IV.5.a has no value: named, not drawn as an empty box
    assert spec["title"] == {"text": "Diễn biến các chỉ số",
                             "subtitle": ["Bát Xát · 2024Q3", "Không có dữ liệu: IV.5.a"]}


def test_trends_of_one_group_without_data_say_so():
    spec = chart_trends(make_series(), unit(make_results()), "en", group="IV").to_dict()
    assert spec["mark"]["type"] == "text"
    assert spec["title"]["subtitle"][1:] == ["Group IV: E-government and digital government",
                                             "No data: IV.5.a"]


# --- ranking ----------------------------------------------------------------------------------


def test_ranking_by_value_highlights_the_unit():
    spec = chart_ranking(make_results(), highlight="bat-xat", measure_id="I.1.a").to_dict()
    data = rows(spec)
    assert [(r["unit"], r["rank"]) for r in data] == [("Bát Xát", 1), ("Bắc Hà", 2)]
    bar = spec["layer"][0]["encoding"]
    assert bar["y"]["sort"] == ["Bát Xát", "Bắc Hà"]
    assert bar["color"]["condition"]["test"] == {"field": "unit_id", "equal": "bat-xat"}
    assert bar["color"]["condition"]["value"] == theme.HIGHLIGHT
    assert bar["color"]["value"] == theme.MUTED
    assert layer_marks(spec) == ["bar", "tick", "text"]
    assert spec["title"]["text"] == "Xếp hạng: I.1.a — Luân chuyển hồ sơ điện tử"


def test_ranking_by_overall_score_with_names():
    spec = chart_ranking(make_scores(), "en", highlight="bac-ha", names=UNITS).to_dict()
    data = rows(spec)
    assert [(r["unit"], r["value"]) for r in data] == [("Bắc Hà", 2.3), ("Bát Xát", 0.7)]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [-5, 5]
    assert spec["title"]["text"] == "Ranking: Overall score"


def test_ranking_by_group_score_leaves_out_missing_scores():
    spec = chart_ranking(make_scores(), group="IV", names=UNITS).to_dict()
    assert [r["unit"] for r in rows(spec)] == ["Bắc Hà"]


def test_ranking_ties_share_a_rank_and_sort_by_name():
    results = make_results().assign(value=85.0)
    data = rows(chart_ranking(results, measure_id="I.1.a").to_dict())
    assert [(r["unit"], r["rank"]) for r in data] == [("Bát Xát", 1), ("Bắc Hà", 1)]


def test_ranking_needs_a_measure_when_there_are_several():
    with pytest.raises(ParameterError, match="parameter measure_id"):
        chart_ranking(make_results())


# --- heatmap ------------------------------------------------------------------------------------


#: ``met`` of make_results' rows: this period's value against this year's target.
MET = [False, True, False, None, None, False, False, False, True, None]


def test_heatmap_units_in_given_order_measures_in_catalogue_order():
    results = make_results().assign(met=MET)
    spec = chart_heatmap(results).to_dict()
    cells, text = (layer["encoding"] for layer in spec["layer"])
    assert layer_marks(spec) == ["rect", "text"]
    assert cells["y"]["sort"] == ["Bát Xát", "Bắc Hà"]
    assert cells["x"]["field"] == "measure_id"
    assert cells["x"]["sort"] == ["I.1.a", "I.3.a", "I.4.c", "II.1.a", "IV.5.a"]
    # a cell is coloured by this period (met), never by the trend: 85 against 80 is blue
    assert cells["color"]["field"] == "met_label"
    assert cells["color"]["scale"] == {
        "domain": ["Đạt", "Chưa đạt", "Không xác định", "Không áp dụng"],
        "range": ["#0072B2", "#B2182B", "#BDBDBD", "#E6E6E6"]}
    assert [t["title"] for t in cells["tooltip"]][-2:] == ["Kỳ này", "Xu hướng 2021 → nay"]
    assert text["text"]["field"] == "cell_text"
    assert text["color"] == {"field": "text_colour", "type": "nominal", "scale": None}
    data = {(r["unit_id"], r["measure_id"]): r for r in rows(spec)}
    assert data[("bat-xat", "I.3.a")]["cell_text"] == "55,0"
    assert data[("bat-xat", "IV.5.a")]["cell_text"] == "—"  # no data
    assert data[("bat-xat", "II.1.a")]["cell_text"] == ""  # not applicable
    assert data[("bat-xat", "I.1.a")]["text_colour"] == "#FFFFFF"
    assert data[("bat-xat", "I.1.a")]["met_label"] == "Đạt"
    assert data[("bat-xat", "I.4.c")]["met_label"] == "Chưa đạt"
    assert data[("bat-xat", "I.4.c")]["status_label"] == "Đi xuống"  # the trend, in the tooltip
    assert data[("bat-xat", "II.1.a")]["met_label"] == "Không áp dụng"
    reversed_spec = chart_heatmap(results.iloc[::-1]).to_dict()
    assert reversed_spec["layer"][0]["encoding"]["y"]["sort"] == ["Bắc Hà", "Bát Xát"]


def test_heatmap_carries_the_unit_pick_selection():
    spec = chart_heatmap(make_results()).to_dict()
    assert spec["params"] == [
        {
            "name": UNIT_PICK,
            "select": {"type": "point", "fields": ["unit_id", "measure_id"]},
            "views": ["heatmap_cells"],
        }
    ]
    assert spec["layer"][0]["name"] == "heatmap_cells"
    assert spec["layer"][0]["encoding"]["opacity"]["condition"]["param"] == UNIT_PICK


def test_heatmap_tells_apart_units_with_the_same_name():
    results = make_results().assign(unit_name="Phường Mới")
    assert chart_heatmap(results).to_dict()["layer"][0]["encoding"]["y"]["sort"] == [
        "Phường Mới (bat-xat)",
        "Phường Mới (bac-ha)",
    ]


# --- group scores, contacts, published indices ----------------------------------------------------


def test_group_scores_one_panel_per_group_overall_first():
    spec = chart_group_scores(make_scores(), names=UNITS).to_dict()
    assert spec["facet"]["column"]["field"] == "panel"
    # the panels name the groups, a "|" where the header breaks the line
    assert spec["facet"]["column"]["sort"] == [
        "Chung", "I. Cải cách thủ tục hành|chính",
        "IV. Xây dựng và phát|triển Chính quyền điện|tử, Chính quyền số"]
    assert spec["facet"]["column"]["header"]["labelExpr"] == "split(datum.label, '|')"
    inner = spec["spec"]
    bar = inner["layer"][0]["encoding"]
    assert bar["x"]["scale"]["domain"] == [-5, 5]
    assert bar["y"]["sort"] == ["Bát Xát", "Bắc Hà"]
    assert bar["color"]["scale"] == charts.score_scale().to_dict()
    data = rows(spec)
    assert len(data) == 5  # the indicator rows and the missing score are left out
    assert {r["group"] for r in data} >= {"I. Cải cách thủ tục hành chính"}
    assert spec["title"]["text"] == "Điểm theo nhóm nhiệm vụ"


def test_score_scale_uses_status_colours():
    scale = charts.score_scale().to_dict()
    assert scale["type"] == "threshold"
    assert scale["range"][0] == theme.STATUS_COLOURS["deterioration"]
    assert scale["range"][-1] == theme.STATUS_COLOURS["target_achieved"]


def test_contacts_in_order_0_1_2_3plus():
    spec = chart_contacts(make_contacts()).to_dict()
    data = rows(spec)
    assert [r["contacts_key"] for r in data] == ["0", "1", "2", "3+"]
    bar = spec["layer"][0]["encoding"]
    assert bar["y"]["sort"] == ["Không phải liên hệ lại", "1 lần", "2 lần", "3 lần trở lên"]
    assert bar["x"]["field"] == "share" and bar["x"]["scale"]["domain"] == [0, 100]
    assert bar["color"]["scale"]["range"] == list(theme.CONTACT_COLOURS.values())
    assert spec["title"]["text"] == "Hồ sơ theo số lần người dân phải liên hệ"
    assert spec["title"]["subtitle"] == ["2024Q3", "Tổng số hồ sơ: 1.000"]


def test_contacts_of_several_units_are_rows():
    frame = pd.concat([make_contacts(), make_contacts().assign(unit_id="bac-ha")])
    spec = chart_contacts(frame, "en", names=UNITS).to_dict()
    assert spec["facet"]["row"]["sort"] == ["Bát Xát", "Bắc Hà"]


def test_published_indices_as_percent_of_maximum_with_sources():
    spec = chart_published_indices(make_published()).to_dict()
    data = rows(spec)
    assert [(r["index"], r["period"]) for r in data] == [
        ("PAPI", "2020"),
        ("PAR INDEX", "2019"),
        ("PAR INDEX", "2021"),
        ("SIPAS", "2024"),
    ]
    papi = data[0]
    assert papi["pct"] == pytest.approx(53.7)
    assert papi["rank"] == "27/63"
    assert papi["value_text"] == "42,96 / 80"
    assert data[-1]["components"] == "—"
    points = spec["layer"][1]["encoding"]
    assert points["href"]["field"] == "source"
    assert "source" in [t["field"] for t in points["tooltip"]]
    assert points["color"]["scale"]["domain"] == ["PAPI", "PAR INDEX", "SIPAS"]
    assert points["x"]["field"] == "date" and points["x"]["type"] == "temporal"
    assert spec["title"]["text"] == "Các chỉ số công bố của tỉnh Lào Cai"


def test_published_indices_on_a_time_axis_with_gaps():
    """2019, 2021, 2023-09, 2024 sit where they fall in time, and no line crosses a
    missing year: a fall from 11th to 26th must not read as a rise."""
    frame = pd.DataFrame({
        "index": ["PAR INDEX"] * 4, "scope": ["Lào Cai"] * 4,
        "period": ["2019", "2021", "2023-09", "2024"], "value": [82.85, 88.44, 80.0, 89.03],
        "max": [100] * 4, "rank": [15, 11, 20, 26], "of": [63] * 4,
    })
    spec = chart_published_indices(frame, "vi").to_dict()
    data = rows(spec)
    assert [r["date"] for r in data] == ["2019-07-01", "2021-07-01", "2023-09-15", "2024-07-01"]
    # 2019 | 2021 | 2023-09 → 2024 (ten months apart): three pieces of line
    assert len({r["segment"] for r in data}) == 3
    assert data[2]["segment"] == data[3]["segment"]
    assert spec["layer"][0]["encoding"]["detail"]["field"] == "segment"
    assert [r["period_text"] for r in data] == ["Năm 2019", "Năm 2021", "Tháng 9/2023",
                                                "Năm 2024"]
    assert "thời gian" in spec["description"]


def test_every_chart_has_a_description_in_its_language():
    assert chart_published_indices(make_published(), "en").to_dict()["description"].startswith(
        "The published indices")
    assert chart_group_scores(make_scores(), names=UNITS).to_dict()["description"].startswith(
        "Điểm chung")
    empty = chart_heatmap(make_results().iloc[0:0], "en")
    assert charts.is_no_data(empty)
    assert empty.to_dict()["description"] == "There is nothing to draw for this unit and period."


def test_published_indices_all_scopes():
    spec = chart_published_indices(make_published(), "en", scope=None).to_dict()
    assert len(rows(spec)) == 5
    assert spec["title"]["text"] == "Published indices for Lào Cai"


# --- empty input, languages, determinism, SVG ----------------------------------------------------


EMPTY_CALLS = {
    "status_summary": lambda lang: chart_status_summary(make_results().iloc[:0], lang),
    "bullet": lambda lang: chart_bullet(pd.DataFrame(), lang),
    "trend": lambda lang: chart_trend(make_series().iloc[:0], None, lang),
    "trends": lambda lang: chart_trends(make_series().iloc[:0], make_results().iloc[:0], lang),
    "ranking": lambda lang: chart_ranking(make_results().iloc[:0], lang),
    "heatmap": lambda lang: chart_heatmap(make_results().iloc[:0], lang),
    "group_scores": lambda lang: chart_group_scores(make_scores().iloc[:0], lang),
    "contacts": lambda lang: chart_contacts(make_contacts().iloc[:0], lang),
    "published_indices": lambda lang: chart_published_indices(make_published().iloc[:0], lang),
}

MISSING_CALLS = {
    "status_summary": lambda lang: chart_status_summary(
        make_results().assign(status="not_applicable"), lang
    ),
    "bullet": lambda lang: chart_bullet(make_results().assign(status="not_applicable"), lang),
    "trend": lambda lang: chart_trend(
        make_series().assign(value=NAN), make_results().iloc[1], lang
    ),
    "trends": lambda lang: chart_trends(make_series(), make_results(), lang, group="III"),
    "ranking": lambda lang: chart_ranking(
        make_results().assign(value=NAN), lang, measure_id="I.1.a"
    ),
    "heatmap": lambda lang: chart_heatmap(make_results().assign(status="not_applicable"), lang),
    "group_scores": lambda lang: chart_group_scores(make_scores().assign(score=NAN), lang),
    "contacts": lambda lang: chart_contacts(make_contacts().assign(share=NAN), lang),
    "published_indices": lambda lang: chart_published_indices(
        make_published().assign(value=NAN), lang
    ),
}


def assert_says_no_data(chart, lang: str) -> None:
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "text"
    assert rows(spec) == [{"text": label("ui.no_data", lang)}]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(EMPTY_CALLS))
def test_empty_input_gives_a_no_data_chart(name, lang):
    assert_says_no_data(EMPTY_CALLS[name](lang), lang)
    assert rows(EMPTY_CALLS[name](lang).to_dict())[0]["text"] in ("Không có dữ liệu", "No data")


@pytest.mark.parametrize("name", sorted(MISSING_CALLS))
def test_all_missing_input_gives_a_no_data_chart(name):
    assert_says_no_data(MISSING_CALLS[name]("vi"), "vi")


def test_no_data_keeps_the_title():
    spec = chart_bullet(pd.DataFrame(), "en").to_dict()
    assert spec["title"]["text"] == "Value against target"


@pytest.mark.parametrize("name", sorted(EMPTY_CALLS))
def test_unknown_language_is_a_parameter_error(name):
    with pytest.raises(ParameterError, match="parameter lang"):
        EMPTY_CALLS[name]("fr")


def test_missing_columns_are_named():
    with pytest.raises(ParameterError, match="missing columns: status"):
        chart_bullet(pd.DataFrame({"measure_id": ["I.1.a"], "value": [1.0], "target": [2.0]}))


def texts(spec: object) -> list[str]:
    """Every string in a spec (titles, labels, data)."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        return [t for value in spec.values() for t in texts(value)]
    if isinstance(spec, list):
        return [t for value in spec for t in texts(value)]
    return []


def test_english_charts_carry_no_vietnamese_interface_words():
    for name, chart in all_charts("en").items():
        words = " ".join(texts(chart.to_dict()))
        for vietnamese in ("Không có dữ liệu", "Tình trạng", "Giá trị", "Mục tiêu", "Đơn vị"):
            assert vietnamese not in words, (name, vietnamese)


def test_vietnamese_titles_keep_diacritics():
    titles = {name: chart.to_dict()["title"] for name, chart in all_charts("vi").items()}
    assert titles["heatmap"]["text"] == "Tình trạng theo đơn vị và chỉ số"
    assert titles["group_scores"]["text"] == "Điểm theo nhóm nhiệm vụ"
    assert titles["trends"]["text"] == "Diễn biến các chỉ số"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_charts_are_deterministic(lang):
    first = {name: chart.to_json() for name, chart in all_charts(lang).items()}
    again = {name: chart.to_json() for name, chart in all_charts(lang).items()}
    assert first == again
    for name, chart in all_charts(lang).items():
        assert chart.to_dict() == chart.to_dict(), name
        assert "altair-viz" not in first[name] and "param_" not in first[name]


def test_charts_are_values_not_displays():
    for chart in all_charts().values():
        assert isinstance(chart, alt.TopLevelMixin)
        json.loads(chart.to_json())


@pytest.mark.parametrize("name", sorted(all_charts()))
def test_chart_converts_to_svg_offline_identically(name):
    spec = all_charts("vi")[name].to_json()
    svg = vlc.vegalite_to_svg(spec)
    assert svg.startswith("<svg") and "</svg>" in svg
    assert vlc.vegalite_to_svg(spec) == svg
    assert "http" not in svg.split(">", 1)[0].replace("http://www.w3.org", "")


def test_no_data_chart_converts_to_svg():
    svg = vlc.vegalite_to_svg(chart_bullet(pd.DataFrame(), "vi").to_json())
    assert "Không có dữ liệu" in svg


def _every_chart(ev) -> list:
    results = ev.results
    first = results["unit_id"].iloc[0]
    one = results[results["unit_id"] == first]
    districts = results[results["level"] == "district"]
    names = dict(zip(results["unit_id"], results["unit_name"], strict=True))
    applicable = one[one["status"] != "not_applicable"]
    row = applicable.iloc[0]
    series = ev.series[
        (ev.series["unit_id"] == first) & (ev.series["measure_id"] == row["measure_id"])
    ]
    district_ids = list(dict.fromkeys(districts["unit_id"]))
    scores = ev.scores[ev.scores["unit_id"].isin(district_ids)]
    made = [
        chart_status_summary(one),
        chart_bullet(one),
        chart_trend(series, row),
        chart_trends(ev.series[ev.series["unit_id"] == first], one, group="I"),
        chart_ranking(districts, highlight=district_ids[0], measure_id="I.4.c"),
        chart_ranking(scores, highlight=district_ids[0], names=names),
        chart_heatmap(districts),
        chart_group_scores(scores, names=names),
        chart_contacts(ev.contacts[ev.contacts["unit_id"] == first]),
        chart_published_indices(pd.read_csv(paths.PUBLISHED_INDICES_FILE)),
    ]
    return made


def test_every_view_charts_a_real_evaluation(evaluation_2024q3):
    for chart in _every_chart(evaluation_2024q3):
        assert vlc.vegalite_to_svg(chart.to_json()).startswith("<svg")


def test_charts_never_take_altairs_slow_lookup(evaluation_2024q3, monkeypatch):
    """A shorthand string or ``alt.value`` dict given to ``encode`` makes Altair look its
    channel class up by hashing the JSON of ~600 schema classes (~5 ms each time, most of
    a workbook's chart time before): every chart passes channel objects instead, and is
    turned into its spec (what a notebook stores) without that lookup either."""
    from altair.utils import schemapi

    def refuse(self, *args, **kwargs):
        raise AssertionError("altair's _FromDict lookup was used")

    monkeypatch.setattr(schemapi._FromDict, "__init__", refuse)
    for chart in _every_chart(evaluation_2024q3):
        assert render.chart_spec(chart)["$schema"].startswith("https://vega.github.io/")



def test_heatmap_gives_counts_and_marks_few_records():
    """1/1 = 100 must not look as solid as 700/700: counts in the tooltip, a * in the cell
    when the denominator is below the catalogue's small_sample (10), said in the subtitle."""
    frame = make_results().iloc[[1, 6]].assign(numerator=[1, 700], denominator=[1, 700],
                                                  value=[100.0, 100.0])
    spec = chart_heatmap(frame, "en").to_dict()
    data = rows(spec)
    assert [r["cell_text"] for r in data] == ["100.0*", "100.0"]
    assert [r["counts_text"] for r in data] == ["1 / 1", "700 / 700"]
    tooltip = spec["layer"][0]["encoding"]["tooltip"]
    assert {"measure", "counts_text"} <= {t["field"] for t in tooltip}
    assert spec["title"]["subtitle"].endswith("* fewer than 10 records")
    assert spec["usermeta"] == {"cchc": {"landscape": True}}
    assert "fewer than 10 records" in spec["description"]


def test_layers_built_without_altairs_copies_give_altairs_spec():
    frame = pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    bars = alt.Chart().mark_bar().encode(x=alt.X("x:Q"), y=alt.Y("y:N"))
    text = alt.Chart().mark_text().encode(x=alt.X("x:Q"), y=alt.Y("y:N"), text=alt.Text("x:Q"))
    ours = charts._layer(bars, text, data=frame, title="T", width=100)
    assert ours.to_dict() == alt.layer(bars, text, data=frame, title="T", width=100).to_dict()
    # a layer with a selection, its own data or size: Altair's constructor merges them
    pick = alt.selection_point(fields=["y"], name="pick")
    for odd in (bars.add_params(pick), bars.properties(data=frame), bars.properties(width=50)):
        assert (charts._layer(odd, text, data=frame).to_dict()
                == alt.layer(odd, text, data=frame).to_dict())


def test_inline_values_are_altairs_own():
    from altair.utils.data import to_values

    frame = pd.DataFrame({
        "f": [1.5, float("nan"), float("inf"), -0.0],
        "i": [1, 2, 3, 4],
        "b": [True, False, True, False],
        "o": ["x", None, float("nan"), pd.NA],
        "n": pd.Series([np.int64(3), np.float64(2.5), np.float64("nan"), "Lào Cai"],
                       dtype=object),
    })
    assert charts._inline(frame) == to_values(frame)
    assert charts._inline(frame.iloc[0:0]) == to_values(frame.iloc[0:0])
    dated = frame.assign(d=pd.Timestamp("2025-07-01"))
    assert charts._inline(dated) is dated  # left to Altair


def _altairs(chart: alt.TopLevelMixin) -> str:
    return json.dumps(chart.to_dict(validate=False))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chart_spec_is_altairs_to_dict_key_for_key(lang, evaluation_2024q3):
    """render.chart_spec skips Altair's cost per node; what a notebook stores must stay
    Altair's spec, in Altair's key order (the pages are compared byte for byte)."""
    made = [*all_charts(lang).values(), *_every_chart(evaluation_2024q3)]
    for chart in made:
        assert json.dumps(render.chart_spec(chart)) == _altairs(chart)


def test_chart_spec_leaves_what_it_does_not_know_to_altair():
    frame = pd.DataFrame({"x": [1, 2], "y": ["a", "b"], "d": pd.to_datetime(["2025-07-01"] * 2)})
    pick = alt.selection_point(fields=["y"], name="pick")
    base = alt.Chart(frame).mark_bar()
    odd = [
        base.encode(x="x:Q", y="y"),  # shorthand strings, a type inferred from the data
        base.encode(x=alt.X("x:Q"), color=alt.condition(pick, alt.value("red"),
                                                         alt.value("grey"))).add_params(pick),
        base.encode(x=alt.X(field="x", type="quantitative"),
                    opacity=alt.when(pick).then(alt.value(1)).otherwise(alt.value(0.3))
                    ).add_params(pick),
        base.encode(x=alt.X("d:T"), y=alt.Y("x:Q")).transform_filter(alt.datum.x > 1),
        alt.hconcat(base.encode(x=alt.X("x:Q")), base.encode(y=alt.Y("y:N"))),
        base.encode(x=alt.X("x:Q")).facet(row=alt.Row("y:N")),
        alt.layer(base, alt.Chart().mark_rule().encode(y=alt.datum(1))),
        alt.Chart(frame.assign(n=np.int64(3))).mark_point().encode(
            x=alt.X("n:Q"), tooltip=[alt.Tooltip("x:Q"), alt.Tooltip("y:N")]),
        base.properties(usermeta={"left out": alt.Undefined, "kept": (1, np.float64(2.5))}),
    ]
    for chart in odd:
        assert json.dumps(render.chart_spec(chart)) == _altairs(chart)

    class Own(alt.Chart):
        def to_dict(self, *args, **kwargs):
            return {"own": True}

    assert render.chart_spec(Own(frame).mark_bar()) == {"own": True}
