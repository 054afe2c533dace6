"""Vietnamese and English labels: complete, NFC, and strict about languages."""

from __future__ import annotations

import math
import re
import unicodedata

import pytest
from cchc import paths
from cchc.errors import ParameterError
from cchc.present import labels
from cchc.present.labels import (
    LANGS,
    format_number,
    group_name,
    indicator_name,
    label,
    label_keys,
    measure_label,
    measure_name,
    measure_sort_key,
    short_measure_name,
    status_label,
)
from cchc.spec.catalogue import UNIT_LEVELS, load_catalogue
from cchc.spec.statuses import STATUS_ORDER

CATALOGUE = load_catalogue()


@pytest.mark.parametrize("key", label_keys())
def test_every_key_has_both_languages_in_nfc(key):
    vi, en = (label(key, lang) for lang in LANGS)
    assert vi.strip() == vi and vi
    assert en.strip() == en and en
    assert unicodedata.normalize("NFC", vi) == vi
    assert unicodedata.normalize("NFC", en) == en


def test_default_language_is_vietnamese():
    assert LANGS == ("vi", "en")
    assert label("ui.no_data") == "Không có dữ liệu"
    assert label("ui.no_data", "en") == "No data"


@pytest.mark.parametrize("bad", ["fr", "VI", "", "vi-VN"])
def test_unknown_language_is_a_parameter_error_naming_lang(bad):
    with pytest.raises(ParameterError, match="parameter lang"):
        label("ui.no_data", bad)
    with pytest.raises(ParameterError, match="parameter lang"):
        status_label("target_achieved", bad)
    with pytest.raises(ParameterError, match="parameter lang"):
        format_number(1.0, bad)


def test_unknown_key_is_a_parameter_error_not_a_key_error():
    with pytest.raises(ParameterError, match="parameter key"):
        label("col.nonsense", "vi")


@pytest.mark.parametrize(
    ("status", "vi", "en"),
    [
        ("target_achieved", "Đã đạt mục tiêu", "Target achieved"),
        ("substantial_progress", "Tiến bộ đáng kể (đúng hướng)", "Substantial progress (on track)"),
        (
            "moderate_progress",
            "Tiến bộ vừa phải (cần tăng tốc)",
            "Moderate progress (acceleration needed)",
        ),
        ("limited_progress", "Tiến bộ hạn chế", "Limited progress"),
        ("deterioration", "Đi xuống", "Deterioration"),
        ("not_available", "Chưa đủ dữ liệu để đánh giá", "Insufficient data to assess"),
        ("no_data", "Không có dữ liệu", "No data"),
        ("not_applicable", "Không áp dụng", "Not applicable"),
    ],
)
def test_status_labels(status, vi, en):
    assert status_label(status, "vi") == vi
    assert status_label(status, "en") == en


def test_every_status_has_a_label_and_labels_are_distinct():
    for lang in LANGS:
        names = [status_label(s, lang) for s in STATUS_ORDER]
        assert len(set(names)) == len(STATUS_ORDER)


def test_unknown_status_is_a_parameter_error():
    with pytest.raises(ParameterError, match="parameter status"):
        status_label("on_track")


def test_levels_have_labels():
    for lang in LANGS:
        assert len({labels.level_label(level, lang) for level in UNIT_LEVELS}) == 4
    assert labels.level_label("commune") == "Cấp xã"


def test_synthetic_banner():
    assert label("ui.synthetic_banner") == (
        "Dữ liệu tổng hợp (giả lập) — không phải số liệu chính thức"
    )
    assert label("ui.synthetic_banner", "en") == "Synthetic data — not official figures"


def test_names_come_from_the_catalogue():
    assert measure_name(CATALOGUE, "I.4.c", "vi") == "Hồ sơ nộp và giải quyết trực tuyến"
    assert measure_name(None, "I.4.c", "en") == "Dossiers submitted and processed online"
    assert group_name(CATALOGUE, "I", "vi") == "Cải cách thủ tục hành chính"
    assert group_name(CATALOGUE, "IV", "en") == "E-government and digital government"
    assert indicator_name(CATALOGUE, "IV.8", "en") == "Real-time task-tracking subsystem"


def test_unknown_names_are_parameter_errors():
    with pytest.raises(ParameterError, match="parameter group"):
        group_name(CATALOGUE, "V")
    with pytest.raises(ParameterError, match="parameter measure"):
        measure_name(CATALOGUE, "I.9.z")


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_measure_has_a_short_nfc_name(lang):
    for measure in CATALOGUE.measures:
        short = short_measure_name(measure.id, lang)
        assert short and len(short) <= 40
        assert unicodedata.normalize("NFC", short) == short
        assert measure_label(measure.id, lang) == f"{measure.id} — {short}"


def test_curated_short_names_cover_exactly_the_catalogue():
    curated = {key.removeprefix("short.") for key in label_keys() if key.startswith("short.")}
    assert curated == set(CATALOGUE.measure_ids)


def test_catalogue_names_are_nfc():
    for record in (*CATALOGUE.groups, *CATALOGUE.indicators, *CATALOGUE.measures):
        assert unicodedata.normalize("NFC", record.name_vi) == record.name_vi


def test_measure_sort_key_follows_the_catalogue():
    ids = list(CATALOGUE.measure_ids)
    assert sorted(reversed(ids), key=measure_sort_key) == ids


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (82.85, "vi", 1, "82,9"),  # half up, as a reader rounds: not the float's 82.8499…
        (0.125, "en", 2, "0.13"),
        (82.85001, "en", 1, "82.9"),
        (1234.5, "vi", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (12345, "vi", 0, "12.345"),
        (-2.5, "vi", 1, "−2,5"),
        (-0.01, "en", 1, "0.0"),
        (100, "en", 2, "100.00"),
        (math.nan, "vi", 1, "—"),
        (None, "en", 1, "—"),
        ("n/a", "en", 1, "—"),
    ],
)
def test_format_number(value, lang, decimals, expected):
    assert format_number(value, lang, decimals) == expected


def test_vietnamese_labels_keep_their_diacritics():
    assert label("title.heatmap") == "Tình trạng theo đơn vị và chỉ số"
    assert "ố" in label("title.status_summary")



def test_every_literal_key_the_package_asks_for_exists():
    """Other modules call ``label("ui.…")``: a key missing here would fail at run time."""
    package = paths.PACKAGE_DIR
    pattern = re.compile(
        r"""label\(\s*["']((?:status|level|col|title|axis|series|contacts|ui)\.[\w+]+)["']"""
    )
    asked = {
        key
        for file in sorted(package.rglob("*.py"))
        for key in pattern.findall(file.read_text(encoding="utf-8"))
    }
    assert asked, "the pattern found no label calls"
    assert sorted(asked - set(label_keys())) == []


def test_every_status_basis_and_met_has_words_in_both_languages() -> None:
    from cchc.present.labels import basis_label, met_label
    from cchc.spec.statuses import STATUS_BASES

    for basis in STATUS_BASES:
        vi, en = basis_label(basis, "vi"), basis_label(basis, "en")
        assert vi and en and vi != en and unicodedata.is_normalized("NFC", vi)
    assert basis_label("single_year") == "Một năm số liệu: đạt mục tiêu nếu năm đó đã đạt"
    assert [met_label(v, "vi") for v in (True, False, None)] == ["Đạt", "Chưa đạt",
                                                                  "Không xác định"]
    with pytest.raises(ParameterError):
        basis_label("trend_2019")
