"""What notebook cells show about time: the tree of the period, lineage, the programme."""

from __future__ import annotations

from pathlib import Path

from cchc.present import views


def test_an_old_unit_says_into_which_unit_it_merged_and_when(sample_dir: Path) -> None:
    wb = views.open_workbook("phuong-coc-leu", "2025Q2", sample_dir, "en")
    title = views.show_title(wb).data
    assert ("This unit ended on 30 June 2025; from 1 July 2025 Phường Lào Cai took it over "
            "(its figures count for Phường Lào Cai).") in title


def test_a_new_unit_lists_its_predecessors(sample_dir: Path) -> None:
    wb = views.open_workbook("xa-tran-yen-2025", "2026Q3", sample_dir, "vi")
    title = views.show_title(wb).data
    assert ("Đơn vị hình thành ngày 01/07/2025 từ: Thị trấn Cổ Phúc, Xã Tân Đồng, Xã Báo Đáp"
            in title)
    assert "Chương trình 2021-2025 đã kết thúc năm 2025; năm 2026 chưa có mục tiêu riêng" in title


def test_the_overview_follows_the_tree_of_its_period(sample_dir: Path) -> None:
    before = views.open_overview("2024Q4", sample_dir, "en")
    assert before.provinces == ["lao-cai", "yen-bai"]
    assert "<h1>Tỉnh Lào Cai · Tỉnh Yên Bái</h1>" in views.show_title(before).data
    compared = views.overview_units(before)
    assert {"bat-xat", "tp-yen-bai", "so-noi-vu", "yb-so-noi-vu"} <= set(compared)
    assert views.show_headline(before).data.count("<h3>") == 2
    after = views.open_overview("2025", sample_dir, "en")
    assert after.provinces == ["lao-cai-2025"]
    assert "Closing assessment of the 2021-2025 programme" in views.show_title(after).data
    assert all(u.endswith("-2025") for u in views.overview_units(after))


def test_the_overview_opens_with_every_indicator(sample_dir: Path) -> None:
    wb = views.open_overview("2025", sample_dir, "en")
    html = views.show_indicators(wb).data
    assert "The province&#x27;s result for each of the 19 indicators" in html
    assert html.count("<tr>") == 19  # one row per indicator (the header row has a style)
    assert "I.1. Electronic internal transfer of dossiers" in html


def test_published_indices_read_in_the_page_language(sample_dir: Path) -> None:
    """The published rows' words (index, scope, components) follow the page: Vietnamese
    from the file's *_vi columns, English as published."""
    vi = views.open_overview("2026Q3", sample_dir, "vi")
    en = views.open_overview("2026Q3", sample_dir, "en")
    page_vi = views.show_published_indices(vi).data
    page_en = views.show_published_indices(en).data
    assert "tăng 3 bậc" in page_vi and "up 3 places" not in page_vi
    assert "Bát Xát (huyện)" in page_vi and "(district)" not in page_vi
    assert "up 3 places" in page_en and "tăng 3 bậc" not in page_en
    chart = views.chart_published_indices(vi).to_dict()
    words = str(chart)
    assert "Chỉ số CCHC (PAR INDEX)" in words and "Decision 766 service index" not in words


def test_a_new_units_card_says_it_is_new_not_that_nothing_came_before(sample_dir: Path) -> None:
    wb = views.open_workbook("xa-tran-yen-2025", "2025Q3", sample_dir, "en")
    cards = views.show_cards(wb).data
    assert "a new unit since 2025-07-01" in cards
    assert "the previous period is its predecessors&#x27;" in cards
    assert "no previous period" not in cards
    vi = views.show_cards(views.open_workbook("xa-tran-yen-2025", "2025Q3", sample_dir,
                                              "vi")).data
    assert "đơn vị mới từ 01/07/2025" in vi


def test_a_workbook_reads_its_index_once(sample_dir: Path, monkeypatch) -> None:
    """The index's cells of one workbook show one state of the data, read once (its
    cache key hashes the data's files and the params: seven lookups a workbook before)."""
    wb = views.open_workbook("bat-xat", "2024Q4", sample_dir, "en")
    heading = views.show_index_heading(wb).data
    assert "766" in heading or "index-766" in heading

    def read_again(*args, **kwargs):
        raise AssertionError("the index was read again")

    monkeypatch.setattr(views, "load_index_evaluation", read_again)
    assert views.open_index(wb) is views.open_index(wb)
    assert views.show_index_ranking(wb).data
    assert "766" not in views.open_workbook("bat-xat", "2024Q4", sample_dir, "en").indices
