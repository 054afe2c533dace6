"""Display tables: localised headers, one decimal, "—" for missing, deterministic HTML."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from cchc import paths
from cchc.errors import ParameterError
from cchc.present.tables import (
    table_headline,
    table_measures,
    table_published_indices,
    to_html,
    trend_arrow,
)
from cchc.spec.catalogue import load_catalogue
from pandas.testing import assert_frame_equal

NAN = math.nan
CATALOGUE = load_catalogue()


def make_results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": "bat-xat",
            "period": "2024Q3",
            "measure_id": ["IV.5.a", "I.4.c", "II.1.a", "I.1.a"],
            "value": [NAN, 30.04, NAN, 85.25],
            "target": [80.0, 50.0, NAN, 80.0],
            "gap": [NAN, 19.96, NAN, 0.0],
            "status": ["no_data", "deterioration", "not_applicable", "target_achieved"],
            "group_id": ["IV", "I", "II", "I"],
            "ratio": [NAN, -0.3, NAN, 1.2],
            "projection": [NAN, 20.0, NAN, 95.06],
            "projection_meets_target": pd.array([None, False, None, True], dtype="boolean"),
        }
    )


def make_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": "bat-xat",
            "period": "2024Q3",
            "kind": ["overall", "group", "group", "indicator"],
            "id": ["all", "IV", "I", "I.1"],
            "score": [0.5, NAN, 0.54, 5.0],
            "achieved": [False, False, False, True],
            "measures": [3, 1, 2, 1],
        }
    )


def test_table_measures_in_vietnamese():
    results = make_results()
    results = results.assign(met=results["value"].notna() & (results["gap"] == 0),
                             status_basis="trend_to_period")
    table = table_measures(results, CATALOGUE, "vi")
    expected = pd.DataFrame(
        {
            "Mã": ["I.1.a", "I.4.c", "IV.5.a"],
            "Tên": [
                "Hồ sơ TTHC luân chuyển nội bộ bằng phương thức điện tử",
                "Hồ sơ nộp và giải quyết trực tuyến",
                "Cuộc họp của UBND thực hiện qua Hệ thống thông tin phục vụ họp",
            ],
            "Giá trị (%)": ["85,3", "30,0", "—"],
            "Mục tiêu năm (%)": ["80,0", "50,0", "80,0"],
            "Còn thiếu (điểm %)": ["0,0", "20,0", "—"],
            "Kỳ này": ["Đạt", "Chưa đạt", "—"],
            "Xu hướng 2021 → nay": ["Đã đạt mục tiêu", "Đi xuống", "Không có dữ liệu"],
            "Tỷ số tiến độ": ["↑ 1,20", "↓ −0,30", "—"],
            "Dự báo 2025 (%)": ["95,1", "20,0", "—"],
            "Dự báo đạt mục tiêu": ["Có", "Không", "—"],
        },
        dtype=object,
    )
    assert_frame_equal(table, expected)


def test_table_measures_in_english_for_one_group():
    table = table_measures(make_results(), None, "en", group="I")
    assert table.columns.tolist() == [
        "Id",
        "Name",
        "Value (%)",
        "Target this year (%)",
        "Gap (points)",
        "This period",
        "Trend 2021 → now",
        "Progress ratio",
        "Projection 2025 (%)",
        "Projected to meet target",
    ]
    assert table["Id"].tolist() == ["I.1.a", "I.4.c"]
    assert table["Value (%)"].tolist() == ["85.3", "30.0"]
    assert table["Trend 2021 → now"].tolist() == ["Target achieved", "Deterioration"]


def test_table_measures_flags_a_trend_kept_without_a_value():
    results = make_results().assign(value=[NAN, 30.0, NAN, NAN],
                                    met=[None, False, None, None],
                                    status_basis=["none", "trend_to_period", "none",
                                                  "trend_no_period_value"])
    table = table_measures(results, CATALOGUE, "en")
    assert table["This period"].tolist() == ["—", "Not met", "—"]
    assert table["Trend 2021 → now"].tolist()[0] == "Target achieved (no value this period)"


def test_table_measures_drops_not_applicable():
    table = table_measures(make_results(), CATALOGUE, "en")
    assert "II.1.a" not in table["Id"].tolist()
    assert table_measures(make_results(), CATALOGUE, "en", group="II").empty


def test_table_measures_of_nothing_keeps_its_headers():
    table = table_measures(make_results().iloc[:0], CATALOGUE, "vi")
    assert table.empty and table.columns[0] == "Mã"
    assert table_measures(pd.DataFrame(), CATALOGUE, "en").columns[0] == "Id"


def test_table_measures_is_for_one_unit():
    two = pd.concat([make_results(), make_results().assign(unit_id="bac-ha")])
    with pytest.raises(ParameterError, match="parameter results_unit"):
        table_measures(two, CATALOGUE, "vi")


def test_table_measures_rejects_an_unknown_language():
    with pytest.raises(ParameterError, match="parameter lang"):
        table_measures(make_results(), CATALOGUE, "de")


@pytest.mark.parametrize(
    ("ratio", "status", "expected"),
    [
        (1.5, "target_achieved", "↑ 1.50"),
        (0.95, "substantial_progress", "↑ 0.95"),
        (0.94, "moderate_progress", "→ 0.94"),
        (0.0, "limited_progress", "→ 0.00"),
        (-0.01, "deterioration", "↓ −0.01"),
        (None, "deterioration", "↓"),
        (NAN, "target_achieved", "—"),
        (NAN, "not_available", "—"),
        (0.5, "no_data", "—"),
    ],
)
def test_trend_arrow(ratio, status, expected):
    assert trend_arrow(ratio, status, "en") == expected


def test_table_headline_counts_statuses_and_lists_scores():
    table = table_headline(make_results(), make_scores(), "en", CATALOGUE)
    expected = pd.DataFrame(
        {
            "Section": ["Measures by status"] * 8 + ["Scores (−5 … 5)"] * 3,
            "Item": [
                "Applicable measures",
                "Target achieved",
                "Substantial progress (on track)",
                "Moderate progress (acceleration needed)",
                "Limited progress",
                "Deterioration",
                "Insufficient data to assess",
                "No data",
                "Overall score",
                "Group I. Administrative procedure reform",
                "Group IV. E-government and digital government",
            ],
            "Figure": ["3", "1", "0", "0", "0", "1", "0", "1", "0.5", "0.5", "—"],
        },
        dtype=object,
    )
    assert_frame_equal(table, expected)


def test_table_headline_in_vietnamese_and_without_scores():
    table = table_headline(make_results(), None, "vi")
    assert table.columns.tolist() == ["Phần", "Nội dung", "Số liệu"]
    assert table["Nội dung"].tolist()[:2] == ["Chỉ số áp dụng", "Đã đạt mục tiêu"]
    assert len(table) == 8
    assert table_headline(pd.DataFrame(), pd.DataFrame(), "vi").empty


def make_published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "index": ["SIPAS", "PAR INDEX", "PAPI", "PAR INDEX"],
            "scope": "Lào Cai",
            "period": ["2024", "2021", "2020", "2019"],
            "value": [84.92, 88.44, 42.96, 82.85],
            "max": [100, 100, 80, 100],
            "rank": [19, 11, 27, NAN],
            "of": [63, 63, 63, 63],
            "components": ["down 13 places", "up 3 places", NAN, "appraisal 52.90"],
            "source": [
                "https://a.example/s",
                "https://a.example/p21",
                "https://a.example/papi",
                "https://a.example/p19",
            ],
        }
    )


def test_table_published_indices():
    table = table_published_indices(make_published(), "vi")
    expected = pd.DataFrame(
        {
            "Chỉ số": ["PAPI", "PAR INDEX", "PAR INDEX", "SIPAS"],
            "Phạm vi": ["Lào Cai"] * 4,
            "Kỳ": ["2020", "2019", "2021", "2024"],
            "Điểm công bố": ["42,96", "82,85", "88,44", "84,92"],
            "Điểm tối đa": ["80", "100", "100", "100"],
            "% điểm tối đa": ["53,7", "82,9", "88,4", "84,9"],
            "Xếp hạng": ["27/63", "—", "11/63", "19/63"],
            "Thành phần": ["—", "appraisal 52.90", "up 3 places", "down 13 places"],
            "Nguồn": [
                "https://a.example/papi",
                "https://a.example/p19",
                "https://a.example/p21",
                "https://a.example/s",
            ],
        },
        dtype=object,
    )
    assert_frame_equal(table, expected)


def test_table_published_indices_in_english_and_empty():
    table = table_published_indices(make_published(), "en")
    assert table.columns.tolist() == [
        "Index",
        "Scope",
        "Period",
        "Published value",
        "Maximum",
        "% of maximum",
        "Rank",
        "Components",
        "Source",
    ]
    assert table_published_indices(pd.DataFrame(), "en").columns[-1] == "Source"


def test_to_html_is_deterministic_escaped_and_without_index():
    frame = pd.DataFrame({"Tên": ["<script>x</script>", "Bắc Hà"], "Số": ["1,0", "—"]})
    html = to_html(frame)
    assert html == to_html(frame.copy())
    assert html.startswith('<table class="dataframe cchc-table">')
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "Bắc Hà" in html
    assert " id=" not in html
    assert "<th>0</th>" not in html  # no index column
    assert html.count("<tr") == 3


def test_to_html_of_a_real_table():
    html = to_html(table_measures(make_results(), CATALOGUE, "vi"))
    assert "<th>Kỳ này</th>" in html and "<th>Xu hướng 2021 → nay</th>" in html
    assert "Đã đạt mục tiêu" in html



def test_tables_of_a_real_evaluation(evaluation_2024q3):
    ev = evaluation_2024q3
    first = ev.results["unit_id"].iloc[0]
    one = ev.results[ev.results["unit_id"] == first]
    measures = table_measures(one, CATALOGUE, "vi")
    assert len(measures) == (one["status"] != "not_applicable").sum()
    assert len(table_measures(one, CATALOGUE, "en", group="IV")) <= 8
    headline = table_headline(one, ev.scores[ev.scores["unit_id"] == first], "vi", CATALOGUE)
    assert headline.iloc[0, 2] == str(len(measures))
    published = table_published_indices(pd.read_csv(paths.PUBLISHED_INDICES_FILE), "en")
    assert published["Source"].str.startswith("http").all()
    assert to_html(measures) == to_html(table_measures(one, CATALOGUE, "vi"))
